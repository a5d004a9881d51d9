"""Real Chromium: the ward head reads target against actual on the dashboard; an officer drafts and sends the annual
report; the city committee returns it with a reason; the ward sends it again; both versions are listed. A group
leader reads his group's dashboard on a phone."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest
from playwright.sync_api import expect

from vanhoa.reports.tests.conftest import decision, results
from vanhoa.reports.tests.test_indicators import _plan_2020

pytestmark = pytest.mark.browser
SHOTS = Path(__file__).resolve().parents[3] / "var" / "screenshots"


@pytest.fixture
def live_town(live_world):
    w = live_world
    g1, g2, g3 = w.groups
    made = [w.household(g, f"Lò Văn Hộ{i}", since=date(2015, 1, 1)) for i, g in enumerate([g1, g1, g1, g2, g2, g3])]
    results(made[:5], 2020, signed=decision(w.ward_2020, 2020, "gdvh", date(2020, 11, 13)))
    results([g1, g2, g3], 2020, title="tdpvh", signed=decision(w.ward_2020, 2020, "tdpvh", date(2020, 12, 17), "2"))
    _plan_2020(w)
    return w


def _switch(page, login, persona):
    page.context.clear_cookies()
    return login(persona)


def test_dashboard_then_draft_send_return_resend(live_town, login, live_server):
    SHOTS.mkdir(parents=True, exist_ok=True)
    page = login("ward_head")
    page.locator("nav").get_by_role("link", name="Chỉ tiêu").click()
    page.locator("#dash-year").select_option("2020")
    page.get_by_role("button", name="Xem").click()
    page.wait_for_url(re.compile(r"nam=2020"))
    expect(page.get_by_text("Phường Đoàn Kết · năm 2020")).to_be_visible()
    family = page.locator('[data-indicator="cultural_family_rate"]')
    expect(family.get_by_test_id("value")).to_have_text("83,3%")
    expect(family).to_contain_text("5/6 hộ")
    expect(family).to_contain_text("Chỉ tiêu: 72,7%")
    expect(family).to_contain_text("Vượt")
    expect(page.locator('[data-indicator="cultural_group_count"]')).to_contain_text("Đạt")
    expect(page.locator("#by-group svg")).to_be_visible()
    # the trend over the years arrives after the page (HTMX), in place of its "being computed" line
    expect(page.locator("#trend svg")).to_be_visible()
    expect(page.locator("#trend-slot")).to_have_count(0)
    expect(page.locator("#trend")).to_contain_text("2018")
    page.screenshot(path=str(SHOTS / "reports-dashboard-ward.png"), full_page=True)

    page = _switch(page, login, "front_officer")
    page.locator("#work-ward").select_option(label="Phường Quyết Tiến (đến 30/06/2025)")
    page.wait_for_load_state()
    page.locator("nav").get_by_role("link", name="Báo cáo").click()
    page.get_by_label(re.compile("Lập báo cáo mới của Phường Quyết Tiến")).select_option(label="Báo cáo tổng kết năm")
    page.get_by_label("Năm", exact=True).last.fill("2020")
    page.get_by_role("button", name="Lập báo cáo").click()
    expect(page.get_by_text("Đã lập báo cáo tổng kết năm 2020 của Phường Quyết Tiến (bản nháp).")).to_be_visible()
    expect(page.get_by_text("Gửi đến: Thành phố Lai Châu")).to_be_visible()
    page.get_by_role("link", name="Sửa nội dung").click()
    page.get_by_label("IV. Kiến nghị, đề xuất").fill("Đề nghị thành phố hỗ trợ kinh phí tổ chức Ngày hội.")
    page.get_by_role("button", name="Lưu").click()
    expect(page.get_by_text("Đã lưu báo cáo.")).to_be_visible()
    page.get_by_role("link", name="Gửi lên cấp trên").click()
    page.get_by_role("button", name="Gửi báo cáo").click()
    expect(page.get_by_text("Đã gửi báo cáo tổng kết năm 2020 (lần 1) đến Thành phố Lai Châu.")).to_be_visible()
    page.screenshot(path=str(SHOTS / "reports-sent.png"), full_page=True)

    page = _switch(page, login, "city_viewer")
    page.locator("nav").get_by_role("link", name="Báo cáo").click()
    page.locator("#waiting").get_by_role("link", name=re.compile("Báo cáo tổng kết năm 2020")).click()
    page.get_by_role("link", name="Trả lại").click()
    expect(page.get_by_label("Lý do trả lại")).to_have_attribute("required", "")  # the browser asks for it first
    page.get_by_label("Lý do trả lại").fill("Đề nghị bổ sung kết quả huy động kinh phí xã hội hóa.")
    page.get_by_role("button", name="Trả lại báo cáo").click()
    expect(page.get_by_text("Đã trả lại báo cáo tổng kết năm 2020 cho Phường Quyết Tiến.")).to_be_visible()

    page = _switch(page, login, "front_officer")
    page.locator("nav").get_by_role("link", name="Báo cáo").click()
    page.get_by_role("link", name="Báo cáo tổng kết năm 2020").click()
    expect(page.locator("#returned")).to_contain_text("Đề nghị bổ sung kết quả huy động kinh phí xã hội hóa.")
    page.get_by_role("link", name="Sửa nội dung").click()
    page.get_by_label("5. Kinh phí").fill("Huy động xã hội hóa 15.000.000 đồng cho Ngày hội Đại đoàn kết.")
    page.get_by_role("button", name="Lưu").click()
    page.get_by_role("link", name="Gửi lại cấp trên").click()
    page.get_by_role("button", name="Gửi báo cáo").click()
    expect(page.get_by_text("(lần 2) đến Thành phố Lai Châu")).to_be_visible()
    rows = page.locator("#versions tbody tr")
    expect(rows).to_have_count(2)
    expect(rows.nth(0)).to_contain_text("Lần 2")
    expect(rows.nth(0)).to_contain_text("Đã gửi, chờ cấp trên tiếp nhận")
    expect(rows.nth(1)).to_contain_text("Bị trả lại")
    expect(rows.nth(1).get_by_test_id("reason")).to_contain_text("kinh phí xã hội hóa")
    page.screenshot(path=str(SHOTS / "reports-versions.png"), full_page=True)
    rows.nth(0).get_by_role("link", name="so với lần 1").click()
    expect(page.locator("#diff")).to_contain_text("Huy động xã hội hóa 15.000.000 đồng")
    page.screenshot(path=str(SHOTS / "reports-diff.png"), full_page=True)


def test_a_group_leader_reads_the_groups_figures_on_a_phone(live_town, login):
    SHOTS.mkdir(parents=True, exist_ok=True)
    page = login("leader_group1", phone=True)
    page.get_by_role("button", name="Mở menu").click()
    page.locator("nav").get_by_role("link", name="Chỉ tiêu").click()
    page.locator("#dash-year").select_option("2020")
    page.get_by_role("button", name="Xem").click()
    page.wait_for_url(re.compile(r"nam=2020"))
    expect(page.get_by_text("Tổ dân phố số 1 · năm 2020")).to_be_visible()
    expect(page.locator('[data-indicator="cultural_family_rate"]')).to_contain_text("3/3 hộ")
    page.screenshot(path=str(SHOTS / "reports-dashboard-group-phone.png"), full_page=True)
