"""User management in real Chromium: the ward head makes a group leader, who then works on a phone."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from vanhoa.testing.actors import TEST
from vanhoa.testing.browser import open_menu, open_user_menu

pytestmark = pytest.mark.browser


def test_ward_head_creates_a_leader_for_group_3_who_then_sees_only_group_3_on_a_phone(live_world, login, live_server):
    live_world.household(live_world.groups[0], "Lò Văn Páo")
    live_world.household(live_world.groups[2], "Hoàng Thị Mai")

    page = login("ward_head")
    page.get_by_role("button", name="ward_head").click()
    page.get_by_role("link", name="Người dùng").click()
    page.get_by_role("link", name="Thêm người dùng").click()
    page.get_by_label("Tên đăng nhập").fill("totruong3")
    page.get_by_label("Họ và tên").fill("Hoàng Văn Ba")
    page.get_by_label("Vai trò").select_option(label="Tổ trưởng / Ban công tác Mặt trận tổ dân phố")
    page.get_by_label("Tại đơn vị").select_option(label="Tổ dân phố số 3 – Phường Đoàn Kết")
    page.get_by_label("Chức vụ").fill("Tổ trưởng tổ dân phố số 3")
    page.screenshot(path="var/screenshots/user-create.png", full_page=True)
    page.get_by_role("button", name="Lưu").click()
    expect(page.get_by_role("heading", name="Đã tạo tài khoản totruong3")).to_be_visible()
    password = page.locator("#temporary-password").inner_text()
    page.screenshot(path="var/screenshots/user-created.png", full_page=True)
    page.get_by_role("link", name="Xem tài khoản").click()
    expect(page.locator("#roles")).to_contain_text("Tổ dân phố số 3")
    expect(page.locator("#history")).to_contain_text("Tạo tài khoản")
    page.screenshot(path="var/screenshots/user-detail.png", full_page=True)
    page.get_by_role("link", name="Người dùng").first.click()
    expect(page.locator("#users")).to_contain_text("Hoàng Văn Ba")
    page.screenshot(path="var/screenshots/user-list.png", full_page=True)
    page.get_by_role("button", name="ward_head").click()
    page.get_by_role("button", name="Đăng xuất").click()
    page.wait_for_url("**/dang-nhap/**")

    page.set_viewport_size({"width": 390, "height": 844})
    page.get_by_label("Tên đăng nhập").fill("totruong3")
    page.get_by_label("Mật khẩu").fill(password)
    page.get_by_role("button", name="Đăng nhập").click()
    # first thing, before any other page: replace the temporary password (#21 F9, #16 item 6)
    page.wait_for_url("**/doi-mat-khau-tam/")
    expect(page.get_by_role("heading", name="Đặt mật khẩu của bạn")).to_be_visible()
    page.goto(live_server.url + "/ho-gia-dinh/")
    page.wait_for_url("**/doi-mat-khau-tam/")
    page.get_by_label(re.compile(r"^Mật khẩu mới")).fill("ngan-qua")
    page.get_by_label("Nhập lại mật khẩu mới").fill("ngan-qua")
    page.get_by_role("button", name="Lưu mật khẩu mới").click()
    expect(page.get_by_role("alert")).to_contain_text("ít nhất 12 ký tự")
    page.get_by_label(re.compile(r"^Mật khẩu mới")).fill("Hoa-ban-no-2026")
    page.get_by_label("Nhập lại mật khẩu mới").fill("Hoa-ban-no-2026")
    page.screenshot(path="var/screenshots/temporary-password-phone.png", full_page=True)
    page.get_by_role("button", name="Lưu mật khẩu mới").click()
    expect(page.locator("[data-testid=group-count]")).to_have_text("1")
    open_menu(page, "Hộ gia đình")
    expect(page.get_by_text("Hoàng Thị Mai")).to_be_visible()
    expect(page.get_by_text("Lò Văn Páo")).to_have_count(0)
    page.screenshot(path="var/screenshots/leader3-phone.png", full_page=True)

    # later, from "Tài khoản của tôi": the own password is changed with the current one
    open_user_menu(page, "Hoàng Văn Ba", "Tài khoản của tôi")
    page.wait_for_url("**/tai-khoan/")
    page.get_by_label("Mật khẩu hiện tại").fill("Hoa-ban-no-2026")
    page.get_by_label(re.compile(r"^Mật khẩu mới")).fill("Hoa-ban-no-2027")
    page.get_by_label("Nhập lại mật khẩu mới").fill("Hoa-ban-no-2027")
    page.get_by_role("button", name="Đổi mật khẩu").click()
    expect(page.get_by_role("alert")).to_contain_text("Đã đổi mật khẩu.")
    page.screenshot(path="var/screenshots/my-account-phone.png", full_page=True)


def test_ward_head_reads_the_audit_log_and_filters_it(live_world, login):
    live_world.household(live_world.groups[0], "Lò Văn Páo")
    live_world.household(live_world.other_group, "Quàng Văn Xa")
    page = login("ward_head")
    page.get_by_role("button", name="ward_head").click()
    page.get_by_role("link", name="Nhật ký thay đổi").click()
    expect(page.locator("#audit-entries")).to_contain_text("Lò Văn Páo")
    expect(page.locator("#audit-entries")).not_to_contain_text("Quàng Văn Xa")
    page.get_by_label("Việc").select_option("registry.household.created")
    page.get_by_role("button", name="Lọc").click()
    expect(page.locator("#entry-count")).to_have_text("1 mục")
    page.screenshot(path="var/screenshots/audit-log.png", full_page=True)


def test_front_officer_exports_what_is_held_about_a_household_for_its_head(live_world, login):
    import json
    from datetime import date

    from vanhoa.registry import services

    h = live_world.household(live_world.groups[0], "Lò Văn Páo", member_count=5, phone="0912345678")
    services.split_household(h, actor=TEST, new_head_name="Lò Văn Khoa", member_count=2, on=date(2024, 3, 1))
    page = login("front_officer")
    open_menu(page, "Hộ gia đình")
    page.get_by_role("link", name="Lò Văn Páo").click()
    page.get_by_role("link", name="Dữ liệu cá nhân").click()
    expect(page.get_by_role("heading", name="Quá trình cư trú")).to_be_visible()
    expect(page.get_by_role("heading", name="Hộ liên quan")).to_be_visible()
    expect(page.locator("main")).to_contain_text("Lò Văn Khoa")
    page.screenshot(path="var/screenshots/personal-data.png", full_page=True)
    with page.expect_download() as download:
        page.get_by_role("link", name="Tải tệp JSON").click()
    data = json.loads(download.value.path().read_text(encoding="utf-8"))
    assert data["sections"]["Thông tin hộ gia đình"][0]["Số điện thoại"] == "0912345678"
