"""Indicators of a unit for a year: the same figures as `manage.py indicators`, only where the user holds
indicators.view."""

from datetime import date

import pytest

from vanhoa.reports import indicators as ind
from vanhoa.reports.tests.conftest import decision, results


@pytest.fixture
def year_2025(world, monkeypatch):
    from django.core.cache import cache

    from vanhoa.titles.rules_data import load_rules

    load_rules()
    monkeypatch.setattr("vanhoa.core.clock.today", lambda: date(2026, 11, 20))
    cache.clear()
    homes = [world.household(world.groups[i % 2], f"Trần Văn Hộ{i}", since=date(2015, 1, 1)) for i in range(4)]
    world.household(world.other_group, "Lò Văn Páo", since=date(2015, 1, 1))
    results(homes[:3], 2025, signed=decision(world.ward, 2025, "gdvh", date(2025, 12, 10)))
    return homes


def test_the_ward_indicators_match_the_command(world, api_as, year_2025):
    response = api_as("ward_head").get("/indicators", {"unit": world.ward.pk, "year": 2025})
    assert response.status_code == 200
    body = response.json()
    assert body["unit"]["id"] == world.ward.pk and body["year"] == 2025 and body["on"] == "2025-12-31"
    expected = ind.Figures(2025, None, [world.ward]).all(world.ward.pk)
    assert [i["code"] for i in body["indicators"]] == list(expected) == ind.ORDER
    family = {i["code"]: i for i in body["indicators"]}["cultural_family_rate"]
    assert (family["numerator"], family["denominator"], family["value"]) == (3, 4, "75.0")
    for code, item in expected.items():  # the same numbers as the command's --json
        got = {i["code"]: i for i in body["indicators"]}[code]
        assert got == {k: v for k, v in item.to_json().items() if k != "extra"}
    one = api_as("ward_head").get("/indicators/cultural_family_rate", {"unit_code": world.ward.code, "year": 2025})
    assert one.status_code == 200 and one.json()["indicator"]["value_text"] == "75,0%"


def test_indicators_only_for_units_in_scope(world, api_as, year_2025):
    leader = api_as("leader_group1")
    mine = leader.get("/indicators", {"unit": world.groups[0].pk, "year": 2025})
    assert mine.status_code == 200
    family = {i["code"]: i for i in mine.json()["indicators"]}["cultural_family_rate"]
    assert (family["numerator"], family["denominator"]) == (2, 2)
    for unit in (world.groups[1], world.ward, world.other_group):
        response = leader.get("/indicators", {"unit": unit.pk, "year": 2025})
        assert response.status_code == 404 and response.json()["code"] == "not_found"
    assert leader.get("/indicators/cultural_family_rate", {"unit": world.groups[1].pk, "year": 2025}).status_code == 404
    assert api_as("ward_head").get("/indicators", {"year": 2025}).status_code == 422
    assert api_as("city_viewer").get("/indicators", {"unit": world.city.pk, "year": 2025}).status_code == 200
    assert api_as("anonymous").get("/indicators", {"unit": world.ward.pk, "year": 2025}).status_code == 401
