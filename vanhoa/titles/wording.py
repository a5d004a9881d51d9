"""Issuer-aware wording of a decision: who executes it (Điều 3), who receives it (Nơi nhận) and on whose proposal
it is made (Xét đề nghị), chosen by the issuer's level (commune, district/city, province), the paper's date and
the kind of commune. Held as data with the source of each text; a province's own rows (`PROVINCE_ROWS`, keyed by
the folded province name) come before the national ones.

Placeholders: {issuer} "thành phố Lai Châu" (the issuing unit of the date), {ward} "phường Quyết Tiến" (the
commune concerned), {groups} "tổ dân phố" / "thôn, bản" (units.words), {subjects} "các hộ gia đình" / "các tổ dân
phố" / "các cơ quan, đơn vị", {party} "Đảng ủy" / "Thành ủy" / "Huyện ủy" / "Tỉnh ủy", {level} "phường" /
"thành phố" / "tỉnh" (the issuer's kind).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from vanhoa.core.text import fold
from vanhoa.titles.choices import AdminLevel, SubjectKind
from vanhoa.units.choices import UnitKind
from vanhoa.units.words import words_for

REFORM = date(2025, 7, 1)  # two-level local government: district level ended, commune offices created
ND30 = "NĐ 30/2020/NĐ-CP, Phụ lục I mục II (nơi nhận: cơ quan thi hành, để báo cáo, để biết)"


@dataclass(frozen=True)
class Row:
    key: str  # "executors" | "recipients"
    level: str  # AdminLevel
    valid_from: date | None
    valid_to: date | None
    text: str  # recipients: items separated by " | "
    source: str


ROWS = [
    Row(
        "executors",
        AdminLevel.COMMUNE,
        None,
        date(2025, 6, 30),
        "Công chức Văn phòng - Thống kê, Ban Công tác Mặt trận các {groups} và {subjects} có tên tại Điều 1",
        "NĐ 92/2009/NĐ-CP Điều 3; NĐ 33/2023/NĐ-CP Điều 5 (công chức cấp xã; cấp xã chưa có Văn phòng HĐND và UBND)",
    ),
    Row(
        "executors",
        AdminLevel.COMMUNE,
        REFORM,
        None,
        "Chánh Văn phòng Hội đồng nhân dân và Ủy ban nhân dân {issuer}, Trưởng phòng Văn hóa - Xã hội {issuer}, "
        "Ban Công tác Mặt trận các {groups} và {subjects} có tên tại Điều 1",
        "Luật Tổ chức chính quyền địa phương 2025; NĐ 150/2025/NĐ-CP (cơ quan chuyên môn thuộc UBND cấp xã)",
    ),
    Row(
        "executors",
        AdminLevel.DISTRICT,
        None,
        date(2025, 6, 30),
        "Chánh Văn phòng Hội đồng nhân dân và Ủy ban nhân dân {issuer}, Trưởng phòng Văn hóa và Thông tin {issuer}, "
        "Chủ tịch Ủy ban nhân dân {ward} và {subjects} có tên tại Điều 1",
        "NĐ 37/2014/NĐ-CP, NĐ 108/2020/NĐ-CP (cơ quan chuyên môn thuộc UBND cấp huyện)",
    ),
    Row(
        "executors",
        AdminLevel.PROVINCE,
        None,
        date(2025, 6, 30),
        "Chánh Văn phòng Ủy ban nhân dân tỉnh, Giám đốc Sở Văn hóa, Thể thao và Du lịch, Chủ tịch Ủy ban nhân dân "
        "{district}, Chủ tịch Ủy ban nhân dân {ward} và {subjects} có tên tại Điều 1",
        "NĐ 24/2014/NĐ-CP, NĐ 107/2020/NĐ-CP (cơ quan chuyên môn thuộc UBND cấp tỉnh)",
    ),
    Row(
        "executors",
        AdminLevel.PROVINCE,
        REFORM,
        None,
        "Chánh Văn phòng Ủy ban nhân dân tỉnh, Giám đốc Sở Văn hóa, Thể thao và Du lịch, Chủ tịch Ủy ban nhân dân "
        "{ward} và {subjects} có tên tại Điều 1",
        "NĐ 24/2014/NĐ-CP sửa đổi; Luật Tổ chức chính quyền địa phương 2025 (không còn cấp huyện)",
    ),
    Row(
        "recipients",
        AdminLevel.COMMUNE,
        None,
        None,
        "Như Điều 3 | Thường trực {party}, HĐND {level} | Ủy ban MTTQ Việt Nam {level}",
        ND30,
    ),
    Row(
        "recipients",
        AdminLevel.DISTRICT,
        None,
        None,
        "Như Điều 3 | Thường trực {party}, HĐND {level} | Ủy ban MTTQ Việt Nam {level} | Ủy ban nhân dân {ward}",
        ND30,
    ),
    Row(
        "recipients",
        AdminLevel.PROVINCE,
        None,
        None,
        "Như Điều 3 | Thường trực {party}, HĐND {level} | Ủy ban MTTQ Việt Nam {level} | Ủy ban nhân dân {ward}",
        ND30,
    ),
]
PROVINCE_ROWS: dict[str, list[Row]] = {}  # e.g. {"lai chau": [Row("recipients", AdminLevel.PROVINCE, …)]}

PARTY = {
    "xã": "Đảng ủy",
    "phường": "Đảng ủy",
    "thị trấn": "Đảng ủy",
    "đặc khu": "Đảng ủy",
    "thành phố": "Thành ủy",
    "quận": "Quận ủy",
    "huyện": "Huyện ủy",
    "thị xã": "Thị ủy",
    "tỉnh": "Tỉnh ủy",
}


def _row(key: str, level: str, on: date, province: str) -> Row:
    for row in [*PROVINCE_ROWS.get(province, []), *ROWS]:
        if row.key != key or row.level != level:
            continue
        if (row.valid_from is None or row.valid_from <= on) and (row.valid_to is None or on <= row.valid_to):
            return row
    raise LookupError(f"no {key} wording for {level} on {on}")


def _fill(text: str, *, issuer: Any, ward: Any, on: date, subject_kind: str) -> str:
    from vanhoa.titles.services import unit_title

    level = issuer.type_label.lower()
    district = ward.ancestor_on(on, UnitKind.DISTRICT)
    subjects: dict[str, str] = {
        SubjectKind.HOUSEHOLD: "các hộ gia đình",
        SubjectKind.AGENCY: "các cơ quan, đơn vị",
        SubjectKind.STREET: "các tuyến phố",
    }
    subject_words = subjects.get(subject_kind, f"các {words_for(ward, on).groups}")
    return text.format(
        issuer=unit_title(issuer, on),
        ward=unit_title(ward, on),
        district=unit_title(district, on) if district else "",
        groups=words_for(ward, on).groups,
        subjects=subject_words,
        party=PARTY.get(level, "Đảng ủy"),
        level=level,
    )


def _province(ward: Any, on: date) -> str:
    p = ward.ancestor_on(on, UnitKind.PROVINCE)
    return fold(p.short_name_on(on)) if p is not None else ""


def executors(decision: Any, issuer: Any, ward: Any) -> tuple[str, str]:
    """(Điều 3 text, its source) for the decision's issuer level and date."""
    on = decision.signed_on
    row = _row("executors", decision.issuer_level, on, _province(ward, on))
    text = _fill(row.text, issuer=issuer, ward=ward, on=on, subject_kind=decision.title_type.subject_kind)
    return f"{text} chịu trách nhiệm thi hành Quyết định này./.", row.source


def recipients(decision: Any, issuer: Any, ward: Any) -> list[str]:
    on = decision.signed_on
    row = _row("recipients", decision.issuer_level, on, _province(ward, on))
    text = _fill(row.text, issuer=issuer, ward=ward, on=on, subject_kind=decision.title_type.subject_kind)
    return text.split(" | ")


def proposer(subject_kind: str, level: str, ward: Any, on: date) -> str:
    """Whose proposal the decider considers: never the decider's own body. A commune chairman deciding on groups,
    agencies or streets (from 01/07/2025, NĐ 129/2025/NĐ-CP) acts on the proposal of the commune's emulation
    council (Hội đồng Thi đua - Khen thưởng, NĐ 86/2023/NĐ-CP Điều 8 khoản 2)."""
    from vanhoa.titles.services import unit_title

    if subject_kind == SubjectKind.HOUSEHOLD:
        groups = words_for(ward, on).groups
        return f"Trưởng ban Công tác Mặt trận và {'Tổ trưởng' if groups == 'tổ dân phố' else 'Trưởng'} các {groups}"
    if level == AdminLevel.COMMUNE:
        return f"Hội đồng Thi đua - Khen thưởng {unit_title(ward, on)}"
    return f"Ủy ban nhân dân {unit_title(ward, on)}"


# --------------------------------------------------------------------------- issuing body and signature block
SIGN_SOURCE = "NĐ 30/2020/NĐ-CP, Phụ lục I mục II.8 (thẩm quyền ký: TM. tập thể, KT. cấp trưởng, chức vụ người ký)"


@dataclass(frozen=True)
class SignRow:
    """Who signs for a UBND of ``level`` (None: every level) in ``valid_from``–``valid_to``: the collective's
    name for "TM." and the head's position."""

    level: str | None
    valid_from: date | None
    valid_to: date | None
    body: str  # "ỦY BAN NHÂN DÂN"
    head: str  # "CHỦ TỊCH"
    deputy: str  # "PHÓ CHỦ TỊCH"
    source: str


SIGN_ROWS = [SignRow(None, None, None, "ỦY BAN NHÂN DÂN", "CHỦ TỊCH", "PHÓ CHỦ TỊCH", SIGN_SOURCE)]
PROVINCE_SIGN_ROWS: dict[str, list[SignRow]] = {}


def _sign_row(level: str | None, on: date, province: str) -> SignRow:
    for row in [*PROVINCE_SIGN_ROWS.get(province, []), *SIGN_ROWS]:
        if row.level not in (None, level):
            continue
        if (row.valid_from is None or row.valid_from <= on) and (row.valid_to is None or on <= row.valid_to):
            return row
    raise LookupError(f"no signature wording for {level} on {on}")


def issuing_body(issuer: Any, on: date) -> str:
    """The issuing body's two lines: "ỦY BAN NHÂN DÂN\\nPHƯỜNG QUYẾT TIẾN" (the issuer's kind and name of the date)."""
    level = LEVEL_OF_KIND.get(issuer.kind)
    body = _sign_row(level, on, _province(issuer, on)).body
    return f"{body}\n{issuer.type_label} {issuer.short_name_on(on)}".upper()


def signature_lines(issuer: Any, on: date, *, collective: bool, authority: str = "") -> list[str]:
    """The signing-authority lines above the signer's name. ``authority`` is what the paper records ("" the head
    signs, "KT. CHỦ TỊCH" a deputy for the head, "Q. CHỦ TỊCH" an acting head). A collective's paper ("TM. ỦY
    BAN NHÂN DÂN") always carries the signer's position line after it."""
    row = _sign_row(LEVEL_OF_KIND.get(issuer.kind), on, _province(issuer, on))
    auth = " ".join(authority.split()).upper()
    if auth.startswith("KT"):
        lines = [f"KT. {row.head}", row.deputy]
    elif auth.startswith("Q"):
        lines = [f"Q. {row.head}"]
    else:
        lines = [row.head]
    return ([f"TM. {row.body}"] if collective else []) + lines


LEVEL_OF_KIND = {
    UnitKind.COMMUNE: AdminLevel.COMMUNE,
    UnitKind.DISTRICT: AdminLevel.DISTRICT,
    UnitKind.PROVINCE: AdminLevel.PROVINCE,
}
