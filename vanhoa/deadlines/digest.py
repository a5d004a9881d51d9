"""The daily digest: for each person, what falls due in the next 7 days and what is overdue, sent through every
channel that reaches them (vanhoa.deadlines.channels), unless they switched it off."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model

from vanhoa.core import clock
from vanhoa.core.text import format_date
from vanhoa.deadlines import channels, due
from vanhoa.deadlines.models import ReminderSettings

DAYS_AHEAD = 7


@dataclass
class Digest:
    subject: str
    body: str
    overdue: int
    soon: int


def _line(item: due.DueItem, today: date) -> str:
    url = f"{settings.VANHOA_SITE_URL}{item.url}"
    return f"- {item.label}\n  {item.place} · {item.due_text} · {item.status_text(today)}\n  {url}"


def digest_for(user: Any, today: date | None = None) -> Digest | None:
    """The message for one person on a day, or None when nothing is overdue or due within 7 days."""
    today = today or clock.today()
    parts = due.split(due.due_for(user, today), today, DAYS_AHEAD)
    overdue, soon = parts["overdue"], parts["soon"]
    if not overdue and not soon:
        return None
    counts = []
    if overdue:
        counts.append(f"{len(overdue)} việc quá hạn")
    if soon:
        counts.append(f"{len(soon)} việc đến hạn trong {DAYS_AHEAD} ngày tới")
    lines = [f"Việc cần làm ngày {format_date(today)}: {', '.join(counts)}.", ""]
    if overdue:
        lines += ["QUÁ HẠN", *(_line(i, today) for i in overdue), ""]
    if soon:
        lines += [f"ĐẾN HẠN TRONG {DAYS_AHEAD} NGÀY TỚI", *(_line(i, today) for i in soon), ""]
    lines.append("Không muốn nhận thư này: vào «Nhắc hạn» trong trình đơn tài khoản và tắt thư tóm tắt.")
    return Digest(f"[Văn hóa cơ sở] Việc cần làm: {', '.join(counts)}", "\n".join(lines), len(overdue), len(soon))


def recipients() -> list[Any]:
    """Active users who have not switched the digest off."""
    off = ReminderSettings.objects.filter(email_digest=False).values_list("user_id", flat=True)
    return list(get_user_model().objects.filter(is_active=True).exclude(pk__in=off).order_by("pk"))


def send_digests(today: date | None = None) -> dict[str, int]:
    """Send today's digest to everyone it concerns; returns {channel code: messages sent}."""
    today = today or clock.today()
    sent: dict[str, int] = {c.code: 0 for c in channels.all_channels()}
    for user in recipients():
        reach = [c for c in channels.all_channels() if c.reaches(user)]
        if not reach:
            continue
        message = digest_for(user, today)
        if message is None:
            continue
        for channel in reach:
            if channel.send(user, message.subject, message.body):
                sent[channel.code] += 1
    return sent
