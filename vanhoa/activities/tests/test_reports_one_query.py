"""activity_counts reads its figures in one query (a UNION ALL of one aggregate per table) and says what the
figure-by-figure reading said (one query per figure, the code before session 6, kept here as the reference), on the
demo and on the example of test_reports, for every kind of unit and several periods; money_counts (the money tables
alone, for the dashboard's cards) says the same money figures, in one query as well."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db.models import Count, Q, Sum

from vanhoa.activities.choices import ContributionForm, EventKind, FindingResult, FollowUp
from vanhoa.activities.models import (
    Allocation,
    Contribution,
    Event,
    Expense,
    Festival,
    Finding,
    Inspection,
    TitleFlag,
)
from vanhoa.activities.places import festival_day, groups_on
from vanhoa.activities.reports import activity_counts, money_counts
from vanhoa.testing.demo import load_demo_fast
from vanhoa.units.models import Unit
from vanhoa.units.tree import get_graph, request_scope

from .test_reports import test_counts_of_a_period_roll_the_predecessor_ward_up_into_todays as build_example

PERIODS = [
    (date(2020, 1, 1), date(2020, 12, 31)),
    (date(2020, 1, 1), date(2020, 6, 30)),
    (date(2020, 7, 1), date(2020, 8, 10)),
    (date(2020, 11, 18), date(2020, 11, 18)),
    (date(2019, 6, 1), date(2021, 12, 31)),  # two 18/11
    (date(2026, 1, 1), date(2026, 11, 27)),
    (date(2026, 1, 1), date(2026, 12, 31)),
]


def figure_by_figure(ward: Unit, date_from: date, date_to: date) -> dict[str, Any]:
    """activity_counts as it was: one aggregate query per figure (14 and more)."""
    covered = get_graph().covered(ward.pk)
    in_ward = Q(ward__in=covered)

    def events(kind: str) -> dict[str, int]:
        agg = Event.objects.filter(in_ward, kind=kind, held_on__range=(date_from, date_to)).aggregate(
            n=Count("id"), people=Sum("attendance")
        )
        return {"n": agg["n"], "people": agg["people"] or 0}

    training, outreach = events(EventKind.TRAINING), events(EventKind.OUTREACH)
    done = Inspection.objects.filter(in_ward, held_on__range=(date_from, date_to))
    planned = Inspection.objects.filter(in_ward, held_on__isnull=True, planned_on__range=(date_from, date_to))
    failed = Finding.objects.filter(inspection__in=done, result=FindingResult.FAIL)
    open_findings = failed.exclude(followup=FollowUp.DONE)
    overdue = open_findings.exclude(correction="").filter(deadline__lt=date_to)
    flags = TitleFlag.objects.filter(inspection__in=done, resolved=False)
    held = total = participants = 0
    for year in range(date_from.year, date_to.year + 1):
        day = festival_day(year)
        if not date_from <= day <= date_to:
            continue
        groups = {g.pk for g in groups_on(ward, day)}
        total += len(groups)
        agg = Festival.objects.filter(in_ward, year=year, held=True, group__in=groups).aggregate(
            n=Count("id"), people=Sum("participants")
        )
        held += agg["n"]
        participants += agg["people"] or 0

    def total_of(qs: Any, column: str) -> int:
        return qs.aggregate(s=Sum(column))["s"] or 0

    budget = total_of(Allocation.objects.filter(in_ward, decision_date__range=(date_from, date_to)), "amount")
    gifts = Contribution.objects.filter(in_ward, received_on__range=(date_from, date_to))
    cash = total_of(gifts.filter(form=ContributionForm.CASH), "value")
    goods = total_of(gifts.exclude(form=ContributionForm.CASH), "value")
    spent = total_of(Expense.objects.filter(in_ward, spent_on__range=(date_from, date_to)), "amount")
    return {
        "trainings": training["n"], "training_attendees": training["people"],
        "outreach_sessions": outreach["n"], "outreach_attendees": outreach["people"],
        "inspections_done": done.count(), "inspections_planned": planned.count(),
        "findings_failed": failed.count(), "findings_open": open_findings.count(),
        "corrections_overdue": overdue.count(), "title_flags_open": flags.count(),
        "festival_groups_held": held, "festival_groups_total": total, "festival_participants": participants,
        "funds_budget": budget, "funds_donated_cash": cash, "funds_donated_in_kind": goods,
        "funds_raised": budget + cash + goods, "funds_spent": spent,
    }  # fmt: skip


def assert_same_in_one_query(units: list[Unit], django_assert_num_queries: Any) -> int:
    """Every unit × period: one query, the same figures. Returns how many figures were not zero."""
    nonzero = 0
    for unit in units:
        for date_from, date_to in PERIODS:
            expected = figure_by_figure(unit, date_from, date_to)
            with request_scope():
                get_graph()  # as in a request: the graph is checked once per request, before the figures
                with django_assert_num_queries(1):
                    got = activity_counts(unit, date_from, date_to)
            assert got == expected, (unit.name, date_from, date_to)
            nonzero += sum(1 for v in got.values() if v)
            with request_scope():
                get_graph()
                with django_assert_num_queries(1):  # the dashboard's money cards: the money tables alone
                    money = money_counts(unit, date_from, date_to)
            assert money == {k: expected[k] for k in ("funds_raised", "funds_spent")}, (unit.name, date_from, date_to)
    return nonzero


def test_on_the_demo_every_unit_and_period_in_one_query_with_the_same_figures(db, today, media,
                                                                             django_assert_num_queries):
    load_demo_fast(households=16)
    quyet_tien = Unit.objects.get(name="Phường Quyết Tiến")
    doan_ket = Unit.objects.get(name="Phường Đoàn Kết", valid_to__isnull=True)
    groups = Unit.objects.filter(kind="group", pk__in=get_graph().covered(doan_ket.pk)).order_by("order", "pk")
    units = [quyet_tien, doan_ket, groups.first(), groups.last(), quyet_tien.parent, doan_ket.parent]
    assert None not in units
    assert assert_same_in_one_query(units, django_assert_num_queries) > 50  # the demo has figures to compare
    year = activity_counts(doan_ket, date(2020, 1, 1), date(2020, 12, 31))
    assert (year["trainings"], year["outreach_sessions"], year["inspections_done"]) == (1, 4, 3)
    assert (year["festival_groups_held"], year["festival_groups_total"]) == (8, 8)


def test_on_the_example_every_unit_and_period_in_one_query_with_the_same_figures(world, today,
                                                                                django_assert_num_queries):
    build_example(world, today)
    units = [world.ward, world.ward_2020, world.other_ward, *world.groups]
    assert assert_same_in_one_query(units, django_assert_num_queries) > 20
