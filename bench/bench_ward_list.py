"""(a) A ward of 5,000 households: the household list page and the API list, against a raw SQL SELECT of the
same page (the floor: what the database alone needs for those 50 rows)."""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from typing import Any

import benchlib
from benchlib import bench_actor, bench_database, build_households, build_units, check_keys, make_user, say

PAGE = 50
REPEAT = int(os.environ.get("BENCH_REPEAT", "9"))


def compare(label: str, subject: Callable[[], Any], floor: Callable[[], Any]) -> float:
    """benchlib.compare, BENCH_REPEAT=N times (9 by default)."""
    return benchlib.compare(label, subject, floor, repeat=REPEAT)


def main() -> None:
    say("[a] household list of a ward of 5,000 households (PostgreSQL)")
    with bench_database("vanhoa_bench_ward"):
        from django.db import connection
        from django.test import Client

        from vanhoa.accounts.permissions import Role
        from vanhoa.api import services as api_services
        from vanhoa.core.text import fold
        from vanhoa.units.tree import get_graph

        started = time.perf_counter()
        province = build_units("Tỉnh Thử Nghiệm", "91", wards=2, groups_per_ward=20)
        build_households(province, 10_000)  # 5,000 in each of the two wards
        check_keys()
        if os.environ.get("BENCH_VACUUM", "1") == "1":  # BENCH_VACUUM=0: right after the INSERT, as before
            # A table in use has been vacuumed: autovacuum runs within a minute of 10,000 inserts (PostgreSQL 13+),
            # and only then can a COUNT read the (group, status) index alone. Measured right after the bulk INSERT
            # it would not yet, which no ward sees after its first minute.
            with connection.cursor() as cur:
                cur.execute("VACUUM ANALYZE registry_household")
        say(f"  built 2 wards x 5,000 households in {time.perf_counter() - started:.1f} s")
        ward_id = province.ward_ids[0]
        head = make_user("bench_ward_head", Role.WARD_HEAD, ward_id)
        groups = sorted(get_graph().covered(ward_id))
        _, token = api_services.create_token(actor=bench_actor(), owner=head, name="bench")
        web = Client()
        web.force_login(head)
        api = Client(headers={"Authorization": f"Bearer {token}"})

        select = """
            SELECT h.id, h.code, h.head_name, h.address, h.member_count, h.phone, h.status, g.name
            FROM registry_household h JOIN units_unit g ON g.id = h.group_id
            WHERE h.group_id = ANY(%s) AND h.status = 'active' {search}
            ORDER BY h.head_sort_key, h.code, h.id LIMIT {limit} OFFSET {offset}
        """

        def raw(search_words: list[str] = (), offset: int = 0) -> list[tuple]:  # type: ignore[assignment]
            search = " ".join("AND h.search_text LIKE %s" for _ in search_words)
            with connection.cursor() as cur:
                cur.execute(
                    select.format(search=search, limit=PAGE, offset=offset),
                    [groups, *[f"%{w}%" for w in search_words]],
                )
                return cur.fetchall()

        def page(client: Client, url: str, expect: str) -> None:
            response = client.get(url)
            assert response.status_code == 200, (url, response.status_code)
            assert expect in response.content.decode(), (url, expect)

        first = raw()[0][2]
        compare("list page 1 (HTML, test client) / SELECT of the page", lambda: page(web, "/ho-gia-dinh/", first), raw)
        words = fold("Nguyễn Văn").split()
        found = raw(words)[0][2]
        compare(
            "search 'nguyen van' page 1 (HTML) / SELECT with the same LIKEs",
            lambda: page(web, "/ho-gia-dinh/?q=nguyen+van", found),
            lambda: raw(words),
        )
        deep_offset = 4_000
        deep = raw(offset=deep_offset)[0][2]
        compare(
            f"list page {deep_offset // PAGE + 1} (HTML) / SELECT … OFFSET {deep_offset}",
            lambda: page(web, f"/ho-gia-dinh/?page={deep_offset // PAGE + 1}", deep),
            lambda: raw(offset=deep_offset),
        )
        compare(
            "API /api/v1/households?status=active (JSON, test client) / SELECT of the page",
            lambda: page(api, f"/api/v1/households?status=active&unit={ward_id}&limit={PAGE}", first),
            raw,
        )


if __name__ == "__main__":
    main()
