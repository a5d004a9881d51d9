"""Today's date for the title rules, in one place so tests can freeze it (monkeypatch `clock.today`)."""

from datetime import date

from django.utils import timezone


def today() -> date:
    return timezone.localdate()
