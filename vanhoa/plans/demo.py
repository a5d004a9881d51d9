"""Demo plans: the seed plan of phường Quyết Tiến for 2020, word for word (seed/ke-hoach-2020-phuong-quyet-tien.txt),
and this year's plan of phường Đoàn Kết copied from it, with some activities under way or done.

Two obvious text-extraction slips of the seed are corrected: activity 2 is one row (the txt splits it over two),
and "Tuyển phố … tuyển phố" reads "Tuyến phố … tuyến phố". Everything else is as the ward wrote it, including
its two spellings of the movement's abbreviation (“TĐĐKXDĐSVH” and “TDĐKXDĐSVH”) and "BCD" for "BCĐ".
"""

from __future__ import annotations

import io
from datetime import date, timedelta
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile

from vanhoa.demo.context import DemoContext
from vanhoa.plans import services
from vanhoa.plans.choices import (
    ActivityCategory,
    ActivityStatus,
    AttachmentKind,
    FundingKind,
    OrganisationKind,
    TargetIndicator,
    TargetUnit,
    Timing,
)
from vanhoa.plans.models import Plan, today
from vanhoa.plans.services import Party

ORDER = 40
YEAR_2020 = 2020
PT = "“TĐĐKXDĐSVH”"

PLAN_2020 = {
    "issuer_parent": "UBND PHƯỜNG QUYẾT TIẾN",
    "issuer": "BAN CHỈ ĐẠO PHONG TRÀO\n“TDĐKXDĐSVH”",
    "number": "",
    "symbol": "KH-BCĐ",
    "place": "Quyết Tiến",
    "issued_on": None,
    "title": f"Triển khai thực hiện phong trào {PT} trên địa phương Quyết Tiến năm 2020",
    "legal_bases": [
        "Căn cứ Quyết định số 1972/QĐ-UBND, ngày 18/12/2019 của UBND thành phố Lai Châu về việc giao chỉ tiêu "
        "Kế hoạch phát triển kinh tế - xã hội năm 2020;",
        "Căn cứ Nghị quyết số 53/NQ-HĐND, ngày 20/12/2019 của HĐND phường Quyết Tiến về Kế hoạch phát triển kinh "
        "tế - xã hội năm 2020.",
        "Căn cứ Quyết định số 126/QĐ-UBND, ngày 31/12/2019 của UBND phường Quyết Tiến về việc giao chỉ tiêu Kế "
        "hoạch phát triển kinh tế - xã hội năm 2020;",
    ],
    "intro": f"Ban Chỉ đạo phong trào {PT} phường Quyết Tiến xây dựng kế hoạch triển khai thực hiện phong trào "
    f"{PT} trên địa bàn Phường năm 2020 như sau:",
    "purposes": [
        f"Nâng cao hiệu quả hoạt động của Ban chỉ đạo phong trào {PT} Phường Quyết Tiến; Đẩy mạnh triển khai các "
        f"hoạt động phong trào {PT} trên địa bàn Phường.",
        "Đưa phong trào phát triển sâu rộng, toàn diện, tạo được sự quan tâm, tham gia hưởng ứng của đông đảo "
        "quần chúng Nhân dân trên toàn Phường.",
    ],
    "requirements": [
        "Các hoạt động được triển khai đảm bảo tính thiết thực, hiệu quả, phù hợp với phong tục tập quán, truyền "
        "thống văn hóa, điều kiện thực tế của địa phương và đáp ứng được nhu cầu của Nhân dân.",
    ],
    "closing": "Trên đây là Kế hoạch triển khai thực hiện phong trào “Toàn dân đoàn kết xây dựng đời sống văn "
    "hóa” trên địa bàn phường Quyết Tiến năm 2020. Yêu cầu các thành viên BCĐ tổ chức triển khai thực hiện tốt "
    "các nội dung của kế hoạch này./.",
    "recipients": [
        f"BCĐ PT {PT} Thành phố",
        "TT Đảng ủy, HĐND, UBND Phường",
        f"Thành viên BCĐ PT {PT} Phường",
        "Ban Vận động các tổ dân phố",
        "Lưu VT",
    ],
    "signature_authority": ["TM. BAN CHỈ ĐẠO", "KT. TRƯỞNG BAN", "PHÓ TRƯỞNG BAN"],
    "signer_title": "PHÓ CHỦ TỊCH UBND PHƯỜNG",
    "signer_name": "Hàng A Vàng",
}

# Party references: (label as printed, organisation kind or None for free text).
BCD = (f"Ban chỉ đạo phong trào {PT} Phường", OrganisationKind.STEERING_COMMITTEE)
MTTQ = ("Ủy Ban mặt trận Tổ quốc Phường", OrganisationKind.FATHERLAND_FRONT)
CONG_DOAN = ("Công đoàn Phường", OrganisationKind.TRADE_UNION)
THANH_VIEN = ("Các thành viên BCD Phường", OrganisationKind.STEERING_MEMBERS)
TO_DAN_PHO = ("Các tổ dân phố", OrganisationKind.RESIDENTIAL_GROUPS)
BCD_TP = ("Các thành viên BCĐ cấp Thành phố", None)

# (content, lead, coordinating, timing, periods, category)
ACTIVITIES_2020 = [
    (
        "Hướng dẫn các tổ dân phố trên địa bàn Thành phố đăng ký các danh hiệu văn hóa năm 2020, và tổng hợp kết "
        "quả đăng ký.",
        [BCD, MTTQ], [BCD_TP], Timing.MONTHS, [2, 3], ActivityCategory.REGISTRATION,
    ),
    (
        f"Tổ chức tập huấn bồi dưỡng, nâng cao nghiệp vụ về phong trào {PT} cho thành viên BCD phong trào {PT}; "
        f"Trưởng ban Vận động phong trào {PT}, Tổ trưởng tổ dân phố",
        [BCD, MTTQ], [TO_DAN_PHO], Timing.MONTHS, [4, 5], ActivityCategory.TRAINING,
    ),
    (
        f"Triển khai các hoạt động tuyên truyền về phong trào {PT}",
        [BCD, MTTQ], [TO_DAN_PHO], Timing.YEAR, [], ActivityCategory.OUTREACH,
    ),
    (
        "Tổ chức họp Sơ kết việc thực hiện phong trào “Toàn dân đoàn kết xây dựng đời sống văn hoá” 6 tháng đầu "
        "năm, triển khai nhiệm vụ 6 tháng cuối năm.",
        [BCD, MTTQ], [TO_DAN_PHO], Timing.MONTHS, [6, 7], ActivityCategory.SEMIANNUAL_REPORT,
    ),
    (
        f"Kiểm tra, giám sát công tác triển khai thực hiện phong trào {PT} tại các tổ dân phố.",
        [MTTQ], [THANH_VIEN, TO_DAN_PHO], Timing.MONTHS, [7, 8], ActivityCategory.INSPECTION,
    ),
    (
        "Kiểm tra cơ quan đơn vị trong việc thực hiện các tiêu chuẩn công nhận danh hiệu “ Cơ quan đạt chuẩn văn "
        "hóa, đơn vị đạt chuẩn văn hóa”",
        [CONG_DOAN], [THANH_VIEN], Timing.MONTHS, [9], ActivityCategory.INSPECTION,
    ),
    (
        "Hướng dẫn bình xét các danh hiệu nếp sống văn hóa năm 2020; Hướng dẫn tổ chức các hoạt động Ngày hội Đại "
        "đoàn kết toàn dân tộc (18/11)",
        [MTTQ], [THANH_VIEN, TO_DAN_PHO], Timing.MONTHS, [10], ActivityCategory.EVALUATION,
    ),
    (
        "Triển khai tổ chức các hoạt động Ngày hội Đại đoàn kết toàn dân tộc (18/11)",
        [MTTQ], [THANH_VIEN, TO_DAN_PHO], Timing.MONTHS, [11], ActivityCategory.UNITY_FESTIVAL,
    ),
    (
        "Tổ chức họp tổng kết năm BCD phong trào “TĐĐKXD ĐSVH” Phường",
        [("Ban chỉ đạo phong trào “TĐĐKXD ĐSVH” Phường", OrganisationKind.STEERING_COMMITTEE)],
        [THANH_VIEN, TO_DAN_PHO], Timing.MONTHS, [12], ActivityCategory.ANNUAL_REPORT,
    ),
]

TARGETS_2020 = [
    {"indicator": TargetIndicator.CULTURAL_FAMILY_RATE, "label": "Gia đình văn hóa đạt", "value": Decimal("98.4"),
     "unit": TargetUnit.PERCENT},
    {"indicator": TargetIndicator.CULTURAL_GROUP_COUNT, "label": "Tổ dân phố văn hóa đạt", "value": Decimal(8),
     "unit": TargetUnit.RATIO, "denominator": 8, "suffix": "tổ dân phố duy trì danh hiệu tổ dân phố văn hóa."},
    {"indicator": TargetIndicator.CULTURAL_AGENCY_RATE, "label": "Cơ quan, đơn vị văn hóa đạt",
     "value": Decimal(100), "unit": TargetUnit.PERCENT},
    {"indicator": TargetIndicator.CIVILISED_STREET_COUNT, "label": "Tuyến phố đạt tuyến phố văn minh đô thị",
     "prefix": "duy trì", "value": Decimal(9), "unit": TargetUnit.COUNT, "suffix": "tuyến phố văn minh"},
]

FUNDING_2020 = [
    {"kind": FundingKind.BUDGET,
     "text": "Kinh phí triển khai thực hiện phong trào “ TDĐKXDĐSVH” từ nguồn ngân sách giao cho thường trực và "
     "Ban Chỉ đạo phong trào “TDĐKXDĐSVH” phường Quyết Tiến năm 2020."},
    {"kind": FundingKind.DONATION, "text": "Kinh phí được huy động từ nguồn xã hội hóa tại địa phương."},
]

RESPONSIBILITIES_2020 = [
    ("Ủy ban MTTQ Phường", OrganisationKind.FATHERLAND_FRONT, [
        "Tham mưu cho Trưởng BCD xây dựng kế hoạch triển khai thực hiện phong trào “ TDĐKXDĐSVH” trên địa bàn "
        "phường năm 2020.",
        "Căn cứ các nội dung hoạt động trọng tâm và văn bản chỉ đạo của Ban Chỉ đạo Thành phố, tham mưu Ban Chỉ đạo "
        "Phường văn bản triển khai cụ thể từng hoạt động sao cho phù hợp.",
        "Phối hợp với các tổ chức đoàn thể, Công đoàn Phường chỉ đạo, hướng dẫn các tổ dân phố triển khai đăng ký, "
        "bình xét, khen thưởng và tổng hợp danh sách đề nghị công nhận các danh hiệu văn hóa, danh sách khen thưởng "
        "năm 2020.",
        "Đẩy mạnh triển khai cuộc vận động “TDĐKXDĐSVH” ở khu dân cư. Tuyên truyền, vận động các tầng lớp Nhân dân, "
        "các dân tộc đoàn kết tham gia triển khai thực hiện phong trào.",
        "Chủ trì, hướng dẫn, đôn đốc, kiểm tra công tác đăng ký xây dựng gia đình văn hóa, tổ dân phố văn hóa trên "
        "địa bàn Phường.",
        "Chủ trì bình xét, tổng hợp và đề nghị công nhận danh hiệu gia đình văn hóa, tổ dân phố văn hóa năm 2020.",
    ]),
    ("Đề nghị Công đoàn Phường", OrganisationKind.TRADE_UNION, [
        "Chủ trì phối hợp với Ban Chỉ đạo phong trào “TDĐKXDĐSVH” phường Quyết Tiến đẩy mạnh triển khai phong trào "
        "“ cơ quan, đơn vị văn hóa”, phong trào học tập, lao động sáng tạo trong công nhân, viên chức lao động.",
        "Chủ trì, hướng dẫn, đôn đốc, kiểm tra công tác đăng ký, bình xét đề nghị công nhận cơ quan, đơn vị văn hóa "
        "trên địa bàn Phường.",
        "Chủ trì bình xét, tổng hợp và đề nghị công nhận cơ quan đơn vị văn hóa năm 2020.",
    ]),
    ("Công chức văn hóa xã hội phụ trách lĩnh vực văn hóa-thông tin", OrganisationKind.CULTURE_OFFICER, [
        "Chủ trì Tham mưu BCD, rà soát, tổ chức ký cam kết thực hiện nêu cao các tiêu chí tuyến đường phố văn minh "
        "trên địa bàn phường.",
    ]),
    ("Thành viên BCĐ Phường", OrganisationKind.STEERING_MEMBERS, [
        "Phối hợp triển khai đồng bộ các hoạt động tuyên truyền, hướng dẫn ban vận động các tổ dân phố thực hiện có "
        "hiệu quả phong trào “TĐĐKXDĐSVH” trên địa bàn Phường.",
    ]),
]

# This year's plan of phường Đoàn Kết: what differs from the copy of 2020 (synthetic demo data).
CURRENT_LEGAL_BASES = [
    "Căn cứ Luật Thi đua, khen thưởng số 06/2022/QH15;",
    "Căn cứ Nghị định số 86/2023/NĐ-CP, ngày 07/12/2023 của Chính phủ quy định khung tiêu chuẩn và trình tự, "
    "thủ tục, hồ sơ xét tặng danh hiệu “Gia đình văn hóa”; “Thôn, tổ dân phố văn hóa”, “Xã, phường, thị trấn "
    "tiêu biểu”.",
]
PROGRESS_NOTES = {
    1: "Đã hướng dẫn 8/8 tổ dân phố đăng ký danh hiệu văn hóa; tổng hợp kết quả đăng ký gửi Ban Chỉ đạo.",
    2: "Tổ chức 01 lớp tập huấn cho thành viên Ban Chỉ đạo, trưởng ban vận động và tổ trưởng 8 tổ dân phố.",
    3: "Tuyên truyền trên loa truyền thanh phường và tại các buổi sinh hoạt tổ dân phố.",
    4: "Họp sơ kết 6 tháng đầu năm, triển khai nhiệm vụ 6 tháng cuối năm.",
    5: "Kiểm tra 8/8 tổ dân phố; lập biên bản kiểm tra.",
    6: "Đã kiểm tra 4/7 cơ quan, đơn vị; còn 3 đơn vị chưa kiểm tra.",
    7: "Đã hướng dẫn các tổ dân phố bình xét danh hiệu và chuẩn bị Ngày hội Đại đoàn kết.",
    8: "8/8 tổ dân phố tổ chức Ngày hội Đại đoàn kết toàn dân tộc; đang tổng hợp báo cáo.",
}
#: Left unfinished on purpose so the demo shows an overdue activity.
LATE_ACTIVITY = 6


def _parties(refs: list[tuple[str, str | None]], orgs: dict[str, object]) -> list[Party]:
    return [Party(label, organisation=orgs[kind] if kind else None) for label, kind in refs]  # type: ignore[arg-type]


def load_2020(ctx: DemoContext) -> Plan:
    ward = ctx.ward_2020
    existing = Plan.objects.filter(ward=ward, year=YEAR_2020).first()
    if existing is not None:
        return existing
    actor = ctx.actor
    orgs = services.ensure_default_organisations(ward, actor=actor)
    plan = services.create_plan(actor=actor, ward=ward, year=YEAR_2020, **PLAN_2020)
    for content, lead, coord, timing, periods, category in ACTIVITIES_2020:
        services.create_activity(
            plan,
            actor=actor,
            content=content,
            lead=_parties(lead, orgs),
            coordinating=_parties(coord, orgs),
            timing=timing,
            periods=periods,
            category=category,
        )
    services.save_parts(plan, "targets", TARGETS_2020, actor=actor)
    services.save_parts(plan, "funding_sources", FUNDING_2020, actor=actor)
    services.save_parts(
        plan,
        "responsibilities",
        [{"heading": h, "organisation": orgs[k], "tasks": tasks} for h, k, tasks in RESPONSIBILITIES_2020],
        actor=actor,
    )
    # The 2020 plan was carried out: every activity done by the end of its months.
    for activity in plan.ordered_activities():
        services.report_progress(
            activity, actor=actor, status=ActivityStatus.DONE, on=activity.window_end(), note="Đã thực hiện."
        )
    return plan


def _demo_photo(title: str) -> SimpleUploadedFile:
    """A small generated picture standing in for a photo of the event."""
    from PIL import Image, ImageDraw

    img = Image.new("RGB", (480, 320), (214, 234, 216))
    draw = ImageDraw.Draw(img)
    draw.rectangle((16, 16, 464, 304), outline=(25, 135, 84), width=6)
    draw.text((40, 140), title, fill=(20, 60, 30))
    buf = io.BytesIO()
    img.save(buf, "JPEG", quality=80)
    return SimpleUploadedFile("anh-hoat-dong.jpg", buf.getvalue(), content_type="image/jpeg")


def load_current(ctx: DemoContext, source: Plan) -> Plan | None:
    now = today()
    year = max(2026, now.year)
    ward = ctx.ward
    if Plan.objects.filter(ward=ward, year=year).exists():
        return None
    actor = ctx.actor
    plan = services.copy_plan(source, actor=actor, year=year, ward=ward)
    plan = services.update_plan(
        plan,
        actor=actor,
        legal_bases=CURRENT_LEGAL_BASES,
        number="03",
        issued_on=date(year, 1, 20),
        recipients=[
            f"BCĐ PT {PT} Tỉnh",
            "TT Đảng ủy, HĐND, UBND Phường",
            f"Thành viên BCĐ PT {PT} Phường",
            "Ban Vận động các tổ dân phố",
            "Lưu: VT",
        ],
        signer_name="Nguyễn Văn Trưởng",
    )
    activities = plan.ordered_activities()
    first = activities[0]
    services.update_activity(
        first,
        actor=actor,
        content=first.content.replace("trên địa bàn Thành phố", "trên địa bàn Phường"),
        coordinating=["Các thành viên BCĐ cấp Tỉnh"],
    )
    for n, activity in enumerate(activities, start=1):
        start, end = activity.window_start(), activity.window_end()
        if start > now:
            continue  # not started yet
        note = PROGRESS_NOTES.get(n, "Đang triển khai.")
        begun = min(now, start + timedelta(days=5))
        services.report_progress(activity, actor=actor, status=ActivityStatus.IN_PROGRESS, on=begun)
        if end < now and n != LATE_ACTIVITY:
            services.report_progress(
                activity,
                actor=actor,
                status=ActivityStatus.DONE,
                on=end - timedelta(days=3),
                note=note,
                files=[_demo_photo(f"Hoat dong {n} - {year}")],
                kind=AttachmentKind.PHOTO,
            )
        else:
            services.report_progress(activity, actor=actor, on=min(now, begun + timedelta(days=7)), note=note)
    return plan


def load(ctx: DemoContext) -> None:
    plan_2020 = load_2020(ctx)
    current = load_current(ctx, plan_2020)
    ctx.say(
        f"Kế hoạch: {plan_2020} ({plan_2020.activities.count()} hoạt động)"
        + (f"; {current} (sao chép, đang theo dõi tiến độ)." if current else ".")
    )
