"""Pages and endpoints whose query count must not grow with the size of the ward (N+1 guards)."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from vanhoa.core.text import fold, name_key
from vanhoa.registry.models import Household
from vanhoa.testing.world import unit
from vanhoa.units.choices import UnitKind


def _add_households(group, n, start):
    """Many households at once (test data only; the app itself creates them through services)."""
    rows = []
    for i in range(start, start + n):
        name = f"Nguyễn Văn Hộ{i}"
        rows.append(
            Household(
                ward=group.parent,
                group=group,
                code=f"T-{i:05d}",
                head_name=name,
                member_count=3,
                head_sort_key=name_key(name),
                search_text=fold(name),
            )
        )
    Household.objects.bulk_create(rows)


def _queries(client, path, **headers):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(path, headers=headers)
    assert response.status_code == 200
    return len(ctx.captured_queries)


def test_the_ward_home_page_costs_the_same_queries_for_10_or_300_households(world, client_for):
    client = client_for(world.users["ward_head"])
    _add_households(world.groups[0], 10, 0)
    client.get("/")  # warm the unit-graph cache and the session
    small = _queries(client, "/")
    for n in range(4, 10):  # a bigger ward: more groups too
        unit(UnitKind.GROUP, f"Tổ dân phố số {n}", world.ward, type_label="Tổ dân phố", order=n)
    big_groups = list(world.ward.children.filter(kind=UnitKind.GROUP))
    for i, group in enumerate(big_groups):
        _add_households(group, 300 // len(big_groups) + 1, 1000 + i * 100)
    assert Household.objects.filter(ward=world.ward).count() >= 300
    client.get("/")  # the unit graph changed: rebuilt once
    html = client.get("/").content.decode()
    assert "Tổ dân phố số 9" in html
    big = _queries(client, "/")
    assert big == small


def test_the_api_household_list_costs_the_same_queries_for_any_page_size(world, api_as):
    _add_households(world.groups[0], 120, 0)
    client = api_as("ward_head")
    auth = client.headers
    client.get("/households")
    assert _queries(client.client, "/api/v1/households?limit=5", **auth) == _queries(
        client.client, "/api/v1/households?limit=100", **auth
    )
    assert _queries(client.client, "/api/v1/stats/households", **auth) <= 6
