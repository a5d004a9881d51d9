import pytest
from playwright.sync_api import expect

from vanhoa.testing.browser import open_menu

pytestmark = pytest.mark.browser


def test_officer_finds_a_household_typed_without_accents_and_changes_its_member_count(live_world, login):
    live_world.household(live_world.groups[0], "Nguyễn Văn Đức", member_count=4)
    live_world.household(live_world.groups[1], "Trần Thị Dung", member_count=3)
    page = login("front_officer")
    expect(page.get_by_role("heading", name="Phường Đoàn Kết")).to_be_visible()
    open_menu(page, "Hộ gia đình")
    page.get_by_role("searchbox").fill("nguyen van duc")
    expect(page.locator("#result-count")).to_have_text("1 hộ")
    page.get_by_role("link", name="Nguyễn Văn Đức").click()
    page.get_by_role("link", name="Sửa").click()
    page.get_by_label("Số nhân khẩu").fill("5")
    page.get_by_role("button", name="Lưu").click()
    expect(page.locator("#member-count")).to_have_text("5")
    expect(page.locator("#history")).to_contain_text("member_count: 4 → 5")


def test_group_leader_on_a_phone_sees_only_their_group(live_world, login):
    live_world.household(live_world.groups[0], "Lò Văn Páo")
    live_world.household(live_world.groups[1], "Tòng Thị Phương")
    page = login("leader_group1", phone=True)
    expect(page.locator("[data-testid=group-count]")).to_have_text("1")
    open_menu(page, "Hộ gia đình")
    expect(page.get_by_text("Lò Văn Páo")).to_be_visible()
    expect(page.get_by_text("Tòng Thị Phương")).to_have_count(0)
    page.screenshot(path="var/screenshots/leader-phone.png", full_page=True)
