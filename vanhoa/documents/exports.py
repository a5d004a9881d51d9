"""The catalogue of documents the system prints. Each domain app registers its kinds in AppConfig.ready():

    exports.register("plan", "Kế hoạch năm", build_plan_document)

A builder takes the ward, the year and keyword options (e.g. group=…, id=…) and returns an Nd30Document.
`manage.py export_document KIND --ward … --year … --format docx|pdf -o FILE` and the web pages use it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Protocol


class Printable(Protocol):
    """What a builder returns: an Nd30Document, or a document of many similar pages (the certificates)."""

    def to_bytes(self) -> bytes: ...


@dataclass(frozen=True)
class DocumentKind:
    key: str
    label: str
    build: Callable[..., Printable]


_KINDS: dict[str, DocumentKind] = {}


class DocumentNotAvailable(Exception):
    """The document cannot be produced (no data for that ward and year); the message says why, in Vietnamese."""


def register(key: str, label: str, build: Callable[..., Printable]) -> None:
    _KINDS[key] = DocumentKind(key, label, build)


def kinds() -> dict[str, DocumentKind]:
    return dict(_KINDS)


def render(key: str, fmt: str, **options: Any) -> bytes:
    """The document as DOCX or PDF bytes."""
    if key not in _KINDS:
        raise DocumentNotAvailable(f"Không có loại văn bản «{key}». Có: {', '.join(sorted(_KINDS))}.")
    if fmt not in ("docx", "pdf"):
        raise DocumentNotAvailable(f"Định dạng «{fmt}» không hỗ trợ (docx hoặc pdf).")
    document = _KINDS[key].build(**options)
    if fmt == "pdf":
        from vanhoa.documents.convert import document_pdf

        return document_pdf(document)
    return document.to_bytes()
