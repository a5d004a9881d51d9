"""What every request costs whatever its data: the list page's queries, the session row, the unit graph check."""

from __future__ import annotations

import pytest
from django.contrib.sessions.models import Session
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from vanhoa.api.tests.test_scaling import _add_households
from vanhoa.core import middleware
from vanhoa.testing.world import unit
from vanhoa.units import tree
from vanhoa.units.choices import UnitKind

LIST_READERS = ["ward_head", "front_officer", "leader_group1", "leader_group2", "system_admin"]


def _queries(client, path):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(path)
    assert response.status_code == 200
    return ctx.captured_queries


def _session_writes(queries):
    return [q["sql"] for q in queries if "django_session" in q["sql"] and not q["sql"].lstrip().startswith("SELECT")]


@pytest.mark.parametrize("persona", LIST_READERS)
def test_the_household_list_page_costs_at_most_four_queries_whatever_the_roles_and_the_data(persona, world, client_for):
    """Session, user, the user's roles with the unit graph's version, the page's rows with their count."""
    client = client_for(world.users[persona])
    for i, group in enumerate(world.groups):
        _add_households(group, 4, 100 * i)
    client.get("/ho-gia-dinh/")
    small = len(_queries(client, "/ho-gia-dinh/"))
    for g in range(4, 8):
        unit(UnitKind.GROUP, f"Tổ dân phố số {g}", world.ward, type_label="Tổ dân phố", order=g)
    for i, group in enumerate(world.groups):
        _add_households(group, 60, 1000 + 100 * i)  # beyond one page of 50
    client.get("/ho-gia-dinh/")  # the unit graph changed: rebuilt once
    big = _queries(client, "/ho-gia-dinh/")
    assert len(big) == small <= 4, [q["sql"][:120] for q in big]
    assert len(_queries(client, "/ho-gia-dinh/?q=nguyen+van&page=2")) <= 4


def test_a_request_writes_the_session_only_when_it_changed_or_its_expiry_is_due(world, client_for, monkeypatch):
    client = client_for(world.users["ward_head"])
    client.get("/")  # the first page after signing in stamps the session
    for path in ("/", "/ho-gia-dinh/", "/ho-gia-dinh/?q=lo", "/"):
        assert _session_writes(_queries(client, path)) == [], path
    expiry = Session.objects.get().expire_date

    # the work year changes: that request writes the session once, the next ones do not
    with CaptureQueriesContext(connection) as ctx:
        client.post("/nam-lam-viec/", {"year": "2020", "next": "/"})
    assert len(_session_writes(ctx.captured_queries)) == 1
    assert _session_writes(_queries(client, "/")) == []

    # five minutes later the expiry slides with one write, then nothing again
    now = middleware.time.time()
    monkeypatch.setattr(middleware.time, "time", lambda: now + 301)
    assert len(_session_writes(_queries(client, "/"))) == 1
    assert _session_writes(_queries(client, "/")) == []
    assert Session.objects.get().expire_date > expiry


def test_anonymous_requests_create_no_session(client, db):
    client.get("/dang-nhap/")
    assert not Session.objects.exists()


def test_the_unit_graph_cache_is_validated_with_one_query(world):
    tree.get_graph()  # built and cached
    with CaptureQueriesContext(connection) as ctx:
        graph = tree.get_graph()
    assert len(ctx.captured_queries) == 1
    assert "units_graphversion" in ctx.captured_queries[0]["sql"]
    assert world.groups[0].pk in graph.covered(world.ward.pk)

    # a unit written through the services' save bumps the version: the next look-up rebuilds
    new = unit(UnitKind.GROUP, "Tổ dân phố số 9", world.ward, type_label="Tổ dân phố", order=9)
    assert new.pk in tree.get_graph().covered(world.ward.pk)


def test_a_version_is_never_reused_so_a_rolled_back_change_cannot_leave_a_stale_graph(world):
    cache.clear()
    versions = set()
    for _ in range(5):
        tree.bump()
        versions.add(tree._version())
    assert len(versions) == 5 and 0 not in versions
