"""A person's due list as an iCalendar feed (RFC 5545) for a phone calendar: one all-day event per item on its
due date, with the page where it is done."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime, timedelta

from django.conf import settings

from vanhoa.deadlines.due import DueItem


def _escape(text: str) -> str:
    return (
        text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\r\n", "\\n").replace("\n", "\\n")
    )


def _fold(line: str) -> str:
    """Lines of at most 75 octets, continued with a space (never splitting a UTF-8 character)."""
    out, current = [], b""
    for ch in line:
        b = ch.encode("utf-8")
        if len(current) + len(b) > (75 if not out else 74):
            out.append(current.decode("utf-8"))
            current = b""
        current += b
    out.append(current.decode("utf-8"))
    return "\r\n ".join(out)


def calendar(items: Iterable[DueItem], today: date, stamp: datetime) -> bytes:
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//vanhoa//Viec can lam//VI",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"X-WR-CALNAME:{_escape('Việc cần làm – Văn hóa cơ sở')}",
    ]
    for item in items:
        url = f"{settings.VANHOA_SITE_URL}{item.url}"
        summary = f"{item.label} – {item.place}"
        if item.is_overdue(today):
            summary = f"[{item.status_text(today)}] {summary}"
        description = f"{item.place} · {item.due_text}" + (f"\n{item.source}" if item.source else "") + f"\n{url}"
        lines += [
            "BEGIN:VEVENT",
            f"UID:{item.key}@vanhoa",
            f"DTSTAMP:{stamp:%Y%m%dT%H%M%SZ}",
            f"DTSTART;VALUE=DATE:{item.due:%Y%m%d}",
            f"DTEND;VALUE=DATE:{item.due + timedelta(days=1):%Y%m%d}",
            f"SUMMARY:{_escape(summary)}",
            f"DESCRIPTION:{_escape(description)}",
        ]
        if url.startswith("http"):
            lines.append(f"URL:{url}")
        lines.append("END:VEVENT")
    lines.append("END:VCALENDAR")
    return ("\r\n".join(_fold(line) for line in lines) + "\r\n").encode("utf-8")
