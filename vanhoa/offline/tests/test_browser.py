"""The group leader's app on a 390×844 phone in real Chromium with the network cut (issue 20): a meeting
recorded offline survives closing the browser and is closed on the server on sync; a household changed on both
sides shows both values; the phone keeps only the app's page and static files in its caches; signing out
empties the phone."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import expect

from conftest import CHROMIUM_ARGS
from vanhoa.core.models import AuditEntry
from vanhoa.offline.tests.conftest import open_meeting_for
from vanhoa.registry import services as registry
from vanhoa.registry.models import Household
from vanhoa.testing.world import PASSWORD
from vanhoa.titles.choices import MeetingStatus, State
from vanhoa.titles.models import ReviewMeeting

pytestmark = pytest.mark.browser
SHOTS = Path("var/screenshots")


def launch(playwright, profile: Path):
    return playwright.chromium.launch_persistent_context(
        str(profile),
        executable_path="/usr/bin/chromium",
        args=CHROMIUM_ARGS,
        viewport={"width": 390, "height": 844},
        locale="vi-VN",
        timezone_id="Asia/Ho_Chi_Minh",
    )


def sign_in(page, base: str, username: str) -> None:
    page.goto(base + "/dang-nhap/?next=/ung-dung/")
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_url(base + "/ung-dung/")
    expect(page.locator("#offline-app[data-ready='1']")).to_be_attached()


def app_ready(page) -> None:
    """The service worker controls the page (so the app opens without a network) and the data is on the phone."""
    page.evaluate("navigator.serviceWorker.ready.then(() => true)")
    page.evaluate(  # not wait_for_function: its polling evaluates strings, which the CSP forbids
        """() => new Promise((done) => navigator.serviceWorker.controller ? done(true)
             : navigator.serviceWorker.addEventListener("controllerchange", () => done(true)))"""
    )
    expect(page.locator("#offline-app[data-loaded='1']")).to_be_attached()  # the first fetch of the data is done


def sync_and_sign_in_again_if_asked(page, base: str, username: str) -> None:
    expect(page.locator("#offline-app[data-ready='1']")).to_be_attached()
    page.get_by_role("button", name="Gửi ngay").click()
    refused = page.get_by_test_id("refused-account")
    done = page.get_by_test_id("pending")
    expect(refused.or_(page.get_by_role("alert").filter(has_text="Đã gửi"))).to_be_visible()
    if refused.is_visible():  # the session ended with the browser; the entries wait on the phone meanwhile
        expect(done).not_to_have_text("0")
        refused.get_by_role("link", name="Đăng nhập lại").click()
        page.get_by_label("Tên đăng nhập").fill(username)
        page.get_by_label("Mật khẩu").fill(PASSWORD)
        page.get_by_role("button", name="Đăng nhập").click()
        page.wait_for_url(base + "/ung-dung/")
        expect(page.locator("#offline-app[data-ready='1']")).to_be_attached()
        page.get_by_role("button", name="Gửi ngay").click()
    expect(done).to_have_text("0", timeout=60_000)  # 33 changes through the services on a small machine


def test_a_name_being_typed_survives_the_redraw_of_a_change_queued_before_it(live_world, live_server, playwright,
                                                                             tmp_path):
    """The leader types the Front's name while the number of guests, typed just before, is still being queued: the
    redraw that follows that change keeps the name, and leaving the field queues it (it was lost, and the meeting
    could not be closed: "chưa ghi Trưởng ban Công tác Mặt trận")."""
    open_meeting_for(live_world, 5)
    base = live_server.url
    context = launch(playwright, tmp_path / "phone")
    page = context.pages[0] if context.pages else context.new_page()
    sign_in(page, base, "leader_group1")
    app_ready(page)
    context.set_offline(True)
    front = page.get_by_label("Họ tên – Trưởng ban Công tác Mặt trận (cùng chủ trì)")
    front.fill("Quàng Thị Hoa")  # still in the field: not saved yet
    # the change typed before it is queued now, without moving the focus: the app redraws the meeting
    page.get_by_label("Số người được mời").evaluate(
        "(el) => { el.value = '40'; el.dispatchEvent(new Event('change', { bubbles: true })); }"
    )
    expect(page.get_by_test_id("pending")).not_to_have_text("0")
    expect(front).to_have_value("Quàng Thị Hoa")
    expect(front).to_be_focused()
    front.press("Tab")
    expect(page.get_by_test_id("pending")).to_have_text("2")
    page.reload()  # what is queued is on the phone, not only on the screen
    expect(page.get_by_label("Họ tên – Trưởng ban Công tác Mặt trận (cùng chủ trì)")).to_have_value("Quàng Thị Hoa")
    context.close()


def test_a_meeting_recorded_offline_survives_closing_the_browser_and_is_closed_on_sync(
    live_world, live_server, playwright, tmp_path
):
    meeting = open_meeting_for(live_world, 30)
    base = live_server.url
    context = launch(playwright, tmp_path / "phone")
    page = context.pages[0] if context.pages else context.new_page()
    sign_in(page, base, "leader_group1")
    app_ready(page)
    lines = page.get_by_test_id("line")
    expect(lines).to_have_count(30)

    context.set_offline(True)
    page.get_by_label("Số người được mời").fill("40")
    page.get_by_label("Số người được mời").press("Tab")
    expect(page.get_by_test_id("pending")).to_have_text("1")
    page.get_by_label("Số người dự họp").fill("32")
    page.get_by_label("Số người dự họp").press("Tab")
    front = page.get_by_label("Họ tên – Trưởng ban Công tác Mặt trận (cùng chủ trì)")
    front.fill("Quàng Thị Hoa")
    front.press("Tab")
    unions = page.get_by_label("Họ tên – Đại diện các đoàn thể", exact=True)
    unions.fill("Lường Văn Phong")
    unions.press("Tab")
    expect(page.get_by_label("Họ tên – Đại diện các đoàn thể", exact=True)).to_have_value("Lường Văn Phong")
    page.get_by_role("button", name="Tất cả đạt").click()
    expect(page.get_by_test_id("passing")).to_have_text("30")
    expect(page.get_by_test_id("pending")).to_have_text("32")
    for n, reason in ((2, "Không giữ vệ sinh chung"), (7, "Chưa đóng góp quỹ khuyến học")):
        line = lines.nth(n)
        line.get_by_role("checkbox").uncheck()
        reason_box = lines.nth(n).get_by_placeholder("Lý do không đạt")
        reason_box.fill(reason)
        reason_box.press("Tab")
        expect(lines.nth(n).get_by_placeholder("Lý do không đạt")).to_have_value(reason)
    expect(page.get_by_test_id("passing")).to_have_text("28")
    page.get_by_role("button", name="Chốt kết quả").click()
    expect(page.get_by_test_id("close-queued")).to_be_visible()
    expect(page.get_by_test_id("pending")).to_have_text("33")
    expect(page.get_by_test_id("network")).to_have_text("Mất mạng – vẫn ghi được")
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / "offline-meeting-phone.png"), full_page=False)
    assert ReviewMeeting.objects.get(pk=meeting.pk).status == MeetingStatus.DRAFT  # nothing sent yet
    context.close()

    # the phone is switched off and on again, still without a network
    context = launch(playwright, tmp_path / "phone")
    context.set_offline(True)
    page = context.pages[0] if context.pages else context.new_page()
    page.goto(base + "/ung-dung/")
    expect(page.get_by_test_id("pending")).to_have_text("33")
    expect(page.get_by_test_id("close-queued")).to_be_visible()
    expect(page.get_by_test_id("passing")).to_have_text("28")

    context.set_offline(False)
    sync_and_sign_in_again_if_asked(page, base, "leader_group1")
    expect(page.get_by_test_id("last-sync")).to_contain_text("Đồng bộ lần cuối")
    page.screenshot(path=str(SHOTS / "offline-meeting-synced-phone.png"), full_page=False)
    context.close()

    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.SUBMITTED
    assert (meeting.invited, meeting.present) == (40, 32)
    assert [a.name for a in meeting.attendees.all()][1:] == ["Quàng Thị Hoa", "Lường Văn Phong"]
    states = [e.candidacy.state for e in meeting.entries.select_related("candidacy")]
    assert states.count(State.NOT_PROPOSED) == 2 and states.count(State.REVIEWED) == 28
    saved = AuditEntry.objects.filter(action="titles.meeting.draft_saved", object_id=str(meeting.pk))
    assert saved.count() == 32  # the attendance figures, who attended and each household's line: one per change
    assert all(e.changes["_"]["offline_at"] and e.changes["_"]["via"] == "offline_sync" for e in saved)
    assert AuditEntry.objects.filter(action="titles.meeting.submitted", object_id=str(meeting.pk)).count() == 1


def test_a_member_count_changed_on_both_sides_shows_both_and_nothing_is_lost(
    live_world, live_server, playwright, tmp_path
):
    h = live_world.household(live_world.groups[0], "Lò Văn Páo", member_count=4)
    live_world.household(live_world.groups[1], "Tòng Thị Xuân", member_count=3)  # another group
    base = live_server.url
    context = launch(playwright, tmp_path / "phone")
    page = context.new_page()
    sign_in(page, base, "leader_group1")
    app_ready(page)
    page.get_by_role("button", name="Hộ gia đình").click()
    expect(page.get_by_test_id("household")).to_have_count(1)

    # only the app's page and static files are cached, in a cache named for this user; never the data
    cached = page.evaluate(
        """async () => { const out = {}; for (const n of await caches.keys()) {
             out[n] = (await (await caches.open(n)).keys()).map(r => new URL(r.url).pathname); } return out; }"""
    )
    assert len(cached) == 1 and next(iter(cached)).startswith("vanhoa-shell-")
    paths = next(iter(cached.values()))
    assert "/ung-dung/" in paths and all(p == "/ung-dung/" or p.startswith("/static/") for p in paths)
    stored = page.evaluate("window.vanhoaOffline.reload().then(() => document.body.innerText)")
    assert "Tòng Thị Xuân" not in stored

    context.set_offline(True)
    page.get_by_label("Số nhân khẩu – Lò Văn Páo").fill("6")
    page.get_by_role("button", name="Lưu nhân khẩu").click()
    expect(page.get_by_test_id("pending")).to_have_text("1")
    registry.update_household(h, actor=live_world.users["front_officer"], member_count=5)  # the ward, meanwhile

    context.set_offline(False)
    page.get_by_role("button", name="Gửi ngay").click()
    conflict = page.get_by_test_id("conflict")
    expect(conflict).to_contain_text("Lò Văn Páo")
    expect(conflict.get_by_test_id("mine")).to_have_text("6")
    expect(conflict.get_by_test_id("current")).to_have_text("5")
    expect(page.get_by_test_id("pending")).to_have_text("1")
    page.screenshot(path=str(SHOTS / "offline-conflict-phone.png"), full_page=False)
    assert Household.objects.get(pk=h.pk).member_count == 5

    conflict.get_by_role("button", name="Giữ bản của tôi").click()
    page.get_by_role("button", name="Gửi ngay").click()
    expect(page.get_by_test_id("pending")).to_have_text("0")
    assert Household.objects.get(pk=h.pk).member_count == 6
    history = [e.changes["member_count"] for e in AuditEntry.objects.filter(action="registry.household.updated")]
    assert sorted(history) == [[4, 5], [5, 6]]  # both changes kept in the history

    # signing out empties the phone: the store, the caches and the service worker
    page.get_by_role("button", name="Đăng xuất và xóa dữ liệu trên máy").click()
    page.wait_for_url("**/dang-nhap/**")  # through the page that empties the phone, which then moves on
    left = page.evaluate(
        """async () => ({dbs: (await indexedDB.databases()).map(d => d.name), caches: await caches.keys(),
             workers: (await navigator.serviceWorker.getRegistrations()).length})"""
    )
    assert left == {"dbs": [], "caches": [], "workers": 0}
    context.close()
