"""The groups, agencies and streets of `Records` are read in plain SQL (vanhoa.titles.figures_sql) and say what
their ORM twins say, on the demo and after changes that touch every condition (a revoked title, a withdrawn
candidacy, an agency recognised on paper, a union reporting the title not kept, a shorter rule set, a street
without groups), for every kind of unit and several as-of dates."""

from __future__ import annotations

from datetime import date

import pytest

from vanhoa.registry.models import Agency, Street
from vanhoa.reports import indicators as ind
from vanhoa.testing.demo import load_demo_fast
from vanhoa.titles.choices import AgencyReportKind, State
from vanhoa.titles.models import AgencyEnrolment, AgencyReport, Candidacy, RuleSet, TitleType
from vanhoa.units.choices import UnitKind
from vanhoa.units.models import Unit

pytestmark = pytest.mark.django_db

DATES = [
    (2020, None),
    (2020, date(2020, 6, 30)),
    (2020, date(2020, 11, 30)),
    (2019, None),
    (2021, None),
    (2024, None),
    (2026, None),
]


def _units() -> list[int]:
    ids = list(Unit.objects.exclude(kind=UnitKind.GROUP).values_list("pk", flat=True))
    return ids + list(Unit.objects.filter(kind=UnitKind.GROUP).order_by("pk").values_list("pk", flat=True)[:6])


def _same(label: str, dates: list[tuple[int, date | None]] = DATES) -> int:
    """Compare SQL and ORM for every unit and date; the number of non-empty comparisons."""
    seen = 0
    for unit in _units():
        for year, on in dates:
            f = ind.Figures(year, on, [unit])
            where = (label, unit, year, on)
            assert f._titled_groups == f._titled_groups_orm(), where
            assert sorted(f._agencies) == sorted(f._agencies_orm()), where
            assert f._streets == f._streets_orm(), where
            seen += bool(f._agencies) + bool(f._streets) + bool(f._titled_groups)
    return seen


def test_the_sql_reads_say_what_the_orm_says_on_the_demo_and_after_changes():
    load_demo_fast()
    assert _same("demo") > 0
    cqvh, tpvm, tdpvh = (TitleType.objects.get(code=c) for c in ("cqvh", "tpvm", "tdpvh"))
    # a title revoked in 2021, a withdrawn candidacy, a decision-less one decided in 2021
    for code, state, revoked in ((tpvm, State.REVOKED, date(2021, 2, 1)), (tdpvh, State.WITHDRAWN, None)):
        c = Candidacy.objects.filter(title_type=code, year=2020).order_by("pk").first()
        assert c is not None
        c.state, c.revoked_on = state, revoked
        c.save()
    c = Candidacy.objects.filter(title_type=cqvh, year=2020).order_by("pk").first()
    assert c is not None
    c.decision, c.state, c.state_on = None, State.DECIDED, date(2021, 1, 5)
    c.save()
    agency = Agency.objects.order_by("pk").first()
    assert agency is not None
    AgencyEnrolment.objects.filter(agency=agency).update(prior_year=None)  # nothing on paper
    other = Agency.objects.order_by("-pk").first()
    enrolment = AgencyEnrolment.objects.filter(agency=other).first()
    if enrolment is not None:
        enrolment.prior_year = 2019
        enrolment.save()
    AgencyReport.objects.filter(agency=other, year=2020, kind=AgencyReportKind.YEARLY).update(kept=False)
    Street.objects.order_by("pk").first().groups.clear()  # a street followed by its ward alone
    assert _same("changed") > 0
    RuleSet.objects.filter(title_type=cqvh).update(renewal_years=0)  # none: a recognition lasts its year
    assert _same("renewal 0", DATES[:4]) > 0
    RuleSet.objects.filter(title_type=cqvh).update(renewal_years=2)
    assert _same("renewal 2", DATES[:4]) > 0
