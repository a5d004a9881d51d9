"""A printable document as PDF: LibreOffice for the text, long annexes drawn directly (``annex_pdf``)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Protocol

from vanhoa.documents.nd30 import Nd30Document
from vanhoa.documents.pdf import CONVERT_TIMEOUT, docx_to_pdf

__all__ = ["Printable", "document_pdf"]

Progress = Callable[[int, int], None]


class Printable(Protocol):
    def to_bytes(self) -> bytes: ...


def document_pdf(doc: Printable, *, progress: Progress | None = None, timeout: float = CONVERT_TIMEOUT) -> bytes:
    """The PDF of `doc`. A document that draws itself (``to_pdf``, e.g. the certificates) does so; an
    ``Nd30Document`` ending in long annexes is converted up to them and the annexes are drawn after."""
    to_pdf: Any = getattr(doc, "to_pdf", None)
    if to_pdf is not None:
        return to_pdf(progress=progress)
    parts = doc.pdf_parts() if isinstance(doc, Nd30Document) else None
    if parts is None:
        return docx_to_pdf(doc.to_bytes(), timeout=timeout)
    from vanhoa.documents import annex_pdf

    body_docx, annexes = parts
    body = docx_to_pdf(body_docx, timeout=timeout)
    title = doc.document.core_properties.title or ""
    drawn = annex_pdf.draw_annexes(
        annexes, first_page=annex_pdf.page_count(body) + 1, title=title, progress=progress
    )
    return annex_pdf.join([body, drawn])
