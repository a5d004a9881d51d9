"""Warnings where the work is done: the titles overview and the cycle page say plainly when a legal deadline
has passed or is near (NĐ 86/2023: the review before 25/11, the end of a notice)."""

from __future__ import annotations

from datetime import date

import pytest

from vanhoa.testing.actors import TEST
from vanhoa.titles import services

pytestmark = pytest.mark.django_db


def warnings_of(html: str) -> list[str]:
    import re

    return [
        re.sub(r"<[^>]+>", "", m).strip()
        for m in re.findall(r'data-testid="deadline-warning">(.*?)</div>', html, flags=re.S)
    ]


def test_the_titles_overview_says_the_cutoff_has_passed(world, reviewed, client_for, monkeypatch):
    # given 06/12/2024: group 1 held its meeting, groups 2 and 3 did not
    monkeypatch.setattr("vanhoa.core.clock.today", lambda: date(2024, 12, 6))
    reviewed(2024)
    client = client_for(world.users["ward_head"])
    html = client.get("/danh-hieu/?nam=2024").content.decode()
    # then one sentence names the duty, the date, how late, and the groups
    assert (
        "Đã quá hạn: Đăng ký và họp bình xét Gia đình văn hóa năm 2024 – trước ngày 25/11/2024, quá hạn 12 ngày: "
        "Tổ dân phố số 2, Tổ dân phố số 3." in warnings_of(html)
    )
    assert html.count('<span class="badge text-bg-danger">quá hạn 12 ngày</span>') == 2
    # and before the cut-off, with 5 days left, it is a warning that the date is near
    monkeypatch.setattr("vanhoa.core.clock.today", lambda: date(2024, 11, 19))
    html = client.get("/danh-hieu/?nam=2024").content.decode()
    assert (
        "Sắp đến hạn: Đăng ký và họp bình xét Gia đình văn hóa năm 2024 – trước ngày 25/11/2024, còn 5 ngày: "
        "Tổ dân phố số 2, Tổ dân phố số 3." in warnings_of(html)
    )
    # far from it, nothing is said
    monkeypatch.setattr("vanhoa.core.clock.today", lambda: date(2024, 9, 1))
    assert warnings_of(client.get("/danh-hieu/?nam=2024").content.decode()) == []


def test_the_cycle_page_says_when_the_notice_should_have_been_closed(world, reviewed, client_for, monkeypatch):
    # given a notice of group 1 opened 16/10/2024 for 10 days (to be closed on 26/10)
    reviewed(2024)
    services.open_public_notice(
        actor=TEST, title="gdvh", year=2024, unit=world.groups[0], opened_on=date(2024, 10, 16), place="Nhà văn hóa"
    )
    client = client_for(world.users["leader_group1"])
    url = f"/danh-hieu/gdvh/{world.groups[0].pk}/?nam=2024"
    monkeypatch.setattr("vanhoa.core.clock.today", lambda: date(2024, 10, 24))
    assert warnings_of(client.get(url).content.decode()) == [
        "Sắp đến hạn: Kết thúc niêm yết – hạn 26/10/2024, còn 2 ngày."
    ]
    monkeypatch.setattr("vanhoa.core.clock.today", lambda: date(2024, 10, 30))
    assert warnings_of(client.get(url).content.decode()) == [
        "Đã quá hạn: Kết thúc niêm yết – hạn 26/10/2024, quá hạn 4 ngày."
    ]


def test_the_cycle_page_of_a_group_without_a_meeting_after_the_cutoff(world, client_for, monkeypatch):
    monkeypatch.setattr("vanhoa.core.clock.today", lambda: date(2026, 12, 6))
    html = client_for(world.users["leader_group2"]).get(f"/danh-hieu/gdvh/{world.groups[1].pk}/?nam=2026").content
    [warning] = warnings_of(html.decode())
    assert warning.startswith("Đã quá hạn: Hoàn thành bình xét – trước ngày 25/11/2026, quá hạn 12 ngày (NĐ 86/2023")
