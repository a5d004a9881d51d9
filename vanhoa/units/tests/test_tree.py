"""The unit graph answers "on a date" questions without a query, and agrees with the Unit model's own answers."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from vanhoa.testing.actors import TEST
from vanhoa.units import services
from vanhoa.units.choices import UnitKind
from vanhoa.units.tree import get_graph

pytestmark = pytest.mark.django_db


def test_a_unit_is_active_between_its_first_and_last_day(world):
    node = get_graph().nodes[world.ward_2020.pk]  # 02/11/2012 – 30/06/2025
    assert node.active_on(date(2012, 11, 2)) and node.active_on(date(2025, 6, 30))
    assert not node.active_on(date(2012, 11, 1)) and not node.active_on(date(2025, 7, 1))
    assert node.active_between(date(2025, 1, 1), date(2025, 12, 31))
    assert not node.active_between(date(2025, 7, 1), date(2025, 12, 31))
    assert get_graph().nodes[world.groups[0].pk].active_on(date(1990, 1, 1))  # no dates: always


def test_the_groups_and_communes_of_a_year_roll_up_from_todays_ward(world):
    graph = get_graph()
    groups = sorted(g.pk for g in world.groups)
    assert graph.covered_active_in(world.ward.pk, 2020, UnitKind.GROUP) == groups
    # 2025: Quyết Tiến (until 30/06) and Đoàn Kết (from 01/07) both existed; on 1 November only Đoàn Kết.
    assert graph.covered_active_in(world.ward.pk, 2025, UnitKind.COMMUNE) == sorted([world.ward_2020.pk, world.ward.pk])
    assert graph.covered_active_on(world.ward.pk, date(2025, 11, 1), UnitKind.COMMUNE) == [world.ward.pk]
    assert graph.covered_active_on(world.ward.pk, date(2020, 11, 1), UnitKind.COMMUNE) == [world.ward_2020.pk]
    # A group closed in 2023 still belongs to 2023 and not to 2024.
    world.groups[2].valid_to = date(2023, 6, 30)
    world.groups[2].save()
    graph = get_graph()
    assert world.groups[2].pk in graph.covered_active_in(world.ward.pk, 2023, UnitKind.GROUP)
    assert world.groups[2].pk not in graph.covered_active_in(world.ward.pk, 2024, UnitKind.GROUP)
    assert world.other_group.pk not in graph.covered_active_in(world.ward.pk, 2024)


def test_which_communes_have_residential_groups(world):
    graph = get_graph()
    assert graph.has_children(world.ward_2020.pk, UnitKind.GROUP)
    assert graph.has_children(world.ward.pk, UnitKind.GROUP)
    assert not graph.has_children(world.city.pk, UnitKind.GROUP)


@pytest.mark.parametrize("day", [date(2020, 11, 1), date(2025, 6, 30), date(2025, 7, 1), date(2026, 1, 5)])
def test_parent_ancestor_and_name_of_the_time_agree_with_the_model(world, day):
    services.rename_unit(world.groups[2], new_name="Tổ dân phố Quyết Tiến 3", effective=date(2026, 1, 1), actor=TEST)
    graph = get_graph()
    for unit in [*world.groups, world.ward_2020, world.ward]:
        unit.refresh_from_db()
        parent = unit.parent_on(day)
        assert graph.parent_on(unit.pk, day) == (parent.pk if parent else None), (unit, day)
        for kind in (UnitKind.COMMUNE, UnitKind.DISTRICT, UnitKind.PROVINCE):
            found = unit.ancestor_on(day, kind)
            assert graph.ancestor_on(unit.pk, day, kind) == (found.pk if found else None), (unit, day, kind)
        assert graph.name_on(unit.pk, day) == unit.name_on(day)


def test_the_graph_answers_without_a_query_once_loaded(world):
    graph = get_graph()
    with CaptureQueriesContext(connection) as queries:
        graph.covered_active_in(world.ward.pk, 2020, UnitKind.GROUP)
        graph.ancestor_on(world.groups[0].pk, date(2020, 11, 1), UnitKind.PROVINCE)
        graph.name_on(world.groups[0].pk, date(2020, 11, 1))
    assert len(queries) == 0


def test_what_is_kept_with_the_graph_is_read_again_after_a_unit_changes(world, client_for):
    from vanhoa.core.workcontext import wards_for
    from vanhoa.units.tree import per_graph

    reads = []
    assert per_graph(("test", 1), lambda: reads.append(1) or "first") == "first"
    assert per_graph(("test", 1), lambda: reads.append(1) or "again") == "first" and len(reads) == 1

    # the list page's communes (top bar) and groups (filter) follow a rename at once, as the graph does
    client = client_for(world.users["ward_head"])
    assert "Tổ dân phố số 1<" in client.get("/ho-gia-dinh/").content.decode()
    world.groups[0].name = "Tổ dân phố Hoa Ban"
    world.groups[0].save()
    world.ward.name = "Phường Đoàn Kết Mới"
    world.ward.save()
    html = client.get("/ho-gia-dinh/").content.decode()
    assert "Tổ dân phố Hoa Ban<" in html and "Tổ dân phố số 1<" not in html and "Phường Đoàn Kết Mới" in html
    assert per_graph(("test", 1), lambda: "after") == "after"

    # each caller gets its own copies of the kept units: changing one changes nothing kept
    mine = wards_for(world.users["ward_head"])
    mine[0].name = "changed by one request"
    if mine[0].parent is not None:
        mine[0].parent.name = "changed too"
    again = wards_for(world.users["ward_head"])
    assert again[0].name != "changed by one request"
    assert again[0].parent is None or again[0].parent.name != "changed too"
