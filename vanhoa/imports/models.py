"""An import of a spreadsheet into the ward's records: the file as uploaded, what it would change, what it did."""

from __future__ import annotations

import contextlib
import json
import os
import uuid
import zlib
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.db import models
from django.utils import timezone

from vanhoa.accounts.scoping import ScopedQuerySet
from vanhoa.core.models import NormalisedModel
from vanhoa.imports.choices import RUNNING, ImportStatus

STALL_MINUTES = 15


def private_root() -> Path:
    """Where uploaded originals live: next to MEDIA_ROOT, never served by the /media/ URL."""
    configured = getattr(settings, "PRIVATE_MEDIA_ROOT", None)
    if configured:
        return Path(configured)
    media = Path(settings.MEDIA_ROOT)
    return media.with_name(media.name + "-private")


class PrivateStorage(FileSystemStorage):
    """File storage under private_root(), read at each use (so settings may change it, e.g. in tests)."""

    @property
    def base_location(self) -> str:  # type: ignore[override]
        return str(private_root())

    @property
    def location(self) -> str:  # type: ignore[override]
        return os.path.abspath(self.base_location)


def private_storage() -> FileSystemStorage:
    return PrivateStorage()


def upload_to(job: ImportJob, filename: str) -> str:
    suffix = Path(filename).suffix.lower()[:8]
    return f"imports/{job.ward_id}/{uuid.uuid4().hex}{suffix}"


class ImportJobQuerySet(ScopedQuerySet):
    scope_field = "ward"


class ImportJob(NormalisedModel):
    """One upload of a spreadsheet (say, a ward's household list) to be previewed, then written all at once.

    The original file stays with the record, so what was imported can always be checked against the source.
    `preview` holds what the user sees (counts, rejected and skipped rows, changes); `plan` holds what the
    commit will write, computed with the preview and checked again for changes made in between.
    """

    ward = models.ForeignKey("units.Unit", verbose_name="xã, phường", on_delete=models.PROTECT, related_name="+")
    kind = models.CharField("loại dữ liệu", max_length=32)
    file = models.FileField("tệp gốc", upload_to=upload_to, storage=private_storage, max_length=255)
    filename = models.CharField("tên tệp", max_length=255)
    file_size = models.PositiveIntegerField("dung lượng (byte)", default=0)
    sheets = models.JSONField("các trang tính", default=list, blank=True)
    sheet = models.CharField("trang tính", max_length=120, blank=True)
    options = models.JSONField("tuỳ chọn", default=dict, blank=True)  # the importer's choices (e.g. the year)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="người tải lên",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_by_name = models.CharField("người tải lên", max_length=150, blank=True)
    status = models.CharField(
        "trạng thái", max_length=16, choices=ImportStatus.choices, default=ImportStatus.UPLOADED, db_index=True
    )
    created = models.PositiveIntegerField("số thêm mới", default=0)
    updated = models.PositiveIntegerField("số cập nhật", default=0)
    unchanged = models.PositiveIntegerField("số không đổi", default=0)
    rejected = models.PositiveIntegerField("số dòng lỗi", default=0)
    skipped = models.PositiveIntegerField("số dòng bỏ qua", default=0)
    preview = models.JSONField("bản xem trước", default=dict, blank=True)
    # zlib-compressed JSON rather than a JSONField: never queried, and writing a megabyte of JSON (10,000 rows)
    # costs PostgreSQL as much as planning them; compressed it is a fifth of that
    plan_data = models.BinaryField("kế hoạch ghi", default=b"", editable=False)
    progress_label = models.CharField("đang làm", max_length=80, blank=True)
    progress_done = models.PositiveIntegerField("đã xong", default=0)
    progress_total = models.PositiveIntegerField("tổng số", default=0)
    error = models.TextField("thông báo lỗi", blank=True)
    previewed_at = models.DateTimeField("xem trước lúc", null=True, blank=True)
    committed_at = models.DateTimeField("ghi lúc", null=True, blank=True)
    committed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="người ghi",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    objects = ImportJobQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = "lần nhập tệp"
        verbose_name_plural = "lần nhập tệp"
        indexes = [models.Index(fields=["ward", "-created_at"])]

    def __str__(self) -> str:
        return f"Nhập «{self.filename}» ({self.created_at:%d/%m/%Y %H:%M})" if self.created_at else self.filename

    @property
    def is_running(self) -> bool:
        return self.status in RUNNING

    @property
    def stalled(self) -> bool:
        """Running, but nothing has moved for STALL_MINUTES: no worker runs, or it stopped mid-way (a crash
        rolls the commit back, so nothing was written)."""
        if not self.is_running:
            return False
        last = self.updated_at
        with contextlib.suppress(OSError):
            last = max(last, datetime.fromtimestamp(self.progress_path().stat().st_mtime, tz=UTC))
        return timezone.now() - last > timedelta(minutes=STALL_MINUTES)

    @property
    def needs_sheet(self) -> bool:
        return self.status == ImportStatus.UPLOADED and len(self.sheets) > 1 and not self.sheet

    @property
    def can_commit(self) -> bool:
        return self.status == ImportStatus.PREVIEWED and self.rejected == 0

    @property
    def plan(self) -> dict[str, Any]:
        return json.loads(zlib.decompress(self.plan_data)) if self.plan_data else {}

    @plan.setter
    def plan(self, value: dict[str, Any]) -> None:
        self.plan_data = zlib.compress(json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode(), 1)

    def read_file(self) -> bytes:
        with self.file.open("rb") as f:
            return f.read()

    # Progress of the write transaction cannot be seen in the job row until it commits, so the worker
    # also writes it to a small file beside the upload (see services.Progress).
    def progress_path(self) -> Path:
        return private_root() / "imports" / "progress" / f"{self.pk}.json"

    def progress(self) -> dict[str, Any]:
        out = {"label": self.progress_label, "done": self.progress_done, "total": self.progress_total}
        if self.is_running:
            with contextlib.suppress(OSError, ValueError):
                out.update(json.loads(self.progress_path().read_text(encoding="utf-8")))
        out["percent"] = int(100 * out["done"] / out["total"]) if out["total"] else 0
        return out
