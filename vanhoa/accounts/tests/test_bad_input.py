"""Bad numbers and bytes in filters answer 400 or an empty result, never 500 (#21 F15).

Every page of the URL walk (with its sample kwargs) and every list of the API is asked with hostile values in
every filter name the application reads: a number beyond 64 bits, a negative one, a NUL byte, letters, a
superscript digit (which `str.isdigit()` accepts and `int()` refuses).
"""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from vanhoa.accounts.tests.test_url_walk import ROUTES, _officer_elsewhere, _sample_modules

HOSTILE = ["99999999999999999999", "-1", "1\x00", "abc", "²", "9" * 400]
PARAMS = [
    "group",
    "to",
    "unit",
    "ward",
    "status",
    "state",
    "page",
    "nam",
    "year",
    "ngay",
    "q",
    "co-quan",
    "hoat-dong",
    "ngay-hoi",
    "decision",
    "meeting",
    "danh_hieu",
    "loai",
    "kind",
    "action",
    "actor",
    "tu",
    "den",
    "id",
]
SKIP = {"logout"}


def _ask(client: Client, url: str, value: str) -> str | None:
    try:
        response = client.get(url, dict.fromkeys(PARAMS, value))
    except Exception as exc:  # noqa: BLE001 - every exception is the failure this test looks for
        return f"{url} ?…={value!r}: {type(exc).__name__}: {str(exc)[:160]}"
    if response.status_code >= 500:
        return f"{url} ?…={value!r}: {response.status_code}"
    return None


@pytest.mark.slow
@pytest.mark.parametrize("persona", ["ward_head", "leader_group1"])
def test_no_page_answers_500_to_hostile_filter_values(world, persona):
    world.users["officer_elsewhere"] = _officer_elsewhere(world)
    client = Client()
    client.force_login(world.users[persona])
    session = client.session
    session["work_ward_id"] = world.ward.pk
    session.save()
    samples: dict[str, Any] = {}
    for module in _sample_modules().values():  # each once: some samples make users with fixed names
        samples = {**module.samples(world), **samples}
    wrong = []
    for route in ROUTES:
        if route.name in SKIP or not route.named or (route.has_kwargs and route.name not in samples):
            continue
        url = reverse(route.name, kwargs=samples[route.name][0] if route.name in samples else {})
        for value in HOSTILE:
            problem = _ask(client, url, value)
            if problem:
                wrong.append(problem)
                break
    assert not wrong, "\n".join(wrong)


def test_the_household_list_answers_an_empty_list_to_a_group_beyond_64_bits(world, client_for):
    response = client_for(world.users["ward_head"]).get(reverse("household-list"), {"group": "9" * 20})
    assert response.status_code in (200, 400)


def test_a_nul_byte_in_any_parameter_is_refused_with_400(world, client_for):
    client = client_for(world.users["ward_head"])
    assert client.get(reverse("household-list"), {"q": "Lò\x00"}).status_code == 400
    assert client.post(reverse("household-list"), {"q": "Lò\x00"}).status_code == 400


API_LISTS = [
    "/households",
    "/agencies",
    "/streets",
    "/units",
    "/plans",
    "/activities",
    "/indicators",
    "/me",
    "/titles/registrations",
    "/titles/decisions",
    "/stats/households",
    "/households/1/history",
]


def test_no_api_list_answers_500_to_hostile_filter_values(world):
    from vanhoa.api.tests.conftest import ApiClient, token_for

    api = ApiClient(token_for(world.users["ward_head"]))
    wrong: list[Any] = []
    for path in API_LISTS:
        for value in HOSTILE:
            try:
                response = api.get(path, dict.fromkeys([*PARAMS, "group_id", "unit_id", "ward_id"], value))
            except Exception as exc:  # noqa: BLE001
                wrong.append(f"{path} {value!r}: {type(exc).__name__}: {exc}")
                continue
            if response.status_code >= 500:
                wrong.append(f"{path} {value!r}: {response.status_code}")
    assert not wrong, "\n".join(wrong)
