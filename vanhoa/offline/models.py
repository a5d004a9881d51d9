"""What the server remembers of the phones' syncs (issue 20)."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from vanhoa.accounts.scoping import ScopedQuerySet


class ReceiptQuerySet(ScopedQuerySet["SyncReceipt"]):
    scope_field = "group"


class SyncReceipt(models.Model):
    """One queued entry of a phone that the server applied, by the entry's idempotency key: the same entry sent
    again (the phone never got the answer, the signal dropped) gets the same answer and is not applied twice:
    a new household queued once is created once."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="người gửi", on_delete=models.CASCADE,
                             related_name="+")
    group = models.ForeignKey("units.Unit", verbose_name="tổ dân phố", on_delete=models.PROTECT, related_name="+")
    key = models.CharField("mã thay đổi trên máy", max_length=64)
    kind = models.CharField("loại thay đổi", max_length=40)
    result = models.JSONField("kết quả", default=dict)
    created_at = models.DateTimeField("nhận lúc", auto_now_add=True)

    objects = ReceiptQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "pk"]
        verbose_name = "thay đổi đã nhận từ điện thoại"
        verbose_name_plural = "thay đổi đã nhận từ điện thoại"
        constraints = [models.UniqueConstraint(fields=["user", "key"], name="offline_receipt_once_per_key")]

    def __str__(self) -> str:
        return f"{self.kind} {self.key}"
