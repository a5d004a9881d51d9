"""Changes to a person's reminders (each audited): the e-mail digest on or off, a new calendar link."""

from __future__ import annotations

import secrets
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction

from vanhoa.core import audit, clock
from vanhoa.deadlines.models import ReminderSettings


def settings_of(user: Any) -> ReminderSettings:
    """The user's settings as stored, or the defaults (not saved)."""
    found = ReminderSettings.objects.filter(user=user).first()
    return found if found is not None else ReminderSettings(user=user)


def _own(actor: Any, user: Any) -> None:
    if actor is None or getattr(actor, "pk", None) != user.pk:
        raise PermissionDenied("Chỉ chính người dùng đổi được cài đặt nhắc hạn của mình.")


@transaction.atomic
def set_email_digest(user: Any, *, actor: Any, enabled: bool) -> ReminderSettings:
    """Switch the daily e-mail digest on or off for oneself."""
    _own(actor, user)
    row, _ = ReminderSettings.objects.select_for_update().get_or_create(user=user)
    before = {"email_digest": row.email_digest}
    row.email_digest = bool(enabled)
    row.save()
    audit.record(actor, "deadlines.reminders.digest_set", row, before=before, after={"email_digest": row.email_digest})
    return row


@transaction.atomic
def reset_feed_token(user: Any, *, actor: Any) -> ReminderSettings:
    """Make (or replace) the secret of one's calendar link: the old link stops working at once."""
    _own(actor, user)
    row, _ = ReminderSettings.objects.select_for_update().get_or_create(user=user)
    had = bool(row.feed_token)
    row.feed_token = secrets.token_urlsafe(32)
    row.feed_reset_at = clock.now()
    row.save()
    audit.record(actor, "deadlines.reminders.feed_reset", row, extra={"replaced": had})
    return row
