"""The phone's other records at 390×844 in real Chromium with the network cut (issue 20): the group's 18/11
festival, a household moved out while the ward changed it, and a new household like one already in the group,
all recorded offline; on sync the festival is recorded, and the two others wait for the leader's choice with
both versions side by side."""

from __future__ import annotations

import re
from datetime import date

import pytest
from playwright.sync_api import expect

from vanhoa.activities.models import Festival
from vanhoa.core.models import AuditEntry
from vanhoa.offline.tests.test_browser import SHOTS, app_ready, launch, sign_in
from vanhoa.registry import services as registry
from vanhoa.registry.models import Household

pytestmark = pytest.mark.browser


@pytest.fixture
def today(monkeypatch):
    """After 18/11 (the server's clock, in this process and its live server thread)."""
    from django.utils import timezone

    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: date(2026, 11, 27))


def test_the_festival_a_move_and_a_new_household_recorded_offline(live_world, live_server, playwright, tmp_path, today):
    group = live_world.groups[0]
    pao = live_world.household(group, "Lò Văn Páo", member_count=4, address="Số nhà 3")
    live_world.household(group, "Lò Văn Kim", member_count=2, address="Số nhà 7, bản Nà Khằn")
    context = launch(playwright, tmp_path / "phone")
    page = context.new_page()
    sign_in(page, live_server.url, "leader_group1")
    app_ready(page)

    context.set_offline(True)
    page.get_by_role("button", name="Ngày hội 18/11").click()
    expect(page.get_by_label("Ngày tổ chức")).to_have_value("2026-11-18")
    page.get_by_label("Địa điểm").fill("Nhà văn hóa tổ 1")
    page.get_by_label("Số người tham gia").fill("160")
    page.get_by_label("Số hộ tham dự").fill("58")
    page.get_by_label("Các hoạt động (mỗi dòng một hoạt động)").fill("Văn nghệ\nBiểu dương gia đình văn hóa")
    page.get_by_role("button", name="Lưu ngày hội").click()
    expect(page.get_by_test_id("festival-queued")).to_be_visible()
    page.screenshot(path=str(SHOTS / "offline-festival-phone.png"), full_page=False)

    page.get_by_role("button", name="Hộ gia đình").click()
    page.get_by_test_id("household").filter(has_text="Lò Văn Páo").get_by_role("button", name="Chuyển đi").click()
    page.get_by_label("Chủ hộ").fill("lo van kim")
    page.get_by_label("Địa chỉ").fill("số nhà 7 Bản Nà Khằn")
    page.get_by_label("Số nhân khẩu", exact=True).fill("3")
    page.get_by_role("button", name="Thêm hộ").click()
    expect(page.get_by_test_id("pending")).to_have_text("3")
    registry.update_household(pao, actor=live_world.users["front_officer"], member_count=5)  # the ward, meanwhile

    context.set_offline(False)
    page.get_by_role("button", name="Gửi ngay").click()
    conflicts = page.get_by_test_id("conflict")
    expect(conflicts).to_have_count(2)
    expect(page.get_by_test_id("pending")).to_have_text("2")  # the festival went through
    moved = conflicts.filter(has_text="Lò Văn Páo")
    expect(moved.get_by_test_id("mine")).to_have_text([re.compile(r"^Đã chuyển đi \(từ \d\d/\d\d/\d{4}\)$"), "4"])
    expect(moved.get_by_test_id("current")).to_have_text(["Đang cư trú", "5"])
    twin = conflicts.filter(has_text="có phải cùng một hộ?")
    expect(twin.get_by_test_id("current").first).to_have_text("Lò Văn Kim")
    page.screenshot(path=str(SHOTS / "offline-moved-and-twin-phone.png"), full_page=True)
    assert Household.objects.get(pk=pao.pk).status == "active" and Household.objects.count() == 2

    moved.get_by_role("button", name="Giữ bản của tôi").click()
    twin.get_by_role("button", name="Cùng một hộ – bỏ hộ mới").click()
    expect(page.get_by_test_id("pending")).to_have_text("1")
    page.get_by_role("button", name="Gửi ngay").click()
    expect(page.get_by_test_id("pending")).to_have_text("0")
    context.close()

    festival = Festival.objects.get(group=group, year=2026)
    assert (festival.held_on, festival.participants, festival.households_attending) == (date(2026, 11, 18), 160, 58)
    assert Household.objects.get(pk=pao.pk).status == "moved_out" and Household.objects.count() == 2
    created = AuditEntry.objects.get(action="activities.festival.created")
    assert created.changes["_"]["via"] == "offline_sync"
