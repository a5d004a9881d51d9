"""The rules shipped with the app, as data. Sources: /work/shared/domain/legal-brief.md §2–§7 and
legal-followup.md (which wins where they differ). Every rule names its article; what the briefs mark
UNCONFIRMED is flagged (`unconfirmed` True, or listed in a rule set's `unconfirmed` dict with a note) so the
pages show it and an administrator can correct it.

`load_rules(get_model)` creates what is missing and never overwrites what an administrator changed. The data
migration 0002 calls it with the historical models; `load_demo` and `manage.py load_title_rules` call it too.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable
from datetime import date
from decimal import Decimal
from typing import Any

from vanhoa.titles.rules_tt08 import TT08_AGENCY_CRITERIA

ND122 = "Nghị định số 122/2018/NĐ-CP ngày 17/9/2018 của Chính phủ"
ND86 = "Nghị định số 86/2023/NĐ-CP ngày 07/12/2023 của Chính phủ"
TT08 = "Thông tư số 08/2014/TT-BVHTTDL của Bộ Văn hóa, Thể thao và Du lịch"
LAI_CHAU = "12"  # province code, the same in the pre-2025 and the 2025 lists

UNCONFIRMED_CAP_ROUNDING = (
    "Cách làm tròn chỉ tiêu 15% không thấy trong văn bản; mặc định làm tròn xuống (legal-brief §2.2, title-cycle §3)."
)

TITLE_TYPES: list[dict[str, Any]] = [
    {"code": "gdvh", "name": "Gia đình văn hóa", "subject_kind": "household", "order": 10},
    {
        "code": "tdpvh",
        "name": "Tổ dân phố văn hóa",
        "subject_kind": "group",
        "order": 20,
        "note": "Theo NĐ 122/2018 gọi chung là 'Khu dân cư văn hóa'; theo NĐ 86/2023 là 'Thôn, tổ dân phố văn hóa'.",
    },
    {"code": "cqvh", "name": "Cơ quan, đơn vị, doanh nghiệp đạt chuẩn văn hóa", "subject_kind": "agency", "order": 30},
    {"code": "tpvm", "name": "Tuyến phố văn minh đô thị", "subject_kind": "street", "order": 40},
    {
        "code": "xptt",
        "name": "Xã, phường, thị trấn tiêu biểu",
        "subject_kind": "commune",
        "order": 50,
        "active": False,
        "note": "Luật Thi đua, khen thưởng 2022 Điều 29; NĐ 86/2023 Phụ lục III. Chưa có bộ quy định.",
    },
    {
        "code": "dhvh",
        "name": "Dòng họ văn hóa",
        "subject_kind": "clan",
        "order": 60,
        "active": False,
        "note": "Danh hiệu do một số tỉnh quy định; chưa có bộ quy định.",
    },
]

DECIDERS: list[dict[str, Any]] = [
    {
        "title": "gdvh",
        "valid_from": date(2018, 11, 5),
        "valid_to": None,
        "level": "commune",
        "position": "Chủ tịch Ủy ban nhân dân cấp xã",
        "source": "NĐ 122/2018 Điều 9 khoản 5; NĐ 86/2023 Điều 8 khoản 1",
    },
    {
        "title": "tdpvh",
        "valid_from": date(2018, 11, 5),
        "valid_to": date(2025, 6, 30),
        "level": "district",
        "position": "Chủ tịch Ủy ban nhân dân cấp huyện",
        "source": "NĐ 122/2018 Điều 15; Luật Thi đua, khen thưởng 2022 Điều 80 khoản 2",
    },
    {
        "title": "tdpvh",
        "valid_from": date(2025, 7, 1),
        "valid_to": None,
        "level": "commune",
        "position": "Chủ tịch Ủy ban nhân dân cấp xã",
        "source": "NĐ 129/2025/NĐ-CP (legal-followup §3)",
        "unconfirmed": True,
        "note": "Số điều trong NĐ 129/2025 chưa xác minh (nguồn thứ cấp).",
    },
    {
        "title": "cqvh",
        "scope": "first",
        "valid_from": date(2014, 10, 1),
        "valid_to": date(2025, 6, 30),
        "level": "district",
        "position": "Chủ tịch Ủy ban nhân dân cấp huyện",
        "source": "TT 08/2014/TT-BVHTTDL Điều 7",
    },
    {
        "title": "cqvh",
        "scope": "renewal",
        "valid_from": date(2014, 10, 1),
        "valid_to": None,
        "level": "province",
        "position": "Chủ tịch Ủy ban nhân dân cấp tỉnh",
        "source": "TT 08/2014/TT-BVHTTDL Điều 7",
    },
    {
        "title": "cqvh",
        "scope": "first",
        "valid_from": date(2025, 7, 1),
        "valid_to": None,
        "level": "commune",
        "position": "Chủ tịch Ủy ban nhân dân cấp xã",
        "source": "Sau 01/07/2025 (không còn cấp huyện)",
        "unconfirmed": True,
        "note": "Ai giữ thẩm quyền cấp huyện sau 01/07/2025 chưa xác minh (legal-brief §6).",
    },
    {
        "title": "tpvm",
        "valid_from": date(2013, 1, 1),
        "valid_to": None,
        "level": "province",
        "position": "Chủ tịch Ủy ban nhân dân cấp tỉnh",
        "source": "Quy định của tỉnh (legal-brief §7.3)",
        "unconfirmed": True,
        "note": "Quy định của tỉnh Lai Châu về tuyến phố văn minh đô thị chưa tìm thấy.",
    },
    {
        "title": "xptt",
        "valid_from": date(2024, 1, 30),
        "valid_to": None,
        "level": "province",
        "position": "Chủ tịch Ủy ban nhân dân cấp tỉnh",
        "source": "Luật Thi đua, khen thưởng 2022 Điều 79 khoản 4",
    },
]


def _std(code: str, title: str, source: str, **kw: Any) -> dict[str, Any]:
    return {"code": code, "standard": "", "title": title, "source": source, **kw}


def _item(standard: str, n: int, title: str, source: str, **kw: Any) -> dict[str, Any]:
    return {"code": f"{standard}.{n}", "standard": standard, "title": title, "source": source, **kw}


ND122_HOUSEHOLD_CRITERIA = [
    _std(
        "1",
        "Gương mẫu chấp hành chủ trương của Đảng, chính sách, pháp luật của Nhà nước; tích cực tham gia "
        "các phong trào thi đua của địa phương nơi cư trú",
        "NĐ 122/2018 Điều 6 khoản 1",
    ),
    _item("1", 1, "Các thành viên chấp hành tốt pháp luật, quy định của địa phương", "NĐ 122/2018 Điều 6 khoản 1"),
    _item("1", 2, "Thực hiện hương ước, quy ước của cộng đồng", "NĐ 122/2018 Điều 6 khoản 1"),
    _item("1", 3, "Treo cờ Tổ quốc vào các ngày lễ, Tết theo quy định", "NĐ 122/2018 Điều 6 khoản 1"),
    _std(
        "2",
        "Gia đình hòa thuận, hạnh phúc, tiến bộ; tương trợ giúp đỡ mọi người trong cộng đồng",
        "NĐ 122/2018 Điều 6 khoản 2",
    ),
    _std(
        "3",
        "Tổ chức lao động, sản xuất, kinh doanh, công tác, học tập đạt năng suất, chất lượng, hiệu quả",
        "NĐ 122/2018 Điều 6 khoản 3",
    ),
]
ND122_ITEMS_NOTE = "Nghị định có 24 tiêu chí; danh sách đầy đủ các tiêu chí chưa truy xuất được (legal-brief §2.1)."

ND122_HOUSEHOLD_EXCLUSIONS = [
    ("1", "Có thành viên bị truy cứu trách nhiệm hình sự hoặc bị áp dụng biện pháp xử lý hành chính"),
    ("2", "Có thành viên không thực hiện nghĩa vụ quân sự hoặc nghĩa vụ nộp thuế"),
    ("3", "Có thành viên bị xử phạt vi phạm hành chính về xây dựng, phòng cháy chữa cháy hoặc môi trường"),
    ("4", "Có thành viên tảo hôn hoặc kết hôn cận huyết thống"),
    ("5", "Có thành viên có hành vi bạo lực gia đình đã bị xử phạt"),
    ("6", "Có thành viên vi phạm về tệ nạn xã hội (ma túy, mại dâm, trộm cắp, tổ chức đánh bạc, đánh bạc)"),
    ("7", "Có thành viên tham gia tụ tập đông người gây mất trật tự công cộng"),
]

ND86_HOUSEHOLD_CRITERIA = [
    _std(
        "I",
        "Gương mẫu chấp hành tốt chủ trương của Đảng, chính sách, pháp luật của Nhà nước",
        "NĐ 86/2023 Điều 6 khoản 1, Phụ lục I",
    ),
    _item("I", 1, "Các thành viên chấp hành chủ trương của Đảng, chính sách, pháp luật của Nhà nước", "Phụ lục I"),
    _item("I", 2, "Thực hiện nếp sống văn minh trong việc cưới, việc tang và lễ hội", "Phụ lục I"),
    _item("I", 3, "Giữ gìn an ninh trật tự, phòng cháy chữa cháy", "Phụ lục I"),
    _item("I", 4, "Tuân thủ quy định về tiếng ồn, không gây ảnh hưởng đến cộng đồng", "Phụ lục I"),
    _std(
        "II",
        "Tích cực tham gia các phong trào thi đua lao động, sản xuất, học tập, bảo vệ an ninh trật tự của địa phương",
        "NĐ 86/2023 Điều 6 khoản 1, Phụ lục I",
    ),
    _item("II", 1, "Bảo vệ di tích, danh lam thắng cảnh, cảnh quan, môi trường nơi cư trú", "Phụ lục I"),
    _item(
        "II",
        2,
        "Tham gia hoạt động từ thiện, nhân đạo, đền ơn đáp nghĩa, khuyến học, khuyến tài, xây dựng gia đình học tập",
        "Phụ lục I",
    ),
    _item("II", 3, "Tham gia các hoạt động của cộng đồng nơi cư trú", "Phụ lục I"),
    _item("II", 4, "Tham gia các phong trào phát triển kinh tế, văn hóa, xã hội của địa phương", "Phụ lục I"),
    _item("II", 5, "Thành viên trong độ tuổi lao động có việc làm, thu nhập hợp pháp", "Phụ lục I"),
    _item("II", 6, "Trẻ em trong độ tuổi đi học được đến trường", "Phụ lục I"),
    _std(
        "III",
        "Gia đình no ấm, tiến bộ, hạnh phúc, văn minh; gắn bó, đoàn kết, tương trợ trong cộng đồng",
        "NĐ 86/2023 Điều 6 khoản 1, Phụ lục I",
    ),
    _item("III", 1, "Thực hiện Bộ tiêu chí ứng xử trong gia đình", "Phụ lục I"),
    _item("III", 2, "Thực hiện chính sách dân số, hôn nhân và gia đình", "Phụ lục I"),
    _item(
        "III",
        3,
        "Thực hiện mục tiêu bình đẳng giới, phòng, chống bạo lực gia đình và các nội dung còn lại của tiêu chuẩn III",
        "Phụ lục I",
        unconfirmed=True,
        note="Các mục cuối của tiêu chuẩn III bị cắt trong mọi nguồn đã xem (legal-followup §1b).",
    ),
]

ND86_HOUSEHOLD_EXCLUSIONS = [
    ("a", "Có thành viên đang bị truy cứu trách nhiệm hình sự"),
    ("b", "Có thành viên không hoàn thành nghĩa vụ quân sự hoặc nghĩa vụ nộp thuế"),
    (
        "c",
        "Có thành viên bị xử phạt vi phạm hành chính về tảo hôn, tổ chức tảo hôn hoặc vi phạm chế độ hôn nhân "
        "một vợ một chồng, kết hôn, ly hôn",
    ),
    (
        "d",
        "Có thành viên bị xử phạt vi phạm hành chính về trật tự công cộng, đánh bạc trái phép, phòng, chống tệ "
        "nạn xã hội, phòng cháy chữa cháy, cứu nạn cứu hộ hoặc phòng, chống bạo lực gia đình",
    ),
]

ND122_GROUP_CRITERIA = [
    _std("1", "Đời sống kinh tế ổn định và từng bước phát triển", "NĐ 122/2018 Điều 12 khoản 1"),
    _std("2", "Đời sống văn hóa, tinh thần lành mạnh, phong phú", "NĐ 122/2018 Điều 12 khoản 2"),
    _std("3", "Môi trường cảnh quan sạch đẹp", "NĐ 122/2018 Điều 12 khoản 3"),
    _std("4", "Chấp hành tốt chủ trương của Đảng, chính sách, pháp luật của Nhà nước", "NĐ 122/2018 Điều 12 khoản 4"),
    _std("5", "Có tinh thần đoàn kết, tương trợ, giúp đỡ lẫn nhau trong cộng đồng", "NĐ 122/2018 Điều 12 khoản 5"),
]

ND86_GROUP_CRITERIA = [
    _std("I", "Đời sống kinh tế ổn định và phát triển", "NĐ 86/2023 Điều 6 khoản 2, Phụ lục II"),
    _item("I", 1, "Tỷ lệ người trong độ tuổi lao động có việc làm, thu nhập ổn định", "Phụ lục II"),
    _item("I", 2, "Tỷ lệ hộ nghèo, hộ cận nghèo thấp", "Phụ lục II"),
    _item("I", 3, "Có nghề truyền thống hoặc có đóng góp về văn hóa, khoa học, công nghệ", "Phụ lục II"),
    _item("I", 4, "Tham gia các phong trào phát triển kinh tế, văn hóa, xã hội của địa phương", "Phụ lục II"),
    _std("II", "Đời sống văn hóa, tinh thần lành mạnh, phong phú", "NĐ 86/2023 Điều 6 khoản 2, Phụ lục II"),
    _item("II", 1, "Có nhà văn hóa, sân thể thao, điểm đọc sách phù hợp", "Phụ lục II"),
    _item("II", 2, "Trẻ em trong độ tuổi đi học được đến trường", "Phụ lục II"),
    _item("II", 3, "Duy trì hoạt động văn hóa, văn nghệ, thể dục thể thao, vui chơi giải trí", "Phụ lục II"),
    _item("II", 4, "Tỷ lệ hộ thực hiện nếp sống văn minh trong việc cưới, việc tang, lễ hội", "Phụ lục II"),
    _item("II", 5, "Làm tốt công tác hòa giải ở cơ sở, phòng, chống tệ nạn xã hội", "Phụ lục II"),
    _item("II", 6, "Bảo tồn giá trị di sản, văn hóa, thể thao dân gian", "Phụ lục II"),
    _std("III", "Môi trường an toàn, thân thiện, cảnh quan sạch đẹp", "NĐ 86/2023 Điều 6 khoản 2, Phụ lục II"),
    _item("III", 1, "Hoạt động sản xuất, kinh doanh bảo đảm quy định về bảo vệ môi trường", "Phụ lục II"),
    _item("III", 2, "Việc mai táng, hỏa táng đúng quy định, phù hợp quy hoạch của địa phương", "Phụ lục II"),
    _item(
        "III",
        3,
        "Các địa điểm công cộng … (và các mục tiếp theo của tiêu chuẩn III)",
        "Phụ lục II",
        unconfirmed=True,
        note="Nội dung từ mục III.3 chưa truy xuất được (legal-followup §1d).",
    ),
    _std(
        "IV",
        "Chấp hành tốt chủ trương của Đảng, chính sách, pháp luật của Nhà nước; giữ vững trật tự, an toàn "
        "xã hội; tích cực tham gia các phong trào thi đua của địa phương",
        "Luật Thi đua, khen thưởng 2022 Điều 30; NĐ 86/2023 Phụ lục II",
        note="Các tiêu chí cụ thể của tiêu chuẩn IV chưa truy xuất được; do tỉnh quy định chi tiết.",
        unconfirmed=True,
    ),
    _std(
        "V",
        "Tinh thần đoàn kết, tương trợ, giúp đỡ lẫn nhau trong cộng đồng",
        "Luật Thi đua, khen thưởng 2022 Điều 30; NĐ 86/2023 Phụ lục II",
        note="Các tiêu chí cụ thể của tiêu chuẩn V chưa truy xuất được; do tỉnh quy định chi tiết.",
        unconfirmed=True,
    ),
]

# No rule of Lai Châu on "tuyến phố văn minh đô thị" was found (legal-followup §5). The items below are the common
# items of other provinces' rules (Bình Dương QĐ 61/2018, Bình Định), kept as a draft for the province to confirm:
# each is marked unconfirmed with its origin, and no paper citing the set is printed until the province's own
# document (number, date) is entered (vanhoa.titles.bases.rule_set_citation).
STREET_DRAFT = "Dự thảo theo mẫu của tỉnh khác (Bình Dương QĐ 61/2018, Bình Định), chưa phải quy định của tỉnh"
STREET_NOTE = (
    "Chưa có quy định của tỉnh Lai Châu (legal-followup §5): nội dung là mẫu của tỉnh khác; thay bằng tiêu chí trong "
    "văn bản của tỉnh khi nhập số, ngày văn bản."
)


def _street(code: str, title: str, standard: str = "", n: int = 0) -> dict[str, Any]:
    row = _item(standard, n, title, STREET_DRAFT) if standard else _std(code, title, STREET_DRAFT)
    return {**row, "unconfirmed": True, "note": STREET_NOTE}


STREET_CRITERIA = [
    _street("1", "Văn minh đô thị và môi trường"),
    _street("", "Các hộ mặt tiền ký cam kết giữ vệ sinh, trật tự, không quảng cáo trái phép", "1", 1),
    _street("", "Treo cờ Tổ quốc vào các ngày lễ; không phơi quần áo trước mặt tiền", "1", 2),
    _street("", "Vệ sinh môi trường, thu gom rác đúng giờ, đúng nơi quy định", "1", 3),
    _street("2", "Kiến trúc, cảnh quan và hạ tầng kỹ thuật"),
    _street("", "Không xây dựng trái phép; vỉa hè thông thoáng, có lối đi cho người khuyết tật", "2", 1),
    _street("", "Dây cáp gọn gàng hoặc được hạ ngầm; biển hiệu, quảng cáo đúng quy định", "2", 2),
    _street("3", "Trật tự đô thị và an toàn giao thông"),
    _street("", "Không lấn chiếm lòng đường, vỉa hè để kinh doanh, buôn bán", "3", 1),
    _street("", "Không có điểm phức tạp về an ninh trật tự, tai nạn giao thông", "3", 2),
]


RULE_SETS: list[dict[str, Any]] = [
    {
        "code": "nd122-2018/household",
        "title": "gdvh",
        "name": "Xét tặng danh hiệu Gia đình văn hóa theo Nghị định 122/2018/NĐ-CP",
        "legal_basis": f"{ND122} quy định về xét tặng danh hiệu “Gia đình văn hóa”; “Thôn văn hóa”, “Làng văn "
        "hóa”, “Ấp văn hóa”, “Bản văn hóa”, “Tổ dân phố văn hóa”",
        "legal_short": "NĐ 122/2018/NĐ-CP",
        "regime": "nd122",
        "valid_from": date(2018, 11, 5),
        "valid_to": date(2024, 1, 29),
        "review_body": "Cuộc họp bình xét của thôn, tổ dân phố (khu dân cư)",
        "has_self_assessment": True,
        "pass_kind": "points",
        "pass_marks": {"default": 85, "urban_central_city": 90, "disadvantaged_or_poor": 60},
        "pass_marks_source": "NĐ 122/2018 Điều 5 khoản 3 (theo hỏi đáp thuvienphapluat)",
        "quorum_pct": Decimal(60),
        "approval_pct": Decimal(60),
        "voting_methods": ["show_of_hands", "secret_ballot"],
        "meeting_source": "NĐ 122/2018 Điều 9 khoản 3",
        "public_notice_days": None,
        "file_days": 3,
        "file_day_count": "working",
        "decide_days": 5,
        "decide_day_count": "working",
        "deadline_source": "NĐ 122/2018 Điều 9 khoản 4, 5",
        "decision_form": "Mẫu số 11",
        "minutes_form": "Mẫu số 07",
        "unconfirmed": {
            "pass_marks_source": "Số điều (khoản 3 Điều 5) do trang hỏi đáp dẫn, chưa đối chiếu văn bản gốc.",
        },
        "criteria": ND122_HOUSEHOLD_CRITERIA,
        "criteria_note": ND122_ITEMS_NOTE,
        "exclusions": [(c, t, "NĐ 122/2018 Điều 7") for c, t in ND122_HOUSEHOLD_EXCLUSIONS],
        "dossier": [
            ("proposal", "Văn bản đề nghị của Trưởng khu dân cư", "", "NĐ 122/2018 Điều 8 điểm a"),
            (
                "registration",
                "Bản đăng ký tham gia thi đua xây dựng danh hiệu Gia đình văn hóa",
                "Mẫu số 01",
                "NĐ 122/2018 Điều 8 điểm b",
            ),
            ("self_assessment", "Bảng tự đánh giá thực hiện tiêu chí", "Mẫu số 03", "NĐ 122/2018 Điều 8 điểm b"),
            ("minutes", "Biên bản họp bình xét của khu dân cư", "Mẫu số 07", "NĐ 122/2018 Điều 8 điểm c"),
        ],
        "commendation": {
            "code": "nd122-2018/household/giay-khen",
            "name": "Giấy khen Gia đình văn hóa",
            "after_consecutive_years": 3,
            "cap_pct": Decimal(15),
            "cap_rounding": "floor",
            "decider_level": "commune",
            "decider_position": "Chủ tịch Ủy ban nhân dân cấp xã",
            "source": "NĐ 122/2018/NĐ-CP; TTHC 1.001120 (dichvucong.gov.vn)",
            "unconfirmed": {"cap_rounding": UNCONFIRMED_CAP_ROUNDING},
            "note": "Sau khi được tặng Giấy khen, số năm liên tục được tính lại (trả lời của Bộ VHTTDL, "
            "baochinhphu.vn 24/11/2023).",
        },
    },
    {
        "code": "nd122-2018/group",
        "title": "tdpvh",
        "name": "Xét tặng danh hiệu Khu dân cư văn hóa (tổ dân phố văn hóa) theo Nghị định 122/2018/NĐ-CP",
        "legal_basis": f"{ND122} quy định về xét tặng danh hiệu “Gia đình văn hóa”; “Thôn văn hóa”, “Làng văn "
        "hóa”, “Ấp văn hóa”, “Bản văn hóa”, “Tổ dân phố văn hóa”",
        "legal_short": "NĐ 122/2018/NĐ-CP",
        "regime": "nd122",
        "valid_from": date(2018, 11, 5),
        "valid_to": date(2024, 1, 29),
        "review_body": "Cuộc họp bình xét của Ủy ban nhân dân cấp xã",
        "has_self_assessment": True,
        "pass_kind": "points",
        "pass_marks": {"default": 80, "disadvantaged": 60},
        "pass_marks_source": "Quy định của Cà Mau (legal-brief §2.3)",
        "quorum_pct": Decimal(60),
        "approval_pct": Decimal(60),
        "voting_methods": ["show_of_hands", "secret_ballot"],
        "meeting_source": "NĐ 122/2018 Điều 15",
        "file_days": 3,
        "file_day_count": "working",
        "decide_days": 5,
        "decide_day_count": "working",
        "deadline_source": "NĐ 122/2018 Điều 15",
        "minutes_form": "",
        "unconfirmed": {
            "pass_marks": "Mức 80/60 điểm thấy ở quy định của Cà Mau; chưa rõ là mức toàn quốc (legal-brief §2.3).",
        },
        "criteria": ND122_GROUP_CRITERIA,
        "criteria_note": "Nghị định có 27 tiêu chí; danh sách đầy đủ chưa truy xuất được (legal-brief §2.3).",
        "exclusions": [],
        "dossier": [
            ("proposal", "Văn bản đề nghị của Ủy ban nhân dân cấp xã", "", "NĐ 122/2018 Điều 14"),
            ("registration", "Bản đăng ký và bảng tự đánh giá của khu dân cư", "", "NĐ 122/2018 Điều 14"),
            ("minutes", "Biên bản họp bình xét", "", "NĐ 122/2018 Điều 14"),
        ],
        "dossier_unconfirmed": "Danh mục và số mẫu của Điều 14 chưa truy xuất được (legal-brief §2.3).",
        "commendation": {
            "code": "nd122-2018/group/giay-khen",
            "name": "Giấy khen Khu dân cư văn hóa",
            "after_consecutive_years": 5,
            "cap_pct": Decimal(15),
            "cap_rounding": "floor",
            "decider_level": "district",
            "decider_position": "Chủ tịch Ủy ban nhân dân cấp huyện",
            "source": "NĐ 122/2018 Điều 16–17; TTHC 207267",
            "unconfirmed": {"cap_rounding": UNCONFIRMED_CAP_ROUNDING},
        },
    },
    {
        "code": "nd86-2023/household",
        "title": "gdvh",
        "name": "Xét tặng danh hiệu Gia đình văn hóa theo Nghị định 86/2023/NĐ-CP (khung tiêu chuẩn toàn quốc)",
        "legal_basis": f"{ND86} quy định khung tiêu chuẩn và trình tự, thủ tục, hồ sơ xét tặng danh hiệu “Gia "
        "đình văn hóa”; “Thôn, tổ dân phố văn hóa”; “Xã, phường, thị trấn tiêu biểu”",
        "legal_short": "NĐ 86/2023/NĐ-CP",
        "regime": "nd86",
        "valid_from": date(2024, 1, 30),
        "valid_to": None,
        "review_body": "Cuộc họp do Trưởng thôn, Tổ trưởng tổ dân phố chủ trì cùng Trưởng ban Công tác Mặt trận",
        "has_self_assessment": False,
        "pass_kind": "all",
        "quorum_pct": None,
        "approval_pct": None,
        "voting_methods": ["show_of_hands", "secret_ballot"],
        "meeting_source": "NĐ 86/2023 Điều 8 khoản 1 (không quy định tỷ lệ dự họp, tỷ lệ tán thành)",
        "public_notice_days": 10,
        "notice_source": "NĐ 86/2023 Điều 8 khoản 1",
        "decide_days": 10,
        "decide_day_count": "calendar",
        "deadline_source": "NĐ 86/2023 Điều 8 khoản 1",
        "cutoff_month": 11,
        "cutoff_day": 25,
        "cutoff_source": "NĐ 86/2023 (hoàn thành bình xét trước ngày 25 tháng 11)",
        "publish_days": 15,
        "publish_source": "NĐ 86/2023 (công bố danh sách trong 15 ngày kể từ ngày quyết định)",
        "decision_form": "Mẫu số 10 Phụ lục IV",
        "minutes_form": "Mẫu số 03 Phụ lục IV",
        "unconfirmed": {
            "decide_day_count": "Chưa rõ 10 ngày là ngày làm việc hay ngày lịch; mặc định ngày lịch.",
            "cutoff_source": "Hạn 25/11 nằm ở Điều 4 hay Điều 5 chưa xác minh (legal-followup §1a).",
            "publish_source": "Nghĩa vụ công bố 15 ngày nằm ở Điều 4 hay Điều 5 chưa xác minh (legal-followup §1a).",
        },
        "note": "Tỉnh quy định chi tiết tiêu chuẩn và thang điểm; quy định của tỉnh Lai Châu chưa tìm thấy, "
        "nên áp dụng khung tiêu chuẩn toàn quốc.",
        "criteria": ND86_HOUSEHOLD_CRITERIA,
        "exclusions": [(c, t, f"NĐ 86/2023 Điều 6 khoản 4 điểm {c}") for c, t in ND86_HOUSEHOLD_EXCLUSIONS],
        "dossier": [
            (
                "proposal",
                "Văn bản đề nghị xét tặng danh hiệu “Gia đình văn hóa”",
                "Mẫu số 01",
                "NĐ 86/2023 Điều 7 khoản 1 điểm a",
            ),
            (
                "summary",
                "Bảng tổng hợp danh sách hộ gia đình đạt tiêu chuẩn và kết quả lấy ý kiến người dân",
                "Mẫu số 02",
                "NĐ 86/2023 Điều 7 khoản 1 điểm b",
            ),
            ("minutes", "Biên bản họp bình xét", "Mẫu số 03", "NĐ 86/2023 Điều 7 khoản 1 điểm c"),
        ],
    },
    {
        "code": "nd86-2023/group",
        "title": "tdpvh",
        "name": "Xét tặng danh hiệu Thôn, tổ dân phố văn hóa theo Nghị định 86/2023/NĐ-CP (khung tiêu chuẩn)",
        "legal_basis": f"{ND86} quy định khung tiêu chuẩn và trình tự, thủ tục, hồ sơ xét tặng danh hiệu “Gia "
        "đình văn hóa”; “Thôn, tổ dân phố văn hóa”; “Xã, phường, thị trấn tiêu biểu”",
        "legal_short": "NĐ 86/2023/NĐ-CP",
        "regime": "nd86",
        "valid_from": date(2024, 1, 30),
        "valid_to": None,
        "review_body": "Hội đồng Thi đua – Khen thưởng cấp xã",
        "has_self_assessment": False,
        "pass_kind": "all",
        "voting_methods": ["show_of_hands", "secret_ballot"],
        "meeting_source": "NĐ 86/2023 Điều 8 khoản 2",
        "public_notice_days": 10,
        "notice_source": "NĐ 86/2023 Điều 8 khoản 2 (đăng trên trang thông tin điện tử của xã)",
        "decide_days": 10,
        "decide_day_count": "calendar",
        "deadline_source": "NĐ 86/2023 Điều 8 khoản 2",
        "cutoff_month": 11,
        "cutoff_day": 25,
        "cutoff_source": "NĐ 86/2023 (hoàn thành bình xét trước ngày 25 tháng 11)",
        "publish_days": 15,
        "publish_source": "NĐ 86/2023 (công bố danh sách trong 15 ngày kể từ ngày quyết định)",
        "decision_form": "Mẫu số 11 Phụ lục IV",
        "minutes_form": "Mẫu số 06 Phụ lục IV",
        "unconfirmed": {
            "cutoff_month": "Hạn 25/11 áp dụng cho Thôn, tổ dân phố chưa xác minh (legal-followup §1g).",
            "decision_form": "Số mẫu 11 được suy ra từ thứ tự các mẫu (legal-followup §1h).",
            "decide_day_count": "Chưa rõ ngày làm việc hay ngày lịch; mặc định ngày lịch.",
        },
        "note": "Tiêu chuẩn IV, V và từ mục III.3 chưa truy xuất được; người quản trị bổ sung theo quy định của tỉnh.",
        "criteria": ND86_GROUP_CRITERIA,
        "exclusions": [],
        "dossier": [
            (
                "proposal",
                "Tờ trình đề nghị xét tặng danh hiệu “Thôn, tổ dân phố văn hóa”",
                "Mẫu số 04",
                "NĐ 86/2023 Điều 7 khoản 2 điểm a",
            ),
            ("report", "Báo cáo thành tích", "Mẫu số 05", "NĐ 86/2023 Điều 7 khoản 2 điểm b"),
            ("minutes", "Biên bản họp bình xét", "Mẫu số 06", "NĐ 86/2023 Điều 7 khoản 2 điểm c"),
        ],
    },
    {
        "code": "tt08-2014/agency",
        "title": "cqvh",
        "name": "Công nhận Cơ quan, đơn vị, doanh nghiệp đạt chuẩn văn hóa theo Thông tư 08/2014/TT-BVHTTDL",
        "legal_basis": f"{TT08} quy định chi tiết tiêu chuẩn, trình tự, thủ tục xét và công nhận “Cơ quan đạt chuẩn "
        "văn hóa”, “Đơn vị đạt chuẩn văn hóa”, “Doanh nghiệp đạt chuẩn văn hóa”",
        "legal_short": "TT 08/2014/TT-BVHTTDL",
        "regime": "tt08",
        "valid_from": date(2014, 10, 1),
        "valid_to": None,
        "periodicity_years": 1,
        "first_after_years": 2,
        "renewal_years": 5,
        "review_body": "Ban Chỉ đạo phong trào kiểm tra; Công đoàn cơ sở lập báo cáo",
        "pass_kind": "all",
        "voting_methods": ["show_of_hands"],
        "meeting_source": "TT 08/2014 Điều 7",
        "unconfirmed": {
            "valid_to": "Thông tư 08/2014 có được sửa đổi, thay thế sau 2024 hay không chưa xác minh (legal-brief §6).",
            "criteria": "Tiêu chuẩn lấy theo cổng TTĐT tỉnh Quảng Ngãi và Báo Khánh Hòa; chưa mở được nguyên văn "
            "Thông tư (legal-brief §13 điểm 7).",
        },
        "note": "Ba danh hiệu theo loại: Cơ quan, Đơn vị (3 tiêu chuẩn), Doanh nghiệp (4 tiêu chuẩn) đạt chuẩn văn "
        "hóa. Xây dựng ít nhất 2 năm kể từ khi đăng ký mới xét công nhận lần đầu; giữ vững hằng năm (báo cáo của "
        "Công đoàn cơ sở); 5 năm sau lần công nhận thì xét công nhận lại.",
        "criteria": TT08_AGENCY_CRITERIA,
        "exclusions": [],
        "dossier": [
            (
                "report",
                "Báo cáo thành tích xây dựng cơ quan đạt chuẩn văn hóa (2 năm lần đầu, 5 năm công nhận lại) do "
                "Công đoàn cơ quan lập, có xác nhận của thủ trưởng",
                "",
                "TT 08/2014 Điều 7",
            ),
            ("proposal", "Văn bản đề nghị của Ban Chỉ đạo phong trào cấp huyện (cấp tỉnh)", "", "TT 08/2014 Điều 7"),
            ("inspection", "Biên bản kiểm tra của Ban Chỉ đạo", "", "TT 08/2014 Điều 7"),
        ],
    },
    {
        "code": "provincial-lc/street",
        "title": "tpvm",
        "name": "Công nhận Tuyến phố văn minh đô thị (tiêu chí theo mẫu quy định cấp tỉnh)",
        "legal_basis": "Quy định của Ủy ban nhân dân tỉnh về tiêu chí, trình tự công nhận “Tuyến phố văn minh đô thị”",
        "legal_short": "Quy định của tỉnh",
        "regime": "provincial",
        "province_code": LAI_CHAU,
        "valid_from": date(2013, 1, 1),
        "valid_to": None,
        "review_body": "Ủy ban nhân dân phường khảo sát, đề nghị",
        "requires_commitments": True,
        "pass_kind": "all",
        "voting_methods": ["show_of_hands"],
        "unconfirmed": {
            "legal_basis": "Quy định của tỉnh Lai Châu về tuyến phố văn minh đô thị chưa tìm thấy; tiêu chí lấy theo "
            "mẫu của Bình Dương (QĐ 61/2018) và Bình Định (legal-brief §7.3).",
            "province_code": "Bộ quy định đánh dấu là của tỉnh Lai Châu nhưng nội dung chưa được xác minh.",
        },
        "criteria": STREET_CRITERIA,
        "exclusions": [],
        "dossier": [
            ("commitments", "Bản cam kết của các hộ gia đình, cơ sở kinh doanh mặt tiền", "", "Quy định của tỉnh"),
            ("report", "Báo cáo kết quả xây dựng tuyến phố văn minh đô thị", "", "Quy định của tỉnh"),
            ("proposal", "Tờ trình đề nghị công nhận của Ủy ban nhân dân phường", "", "Quy định của tỉnh"),
        ],
        "dossier_unconfirmed": "Thành phần hồ sơ theo quy định của tỉnh Lai Châu chưa xác minh.",
    },
]


def _n(value: Any) -> Any:
    if isinstance(value, str):
        return unicodedata.normalize("NFC", value)
    if isinstance(value, dict):
        return {k: _n(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_n(v) for v in value]
    return value


RULE_SET_FIELDS = {
    "name",
    "legal_basis",
    "legal_short",
    "regime",
    "province_code",
    "valid_from",
    "valid_to",
    "periodicity_years",
    "first_after_years",
    "renewal_years",
    "review_body",
    "has_self_assessment",
    "requires_commitments",
    "pass_kind",
    "pass_marks",
    "pass_marks_source",
    "quorum_pct",
    "approval_pct",
    "voting_methods",
    "meeting_source",
    "public_notice_days",
    "notice_source",
    "file_days",
    "file_day_count",
    "decide_days",
    "decide_day_count",
    "deadline_source",
    "cutoff_month",
    "cutoff_day",
    "cutoff_source",
    "publish_days",
    "publish_source",
    "decision_form",
    "minutes_form",
    "unconfirmed",
    "note",
}


def _create_parts(get_model: Callable[[str], Any], rs: Any, spec: dict[str, Any]) -> None:
    """A new rule set's criteria, exclusions, dossier items and commendation rule, from its spec."""
    Criterion = get_model("Criterion")  # noqa: N806
    Exclusion = get_model("Exclusion")  # noqa: N806
    DossierItem = get_model("DossierItem")  # noqa: N806
    CommendationRule = get_model("CommendationRule")  # noqa: N806
    has_variants = any(f.name == "variants" for f in Criterion._meta.get_fields())  # not in migration 0002's models
    for i, c in enumerate(spec.get("criteria", []), start=1):
        note = c.get("note", "")
        if not note and spec.get("criteria_note") and not c["standard"]:
            note = spec["criteria_note"]
        Criterion.objects.create(
            rule_set=rs,
            code=c["code"],
            standard=c["standard"],
            title=c["title"],
            source=c["source"],
            points=c.get("points"),
            **({"variants": c.get("variants", [])} if has_variants else {}),
            order=i,
            unconfirmed=c.get("unconfirmed", False) or bool(spec.get("criteria_note") and not c["standard"]),
            note=note,
        )
    for i, (code, text, source) in enumerate(spec.get("exclusions", []), start=1):
        Exclusion.objects.create(rule_set=rs, code=code, text=text, source=source, order=i)
    for i, (code, name, form, source) in enumerate(spec.get("dossier", []), start=1):
        DossierItem.objects.create(
            rule_set=rs,
            code=code,
            name=name,
            form=form,
            source=source,
            order=i,
            unconfirmed=bool(spec.get("dossier_unconfirmed")),
            note=spec.get("dossier_unconfirmed", ""),
        )
    if spec.get("commendation"):
        c = spec["commendation"]
        CommendationRule.objects.create(rule_set=rs, **c)


def load_rules(get_model: Callable[[str], Any] | None = None) -> int:
    """Create the shipped title types, rule sets, and deciders that are missing. Returns how many
    rows were created. Existing rows (maybe edited by an administrator) are left alone."""
    if get_model is None:
        from django.apps import apps

        def get_model(name: str) -> Any:
            return apps.get_model("titles", name)

    TitleType = get_model("TitleType")  # noqa: N806
    RuleSet = get_model("RuleSet")  # noqa: N806
    DeciderRule = get_model("DeciderRule")  # noqa: N806
    codes = {r["code"] for r in RULE_SETS}
    if (
        RuleSet.objects.filter(code__in=codes).count() == len(codes)
        and TitleType.objects.filter(code__in=[t["code"] for t in TITLE_TYPES]).count() == len(TITLE_TYPES)
        and DeciderRule.objects.count() >= len(DECIDERS)
    ):
        return 0  # everything shipped is there (maybe edited): nothing to do
    created = 0
    types = {}
    for row in TITLE_TYPES:
        row = _n(row)
        obj, made = TitleType.objects.get_or_create(
            code=row["code"], defaults={k: v for k, v in row.items() if k != "code"}
        )
        types[obj.code] = obj
        created += made
    for row in DECIDERS:
        row = _n(row)
        exists = DeciderRule.objects.filter(
            title_type=types[row["title"]], valid_from=row["valid_from"], scope=row.get("scope", "all")
        ).exists()
        if not exists:
            DeciderRule.objects.create(
                title_type=types[row["title"]],
                scope=row.get("scope", "all"),
                valid_from=row["valid_from"],
                valid_to=row["valid_to"],
                level=row["level"],
                position=row["position"],
                source=row["source"],
                unconfirmed=row.get("unconfirmed", False),
                note=row.get("note", ""),
            )
            created += 1
    for spec in RULE_SETS:
        spec = _n(spec)
        if RuleSet.objects.filter(code=spec["code"]).exists():
            continue
        fields = {k: v for k, v in spec.items() if k in RULE_SET_FIELDS}
        rs = RuleSet.objects.create(code=spec["code"], title_type=types[spec["title"]], **fields)
        created += 1
        _create_parts(get_model, rs, spec)
        from vanhoa.titles.rules_later import apply_later_fields

        apply_later_fields(get_model, rs)
    return created
