"""A printable document as PDF, in this process (the background worker; commands; tests).

Web pages ask for PDFs through ``vanhoa.documents.responses.pdf_response`` (cached by content, converted by
the background worker).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from vanhoa.documents.recipes import recipe_of

__all__ = ["document_pdf"]

Progress = Callable[[int, int], None]


def document_pdf(doc: Any, *, progress: Progress | None = None, timeout: float | None = None) -> bytes:
    """The PDF of `doc` (an ``Nd30Document``, the certificates, anything with ``to_bytes``): LibreOffice for
    the text, long annexes and certificates drawn directly."""
    return recipe_of(doc).render(progress=progress, timeout=timeout)
