"""The demo's current year follows the clock (#13): in March registrations are under way, in December the reviews
are done and the decision is issued, and the figures of that year read it (one definition)."""

from __future__ import annotations

from datetime import date
from io import StringIO

import pytest

from vanhoa.demo.context import DemoContext
from vanhoa.testing.actors import TEST
from vanhoa.titles import figures
from vanhoa.titles.choices import State
from vanhoa.titles.demo_current import load_current_year
from vanhoa.titles.models import Candidacy, Decision, ReviewMeeting
from vanhoa.titles.rules_data import load_rules

pytestmark = pytest.mark.django_db


@pytest.fixture
def ctx(world):
    load_rules()
    for i, g in enumerate(world.groups):
        for k in range(4):
            world.household(g, f"Lò Văn Hộ{i}{k}", since=date(2015, 1, 1))
    return DemoContext(households=12, stdout=StringIO(), ward=world.ward, groups=world.groups, actor=TEST)


def _today(monkeypatch, day):
    monkeypatch.setattr("vanhoa.core.clock.today", lambda: day)


def test_in_march_households_are_registering_and_nothing_is_reviewed(ctx, monkeypatch):
    _today(monkeypatch, date(2026, 3, 5))
    load_current_year(ctx)
    registered = Candidacy.objects.filter(year=2026, title_type__code="gdvh")
    assert 0 < registered.count() < 12
    assert not registered.exclude(state=State.REGISTERED).exists()
    assert not registered.filter(registered_on__gt=date(2026, 3, 5)).exists()
    assert not ReviewMeeting.objects.filter(year=2026).exists()
    count = figures.household_figures(ctx.ward, 2026)
    assert count.registered == registered.count() and count.recognised == 0 and count.residents == 12


def test_in_december_the_reviews_are_done_and_the_decision_issued(ctx, monkeypatch):
    _today(monkeypatch, date(2026, 12, 6))
    load_current_year(ctx)
    assert Candidacy.objects.filter(year=2026, title_type__code="gdvh").count() == 12
    assert ReviewMeeting.objects.filter(year=2026, title_type__code="gdvh").count() == 3
    # The groups' title (NĐ 86/2023 Điều 8 khoản 2): the ward's council on 20/11, decided by the ward on 04/12.
    council = ReviewMeeting.objects.get(year=2026, title_type__code="tdpvh")
    assert council.unit == ctx.ward and council.held_on == date(2026, 11, 20)
    groups = Decision.objects.get(year=2026, title_type__code="tdpvh")
    assert groups.signed_on == date(2026, 12, 4) and groups.candidacies.count() == len(ctx.groups) - 1
    decision = Decision.objects.get(year=2026, title_type__code="gdvh")
    assert decision.signed_on == date(2026, 11, 13) and decision.ward == ctx.ward
    count = figures.household_figures(ctx.ward, 2026)
    assert count.residents == 12 and count.reviewed == 12 and 0 < count.recognised < 12
    load_current_year(ctx)  # twice: nothing more
    assert Decision.objects.filter(year=2026, title_type__code="gdvh").count() == 1
