"""Real Chromium: the city committee sets the date by which its wards send the 2024 annual report; the ward head
finds it, overdue, in "Việc cần làm" on the home page and follows it to the reports."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser
SHOTS = Path(__file__).resolve().parents[3] / "var" / "screenshots"


def test_city_sets_a_due_date_and_the_ward_head_sees_it_due(live_world, login, live_server):
    SHOTS.mkdir(parents=True, exist_ok=True)
    page = login("city_viewer")
    page.locator("nav").get_by_role("link", name="Báo cáo").click()
    page.get_by_role("link", name="Hạn gửi báo cáo").click()
    page.get_by_label("Cấp đặt hạn").select_option(label="Thành phố Lai Châu")
    page.get_by_label("Loại báo cáo").select_option(label="Báo cáo tổng kết năm")
    page.get_by_label("Năm báo cáo").fill("2024")
    # a date before the period is refused, in Vietnamese
    page.get_by_label("Hạn gửi").fill("31/12/2023")
    page.get_by_role("button", name="Lưu hạn gửi").click()
    expect(page.get_by_text("Hạn gửi: phải là một ngày từ 01/01/2024 trở đi (kỳ báo cáo năm 2024).")).to_be_visible()
    page.get_by_label("Hạn gửi").fill("15/12/2024")
    page.get_by_label("Căn cứ, ghi chú").fill("Công văn số 125/UBND-VHXH")
    page.get_by_role("button", name="Lưu hạn gửi").click()
    expect(
        page.get_by_text("Đã đặt hạn gửi báo cáo tổng kết năm 2024 của Thành phố Lai Châu: 15/12/2024.")
    ).to_be_visible()
    row = page.locator("#due-dates tbody tr")
    expect(row).to_have_count(1)
    expect(row).to_contain_text("Báo cáo tổng kết năm 2024")
    expect(row).to_contain_text("15/12/2024")
    page.screenshot(path=str(SHOTS / "reports-due-dates.png"), full_page=True)
    # the city's own list names the ward that has not sent
    page.goto(live_server.url + "/")
    wait = page.locator('#due-list [data-kind="report-wait"]')
    expect(wait).to_contain_text("Xã, phường chưa gửi báo cáo tổng kết năm 2024")
    expect(wait).to_contain_text("Phường Quyết Tiến")

    page.context.clear_cookies()
    page = login("ward_head")
    item = page.locator('#due-list [data-kind="report"]')
    expect(item).to_contain_text("Gửi báo cáo tổng kết năm 2024")
    expect(item).to_contain_text("Phường Quyết Tiến · hạn 15/12/2024 · Công văn số 125/UBND-VHXH")
    expect(item).to_contain_text("quá hạn 705 ngày")  # today is 20/11/2026 (reports/tests/conftest.py)
    page.screenshot(path=str(SHOTS / "reports-due-on-home.png"), full_page=True)
    item.get_by_role("link", name="Gửi báo cáo tổng kết năm 2024").click()
    page.wait_for_url(re.compile(r"/bao-cao/$"))
    expect(page.get_by_role("heading", name="Báo cáo sơ kết, tổng kết phong trào")).to_be_visible()
