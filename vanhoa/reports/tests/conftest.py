"""Fixtures for the indicator and report tests: a fixed 'today', the title rules, and a quick way to write a year's
title results (candidacies and the decision that recognised them)."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from vanhoa.titles import services as titles
from vanhoa.titles.choices import AdminLevel, DecisionKind, State
from vanhoa.titles.models import Candidacy, Decision, TitleType

TODAY = date(2026, 11, 20)


@pytest.fixture(autouse=True)
def title_rules(request):
    """The shipped rules come from a data migration; a transactional (browser) test elsewhere flushes them."""
    if (
        "db" in request.fixturenames
        or "transactional_db" in request.fixturenames
        or request.node.get_closest_marker("django_db")
    ):
        request.getfixturevalue("transactional_db" if "transactional_db" in request.fixturenames else "db")
        from vanhoa.titles.rules_data import load_rules

        load_rules()


@pytest.fixture(autouse=True)
def today(monkeypatch):
    """Every test runs on 20/11/2026 unless it says otherwise (monkeypatch the one clock, `vanhoa.core.clock.today`)."""
    from django.core.cache import cache

    from vanhoa.core import clock

    monkeypatch.setattr(clock, "today", lambda: TODAY)
    cache.clear()  # the unit graph is cached by a version that a rolled-back test may repeat
    return TODAY


def decision(ward: Any, year: int, title: str, signed_on: date, number: str = "1") -> Decision:
    tt = TitleType.objects.get(code=title)
    return Decision.objects.create(
        kind=DecisionKind.RECOGNITION,
        title_type=tt,
        rule_set=titles.rule_set_for_year(tt, ward, year),
        year=year,
        ward=ward,
        issuer_level=AdminLevel.COMMUNE,
        issuer_name="Ủy ban nhân dân phường",
        signer_position="Chủ tịch",
        number=number,
        signed_on=signed_on,
        signer_name="Nguyễn Văn An",
    )


def results(
    subjects: list[Any],
    year: int,
    *,
    title: str = "gdvh",
    state: str = State.CERTIFIED,
    signed: Decision | None = None,
    registered_on: date | None = None,
    on: date | None = None,
) -> list[Candidacy]:
    """Write one candidacy per subject for `year` in `state` (recognised ones point at `signed`)."""
    tt = TitleType.objects.get(code=title)
    out = []
    for obj in subjects:
        s = titles.describe(obj, year, on or date(year, 3, 1))
        c = Candidacy(
            title_type=tt,
            rule_set=titles.rule_set_for_year(tt, s.unit, year),
            year=year,
            subject_kind=s.kind,
            subject_key=s.key,
            subject_name=s.name,
            unit=s.unit,
            review_unit=s.review_unit,
            ward=s.ward,
            state=state,
            state_on=signed.signed_on if signed else None,
            registered_on=registered_on or date(year, 2, 15),
            decision=signed if state in (State.DECIDED, State.CERTIFIED) else None,
            **s.fields,
        )
        c.save()
        out.append(c)
    return out
