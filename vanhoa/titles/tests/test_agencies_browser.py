"""In real Chromium, on a desktop: the ward's officer follows two agencies under TT 08/2014 — one registers to
build the title (and cannot be recognised before two years), the other has kept its title since 2021 and is
registered for the province's re-recognition in 2026."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest
from playwright.sync_api import expect

from vanhoa.registry import services as registry
from vanhoa.testing.actors import TEST
from vanhoa.titles import services
from vanhoa.titles.choices import AgencyReportKind, Recognition
from vanhoa.titles.models import AgencyEnrolment, Candidacy

pytestmark = pytest.mark.browser
SHOTS = Path("var/screenshots")


def test_the_officer_enrols_an_agency_and_registers_another_for_re_recognition(live_world, login, live_server):
    SHOTS.mkdir(parents=True, exist_ok=True)
    w = live_world
    kept = registry.create_agency(actor=TEST, ward=w.ward, name="Trường Tiểu học Đoàn Kết", kind="don_vi",
                                  group=w.groups[0])  # fmt: skip
    new = registry.create_agency(actor=TEST, ward=w.ward, name="Công ty Cổ phần Chè Tam Đường", kind="doanh_nghiep",
                                 group=w.groups[1])  # fmt: skip
    services.enrol_agency(
        actor=TEST, agency=kept, registered_on=date(2019, 3, 15), union_name="Công đoàn Trường Tiểu học Đoàn Kết",
        prior_year=2021, prior_recognition=Recognition.FIRST,
        prior_decision="Quyết định số 3150/QĐ-UBND ngày 22/12/2021",
    )  # fmt: skip
    for year in range(2022, 2026):
        services.record_agency_report(
            actor=TEST, agency=kept, year=year, kind=AgencyReportKind.YEARLY, reported_on=date(year, 12, 5),
            union_name="Công đoàn Trường Tiểu học Đoàn Kết", head_name="Đinh Văn Quý",
        )  # fmt: skip
    page = login("front_officer")
    page.set_viewport_size({"width": 1366, "height": 900})

    # The company registers to build the title.
    page.goto(f"{live_server.url}/co-quan/{new.pk}/")
    page.get_by_role("link", name="Xây dựng đạt chuẩn văn hóa").click()
    page.goto(page.url.split("?")[0] + "?nam=2026")
    expect(page.get_by_role("heading", name="Công ty Cổ phần Chè Tam Đường")).to_be_visible()
    expect(page.get_by_text("Danh hiệu «Doanh nghiệp đạt chuẩn văn hóa»")).to_be_visible()
    expect(page.locator("#agency-now")).to_contain_text("Chưa đăng ký xây dựng")
    page.get_by_label("Ngày đăng ký xây dựng").fill("15/03/2025")
    page.get_by_role("button", name="Lưu đăng ký").click()
    expect(page.get_by_text("Đã ghi nhận Công ty Cổ phần Chè Tam Đường đăng ký xây dựng")).to_be_visible()
    expect(page.locator("#agency-now")).to_contain_text("Xây dựng năm thứ 2/2")
    expect(page.locator("#agency-now")).to_contain_text("xét công nhận lần đầu từ năm 2027")
    report = page.locator("#report-form")
    report.get_by_label("Ngày báo cáo").fill("05/12/2026")
    report.get_by_label("Thủ trưởng xác nhận (họ và tên)").fill("Hoàng Văn Tiến")
    report.get_by_role("button", name="Ghi nhận báo cáo").click()
    expect(page.get_by_text("Đã ghi nhận báo cáo hằng năm (giữ vững danh hiệu) năm 2026.")).to_be_visible()
    assert AgencyEnrolment.objects.get(agency=new).registered_on == date(2025, 3, 15)

    # The school has kept its title since 2021: due for re-recognition by the province in 2026.
    page.goto(f"{live_server.url}/danh-hieu/co-quan/{kept.pk}/?nam=2026")
    expect(page.locator("#agency-now")).to_contain_text("Đến hạn công nhận lại (công nhận năm 2021)")
    expect(page.locator("#agency-years")).to_contain_text("Giữ vững danh hiệu (công nhận năm 2021)")
    page.screenshot(path=str(SHOTS / "titles-agency-desktop.png"), full_page=True)

    # On the ward's register page, the company is refused (still building); the school is registered.
    page.goto(f"{live_server.url}/danh-hieu/cqvh/{w.ward.pk}/dang-ky/?nam=2026")
    page.get_by_label("Ngày đăng ký").fill("02/03/2026")
    page.get_by_role("button", name=re.compile("Đăng ký 2 đơn vị")).click()
    expect(page.get_by_role("alert")).to_contain_text("ít nhất 2 năm mới xét công nhận lần đầu (từ năm 2027)")
    page.locator(".list-group-item", has_text="Công ty Cổ phần Chè Tam Đường").get_by_role("checkbox").uncheck()
    page.get_by_role("button", name=re.compile("Đăng ký")).last.click()
    expect(page.get_by_text("Đã đăng ký 1 cơ quan, đơn vị, doanh nghiệp.")).to_be_visible()
    c = Candidacy.objects.get(agency=kept, year=2026)
    assert c.recognition == Recognition.RENEWAL and not Candidacy.objects.filter(agency=new).exists()
    page.goto(f"{live_server.url}/danh-hieu/co-quan/{kept.pk}/?nam=2026")
    expect(page.locator("#agency-now")).to_contain_text("Đang xét công nhận lại")
    page.screenshot(path=str(SHOTS / "titles-agency-registered.png"), full_page=True)
