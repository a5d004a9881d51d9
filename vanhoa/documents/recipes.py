"""What a PDF is made from, as bytes a background worker can keep, and its content key.

A recipe is one of:

* ``docx`` – a DOCX for LibreOffice as it is;
* ``annexes`` – the DOCX up to its long annexes, and the annexes' rows (drawn by ``annex_pdf``);
* ``drawn`` – a document that draws itself (the certificates), by the dotted name of its drawing function
  and the JSON data it draws.

The key is a SHA-256 of the content (the DOCX parts, not its zip file, whose entries carry the time of
writing; the annex rows; the drawing data), so the same document asked for twice, by anyone, is converted
once. Pure Python (no Django).
"""

from __future__ import annotations

import hashlib
import importlib
import io
import json
import struct
import zipfile
import zlib
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from typing import Any

from vanhoa.documents.nd30 import AnnexSpec, Nd30Document

__all__ = ["Docx", "Recipe", "content_key", "recipe_of"]

Progress = Callable[[int, int], None]
MAGIC = b"VHPDF1"


def content_key(docx_bytes: bytes) -> str:
    """A hash of what the DOCX says (its parts), not of the zip file."""
    digest = hashlib.sha256()
    with zipfile.ZipFile(io.BytesIO(docx_bytes)) as z:
        for name in sorted(z.namelist()):
            digest.update(name.encode())
            digest.update(z.read(name))
    return digest.hexdigest()


@dataclass
class Recipe:
    kind: str
    docx: bytes = b""
    data: dict[str, Any] = field(default_factory=dict)

    @property
    def key(self) -> str:
        digest = hashlib.sha256(self.kind.encode())
        if self.docx:
            digest.update(content_key(self.docx).encode())
        digest.update(json.dumps(self.data, sort_keys=True, ensure_ascii=False, default=str).encode())
        return digest.hexdigest()

    @property
    def size(self) -> int:
        """How much there is to do, for the progress bar (rows or pages; 0 = one LibreOffice conversion)."""
        if self.kind == "annexes":
            return sum(len(a["rows"]) for a in self.data["annexes"])
        return int(self.data.get("size", 0))

    def to_bytes(self) -> bytes:
        head = zlib.compress(json.dumps({"kind": self.kind, "data": self.data}, ensure_ascii=False).encode(), 3)
        return MAGIC + struct.pack(">I", len(head)) + head + self.docx

    @classmethod
    def from_bytes(cls, raw: bytes) -> Recipe:
        if not raw.startswith(MAGIC):
            raise ValueError("not a PDF recipe")
        (n,) = struct.unpack(">I", raw[len(MAGIC) : len(MAGIC) + 4])
        start = len(MAGIC) + 4
        head = json.loads(zlib.decompress(raw[start : start + n]))
        return cls(head["kind"], raw[start + n :], head["data"])

    def render(self, *, progress: Progress | None = None, timeout: float | None = None) -> bytes:
        from vanhoa.documents import pdf

        limit = pdf.CONVERT_TIMEOUT if timeout is None else timeout
        if self.kind == "docx":
            return pdf.docx_to_pdf(self.docx, timeout=limit)
        if self.kind == "annexes":
            from vanhoa.documents import annex_pdf

            body = pdf.docx_to_pdf(self.docx, timeout=limit)
            annexes = [AnnexSpec(**a) for a in self.data["annexes"]]
            drawn = annex_pdf.draw_annexes(
                annexes, first_page=annex_pdf.page_count(body) + 1, title=self.data.get("title", ""),
                progress=progress,
            )  # fmt: skip
            return annex_pdf.join([body, drawn])
        if self.kind == "drawn":
            module, _, name = self.data["draw"].rpartition(".")
            draw = getattr(importlib.import_module(module), name)
            return draw(self.data["content"], progress=progress)
        raise ValueError(f"unknown recipe kind {self.kind!r}")


@dataclass
class Docx:
    """A DOCX already made (say, the copy of a report kept when it was sent), to be printed as it is."""

    data: bytes

    def to_bytes(self) -> bytes:
        return self.data


def recipe_of(doc: Any) -> Recipe:
    """The recipe of a document: its own (``doc.pdf_recipe()``), its long annexes, or its DOCX."""
    own = getattr(doc, "pdf_recipe", None)
    if own is not None:
        return own()
    parts = doc.pdf_parts() if isinstance(doc, Nd30Document) else None
    if parts is None:
        return Recipe("docx", doc.to_bytes())
    body, annexes = parts
    specs = []
    for a in annexes:
        spec = asdict(a)
        spec["rows"] = [["" if v is None else str(v) for v in row] for row in a.rows]
        specs.append(spec)
    return Recipe("annexes", body, {"annexes": specs, "title": doc.document.core_properties.title or ""})
