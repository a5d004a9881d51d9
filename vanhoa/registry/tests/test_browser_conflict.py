"""The conflict page of a household in real Chromium (issue 21, F4): someone else saved while the officer was
editing; the officer sees both versions side by side, chooses per field, and nothing is lost."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import expect

from vanhoa.registry import services
from vanhoa.registry.models import Household

pytestmark = pytest.mark.browser

SHOTS = Path("var/screenshots")


@pytest.mark.parametrize("phone", [False, True], ids=["desktop", "phone"])
def test_officer_edits_a_household_someone_else_just_changed_and_keeps_both(live_world, live_server, login, phone):
    h = live_world.household(live_world.groups[0], "Lò Văn Páo", member_count=4, address="Số 1 đường Trần Phú")
    page = login("front_officer", phone=phone)
    page.goto(f"{live_server.url}/ho-gia-dinh/{h.pk}/sua/")
    # while the officer's page is open, the ward head saves a new address
    services.update_household(h, actor=live_world.users["ward_head"], address="Số 9 đường Lê Lợi")
    page.get_by_label("Số nhân khẩu").fill("6")
    page.get_by_role("button", name="Lưu").click()
    # the officer's save is not applied; the page says so and shows both versions, field by field
    expect(page.locator("#version-conflict")).to_contain_text("Bản của bạn chưa được lưu")
    rows = page.locator("#conflict-table tbody tr")
    expect(rows).to_have_count(2)
    address, members = rows.nth(0), rows.nth(1)
    expect(address.locator("th")).to_have_text("Địa chỉ")
    expect(address.get_by_test_id("mine")).to_have_text("Số 1 đường Trần Phú")
    expect(address.get_by_test_id("current")).to_have_text("Số 9 đường Lê Lợi")
    expect(members.get_by_test_id("mine")).to_have_text("6")
    expect(members.get_by_test_id("current")).to_have_text("4")
    assert Household.objects.get(pk=h.pk).member_count == 4
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"household-conflict-{'phone' if phone else 'desktop'}.png"), full_page=True)
    # chosen beforehand: the other's address (the officer did not touch it), the officer's member count
    expect(address.get_by_role("radio").nth(1)).to_be_checked()
    expect(address).to_contain_text("bạn không sửa mục này")
    expect(members.get_by_role("radio").nth(0)).to_be_checked()
    page.get_by_role("button", name="Lưu theo lựa chọn").click()
    expect(page.locator("#member-count")).to_have_text("6")
    saved = Household.objects.get(pk=h.pk)
    assert (saved.address, saved.member_count) == ("Số 9 đường Lê Lợi", 6)
