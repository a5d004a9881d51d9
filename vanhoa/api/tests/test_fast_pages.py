"""List pages are sent without running the response schema over every item (orjson): each list must still say
exactly what the schema-validated page says, and cost the same number of queries for any page size."""

from __future__ import annotations

import json
from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from vanhoa.api import framework
from vanhoa.api.tests.test_scaling import _add_households

LISTS = [
    "/households",
    "/households?status=active&ordering=-updated_at",
    "/agencies",
    "/streets",
    "/units",
    "/plans",
    "/activities",
    "/titles/registrations",
    "/titles/decisions",
]


@pytest.fixture
def data(world):
    from vanhoa.registry import services

    _add_households(world.groups[0], 30, 0)
    world.household(world.groups[1], "Đỗ Thị Dung", since=date(2015, 3, 1), phone="0912345678")
    services.create_agency(actor=world.users["system_admin"], ward=world.ward, name="Trường Tiểu học Quyết Tiến",
                           kind="co_quan")  # fmt: skip
    return world


@pytest.mark.parametrize("path", LISTS)
def test_a_fast_list_page_is_what_the_schema_would_send(path, data, api_as, monkeypatch):
    for persona in ("ward_head", "leader_group1"):
        client = api_as(persona)
        fast = client.get(path)
        monkeypatch.setattr(framework, "FAST_PAGES", False)
        checked = client.get(path)
        monkeypatch.setattr(framework, "FAST_PAGES", True)
        assert fast.status_code == checked.status_code
        if fast.status_code != 200:
            continue
        assert fast["Content-Type"] == "application/json; charset=utf-8"
        assert json.loads(fast.content) == json.loads(checked.content)


@pytest.mark.parametrize("path", LISTS)
def test_each_api_list_costs_the_same_queries_for_any_page_size_and_data_size(path, data, api_as):
    client = api_as("ward_head")
    client.get(path)
    sep = "&" if "?" in path else "?"

    def queries(query: str) -> int:
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(path + sep + query)
        assert response.status_code == 200, response.content
        return len(ctx.captured_queries)

    small = queries("limit=2")
    assert queries("limit=100") == small
    _add_households(data.groups[1], 40, 1000)
    assert queries("limit=100") == small


def test_a_list_rows_version_is_the_households_version(data, api_as):
    """The list reads rows, not instances: each row's version must still be `versioning.token` of the household
    (what If-Match is checked against), with and without an arrival date or a phone."""
    from vanhoa.core import versioning
    from vanhoa.registry.models import Household

    items = api_as("ward_head").get("/households?limit=100").json()["items"]
    assert len(items) >= 31
    households = Household.objects.in_bulk([i["id"] for i in items])
    assert {h.since is None for h in households.values()} == {True, False}
    for item in items:
        assert item["version"] == versioning.token(households[item["id"]])
