"""Long annexes drawn straight to PDF, in the layout LibreOffice gives the same DOCX.

LibreOffice needs 25–50 s to lay out a 5,000-row table (its time grows faster than the rows; even a bare
python-docx table of 5,000 rows takes it 49 s on the development machine). A recognition decision of a merged
ward has such an annex, so its PDF is made in two parts: LibreOffice converts what comes before the annex (the
decision itself, 1–2 pages, through the long-lived LibreOffice), and the annex pages are drawn here with
ReportLab in the NĐ 30 layout of ``Nd30Document.annex``: A4, margins 20/20/30/15 mm, page number centred in
the top margin, the title in bold (lines in "(…)" italic) with a 40 mm rule, then the table (Times New Roman —
Liberation Serif, the font LibreOffice uses for it — 12 pt, header row bold and repeated on every page, cell
margins 0.5/1.5 mm, 2 pt before and after each paragraph, a row never split across pages). pikepdf joins the
two parts.
"""

from __future__ import annotations

import contextlib
import io
import subprocess
from collections.abc import Callable, Sequence
from functools import cache
from pathlib import Path

import pikepdf
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.units import mm
from reportlab.lib.utils import simpleSplit
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas

from vanhoa.documents.nd30 import (
    BODY_SIZE,
    HEADER_DISTANCE,
    HEADER_SIZE,
    MARGIN_BOTTOM,
    MARGIN_LEFT,
    MARGIN_RIGHT,
    MARGIN_TOP,
    AnnexSpec,
)

__all__ = ["FONT", "draw_annexes", "join", "register_fonts"]

Progress = Callable[[int, int], None]

FONT = {"regular": "VanhoaSerif", "bold": "VanhoaSerif-Bold", "italic": "VanhoaSerif-Italic"}
_FC_STYLE = {"regular": "", "bold": ":bold", "italic": ":italic"}
_FALLBACK_DIRS = ("/usr/share/fonts/truetype/liberation2", "/usr/share/fonts/truetype/liberation")
_FALLBACK_FILE = {"regular": "Regular", "bold": "Bold", "italic": "Italic"}
# Liberation Serif's vertical metrics (units of the em): LibreOffice's single line is ascent + descent + gap.
ASCENT, DESCENT, LINE = 0.891, 0.216, 1.149
CELL_V, CELL_H = 0.5 * mm, 1.5 * mm
PARA_GAP = 2.0  # pt before and after each paragraph in a cell
BORDER = 0.5  # pt (w:sz="4")


def _font_file(style: str) -> str:
    """Times New Roman as fontconfig resolves it (Liberation Serif on Debian), as LibreOffice does."""
    try:
        out = subprocess.run(
            ["fc-match", "-f", "%{file}", f"Times New Roman{_FC_STYLE[style]}"],
            capture_output=True, text=True, timeout=10, check=False,
        )  # fmt: skip
        if out.returncode == 0 and out.stdout.endswith(".ttf") and Path(out.stdout).is_file():
            return out.stdout
    except OSError:
        pass
    for folder in _FALLBACK_DIRS:
        path = Path(folder) / f"LiberationSerif-{_FALLBACK_FILE[style]}.ttf"
        if path.is_file():
            return str(path)
    raise FileNotFoundError("Không tìm thấy phông Times New Roman / Liberation Serif (gói fonts-liberation).")


@cache
def register_fonts() -> None:
    for style, name in FONT.items():
        pdfmetrics.registerFont(TTFont(name, _font_file(style)))


class _Pages:
    """A canvas that knows where the next line goes and numbers its pages from `first_number`."""

    def __init__(self, canvas: Canvas, first_number: int) -> None:
        self.c = canvas
        self.number = first_number - 1
        self.size = A4
        self.y = 0.0

    @property
    def text_width(self) -> float:
        return self.size[0] - (MARGIN_LEFT + MARGIN_RIGHT) * mm

    @property
    def bottom(self) -> float:
        return MARGIN_BOTTOM * mm

    def new_page(self, size: tuple[float, float] | None = None) -> None:
        if self.number >= 0 and self.y:
            self.c.showPage()
        if size is not None:
            self.size = size
        self.c.setPageSize(self.size)
        self.number += 1
        self.c.setFont(FONT["regular"], HEADER_SIZE)
        self.c.drawCentredString(
            MARGIN_LEFT * mm + self.text_width / 2,
            self.size[1] - HEADER_DISTANCE * mm - ASCENT * HEADER_SIZE,
            str(self.number),
        )
        self.y = self.size[1] - MARGIN_TOP * mm


def _lines(text: str, font: str, size: float, width: float) -> list[str]:
    out: list[str] = []
    for part in text.split("\n"):
        part = part.strip()
        out.extend(simpleSplit(part, font, size, width) or [""]) if part else out.append("")
    return out


class _Table:
    def __init__(self, spec: AnnexSpec) -> None:
        self.spec = spec
        self.widths = [w * mm for w in spec.widths_mm]
        self.size = spec.font_size
        self.line = LINE * spec.font_size

    def cells(self, values: Sequence[object], font: str) -> tuple[list[list[str]], float]:
        """Each cell's lines, and the row's height."""
        cells = []
        height = 0.0
        for value, width in zip(values, self.widths, strict=True):
            text = "" if value is None else str(value)
            paragraphs = text.split("\n")
            lines = _lines(text, font, self.size, width - 2 * CELL_H)
            cells.append(lines)
            height = max(height, 2 * CELL_V + len(paragraphs) * 2 * PARA_GAP + len(lines) * self.line)
        return cells, height + BORDER

    def draw_row(self, pages: _Pages, cells: list[list[str]], height: float, font: str, header: bool) -> None:
        c = pages.c
        x0 = MARGIN_LEFT * mm + (pages.text_width - sum(self.widths)) / 2
        top = pages.y
        c.setLineWidth(BORDER)
        c.rect(x0, top - height, sum(self.widths), height, stroke=1, fill=0)
        x = x0
        c.setFont(font, self.size)
        for i, (lines, width) in enumerate(zip(cells, self.widths, strict=True)):
            if i:
                c.line(x, top, x, top - height)
            align = "center" if header else self.spec.align[i]
            block = len(lines) * self.line + 2 * PARA_GAP
            y = top - (height - block) / 2 - PARA_GAP - ASCENT * self.size  # vertically centred
            for text in lines:
                if align == "center":
                    c.drawCentredString(x + width / 2, y, text)
                elif align == "right":
                    c.drawRightString(x + width - CELL_H, y, text)
                else:
                    c.drawString(x + CELL_H, y, text)
                y -= self.line
            x += width
        pages.y = top - height


def _title(pages: _Pages, lines: list[str]) -> None:
    c = pages.c
    centre = MARGIN_LEFT * mm + pages.text_width / 2
    for text in (t.strip() for t in lines):
        if not text:
            continue
        font = FONT["italic"] if text.startswith("(") else FONT["bold"]
        for line in simpleSplit(text, font, BODY_SIZE, pages.text_width):
            c.setFont(font, BODY_SIZE)
            c.drawCentredString(centre, pages.y - ASCENT * BODY_SIZE, line)
            pages.y -= LINE * BODY_SIZE
    if any(t.strip() for t in lines):
        c.setLineWidth(0.75)
        c.line(centre - 20 * mm, pages.y - 1.5, centre + 20 * mm, pages.y - 1.5)
        pages.y -= 2 + 12  # the rule's 2 pt paragraph, 12 pt after


def draw_annexes(
    annexes: Sequence[AnnexSpec], *, first_page: int, title: str = "", progress: Progress | None = None
) -> bytes:
    """The annexes as PDF pages numbered from `first_page`."""
    register_fonts()
    out = io.BytesIO()
    canvas = Canvas(out, pagesize=A4, pageCompression=1)
    canvas.setTitle(title)
    pages = _Pages(canvas, first_page)
    total = sum(len(a.rows) for a in annexes)
    done = 0
    for spec in annexes:
        pages.new_page(landscape(A4) if spec.landscape else A4)
        _title(pages, spec.title_lines)
        table = _Table(spec)
        head_cells, head_height = table.cells(spec.headers, FONT["bold"])
        table.draw_row(pages, head_cells, head_height, FONT["bold"], header=True)
        for values in spec.rows:
            cells, height = table.cells(values, FONT["regular"])
            if pages.y - height < pages.bottom:
                pages.new_page()
                table.draw_row(pages, head_cells, head_height, FONT["bold"], header=True)
            table.draw_row(pages, cells, height, FONT["regular"], header=False)
            done += 1
            if progress is not None and done % 250 == 0:
                progress(done, total)
    canvas.save()
    if progress is not None:
        progress(total, total)
    return out.getvalue()


def join(parts: Sequence[bytes]) -> bytes:
    """One PDF of the pages of `parts`, in order (the first part's metadata is kept)."""
    with contextlib.ExitStack() as stack:
        docs = [stack.enter_context(pikepdf.open(io.BytesIO(data))) for data in parts]
        for other in docs[1:]:
            docs[0].pages.extend(other.pages)  # the sources stay open until the result is saved
        out = io.BytesIO()
        docs[0].save(out)
        return out.getvalue()


def page_count(pdf: bytes) -> int:
    with pikepdf.open(io.BytesIO(pdf)) as doc:
        return len(doc.pages)
