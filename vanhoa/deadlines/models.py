"""A person's reminder settings: whether the daily digest of what is due reaches them by e-mail, and the secret
of their personal calendar feed (iCalendar) for a phone calendar."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class ReminderSettings(models.Model):
    """One user's reminders. No row: the digest is on and there is no calendar link yet."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, verbose_name="tài khoản", on_delete=models.CASCADE, related_name="reminders"
    )
    email_digest = models.BooleanField("nhận thư tóm tắt việc đến hạn hằng ngày", default=True)
    feed_token = models.CharField("mã liên kết lịch", max_length=64, blank=True, db_index=True)
    feed_reset_at = models.DateTimeField("đổi liên kết lịch lúc", null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "cài đặt nhắc hạn"
        verbose_name_plural = "cài đặt nhắc hạn"

    def __str__(self) -> str:
        return f"Nhắc hạn – {self.user}"
