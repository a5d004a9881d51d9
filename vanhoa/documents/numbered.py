"""Every kind of numbered paper the system issues, one adapter each: which body's register it takes its number
from, under which symbol, on which date, with which summary. The services of each app call `enter(paper, …)`
after saving a paper whose number was typed on its page; `all_numbers()` reads every numbered paper of every
module for the check that no two papers of one body and year share a number.

    titles.decision         QĐ-UBND of the deciding UBND (ward, city or province)      (titles.services)
    plans.plan              KH-BCĐ of the ward's Ban Chỉ đạo                           (plans.services)
    reports.report          BC-BCĐ of the ward's Ban Chỉ đạo                           (reports.services)
    activities.inspection   BB-BCĐ numbered inspection minutes                         (activities.services)
    activities.allocation   QĐ-UBND the ward's budget allocation decision              (activities.funding)
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.apps import apps

from vanhoa.documents import register


@dataclass(frozen=True)
class Paper:
    issuer: Any
    symbol: str
    number: str
    issued_on: date | None
    summary: str
    signer: str = ""
    year: int = 0  # the paper's year when it has no date yet


def _plan(p: Any) -> Paper:
    return Paper(p.ward, p.symbol, p.number, p.issued_on, f"Kế hoạch {p.title}", p.signer_name, p.year)


def _report(r: Any) -> Paper:
    return Paper(r.ward, r.symbol, r.number, r.issued_on, f"{r.title}", r.signer_name, r.year)


def _inspection(i: Any) -> Paper:
    day = i.held_on or i.planned_on
    return Paper(i.ward, INSPECTION_SYMBOL, i.number, day, f"Biên bản kiểm tra: {i.subject}", "", i.year)


def _allocation(a: Any) -> Paper:
    """The allocation decision's number is kept as typed ("152/QĐ-UBND"); its number part enters the book of the
    body its symbol names (QĐ-UBND when none is typed)."""
    number, _, symbol = (a.decision_number or "").partition("/")
    number = number.strip() if number.strip().isdigit() else ""
    return Paper(
        a.ward, symbol.strip() or ALLOCATION_SYMBOL, number, a.decision_date, f"Quyết định giao kinh phí: {a.source}"
    )


def _decision(d: Any) -> Paper:
    from vanhoa.titles.services import issuer_unit

    issuer = issuer_unit(d.ward, d.issuer_level, d.signed_on)
    return Paper(issuer, d.symbol, d.number, d.signed_on, f"Quyết định: {d}", d.signer_name)


INSPECTION_SYMBOL = "BB-BCĐ"
ALLOCATION_SYMBOL = "QĐ-UBND"
ADAPTERS: dict[str, Callable[[Any], Paper]] = {
    "titles.decision": _decision,
    "plans.plan": _plan,
    "reports.report": _report,
    "activities.inspection": _inspection,
    "activities.allocation": _allocation,
}


def enter(paper: Any, *, actor: Any, error: type[Exception]) -> None:
    """Put the paper's typed number in its body's register (refused, with `error`, when another paper holds it)."""
    p = ADAPTERS[paper._meta.label_lower](paper)
    register.enter_paper(
        paper,
        issuer=p.issuer,
        symbol=p.symbol,
        number=p.number,
        year=p.year or p.issued_on.year,
        issued_on=p.issued_on,
        summary=p.summary,
        actor=actor,
        error=error,
        signer=p.signer,
    )


def all_numbers() -> Iterator[tuple[tuple[int, str, int, int], str]]:
    """((issuer id, series, year, number), label) for every numbered paper of every module."""
    for label, adapt in ADAPTERS.items():
        for obj in apps.get_model(label).objects.all():
            p = adapt(obj)
            number = p.number.split("/")[0].strip()
            if not number.isdigit():
                continue
            series = p.symbol.partition("-")[2]
            year = p.issued_on.year if p.issued_on else p.year
            yield (p.issuer.pk, series, year, int(number)), f"{label}:{obj.pk} {p.issued_on} {p.summary}"
