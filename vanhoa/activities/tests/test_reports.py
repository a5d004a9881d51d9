"""activity_counts(ward, date_from, date_to): the numbers the semi-annual and annual reports use."""

from __future__ import annotations

from datetime import date

from vanhoa.activities import funding, services
from vanhoa.activities.reports import activity_counts
from vanhoa.testing.actors import TEST

from .conftest import agency_inspection, group_inspection, hold


def test_counts_of_a_period_roll_the_predecessor_ward_up_into_todays(world, today):
    ward = world.ward_2020
    for day, attendance in [(date(2020, 5, 14), 45), (date(2020, 9, 2), 30)]:
        services.create_event(actor=TEST, ward=ward, kind="training", held_on=day, topic="Tập huấn",
                              audience="Tổ trưởng", attendance=attendance)
    services.create_event(actor=TEST, ward=ward, kind="outreach", held_on=date(2020, 3, 2), topic="Loa",
                          audience="Nhân dân", form="loudspeaker")
    services.create_event(actor=TEST, ward=world.other_ward, kind="training", held_on=date(2020, 5, 1),
                          topic="Ở phường khác", audience="x", attendance=99)
    done = hold(group_inspection(world, group=world.groups[0], planned_on=date(2020, 7, 15)), failed={"2", "3"})
    services.record_followup(done.findings.get(code="2"), actor=TEST, followup="done", on=date(2020, 8, 1))
    services.flag_title_consequence(done.findings.get(code="3"), consequence="block", reason="x", actor=TEST)
    group_inspection(world, group=world.groups[1], planned_on=date(2020, 10, 5))  # planned, not held
    hold(agency_inspection(world, planned_on=date(2025, 9, 15)))  # another period
    services.record_festival(actor=TEST, group=world.groups[0], year=2020, held_on=date(2020, 11, 15),
                             participants=160)
    services.record_festival(actor=TEST, group=world.groups[1], year=2020, held=False)
    funding.record_allocation(actor=TEST, ward=ward, source="Ngân sách", decision_date=date(2020, 2, 1),
                              amount=10_000_000)
    funding.record_contribution(actor=TEST, ward=ward, donor_name="Ông A", value=1_005_000,
                                received_on=date(2020, 11, 2))
    funding.record_contribution(actor=TEST, ward=ward, donor_name="Bà B", value=400_000, form="in_kind",
                                description="Quà", received_on=date(2020, 11, 3))
    funding.record_expense(actor=TEST, ward=ward, spent_on=date(2020, 11, 18), description="Quà", amount=2_000_000,
                           source="budget")

    year = activity_counts(world.ward, date(2020, 1, 1), date(2020, 12, 31))
    assert year == {
        "trainings": 2, "training_attendees": 75, "outreach_sessions": 1, "outreach_attendees": 0,
        "inspections_done": 1, "inspections_planned": 1, "findings_failed": 2, "findings_open": 1,
        "corrections_overdue": 1, "title_flags_open": 1,
        "festival_groups_held": 1, "festival_groups_total": 3, "festival_participants": 160,
        "funds_budget": 10_000_000, "funds_donated_cash": 1_005_000, "funds_donated_in_kind": 400_000,
        "funds_raised": 11_405_000, "funds_spent": 2_000_000,
    }
    first_half = activity_counts(world.ward, date(2020, 1, 1), date(2020, 6, 30))
    assert (first_half["trainings"], first_half["inspections_done"], first_half["festival_groups_total"]) == (1, 0, 0)
    assert first_half["funds_raised"] == 10_000_000 and first_half["funds_spent"] == 0
    # the correction of criterion III was due 14/08/2020: open but not yet overdue on 10/08
    assert activity_counts(world.ward, date(2020, 7, 1), date(2020, 8, 10))["corrections_overdue"] == 0
    assert activity_counts(world.other_ward, date(2020, 1, 1), date(2020, 12, 31))["training_attendees"] == 99
