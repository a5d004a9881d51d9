"""Indicators against hand-computed figures: households that move between groups or leave during the year, dates
before and after the decision, the 2025 merger (Quyết Tiến → Đoàn Kết), targets and status, and a fixed number
of SQL queries whatever the size of the ward."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from vanhoa.plans import services as plans
from vanhoa.plans.choices import ActivityStatus, TargetIndicator, TargetUnit, Timing
from vanhoa.registry import services as registry
from vanhoa.registry.choices import HouseholdStatus
from vanhoa.reports import indicators as ind
from vanhoa.reports import providers
from vanhoa.reports.choices import Status
from vanhoa.reports.tests.conftest import decision, results
from vanhoa.testing.actors import TEST
from vanhoa.titles import overview
from vanhoa.titles.choices import State
from vanhoa.titles.models import TitleType
from vanhoa.units import services as units
from vanhoa.units.choices import UnitKind

pytestmark = pytest.mark.django_db
SINCE = date(2015, 1, 1)


@pytest.fixture
def town(world):
    """Quyết Tiến in 2020 (its groups are in Đoàn Kết since 01/07/2025):

    group 1: A1–A5; A5 moves to group 2 on 15/06/2020 (it was reviewed in group 1, in February);
    group 2: B1–B4; B4 moves away on 01/09/2020 (recognised all the same); B3 withdrew its registration;
    group 3: C1–C3; C3 never registered.
    Decision of 13/11/2020 recognises A1 A2 A3 A5 B1 B2 B4 C1 C2; A4 was not proposed.
    On 31/12/2020: group 1 = A1–A4 (3 recognised), group 2 = B1 B2 B3 A5 (3), group 3 = C1–C3 (2): 8/11.
    """
    g1, g2, g3 = world.groups
    hh = {}
    for group, prefix, n in ((g1, "A", 5), (g2, "B", 4), (g3, "C", 3)):
        for i in range(1, n + 1):
            hh[f"{prefix}{i}"] = world.household(group, f"Lò Văn {prefix}{i}", since=SINCE)
    qt = world.ward_2020
    d = decision(qt, 2020, "gdvh", date(2020, 11, 13))
    results([hh[k] for k in ("A1", "A2", "A3", "A5", "B1", "B2", "B4", "C1", "C2")], 2020, signed=d)
    results([hh["A4"]], 2020, state=State.NOT_PROPOSED)
    results([hh["B3"]], 2020, state=State.WITHDRAWN)
    registry.update_household(hh["A5"], actor=TEST, group=g2, moved_on=date(2020, 6, 15))
    registry.change_household_status(hh["B4"], actor=TEST, status=HouseholdStatus.MOVED_OUT, on=date(2020, 9, 1))
    world.hh = hh
    world.decision_2020 = d
    return world


def test_the_rate_counts_households_living_in_the_unit_on_31_12_where_they_live(town):
    g1, g2, g3 = town.groups
    qt = town.ward_2020
    f = ind.Figures(2020, None, [qt, g1, g2, g3])
    assert f.on == date(2020, 12, 31)
    expected = {g1: (3, 4, "75,0%"), g2: (3, 4, "75,0%"), g3: (2, 3, "66,7%"), qt: (8, 11, "72,7%")}
    for unit, (num, den, text) in expected.items():
        rate = f.cultural_family_rate(unit.pk)
        assert (rate.numerator, rate.denominator, rate.value_text) == (num, den, text), unit.name
    assert f.cultural_family_rate(qt.pk).value == Decimal("72.7")
    assert f.cultural_family_rate(qt.pk).fraction_text == "8/11 hộ"
    # Registered (not withdrawn) among residents: group 1 A1–A4, group 2 B1 B2 A5, group 3 C1 C2.
    reg = {u: (f.registration_rate(u.pk).numerator, f.registration_rate(u.pk).denominator) for u in (g1, g2, g3, qt)}
    assert reg == {g1: (4, 4), g2: (3, 4), g3: (2, 3), qt: (9, 11)}
    assert f.registration_rate(qt.pk).value_text == "81,8%"
    # One definition: the titles overview reads the same figures; per group the title follows the household (A5
    # counts in group 2, where it lives on 31/12, although group 1 reviewed it).
    rows = {r.group.pk: r.rate for r in overview.group_rows(TitleType.objects.get(code="gdvh"), [g1, g2, g3], 2020)}
    assert {g: (r.recognised, r.residents) for g, r in rows.items()} == {g1.pk: (3, 4), g2.pk: (3, 4), g3.pk: (2, 3)}
    assert {g: r.registered for g, r in rows.items()} == {g1.pk: 4, g2.pk: 3, g3.pk: 2}


def test_the_same_2020_figures_count_under_doan_ket_today_and_quyet_tien_has_none_in_2026(town):
    qt, dk = town.ward_2020, town.ward
    for unit in (qt, dk, town.city, town.province):
        rate = ind.cultural_family_rate(unit, 2020)
        assert (rate.numerator, rate.denominator) == (8, 11), unit.name
    now_qt = ind.cultural_family_rate(qt, 2026)
    now_dk = ind.cultural_family_rate(dk, 2026)
    assert now_qt.denominator == 0 and now_qt.value is None
    assert now_dk.denominator == 11  # 12 households, B4 left; A5 lives in group 2
    assert ind.Figures(2026, None, [dk]).on == date(2026, 11, 20)  # today while the year runs
    assert ind.cultural_group_count(town.city, 2026).denominator == 0  # the city ended on 30/06/2025
    groups_2020 = ind.cultural_group_count(dk, 2020)
    assert (groups_2020.numerator, groups_2020.denominator) == (0, 3)


def test_as_of_a_date_the_residents_and_decisions_of_that_day_count(town):
    g2, qt = town.groups[1], town.ward_2020
    before = ind.Figures(2020, date(2020, 11, 1), [qt])
    rate = before.cultural_family_rate(qt.pk)
    assert rate.value is None and rate.numerator == 0 and rate.denominator == 11
    assert "chưa có kết quả bình xét năm 2020" in rate.value_text
    assert before.registration_rate(qt.pk).numerator == 9
    july = ind.Figures(2020, date(2020, 7, 1), [qt, g2])
    assert july.cultural_family_rate(g2.pk).denominator == 5  # B1–B4 and A5 (moved in 15/06)
    assert july.cultural_family_rate(qt.pk).denominator == 12
    # A title revoked in March 2021 still counts for 2020 as of 31/12/2020, not as of a later date.
    a1 = town.hh["A1"].candidacies.get(year=2020)
    a1.state, a1.revoked_on = State.REVOKED, date(2021, 3, 1)
    a1.save()
    assert ind.cultural_family_rate(qt, 2020).numerator == 8
    assert ind.cultural_family_rate(qt, 2020, date(2021, 3, 2)).numerator == 7


def test_a_group_merged_into_another_brings_its_history(town):
    g1, g2, g3 = town.groups
    units.merge_units([g3], into=g2, effective=date(2022, 1, 1), actor=TEST)
    f = ind.Figures(2020, None, [g2, g3, town.ward_2020])
    # In 2020 both groups existed: each has its own line (the table by group adds up to the ward) ...
    assert (f.cultural_family_rate(g2.pk).numerator, f.cultural_family_rate(g2.pk).denominator) == (3, 4)
    assert f.cultural_family_rate(g3.pk).denominator == 3
    # ... and once group 3 is gone, its households are group 2's.
    later = ind.Figures(2022, date(2022, 6, 1), [g2])
    assert later.groups_of(g2.pk) == {g2.pk, g3.pk}
    assert f.cultural_family_rate(town.ward_2020.pk).denominator == 11  # no household counted twice
    assert f.cultural_group_count(town.ward_2020.pk).denominator == 3  # three groups existed on 31/12/2020


def _plan_2020(world, **extra):
    plan = plans.create_plan(actor=TEST, ward=world.ward_2020, year=2020)
    plans.save_parts(
        plan,
        "targets",
        [
            {
                "indicator": TargetIndicator.CULTURAL_FAMILY_RATE,
                "label": "Gia đình văn hóa đạt",
                "value": Decimal("72.7"),
                "unit": TargetUnit.PERCENT,
            },
            {
                "indicator": TargetIndicator.CULTURAL_GROUP_COUNT,
                "label": "Tổ dân phố văn hóa",
                "value": Decimal(3),
                "unit": TargetUnit.RATIO,
                "denominator": 3,
            },
            {
                "indicator": TargetIndicator.CULTURAL_AGENCY_RATE,
                "label": "Cơ quan văn hóa",
                "value": Decimal(100),
                "unit": TargetUnit.PERCENT,
            },
            {
                "indicator": TargetIndicator.CIVILISED_STREET_COUNT,
                "label": "Tuyến phố văn minh",
                "value": Decimal(1),
                "unit": TargetUnit.COUNT,
            },
        ],
        actor=TEST,
    )
    return plan


def test_targets_come_from_the_plan_and_give_the_status(town):
    g1, g2, g3 = town.groups
    qt, dk = town.ward_2020, town.ward
    _plan_2020(town)
    results([g1, g2], 2020, title="tdpvh", signed=decision(qt, 2020, "tdpvh", date(2020, 12, 17), "2"))
    results([g3], 2020, title="tdpvh", state=State.NOT_PROPOSED)
    a1 = registry.create_agency(actor=TEST, ward=dk, name="Trường Tiểu học Quyết Tiến", group=g1)
    results([a1], 2020, title="cqvh", signed=decision(qt, 2020, "cqvh", date(2020, 12, 22), "3"))
    s1 = registry.create_street(actor=TEST, ward=dk, name="Đường Trần Phú", groups=[g1, g2])
    s2 = registry.create_street(actor=TEST, ward=dk, name="Đường Lê Duẩn", groups=[g3])
    results([s1, s2], 2020, title="tpvm", signed=decision(qt, 2020, "tpvm", date(2020, 12, 28), "4"))
    for unit in (qt, dk):  # Đoàn Kết in 2020 is judged by Quyết Tiến's plan
        all_ = ind.all_indicators(unit, 2020)
        fam, grp = all_[ind.CULTURAL_FAMILY_RATE], all_[ind.CULTURAL_GROUP_COUNT]
        ag, st = all_[ind.CULTURAL_AGENCY_RATE], all_[ind.CIVILISED_STREET_COUNT]
        assert (fam.target_text, fam.status) == ("72,7%", Status.MET)
        assert (grp.value_text, grp.target_text, grp.status) == ("2/3", "3/3", Status.NOT_MET)
        assert (ag.fraction_text, ag.status) == ("1/1 cơ quan, đơn vị", Status.MET)
        assert (st.value_text, st.target_text, st.status) == ("2", "1", Status.EXCEEDED)
        assert all_[ind.REGISTRATION_RATE].status is None  # no target for it in the plan
    city = ind.all_indicators(town.city, 2020)
    assert city[ind.CULTURAL_FAMILY_RATE].target is None and city[ind.CULTURAL_FAMILY_RATE].status is None
    # Per group: the street through groups 1 and 2 counts in both; the ward counts it once.
    f = ind.Figures(2020, None, [qt, g1, g2])
    assert [f.civilised_street_count(u.pk).numerator for u in (g1, g2, qt)] == [1, 1, 2]
    rows = {r.name: r for r in f.group_rows(qt.pk)}
    assert rows["Tổ dân phố số 1"].titled is True and rows["Tổ dân phố số 3"].titled is False
    assert rows["Tổ dân phố số 1"].agencies_recognised == 1


def test_plan_activities_done_by_the_end_of_their_months(town):
    plan = _plan_2020(town)
    lead = ["Ủy ban MTTQ phường"]
    early = plans.create_activity(plan, actor=TEST, content="Tập huấn", lead=lead, periods=[2, 3])
    late = plans.create_activity(plan, actor=TEST, content="Kiểm tra", lead=lead, periods=[5])
    open_ = plans.create_activity(plan, actor=TEST, content="Ngày hội", lead=lead, periods=[11])
    plans.create_activity(plan, actor=TEST, content="Tuyên truyền", lead=lead, timing=Timing.YEAR)
    plans.report_progress(early, actor=TEST, status=ActivityStatus.DONE, on=date(2020, 3, 20))
    plans.report_progress(late, actor=TEST, status=ActivityStatus.DONE, on=date(2020, 6, 10))  # 10 days late
    del open_
    june = ind.plan_on_time(town.ward_2020, 2020, date(2020, 6, 30))
    assert (june.numerator, june.denominator, june.extra["done"], june.extra["total"]) == (1, 2, 2, 4)
    year_end = ind.plan_on_time(town.ward, 2020)
    assert (year_end.numerator, year_end.denominator, year_end.extra["overdue"]) == (1, 4, 1)  # "cả năm" is due today
    assert year_end.value_text == "25,0%"
    march = ind.plan_on_time(town.ward_2020, 2020, date(2020, 1, 31))
    assert march.value is None and "chưa có hoạt động đến hạn" in march.value_text


def test_funds_come_from_a_registered_provider_and_read_no_data_without_one(town, monkeypatch):
    monkeypatch.setattr(providers, "_PROVIDERS", {})  # none registered (the activities app's is put back after)
    qt = town.ward_2020
    assert ind.funds_raised(qt, 2020).value_text == "chưa có dữ liệu"
    calls = []

    def activity_counts(unit, date_from, date_to):
        calls.append((unit.pk, date_from, date_to))
        return {"funds_raised": Decimal(12_500_000), "funds_spent": 9_000_000, "trainings": 2}

    providers.register("activities", activity_counts, label="Hoạt động")
    try:
        f = ind.Figures(2020, None, [qt])
        assert f.funds_raised(qt.pk).value_text == "12.500.000 đồng"
        assert f.funds_spent(qt.pk).value == Decimal(9_000_000)
        assert calls == [(qt.pk, date(2020, 1, 1), date(2020, 12, 31))]  # once per unit, the year up to the date

        def broken(unit, date_from, date_to):
            raise RuntimeError("boom")

        providers.register("activities", broken)
        assert ind.funds_raised(qt, 2020).value is None  # a failing provider does not break the indicators
    finally:
        providers.unregister("activities")


def _grow(world, groups: int, households: int):
    """More groups and households (with their 2020 results) in Quyết Tiến's place."""
    new_groups = [
        units.create_unit(
            actor=TEST,
            kind=UnitKind.GROUP,
            name=f"Tổ dân phố số {n}",
            short_name=f"Tổ {n}",
            type_label="Tổ dân phố",
            parent=world.ward,
            order=n,
        )
        for n in range(10, 10 + groups)
    ]
    made = [world.household(new_groups[i % groups], f"Hà Thị Hộ{i:03d}", since=SINCE) for i in range(households)]
    d = decision(world.ward, 2020, "gdvh", date(2020, 11, 20), "9")
    results(made[: households // 2], 2020, signed=d)
    agency = registry.create_agency(actor=TEST, ward=world.ward, name="Trạm Y tế", group=new_groups[0])
    results([agency], 2020, title="cqvh", signed=decision(world.ward, 2020, "cqvh", date(2020, 12, 1), "8"))
    registry.create_street(actor=TEST, ward=world.ward, name="Đường Mới", groups=new_groups[:2])


def _count(unit, year):
    with CaptureQueriesContext(connection) as ctx:
        f = ind.Figures(year, None, [unit])
        f.all(unit.pk)
        f.group_rows(unit.pk)
        ind.household_trend(unit, range(2018, 2027))
    return len(ctx.captured_queries)


def test_the_number_of_queries_does_not_grow_with_groups_or_households(town, django_assert_num_queries):
    dk = town.ward
    _count(dk, 2020)  # the unit graph is read and cached once
    small = _count(dk, 2020)
    _grow(town, groups=6, households=60)
    _count(dk, 2020)
    with django_assert_num_queries(small):
        f = ind.Figures(2020, None, [dk])
        f.all(dk.pk)
        f.group_rows(dk.pk)
        ind.household_trend(dk, range(2018, 2027))
    with CaptureQueriesContext(connection) as ctx:
        f = ind.Figures(2020, None, [dk])
        f.all(dk.pk)
        f.group_rows(dk.pk)
    # the graph version (read twice outside a request: the activities provider asks for the graph again), then 7
    # for the figures of this plan-less year: title types, households, plans, titled groups, agencies with their rule
    # set, streets, the activities provider (one query); with a plan, targets, plan activities and funding sources
    assert len(ctx.captured_queries) == 9, [q["sql"][:80] for q in ctx.captured_queries]
    assert ind.cultural_family_rate(dk, 2020).denominator == 71


def test_the_household_query_in_sql_says_what_the_orm_says(town):
    a1 = town.hh["A1"].candidacies.get(year=2020)
    a1.state, a1.revoked_on = State.REVOKED, date(2021, 3, 1)
    a1.save()
    units_ = [town.ward, *town.groups]
    for year, on in ((2020, None), (2020, date(2020, 7, 1)), (2020, date(2020, 11, 1)), (2020, date(2021, 3, 2)),
                     (2026, None)):  # fmt: skip
        f = ind.Figures(year, on, units_)
        assert f._households == f._households_orm(), (year, on)
