"""The titles' criteria sets as inspection checklists (vanhoa.activities.checklists, source "danh-hieu").

An inspection of a residential group checks the standards of "Thôn, tổ dân phố văn hóa", one of an agency the
standards of "Cơ quan … đạt chuẩn văn hóa", and so on for every title whose subject is the kind inspected. The
checklist is the criteria of the rule set in force on the inspection date for the ward inspected (the province's
own set, else the national one: vanhoa.titles.services.rule_set_or_none), with that set's legal basis. So a
2020 inspection cites NĐ 122/2018 and one of 2024 NĐ 86/2023, from the same data the titles cycle uses; nothing
is listed twice by hand. Nothing here knows a title or a decree by name: a new rule set (say a province's
agency criteria) feeds the checklists as soon as it is in force.

The choice is the title's code ("danh-hieu:tdpvh"); the inspection keeps the rule set's code as its ref.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db.models import Q

from vanhoa.activities.checklists import Checklist, ChecklistEntry, UnknownChecklist
from vanhoa.core.text import format_date
from vanhoa.titles.models import Criterion, RuleSet, TitleType


def _title_types(subject_kind: str) -> list[TitleType]:
    return list(TitleType.objects.filter(subject_kind=subject_kind, active=True))


def _source(rule_set: RuleSet, criterion: Criterion) -> str:
    """Where a criterion comes from, naming the text: "NĐ 86/2023/NĐ-CP, Phụ lục II" (the data often says
    only "Phụ lục II" for the items of a standard)."""
    source = criterion.source or ""
    if "/" in source or rule_set.legal_short in source:
        return source
    return f"{rule_set.legal_short}, {source}" if source else rule_set.legal_short


def standards(rule_set: RuleSet, subject: Any = None) -> list[Criterion]:
    """What an inspection checks one by one: the standards (tiêu chuẩn) for this subject (an agency's kind picks
    its own: RuleSet.criteria_for); their items are the rule set's detail."""
    return [c for c in rule_set.criteria_for(subject) if not c.standard]


def checklist_of(rule_set: RuleSet, title_type: TitleType | None = None, subject: Any = None) -> Checklist:
    tt = title_type or rule_set.title_type
    items = [ChecklistEntry(c.code, c.title, _source(rule_set, c)) for c in standards(rule_set, subject)]
    return Checklist(
        title=f"Tiêu chuẩn danh hiệu “{tt.name}”",  # the text comes with the basis: "… (Nghị định số …)"
        basis=rule_set.legal_basis,
        items=items,
        ref=rule_set.code,
    )


class CriteriaSets:
    key = "danh-hieu"
    label = "Bộ tiêu chuẩn danh hiệu"

    def options(self, subject_kind: str, year: int) -> list[tuple[str, str]]:
        """One choice per title of this kind of subject that has a rule set in force during the year; which set
        is used is decided by the inspection date."""
        start, end = date(year, 1, 1), date(year, 12, 31)
        out = []
        for tt in _title_types(subject_kind):
            in_year = RuleSet.objects.filter(title_type=tt, valid_from__lte=end).filter(
                Q(valid_to__isnull=True) | Q(valid_to__gte=start)
            )
            if in_year.exists():
                out.append((tt.code, f"Tiêu chuẩn danh hiệu “{tt.name}” (theo quy định áp dụng vào ngày kiểm tra)"))
        return out

    def checklist(self, ref: str, *, on: date | None = None, ward: Any = None, subject: Any = None) -> Checklist | None:
        from vanhoa.titles.services import rule_set_or_none

        if "/" in ref:  # a rule set's code, kept by an inspection
            rule_set = RuleSet.objects.filter(code=ref).select_related("title_type").first()
            return checklist_of(rule_set, subject=subject) if rule_set is not None else None
        tt = TitleType.objects.filter(code=ref).first()
        if tt is None:
            return None
        if on is None or ward is None:
            raise UnknownChecklist("Cần ngày kiểm tra và xã, phường để chọn bộ tiêu chuẩn đang áp dụng.")
        rule_set = rule_set_or_none(tt, ward, on)
        if rule_set is None:
            raise UnknownChecklist(
                f"Chưa có bộ quy định xét tặng danh hiệu «{tt.name}» áp dụng ngày {format_date(on)}: "
                "người quản trị cần bổ sung bộ quy định (trang Danh hiệu › Quy định)."
            )
        return checklist_of(rule_set, tt, subject)

    def current(self, ref: str, *, on: date, ward: Any, subject: Any = None) -> Checklist | None:
        """The checklist of the same title as the kept rule set `ref`, in force on another date."""
        rule_set = RuleSet.objects.filter(code=ref).select_related("title_type").first()
        if rule_set is None:
            return None
        return self.checklist(rule_set.title_type.code, on=on, ward=ward, subject=subject)
