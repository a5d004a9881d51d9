"""(g) The country on one machine: 10,000,000 households in 1,000 wards (10 provinces x 100 wards x 20 groups).

Optional (`make bench-country`; not part of `make bench`): it needs ~8 GB of free disk and 15–40 minutes. It
checks `df` first and refuses below BENCH_COUNTRY_MIN_FREE_GB (default 12), and drops its database at the end.

Figures, each against hand-written SQL in the same run:
1. the national roll-up as the app runs it (vanhoa.registry.rollup.household_counts for a system-wide viewer:
   active households per ward and group, through visible_to) / hand-written GROUP BY;
2. the national roll-up per province (what a national dashboard shows) / hand-written GROUP BY over the unit join;
3. one province's roll-up (a province viewer through visible_to) / hand-written;
4. the same hand-written queries on a copy of the households declaratively partitioned by province (RANGE on
   ward_id: each province's wards are contiguous) / the unpartitioned table: does partitioning help?

BENCH_COUNTRY_HOUSEHOLDS overrides the size (default 10,000,000).
"""

from __future__ import annotations

import os
import shutil
import time

from benchlib import ROOT, bench_database, build_households, build_units, compare, make_user, say

HOUSEHOLDS = int(os.environ.get("BENCH_COUNTRY_HOUSEHOLDS", "10000000"))
PROVINCES, WARDS, GROUPS = 10, 100, 20
MIN_FREE_GB = float(os.environ.get("BENCH_COUNTRY_MIN_FREE_GB", "12"))

PER_GROUP = """SELECT h.ward_id, h.group_id, count(*) FROM {table} h WHERE h.status = 'active' GROUP BY 1, 2"""
PER_PROVINCE = """SELECT w.parent_id, count(*) FROM {table} h JOIN units_unit w ON w.id = h.ward_id
                  WHERE h.status = 'active' GROUP BY 1"""
ONE_PROVINCE = """SELECT h.ward_id, h.group_id, count(*) FROM {table} h
                  WHERE h.ward_id BETWEEN %s AND %s AND h.status = 'active' GROUP BY 1, 2"""


def main() -> None:
    free = shutil.disk_usage(ROOT).free / 1e9
    say(f"[g] country: {HOUSEHOLDS:,} households in {PROVINCES * WARDS:,} wards (PostgreSQL); free disk {free:.0f} GB")
    if free < MIN_FREE_GB:
        raise SystemExit(f"Not enough free disk ({free:.0f} GB < {MIN_FREE_GB:.0f} GB): skipped.")
    with bench_database("vanhoa_bench_country"):
        from django.db import connection
        from django.db.models import Count, Q, Sum

        from vanhoa.accounts.permissions import Cap, Role, forget
        from vanhoa.registry.models import Household
        from vanhoa.registry.rollup import household_counts

        started = time.perf_counter()
        provinces = [
            build_units(f"Tỉnh Thử Nghiệm {p:02d}", f"{p + 50:02d}", wards=WARDS, groups_per_ward=GROUPS)
            for p in range(PROVINCES)
        ]
        say(f"  units: {time.perf_counter() - started:.1f} s")
        for i, province in enumerate(provinces):
            seconds = build_households(province, HOUSEHOLDS // PROVINCES, seed=20 + i)
            say(f"  province {i + 1}: {HOUSEHOLDS // PROVINCES:,} households in {seconds:.1f} s")
        with connection.cursor() as cur:
            cur.execute("VACUUM ANALYZE registry_household")
            cur.execute("SELECT pg_size_pretty(pg_total_relation_size('registry_household')), "
                        "pg_size_pretty(pg_relation_size('registry_household'))")  # fmt: skip
            total, heap = cur.fetchone()
        say(f"  registry_household: {heap} of rows, {total} with its indexes")

        admin = make_user("bench_country_admin", Role.SYSTEM_ADMIN, None)
        viewer = make_user("bench_province_viewer", Role.VIEWER, provinces[3].province_id)

        def sql(query: str, table: str = "registry_household", params: list | None = None) -> list[tuple]:
            with connection.cursor() as cur:
                cur.execute(query.format(table=table), params or [])
                return cur.fetchall()

        def national_orm() -> dict:
            forget(admin)
            return household_counts(admin)

        expected = {(w, g): n for w, g, n in sql(PER_GROUP)}
        assert national_orm() == expected
        say(f"  active households: {sum(expected.values()):,} in {len(expected):,} groups")
        compare("national roll-up per ward and group: ORM via visible_to / hand-written", national_orm,
                lambda: sql(PER_GROUP), repeat=3)  # fmt: skip

        def national_per_province() -> dict:
            forget(admin)
            qs = Household.objects.visible_to(admin, Cap.INDICATORS_VIEW).filter(status="active")
            return dict(qs.order_by().values_list("ward__parent_id").annotate(n=Count("id")))

        compare("national roll-up per province: ORM / hand-written", national_per_province,
                lambda: sql(PER_PROVINCE), repeat=3)  # fmt: skip
        lo, hi = min(provinces[3].ward_ids), max(provinces[3].ward_ids)

        def province_orm() -> dict:
            forget(viewer)
            return household_counts(viewer)

        compare("one province's roll-up (province viewer): ORM / hand-written", province_orm,
                lambda: sql(ONE_PROVINCE, params=[lo, hi]), repeat=5)  # fmt: skip

        # the same reads on a copy partitioned by province
        started = time.perf_counter()
        with connection.cursor() as cur:
            cur.execute("CREATE TABLE bench_household_part (LIKE registry_household INCLUDING DEFAULTS) "
                        "PARTITION BY RANGE (ward_id)")  # fmt: skip
            for i, p in enumerate(provinces):
                cur.execute(
                    f"CREATE TABLE bench_household_part_{i} PARTITION OF bench_household_part "
                    f"FOR VALUES FROM ({min(p.ward_ids)}) TO ({max(p.ward_ids) + 1})"
                )
            cur.execute("INSERT INTO bench_household_part SELECT * FROM registry_household")
            cur.execute("CREATE INDEX ON bench_household_part (group_id, status)")
            cur.execute("VACUUM ANALYZE bench_household_part")
        say(f"  partitioned copy (10 partitions by province) built in {time.perf_counter() - started:.1f} s")
        for label, query, params in (
            ("national per ward and group", PER_GROUP, None),
            ("national per province", PER_PROVINCE, None),
            ("one province", ONE_PROVINCE, [lo, hi]),
        ):
            compare(f"partitioned / unpartitioned, {label} (hand-written)",
                    lambda q=query, a=params: sql(q, "bench_household_part", a),
                    lambda q=query, a=params: sql(q, "registry_household", a), repeat=3)  # fmt: skip
        total = Household.objects.aggregate(n=Sum("member_count", filter=Q(status="active")))["n"]
        say(f"  ({total:,} people in active households)")


if __name__ == "__main__":
    main()
