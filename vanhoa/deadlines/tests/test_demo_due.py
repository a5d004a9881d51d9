"""The demo on the day (its current year follows the clock, titles.demo_current): the ward head's due list."""

from __future__ import annotations

from datetime import date, timedelta
from io import StringIO

import pytest

from vanhoa.deadlines import due
from vanhoa.demo.context import DemoContext
from vanhoa.testing.actors import TEST
from vanhoa.titles.demo_current import load_current_year
from vanhoa.titles.models import Decision

pytestmark = pytest.mark.django_db


@pytest.fixture
def ctx(world):
    for i, g in enumerate(world.groups):
        for k in range(4):
            world.household(g, f"Lò Văn Hộ{i}{k}", since=date(2015, 1, 1))
    return DemoContext(households=12, stdout=StringIO(), ward=world.ward, groups=world.groups, actor=TEST)


def test_on_6_december_the_ward_head_is_told_of_the_groups_list_to_publish_next(ctx, monkeypatch, world):
    # given the demo on 06/12/2026: the groups reviewed, the household decision signed on 13/11 and its list published
    # on 17/11; the groups' title reviewed by the ward's council on 20/11 and decided on 04/12 (titles.demo_current)
    today = date(2026, 12, 6)
    monkeypatch.setattr("vanhoa.core.clock.today", lambda: today)
    load_current_year(ctx)
    decision = Decision.objects.get(year=2026, title_type__code="gdvh")
    groups = Decision.objects.get(year=2026, title_type__code="tdpvh")
    assert decision.published_on == date(2026, 11, 17) and groups.published_on is None
    items = due.due_for(world.users["ward_head"], today)
    # then the list holds what comes next, by when: the groups' list, 15 days after their decision
    assert [(i.kind, i.place, i.due, i.status_text(today)) for i in items] == [
        (due.PUBLISH, "Phường Đoàn Kết", groups.signed_on + timedelta(days=15), "còn 13 ngày"),
    ]
    assert items[0].url == f"/danh-hieu/quyet-dinh/{groups.pk}/"
    # a group leader, whose group held its meeting, has nothing due
    assert due.due_for(world.users["leader_group1"], today) == []


def test_in_march_the_meetings_are_ahead(ctx, monkeypatch, world):
    today = date(2026, 3, 5)
    monkeypatch.setattr("vanhoa.core.clock.today", lambda: today)
    load_current_year(ctx)
    items = due.due_for(world.users["leader_group1"], today)
    assert [(i.label, i.status_text(today)) for i in items] == [
        ("Họp bình xét Gia đình văn hóa năm 2026", "còn 264 ngày")
    ]
