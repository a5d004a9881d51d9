"""Demo records (synthetic) for the seed plan of phường Quyết Tiến, 2020: the training of activity 2, outreach
sessions (activity 3), inspections of two groups (one with a failed criterion, corrected) and one agency
(activities 5 and 6), the 18/11/2020 festival in all 8 groups (activity 8), the budget, donations and expenses;
and a few 2026 records of phường Đoàn Kết (one correction still open and overdue, with its title flag).
Everything goes through the services (audited). Loading twice changes nothing."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from vanhoa.activities import funding, services
from vanhoa.activities.choices import ContributionForm, DonorKind, EventForm, EventKind, FindingResult, MoneySource
from vanhoa.activities.models import Event, Festival, Inspection, today
from vanhoa.demo.context import DemoContext
from vanhoa.plans.choices import ActivityCategory
from vanhoa.plans.demo import _demo_photo
from vanhoa.plans.models import Activity, Plan
from vanhoa.registry.models import Agency

ORDER = 60

TEAM_GROUPS = ["Lê Thị Mặt Trận – Chủ tịch Ủy ban MTTQ phường", "Phạm Thị Văn Hóa – Công chức Văn hóa - Xã hội",
               "Hoàng Văn Sơn – Trưởng ban công tác Mặt trận tổ dân phố số 4"]
TEAM_AGENCY = ["Trần Văn Công Đoàn – Chủ tịch Công đoàn phường", "Phạm Thị Văn Hóa – Công chức Văn hóa - Xã hội"]
PROGRAMME = ["Báo cáo kết quả thực hiện cuộc vận động năm", "Biểu dương gia đình văn hóa tiêu biểu",
             "Văn nghệ, thể thao, trò chơi dân gian", "Liên hoan cộng đồng"]
# (participants, households attending, day of November) for groups 1–8 in 2020
FESTIVALS_2020 = [(160, 118, 15), (142, 101, 15), (175, 152, 16), (128, 90, 14), (150, 112, 17), (118, 86, 13),
                  (136, 97, 18), (121, 88, 18)]
DONATIONS_2020 = [
    # donor, kind, anonymous, form, what, value, day, group index for the festival (or None)
    ("Công ty TNHH Xây dựng Tam Đường (mẫu)", DonorKind.ORGANISATION, False, ContributionForm.CASH, "", 5_000_000,
     date(2020, 11, 5), None),
    ("Ông Nguyễn Văn Thắng", DonorKind.PERSON, False, ContributionForm.CASH, "", 2_000_000, date(2020, 11, 9), 2),
    ("Bà Lường Thị Xuân", DonorKind.PERSON, True, ContributionForm.CASH, "", 1_000_000, date(2020, 11, 10), 4),
    ("Cửa hàng Hoa Ban (mẫu)", DonorKind.ORGANISATION, False, ContributionForm.IN_KIND, "40 suất quà cho hộ nghèo",
     4_000_000, date(2020, 11, 11), None),
    ("Ông Lò Văn Pầng", DonorKind.PERSON, False, ContributionForm.IN_KIND, "Cho mượn bộ âm thanh", 1_500_000,
     date(2020, 11, 12), 0),
    ("Hội Cựu chiến binh phường", DonorKind.ORGANISATION, False, ContributionForm.CASH, "", 1_005_000,
     date(2020, 11, 12), None),
]


def _activities(plan: Plan | None) -> list[Activity]:
    return plan.ordered_activities() if plan else []


def _first(activities: list[Activity], category: str) -> Activity | None:
    return next((a for a in activities if a.category == category), None)


def _inspect(ctx: DemoContext, *, ward: Any, day: date, group: Any = None, agency: Any = None,
             activity: Activity | None, failed: dict[str, str] | None = None, number: str = "") -> Inspection:
    failed = failed or {}
    inspection = services.create_inspection(
        actor=ctx.actor, ward=ward, planned_on=day, subject_kind="agency" if agency else "group", group=group,
        agency=agency,
        subject=activity.content if activity else "Kiểm tra việc thực hiện phong trào.",
        checklist="danh-hieu:cqvh" if agency else "danh-hieu:tdpvh",
        members=TEAM_AGENCY if agency else TEAM_GROUPS,
        place=f"Trụ sở {agency.name}" if agency else f"Nhà văn hóa {group.name.lower()}",
        representative_name="Đinh Văn Quý" if agency else "Tòng Văn Hưng",
        representative_position="Thủ trưởng đơn vị" if agency else f"Tổ trưởng {group.name.lower()}",
        activity=activity,
    )
    if number:
        services.update_inspection(inspection, actor=ctx.actor, number=number)
    rows = []
    for f in inspection.findings.all():
        if f.code in failed:
            rows.append(services.FindingInput(f, FindingResult.FAIL, failed[f.code],
                                              "Sửa chữa nhà văn hóa, bổ sung tủ sách và lịch sinh hoạt",
                                              day + timedelta(days=30)))
        else:
            rows.append(services.FindingInput(f, FindingResult.PASS, ""))
    return services.record_findings(
        inspection, actor=ctx.actor, held_on=day, results=rows,
        conclusion=("Đơn vị thực hiện tốt các tiêu chuẩn; đề nghị tiếp tục duy trì." if not failed else
                    "Cơ bản thực hiện tốt; còn tiêu chí chưa đạt, yêu cầu khắc phục trong thời hạn ghi tại mục IV."),
    )


def _festivals_2020(ctx: DemoContext, groups: list[Any], unity: Any) -> None:
    """Each group's Ngày hội on 18/11/2020 (or near it), its support from the budget, and the gifts received."""
    actor, ward = ctx.actor, ctx.ward_2020
    gifts_for = {}
    for n, (participants, households, day) in enumerate(FESTIVALS_2020):
        group = groups[n]
        festival = services.record_festival(
            actor=actor, group=group, year=2020, held=True, held_on=date(2020, 11, day),
            place=f"Nhà văn hóa {group.name.lower()}", participants=participants, households_attending=households,
            programme=PROGRAMME, commendations=[f"Hộ gia đình tiêu biểu số {n + 1} – Ủy ban MTTQ phường"],
            files=[_demo_photo(f"Ngay hoi 18/11/2020 - To {n + 1}")], activity=unity,
        )
        gifts_for[n] = festival
        funding.record_expense(actor=actor, ward=ward, spent_on=date(2020, 11, day), description="Hỗ trợ tổ chức "
                               f"Ngày hội – {group.name}", amount=1_000_000, source=MoneySource.BUDGET,
                               activity=unity, festival=festival, payee=f"Tổ trưởng {group.name.lower()}")
    for n, (donor, kind, anonymous, form, what, value, day, group_index) in enumerate(DONATIONS_2020, start=1):
        funding.record_contribution(
            actor=actor, ward=ward, donor_name=donor, donor_kind=kind, anonymous=anonymous, form=form,
            description=what, value=value, received_on=day, receipt_number=f"BN-{n:03d}/2020",
            festival=gifts_for.get(group_index) if group_index is not None else None,
        )
    funding.record_expense(actor=actor, ward=ward, spent_on=date(2020, 11, 18), description="Quà biểu dương 16 gia "
                           "đình văn hóa tiêu biểu", amount=3_200_000, source=MoneySource.DONATION, activity=unity)


def load_2020(ctx: DemoContext) -> bool:
    ward, groups = ctx.ward_2020, ctx.groups
    if Inspection.objects.filter(ward=ward, year=2020).exists():
        return False
    actor = ctx.actor
    plan = Plan.objects.filter(ward=ward, year=2020).first()
    acts = _activities(plan)
    training, outreach = _first(acts, ActivityCategory.TRAINING), _first(acts, ActivityCategory.OUTREACH)
    group_check = acts[4] if len(acts) > 5 else None
    agency_check = acts[5] if len(acts) > 5 else None
    unity = _first(acts, ActivityCategory.UNITY_FESTIVAL)

    # money first: the expenses below need a balance
    funding.record_allocation(actor=actor, ward=ward, source="Ngân sách phường giao cho BCĐ phong trào",
                              decision_number="05/QĐ-UBND", decision_date=date(2020, 1, 15), amount=15_000_000)
    funding.record_allocation(
        actor=actor, ward=ward, source="Ngân sách phường hỗ trợ các tổ dân phố tổ chức Ngày hội Đại đoàn kết",
        decision_number="141/QĐ-UBND", decision_date=date(2020, 10, 20), amount=8_000_000, activity=unity,
        note="1.000.000 đ mỗi tổ dân phố.",
    )

    members = [f"Thành viên BCĐ số {n}" for n in range(1, 11)] + [f"Tổ trưởng {g.name.lower()}" for g in groups]
    services.create_event(
        actor=actor, ward=ward, kind=EventKind.TRAINING, held_on=date(2020, 5, 14),
        topic="Tập huấn nghiệp vụ phong trào “Toàn dân đoàn kết xây dựng đời sống văn hóa” năm 2020",
        audience="Thành viên BCĐ phường, trưởng ban công tác Mặt trận, tổ trưởng 8 tổ dân phố",
        form=EventForm.CONFERENCE, place="Hội trường UBND phường", attendance=45, attendees=members,
        activity=training, files=[_demo_photo("Tap huan 14/05/2020")],
    )
    funding.record_expense(actor=actor, ward=ward, spent_on=date(2020, 5, 14), description="Tài liệu, nước uống lớp "
                           "tập huấn (45 người)", amount=3_500_000, source=MoneySource.BUDGET, activity=training,
                           voucher_number="PC-012", payee="Văn phòng UBND phường")
    for day, form, topic, people in [
        (date(2020, 3, 2), EventForm.LOUDSPEAKER, "Phát thanh về đăng ký gia đình văn hóa năm 2020", None),
        (date(2020, 6, 10), EventForm.POSTER, "Treo 8 pano “Toàn dân đoàn kết xây dựng đời sống văn hóa”", None),
        (date(2020, 9, 8), EventForm.SOCIAL_MEDIA, "Tuyên truyền nếp sống văn minh trong việc cưới, việc tang", None),
        (date(2020, 10, 25), EventForm.MEETING, "Tuyên truyền Ngày hội Đại đoàn kết tại sinh hoạt tổ dân phố", 210),
    ]:
        services.create_event(actor=actor, ward=ward, kind=EventKind.OUTREACH, held_on=day, topic=topic,
                              audience="Nhân dân trên địa bàn phường", form=form, attendance=people, activity=outreach)
    funding.record_expense(actor=actor, ward=ward, spent_on=date(2020, 6, 8), description="In 8 pano tuyên truyền",
                           amount=4_200_000, source=MoneySource.BUDGET, activity=outreach, voucher_number="PC-031")

    _inspect(ctx, ward=ward, day=date(2020, 7, 21), group=groups[1], activity=group_check, number="07")
    checked = _inspect(ctx, ward=ward, day=date(2020, 7, 23), group=groups[4], activity=group_check, number="08",
                       failed={"2": "Nhà văn hóa xuống cấp, chưa có điểm đọc sách; sinh hoạt văn nghệ chưa đều."})
    failed = checked.findings.get(code="2")
    flag = services.flag_title_consequence(
        failed, consequence="block", actor=actor,
        reason="Tiêu chuẩn II chưa đạt: chưa xét danh hiệu “Tổ dân phố văn hóa” năm 2020 cho đến khi khắc phục.",
    )
    services.record_followup(failed, actor=actor, followup="done", on=date(2020, 8, 20),
                             note="Đã sửa mái nhà văn hóa, lập tủ sách 120 cuốn, lịch sinh hoạt văn nghệ hằng tháng.")
    services.resolve_title_flag(flag, actor=actor, on=date(2020, 8, 21),
                                note="Đã khắc phục (kiểm tra lại ngày 20/08/2020); tổ dân phố được tiếp tục xét.")
    school = Agency.objects.filter(ward=ctx.ward, name="Trường Tiểu học Quyết Tiến").first()
    if school is not None:
        _inspect(ctx, ward=ward, day=date(2020, 9, 16), agency=school, activity=agency_check, number="11")

    _festivals_2020(ctx, groups, unity)
    return True


def load_current(ctx: DemoContext) -> bool:
    """A few records of phường Đoàn Kết this year (only what has already happened by today)."""
    now = today()
    year = max(2026, now.year)
    ward, groups = ctx.ward, ctx.groups
    if Event.objects.filter(ward=ward, year=year).exists() or now < date(year, 9, 1):
        return False
    actor = ctx.actor
    acts = _activities(Plan.objects.filter(ward=ward, year=year).first())
    funding.record_allocation(actor=actor, ward=ward, source="Ngân sách phường giao cho BCĐ phong trào",
                              decision_number="09/QĐ-UBND", decision_date=date(year, 1, 20), amount=20_000_000)
    training = _first(acts, ActivityCategory.TRAINING)
    services.create_event(actor=actor, ward=ward, kind=EventKind.TRAINING, held_on=date(year, 5, 12),
                          topic=f"Tập huấn triển khai Nghị định 86/2023/NĐ-CP năm {year}",
                          audience="Thành viên BCĐ phường, tổ trưởng các tổ dân phố", attendance=52,
                          activity=training)
    funding.record_expense(actor=actor, ward=ward, spent_on=date(year, 5, 12), description="Tài liệu lớp tập huấn",
                           amount=2_600_000, source=MoneySource.BUDGET, activity=training)
    services.create_event(actor=actor, ward=ward, kind=EventKind.OUTREACH, held_on=date(year, 8, 5),
                          topic="Tuyên truyền quy ước tổ dân phố sau sắp xếp đơn vị hành chính",
                          audience="Nhân dân trên địa bàn phường", form=EventForm.SOCIAL_MEDIA,
                          activity=_first(acts, ActivityCategory.OUTREACH))
    check = acts[4] if len(acts) > 4 else None
    inspection = _inspect(ctx, ward=ward, day=date(year, 8, 12), group=groups[2], activity=check,
                          failed={"III": "Điểm tập kết rác chưa đúng nơi quy định, cảnh quan chưa sạch đẹp."})
    services.flag_title_consequence(
        inspection.findings.get(code="III"), consequence="block", actor=actor,
        reason="Tiêu chuẩn III chưa đạt; chờ kết quả khắc phục trước khi bình xét.",
    )
    if now >= date(year, 11, 20):
        funding.record_contribution(actor=actor, ward=ward, donor_name="Ngân hàng Chính sách xã hội phòng giao "
                                    "dịch (mẫu)", donor_kind=DonorKind.ORGANISATION, value=3_000_000,
                                    received_on=date(year, 11, 10), receipt_number="BN-1110")
        unity = _first(acts, ActivityCategory.UNITY_FESTIVAL)
        for n, group in enumerate(groups[:3]):
            services.record_festival(actor=actor, group=group, year=year, held=True, held_on=date(year, 11, 15 + n),
                                     place=f"Nhà văn hóa {group.name.lower()}", participants=140 + 10 * n,
                                     households_attending=100 + 5 * n, programme=PROGRAMME, activity=unity)
    return True


def load(ctx: DemoContext) -> None:
    done_2020 = load_2020(ctx)
    done_now = load_current(ctx)
    festivals = Festival.objects.filter(ward=ctx.ward_2020, year=2020).count()
    ctx.say(
        f"Hoạt động: {Inspection.objects.count()} cuộc kiểm tra, {festivals} Ngày hội 18/11/2020, "
        f"{Event.objects.count()} buổi tập huấn, tuyên truyền"
        + ("" if done_2020 or done_now else " (đã có từ trước).")
    )
