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


# --- the household list's kept SQL (vanhoa.api.compiled) ------------------------------------------

HOUSEHOLD_CASES = [
    "/households",
    "/households?q=nguyen%20van",
    "/households?q=%C4%90%E1%BB%97%20th%E1%BB%8B",  # 'Đỗ thị': accents and case folded
    "/households?q=khong-co-ai",
    "/households?q=nguyen&limit=4&offset=26",  # a search's last, short page: its count comes with its ids
    "/households?q=nguyen&ordering=-updated_at&limit=3&offset=3",
    "/households?q=nguyen&limit=5&offset=400",  # a search past its end: counted on its own
    "/households?status=active&ordering=-updated_at",
    "/households?ordering=code&limit=7&offset=7",
    "/households?ordering=-name&limit=5&offset=25",
    "/households?limit=5&offset=31",  # the last, short page
    "/households?limit=50&offset=4000",  # beyond the end: no page query
    "/households?year=2016",
    "/households?updated_since=2020-01-01T00:00:00Z",
]


@pytest.fixture
def fresh_sql():
    from vanhoa.api import compiled

    compiled.clear()
    yield compiled
    compiled.clear()


def _three_ways(client, path, monkeypatch, compiled):
    """The page from kept SQL (a second request), from the first request of its key, from the list built afresh
    (no kept SQL) and from the schema-validated path."""
    compiled.clear()
    first = client.get(path)
    kept = client.get(path)
    monkeypatch.setattr(compiled, "HOT_LISTS", False)
    afresh = client.get(path)
    monkeypatch.setattr(framework, "FAST_PAGES", False)
    checked = client.get(path)
    monkeypatch.setattr(framework, "FAST_PAGES", True)
    monkeypatch.setattr(compiled, "HOT_LISTS", True)
    return first, kept, afresh, checked


@pytest.mark.parametrize("persona", ["ward_head", "leader_group1", "city_viewer"])
@pytest.mark.parametrize("path", HOUSEHOLD_CASES)
def test_the_household_list_from_kept_sql_is_byte_identical(path, persona, data, api_as, monkeypatch, fresh_sql):
    first, kept, afresh, checked = _three_ways(api_as(persona), path, monkeypatch, fresh_sql)
    assert first.status_code == kept.status_code == afresh.status_code == checked.status_code
    assert first.content == kept.content == afresh.content
    assert first["Content-Type"] == kept["Content-Type"] == afresh["Content-Type"]
    if checked.status_code == 200:
        assert json.loads(kept.content) == json.loads(checked.content)
    else:
        assert kept.content == checked.content


def test_the_household_list_by_scope(data, api_as, fresh_sql):
    """Two users of different scopes never share a page, in either order; a unit outside the user's scope
    gives an empty list, a unit that does not exist a 404 (whether the SQL is kept or not)."""
    leader, head = api_as("leader_group1"), api_as("ward_head")
    for _ in range(2):
        mine = leader.get("/households?limit=100").json()
        all_ = head.get("/households?limit=100").json()
        assert {i["group_id"] for i in mine["items"]} == {data.groups[0].pk}
        assert mine["count"] == 30 and all_["count"] == 31
    for _ in range(2):
        other = head.get(f"/households?unit={data.other_ward.pk}")
        assert other.status_code == 200 and other.json()["count"] == 0
        group2 = leader.get(f"/households?unit={data.groups[1].pk}").json()
        assert group2["count"] == 0 and group2["items"] == []
        missing = head.get("/households?unit=987654321")
        assert missing.status_code == 404 and missing.json()["code"] == "not_found"
    outside = [i for i in all_["items"] if i["group_id"] != data.groups[0].pk][0]
    assert leader.get(f"/households/{outside['id']}").status_code == 404


def test_kept_sql_reads_the_data_of_now(data, api_as, fresh_sql):
    """Only SQL is kept: a household added, changed or leaving after the first request shows on the next."""
    from vanhoa.registry import services
    from vanhoa.registry.models import Household

    client = api_as("ward_head")
    before = client.get("/households?q=tran%20quoc&limit=5").json()
    assert before["count"] == 0
    added = data.household(data.groups[2], "Trần Quốc Toản")
    after = client.get("/households?q=tran%20quoc&limit=5").json()
    assert after["count"] == 1 and after["items"][0]["id"] == added.pk
    household = Household.objects.get(pk=added.pk)
    services.update_household(household, actor=data.users["ward_head"], note="Đã cập nhật")
    changed = client.get("/households?q=tran%20quoc&limit=5").json()["items"][0]
    assert changed["note"] == "Đã cập nhật" and changed["version"] != after["items"][0]["version"]


def test_page_81_of_a_large_ward_is_byte_identical(world, api_as, monkeypatch, fresh_sql):
    """Page 81 of 4,100 households (the benchmark's deep page): the page's ids are found on narrow rows, then
    read; the same page, in the same order, as the list built afresh and as the schema-validated one."""
    _add_households(world.groups[0], 2100, 0)
    _add_households(world.groups[1], 2000, 5000)
    for persona, count in (("ward_head", 4100), ("leader_group1", 2100)):
        path = "/households?limit=50&offset=4000" if persona == "ward_head" else "/households?limit=50&offset=2050"
        first, kept, afresh, checked = _three_ways(api_as(persona), path, monkeypatch, fresh_sql)
        assert first.content == kept.content == afresh.content
        page = json.loads(kept.content)
        assert page == json.loads(checked.content)
        assert page["count"] == count and len(page["items"]) == 50
        assert page["items"][0]["head_name"] < page["items"][-1]["head_name"] or persona == "leader_group1"


def test_the_household_list_costs_three_queries(data, api_as):
    """The token, its owner's roles and the unit graph's version in one read (on PostgreSQL; elsewhere the token,
    then the roles with the graph's version); the count; the page."""
    expected = 3 if connection.vendor == "postgresql" else 4
    client = api_as("ward_head")
    client.get("/households")
    for path in ("/households", "/households?q=nguyen", "/households?limit=5&offset=10"):
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(path).status_code == 200
        assert len(ctx.captured_queries) == expected, [q["sql"][:80] for q in ctx.captured_queries]


@pytest.mark.parametrize(
    "values",
    [
        {},
        {"head_name": 'Lò Văn "Páo" \\ \n\t\x00\x1f \u2028 😀', "address": "", "note": "Đường 30/4 – tổ 5"},
        {"code": "HGĐ-001", "member_count": 0, "group_id": 2**40, "since": None, "phone": "0912345678"},
        {"since": date(1999, 1, 2), "member_count": 50, "note": "x" * 3000},
    ],
)
def test_a_rows_version_written_directly_is_the_encoders(values):
    """token_of_row writes the JSON it hashes itself for text, integers, None and dates: the same bytes as the
    encoder's (`_token_of_row_encoded`), which any other value (a datetime, a Decimal, a bool) still takes."""
    from datetime import UTC, datetime
    from decimal import Decimal

    from vanhoa.core import versioning
    from vanhoa.registry.models import Household

    base = {"head_name": "Nguyễn Văn An", "group_id": 7, "code": "HGĐ-1", "address": "Số 2", "member_count": 4,
            "phone": "", "since": date(2015, 3, 1), "note": ""}  # fmt: skip
    pairs = versioning._row_fields(Household)
    for row in ({**base, **values}, {**base, **values, "member_count": True}, {**base, "since": Decimal("1.5")},
                {**base, "since": datetime(2020, 1, 2, 3, 4, 5, 678901, tzinfo=UTC)}):  # fmt: skip
        assert versioning.token_of_row(Household, row) == versioning._token_of_row_encoded(pairs, row)
