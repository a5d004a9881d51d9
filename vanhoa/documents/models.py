"""A PDF asked for on a page: made once per content by the background worker, kept for the next asker."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from vanhoa.core.models import NormalisedModel


class PdfStatus(models.TextChoices):
    QUEUED = "queued", "Đang chờ"
    RUNNING = "running", "Đang chuyển sang PDF"
    DONE = "done", "Đã xong"
    FAILED = "failed", "Không chuyển được"


class PdfJob(NormalisedModel):
    """One document's PDF, identified by a hash of its content (`key`): two people asking for the same
    decision get the same file, and a changed document is a new job. `recipe` is what the worker converts
    (vanhoa.documents.recipes); the PDF is kept in private storage (`documents/pdf/<key>.pdf`)."""

    key = models.CharField("mã nội dung", max_length=64, unique=True)
    title = models.CharField("văn bản", max_length=200)
    filename = models.CharField("tên tệp", max_length=200)
    recipe = models.BinaryField("dữ liệu để chuyển", default=b"", editable=False)
    status = models.CharField("trạng thái", max_length=16, choices=PdfStatus.choices, default=PdfStatus.QUEUED)
    progress_done = models.PositiveIntegerField("đã xong", default=0)
    progress_total = models.PositiveIntegerField("tổng số", default=0)
    error = models.TextField("thông báo lỗi", blank=True)
    size = models.PositiveIntegerField("dung lượng (byte)", default=0)
    seconds = models.FloatField("thời gian chuyển (giây)", default=0)
    requested_by = models.ManyToManyField(settings.AUTH_USER_MODEL, verbose_name="người yêu cầu", related_name="+")

    class Meta:
        verbose_name = "tệp PDF"
        verbose_name_plural = "tệp PDF"

    def __str__(self) -> str:
        return self.filename

    @property
    def is_running(self) -> bool:
        return self.status in (PdfStatus.QUEUED, PdfStatus.RUNNING)

    @property
    def percent(self) -> int:
        return int(100 * self.progress_done / self.progress_total) if self.progress_total else 0

    @property
    def path(self) -> str:
        return f"documents/pdf/{self.key}.pdf"
