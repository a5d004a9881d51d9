"""Status through the year: "quá hạn" is computed from the months and today (frozen clock), never stored."""

from datetime import date
from decimal import Decimal

import pytest

from vanhoa.plans import services
from vanhoa.plans.choices import OVERDUE, ActivityStatus, TargetIndicator, TargetUnit, Timing
from vanhoa.plans.models import Activity, Plan, Target
from vanhoa.testing.actors import TEST


def activity(plan: Plan, timing: str, periods: list[int]) -> Activity:
    return services.create_activity(plan, actor=TEST, content="Hoạt động thử", lead=["Ban Chỉ đạo"],
                                    timing=timing, periods=periods)


@pytest.fixture
def plan(world):
    return services.create_plan(actor=TEST, ward=world.ward, year=2026)


def test_an_unfinished_activity_becomes_overdue_the_day_after_its_last_month(plan, freeze):
    a = activity(plan, Timing.MONTHS, [2, 3])
    cases = [
        (date(2026, 2, 10), ActivityStatus.NOT_STARTED),  # before and during the months
        (date(2026, 3, 31), ActivityStatus.NOT_STARTED),  # the last day of the last month is still on time
        (date(2026, 4, 1), OVERDUE),  # the day after
        (date(2027, 1, 5), OVERDUE),
    ]
    for day, expected in cases:
        freeze(day)
        assert (a.display_status(), a.is_overdue()) == (expected, expected == OVERDUE), day
    a.refresh_from_db()
    assert a.status == ActivityStatus.NOT_STARTED  # nothing stored


def test_in_progress_past_its_months_is_overdue_but_done_never_is(plan, freeze):
    freeze(date(2026, 5, 20))
    a = activity(plan, Timing.MONTHS, [4, 5])
    b = activity(plan, Timing.MONTHS, [4, 5])
    services.report_progress(a, actor=TEST, status=ActivityStatus.IN_PROGRESS, on=date(2026, 4, 2))
    services.report_progress(b, actor=TEST, status=ActivityStatus.DONE, on=date(2026, 5, 20))
    a.refresh_from_db()
    b.refresh_from_db()
    assert a.display_status() == ActivityStatus.IN_PROGRESS
    freeze(date(2026, 6, 1))
    assert a.display_status() == OVERDUE
    assert b.display_status() == ActivityStatus.DONE
    freeze(date(2030, 1, 1))
    assert b.display_status() == ActivityStatus.DONE


def test_whole_year_and_quarter_activities(plan, freeze):
    year = activity(plan, Timing.YEAR, [])
    q2 = activity(plan, Timing.QUARTERS, [2])
    assert year.months == list(range(1, 13)) and year.timing_text == "Cả năm"
    assert q2.months == [4, 5, 6] and q2.timing_text == "Quý II"
    freeze(date(2026, 12, 31))
    assert year.display_status() == ActivityStatus.NOT_STARTED and q2.display_status() == OVERDUE
    freeze(date(2027, 1, 1))
    assert year.display_status() == OVERDUE


def test_plan_progress_counts_the_computed_statuses(plan_now):
    # the demo as of 27/11/2026: 1, 2, 4, 5, 7 done; 3 (whole year) and 8 (November) in progress;
    # 6 (September) still in progress, so overdue; 9 (December) not started.
    progress = plan_now.progress()
    assert progress == {"not_started": 1, "in_progress": 2, "done": 5, "overdue": 1, "total": 9}
    statuses = [a.display_status() for a in plan_now.ordered_activities()]
    assert statuses[5] == OVERDUE and statuses[8] == ActivityStatus.NOT_STARTED


def test_timing_is_printed_as_the_ward_writes_it(plan_2020):
    assert [a.timing_text for a in plan_2020.ordered_activities()] == [
        "Tháng 2,3", "Tháng 4,5", "Cả năm", "Tháng 6,7", "Tháng 7,8", "Tháng 9", "Tháng 10", "Tháng 11", "Tháng 12",
    ]


def test_targets_read_like_the_seed_and_carry_indicator_codes(plan_2020):
    targets = list(plan_2020.targets.all())
    assert [t.text for t in targets] == [
        "Gia đình văn hóa đạt: 98,4%",
        "Tổ dân phố văn hóa đạt: 8/8 tổ dân phố duy trì danh hiệu tổ dân phố văn hóa.",
        "Cơ quan, đơn vị văn hóa đạt: 100%",
        "Tuyến phố đạt tuyến phố văn minh đô thị: duy trì 9 tuyến phố văn minh",
    ]
    assert [t.indicator for t in targets] == [
        "cultural_family_rate", "cultural_group_count", "cultural_agency_rate", "civilised_street_count",
    ]
    assert targets[0].value == Decimal("98.4") and targets[1].denominator == 8


def test_target_value_text():
    t = Target(label="Tỷ lệ", value=Decimal("12.50"), unit=TargetUnit.PERCENT, indicator=TargetIndicator.OTHER)
    assert t.value_text == "12,5%"
    t.value, t.unit = Decimal("1250"), TargetUnit.COUNT
    assert t.value_text == "1.250"
