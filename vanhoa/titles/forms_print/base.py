"""What every printed form of the dossier shares: the form's number printed above the header ("Mẫu số 01 …",
taken from the rule set's dossier list, so a year under NĐ 122/2018 cites its own decree), the header of a
residential group's paper (the commune over the group) and of a citizen's paper (quốc hiệu only), and the
words of the group's head ("Tổ trưởng tổ dân phố", "Trưởng thôn")."""

from __future__ import annotations

from datetime import date
from typing import Any

from vanhoa.documents import DocumentHeader, Nd30Document
from vanhoa.documents.exports import DocumentNotAvailable
from vanhoa.documents.nd30 import BODY_SIZE, HEADER_SIZE, QUOC_HIEU, TIEU_NGU, TIEU_NGU_RULE, _add_text, _fmt, _rule
from vanhoa.titles import services, wording
from vanhoa.titles.models import RuleSet
from vanhoa.units.models import Unit
from vanhoa.units.words import is_urban_group

FORM_SIZE = 12


class FormDocument(Nd30Document):
    """An Nd30Document whose first line, at the right, cites the form it follows ("Mẫu số 01 (Phụ lục IV kèm theo
    Nghị định số 86/2023/NĐ-CP)"). ``citizen=True``: a citizen's own paper (a household's registration): no issuing
    body and no number, only the quốc hiệu and tiêu ngữ centred, and the place-date line."""

    def __init__(self, header: DocumentHeader, *, form: str = "", citizen: bool = False, **kw: Any) -> None:
        self.form = form
        self.citizen = citizen
        super().__init__(header, **kw)

    def _header_block(self) -> None:
        if self.form:
            p = _fmt(self._doc.add_paragraph(), "right", after=6, line=1.0)
            _add_text(p, self.form, FORM_SIZE, italic=True)
        if not self.citizen:
            super()._header_block()
            return
        for text, size in ((QUOC_HIEU, HEADER_SIZE), (TIEU_NGU, BODY_SIZE)):
            _add_text(_fmt(self._doc.add_paragraph(), "center", after=0, line=1.0), text, size, bold=True)
        _rule(self._doc.add_paragraph(), TIEU_NGU_RULE, self.text_width_mm)
        p = _fmt(self._doc.add_paragraph(), "right", before=6, after=0, line=1.0)
        _add_text(p, self.header.date_text, BODY_SIZE, italic=True)

    def next_copy(self, header: DocumentHeader) -> None:
        """The same form for the next subject (the next household) on a new page: header and title again."""
        self.page_break()
        self.header = header
        self._header_block()
        self._title_block()


def decree_name(rule_set: RuleSet) -> str:
    """ "Nghị định số 86/2023/NĐ-CP" from the rule set's short basis "NĐ 86/2023/NĐ-CP"."""
    short = rule_set.legal_short.strip()
    if short.startswith("NĐ "):
        return "Nghị định số " + short.removeprefix("NĐ ").strip()
    return short


def citation(rule_set: RuleSet, form: str) -> str:
    """ "Mẫu số 01 (Phụ lục IV kèm theo Nghị định số 86/2023/NĐ-CP)"; "" when the rule set names no form."""
    form = " ".join((form or "").split())
    if not form:
        return ""
    number, _, appendix = form.partition(" Phụ lục ")
    if not appendix and rule_set.regime == "nd86":
        appendix = "IV"  # every form of NĐ 86/2023 is in its Phụ lục IV (legal-followup §1h)
    where = f"Phụ lục {appendix} kèm theo" if appendix else "Ban hành kèm theo"
    return f"{number} ({where} {decree_name(rule_set)})"


def dossier_form(rule_set: RuleSet, code: str) -> str:
    """The form number of a dossier item of the rule set ("Mẫu số 02"), or ""."""
    item = rule_set.dossier_items.filter(code=code).first()
    return item.form if item is not None else ""


def form_of(rule_set: RuleSet, code: str) -> str:
    """The printed citation of a dossier item ("minutes", "decision" use the rule set's own fields)."""
    if code == "decision":
        return citation(rule_set, rule_set.decision_form)
    if code == "minutes" and rule_set.minutes_form:
        return citation(rule_set, rule_set.minutes_form)
    return citation(rule_set, dossier_form(rule_set, code))


def require_regime(rule_set: RuleSet, regime: str, what: str, year: int) -> None:
    """A form of one decree asked for a year under another: say which decree applies."""
    if rule_set.regime != regime:
        raise DocumentNotAvailable(
            f"{what} là mẫu của {decree_name_of(regime)}; năm {year} áp dụng {rule_set.legal_short}."
        )


def decree_name_of(regime: str) -> str:
    return {"nd86": "Nghị định số 86/2023/NĐ-CP", "nd122": "Nghị định số 122/2018/NĐ-CP"}.get(regime, regime)


def group_head(group: Unit) -> str:
    """ "Tổ trưởng tổ dân phố" for a street group, "Trưởng thôn" / "Trưởng bản" for a village (NĐ 86/2023 Điều 8)."""
    label = (group.type_label or "tổ dân phố").lower()
    return "Tổ trưởng tổ dân phố" if is_urban_group(label) else f"Trưởng {label}"


def head_of(group: Unit, on: date) -> str:
    """The head of this group by name: "Tổ trưởng Tổ dân phố số 1", "Trưởng thôn Nà Ngà" (names of the date)."""
    name = group.name_on(on)
    if group_head(group).startswith("Tổ trưởng"):
        return f"Tổ trưởng {name}"
    return f"Trưởng {name[:1].lower()}{name[1:]}"


def group_header(group: Unit, *, symbol: str, number: Any, on: date, doc_type: str, summary: str) -> DocumentHeader:
    """A residential group's paper: "ỦY BAN NHÂN DÂN / PHƯỜNG QUYẾT TIẾN" over "TỔ DÂN PHỐ SỐ 3" (names of the date)."""
    w = services.ward_on(group, on)
    return DocumentHeader(
        issuer_parent=wording.issuing_body(w, on),
        issuer=group.name_on(on).upper(),
        symbol=symbol,
        number=number or None,
        place=w.short_name_on(on),
        date=on,
        year=None,
        doc_type=doc_type,
        summary=summary,
    )


def council_name(ward: Unit, on: date) -> str:
    """ "HỘI ĐỒNG THI ĐUA - KHEN THƯỞNG" of the commune (NĐ 86/2023 Điều 8 khoản 2)."""
    del ward, on
    return "HỘI ĐỒNG THI ĐUA - KHEN THƯỞNG"
