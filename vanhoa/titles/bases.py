"""The legal bases (căn cứ) of a decision, chosen by its date, kind, issuer level and subject from versioned data
that names each document with its number and date. A text is cited only while in force on the paper's date, so a
2020 paper never cites a text issued after it. The rule set's own decree (NĐ 122/2018, NĐ 86/2023, a provincial
decision) is added by the caller from the rule set.

`valid_from`/`valid_to` are the dates the text is in force (the amending law of 2019 from 01/07/2020; the Luật Tổ
chức chính quyền địa phương 2025 replaces the 2015 law from 01/07/2025).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from django.urls import reverse

from vanhoa.documents.exports import DocumentNotAvailable
from vanhoa.titles.choices import AdminLevel, DecisionKind, SubjectKind
from vanhoa.titles.models import RuleSet
from vanhoa.units.choices import UnitKind
from vanhoa.units.models import Unit

ALL = None


@dataclass(frozen=True)
class Basis:
    text: str
    issued: date
    valid_from: date
    valid_to: date | None
    kinds: frozenset[str] | None = ALL
    levels: frozenset[str] | None = ALL
    subjects: frozenset[str] | None = ALL
    source: str = ""

    def applies(self, *, on: date, kind: str, level: str, subject: str) -> bool:
        return (
            self.valid_from <= on
            and (self.valid_to is None or on <= self.valid_to)
            and (self.kinds is None or kind in self.kinds)
            and (self.levels is None or level in self.levels)
            and (self.subjects is None or subject in self.subjects)
        )


COMMENDATION = frozenset({DecisionKind.COMMENDATION})
BASES = [
    Basis(
        "Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015",
        date(2015, 6, 19),
        date(2016, 1, 1),
        date(2025, 6, 30),
        source="Luật số 77/2015/QH13",
    ),
    Basis(
        "Luật sửa đổi, bổ sung một số điều của Luật Tổ chức Chính phủ và Luật Tổ chức chính quyền địa phương "
        "ngày 22 tháng 11 năm 2019",
        date(2019, 11, 22),
        date(2020, 7, 1),
        date(2025, 6, 30),
        source="Luật số 47/2019/QH14, hiệu lực 01/07/2020",
    ),
    Basis(
        "Luật Tổ chức chính quyền địa phương ngày 16 tháng 6 năm 2025",
        date(2025, 6, 16),
        date(2025, 7, 1),
        None,
        source="Luật số 72/2025/QH15",
    ),
    Basis(
        "Luật Thi đua, khen thưởng ngày 26 tháng 11 năm 2003; Luật sửa đổi, bổ sung một số điều của Luật Thi đua, "
        "khen thưởng ngày 14 tháng 6 năm 2005 và ngày 16 tháng 11 năm 2013",
        date(2013, 11, 16),
        date(2014, 6, 1),
        date(2023, 12, 31),
        kinds=COMMENDATION,
        source="Luật số 15/2003/QH11, 47/2005/QH11, 39/2013/QH13",
    ),
    Basis(
        "Nghị định số 91/2017/NĐ-CP ngày 31 tháng 7 năm 2017 của Chính phủ quy định chi tiết thi hành một số điều "
        "của Luật Thi đua, khen thưởng",
        date(2017, 7, 31),
        date(2017, 10, 1),
        date(2023, 12, 31),
        kinds=COMMENDATION,
    ),
    Basis(
        "Luật Thi đua, khen thưởng ngày 15 tháng 6 năm 2022",
        date(2022, 6, 15),
        date(2024, 1, 1),
        None,
        source="Luật số 06/2022/QH15, Điều 29–31, 80",
    ),
    Basis(
        "Nghị định số 98/2023/NĐ-CP ngày 31 tháng 12 năm 2023 của Chính phủ quy định chi tiết thi hành một số "
        "điều của Luật Thi đua, khen thưởng",
        date(2023, 12, 31),
        date(2024, 1, 1),
        date(2025, 6, 30),
        kinds=COMMENDATION,
    ),
    Basis(
        "Nghị định số 152/2025/NĐ-CP ngày 14 tháng 6 năm 2025 của Chính phủ quy định chi tiết một số điều của "
        "Luật Thi đua, khen thưởng",
        date(2025, 6, 14),
        date(2025, 7, 1),
        None,
        kinds=COMMENDATION,
        source="legal-followup §2 (reported successor of NĐ 98/2023)",
    ),
    Basis(
        "Nghị định số 129/2025/NĐ-CP ngày 11 tháng 6 năm 2025 của Chính phủ quy định phân định thẩm quyền của "
        "chính quyền địa phương 02 cấp trong lĩnh vực quản lý nhà nước của Bộ Nội vụ",
        date(2025, 6, 11),
        date(2025, 7, 1),
        None,
        levels=frozenset({AdminLevel.COMMUNE}),
        subjects=frozenset({SubjectKind.GROUP}),
        source="legal-followup §3: the Chủ tịch UBND cấp xã awards Thôn, tổ dân phố văn hóa (date of signing "
        "to be checked against the Công báo)",
    ),
]


def bases_for(*, on: date, kind: str, level: str, subject: str) -> list[Basis]:
    return [b for b in BASES if b.applies(on=on, kind=kind, level=level, subject=subject)]


# --------------------------------------------------------------------------- the rule set's own text

DOCUMENT_KINDS = {"QĐ": "Quyết định", "CT": "Chỉ thị", "HD": "Hướng dẫn", "KH": "Kế hoạch", "NQ": "Nghị quyết"}


class ProvincialDocumentUnknown(DocumentNotAvailable):
    """A paper would cite a province's document whose number and date the system does not know: it is not
    printed. `url` is the page where they are entered."""

    def __init__(self, message: str, url: str) -> None:
        super().__init__(message)
        self.url = url


def is_provincial(rule_set: RuleSet) -> bool:
    """A province's own rules (their text is a decision of the provincial committee, cited by number and date)."""
    return rule_set.regime == "provincial" or bool(rule_set.province_code)


def _long_date(d: date) -> str:
    return f"ngày {d.day:02d} tháng {d.month} năm {d.year}"


def _province_name(unit: Unit, on: date) -> str:
    from vanhoa.titles.services import unit_title

    province = unit if unit.kind == UnitKind.PROVINCE else unit.ancestor_on(on, UnitKind.PROVINCE)
    return unit_title(province, on) if province is not None else "tỉnh"


def rule_set_citation(rule_set: RuleSet, *, on: date, unit: Unit, short: bool = False) -> str:
    """How a paper of `on` for `unit` cites the text of a rule set: a national decree as written in the data; a
    province's rules as "Quyết định số 25/2019/QĐ-UBND ngày 05 tháng 3 năm 2019 của Ủy ban nhân dân tỉnh Lai
    Châu ban hành Quy định …". ProvincialDocumentUnknown when the number or date is missing, or the document
    is dated after the paper."""
    if not is_provincial(rule_set):
        return rule_set.legal_short if short else rule_set.legal_basis
    province = _province_name(unit, on)
    url = reverse("titles-rule-edit", args=[rule_set.pk])
    where = (
        f"Người quản trị (của hệ thống hoặc của {province}) nhập «Số, ký hiệu văn bản của tỉnh» và «Ngày ban hành "
        f"văn bản của tỉnh» tại trang Danh hiệu › Quy định › Sửa bộ quy định «{rule_set.name}»: {url}"
    )
    if not (rule_set.document_number and rule_set.document_date):
        raise ProvincialDocumentUnknown(
            f"Chưa in được văn bản này: văn bản phải dẫn quy định của Ủy ban nhân dân {province} về danh hiệu "
            f"«{rule_set.title_type.name}» nhưng hệ thống chưa có số, ký hiệu và ngày ban hành của quy định đó. "
            f"{where}",
            url,
        )
    if rule_set.document_date > on:
        raise ProvincialDocumentUnknown(
            f"Chưa in được văn bản này: quy định của Ủy ban nhân dân {province} số {rule_set.document_number} ban "
            f"hành ngày {rule_set.document_date:%d/%m/%Y}, sau ngày của văn bản ({on:%d/%m/%Y}); văn bản không dẫn "
            f"được một văn bản chưa ban hành. Kiểm tra lại số, ngày đã nhập hoặc thời gian áp dụng. {where}",
            url,
        )
    symbol = rule_set.document_number.split("/")[-1].split("-")[0].upper()
    kind = DOCUMENT_KINDS.get(symbol, "Văn bản")
    head = f"{kind} số {rule_set.document_number} {_long_date(rule_set.document_date)} của Ủy ban nhân dân {province}"
    if short:
        return head
    subject = re.sub(r"^Quy định của Ủy ban nhân dân tỉnh( [^ ]+)*? về ", "Quy định về ", rule_set.legal_basis)
    return f"{head} ban hành {subject}" if subject.startswith("Quy định") else f"{head} về {subject}"
