"""Working days come from the maintained `holidays` calendar (Tết, Giỗ Tổ, Quốc khánh's second day, known swaps)
plus the official changes an administrator enters; every deadline counts them through one definition."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from vanhoa.core.models import AuditEntry
from vanhoa.testing.actors import TEST
from vanhoa.titles import facts, services, workdays
from vanhoa.titles.choices import DayCount
from vanhoa.titles.models import CalendarDay, RuleSet

pytestmark = pytest.mark.django_db


def test_tet_nguyen_dan_is_skipped_lunar_dates_included():
    # Tết Giáp Thìn: 08/02–14/02/2024 off. 5 working days from Wed 07/02/2024: 15, 16, 19, 20, 21/02.
    assert workdays.add_working_days(date(2024, 2, 7), 5) == date(2024, 2, 21)
    # Tết Canh Tý 2020: 23/01–29/01 off.
    assert workdays.add_working_days(date(2020, 1, 22), 1) == date(2020, 1, 30)


def test_gio_to_hung_vuong_and_the_second_day_of_quoc_khanh_are_holidays():
    assert not workdays.is_working_day(date(2020, 4, 2))  # 10/3 âm lịch, a Thursday
    assert workdays.add_working_days(date(2020, 4, 1), 1) == date(2020, 4, 3)
    assert not workdays.is_working_day(date(2024, 9, 3))  # Tuesday, second day of Quốc khánh
    assert workdays.add_working_days(date(2024, 8, 30), 1) == date(2024, 9, 4)


def test_a_known_swap_moves_the_day_off_and_counts_the_saturday_worked():
    # 2024: Mon 29/04 off in exchange for Sat 04/05 worked.
    assert not workdays.is_working_day(date(2024, 4, 29))
    assert workdays.is_working_day(date(2024, 5, 4))
    assert workdays.add_working_days(date(2024, 4, 26), 3) == date(2024, 5, 4)


def test_the_old_four_fixed_holidays_still_hold():
    assert facts.add_days(date(2020, 4, 29), 3, DayCount.WORKING) == date(2020, 5, 6)


def test_an_administrator_enters_the_years_swap_and_deadlines_follow_it(world):
    admin = world.users["system_admin"]
    start = date(2030, 1, 3)  # Thursday
    assert workdays.add_working_days(start, 2) == date(2030, 1, 7)
    services.set_calendar_day(actor=admin, day=date(2030, 1, 4), kind="off", name="Nghỉ bù", source="TB số 1/TB")
    services.set_calendar_day(actor=admin, day=date(2030, 1, 5), kind="working", name="Làm bù cho ngày 04/01")
    assert workdays.add_working_days(start, 2) == date(2030, 1, 7)  # Sat 05/01 worked, Mon 07/01
    assert workdays.add_working_days(start, 1) == date(2030, 1, 5)
    rs = RuleSet.objects.get(code="nd122-2018/household")
    assert facts.filing_deadline(rs, start).due == workdays.add_working_days(start, rs.file_days)
    days = {d.day: d for d in workdays.year_days(2030)}
    assert days[date(2030, 1, 4)].entered and days[date(2030, 1, 4)].source == "TB số 1/TB"
    assert days[date(2030, 1, 5)].working
    services.remove_calendar_day(actor=admin, day=date(2030, 1, 4))
    assert workdays.is_working_day(date(2030, 1, 4))
    assert AuditEntry.objects.filter(action="titles.calendar_day.set", actor=admin).count() == 2
    assert AuditEntry.objects.filter(action="titles.calendar_day.removed", actor=admin).count() == 1


def test_an_entered_working_day_overrides_a_package_holiday(world):
    services.set_calendar_day(actor=TEST, day=date(2024, 4, 29), kind="off", name="Nghỉ bù")
    assert not workdays.is_working_day(date(2024, 4, 29))
    with pytest.raises(services.TitleError, match="chỉ thứ Bảy, Chủ nhật"):
        services.set_calendar_day(actor=TEST, day=date(2024, 4, 29), kind="working", name="Làm bù")


def test_only_an_installation_administrator_may_enter_a_day(world):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        services.set_calendar_day(actor=world.users["ward_head"], day=date(2030, 1, 4), kind="off", name="Nghỉ")
    assert not CalendarDay.objects.exists()


def test_the_calendar_page_lists_the_years_days_and_takes_an_entry(world, client_for):
    c = client_for(world.users["culture_officer"])
    page = c.get("/danh-hieu/quy-dinh/lich-nghi/?nam=2024").content.decode()
    assert "Mùng hai Tết Nguyên Đán" in page and "Ngày Giỗ Tổ Hùng Vương" in page and "18/04/2024" in page
    assert "Nhập ngày nghỉ bù" not in page
    assert c.post("/danh-hieu/quy-dinh/lich-nghi/", {"day": "04/01/2030"}).status_code == 403
    c = client_for(world.users["system_admin"])
    r = c.post(
        "/danh-hieu/quy-dinh/lich-nghi/", {"day": "07/01/2030", "kind": "working", "name": "Làm bù", "source": ""}
    )
    assert "chỉ thứ Bảy, Chủ nhật mới ghi là ngày làm bù" in r.content.decode()
    r = c.post("/danh-hieu/quy-dinh/lich-nghi/", {"day": "04/01/2030", "kind": "off", "name": "Nghỉ bù Tết"})
    assert r.status_code == 302 and CalendarDay.objects.get(day=date(2030, 1, 4)).name == "Nghỉ bù Tết"
    page = c.get(r["Location"]).content.decode()
    assert "Nghỉ bù Tết" in page and "đã nhập" in page
    c.post("/danh-hieu/quy-dinh/lich-nghi/", {"remove": "2030-01-04"})
    assert not CalendarDay.objects.exists()


def test_the_package_is_pinned_in_the_requirements():
    reqs = (Path(__file__).resolve().parents[3] / "requirements.txt").read_text()
    assert "holidays==" in reqs
