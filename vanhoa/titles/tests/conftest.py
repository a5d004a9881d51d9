"""Fixtures for the title tests: households in the test world's groups and a quick way to write history."""

from __future__ import annotations

from datetime import date

import pytest

from vanhoa.titles import services
from vanhoa.titles.choices import State
from vanhoa.titles.models import Candidacy, TitleType


@pytest.fixture(autouse=True)
def title_rules(request):
    """The shipped rules come from a data migration; a transactional (browser) test elsewhere flushes them, so put
    them back before each test that uses the database."""
    if (
        "db" in request.fixturenames
        or "transactional_db" in request.fixturenames
        or request.node.get_closest_marker("django_db")
    ):
        request.getfixturevalue("transactional_db" if "transactional_db" in request.fixturenames else "db")
        from vanhoa.titles.rules_data import load_rules

        load_rules()


@pytest.fixture
def make_households(world):
    """make_households(group, n, prefix) -> n households living in `group` since 2015."""

    def make(group, n, prefix="Lò Văn"):
        return [world.household(group, f"{prefix} Hộ{i:03d}", since=date(2015, 1, 1)) for i in range(1, n + 1)]

    return make


def recognise(subjects, years, *, title="gdvh", on=None):
    """Write recognised (decided) candidacies directly, for history the test is not about."""
    tt = TitleType.objects.get(code=title)
    out = []
    for year in years:
        for obj in subjects:
            s = services.describe(obj, year, date(year, 11, 1))
            c = Candidacy(
                title_type=tt,
                rule_set=services.rule_set_for_year(tt, s.unit, year),
                year=year,
                subject_kind=s.kind,
                subject_key=s.key,
                subject_name=s.name,
                unit=s.unit,
                review_unit=s.review_unit,
                ward=s.ward,
                state=State.DECIDED,
                registered_on=on or date(year, 2, 1),
                **s.fields,
            )
            c.save()
            out.append(c)
    return out
