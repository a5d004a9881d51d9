"""(b) A province of 1,000,000 households in 100 wards: active households per ward and per group, through the
ORM exactly as the app does it (Household.objects.visible_to(province viewer) grouped: vanhoa.registry.rollup)
against a hand-written SQL GROUP BY. Target: at most 1.5x the hand-written query.

BENCH_HOUSEHOLDS overrides the size (default 1,000,000)."""

from __future__ import annotations

import os
import time

from benchlib import bench_actor, bench_database, build_households, build_units, check_keys, compare, make_user, say

HOUSEHOLDS = int(os.environ.get("BENCH_HOUSEHOLDS", "1000000"))
WARDS = 100
GROUPS_PER_WARD = 20
TARGET = 1.5


def main() -> None:
    say(f"[b] province roll-up: {HOUSEHOLDS:,} households in {WARDS} wards x {GROUPS_PER_WARD} groups (PostgreSQL)")
    with bench_database("vanhoa_bench_province"):
        from django.db import connection
        from django.db.models import Count
        from django.test import Client

        from vanhoa.accounts.permissions import Cap, Role, forget
        from vanhoa.api import services as api_services
        from vanhoa.registry.models import Household
        from vanhoa.registry.rollup import household_counts

        started = time.perf_counter()
        province = build_units("Tỉnh Thử Nghiệm", "91", wards=WARDS, groups_per_ward=GROUPS_PER_WARD)
        neighbour = build_units("Tỉnh Bên Cạnh", "92", wards=5, groups_per_ward=GROUPS_PER_WARD)
        say(f"  units: {time.perf_counter() - started:.1f} s")
        seconds = build_households(province, HOUSEHOLDS)
        say(f"  {HOUSEHOLDS:,} households (INSERT … SELECT generate_series, keys from Python): {seconds:.1f} s")
        build_households(neighbour, 50_000)  # another province: the scope filter has something to exclude
        check_keys()
        viewer = make_user("bench_province_viewer", Role.VIEWER, province.province_id)

        hand_written = """
            SELECT h.ward_id, h.group_id, count(*)
            FROM registry_household h JOIN units_unit w ON w.id = h.ward_id
            WHERE w.parent_id = %s AND h.status = 'active'
            GROUP BY h.ward_id, h.group_id
        """

        def sql() -> dict[tuple[int, int], int]:
            with connection.cursor() as cur:
                cur.execute(hand_written, [province.province_id])
                return {(w, g): n for w, g, n in cur.fetchall()}

        def orm() -> dict[tuple[int, int], int]:
            forget(viewer)  # recompute the viewer's scope each time, as a new request would
            return household_counts(viewer)

        expected = sql()
        assert orm() == expected and sum(expected.values()) == round(HOUSEHOLDS * 0.95)
        say(f"  active households counted: {sum(expected.values()):,} in {len(expected):,} groups")
        ratio = compare("per ward and group: ORM via visible_to / hand-written GROUP BY", orm, sql, repeat=7)

        def sql_wards() -> list[tuple]:
            with connection.cursor() as cur:
                cur.execute(
                    "SELECT h.ward_id, count(*) FROM registry_household h JOIN units_unit w ON w.id = h.ward_id "
                    "WHERE w.parent_id = %s AND h.status = 'active' GROUP BY h.ward_id",
                    [province.province_id],
                )
                return cur.fetchall()

        def orm_wards() -> list[tuple]:
            forget(viewer)
            qs = Household.objects.visible_to(viewer, Cap.INDICATORS_VIEW).filter(status="active")
            return list(qs.order_by().values_list("ward_id").annotate(n=Count("id")))

        ratio_wards = compare(
            "per ward only: ORM via visible_to / hand-written GROUP BY", orm_wards, sql_wards, repeat=7
        )

        _, token = api_services.create_token(actor=bench_actor(), owner=viewer, name="bench")
        api = Client(headers={"Authorization": f"Bearer {token}"})

        def endpoint() -> None:
            response = api.get("/api/v1/stats/households")
            assert response.status_code == 200 and response.json()["total"] == sum(expected.values())

        compare("API /api/v1/stats/households (JSON with names) / hand-written GROUP BY", endpoint, sql, repeat=7)

        forget(viewer)
        qs = Household.objects.visible_to(viewer, Cap.INDICATORS_VIEW).filter(status="active")
        query, params = qs.order_by().values_list("ward_id", "group_id").annotate(n=Count("id")).query.sql_with_params()
        with connection.cursor() as cur:
            cur.execute("EXPLAIN (ANALYZE, BUFFERS, COSTS OFF) " + query, params)
            plan = [row[0] for row in cur.fetchall()]
        say("  EXPLAIN ANALYZE of the ORM roll-up (IN list of the province's unit ids elided):")
        for line in plan:
            if len(line) > 160:
                line = line[:157] + "…"
            say("    " + line)
        verdict = "OK" if ratio <= TARGET and ratio_wards <= TARGET else "ABOVE TARGET"
        say(f"  target <= {TARGET}x: {verdict}")


if __name__ == "__main__":
    main()
