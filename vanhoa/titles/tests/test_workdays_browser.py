"""In real Chromium: an administrator enters the year's official day swap on the calendar page."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from playwright.sync_api import expect

from vanhoa.titles.models import CalendarDay

pytestmark = pytest.mark.browser
SHOTS = Path("var/screenshots")


def test_administrator_enters_a_day_swap_and_sees_it_in_the_years_list(live_world, login, live_server):
    SHOTS.mkdir(parents=True, exist_ok=True)
    page = login("system_admin")
    page.goto(live_server.url + "/danh-hieu/quy-dinh/")
    page.get_by_role("link", name="Lịch ngày nghỉ, ngày làm bù").click()
    expect(page.get_by_role("heading", name="Lịch ngày nghỉ, ngày làm bù năm 2026")).to_be_visible()
    page.goto(live_server.url + "/danh-hieu/quy-dinh/lich-nghi/?nam=2030")
    page.locator("#id_day").fill("05/01/2030")
    page.get_by_label("Loại ngày").select_option("working")
    page.get_by_label("Nội dung").fill("Làm bù cho ngày 04/01/2030")
    page.get_by_label("Căn cứ (số, ngày văn bản thông báo)").fill("Thông báo số 1/TB-BNV ngày 01/12/2029")
    page.get_by_role("button", name="Lưu").click()
    expect(page.get_by_text("Đã lưu ngày 05/01/2030.")).to_be_visible()
    row = page.locator("#calendar-days tr", has_text="05/01/2030")
    expect(row).to_contain_text("Làm việc (làm bù)")
    expect(row).to_contain_text("Thông báo số 1/TB-BNV")
    page.screenshot(path=str(SHOTS / "titles-calendar.png"), full_page=True)
    assert CalendarDay.objects.get(day=date(2030, 1, 5)).kind == "working"
