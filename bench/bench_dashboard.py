"""(d) Indicators: the ward dashboard and the province roll-up of the cultural-family rate, against hand-written SQL
on the same data, PostgreSQL.

A province of BENCH_HOUSEHOLDS households (default 1,000,000) in 100 wards × 20 groups, each household placed in its
group (HouseholdPlacement) and, for 2020, 99.5 % registered for "Gia đình văn hóa" and 98 % recognised by one
decision per ward. Figures:

1. ward dashboard, indicator computation: `Figures(2020, None, [ward]).all(ward)` + the per-group rows, against the
   hand-written SQL of the same reads (households per group with their 2020 candidacy, groups holding their title,
   agencies, streets, plans, activities, targets, and since session 6 the money of the two funds cards);
2. the same ward's dashboard page (HTML through the Django test client, trend 2018–2026 included) against that
   floor;
3. the province roll-up of the 2020 cultural-family rate per ward (`Figures(2020, None, [province, *wards])`)
   against a hand-written `GROUP BY ward`.
"""

from __future__ import annotations

import os
import time
from datetime import date

from benchlib import bench_database, build_households, build_units, compare, make_user, say

HOUSEHOLDS = int(os.environ.get("BENCH_HOUSEHOLDS", "1000000"))
WARDS = 100
GROUPS_PER_WARD = 20
YEAR = 2020
DAY = date(YEAR, 12, 31)


def build_titles(province) -> tuple[int, float]:
    """Placements for every household, one 2020 decision per ward, 2020 candidacies (bulk SQL). Returns the
    Gia đình văn hóa title type id and the seconds taken."""
    from django.db import connection

    from vanhoa.titles import services as titles
    from vanhoa.titles.choices import AdminLevel, DecisionKind
    from vanhoa.titles.models import Decision, TitleType
    from vanhoa.units.models import Unit

    started = time.perf_counter()
    gdvh = TitleType.objects.get(code="gdvh")
    first_ward = Unit.objects.get(pk=province.ward_ids[0])
    rule_set = titles.rule_set_for_year(gdvh, first_ward, YEAR)
    Decision.objects.bulk_create(
        [
            Decision(
                kind=DecisionKind.RECOGNITION, title_type=gdvh, rule_set=rule_set, year=YEAR, ward_id=w,
                issuer_level=AdminLevel.COMMUNE, issuer_name="UBND phường", signer_position="Chủ tịch",
                number=str(i + 1), signed_on=date(YEAR, 11, 13), signer_name="Nguyễn Văn An",
            )
            for i, w in enumerate(province.ward_ids)
        ]
    )
    with connection.cursor() as cur:
        cur.execute(
            """
            INSERT INTO registry_householdplacement (household_id, group_id, valid_from, valid_to)
            SELECT h.id, h.group_id, h.since, CASE WHEN h.status = 'active' THEN NULL ELSE h.status_date END
            FROM registry_household h JOIN units_unit w ON w.id = h.ward_id WHERE w.parent_id = %s
            """,
            [province.province_id],
        )
        cur.execute(
            """
            INSERT INTO titles_candidacy (created_at, updated_at, year, subject_kind, subject_key, subject_name,
                subject_address, state, resume_state, state_on, reason, registered_on, certificate_number, note,
                recognition, sort_key, household_id, unit_id, review_unit_id, ward_id, decision_id, rule_set_id,
                title_type_id)
            SELECT now(), now(), %(year)s, 'household', 'household:' || h.id, h.head_name, h.address,
                   CASE WHEN mod(h.id, 50) = 7 THEN 'not_proposed' ELSE 'certified' END,
                   '', %(signed)s, '', %(registered)s, '', '', '', h.head_sort_key, h.id, h.group_id, h.group_id,
                   h.ward_id, CASE WHEN mod(h.id, 50) = 7 THEN NULL ELSE d.id END, %(rule_set)s, %(title)s
            FROM registry_household h
            JOIN units_unit w ON w.id = h.ward_id
            JOIN titles_decision d ON d.ward_id = h.ward_id AND d.year = %(year)s AND d.title_type_id = %(title)s
            WHERE w.parent_id = %(province)s AND mod(h.id, 200) <> 3
            """,
            {
                "year": YEAR,
                "signed": date(YEAR, 11, 13),
                "registered": date(YEAR, 2, 15),
                "rule_set": rule_set.pk,
                "title": gdvh.pk,
                "province": province.province_id,
            },
        )
        for table in ("registry_householdplacement", "titles_candidacy", "titles_decision"):
            cur.execute(f"ANALYZE {table}")
    return gdvh.pk, time.perf_counter() - started


WARD_FLOOR = [
    # households per group on 31/12 with their 2020 candidacy (registered / recognised by then)
    """
    SELECT p.group_id, count(*),
           count(c.id) FILTER (WHERE c.registered_on <= %(day)s AND c.state <> 'withdrawn'),
           count(c.id) FILTER (WHERE c.state IN ('decided', 'certified')
                                 AND (d.signed_on <= %(day)s OR c.decision_id IS NULL))
    FROM registry_householdplacement p
    LEFT JOIN titles_candidacy c ON c.household_id = p.household_id AND c.year = %(year)s AND c.title_type_id = %(t)s
    LEFT JOIN titles_decision d ON d.id = c.decision_id
    WHERE p.group_id = ANY(%(groups)s) AND (p.valid_from IS NULL OR p.valid_from <= %(day)s)
      AND (p.valid_to IS NULL OR p.valid_to > %(day)s)
    GROUP BY p.group_id
    """,
    """
    SELECT c.group_id FROM titles_candidacy c JOIN titles_titletype t ON t.id = c.title_type_id
    WHERE t.code = 'tdpvh' AND c.year = %(year)s AND c.group_id = ANY(%(groups)s)
      AND c.state IN ('decided', 'certified')
    """,
    """
    SELECT a.id, a.group_id, a.ward_id, a.active,
           EXISTS (SELECT 1 FROM titles_candidacy c WHERE c.agency_id = a.id AND c.year = %(year)s)
    FROM registry_agency a WHERE a.group_id = ANY(%(groups)s) OR (a.group_id IS NULL AND a.ward_id = ANY(%(wards)s))
    """,
    """
    SELECT s.id, s.ward_id, s.active, sg.unit_id FROM registry_street s
    LEFT JOIN registry_street_groups sg ON sg.street_id = s.id
    WHERE sg.unit_id = ANY(%(groups)s) OR s.ward_id = ANY(%(wards)s)
    """,
    "SELECT id, ward_id FROM plans_plan WHERE year = %(year)s AND ward_id = ANY(%(wards)s)",
    """SELECT a.id, a.plan_id, a.timing, a.periods, a.status, a.completed_on FROM plans_activity a
       JOIN plans_plan p ON p.id = a.plan_id WHERE p.year = %(year)s AND p.ward_id = ANY(%(wards)s)""",
    """SELECT t.plan_id, t.indicator, t.value FROM plans_target t
       JOIN plans_plan p ON p.id = t.plan_id WHERE p.year = %(year)s AND p.ward_id = ANY(%(wards)s)""",
    # the two money cards (funds raised: budget allocations and gifts; funds spent) from 1/1 to the day, and the
    # plan's funding sources (the target of funds raised); added in session 6: the page always showed them
    """
    SELECT (SELECT sum(amount) FROM activities_allocation
             WHERE ward_id = ANY(%(covered)s) AND decision_date BETWEEN %(start)s AND %(day)s),
           (SELECT sum(value) FROM activities_contribution
             WHERE ward_id = ANY(%(covered)s) AND received_on BETWEEN %(start)s AND %(day)s),
           (SELECT sum(amount) FROM activities_expense
             WHERE ward_id = ANY(%(covered)s) AND spent_on BETWEEN %(start)s AND %(day)s),
           (SELECT sum(f.amount) FROM plans_fundingsource f JOIN plans_plan p ON p.id = f.plan_id
             WHERE p.year = %(year)s AND p.ward_id = ANY(%(wards)s) AND f.amount IS NOT NULL)
    """,
]
#: the floor as it was before session 6 (without the money query), printed for comparison with earlier runs
FIGURES_BEFORE_SESSION_6 = len(WARD_FLOOR) - 1

# The trend 2018–today by hand: one grouped query over the years (households on each 31/12, recognised by then).
TREND_FLOOR = """
    SELECT y.year, count(*),
           count(c.id) FILTER (WHERE c.state IN ('decided', 'certified')
                                 AND (d.signed_on <= y.day OR c.decision_id IS NULL))
    FROM (SELECT * FROM unnest(%(years)s::int[], %(days)s::date[])) AS y(year, day)
    JOIN registry_householdplacement p ON (p.valid_from IS NULL OR p.valid_from <= y.day)
                                      AND (p.valid_to IS NULL OR p.valid_to > y.day)
    LEFT JOIN titles_candidacy c ON c.household_id = p.household_id AND c.year = y.year AND c.title_type_id = %(t)s
    LEFT JOIN titles_decision d ON d.id = c.decision_id
    WHERE p.group_id = ANY(%(groups)s)
    GROUP BY y.year
"""

PROVINCE_FLOOR = """
    SELECT g.parent_id, count(*), count(c.id) FILTER (WHERE c.state IN ('decided', 'certified'))
    FROM registry_householdplacement p
    JOIN units_unit g ON g.id = p.group_id
    LEFT JOIN titles_candidacy c ON c.household_id = p.household_id AND c.year = %(year)s AND c.title_type_id = %(t)s
    WHERE g.parent_id = ANY(%(wards)s) AND (p.valid_from IS NULL OR p.valid_from <= %(day)s)
      AND (p.valid_to IS NULL OR p.valid_to > %(day)s)
    GROUP BY g.parent_id
"""


def main() -> None:
    say(f"[d] indicators: {HOUSEHOLDS:,} households in {WARDS} wards x {GROUPS_PER_WARD} groups (PostgreSQL)")
    with bench_database("vanhoa_bench_indicators"):
        from django.db import connection
        from django.test import Client
        from django.test.utils import CaptureQueriesContext

        from vanhoa.accounts.permissions import Role
        from vanhoa.reports import indicators as ind
        from vanhoa.units.models import Unit

        started = time.perf_counter()
        province = build_units("Tỉnh Thử Nghiệm", "91", wards=WARDS, groups_per_ward=GROUPS_PER_WARD)
        say(f"  units: {time.perf_counter() - started:.1f} s")
        seconds = build_households(province, HOUSEHOLDS)
        say(f"  {HOUSEHOLDS:,} households: {seconds:.1f} s")
        title_id, seconds = build_titles(province)
        say(f"  placements, 2020 decisions and candidacies: {seconds:.1f} s")

        ward = Unit.objects.get(pk=province.ward_ids[0])
        groups = [g for g in province.group_ids if Unit.objects.filter(pk=g, parent=ward).exists()]
        params = {"day": DAY, "year": YEAR, "t": title_id, "groups": groups, "wards": [ward.pk],
                  "covered": [ward.pk, *groups], "start": date(YEAR, 1, 1)}  # fmt: skip

        def ward_floor(queries: list[str] = WARD_FLOOR) -> list:
            out = []
            with connection.cursor() as cur:
                for sql in queries:
                    cur.execute(sql, params)
                    out.append(cur.fetchall())
            return out

        def ward_floor_before_session_6() -> list:
            return ward_floor(WARD_FLOOR[:FIGURES_BEFORE_SESSION_6])

        def ward_orm() -> dict:
            f = ind.Figures(YEAR, None, [ward])
            everything = f.all(ward.pk)
            f.group_rows(ward.pk)
            return everything

        floor_rows = ward_floor()[0]
        fam = ward_orm()[ind.CULTURAL_FAMILY_RATE]
        assert (fam.numerator, fam.denominator) == (sum(r[3] for r in floor_rows), sum(r[1] for r in floor_rows))
        say(f"  ward: {fam.fraction_text} ({fam.value_text}) in {len(groups)} groups")
        with CaptureQueriesContext(connection) as ctx:
            ward_orm()
        say(f"  ward indicator computation: {len(ctx.captured_queries)} queries (floor: {len(WARD_FLOOR)})")
        compare("ward dashboard, indicator computation / hand-written SQL of the same reads", ward_orm, ward_floor)

        head = make_user("bench_ward_head", Role.WARD_HEAD, ward.pk)
        client = Client()
        client.force_login(head)

        def page() -> None:
            response = client.get(f"/bao-cao/chi-tieu/{ward.pk}/?nam={YEAR}")
            assert response.status_code == 200

        def trend() -> None:
            response = client.get(f"/bao-cao/chi-tieu/{ward.pk}/qua-cac-nam/?nam={YEAR}", HTTP_HX_REQUEST="true")
            assert response.status_code == 200 and b'id="trend"' in response.content

        years = list(range(2018, ind.today().year + 1))
        tparams = {**params, "years": years, "days": [ind.default_as_of(y) for y in years]}

        def trend_floor() -> list:
            with connection.cursor() as cur:
                cur.execute(TREND_FLOOR, tparams)
                return cur.fetchall()

        with CaptureQueriesContext(connection) as ctx:
            page()
        say(f"  dashboard page: {len(ctx.captured_queries)} queries (the trend is loaded after the page)")
        with CaptureQueriesContext(connection) as ctx:
            trend()
        say(f"  trend fragment 2018–today: {len(ctx.captured_queries)} queries (one aggregate per year)")
        compare("ward dashboard page (HTML) / hand-written SQL of its figures (goal <= 1.5x)", page, ward_floor,
                repeat=7)  # fmt: skip
        compare("  (the same page / the floor of earlier sessions, without the money query)", page,
                ward_floor_before_session_6, repeat=7)  # fmt: skip
        compare("trend fragment (HTML, 2018–today) / hand-written grouped query of the same years", trend,
                trend_floor, repeat=5)  # fmt: skip
        compare("page + trend / hand-written SQL of the figures + of the trend", lambda: (page(), trend()),
                lambda: (ward_floor(), trend_floor()), repeat=5)  # fmt: skip

        wards = list(province.ward_ids)
        pparams = {"day": DAY, "year": YEAR, "t": title_id, "wards": wards}

        def province_floor() -> dict:
            with connection.cursor() as cur:
                cur.execute(PROVINCE_FLOOR, pparams)
                return {w: (n, rec) for w, n, rec in cur.fetchall()}

        def province_orm() -> dict:
            f = ind.Figures(YEAR, None, [province.province_id])
            listed = f.wards_of(province.province_id)
            f = ind.Figures(YEAR, None, [province.province_id, *listed])
            out = {}
            for w in listed:
                rate = f.cultural_family_rate(w)
                out[w] = (rate.denominator, rate.numerator)
            return out

        expected = province_floor()
        assert province_orm() == expected
        total = sum(n for n, _ in expected.values())
        recognised = sum(r for _, r in expected.values())
        say(f"  province: {recognised:,}/{total:,} households recognised in {len(expected)} wards")
        ratio = compare("province roll-up of the 2020 rate per ward / hand-written GROUP BY", province_orm,
                        province_floor, repeat=5)

        def province_orm_path() -> None:  # the pure-ORM twin (FilteredRelation through registry_household)
            f = ind.Figures(YEAR, None, [province.province_id])
            f = ind.Figures(YEAR, None, [province.province_id, *f.wards_of(province.province_id)])
            f._households_orm()

        compare("  (for comparison: the same households query through the ORM path) / hand-written GROUP BY",
                province_orm_path, province_floor, repeat=5)
        say(f"  target <= 1.5x for the roll-up: {'OK' if ratio <= 1.5 else 'ABOVE TARGET'}")


if __name__ == "__main__":
    main()
