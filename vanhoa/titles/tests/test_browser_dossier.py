"""In Chromium (#15 item 4): once a group's list has been posted and its proposal sent (NĐ 86/2023), the group leader
on a phone downloads the group's whole dossier as one PDF from the cycle page — the cover list, then Mẫu 01, 02
and 03 in the law's order — and the ward's officer downloads the same file on a desktop."""

from __future__ import annotations

import subprocess
from datetime import date
from pathlib import Path

import pytest
from playwright.sync_api import expect

from vanhoa.documents.models import PdfJob
from vanhoa.testing.actors import TEST
from vanhoa.titles import services

pytestmark = [pytest.mark.browser, pytest.mark.slow]
SHOTS = Path("var/screenshots")


def _posted_and_proposed(world):
    from vanhoa.titles.rules_data import load_rules

    load_rules()  # the shipped rules (a data migration) are flushed by other browser tests
    g1 = world.groups[0]
    for name in ("Lò Văn Páo", "Tòng Thị Ánh", "Nguyễn Văn Đức", "Giàng A Sử", "Lường Thị Mai"):
        world.household(g1, name, since=date(2015, 1, 1))
    services.register_group_households(actor=TEST, group=g1, year=2024, on=date(2024, 3, 1))
    services.record_review_meeting(
        actor=TEST, title="gdvh", year=2024, unit=g1, held_on=date(2024, 10, 15), place="Nhà văn hóa tổ dân phố số 1",
        chair="Lò Văn Tổ", chair_position="Tổ trưởng tổ dân phố", secretary="Lò Thị Thư", invited=30, present=26,
        voting_method="show_of_hands",
    )  # fmt: skip
    notice = services.open_public_notice(
        actor=TEST, title="gdvh", year=2024, unit=g1, opened_on=date(2024, 10, 16), place="Nhà văn hóa"
    )
    services.close_public_notice(notice, actor=TEST, on=date(2024, 10, 26))
    services.submit_proposal(actor=TEST, title="gdvh", year=2024, unit=g1, on=date(2024, 10, 28), number="01")
    return g1


def _pdf_text(download, name: str) -> str:
    path = SHOTS / name
    download.save_as(str(path))
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, check=True).stdout.decode()


def test_the_group_leader_on_a_phone_and_the_officer_download_the_groups_dossier(live_world, login, live_server):
    SHOTS.mkdir(parents=True, exist_ok=True)
    g1 = _posted_and_proposed(live_world)
    page = login("leader_group1", phone=True)
    page.get_by_role("button", name="Mở menu").click()
    page.locator("#work-year").select_option("2024")
    page.get_by_role("button", name="Mở menu").click()
    page.get_by_role("link", name="Danh hiệu").click()
    page.get_by_role("link", name="Tổ dân phố số 1").click()
    forms = page.locator("#dossier-forms")
    expect(forms).to_contain_text("Mẫu số 01")
    expect(forms).to_contain_text("Mẫu số 02")
    expect(forms).to_contain_text("Mẫu số 03")
    forms.scroll_into_view_if_needed()
    page.screenshot(path=str(SHOTS / "titles-dossier-phone.png"), full_page=False)
    with page.expect_download(timeout=180_000) as info:
        page.locator("#dossier-pdf").click(timeout=180_000)  # converted in the request in tests
    assert info.value.suggested_filename == "title-dossier-2024.pdf"
    text = _pdf_text(info.value, "titles-dossier-group.pdf")
    pages = text.split("\f")
    assert "DANH MỤC HỒ SƠ" in pages[0] and "Mẫu số 02" in pages[0]
    order = [text.index(s) for s in ("VĂN BẢN ĐỀ NGHỊ", "BẢNG TỔNG HỢP", "BIÊN BẢN")]
    assert order == sorted(order)
    assert "Số: 01/ĐN-TDP" in text and "Lò Văn Páo" in text

    # The ward's officer, on a desktop, from the same page.
    page.context.clear_cookies()
    page.set_viewport_size({"width": 1280, "height": 900})
    login("culture_officer")
    page.goto(f"{live_server.url}/danh-hieu/gdvh/{g1.pk}/?nam=2024")
    with page.expect_download(timeout=180_000) as again:
        page.locator("#dossier-pdf").click(timeout=180_000)  # converted in the request in tests
    assert "DANH MỤC HỒ SƠ" in _pdf_text(again.value, "titles-dossier-group-officer.pdf")
    assert PdfJob.objects.count() == 1  # the same papers: the PDF was made once, for both
