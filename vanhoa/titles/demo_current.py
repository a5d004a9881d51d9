"""The demo's current year (the year of today's date, vanhoa.core.clock): phường Đoàn Kết's "Gia đình văn hóa"
cycle as far as a real ward would have taken it by today. From 20/02 households register (all of them by 16/03);
in October each group holds its review meeting; the list is posted for 10 days, the dossiers are sent up, the
ward's chairman signs the decision on 13/11 and the list is published on 17/11. In March a newcomer sees
registrations under way, in December the reviews done and the decision issued. Every step after registration goes
through the services (audited).
"""

from __future__ import annotations

import random
from datetime import date, time, timedelta

from vanhoa.core import audit, clock
from vanhoa.core.text import format_number
from vanhoa.demo.context import DemoContext
from vanhoa.demo.names import household_head
from vanhoa.titles import facts, services
from vanhoa.titles.choices import State
from vanhoa.titles.models import Candidacy, Proposal, TitleType, subject_sort_key
from vanhoa.units.models import Unit
from vanhoa.units.tree import get_graph

FIRST_YEAR = 2025  # 2024 is the demo's first cycle under NĐ 86/2023 (titles.demo); the years after it follow the clock
CHAIRMAN = "Nguyễn Văn An"  # synthetic: Chủ tịch UBND phường (demo)


def schedule(year: int) -> dict[str, date]:
    """The dates of the year's steps (meetings: one group a day from 06/10)."""
    return {
        "registration": date(year, 2, 20),
        "meetings": date(year, 10, 6),
        "decision": date(year, 11, 13),
    }


def load_current_year(ctx: DemoContext) -> None:
    today = clock.today()
    year = today.year
    if year < FIRST_YEAR or ctx.ward is None or not ctx.groups:
        return
    gdvh = TitleType.objects.get(code="gdvh")
    if Candidacy.objects.filter(title_type=gdvh, year=year, ward=ctx.ward).exists():
        return
    graph = get_graph()
    groups = [g for g in ctx.groups if graph.nodes[g.pk].active_on(today)]
    rng = random.Random(year)
    when = schedule(year)
    registered = _register(ctx, gdvh, groups, year, today, rng)
    if not registered or today < when["meetings"]:
        ctx.say(f"Danh hiệu năm {year}: {registered} hộ đã đăng ký (đến {today:%d/%m/%Y}).")
        return
    proposals = []
    for i, group in enumerate(groups):
        held_on = when["meetings"] + timedelta(days=i)
        if held_on > today:
            break
        proposal = _review_and_propose(ctx, gdvh, group, year, held_on, today, rng)
        if proposal is not None:
            proposals.append(proposal)
    signed_on = when["decision"]
    if len(proposals) == len(groups) and signed_on <= today and all(p.submitted_on <= signed_on for p in proposals):
        decision = services.issue_decision(
            actor=ctx.actor,
            title=gdvh,
            year=year,
            ward=ctx.ward,
            number=f"{100 + year % 100}",
            signed_on=signed_on,
            signer_name=CHAIRMAN,
        )
        published_on = signed_on + timedelta(days=4)  # the list goes on the notice board within the 15 days
        if decision.rule_set is not None and decision.rule_set.publish_days and published_on <= today:
            services.publish_list(decision, actor=ctx.actor, on=published_on, place="Bảng tin Ủy ban nhân dân phường")
    _group_title(ctx, groups, year, today)
    ctx.say(
        f"Danh hiệu năm {year}: {format_number(registered)} hộ đăng ký; {len(proposals)} tổ đã gửi hồ sơ đề nghị "
        f"(đến {today:%d/%m/%Y})."
    )


def _register(ctx: DemoContext, gdvh: TitleType, groups: list[Unit], year: int, today: date, rng: random.Random) -> int:
    """Every resident household registers between 20/02 and 16/03 (written in bulk, one audit entry); those whose
    day has not come yet have not registered."""
    start = schedule(year)["registration"]
    rows = []
    for group in groups:
        day = min(today, start + timedelta(days=25))
        if day < start:
            continue
        rs = services.rule_set_for_year(gdvh, group, year, day)
        for h in facts.residents([group.pk], day).order_by("code"):
            registered_on = start + timedelta(days=rng.randint(0, 25))
            if registered_on > today:
                continue
            rows.append(
                Candidacy(
                    title_type=gdvh,
                    rule_set=rs,
                    year=year,
                    subject_kind="household",
                    subject_key=f"household:{h.pk}",
                    subject_name=h.head_name,
                    subject_address=h.address,
                    household=h,
                    unit=group,
                    review_unit=group,
                    ward=ctx.ward,
                    state=State.REGISTERED,
                    state_on=registered_on,
                    registered_on=registered_on,
                    sort_key=subject_sort_key("household", h.head_name),
                )
            )
    Candidacy.objects.bulk_create(rows, batch_size=1000)
    if rows:
        audit.record(
            ctx.actor, "titles.demo.seeded", ctx.ward, unit=ctx.ward, extra={"year": year, "registered": len(rows)}
        )
    return len(rows)


def _review_and_propose(
    ctx: DemoContext, gdvh: TitleType, group: Unit, year: int, held_on: date, today: date, rng: random.Random
) -> Proposal | None:
    """The group's meeting (one or two households fail), the public notice when the rules have one, the dossier."""
    cands = list(Candidacy.objects.filter(year=year, review_unit=group, title_type=gdvh).order_by("pk"))
    if not cands:
        return None
    failing = rng.sample(cands, max(0, min(2, len(cands) - 1)))
    reasons = [
        {"criteria_met": False, "exclusion_code": "d"},
        {"criteria_met": False, "failed_criteria": ["II"], "reason_text": "Chưa tham gia sinh hoạt cộng đồng"},
    ]
    invited = 45
    services.record_review_meeting(
        actor=ctx.actor,
        title=gdvh,
        year=year,
        unit=group,
        held_on=held_on,
        place=f"Nhà văn hóa {group.name}",
        chair=household_head(rng),
        chair_position="Tổ trưởng tổ dân phố",
        secretary=household_head(rng),
        invited=invited,
        present=invited - rng.randint(4, 10),
        voting_method="show_of_hands",
        start_time=time(19, 30),
        end_time=time(21, 0),
        results=dict(zip(failing, reasons, strict=False)),
    )
    send_on = held_on + timedelta(days=2)
    if cands[0].rule_set.public_notice_days:
        opened_on = held_on + timedelta(days=1)
        if opened_on > today:
            return None
        notice = services.open_public_notice(
            actor=ctx.actor, title=gdvh, year=year, unit=group, opened_on=opened_on, place=f"Nhà văn hóa {group.name}"
        )
        if notice.ends_on + timedelta(days=1) > today:
            return None
        services.close_public_notice(notice, actor=ctx.actor, on=notice.ends_on + timedelta(days=1))
        send_on = notice.ends_on + timedelta(days=2)
    if send_on > today:
        return None
    return services.submit_proposal(
        actor=ctx.actor, title=gdvh, year=year, unit=group, on=send_on, number=f"{group.order:02d}/ĐN-TDP"
    )


def _group_title(ctx: DemoContext, groups: list[Unit], year: int, today: date) -> None:
    """The groups' title under NĐ 86/2023 Điều 8 khoản 2 (decided by the ward's chairman from 01/07/2025): the groups
    register on 01/03; on 20/11 the ward's Hội đồng Thi đua - Khen thưởng reviews them (one group falls short), the
    list is on the ward's website 21/11–30/11, the Tờ trình goes on 02/12 and the decision is signed on 04/12."""
    tdpvh = TitleType.objects.get(code="tdpvh")
    if Candidacy.objects.filter(title_type=tdpvh, year=year, ward=ctx.ward).exists() or today < date(year, 3, 1):
        return
    services.register(actor=ctx.actor, title=tdpvh, year=year, subjects=groups, on=date(year, 3, 1))
    held_on = date(year, 11, 20)
    if today < held_on or len(groups) < 2:
        return
    from vanhoa.titles.inspections import blocking_flags

    cands = list(Candidacy.objects.filter(title_type=tdpvh, year=year, ward=ctx.ward).order_by("-sort_key"))
    blocked = blocking_flags(cands)  # a group the year's inspection found short of a standard fails the review
    failing = [c for c in cands if c.pk in blocked] or cands[:1]
    reason = {
        "criteria_met": False,
        "failed_criteria": ["III"],
        "reason_text": "Kết quả kiểm tra: tiêu chuẩn III chưa đạt",
    }
    services.record_review_meeting(
        actor=ctx.actor,
        title=tdpvh,
        year=year,
        unit=ctx.ward,
        held_on=held_on,
        place=f"Hội trường Ủy ban nhân dân {ctx.ward.name[:1].lower()}{ctx.ward.name[1:]}",
        chair=CHAIRMAN,
        chair_position="Chủ tịch Hội đồng Thi đua - Khen thưởng",
        secretary="Phạm Thị Văn Hóa",
        invited=15,
        present=13,
        voting_method="show_of_hands",
        start_time=time(8, 0),
        end_time=time(10, 0),
        results={c: reason for c in failing},
    )
    opened_on = held_on + timedelta(days=1)
    notice = services.open_public_notice(
        actor=ctx.actor, title=tdpvh, year=year, unit=ctx.ward, opened_on=opened_on,
        place=f"Trang thông tin điện tử {ctx.ward.name[:1].lower()}{ctx.ward.name[1:]}",
    )  # fmt: skip
    if today <= notice.ends_on:
        return
    services.close_public_notice(notice, actor=ctx.actor, on=notice.ends_on + timedelta(days=1))
    if today < date(year, 12, 2):
        return
    services.submit_proposal(
        actor=ctx.actor, title=tdpvh, year=year, unit=ctx.ward, on=date(year, 12, 2), number="12/TTr-HĐTĐKT"
    )
    if today >= date(year, 12, 4):
        services.issue_decision(
            actor=ctx.actor, title=tdpvh, year=year, ward=ctx.ward, number=f"{200 + year % 100}",
            signed_on=date(year, 12, 4), signer_name=CHAIRMAN,
        )  # fmt: skip
