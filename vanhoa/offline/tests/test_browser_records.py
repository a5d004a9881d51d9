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
from vanhoa.testing.world import PASSWORD

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
    expect(page.get_by_test_id("pending")).to_have_text("2")  # the list is drawn again: then type the new one
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


def test_a_revoked_account_is_refused_and_the_next_leader_on_the_phone_sees_only_their_group(
    live_world, live_server, playwright, tmp_path
):
    mine = live_world.household(live_world.groups[0], "Lò Văn Páo", member_count=4)
    live_world.household(live_world.groups[1], "Tòng Thị Xuân", member_count=3)
    leader = live_world.users["leader_group1"]
    context = launch(playwright, tmp_path / "phone")
    page = context.new_page()
    sign_in(page, live_server.url, "leader_group1")
    app_ready(page)
    page.get_by_role("button", name="Hộ gia đình").click()
    context.set_offline(True)
    page.get_by_label("Số nhân khẩu – Lò Văn Páo").fill("6")
    page.get_by_role("button", name="Lưu nhân khẩu").click()
    expect(page.get_by_test_id("pending")).to_have_text("1")
    leader.is_active = False  # the ward revokes the account while the phone is offline
    leader.save(update_fields=["is_active"])

    context.set_offline(False)
    page.get_by_role("button", name="Gửi ngay").click()
    expect(page.get_by_test_id("refused-account")).to_contain_text("tài khoản đã bị khóa")
    expect(page.get_by_test_id("pending")).to_have_text("1")  # kept on the phone, not applied
    assert Household.objects.get(pk=mine.pk).member_count == 4

    # another leader takes the phone (the first never signed out)
    page.get_by_test_id("refused-account").get_by_role("link", name="Đăng nhập lại").click()
    page.get_by_label("Tên đăng nhập").fill("leader_group2")
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_url(live_server.url + "/ung-dung/")
    app_ready(page)
    assert page.evaluate(  # the worker of the account now signed in has taken over (and emptied the other's cache)
        """async () => { const key = document.getElementById("offline-app").dataset.key;
             for (let i = 0; i < 100; i++) { const r = await navigator.serviceWorker.getRegistration("/");
               const w = r && r.active;
               if (w && w.state === "activated" && w.scriptURL.endsWith("u=" + key)) return true;
               await new Promise((ok) => setTimeout(ok, 100)); } return false; }"""
    )
    expect(page.get_by_test_id("pending")).to_have_text("0")
    page.get_by_role("button", name="Hộ gia đình").click()
    expect(page.get_by_test_id("household")).to_have_text([re.compile("Tòng Thị Xuân")])
    left = page.evaluate(
        """async () => {
             const out = {caches: {}, stores: {}};
             for (const n of await caches.keys()) {
               out.caches[n] = (await (await caches.open(n)).keys()).map(r => new URL(r.url).pathname);
             }
             for (const {name} of await indexedDB.databases()) {
               const db = await new Promise(ok => {
                 const r = indexedDB.open(name); r.onsuccess = () => ok(r.result); });
               const t = db.transaction(["kv", "queue"]);
               const kv = t.objectStore("kv").getAll(), queue = t.objectStore("queue").getAll();
               await new Promise(ok => { t.oncomplete = ok; });
               out.stores[name] = {kv: JSON.stringify(kv.result), queue: queue.result.length};
               db.close();
             }
             return out;
           }"""
    )
    context.close()
    assert len(left["caches"]) == 1, left["caches"]  # the shell of the account now signed in, nothing else
    assert all(p == "/ung-dung/" or p.startswith("/static/") for p in next(iter(left["caches"].values())))
    stores = left["stores"]
    assert len(stores) == 2
    first = next(v for k, v in stores.items() if "Tòng Thị Xuân" not in v["kv"])
    assert first == {"kv": "[]", "queue": 1}  # the first leader's group erased; only their refused change kept
    assert all("Lò Văn Páo" not in v["kv"] for v in stores.values())
