"""Fixtures for the title tests: households in the test world's groups and a quick way to write history."""

from __future__ import annotations

from datetime import date

import pytest

from vanhoa.testing.actors import TEST
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


@pytest.fixture
def reviewed(world, make_households):
    """reviewed(year, n=2, group=0) -> the candidacies of `n` households of a group after a review meeting where
    everyone passed (held 05/11/2020 in NĐ 122/2018 years, 15/10 from 2024 on, NĐ 86/2023)."""

    def make(year: int, n: int = 2, group: int = 0) -> list[Candidacy]:
        unit = world.groups[group]
        make_households(unit, n, prefix=f"Lò Văn {group + 1}")
        services.register_group_households(actor=TEST, group=unit, year=year, on=date(year, 2, 10))
        held_on = date(year, 11, 5) if year < 2024 else date(year, 10, 15)
        services.record_review_meeting(
            actor=TEST,
            title="gdvh",
            year=year,
            unit=unit,
            held_on=held_on,
            place="Nhà văn hóa",
            chair="Lò Văn Chủ Trì",
            invited=10,
            present=8,
            voting_method="show_of_hands",
        )
        return list(Candidacy.objects.filter(year=year, review_unit=unit).order_by("sort_key"))

    return make
