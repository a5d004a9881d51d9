"""Demo titles: the 2018–2023 cycles of phường Quyết Tiến under NĐ 122/2018 (completed; 2020: 1 187 of 1 206
households = 98,4%, 8/8 groups, agencies and the 9 streets; the 2020 Giấy khen within the 15% cap), and the
2024 cycle under NĐ 86/2023, carried through as a ward did it: the groups' meetings in October, the 10-day public
notices (one with a resident's comment), a dossier returned and sent again, the chairman's decision of 04/11/2024,
its published list and the certificates. So the due list of today holds only today's work.

Completed years are written in bulk (one summary audit entry per year); the 2024 steps go through the services,
so they are audited one by one. Running it twice changes nothing.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from datetime import date, time, timedelta
from decimal import Decimal
from typing import Any

from django.db.models import OuterRef, Subquery

from vanhoa.core import audit
from vanhoa.demo.context import DemoContext
from vanhoa.demo.names import household_head
from vanhoa.registry.models import Agency, Street
from vanhoa.titles import demo_agencies, facts, figures, services
from vanhoa.titles.choices import AdminLevel, DecisionKind, MeetingStatus, Outcome, ProposalStatus, State
from vanhoa.titles.demo_current import load_current_year
from vanhoa.titles.models import (
    Candidacy,
    Decision,
    Proposal,
    ReviewEntry,
    ReviewMeeting,
    StreetCommitment,
    TitleType,
    subject_sort_key,
)
from vanhoa.titles.rules_data import load_rules
from vanhoa.units.models import Unit

ORDER = 50

# Households not recognised per group in 2020: 19 of 1 206 (group 3: 147 of 152, title-cycle.md §4 example 2).
NOT_RECOGNISED_2020 = [2, 3, 5, 2, 2, 2, 1, 2]
YEARS = {
    # year: (meeting days in November, decision number, decision date, not-recognised share, group decision)
    2018: (12, "145", date(2018, 11, 26), Decimal("0.030"), ("3012", date(2018, 12, 20))),
    2019: (4, "161", date(2019, 11, 15), Decimal("0.022"), ("2987", date(2019, 12, 18))),
    2020: (2, "152", date(2020, 11, 13), None, ("3105", date(2020, 12, 17))),
    2021: (3, "148", date(2021, 11, 12), Decimal("0.018"), ("3077", date(2021, 12, 16))),
    2022: (8, "157", date(2022, 11, 17), Decimal("0.017"), ("3120", date(2022, 12, 15))),
    2023: (6, "163", date(2023, 11, 16), Decimal("0.016"), ("3166", date(2023, 12, 14))),
}
CHAIRMAN = "Nguyễn Văn An"  # synthetic: Chủ tịch UBND phường (demo)
CITY_CHAIRMAN = "Trần Quốc Bình"  # synthetic: Chủ tịch UBND thành phố (demo)
PROVINCE_CHAIRMAN = "Lê Minh Châu"  # synthetic
# Reasons of the households not recognised: an exclusion of NĐ 122/2018 Điều 7, a failed standard, or too few votes.
REASONS = [
    ("ex", "6"),
    ("ex", "3"),
    ("std", "1"),
    ("votes", ""),
    ("ex", "5"),
    ("ex", "2"),
    ("std", "3"),
    ("votes", ""),
    ("ex", "3"),
    ("std", "1"),
    ("ex", "6"),
    ("votes", ""),
    ("ex", "2"),
    ("std", "3"),
    ("ex", "6"),
    ("ex", "5"),
    ("votes", ""),
    ("std", "1"),
    ("ex", "3"),
]


def load(ctx: DemoContext) -> None:
    load_rules()
    if ctx.ward_2020 is None or not ctx.groups:
        return
    rng = random.Random(2020)
    leaders = {g.pk: household_head(rng) for g in ctx.groups}
    leaders[ctx.groups[0].pk] = "Lò Văn Tổ Một"
    done = Candidacy.objects.filter(ward=ctx.ward_2020, year=2020, title_type__code="gdvh").exists()
    if not done:
        for year in YEARS:
            _completed_year(ctx, year, leaders, random.Random(year))
        _commendations_2020(ctx)
    if not Candidacy.objects.filter(ward=ctx.ward_2020, year=2024, title_type__code="gdvh").exists():
        _cycle_2024(ctx, leaders, random.Random(2024))
    _finish_2024(ctx, leaders, random.Random(2025))  # also closes a demo database loaded before it existed
    _register_bulk_papers(ctx)
    rate = figures.household_figures(ctx.ward_2020, 2020)
    ctx.say(f"Danh hiệu: năm 2020 {rate.text} gia đình văn hóa; năm 2024 đã công nhận (NĐ 86/2023).")
    load_current_year(ctx)  # the year of today's date, as far as a real ward would be by today


# --------------------------------------------------------------------------- completed years (bulk)


def _not_recognised(ctx: DemoContext, year: int, sizes: Sequence[int], share: Decimal | None) -> list[int]:
    if year == 2020 and ctx.households == 1206:
        return NOT_RECOGNISED_2020
    share = share if share is not None else Decimal(19) / Decimal(1206)
    return [int((Decimal(n) * share).to_integral_value()) for n in sizes]


def _recognition_decision(gdvh: TitleType, qt: Unit, year: int, number: str, signed_on: date) -> Decision:
    return Decision.objects.create(
        kind=DecisionKind.RECOGNITION,
        title_type=gdvh,
        rule_set=services.rule_set_for(gdvh, qt, signed_on),
        year=year,
        ward=qt,
        issuer_level=AdminLevel.COMMUNE,
        issuer_name="Ủy ban nhân dân phường Quyết Tiến",
        signer_position="Chủ tịch Ủy ban nhân dân phường Quyết Tiến",
        number=number,
        symbol="QĐ-UBND",
        signed_on=signed_on,
        signer_name=CHAIRMAN,
        proposer="Trưởng ban Công tác Mặt trận và Tổ trưởng các tổ dân phố",
        published_on=signed_on + timedelta(days=5),
        publish_place="Bảng tin Ủy ban nhân dân phường",
    )


def _submitted_meeting(
    gdvh: TitleType,
    rs: Any,
    year: int,
    group: Unit,
    qt: Unit,
    held_on: date,
    households: int,
    chair: str,
    rng: random.Random,
) -> ReviewMeeting:
    invited = 40 + households // 10
    present = invited - rng.randint(3, 9)
    return ReviewMeeting.objects.create(
        title_type=gdvh,
        rule_set=rs,
        year=year,
        unit=group,
        ward=qt,
        status=MeetingStatus.SUBMITTED,
        held_on=held_on,
        start_time=time(19, 30),
        end_time=time(21, 15),
        place=f"Nhà văn hóa {group.name}",
        chair=chair,
        chair_position="Tổ trưởng tổ dân phố",
        secretary=household_head(rng),
        invited=invited,
        present=present,
        voting_method="show_of_hands",
        conclusion="Thống nhất đề nghị công nhận các hộ đạt tiêu chuẩn.",
        submitted_on=held_on,
    )


def _entry_spec(ok: bool, present: int, rs: Any, reason_cycle: Any, rng: random.Random) -> dict[str, Any]:
    """A household's line of a completed year's minutes: passed with its votes, or failed for the next reason."""
    spec: dict[str, Any] = {
        "criteria_met": True,
        "exclusion_code": "",
        "failed_criteria": [],
        "votes_for": None,
        "votes_against": 0,
        "outcome": Outcome.PASSED,
        "outcome_reason": "",
    }
    if ok:
        votes_for = present - rng.choice([0, 0, 0, 1, 1, 2, 3, 4])
        spec.update(votes_for=votes_for, votes_against=present - votes_for)
    else:
        kind, code = next(reason_cycle)
        if kind == "ex":
            ex = rs.exclusions.get(code=code)
            spec.update(
                criteria_met=False,
                exclusion_code=code,
                outcome_reason=f"Thuộc trường hợp không xét tặng: {ex.text} ({ex.source})",
            )
        elif kind == "std":
            crit = rs.criteria.get(code=code)
            spec.update(
                criteria_met=False,
                failed_criteria=[code],
                outcome_reason=f"Không đạt tiêu chuẩn {code} ({crit.title})",
            )
        else:
            votes = int(present * rng.uniform(0.35, 0.55))
            spec.update(votes_for=votes, votes_against=present - votes)
            pct = Decimal(votes) * 100 / Decimal(present)
            spec["outcome_reason"] = (
                f"Không đủ 60% số người dự họp tán thành ({votes}/{present}, "
                f"{str(pct.quantize(Decimal('0.1'))).replace('.', ',')}%)"
            )
        spec["outcome"] = Outcome.FAILED
    return spec


def _completed_year(ctx: DemoContext, year: int, leaders: dict[int, str], rng: random.Random) -> None:
    day, number, signed_on, share, group_decision = YEARS[year]
    gdvh = TitleType.objects.get(code="gdvh")
    qt = ctx.ward_2020
    decision = _recognition_decision(gdvh, qt, year, number, signed_on)
    residents = [list(facts.residents([g.pk], date(year, 2, 15)).order_by("code")) for g in ctx.groups]
    fails = _not_recognised(ctx, year, [len(r) for r in residents], share)
    reason_cycle = iter(REASONS * 10)
    cert_no = 0
    cands, entries_spec = [], []
    for gi, (group, people) in enumerate(zip(ctx.groups, residents, strict=True)):
        held_on = date(year, 11, day + gi % 4)
        rs = services.rule_set_for(gdvh, group, held_on)
        meeting = _submitted_meeting(gdvh, rs, year, group, qt, held_on, len(people), leaders[group.pk], rng)
        present = meeting.present or 0  # set by _submitted_meeting
        proposal = Proposal.objects.create(
            title_type=gdvh,
            year=year,
            unit=group,
            ward=qt,
            submitted_on=held_on + timedelta(days=2),
            complete_on=held_on + timedelta(days=2),
            documents=list(rs.dossier_items.values_list("code", flat=True)),
            status=ProposalStatus.DECIDED,
            decision=decision,
        )
        failing = set(h.pk for h in rng.sample(people, min(fails[gi], len(people))))
        for h in people:
            registered = date(year, 2, 15) + timedelta(days=rng.randint(0, 40))
            ok = h.pk not in failing
            spec = _entry_spec(ok, present, rs, reason_cycle, rng)
            if ok:
                cert_no += 1
            c = Candidacy(
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
                ward=qt,
                state=State.CERTIFIED if ok else State.NOT_PROPOSED,
                state_on=date(year, 11, 18) if ok else held_on,
                reason="" if ok else spec["outcome_reason"],
                registered_on=registered,
                self_assessed_on=registered + timedelta(days=20),
                self_points=Decimal(rng.randint(86, 98)),
                proposal=proposal if ok else None,
                decision=decision if ok else None,
                certificate_number=f"{cert_no:04d}" if ok else "",
                certified_on=date(year, 11, 18) if ok else None,
                sort_key=subject_sort_key("household", h.head_name),
            )
            cands.append(c)
            entries_spec.append((meeting, spec))
    Candidacy.objects.bulk_create(cands, batch_size=1000)
    entries = [ReviewEntry(meeting=m, candidacy=c, **spec) for c, (m, spec) in zip(cands, entries_spec, strict=True)]
    ReviewEntry.objects.bulk_create(entries, batch_size=1000)
    _link_entries(gdvh, year, qt)
    _group_titles(ctx, year, *group_decision)
    if year == 2020:
        _agencies_and_streets_2020(ctx, rng)
    audit.record(
        ctx.actor,
        "titles.demo.seeded",
        decision,
        unit=qt,
        extra={
            "year": year,
            "households": len(cands),
            "recognised": cert_no,
            "decision": decision.number_text,
        },
    )


def _bulk_recognise(
    tt: TitleType,
    subjects: Sequence[Any],
    year: int,
    decision: Decision,
    registered: date,
    proposal: Proposal | None = None,
) -> list[Candidacy]:
    season = services.review_season(year)
    rows = []
    for obj in subjects:
        s = services.describe(obj, year, season)
        rows.append(
            Candidacy(
                title_type=tt,
                rule_set=services.rule_set_for_year(tt, s.unit, year),
                year=year,
                subject_kind=s.kind,
                subject_key=s.key,
                subject_name=s.name,
                subject_address=s.address,
                unit=s.unit,
                review_unit=s.review_unit,
                ward=s.ward,
                state=State.DECIDED,
                state_on=decision.signed_on,
                registered_on=registered,
                decision=decision,
                proposal=proposal,
                sort_key=subject_sort_key(s.kind, s.name, s.fields.get("group")),
                **s.fields,
            )
        )
    return Candidacy.objects.bulk_create(rows)


def _group_titles(ctx: DemoContext, year: int, number: str, signed_on: date) -> None:
    tt = TitleType.objects.get(code="tdpvh")
    qt = ctx.ward_2020
    decision = Decision.objects.create(
        kind=DecisionKind.RECOGNITION,
        title_type=tt,
        rule_set=services.rule_set_for(tt, qt, signed_on),
        year=year,
        ward=qt,
        issuer_level=AdminLevel.DISTRICT,
        issuer_name="Ủy ban nhân dân thành phố Lai Châu",
        signer_position="Chủ tịch Ủy ban nhân dân thành phố Lai Châu",
        number=number,
        symbol="QĐ-UBND",
        signed_on=signed_on,
        signer_name=CITY_CHAIRMAN,
        proposer="Ủy ban nhân dân phường Quyết Tiến",
    )
    rs = services.rule_set_for(tt, qt, signed_on)
    proposal = Proposal.objects.create(
        title_type=tt,
        year=year,
        unit=qt,
        ward=qt,
        submitted_on=signed_on - timedelta(days=6),
        complete_on=signed_on - timedelta(days=6),
        documents=list(rs.dossier_items.values_list("code", flat=True)),
        status=ProposalStatus.DECIDED,
        decision=decision,
    )
    cands = _bulk_recognise(tt, ctx.groups, year, decision, date(year, 3, 1), proposal)
    held_on = signed_on - timedelta(days=10)
    meeting = ReviewMeeting.objects.create(
        title_type=tt,
        rule_set=rs,
        year=year,
        unit=qt,
        ward=qt,
        status=MeetingStatus.SUBMITTED,
        held_on=held_on,
        start_time=time(8, 0),
        end_time=time(10, 30),
        place="Hội trường Ủy ban nhân dân phường Quyết Tiến",
        chair=CHAIRMAN,
        chair_position="Chủ tịch Ủy ban nhân dân phường",
        secretary="Phạm Thị Văn Hóa",
        invited=16,
        present=14,
        voting_method="show_of_hands",
        submitted_on=held_on,
    )
    ReviewEntry.objects.bulk_create(
        [
            ReviewEntry(
                meeting=meeting,
                candidacy=c,
                criteria_met=True,
                votes_for=14 - i % 2,
                votes_against=i % 2,
                outcome=Outcome.PASSED,
            )
            for i, c in enumerate(cands)
        ]
    )
    _link_entries(tt, year, qt)


def _link_entries(tt: TitleType, year: int, ward: Any) -> None:
    """Point each seeded candidacy at its review line (one UPDATE instead of one per row)."""
    line = ReviewEntry.objects.filter(candidacy=OuterRef("pk")).order_by("-pk").values("pk")[:1]
    Candidacy.objects.filter(title_type=tt, year=year, ward=ward, review_entry__isnull=True).update(
        review_entry=Subquery(line)
    )


def _agencies_and_streets_2020(ctx: DemoContext, rng: random.Random) -> None:
    qt = ctx.ward_2020
    scope = facts.lineage_ids(ctx.ward.pk) | facts.lineage_ids(qt.pk)
    agencies = list(Agency.objects.filter(ward__in=scope, active=True).order_by("pk"))
    if agencies:  # each agency's own history under TT 08/2014 (first, kept, renewed by the province)
        demo_agencies.load_2020(ctx, agencies, _bulk_recognise, CITY_CHAIRMAN, PROVINCE_CHAIRMAN)
    streets = list(Street.objects.filter(ward__in=scope, active=True).order_by("pk"))
    if streets:
        for street in streets:
            StreetCommitment.objects.bulk_create(
                [
                    StreetCommitment(
                        street=street,
                        year=2020,
                        ward=qt,
                        kind=kind,
                        signer_name=household_head(rng),
                        frontage=f"Số {rng.randint(1, 200)} {street.name.replace('Đường ', '')}",
                        signed_on=date(2020, 3, rng.randint(2, 20)),
                    )
                    for kind in ("household", "household", "business")
                ]
            )
        tt = TitleType.objects.get(code="tpvm")
        d = Decision.objects.create(
            kind=DecisionKind.RECOGNITION,
            title_type=tt,
            rule_set=services.rule_set_for(tt, qt, date(2020, 12, 28)),
            year=2020,
            ward=qt,
            issuer_level=AdminLevel.PROVINCE,
            issuer_name="Ủy ban nhân dân tỉnh Lai Châu",
            signer_position="Chủ tịch Ủy ban nhân dân tỉnh Lai Châu",
            number="1875",
            symbol="QĐ-UBND",
            signed_on=date(2020, 12, 28),
            signer_name=PROVINCE_CHAIRMAN,
            proposer="Ủy ban nhân dân thành phố Lai Châu",
        )
        _bulk_recognise(tt, streets, 2020, d, date(2020, 3, 25))


def _commendations_2020(ctx: DemoContext) -> None:
    """Each group proposes its most-voted households with 3 years in a row; the ward keeps the top 15%."""
    plan = services.plan_commendations(title="gdvh", ward=ctx.ward_2020, year=2020)
    by_group: dict[int, list[Any]] = {}
    for r in plan.rows:
        by_group.setdefault(r.item.review_unit_id, []).append(r)
    rng = random.Random(15)
    proposed, votes = [], {}
    for rows in by_group.values():
        rows.sort(key=lambda r: (-r.votes, r.item.registered_on, r.item.pk))
        for r in rows[: max(1, len(rows) * 21 // 100)]:
            proposed.append(r.item.pk)
            present = r.item.review_entry.meeting.present if r.item.review_entry_id else 40
            votes[r.item.pk] = rng.randint(int(present * 0.6) + 1, present)  # the group meeting's vote on the award
    services.propose_commendations(
        actor=ctx.actor, title="gdvh", ward=ctx.ward_2020, year=2020, proposed=proposed, votes=votes
    )
    services.issue_commendation_decision(
        actor=ctx.actor,
        title="gdvh",
        ward=ctx.ward,
        year=2020,
        number="170",
        signed_on=date(2020, 12, 10),
        signer_name=CHAIRMAN,
    )


def _register_bulk_papers(ctx: DemoContext) -> None:
    """The decisions and certificates made in bulk above enter the issuers' registers (sổ đăng ký văn bản đi,
    sổ cấp giấy công nhận) with the numbers they carry, as a văn thư enters papers signed before the system."""
    from vanhoa.documents import register

    for d in Decision.objects.order_by("signed_on", "pk"):
        if register.entry_for(d) is not None:
            continue
        issuer = services.issuer_unit(d.ward, d.issuer_level, d.signed_on)
        doc_type, _, series = d.symbol.partition("-")
        register.record_number(
            issuer,
            d.signed_on.year,
            doc_type,
            int(d.number),
            issued_on=d.signed_on,
            summary=f"Quyết định công nhận danh hiệu «{d.title_type.name}» năm {d.year}",
            signer=d.signer_name,
            series=series,
            actor=ctx.actor,
            source=d,
        )
        if d.year < 2024 and d.candidacies.filter(state=State.DECIDED, certificate_number="").exists():
            # groups, agencies and streets of the completed years got their certificates too
            services.issue_certificates(d, actor=ctx.actor, on=d.signed_on)
            continue
        certified = list(d.candidacies.exclude(certificate_number="").order_by("certificate_number"))
        certified_on = certified[0].certified_on if certified else None
        if certified_on is not None and all(c.certificate_number.isdigit() for c in certified):
            register.take_numbers(
                issuer,
                certified_on.year,
                "GCN",
                [f"Giấy công nhận «{d.title_type.name}» năm {c.year}: {c.subject_name}" for c in certified],
                issued_on=certified_on,
                actor=ctx.actor,
                signer=d.signer_name,
                source=d,
            )


# --------------------------------------------------------------------------- 2024, in progress (services)


def _register_2024_households(ctx: DemoContext, gdvh: TitleType, rng: random.Random) -> None:
    """Every resident household of every group registered on 01/03/2024 (written in bulk, one audit entry)."""
    qt, actor = ctx.ward_2020, ctx.actor
    rows = []
    for group in ctx.groups:
        rs = services.rule_set_for_year(gdvh, group, 2024, date(2024, 3, 1))
        for h in facts.residents([group.pk], date(2024, 3, 1)).order_by("code"):
            rows.append(
                Candidacy(
                    title_type=gdvh,
                    rule_set=rs,
                    year=2024,
                    subject_kind="household",
                    subject_key=f"household:{h.pk}",
                    subject_name=h.head_name,
                    subject_address=h.address,
                    household=h,
                    unit=group,
                    review_unit=group,
                    ward=qt,
                    state=State.REGISTERED,
                    state_on=date(2024, 3, 1),
                    registered_on=date(2024, 2, 20) + timedelta(days=rng.randint(0, 25)),
                    sort_key=subject_sort_key("household", h.head_name),
                )
            )
    Candidacy.objects.bulk_create(rows, batch_size=1000)
    audit.record(actor, "titles.demo.seeded", qt, unit=qt, extra={"year": 2024, "registered": len(rows)})


def _cycle_2024(ctx: DemoContext, leaders: dict[int, str], rng: random.Random) -> None:
    gdvh = TitleType.objects.get(code="gdvh")
    actor = ctx.actor
    _register_2024_households(ctx, gdvh, rng)
    services.register(actor=actor, title="tdpvh", year=2024, subjects=ctx.groups, on=date(2024, 3, 1))
    reviewed = ctx.groups[1:6]
    for gi, group in enumerate(reviewed):
        cands = list(Candidacy.objects.filter(year=2024, review_unit=group, title_type=gdvh).order_by("pk"))
        # Two households fail in each group, but at least one passes (small demo registries, e.g. in tests).
        failing = rng.sample(cands, max(0, min(2, len(cands) - 1)))
        reasons = [
            {"criteria_met": False, "exclusion_code": "d"},
            {"criteria_met": False, "failed_criteria": ["II"], "reason_text": "Chưa tham gia sinh hoạt cộng đồng"},
        ]
        results = dict(zip(failing, reasons, strict=False))
        invited = 45
        services.record_review_meeting(
            actor=actor,
            title=gdvh,
            year=2024,
            unit=group,
            held_on=date(2024, 10, 8 + gi),
            place=f"Nhà văn hóa {group.name}",
            chair=leaders[group.pk],
            chair_position="Tổ trưởng tổ dân phố",
            secretary=household_head(rng),
            invited=invited,
            present=invited - rng.randint(4, 10),
            voting_method="show_of_hands",
            start_time=time(19, 30),
            end_time=time(21, 0),
            results=results,
        )
    g2, g3, g4, g5, g6 = reviewed
    del g2, g6  # reviewed, waiting for their public notice
    notices = {}
    for group, opened in ((g3, date(2024, 10, 20)), (g4, date(2024, 10, 12)), (g5, date(2024, 10, 13))):
        notices[group.pk] = services.open_public_notice(
            actor=actor, title=gdvh, year=2024, unit=group, opened_on=opened, place=f"Nhà văn hóa {group.name}"
        )
    first = Candidacy.objects.filter(year=2024, review_unit=g3, state=State.ON_NOTICE).order_by("sort_key").first()
    services.record_notice_comment(
        notices[g3.pk],
        actor=actor,
        received_on=date(2024, 10, 22),
        candidacy=first,
        content="Đề nghị xem lại việc hộ để vật liệu xây dựng lấn chiếm lòng đường",
        resolution="Tổ đã xác minh ngày 23/10/2024: hộ đã dọn vật liệu; giữ trong danh sách",
    )
    for group in (g4, g5):
        services.close_public_notice(notices[group.pk], actor=actor, on=date(2024, 10, 24))
        services.submit_proposal(
            actor=actor, title=gdvh, year=2024, unit=group, on=date(2024, 10, 25), number=f"{group.order:02d}/ĐN-TDP"
        )
    p4 = Proposal.objects.get(year=2024, unit=g4, title_type=gdvh)
    services.return_proposal(
        p4, actor=actor, on=date(2024, 10, 28), reason="Biên bản họp chưa có chữ ký của thư ký; đề nghị bổ sung"
    )


DECISION_2024 = ("159", date(2024, 11, 4))  # the chairman's decision, within 10 days of the first full dossier


def _finish_2024(ctx: DemoContext, leaders: dict[int, str], rng: random.Random) -> None:
    """The rest of the 2024 cycle, step by step through the services: groups 1, 7 and 8 meet on 14–16/10; every
    notice runs its 10 days and is closed the day after (group 3's comment checked first); the returned dossier
    of group 4 is completed and sent again; the chairman decides on 04/11/2024, the list is published on the
    notice board and the certificates handed out. Each step only when not done yet."""
    gdvh = TitleType.objects.get(code="gdvh")
    qt, actor = ctx.ward_2020, ctx.actor
    if qt is None or Decision.objects.filter(ward=qt, year=2024, title_type=gdvh).exists():
        return
    groups = [g for g in ctx.groups if Candidacy.objects.filter(year=2024, review_unit=g, title_type=gdvh).exists()]
    late = [g for g in groups if not ReviewMeeting.objects.filter(year=2024, unit=g, title_type=gdvh).exists()]
    for gi, group in enumerate(late):
        _meeting_2024(ctx, gdvh, group, date(2024, 10, 14 + gi), leaders, rng)
    for group in groups:
        _notice_and_dossier_2024(ctx, gdvh, group)
    number, signed_on = DECISION_2024
    decision = services.issue_decision(
        actor=actor, title=gdvh, year=2024, ward=qt, number=number, signed_on=signed_on, signer_name=CHAIRMAN
    )
    services.publish_list(decision, actor=actor, on=date(2024, 11, 8), place="Bảng tin Ủy ban nhân dân phường")
    services.issue_certificates(decision, actor=actor, on=date(2024, 11, 12))


def _meeting_2024(ctx: DemoContext, gdvh: TitleType, group: Unit, held_on: date, leaders: dict[int, str],
                  rng: random.Random) -> None:
    cands = list(Candidacy.objects.filter(year=2024, review_unit=group, title_type=gdvh).order_by("pk"))
    failing = rng.sample(cands, max(0, min(1, len(cands) - 1)))
    results = {c: {"criteria_met": False, "exclusion_code": "d"} for c in failing}
    invited = 45
    services.record_review_meeting(
        actor=ctx.actor, title=gdvh, year=2024, unit=group, held_on=held_on, place=f"Nhà văn hóa {group.name}",
        chair=leaders[group.pk], chair_position="Tổ trưởng tổ dân phố", secretary=household_head(rng),
        invited=invited, present=invited - rng.randint(4, 10), voting_method="show_of_hands",
        start_time=time(19, 30), end_time=time(21, 0), results=results,
    )


def _notice_and_dossier_2024(ctx: DemoContext, gdvh: TitleType, group: Unit) -> None:
    from vanhoa.titles.models import PublicNotice

    actor = ctx.actor
    meeting = ReviewMeeting.objects.get(year=2024, unit=group, title_type=gdvh)
    assert meeting.held_on is not None  # every demo meeting of 2024 is held
    notice = PublicNotice.objects.filter(year=2024, unit=group, title_type=gdvh).order_by("-pk").first()
    if notice is None:
        notice = services.open_public_notice(
            actor=actor, title=gdvh, year=2024, unit=group, opened_on=meeting.held_on + timedelta(days=1),
            place=f"Nhà văn hóa {group.name}",
        )
    if notice.closed_on is None:
        note = (
            "Ý kiến về vật liệu xây dựng trên lòng đường đã xác minh: hộ đã dọn, không ảnh hưởng kết quả."
            if notice.comments.exists()
            else ""
        )
        services.close_public_notice(notice, actor=actor, on=notice.ends_on + timedelta(days=1), result_note=note)
    proposal = Proposal.objects.filter(year=2024, unit=group, title_type=gdvh).order_by("-pk").first()
    if proposal is None or proposal.status == ProposalStatus.RETURNED:
        on = max(notice.ends_on + timedelta(days=2), (proposal.returned_on if proposal else None) or date.min)
        services.submit_proposal(
            actor=actor, title=gdvh, year=2024, unit=group, on=on + (timedelta(days=2) if proposal else timedelta()),
            number=f"{group.order:02d}/ĐN-TDP" if proposal is None else f"{group.order:02d}b/ĐN-TDP",
        )
