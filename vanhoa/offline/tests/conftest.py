"""A group with registered households and an open review meeting, for the phone app's tests."""

from __future__ import annotations

from datetime import date

import pytest


@pytest.fixture(autouse=True)
def title_rules(request):
    """The shipped rules come from a data migration that a transactional (browser) test flushes: put them back."""
    if "db" in request.fixturenames or "transactional_db" in request.fixturenames:
        from vanhoa.titles.rules_data import load_rules

        load_rules()


def open_meeting_for(world, n: int, group: int = 0, year: int | None = None):
    """n households of a group registered this work year and the group's draft minutes opened (online, on the
    usual page): the state in which the leader takes the phone to the meeting."""
    from vanhoa.core.workcontext import default_year
    from vanhoa.titles import services

    unit = world.groups[group]
    year = year or default_year()
    for i in range(1, n + 1):
        world.household(unit, f"Lò Văn Hộ{i:03d}", since=date(2015, 1, 1), address=f"Số nhà {i}")
    leader = world.users[f"leader_group{group + 1}"]
    services.register_group_households(actor=leader, group=unit, year=year, on=date(year, 2, 10))
    held_on = date(year, 10, 15)
    facts = services.meeting_defaults(unit, leader, year, held_on)
    return services.start_review_meeting(actor=leader, title="gdvh", year=year, unit=unit, on=held_on, **facts)
