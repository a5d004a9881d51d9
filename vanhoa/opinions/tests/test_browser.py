"""In real Chromium on a phone (390×844): during a notice an anonymous resident opens the group's public page and
sends an opinion; the group leader sees it and settles it; the printed list (Mẫu 02) carries it; once the notice
is over the form is gone."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from playwright.sync_api import expect

from vanhoa.testing.actors import TEST
from vanhoa.titles import documents, services
from vanhoa.titles.models import Candidacy
from vanhoa.titles.tests.test_documents import text_of

pytestmark = pytest.mark.browser
SHOTS = Path("var/screenshots")


def test_a_resident_sends_an_opinion_and_the_leader_settles_it(live_world, login, live_server, page, monkeypatch):
    SHOTS.mkdir(parents=True, exist_ok=True)
    g1 = live_world.groups[0]
    for name in ("Lò Văn Bình", "Quàng Thị Hoa"):
        live_world.household(g1, name, since=date(2015, 1, 1), address="Số 9 đường Hoa Ban", phone="0912345678")
    services.register_group_households(actor=TEST, group=g1, year=2024, on=date(2024, 2, 10))
    services.record_review_meeting(
        actor=TEST,
        title="gdvh",
        year=2024,
        unit=g1,
        held_on=date(2024, 10, 15),
        place="Nhà văn hóa",
        chair="Lò Văn Chủ Trì",
        invited=10,
        present=8,
        voting_method="show_of_hands",
    )
    notice = services.open_public_notice(
        actor=TEST, title="gdvh", year=2024, unit=g1, opened_on=date(2024, 10, 16), place="Nhà văn hóa tổ 1"
    )
    monkeypatch.setattr("vanhoa.core.clock.today", lambda: date(2024, 10, 18))
    public_url = f"{live_server.url}/cong-khai/niem-yet/{notice.pk}/"

    # an anonymous visitor on a phone (as from the QR code at the cultural house)
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(public_url)
    expect(page.locator("#public-list")).to_contain_text("Lò Văn Bình")
    expect(page.locator("#public-list")).not_to_contain_text("Hoa Ban")
    expect(page.locator("#notice-dates")).to_contain_text("16/10/2024")
    page.get_by_label("Họ và tên của ông/bà").fill("Lò Thị Góp")
    page.get_by_label("Ông/bà ở tổ dân phố nào").fill("Tổ dân phố số 1")
    page.get_by_label("Ý kiến về hộ").select_option(label="Lò Văn Bình")
    page.get_by_label("Nội dung ý kiến").fill("Hộ còn để rác ra đường")
    page.screenshot(path=str(SHOTS / "public-notice-phone.png"), full_page=True)
    page.get_by_role("button", name="Gửi ý kiến").click()
    expect(page.locator("#sent")).to_contain_text("Ý kiến đã được gửi")

    # the group leader sees it and settles it
    login("leader_group1", phone=True)
    page.goto(f"{live_server.url}/danh-hieu/gdvh/{g1.pk}/?nam=2024")
    page.locator("#pending-opinions").click()
    expect(page).to_have_url(f"{live_server.url}/danh-hieu/niem-yet/{notice.pk}/#online-opinions")
    card = page.get_by_test_id("online-opinion")
    expect(card).to_contain_text("Lò Thị Góp")
    expect(card).to_contain_text("Hộ còn để rác ra đường")
    card.get_by_label("Cách xử lý").fill("Đã nhắc nhở, hộ đã dọn")
    page.screenshot(path=str(SHOTS / "opinion-settle-phone.png"), full_page=True)
    card.get_by_role("button", name="Ghi nhận cách xử lý").click()
    expect(page.get_by_text("Không có ý kiến nào chờ xử lý.")).to_be_visible()
    expect(page.locator("body")).to_contain_text("Lò Thị Góp (Tổ dân phố số 1): Hộ còn để rác ra đường")

    # the printed list with the result of the consultation carries it
    services.close_public_notice(notice, actor=TEST, on=date(2024, 10, 26))
    text = text_of(documents.build_proposal(ward=live_world.ward, year=2024, group=str(g1.pk)).to_bytes())
    assert "Lò Thị Góp (Tổ dân phố số 1): Hộ còn để rác ra đường (Đã nhắc nhở, hộ đã dọn)" in text
    assert Candidacy.objects.filter(notice=notice).count() == 2

    # after the notice the form is gone
    monkeypatch.setattr("vanhoa.core.clock.today", lambda: date(2024, 10, 26))
    page.context.clear_cookies()
    page.goto(public_url)
    expect(page.locator("#closed")).to_be_visible()
    expect(page.get_by_role("button", name="Gửi ý kiến")).to_have_count(0)

    # after the decision the published list appears
    services.submit_proposal(actor=TEST, title="gdvh", year=2024, unit=g1, on=date(2024, 10, 28))
    services.issue_decision(
        actor=TEST,
        title="gdvh",
        year=2024,
        ward=live_world.ward_2020,
        number="12",
        signed_on=date(2024, 11, 5),
        signer_name="Nguyễn Văn An",
    )
    monkeypatch.setattr("vanhoa.core.clock.today", lambda: date(2024, 11, 6))
    page.goto(public_url)
    page.locator("#decided a").click()
    expect(page.locator("#decision-ref")).to_contain_text("12/QĐ-UBND")
    expect(page.locator("#decision-ref")).to_contain_text("05/11/2024")
    expect(page.locator("#recognised")).to_contain_text("Lò Văn Bình")
    expect(page.locator("#recognised")).to_contain_text("Quàng Thị Hoa")
    page.screenshot(path=str(SHOTS / "public-decision-phone.png"), full_page=True)
