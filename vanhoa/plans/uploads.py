"""Limits for files attached to activities: what types, how big, and a check that the content matches the name."""

from __future__ import annotations

from pathlib import PurePath
from typing import Any

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
