"""Where an inspection's checklist comes from. A source lists the checklists it offers for a kind of subject
(a residential group, an agency) and gives the items of one; the inspection copies them into its findings.

Built in: "mau" (ChecklistTemplate rows of this app, seeded with the two templates of the seed plan's
inspections). The titles app, once merged, registers its criteria sets as another source:

    from vanhoa.activities import checklists

    class CriteriaSets:
        key = "danh-hieu"
        label = "Bộ tiêu chí danh hiệu"
        def options(self, subject_kind, year): return [(str(cs.pk), cs.title) for cs in ...]
        def checklist(self, ref): return Checklist(title=…, basis=…, items=[ChecklistEntry(code, text, source), …])

    checklists.register(CriteriaSets())

Choices are written "<source key>:<ref>", e.g. "mau:tdp-86-2023".
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Protocol


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


class ChecklistSource(Protocol):
    key: str
    label: str

    def options(self, subject_kind: str, year: int) -> list[tuple[str, str]]: ...

    def checklist(self, ref: str) -> Checklist | None: ...


class UnknownChecklist(LookupError):
    """The chosen checklist does not exist (any more); the message is Vietnamese."""


class TemplateSource:
    """The ChecklistTemplate rows of this app."""

    key = "mau"
    label = "Mẫu danh mục kiểm tra"

    def options(self, subject_kind: str, year: int) -> list[tuple[str, str]]:
        from vanhoa.activities.models import ChecklistTemplate

        qs = ChecklistTemplate.objects.filter(active=True, subject_kind=subject_kind)
        return [(t.code, t.title) for t in qs]

    def checklist(self, ref: str) -> Checklist | None:
        from vanhoa.activities.models import ChecklistTemplate

        template = ChecklistTemplate.objects.filter(code=ref).prefetch_related("items").first()
        if template is None:
            return None
        items = [ChecklistEntry(i.code, i.text, i.source) for i in template.items.all()]
        return Checklist(template.title, template.legal_basis, items)


_SOURCES: dict[str, ChecklistSource] = {}


def register(source: ChecklistSource) -> None:
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


def resolve(choice: str) -> tuple[str, str, Checklist]:
    """(source key, ref, checklist) of a "<source>:<ref>" choice; UnknownChecklist when there is none."""
    key, _, ref = choice.partition(":")
    source = _SOURCES.get(key)
    checklist = source.checklist(ref) if source is not None and ref else None
    if checklist is None:
        raise UnknownChecklist(f"Danh mục tiêu chí «{choice}» không có (hoặc đã bị gỡ).")
    return key, ref, checklist


register(TemplateSource())
