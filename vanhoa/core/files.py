"""Files users attach to records (photos of a festival, minutes, vouchers, a plan activity's evidence): the one
room for what they are and how they are kept.

- `check_upload`: what types, how big, and a check that the content matches the name;
- `StoredFile`: the fields every stored upload has (its original name, size, type, who sent it);
- `generated_path`: the name on disk, never the user's (nothing Vietnamese or unsafe on disk);
- `store_uploads`: saving checked uploads as rows, removing the saved files when anything fails;
- `serve_stored`: the response that sends one back (through a scoped view only, never MEDIA_URL).
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterable
from pathlib import PurePath
from typing import Any

from django.db import models
from django.http import FileResponse, Http404, HttpRequest

from vanhoa.core.models import NormalisedModel
from vanhoa.core.text import format_number

MAX_SIZE = 10 * 1024 * 1024  # 10 MB per file
MAX_FILES = 5  # per update

# extension -> (content type, magic-number check)
_ZIP = (b"PK\x03\x04",)
_OLE = (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",)
ALLOWED: dict[str, tuple[str, tuple[bytes, ...]]] = {
    ".jpg": ("image/jpeg", (b"\xff\xd8\xff",)),
    ".jpeg": ("image/jpeg", (b"\xff\xd8\xff",)),
    ".png": ("image/png", (b"\x89PNG\r\n\x1a\n",)),
    ".webp": ("image/webp", (b"RIFF",)),
    ".pdf": ("application/pdf", (b"%PDF-",)),
    ".docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", _ZIP),
    ".xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", _ZIP),
    ".odt": ("application/vnd.oasis.opendocument.text", _ZIP),
    ".doc": ("application/msword", _OLE),
    ".xls": ("application/vnd.ms-excel", _OLE),
}
ACCEPT = ",".join(sorted(ALLOWED))
ALLOWED_TEXT = "ảnh JPG, PNG, WEBP; tài liệu PDF, Word (DOC, DOCX, ODT) hoặc Excel (XLS, XLSX)"


class UploadError(ValueError):
    """The file is refused; the message names the file and says why, in Vietnamese."""


def size_text(n: int) -> str:
    return f"{format_number(n / (1024 * 1024), 1)} MB"


def check_upload(f: Any) -> tuple[str, str]:
    """Validate an uploaded file; return (clean original name, content type). Raises UploadError."""
    name = PurePath(str(getattr(f, "name", "") or "tệp")).name
    ext = PurePath(name).suffix.lower()
    if ext not in ALLOWED:
        raise UploadError(f"Tệp «{name}»: loại tệp không được nhận. Chỉ nhận {ALLOWED_TEXT}.")
    size = getattr(f, "size", None) or 0
    if size <= 0:
        raise UploadError(f"Tệp «{name}» trống (0 byte).")
    if size > MAX_SIZE:
        raise UploadError(
            f"Tệp «{name}» nặng {size_text(size)}, vượt quá giới hạn {size_text(MAX_SIZE)} cho mỗi tệp."
        )
    content_type, magics = ALLOWED[ext]
    f.seek(0)
    head = f.read(16)
    f.seek(0)
    if not any(head.startswith(m) for m in magics) or (ext == ".webp" and head[8:12] != b"WEBP"):
        raise UploadError(
            f"Tệp «{name}»: nội dung không đúng định dạng {ext.lstrip('.').upper()} (tệp hỏng hoặc bị đổi tên)."
        )
    return name, content_type


def generated_path(folder: str, filename: str) -> str:
    """`folder/<random>.<ext>`: the original name is kept in the row, not on disk."""
    ext = PurePath(filename).suffix.lower()[:10]
    return f"{folder}/{uuid.uuid4().hex}{ext}"


class StoredFile(NormalisedModel):
    """An uploaded file kept with a record (a plan activity, a festival, a finding, an expense); served only
    through a scoped view. Each concrete model adds its `file` field and what it belongs to."""

    original_name = models.CharField("tên tệp", max_length=255)
    size = models.PositiveIntegerField("dung lượng (byte)", default=0)
    content_type = models.CharField("kiểu nội dung", max_length=100, blank=True)
    uploaded_by_name = models.CharField("người tải lên", max_length=150, blank=True)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return self.original_name

    @property
    def is_image(self) -> bool:
        return self.content_type.startswith("image/")

    @property
    def size_text(self) -> str:
        if self.size >= 1024 * 1024:
            return f"{format_number(self.size / (1024 * 1024), 1)} MB"
        return f"{format_number(max(1, round(self.size / 1024)))} KB"


def store_uploads(
    checked: Iterable[tuple[Any, str, str]],
    make_row: Callable[[Any, str, str], StoredFile],
    after_save: Callable[[StoredFile, Any, str], None],
) -> list[StoredFile]:
    """Save each checked upload `(file, original name, content type)` as the row `make_row` builds, then call
    `after_save(row, file, original)` (its audit entry). When anything fails, the files already written are
    removed; the rows go with the caller's transaction. Services call it last, after every check."""
    saved: list[tuple[Any, str]] = []
    rows: list[StoredFile] = []
    try:
        for f, original, content_type in checked:
            row = make_row(f, original, content_type)
            row.original_name, row.size, row.content_type = original, f.size, content_type
            field = getattr(row, "file")  # noqa: B009 - every concrete StoredFile declares its own file field
            field.save(original, f, save=False)
            saved.append((field.storage, field.name))
            row.save()
            after_save(row, f, original)
            rows.append(row)
    except Exception:
        for storage, name in saved:
            storage.delete(name)
        raise
    return rows


def serve_stored(stored: Any, request: HttpRequest) -> FileResponse:
    """The stored file: shown in the browser when it is a picture or a PDF (unless `?tai-ve=1`), else saved."""
    try:
        handle = stored.file.open("rb")
    except FileNotFoundError as exc:
        raise Http404("Không tìm thấy tệp trên máy chủ.") from exc
    inline = stored.is_image or stored.content_type == "application/pdf"
    return FileResponse(
        handle,
        as_attachment=not inline or request.GET.get("tai-ve") == "1",
        filename=stored.original_name,
        content_type=stored.content_type or "application/octet-stream",
    )
