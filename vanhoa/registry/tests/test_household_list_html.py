"""The household list page says exactly what it said before its fixed cost was cut (#17: the ward's groups and
communes kept with the unit graph, one IN for the scope and the ward): its HTML, for every role and filter, is
compared with pages written by the code before that change (golden/household_list/<database>.json.gz).

The pages are made comparable across runs: ids become the names or codes of what they point to, and the CSRF
token a fixed word. `VANHOA_WRITE_GOLDEN=1` writes the files again (only after checking a difference is meant).
"""

from __future__ import annotations

import difflib
import gzip
import json
import os
import re
from datetime import date
from pathlib import Path

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from vanhoa.api.tests.test_scaling import _add_households
from vanhoa.registry.models import Household
from vanhoa.units.models import Unit

GOLDEN = Path(__file__).parent / "golden" / "household_list"
PERSONAS = ["ward_head", "front_officer", "leader_group1", "system_admin"]
PATHS = {
    "page1": "/ho-gia-dinh/",
    "page2": "/ho-gia-dinh/?page=2",
    "search": "/ho-gia-dinh/?q=nguyen+van+ho1",
    "all": "/ho-gia-dinh/?status=all",
    "moved": "/ho-gia-dinh/?status=moved_out",
    "group": "/ho-gia-dinh/?group={group1}",
    "nothing": "/ho-gia-dinh/?q=khong+co+ai",
}


@pytest.fixture
def data(world, monkeypatch):
    monkeypatch.setattr("vanhoa.core.clock.today", lambda: date(2026, 11, 20))
    for i, group in enumerate(world.groups):
        _add_households(group, 20, 100 * i)
    moved = Household.objects.filter(group=world.groups[0]).order_by("code").first()
    Household.objects.filter(pk=moved.pk).update(status="moved_out", phone="0912345678")
    Household.objects.filter(group=world.groups[1]).exclude(pk=moved.pk).filter(code__endswith="3").update(
        phone="0987654321", address="Số 5, đường Trần Phú"
    )
    return world


def _comparable(html: str) -> str:
    """Ids replaced by what they name (they differ from run to run), the CSRF token by a word."""
    html = re.sub(r"csrfmiddlewaretoken\" value=\"[^\"]+\"", 'csrfmiddlewaretoken" value="CSRF"', html)
    html = re.sub(r"\"X-CSRFToken\": \"[^\"]+\"", '"X-CSRFToken": "CSRF"', html)
    codes = dict(Household.objects.values_list("pk", "code"))
    html = re.sub(r"/ho-gia-dinh/(\d+)/", lambda m: f"/ho-gia-dinh/<{codes.get(int(m.group(1)), '?')}>/", html)
    names = dict(Unit.objects.values_list("pk", "name"))

    def unit_options(select: re.Match[str]) -> str:  # the options of the ward and group selects only (not years)
        return re.sub(r'value="(\d+)"', lambda m: f'value="<{names.get(int(m.group(1)), "?")}>"', select.group(0))

    html = re.sub(r'<select id="(work-ward|group)".*?</select>', unit_options, html, flags=re.S)
    return re.sub(r"group=(\d+)", lambda m: f"group=<{names.get(int(m.group(1)), '?')}>", html)


def _golden() -> dict[str, str]:
    path = GOLDEN / f"{connection.vendor}.json.gz"  # per database: the top bar's communes come in its order
    return json.loads(gzip.decompress(path.read_bytes())) if path.exists() else {}


@pytest.mark.parametrize("persona", PERSONAS)
def test_the_household_list_page_is_the_page_it_was(persona, data, client_for):
    client = client_for(data.users[persona])
    pages = {name: path.format(group1=data.groups[0].pk) for name, path in PATHS.items()}
    golden, seen = _golden(), {}
    for name, path in pages.items():
        # twice each: the second request sends the statement kept by the first (registry.views._kept)
        for fragment in (False, False, True, True) if name in ("page1", "search") else (False, False):
            response = client.get(path, headers={"HX-Request": "true"} if fragment else {})
            assert response.status_code == 200, path
            key = f"{persona}-{name}{'-fragment' if fragment else ''}"
            seen[key] = html = _comparable(response.content.decode())
            if os.environ.get("VANHOA_WRITE_GOLDEN") != "1":
                diff = difflib.unified_diff(golden[key].splitlines(), html.splitlines(), "before", "now", lineterm="")
                assert html == golden[key], key + "\n" + "\n".join(list(diff)[:40])
    if os.environ.get("VANHOA_WRITE_GOLDEN") == "1":  # one persona at a time: keep the others' pages
        GOLDEN.mkdir(parents=True, exist_ok=True)
        data_ = json.dumps(_golden() | seen, ensure_ascii=False, sort_keys=True, indent=0).encode()
        (GOLDEN / f"{connection.vendor}.json.gz").write_bytes(gzip.compress(data_, mtime=0))


@pytest.mark.parametrize("number", [None, "", "1", "2", "3", "0", "-1", "abc", "2.0", "99", "9" * 30])
def test_the_page_and_its_count_in_one_statement_are_what_the_paginator_gives(number, data):
    from django.core.paginator import Paginator

    from vanhoa.registry import views
    from vanhoa.registry.views import LIST_FIELDS, PAGE_SIZE, _page_and_count

    views._kept.clear()
    for i, qs in enumerate(
        (
            Household.objects.all(),
            Household.objects.filter(status="active", group__in=[g.pk for g in data.groups[:2]]),
            Household.objects.filter(head_name__contains="Hộ10"),
            Household.objects.none(),
        )
    ):
        expected = Paginator(qs.in_vietnamese_order().values_list(*LIST_FIELDS), PAGE_SIZE).get_page(number)
        with CaptureQueriesContext(connection) as ctx:
            page = _page_and_count(lambda qs=qs: qs, number)
            rows = list(page)
        assert (page.number, page.paginator.count, page.paginator.num_pages) == (
            expected.number,
            expected.paginator.count,
            expected.paginator.num_pages,
        )
        assert rows == list(expected)
        try:
            asked = int(number or 1)
        except ValueError:
            asked = 1
        ordinary = asked == expected.number  # a page that exists: one statement (none for qs.none())
        assert len(ctx.captured_queries) <= (1 if ordinary else 3), [q["sql"][:80] for q in ctx.captured_queries]

        # with a key, the next request sends the kept statement without building the queryset again
        key = ("test", i, number)
        first = _page_and_count(lambda qs=qs: qs, number, key)
        built: list[int] = []
        second = _page_and_count(lambda qs=qs, built=built: built.append(1) or qs, number, key)
        assert list(first) == list(second) == rows
        assert second.paginator.count == expected.paginator.count and second.number == expected.number
        if ordinary and i != 3:  # kept: nothing built (qs.none() has no statement to keep)
            assert built == []
    views._kept.clear()
