"""Certificates (Giấy công nhận) as PDF: the page drawn once as a template, filled per household.

A ward's certificates differ only in a few lines (the household, its address, the register number, sometimes
the date); everything else — the red border, the quốc hiệu, "CÔNG NHẬN", the title, the year, the decision,
the signer — is the same on every page. The common part is drawn once into a PDF form XObject that every page
shows, and each page adds its own lines: 5,000 certificates are one small template and 5,000 short text
blocks, drawn in seconds, instead of a 5,000-page DOCX that LibreOffice would lay out for minutes.

The layout is that of ``vanhoa.titles.certificates.CertificateDocument`` (A4 landscape, margins 18/22 mm, a red
thin-thick border 20 pt inside the page edge, centred lines in Times New Roman — Liberation Serif); a line
too long for the page is set smaller rather than wrapped, so every page keeps the same layout.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Sequence
from typing import Any

from reportlab.lib.colors import Color
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas

from vanhoa.documents.annex_pdf import ASCENT, FONT, LINE, register_fonts

__all__ = ["LINES", "draw"]

Progress = Callable[[int, int], None]

RED = Color(0xB0 / 255, 0x10 / 255, 0x10 / 255)
BLUE = Color(0x10 / 255, 0x2A / 255, 0x6B / 255)
BLACK = Color(0, 0, 0)
PAGE = landscape(A4)
TOP, SIDE = 18 * mm, 22 * mm
TEXT_WIDTH = PAGE[0] - 2 * SIDE
BOLD_ITALIC = {(False, False): "regular", (True, False): "bold", (False, True): "italic", (True, True): "bold"}

#: (field or fixed text, size, bold, italic, colour, space before, space after) from top to bottom.
LINES: list[tuple[str, float, bool, bool, Color, float, float]] = [
    ("=CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", 14, True, False, BLACK, 6, 2),
    ("=Độc lập - Tự do - Hạnh phúc", 15, True, False, BLACK, 0, 2),
    ("=──────────────", 10, False, False, RED, 0, 14),
    ("issuer", 16, True, False, BLACK, 0, 16),
    ("heading", 40, True, False, RED, 0, 12),
    ("holder", 26, True, False, BLUE, 0, 4),
    ("address", 15, False, True, BLACK, 0, 14),
    ("lead", 17, False, False, BLACK, 0, 4),
    ("title_upper", 34, True, False, RED, 0, 4),
    ("year_text", 20, True, False, BLACK, 0, 22),
]
CELL = 13  # the two signature columns
DEFAULTS = {"heading": "CÔNG NHẬN", "lead": "Đạt danh hiệu"}  # a Giấy khen: "GIẤY KHEN", "Đã có thành tích …"


def _line(c: Canvas, text: str, x: float, y: float, size: float, bold: bool, italic: bool, colour: Color,
          width: float) -> None:  # fmt: skip
    font = FONT[BOLD_ITALIC[(bold, italic)]]
    while size > 6 and stringWidth(text, font, size) > width:
        size -= 0.5
    c.setFillColor(colour)
    c.setFont(font, size)
    c.drawCentredString(x, y, text)


def _layout(page: dict[str, Any]) -> list[tuple[str, float, float, float, bool, bool, Color, float]]:
    """Every line of a page: (key, text x centre, baseline y, size, bold, italic, colour, width)."""
    out = []
    y = PAGE[1] - TOP
    centre = PAGE[0] / 2
    for key, size, bold, italic, colour, before, after in LINES:
        y -= before
        out.append((key, centre, y - ASCENT * size, size, bold, italic, colour, TEXT_WIDTH))
        y -= LINE * size + after
    half = TEXT_WIDTH / 2
    left = [("decision", False, False), ("register_no", False, False)]
    signers = [(f"signer_title_{i}", True, False) for i in range(len(page["signer_title"]))]
    right = [("place_date", False, True), *signers, ("", False, False), ("", False, False), ("", False, False),
             ("signer", True, False)]  # fmt: skip
    for column, lines in ((SIDE + half / 2, left), (SIDE + half + half / 2, right)):
        cy = y
        for key, bold, italic in lines:
            if key:
                out.append((key, column, cy - ASCENT * CELL, CELL, bold, italic, BLACK, half - 4 * mm))
            cy -= LINE * CELL
    return out


def _value(page: dict[str, Any], key: str) -> str:
    if key.startswith("="):
        return key[1:]
    if key in DEFAULTS:
        return str(page.get(key) or DEFAULTS[key])
    if key == "title_upper":
        return str(page["title"]).upper()
    if key == "year_text":
        return str(page.get("year_line") or f"Năm {page['year']}")
    if key.startswith("signer_title_"):
        return str(page["signer_title"][int(key.rsplit("_", 1)[1])])
    return str(page.get(key, ""))


def _border(c: Canvas) -> None:
    """w:pgBorders thinThickSmallGap, 4.5 pt, 20 pt from the page edge."""
    c.setStrokeColor(RED)
    inset = 20
    c.setLineWidth(0.75)
    c.rect(inset, inset, PAGE[0] - 2 * inset, PAGE[1] - 2 * inset)
    c.setLineWidth(2.6)
    inner = inset + 0.75 + 1.2 + 1.3
    c.rect(inner, inner, PAGE[0] - 2 * inner, PAGE[1] - 2 * inner)


def draw(content: dict[str, Any], *, progress: Progress | None = None) -> bytes:
    """`content["pages"]`: one dict per certificate (issuer, title, year, holder, address, decision,
    register_no, place_date, signer_title, signer). Returns the PDF."""
    pages: Sequence[dict[str, Any]] = content["pages"]
    if not pages:
        raise ValueError("no certificate to draw")
    register_fonts()
    out = io.BytesIO()
    c = Canvas(out, pagesize=PAGE, pageCompression=1)
    c.setTitle(content.get("title", "Giấy công nhận"))
    layout = _layout(pages[0])
    keys = {item[0] for item in layout}
    same = {k for k in keys if len({_value(p, k) for p in pages}) == 1} if len(pages) > 1 else keys

    c.beginForm("certificate")
    _border(c)
    for key, x, y, size, bold, italic, colour, width in layout:
        if key in same:
            _line(c, _value(pages[0], key), x, y, size, bold, italic, colour, width)
    c.endForm()

    own = [item for item in layout if item[0] not in same]
    for n, page in enumerate(pages, start=1):
        c.doForm("certificate")
        for key, x, y, size, bold, italic, colour, width in own:
            _line(c, _value(page, key), x, y, size, bold, italic, colour, width)
        c.showPage()
        if progress is not None and n % 250 == 0:
            progress(n, len(pages))
    c.save()
    if progress is not None:
        progress(len(pages), len(pages))
    return out.getvalue()
