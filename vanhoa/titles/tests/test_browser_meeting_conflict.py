"""In real Chromium on a phone: a group leader saves the minutes after the ward officer changed a household's line
(issue 21, F4). The leader's save is not applied; the page shows both versions; the leader's secretary and the
officer's verdict are both kept."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from playwright.sync_api import expect

from vanhoa.testing.actors import TEST
from vanhoa.titles import services
from vanhoa.titles.models import ReviewMeeting

pytestmark = pytest.mark.browser
SHOTS = Path("var/screenshots")


def test_leader_on_a_phone_keeps_their_facts_and_the_officers_verdict(live_world, login, live_server):
    group = live_world.groups[0]
    for i in range(1, 4):
        live_world.household(group, f"Lò Văn Hộ{i:03d}", since=date(2015, 1, 1))
    services.register_group_households(actor=TEST, group=group, year=2020, on=date(2020, 2, 10))
    meeting = services.start_review_meeting(actor=TEST, title="gdvh", year=2020, unit=group, on=date(2020, 11, 5))
    second = meeting.entries.select_related("candidacy").order_by("candidacy__sort_key")[1]
    page = login("leader_group1", phone=True)
    page.goto(f"{live_server.url}/danh-hieu/hop/{meeting.pk}/")
    # while the leader's page is open, the ward's officer records household 2 as excluded (case 6)
    services.save_review_draft(
        meeting,
        actor=live_world.users["front_officer"],
        entries={second.candidacy_id: {"criteria_met": False, "exclusion_code": "6"}},
    )
    page.get_by_label("Thư ký").fill("Lường Thị Thư")
    page.get_by_role("button", name="Lưu nháp").click()
    expect(page.locator("#version-conflict")).to_contain_text("front_officer")
    rows = page.locator("#conflict-table tbody tr")
    expect(rows).to_have_count(2)
    expect(rows.nth(0).locator("th")).to_have_text("Thư ký")
    expect(rows.nth(1).locator("th")).to_contain_text(f"{second.candidacy.subject_name} – Lý do không đạt")
    expect(rows.nth(1).get_by_test_id("current")).to_contain_text("6)")
    expect(rows.nth(0).get_by_role("radio").nth(0)).to_be_checked()  # the leader typed it
    expect(rows.nth(1).get_by_role("radio").nth(1)).to_be_checked()  # the leader did not touch it
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / "titles-meeting-conflict-phone.png"), full_page=True)
    page.get_by_role("button", name="Lưu theo lựa chọn").click()
    expect(page.get_by_text("Đã lưu bản nháp.")).to_be_visible()
    saved = ReviewMeeting.objects.get(pk=meeting.pk)
    line = saved.entries.get(pk=second.pk)
    assert saved.secretary == "Lường Thị Thư"
    assert (line.criteria_met, line.exclusion_code) == (False, "6")
