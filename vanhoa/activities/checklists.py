"""Where an inspection's checklist comes from. A source lists the checklists it offers for a kind of subject
(a residential group, an agency) and gives the items of one in force on the inspection date, for the ward
inspected; the inspection copies them into its findings, so a 2020 inspection cites the rules of 2020.

Sources: "danh-hieu" (vanhoa.titles.checklists: the criteria of the title's rule set in force on the date, with
its legal basis; the one offered first) and "mau" (ChecklistTemplate rows of this app, hand-made lists with
their own dates of validity). A source:

    class CriteriaSets:
        key = "danh-hieu"
        label = "Bộ tiêu chí danh hiệu"
        def options(self, subject_kind, year): return [("tdpvh", "Tiêu chuẩn danh hiệu …"), …]
        def checklist(self, ref, *, on=None, ward=None): return Checklist(title=…, basis=…, items=[…], ref=…)

    checklists.register(CriteriaSets(), first=True)

Choices are written "<source key>:<ref>", e.g. "danh-hieu:tdpvh"; the checklist may name a more precise ref
(the rule set's code) that the inspection keeps.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any, Protocol


@dataclass(frozen=True)
class ChecklistEntry:
    code: str
    text: str
    source: str = ""


@dataclass(frozen=True)
class Checklist:
    title: str
    basis: str = ""
    items: list[ChecklistEntry] = field(default_factory=list)
    ref: str = ""  # the precise ref kept by the inspection (e.g. the rule set's code), when not the chosen one


class ChecklistSource(Protocol):
    key: str
    label: str

    def options(self, subject_kind: str, year: int) -> list[tuple[str, str]]: ...

    def checklist(self, ref: str, *, on: date | None = None, ward: Any = None, subject: Any = None) -> Checklist | None:
        """`subject`: the agency or group inspected (an agency's kind picks its standards)."""


class UnknownChecklist(LookupError):
    """The chosen checklist does not exist (any more); the message is Vietnamese."""


class TemplateSource:
    """The ChecklistTemplate rows of this app."""

    key = "mau"
    label = "Mẫu danh mục kiểm tra"

    def options(self, subject_kind: str, year: int) -> list[tuple[str, str]]:
        from vanhoa.activities.models import ChecklistTemplate

        qs = ChecklistTemplate.objects.filter(active=True, subject_kind=subject_kind)
        return [(t.code, t.title) for t in qs if t.in_force_during(year)]

    def checklist(self, ref: str, *, on: date | None = None, ward: Any = None, subject: Any = None) -> Checklist | None:
        from vanhoa.activities.models import ChecklistTemplate

        template = ChecklistTemplate.objects.filter(code=ref).prefetch_related("items").first()
        if template is None:
            return None
        if on is not None and not template.in_force_on(on):
            raise UnknownChecklist(
                f"Danh mục «{template.title}» ({template.legal_basis}) không áp dụng vào ngày {on:%d/%m/%Y}: "
                f"{template.validity_text()}. Chọn danh mục theo quy định áp dụng ngày kiểm tra."
            )
        items = [ChecklistEntry(i.code, i.text, i.source) for i in template.items.all()]
        return Checklist(template.title, template.legal_basis, items)


_SOURCES: dict[str, ChecklistSource] = {}


def register(source: ChecklistSource, *, first: bool = False) -> None:
    """Add a source; `first`: its checklists are offered before the others (the default choice)."""
    global _SOURCES
    if first:
        _SOURCES = {source.key: source, **{k: v for k, v in _SOURCES.items() if k != source.key}}
    else:
        _SOURCES[source.key] = source


def unregister(key: str) -> None:
    _SOURCES.pop(key, None)


def sources() -> list[ChecklistSource]:
    return list(_SOURCES.values())


def choices(subject_kind: str, year: int) -> list[tuple[str, str]]:
    """("<source>:<ref>", title) for every checklist offered for this kind of subject, grouped by source."""
    out: list[tuple[str, str]] = []
    for source in _SOURCES.values():
        out += [(f"{source.key}:{ref}", title) for ref, title in source.options(subject_kind, year)]
    return out


def current(key: str, ref: str, *, on: date, ward: Any, subject: Any = None) -> tuple[str, Checklist | None]:
    """The checklist of the same kind as a kept one ("<key>", "<ref>") in force on another date: (ref, checklist);
    (ref, None) when the source is gone. UnknownChecklist when nothing of that kind is in force then."""
    source = _SOURCES.get(key)
    if source is None or not ref:
        return ref, None
    follow = getattr(source, "current", None)
    checklist = (follow or source.checklist)(ref, on=on, ward=ward, subject=subject)
    if checklist is None:
        return ref, None
    return checklist.ref or ref, checklist


def resolve(
    choice: str, *, on: date | None = None, ward: Any = None, subject: Any = None
) -> tuple[str, str, Checklist]:
    """(source key, ref, checklist) of a "<source>:<ref>" choice, as in force on `on` for `ward`;
    UnknownChecklist (a Vietnamese message) when there is none."""
    key, _, ref = choice.partition(":")
    source = _SOURCES.get(key)
    checklist = source.checklist(ref, on=on, ward=ward, subject=subject) if source is not None and ref else None
    if checklist is None:
        raise UnknownChecklist(f"Danh mục tiêu chí «{choice}» không có (hoặc đã bị gỡ).")
    return key, checklist.ref or ref, checklist


register(TemplateSource())
