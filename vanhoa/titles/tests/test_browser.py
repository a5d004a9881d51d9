"""In real Chromium: a group leader records the review meeting of 30 households on a phone; the ward head issues
the decision and prints the certificates; the certificate PDF carries correct Vietnamese."""

from __future__ import annotations

import random
import re
import subprocess
from datetime import date
from pathlib import Path

import pytest
from playwright.sync_api import expect

from vanhoa.core.text import name_key
from vanhoa.demo.names import household_head
from vanhoa.titles.choices import State
from vanhoa.titles.models import Candidacy

pytestmark = pytest.mark.browser
SHOTS = Path("var/screenshots")


def test_leader_records_a_30_household_meeting_on_a_phone_and_the_ward_head_decides(live_world, login, live_server):
    SHOTS.mkdir(parents=True, exist_ok=True)
    g1 = live_world.groups[0]
    rng = random.Random(5)
    names = []
    while len(names) < 30:
        name = household_head(rng)
        if name not in names:
            names.append(name)
    for i, name in enumerate(names):
        live_world.household(g1, name, since=date(2015, 1, 1), address=f"Số nhà {10 + i}, Tổ dân phố số 1")
    ordered = sorted(names, key=name_key)

    page = login("leader_group1", phone=True)
    page.on("dialog", lambda dialog: dialog.accept())
    actions = 0

    def act(step):  # one user interaction (a click, a fill, a choice)
        nonlocal actions
        actions += 1
        return step()

    act(lambda: page.get_by_role("button", name="Mở menu").click())
    act(lambda: page.locator("#work-year").select_option("2020"))
    act(lambda: page.get_by_role("button", name="Mở menu").click())
    act(lambda: page.get_by_role("link", name="Danh hiệu").click())
    act(lambda: page.get_by_role("link", name="Tổ dân phố số 1").click())
    act(lambda: page.get_by_role("link", name=re.compile("Đăng ký")).click())
    act(lambda: page.get_by_label("Ngày đăng ký").fill("10/02/2020"))
    act(lambda: page.get_by_role("button", name="Đăng ký 30 hộ đã chọn").click())
    expect(page.get_by_text("Đã đăng ký 30 hộ gia đình.")).to_be_visible()
    act(lambda: page.get_by_role("button", name="Họp bình xét (30 hồ sơ)").click())
    expect(page.get_by_role("heading", name="Họp bình xét Gia đình văn hóa 2020")).to_be_visible()
    act(lambda: page.get_by_label("Thư ký").fill("Lường Thị Thư"))
    act(lambda: page.get_by_label("Số người được mời").fill("40"))
    act(lambda: page.get_by_label("Số người dự họp").fill("25"))
    # Who attended (NĐ 122/2018 Điều 9 khoản 2): the leader was prefilled as chairing; the others are typed.
    people = page.locator("#attendees")
    expect(people.get_by_label("Họ và tên – Trưởng khu dân cư", exact=False)).to_have_value(
        live_world.users["leader_group1"].get_full_name() or "leader_group1"
    )
    act(lambda: people.get_by_label("Họ và tên – Đại diện cấp ủy (chi bộ)").fill("Lò Văn Bí"))
    act(lambda: people.get_by_label("Chức vụ, đơn vị – Đại diện cấp ủy (chi bộ)").fill("Bí thư chi bộ"))
    act(lambda: people.get_by_label("Họ và tên – Trưởng ban Công tác Mặt trận").fill("Tòng Thị Mặt"))
    act(lambda: people.get_by_label("Họ và tên – Đại diện các ngành, đoàn thể").first.fill("Lường Thị Nữ"))
    page.screenshot(path=str(SHOTS / "titles-meeting-phone-top.png"), full_page=False)
    act(lambda: page.get_by_role("button", name="Tất cả đạt mọi tiêu chí").click())
    expect(people.get_by_label("Họ và tên – Trưởng ban Công tác Mặt trận")).to_have_value("Tòng Thị Mặt")
    expect(page.locator("[data-testid=passing]")).to_have_text("30")
    expect(page.locator("[data-testid=attendance]")).to_contain_text("25/40 người (62,5%)")
    entries = page.locator("[data-testid=entry]")
    first, second, third = entries.nth(0), entries.nth(1), entries.nth(2)
    act(lambda: first.get_by_role("checkbox").uncheck())
    act(lambda: first.get_by_label(re.compile("^Lý do không đạt")).select_option("ex:6"))
    act(lambda: second.get_by_role("checkbox").uncheck())
    act(lambda: second.get_by_label(re.compile("^Lý do không đạt")).select_option("std:2"))
    act(lambda: third.locator("summary").click())
    act(lambda: third.get_by_label("Tán thành", exact=True).fill("14"))
    # Scores (NĐ 122/2018: 100-point sheet, pass mark 85): one household under the mark, one typed with a decimal
    fourth, fifth = entries.nth(3), entries.nth(4)
    act(lambda: fourth.get_by_label("Điểm", exact=True).fill("80"))
    act(lambda: fifth.get_by_label("Điểm", exact=True).fill("92,5"))
    page.screenshot(path=str(SHOTS / "titles-meeting-phone.png"), full_page=False)
    act(lambda: page.get_by_role("button", name="Chốt kết quả").click())
    expect(page.get_by_text("Đã chốt kết quả: 26/30 hồ sơ bình xét đạt.")).to_be_visible()
    meeting_actions = actions
    assert meeting_actions < 40, meeting_actions
    expect(page.locator("#results")).to_contain_text("Không đủ 60% số người dự họp tán thành (14/25, 56,0%)")
    expect(page.locator("#results")).to_contain_text("Đạt 80 điểm, dưới mức 85 điểm")
    expect(page.locator("#results tbody tr").nth(4)).to_contain_text("92,5")
    expect(page.get_by_test_id("people")).to_contain_text("Trưởng ban Công tác Mặt trận: Tòng Thị Mặt.")
    page.screenshot(path=str(SHOTS / "titles-meeting-result-phone.png"), full_page=False)
    states = dict(Candidacy.objects.filter(year=2020).values_list("subject_name", "state"))
    assert [states[n] for n in ordered[:4]] == [State.NOT_PROPOSED] * 4
    assert sum(s == State.REVIEWED for s in states.values()) == 26

    # The leader sends the dossier up (NĐ 122/2018: no public notice step).
    act(lambda: page.get_by_role("link", name="Tổ dân phố số 1").click())
    act(lambda: page.get_by_label("Ngày gửi").fill("06/11/2020"))
    act(lambda: page.get_by_role("button", name="Gửi hồ sơ đề nghị").click())
    expect(page.get_by_test_id("proposal-status")).to_have_text("Đã gửi, chờ quyết định")
    assert actions < 40, actions
    # The group's dossier PDF ("hồ sơ" on the group's page) is not downloaded here: its conversion, run in the
    # live server for 30 households, writes its progress from another thread and fails on SQLite (reported).
    page.goto(f"{live_server.url}/danh-hieu/gdvh/{g1.pk}/?nam=2020")
    # the dossier PDF itself is downloaded in test_browser_dossier.py (a 2020 group of ~150 households: 305 pages)
    expect(page.locator("#dossier-pdf")).to_be_visible()

    # The ward head (desktop) issues the decision and the certificates.
    page.context.clear_cookies()
    page.set_viewport_size({"width": 1280, "height": 900})
    login("ward_head")
    page.goto(live_server.url + "/danh-hieu/?nam=2020")
    page.get_by_role("link", name="Ra quyết định: Gia đình văn hóa").click()
    page.get_by_label("Số quyết định").fill("152")
    page.get_by_label("Ngày ký").fill("13/11/2020")
    page.get_by_label("Người ký (họ và tên)").fill("Nguyễn Văn An")
    page.get_by_role("button", name="Ghi quyết định").click()
    expect(page.get_by_text("Đã ghi quyết định số 152/QĐ-UBND: công nhận 26 hồ sơ.")).to_be_visible()
    page.get_by_label("Ngày cấp giấy công nhận").fill("18/11/2020")
    page.get_by_role("button", name="Cấp giấy công nhận").click()
    expect(page.get_by_text("Đã cấp 26 giấy công nhận.")).to_be_visible()
    page.screenshot(path=str(SHOTS / "titles-decision.png"), full_page=False)
    with page.expect_download(timeout=120_000) as info:
        page.locator("#certificates-pdf").click()
    pdf = SHOTS / "titles-certificates.pdf"
    info.value.save_as(str(pdf))
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, check=True).stdout.decode()
    assert text.count("GIA ĐÌNH VĂN HÓA") == 26
    winner = ordered[4]
    assert f"Hộ ông (bà): {winner}" in text
    assert "CHỦ TỊCH ỦY BAN NHÂN DÂN PHƯỜNG QUYẾT TIẾN" in text
    assert "Tổ dân phố số 1, phường Quyết Tiến, thành phố Lai Châu, tỉnh Lai Châu" in text
    assert "Quyết Tiến, ngày 18 tháng 11 năm 2020" in text
    subprocess.run(
        ["pdftoppm", "-png", "-r", "60", "-f", "1", "-l", "1", str(pdf), str(SHOTS / "titles-certificate")], check=True
    )
