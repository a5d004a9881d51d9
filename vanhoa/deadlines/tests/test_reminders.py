"""Reminders that leave the app: the daily digest (locmem mail), other channels as adapters, the personal
calendar feed (parsed back with the icalendar package) behind a secret link the user can reset."""

from __future__ import annotations

from datetime import date

import icalendar
import pytest
from django.core import mail
from django.core.management import call_command

from vanhoa.core.models import AuditEntry
from vanhoa.deadlines import channels, digest, tasks
from vanhoa.deadlines.models import ReminderSettings

pytestmark = pytest.mark.django_db


@pytest.fixture
def emails(world):
    for persona in ("ward_head", "leader_group1", "leader_group2", "culture_officer"):
        user = world.users[persona]
        user.email = f"{persona}@example.vn"
        user.save()
    return world


def test_the_digest_lists_overdue_and_coming_duties_for_who_owns_them(emails, reviewed, settings):
    settings.VANHOA_SITE_URL = "https://vanhoa.example.vn"
    world = emails
    reviewed(2024)  # group 1 held its meeting; groups 2 and 3 did not
    sent = digest.send_digests(date(2024, 12, 6))
    by_to = {m.to[0]: m for m in mail.outbox}
    # the ward head and group 2's leader have overdue duties; group 1's leader and the culture officer nothing
    assert set(by_to) == {"ward_head@example.vn", "leader_group2@example.vn"}
    assert sent["email"] == 2
    body = by_to["leader_group2@example.vn"].body
    assert by_to["leader_group2@example.vn"].subject == "[Văn hóa cơ sở] Việc cần làm: 1 việc quá hạn"
    assert body.startswith("Việc cần làm ngày 06/12/2024: 1 việc quá hạn.\n\nQUÁ HẠN\n")
    assert "- Đăng ký và họp bình xét Gia đình văn hóa năm 2024\n" in body
    assert "  Tổ dân phố số 2 · trước ngày 25/11/2024 · quá hạn 12 ngày\n" in body
    assert f"  https://vanhoa.example.vn/danh-hieu/gdvh/{world.groups[1].pk}/?nam=2024\n" in body
    assert "Tổ dân phố số 3" not in body
    assert "Tổ dân phố số 3 · trước ngày 25/11/2024 · quá hạn 12 ngày" in by_to["ward_head@example.vn"].body


def test_the_digest_names_what_falls_due_within_seven_days_and_nothing_later(emails, reviewed):
    reviewed(2024)
    message = digest.digest_for(emails.users["leader_group2"], date(2024, 11, 20))
    assert message.subject == "[Văn hóa cơ sở] Việc cần làm: 1 việc đến hạn trong 7 ngày tới"
    assert "ĐẾN HẠN TRONG 7 NGÀY TỚI\n" in message.body and "còn 4 ngày" in message.body
    assert "QUÁ HẠN" not in message.body
    assert digest.digest_for(emails.users["leader_group2"], date(2024, 11, 10)) is None  # 14 days ahead


def test_who_switched_it_off_or_has_no_address_gets_nothing(emails, reviewed, client_for):
    reviewed(2024)
    leader = emails.users["leader_group2"]
    client = client_for(leader)
    client.post("/nhac-han/thu-tom-tat/", {"email_digest": "0"})
    assert ReminderSettings.objects.get(user=leader).email_digest is False
    assert AuditEntry.objects.filter(action="deadlines.reminders.digest_set").count() == 1
    head = emails.users["ward_head"]
    head.email = ""
    head.save()
    digest.send_digests(date(2024, 12, 6))
    assert mail.outbox == []
    client.post("/nhac-han/thu-tom-tat/", {"email_digest": "1"})
    call_command("send_due_digest", "--ngay", "06/12/2024")
    assert [m.to for m in mail.outbox] == [["leader_group2@example.vn"]]


def test_the_task_sends_the_same_digest(emails, reviewed, monkeypatch):
    monkeypatch.setattr("vanhoa.core.clock.today", lambda: date(2024, 12, 6))
    reviewed(2024)
    assert tasks.send_due_digest.call() == {"email": 2}
    assert len(mail.outbox) == 2


def test_another_channel_is_an_adapter(emails, reviewed):
    class FakeSms:
        code = "sms"
        sent: list[tuple[str, str]] = []

        def reaches(self, user):
            return user.username == "leader_group2"

        def send(self, user, subject, body):
            self.sent.append((user.username, subject))
            return True

    reviewed(2024)
    sms = FakeSms()
    channels.register(sms)
    try:
        result = digest.send_digests(date(2024, 12, 6))
    finally:
        channels.unregister("sms")
    assert result == {"email": 2, "sms": 1}
    assert sms.sent == [("leader_group2", "[Văn hóa cơ sở] Việc cần làm: 1 việc quá hạn")]


def test_the_calendar_feed_parses_back_and_its_link_can_be_reset(emails, reviewed, client_for, monkeypatch):
    monkeypatch.setattr("vanhoa.core.clock.today", lambda: date(2024, 12, 6))
    reviewed(2024)
    head = emails.users["ward_head"]
    client = client_for(head)
    assert "Tạo liên kết lịch" in client.get("/nhac-han/").content.decode()
    client.post("/nhac-han/lien-ket-lich/")
    token = ReminderSettings.objects.get(user=head).feed_token
    assert len(token) >= 40
    assert f"/nhac-han/lich/{token}.ics" in client.get("/nhac-han/").content.decode()
    # an anonymous phone calendar fetches it
    from django.test import Client

    response = Client().get(f"/nhac-han/lich/{token}.ics")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    cal = icalendar.Calendar.from_ical(response.content)
    events = {str(e["UID"]): e for e in cal.walk("VEVENT")}
    g2 = emails.groups[1].pk
    event = events[f"review-gdvh-{g2}-2024@vanhoa"]
    assert event.decoded("DTSTART") == date(2024, 11, 24)
    assert event.decoded("DTEND") == date(2024, 11, 25)
    assert str(event["SUMMARY"]) == (
        "[quá hạn 12 ngày] Đăng ký và họp bình xét Gia đình văn hóa năm 2024 – Tổ dân phố số 2"
    )
    assert f"/danh-hieu/gdvh/{g2}/?nam=2024" in str(event["DESCRIPTION"])
    assert len(events) == 3  # groups 2 and 3, and the ward's Tổ dân phố văn hóa
    # reset: the old link stops working at once
    client.post("/nhac-han/lien-ket-lich/")
    assert Client().get(f"/nhac-han/lich/{token}.ics").status_code == 404
    new = ReminderSettings.objects.get(user=head).feed_token
    assert new != token and Client().get(f"/nhac-han/lich/{new}.ics").status_code == 200
    assert AuditEntry.objects.filter(action="deadlines.reminders.feed_reset").count() == 2
    assert Client().get("/nhac-han/lich/khong-dung-ma-nay-dau-12345.ics").status_code == 404
