"""The one clock: today's date and the current time in the ward's time zone.

Every module that needs "today" calls `clock.today()` through this module (never `date.today()` nor a copy of
its own), so a test freezes the whole application once with
`monkeypatch.setattr("vanhoa.core.clock.today", lambda: date(2026, 11, 20))`.
"""

from __future__ import annotations

from datetime import date, datetime

from django.utils import timezone


def today() -> date:
    return timezone.localdate()


def now() -> datetime:
    return timezone.now()
