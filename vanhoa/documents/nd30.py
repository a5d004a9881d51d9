"""Vietnamese administrative documents in the NĐ 30/2020/NĐ-CP format, built with python-docx.

Pure Python (no Django). The layout numbers come from NĐ 30/2020/NĐ-CP, Phụ lục I:

* A4 paper (portrait, or landscape), margins top/bottom 20 mm, left 30 mm, right 15 mm;
* Times New Roman everywhere, body 14 pt, justified, first-line indent 1 cm, 6 pt after;
* a two-column header block (issuing body / quốc hiệu and tiêu ngữ, "Số:" / place and date);
* the document type and trích yếu centred in bold with a short rule below;
* page numbers centred in the top margin, not shown on page 1;
* "Nơi nhận:" bottom left, signing authority and signer bottom right.

Usage::

    header = DocumentHeader("UBND PHƯỜNG QUYẾT TIẾN", "BAN CHỈ ĐẠO ...", "KH-BCĐ", None,
                            "Quyết Tiến", None, 2020, "KẾ HOẠCH", "Triển khai ...")
    doc = Nd30Document(header)
    doc.heading("I. MỤC ĐÍCH, YÊU CẦU")
    doc.paragraph("...")
    doc.closing(["BCĐ Thành phố"], Signature(["TM. BAN CHỈ ĐẠO", "TRƯỞNG BAN"], "Nguyễn Văn A"))
    data = doc.to_bytes()
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import docx
from docx.document import Document as DocxDocument
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.oxml.xmlchemy import BaseOxmlElement
from docx.section import Section
from docx.shared import Cm, Mm, Pt
from docx.table import Table, _Cell, _Row
from docx.text.paragraph import Paragraph
from docx.text.run import Run

from vanhoa.documents.keep_together import follows_table, split_tail
from vanhoa.documents.nd30_text import BLANK, nd30_date_line, number_line
from vanhoa.documents.rows import append_rows

__all__ = ["BLANK", "FONT_NAME", "DocumentHeader", "Nd30Document", "Signature", "nd30_date_line", "number_line"]

FONT_NAME = "Times New Roman"

QUOC_HIEU = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
TIEU_NGU = "Độc lập - Tự do - Hạnh phúc"

# Page geometry (mm).
A4_SHORT, A4_LONG = 210.0, 297.0
MARGIN_TOP, MARGIN_BOTTOM, MARGIN_LEFT, MARGIN_RIGHT = 20.0, 20.0, 30.0, 15.0
HEADER_DISTANCE = 10.0

# Header block: left column width (mm); the right column takes the rest of the text width.
# The quốc hiệu at 13 pt bold is ~96 mm wide, so on portrait pages the right column needs ~97 mm.
HEADER_LEFT_PORTRAIT = 66.0
HEADER_LEFT_LANDSCAPE = 75.0
# The rule under the tiêu ngữ is as long as the tiêu ngữ itself (~60 mm at 14 pt bold).
TIEU_NGU_RULE = 60.0

BODY_SIZE = 14
HEADER_SIZE = 13
TABLE_MIN_SIZE = 11

# Child order of w:pPr, w:tblPr and w:trPr (ECMA-376); Word rejects out-of-order children.
PPR_SEQ = (
    "w:pStyle", "w:keepNext", "w:keepLines", "w:pageBreakBefore", "w:framePr", "w:widowControl",
    "w:numPr", "w:suppressLineNumbers", "w:pBdr", "w:shd", "w:tabs", "w:suppressAutoHyphens",
    "w:kinsoku", "w:wordWrap", "w:overflowPunct", "w:topLinePunct", "w:autoSpaceDE", "w:autoSpaceDN",
    "w:bidi", "w:adjustRightInd", "w:snapToGrid", "w:spacing", "w:ind", "w:contextualSpacing",
    "w:mirrorIndents", "w:suppressOverlap", "w:jc", "w:textDirection", "w:textAlignment",
    "w:textboxTightWrap", "w:outlineLvl", "w:divId", "w:cnfStyle", "w:rPr", "w:sectPr", "w:pPrChange",
)
TBLPR_SEQ = (
    "w:tblStyle", "w:tblpPr", "w:tblOverlap", "w:bidiVisual", "w:tblStyleRowBandSize",
    "w:tblStyleColBandSize", "w:tblW", "w:jc", "w:tblCellSpacing", "w:tblInd", "w:tblBorders", "w:shd",
    "w:tblLayout", "w:tblCellMar", "w:tblLook", "w:tblCaption", "w:tblDescription", "w:tblPrChange",
)
TRPR_SEQ = (
    "w:cnfStyle", "w:divId", "w:gridBefore", "w:gridAfter", "w:wBefore", "w:wAfter", "w:cantSplit",
    "w:trHeight", "w:tblHeader", "w:tblCellSpacing", "w:jc", "w:hidden", "w:ins", "w:del", "w:trPrChange",
)

_ALIGN = {"justify": WD_ALIGN_PARAGRAPH.JUSTIFY, "left": WD_ALIGN_PARAGRAPH.LEFT, "right": WD_ALIGN_PARAGRAPH.RIGHT,
          "center": WD_ALIGN_PARAGRAPH.CENTER, "centre": WD_ALIGN_PARAGRAPH.CENTER}


@dataclass
class DocumentHeader:
    """What goes at the top of page 1.

    ``issuer`` may contain "\\n" to force line breaks (e.g. "ỦY BAN NHÂN DÂN\\nPHƯỜNG QUYẾT TIẾN").
    ``number`` None leaves the number blank; ``date`` None leaves day and month blank (``year`` is then
    what is printed). ``year`` may be None when ``date`` is given.
    """

    issuer_parent: str | None
    issuer: str
    symbol: str
    number: int | str | None
    place: str
    date: dt.date | None
    year: int | None
    doc_type: str
    summary: str | None = None

    def __post_init__(self) -> None:
        if self.year is None:
            if self.date is None:
                raise ValueError("DocumentHeader needs a date or a year")
            self.year = self.date.year

    @property
    def number_text(self) -> str:
        return number_line(self.number, self.symbol)

    @property
    def date_text(self) -> str:
        return nd30_date_line(self.place, self.date, self.year)


@dataclass
class Signature:
    """Signing authority lines (e.g. ["TM. BAN CHỈ ĐẠO", "KT. TRƯỞNG BAN", "PHÓ TRƯỞNG BAN"]) and the
    signer's full name (no titles before it)."""

    authority_lines: list[str]
    signer_name: str
    #: Vertical space left for the hand signature and the seal.
    space_lines: int = field(default=4)


# --------------------------------------------------------------------------- low-level XML


def _set_child(parent: BaseOxmlElement, child: BaseOxmlElement, tag_seq: Sequence[str]) -> None:
    """Replace ``parent``'s child with the same tag by ``child``, keeping the schema order."""
    tag = child.tag
    for old in parent.findall(tag):
        parent.remove(old)
    prefixed = next(t for t in tag_seq if qn(t) == tag)
    successors = tag_seq[tag_seq.index(prefixed) + 1 :]
    parent.insert_element_before(child, *successors)


def _el(tag: str, **attrs: str) -> BaseOxmlElement:
    el = OxmlElement(tag)
    for k, v in attrs.items():
        el.set(qn(f"w:{k}"), v)
    return el


def _twips(mm: float) -> str:
    return str(round(mm * 1440 / 25.4))


def _set_rfonts(rpr: BaseOxmlElement) -> None:
    """Times New Roman for every script slot; drop theme fonts (they override the named ones)."""
    rfonts = rpr.find(qn("w:rFonts"))
    if rfonts is None:
        rfonts = OxmlElement("w:rFonts")
        rpr.insert(0, rfonts)
    for attr in ("asciiTheme", "hAnsiTheme", "eastAsiaTheme", "cstheme"):
        rfonts.attrib.pop(qn(f"w:{attr}"), None)
    for attr in ("ascii", "hAnsi", "eastAsia", "cs"):
        rfonts.set(qn(f"w:{attr}"), FONT_NAME)


def _font_run(run: Run, size: float, bold: bool = False, italic: bool = False) -> Run:
    run.font.size = Pt(size)
    run.font.bold = bold
    run.font.italic = italic
    _set_rfonts(run._r.get_or_add_rPr())
    return run


def _add_text(p: Paragraph, text: str, size: float, bold: bool = False, italic: bool = False) -> Run | None:
    """Add a run (never an empty one) with explicit Times New Roman."""
    if not text:
        return None
    return _font_run(p.add_run(text), size, bold, italic)


def _mark_rpr(p: Paragraph, size: float) -> None:
    """Font and size of the paragraph mark (sets the height of an empty paragraph)."""
    ppr = p._p.get_or_add_pPr()
    rpr = OxmlElement("w:rPr")
    _set_rfonts(rpr)
    half = str(round(size * 2))
    rpr.append(_el("w:sz", val=half))
    rpr.append(_el("w:szCs", val=half))
    _set_child(ppr, rpr, PPR_SEQ)


def _fmt(
    p: Paragraph,
    align: str = "justify",
    *,
    first_indent: float | None = None,
    before: float = 0,
    after: float = 6,
    line: float = 1.15,
    keep_next: bool = False,
) -> Paragraph:
    pf = p.paragraph_format
    pf.alignment = _ALIGN[align]
    pf.first_line_indent = Cm(first_indent) if first_indent else Cm(0)
    pf.space_before = Pt(before)
    pf.space_after = Pt(after)
    pf.line_spacing = line
    if keep_next:
        pf.keep_with_next = True
    return p


def _rule(p: Paragraph, width_mm: float, container_mm: float, *, after: float = 0) -> Paragraph:
    """Turn an empty paragraph into a short, centred, solid horizontal line of ``width_mm``.

    The line is the paragraph's bottom border; the border runs between the paragraph's indents, so
    the indents make it short. The paragraph itself is 1 pt high so the line sits right under the
    text above it.
    """
    width_mm = max(5.0, min(width_mm, container_mm))
    side = max(0.0, (container_mm - width_mm) / 2)
    pf = p.paragraph_format
    pf.alignment = WD_ALIGN_PARAGRAPH.CENTER
    pf.left_indent = Mm(side)
    pf.right_indent = Mm(side)
    pf.first_line_indent = Mm(0)
    pf.space_before = Pt(0)
    pf.space_after = Pt(after)
    pf.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    pf.line_spacing = Pt(2)
    pbdr = OxmlElement("w:pBdr")
    pbdr.append(_el("w:bottom", val="single", sz="6", space="1", color="000000"))
    _set_child(p._p.get_or_add_pPr(), pbdr, PPR_SEQ)
    _mark_rpr(p, 2)
    return p


def _estimate_width_mm(text: str, size: float, *, caps: bool) -> float:
    """Rough rendered width of a Times New Roman line (bold capitals ~0.64 em, lower case ~0.47 em)."""
    em = size * 25.4 / 72
    return len(text) * em * (0.64 if caps else 0.47)


def _table_props(
    table: Table,
    widths_mm: Sequence[float],
    *,
    borders: bool,
    cell_margin_mm: tuple[float, float] = (0.5, 1.5),
) -> None:
    """Fixed layout with explicit widths everywhere (LibreOffice uses w:gridCol, Word w:tcW)."""
    table.autofit = False
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    for col, w in zip(table.columns, widths_mm, strict=True):
        col.width = Mm(w)
    for row in table.rows:
        for cell, w in zip(row.cells, widths_mm, strict=True):
            cell.width = Mm(w)
    tblpr = table._tbl.tblPr
    _set_child(tblpr, _el("w:tblW", w=_twips(sum(widths_mm)), type="dxa"), TBLPR_SEQ)
    _set_child(tblpr, _el("w:tblInd", w="0", type="dxa"), TBLPR_SEQ)
    bdr = OxmlElement("w:tblBorders")
    for side in ("top", "left", "bottom", "right", "insideH", "insideV"):
        if borders:
            bdr.append(_el(f"w:{side}", val="single", sz="4", space="0", color="000000"))
        else:
            bdr.append(_el(f"w:{side}", val="nil"))
    _set_child(tblpr, bdr, TBLPR_SEQ)
    vert, horiz = cell_margin_mm
    mar = OxmlElement("w:tblCellMar")
    for side, v in (("top", vert), ("left", horiz), ("bottom", vert), ("right", horiz)):
        mar.append(_el(f"w:{side}", w=_twips(v), type="dxa"))
    _set_child(tblpr, mar, TBLPR_SEQ)


def _row_flags(row_tr: BaseOxmlElement, *, header: bool = False, cant_split: bool = False) -> None:
    trpr = row_tr.get_or_add_trPr()
    if cant_split:
        _set_child(trpr, OxmlElement("w:cantSplit"), TRPR_SEQ)
    if header:
        _set_child(trpr, OxmlElement("w:tblHeader"), TRPR_SEQ)


def _one_point(p: Paragraph) -> Paragraph:
    """An empty paragraph 1 pt high (it starts a page, or stands between two tables)."""
    pf = _fmt(p, "left", after=0).paragraph_format
    pf.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    pf.line_spacing = Pt(1)
    _mark_rpr(p, 1)
    return p


def _cell_paragraph(cell: _Cell, first: bool) -> Paragraph:
    """The cell's initial empty paragraph for the first line, then new ones."""
    if first and len(cell.paragraphs) == 1 and not cell.paragraphs[0].text:
        return cell.paragraphs[0]
    return cell.add_paragraph()


# --------------------------------------------------------------------------- the document

#: An annex with at least this many rows is drawn straight to PDF (LibreOffice lays out a long table in time
#: that grows faster than its rows: 5,000 rows take it 25–50 s).
FAST_ANNEX_ROWS = 60
#: How many of a table's last rows go with the signature block that follows it (NĐ 30/2020 practice: the block
#: never stands alone on a page, #14 item 4).
KEEP_LAST_ROWS = 2


@dataclass
class AnnexSpec:
    """What an annex holds, for drawing it without LibreOffice."""

    title_lines: list[str]
    headers: list[str]
    widths_mm: list[float]
    rows: Sequence[Sequence[object]]
    font_size: float
    align: list[str]
    landscape: bool



class Nd30Document:
    """A Vietnamese administrative document (Kế hoạch, Báo cáo, Quyết định, Biên bản, Tờ trình …).

    The constructor writes the header block and the title (document type + trích yếu); the methods
    append the body in order; :meth:`closing` writes "Nơi nhận:" and the signature block.
    """

    def __init__(self, header: DocumentHeader, *, landscape: bool = False) -> None:
        self.header = header
        self._doc: DocxDocument = docx.Document()
        self._landscape = landscape
        self.annexes: list[AnnexSpec] = []
        self._before_annex: bytes | None = None
        self._after_annex = -1
        self._setup_styles()
        section = self._doc.sections[0]
        self._setup_section(section, landscape)
        self._setup_page_numbers(section)
        self._doc.core_properties.title = " ".join(filter(None, [header.doc_type, header.summary]))
        self._doc.core_properties.language = "vi-VN"
        self._doc.core_properties.author = ""
        self._doc.core_properties.comments = ""
        self._header_block()
        self._title_block()

    # ----------------------------------------------------------------- setup

    @property
    def document(self) -> DocxDocument:
        """The underlying python-docx document, for anything this class does not cover."""
        return self._doc

    @property
    def text_width_mm(self) -> float:
        """Width between the left and right margins of the current section."""
        page = A4_LONG if self._landscape else A4_SHORT
        return page - MARGIN_LEFT - MARGIN_RIGHT

    def _setup_styles(self) -> None:
        styles = self._doc.styles
        # Document defaults (w:docDefaults): Times New Roman 14, Vietnamese.
        defaults = styles.element.find(qn("w:docDefaults"))
        rpr = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
        _set_rfonts(rpr)
        for tag in ("w:sz", "w:szCs"):
            el = rpr.find(qn(tag))
            if el is not None:
                el.set(qn("w:val"), str(BODY_SIZE * 2))
        lang = rpr.find(qn("w:lang"))
        if lang is not None:
            lang.set(qn("w:val"), "vi-VN")
            lang.set(qn("w:eastAsia"), "vi-VN")
        ppr_default = defaults.find(qn("w:pPrDefault")).find(qn("w:pPr"))
        spacing = ppr_default.find(qn("w:spacing"))
        if spacing is not None:
            spacing.set(qn("w:after"), "120")
            spacing.set(qn("w:line"), "276")

        normal = styles["Normal"]
        normal.font.name = FONT_NAME
        normal.font.size = Pt(BODY_SIZE)
        _set_rfonts(normal.element.get_or_add_rPr())
        pf = normal.paragraph_format
        pf.space_before = Pt(0)
        pf.space_after = Pt(6)
        pf.line_spacing = 1.15
        pf.widow_control = True
        for name in ("Header", "Footer"):
            st = styles[name]
            st.font.name = FONT_NAME
            _set_rfonts(st.element.get_or_add_rPr())

    @staticmethod
    def _setup_section(section: Section, landscape: bool) -> None:
        if landscape:
            section.orientation = WD_ORIENT.LANDSCAPE
            section.page_width, section.page_height = Mm(A4_LONG), Mm(A4_SHORT)
        else:
            section.orientation = WD_ORIENT.PORTRAIT
            section.page_width, section.page_height = Mm(A4_SHORT), Mm(A4_LONG)
        section.top_margin = Mm(MARGIN_TOP)
        section.bottom_margin = Mm(MARGIN_BOTTOM)
        section.left_margin = Mm(MARGIN_LEFT)
        section.right_margin = Mm(MARGIN_RIGHT)
        section.header_distance = Mm(HEADER_DISTANCE)
        section.footer_distance = Mm(HEADER_DISTANCE)
        section.gutter = Mm(0)

    @staticmethod
    def _setup_page_numbers(section: Section) -> None:
        """Page number centred in the top margin, 13 pt, hidden on page 1 (different first page)."""
        section.different_first_page_header_footer = True
        section.first_page_header.is_linked_to_previous = False  # an explicit empty header
        hdr = section.header
        hdr.is_linked_to_previous = False
        p = hdr.paragraphs[0]
        _fmt(p, "center", after=0, line=1.0)
        _mark_rpr(p, HEADER_SIZE)

        def fld_run(el: BaseOxmlElement | None = None, text: str | None = None) -> None:
            run = p.add_run(text or "")
            _font_run(run, HEADER_SIZE)
            if el is not None:
                run._r.append(el)

        fld_run(_el("w:fldChar", fldCharType="begin"))
        instr = OxmlElement("w:instrText")
        instr.set(qn("xml:space"), "preserve")
        instr.text = " PAGE "
        fld_run(instr)
        fld_run(_el("w:fldChar", fldCharType="separate"))
        fld_run(text="2")
        fld_run(_el("w:fldChar", fldCharType="end"))

    # ----------------------------------------------------------------- header and title

    def _header_block(self) -> None:
        h = self.header
        left = HEADER_LEFT_LANDSCAPE if self._landscape else HEADER_LEFT_PORTRAIT
        right = self.text_width_mm - left
        table = self._doc.add_table(rows=2, cols=2)
        _table_props(table, [left, right], borders=False, cell_margin_mm=(0, 0))
        for row in table.rows:
            _row_flags(row._tr, cant_split=True)

        def line(cell: _Cell, text: str, size: float, *, bold: bool = False, italic: bool = False,
                 first: bool = False, before: float = 0) -> Paragraph:
            p = _fmt(_cell_paragraph(cell, first), "center", before=before, after=0, line=1.0)
            _add_text(p, text, size, bold, italic)
            return p

        # Row 1, left: parent body, issuing body, short rule.
        cell = table.cell(0, 0)
        first = True
        if h.issuer_parent:
            for text in h.issuer_parent.upper().split("\n"):
                line(cell, text.strip(), HEADER_SIZE, first=first)
                first = False
        issuer_lines = [t.strip() for t in h.issuer.upper().split("\n") if t.strip()]
        for text in issuer_lines:
            line(cell, text, HEADER_SIZE, bold=True, first=first)
            first = False
        longest = max(min(_estimate_width_mm(t, HEADER_SIZE, caps=True), left) for t in issuer_lines)
        _rule(cell.add_paragraph(), max(15.0, min(30.0, longest * 0.4)), left)

        # Row 1, right: quốc hiệu, tiêu ngữ, rule.
        cell = table.cell(0, 1)
        line(cell, QUOC_HIEU, HEADER_SIZE, bold=True, first=True)
        line(cell, TIEU_NGU, BODY_SIZE, bold=True)
        _rule(cell.add_paragraph(), TIEU_NGU_RULE, right)

        # Row 2: number and place-date on the same line.
        line(table.cell(1, 0), h.number_text, HEADER_SIZE, first=True, before=6)
        line(table.cell(1, 1), h.date_text, BODY_SIZE, italic=True, first=True, before=6)

    def _title_block(self) -> None:
        h = self.header
        p = _fmt(self._doc.add_paragraph(), "center", before=18, after=0, line=1.0, keep_next=True)
        _add_text(p, h.doc_type.strip().upper(), BODY_SIZE, bold=True)
        if h.summary:
            lines = [t.strip() for t in h.summary.split("\n") if t.strip()]
            for text in lines:
                p = _fmt(self._doc.add_paragraph(), "center", after=0, line=1.0, keep_next=True)
                _add_text(p, text, BODY_SIZE, bold=True)
            longest = max(_estimate_width_mm(t, BODY_SIZE, caps=False) for t in lines)
            width = max(25.0, min(60.0, min(longest, self.text_width_mm) * 0.4))
            _rule(self._doc.add_paragraph(), width, self.text_width_mm, after=12)
        else:
            p.paragraph_format.space_after = Pt(12)

    # ----------------------------------------------------------------- body

    def _body_paragraph(
        self,
        *,
        align: str = "justify",
        indent: bool = True,
        keep_next: bool = False,
        before: float = 0,
    ) -> Paragraph:
        return _fmt(self._doc.add_paragraph(), align, first_indent=1.0 if indent else None,
                    before=before, keep_next=keep_next)

    def legal_bases(self, bases: Sequence[str]) -> None:
        """The "Căn cứ …;" lines: italic, one paragraph each (text is used as given)."""
        for text in bases:
            _add_text(self._body_paragraph(), text.strip(), BODY_SIZE, italic=True)

    def heading(self, text: str, level: int = 1) -> Paragraph:
        """Section heading: level 1 "I. MỤC ĐÍCH, YÊU CẦU" (bold), level 2 "1. Mục đích" (bold),
        level 3 "a) …" (bold italic). Kept with the next paragraph."""
        if level not in (1, 2, 3):
            raise ValueError(f"heading level must be 1, 2 or 3, got {level}")
        p = self._body_paragraph(keep_next=True, before=3 if level == 1 else 0)
        _add_text(p, text.strip(), BODY_SIZE, bold=True, italic=level == 3)
        return p

    def paragraph(
        self,
        text: str,
        *,
        bold: bool = False,
        italic: bool = False,
        indent: bool = True,
        align: str = "justify",
    ) -> Paragraph:
        """A body paragraph (14 pt, justified, first-line indent 1 cm by default)."""
        if align not in _ALIGN:
            raise ValueError(f"unknown alignment {align!r}; use one of {', '.join(_ALIGN)}")
        p = self._body_paragraph(align=align, indent=indent)
        _add_text(p, text.strip(), BODY_SIZE, bold=bold, italic=italic)
        return p

    def bullet(self, text: str) -> Paragraph:
        """A "- …" item written as a body paragraph (the usual style of Vietnamese documents)."""
        text = text.strip()
        if not text.startswith(("-", "+", "•")):
            text = f"- {text}"
        return self.paragraph(text)

    def article(self, label: str, text: str) -> Paragraph:
        """A decision article: "Điều 1." in bold followed by the text."""
        p = self._body_paragraph()
        _add_text(p, label.strip() + " ", BODY_SIZE, bold=True)
        _add_text(p, text.strip(), BODY_SIZE)
        return p

    def centered(self, text: str, bold: bool = False) -> Paragraph:
        """A centred line, e.g. "QUYẾT ĐỊNH:" or "CHỦ TỊCH ỦY BAN NHÂN DÂN PHƯỜNG …"."""
        p = _fmt(self._doc.add_paragraph(), "center", before=6, keep_next=True)
        _add_text(p, text.strip(), BODY_SIZE, bold=bold)
        return p

    def page_break(self) -> None:
        """What follows starts a new page: a 1 pt paragraph that begins one (w:pageBreakBefore). A break inside a
        paragraph (w:br) left a blank page when the page before was full: the paragraph went over to the next page
        and broke again there."""
        _one_point(self._doc.add_paragraph()).paragraph_format.page_break_before = True

    def table(
        self,
        columns: Sequence[tuple[str, float]],
        rows: Sequence[Sequence[str]],
        *,
        font_size: float = 12,
        align: Sequence[str] | None = None,
        header_repeat: bool = True,
    ) -> Table:
        """A bordered table: ``columns`` are (title, width in mm); the header row is bold, centred and
        repeated on every page. Widths are scaled down proportionally if they exceed the text width.
        ``align`` gives each column's alignment ("left", "center", "right", "justify"); by default
        columns up to 30 mm wide are centred and wider ones left-aligned. "\\n" in a value starts a
        new paragraph in the cell."""
        if not columns:
            raise ValueError("a table needs at least one column")
        if font_size < TABLE_MIN_SIZE:
            raise ValueError(f"table text must be at least {TABLE_MIN_SIZE} pt (NĐ 30)")
        widths, align = self._table_layout(columns, align)
        for i, row in enumerate(rows):
            if len(row) != len(columns):
                raise ValueError(f"row {i + 1} has {len(row)} cells, expected {len(columns)}")

        table = self._doc.add_table(rows=1, cols=len(columns))
        _table_props(table, widths, borders=True)
        header = table.rows[0]
        _row_flags(header._tr, header=header_repeat, cant_split=True)
        for cell, (title, _) in zip(header.cells, columns, strict=True):
            self._fill_cell(cell, title, font_size, "center", bold=True)

        def fill(row: _Row, values: Sequence[object]) -> None:
            _row_flags(row._tr, cant_split=True)  # a row moves to the next page whole
            for cell, value, a, w in zip(row.cells, values, align, widths, strict=True):
                cell.width = Mm(w)
                self._fill_cell(cell, value, font_size, a)

        append_rows(table, rows, fill)  # one prepared row, filled per row (vanhoa.documents.rows)
        # A little space between the table and what follows.
        _fmt(self._doc.add_paragraph(), "left", after=0, line=1.0)
        return table

    def _table_layout(
        self, columns: Sequence[tuple[str, float]], align: Sequence[str] | None
    ) -> tuple[list[float], list[str]]:
        """Column widths (scaled down to the text width when wider) and alignments (checked, or the default)."""
        widths = [float(w) for _, w in columns]
        total = sum(widths)
        if total > self.text_width_mm + 0.01:
            widths = [w * self.text_width_mm / total for w in widths]
        if align is None:
            align = ["center" if w <= 30 else "left" for _, w in columns]
        if len(align) != len(columns):
            raise ValueError("align must have one entry per column")
        for a in align:
            if a not in _ALIGN:
                raise ValueError(f"unknown alignment {a!r}")
        return widths, list(align)

    @staticmethod
    def _fill_cell(cell: _Cell, value: object, size: float, align: str, *, bold: bool = False) -> None:
        cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
        text = "" if value is None else str(value)
        for i, part in enumerate(text.split("\n")):
            p = _fmt(_cell_paragraph(cell, i == 0), align, before=2, after=2, line=1.0)
            _add_text(p, part.strip(), size, bold=bold)
        for p in cell.paragraphs:
            _mark_rpr(p, size)

    # ----------------------------------------------------------------- closing and annexes

    def closing(
        self,
        recipients: Sequence[str] | None,
        signature: Signature,
        *,
        left_signature: Signature | None = None,
    ) -> Table:
        """Bottom block: "Nơi nhận:" (left) and the signature (right), in a borderless table.

        Recipients become "- …;" lines (11 pt); "- Lưu: VT." is added last unless a "Lưu…" item is
        given. With ``recipients`` None the left column is empty, or holds ``left_signature`` (e.g.
        the secretary of a Biên bản)."""
        width = self.text_width_mm
        left = round(width * 0.45, 1)
        self._keep_last_text_with_next()
        _fmt(self._doc.add_paragraph(), "left", after=0, line=1.0, keep_next=True)  # spacer
        table = self._doc.add_table(rows=1, cols=2)
        _table_props(table, [left, width - left], borders=False, cell_margin_mm=(0, 0.5))
        _row_flags(table.rows[0]._tr, cant_split=True)  # the block is one row: never split across pages
        lcell, rcell = table.cell(0, 0), table.cell(0, 1)
        if recipients is not None:
            self._recipients(lcell, recipients)
        elif left_signature is not None:
            self._signature(lcell, left_signature)
        else:
            _fmt(lcell.paragraphs[0], "left", after=0, line=1.0)
        self._signature(rcell, signature)
        return table

    def _keep_last_text_with_next(self) -> None:
        """A signature block is never alone on a page (#14 item 4): the paragraphs back to the last one with text are
        kept with what follows; when that text comes straight after a table (a total line, "Tổng số: …") or the
        body ends with a table, the table's last rows go too (Mẫu 02, the lists signed at their foot)."""
        text_seen = False
        for el in reversed(list(self._doc.element.body.iterchildren())):
            if el.tag == qn("w:tbl"):
                joint = _one_point(Paragraph(OxmlElement("w:p"), self._doc._body))
                joint.paragraph_format.keep_with_next = True
                for tr in split_tail(el, KEEP_LAST_ROWS, joint._p):
                    for p in tr.iter(qn("w:p")):
                        Paragraph(p, self._doc._body).paragraph_format.keep_with_next = True
                return
            if el.tag != qn("w:p"):
                continue
            para = Paragraph(el, self._doc._body)
            para.paragraph_format.keep_with_next = True
            text_seen = text_seen or bool(para.text.strip())
            if text_seen and not follows_table(el):
                return

    @staticmethod
    def _recipients(cell: _Cell, recipients: Sequence[str]) -> None:
        items = [r.strip().lstrip("-").strip().rstrip(";.,").strip() for r in recipients]
        items = [r for r in items if r]
        if not any(r.startswith("Lưu") for r in items):
            items.append("Lưu: VT")
        p = _fmt(_cell_paragraph(cell, True), "left", after=0, line=1.0)
        _add_text(p, "Nơi nhận:", 12, bold=True, italic=True)
        for i, item in enumerate(items):
            end = "." if i == len(items) - 1 else ";"
            p = _fmt(cell.add_paragraph(), "left", after=0, line=1.0)
            _add_text(p, f"- {item}{end}", 11)

    @staticmethod
    def _signature(cell: _Cell, sig: Signature) -> None:
        first = True
        for text in sig.authority_lines:
            p = _fmt(_cell_paragraph(cell, first), "center", after=0, line=1.0)
            _add_text(p, text.strip().upper(), BODY_SIZE, bold=True)
            first = False
        for _ in range(max(0, sig.space_lines)):
            _fmt(_cell_paragraph(cell, first), "center", after=0, line=1.15)
            first = False
        p = _fmt(_cell_paragraph(cell, first), "center", after=0, line=1.0)
        _add_text(p, sig.signer_name.strip(), BODY_SIZE, bold=True)

    def annex(
        self,
        title_lines: Sequence[str],
        columns: Sequence[tuple[str, float]],
        rows: Sequence[Sequence[str]],
        *,
        font_size: float = 12,
        align: Sequence[str] | None = None,
        landscape: bool | None = None,
    ) -> Table:
        """An attached list on a new page: centred title (lines in "(…)" italic, the others bold),
        a short rule, then the table. ``landscape`` True/False starts a new section with that
        orientation (page numbers continue).

        A long annex at the end of the document is drawn straight to PDF (``vanhoa.documents.annex_pdf``):
        what comes before it is kept as DOCX for LibreOffice, and ``annexes`` holds what to draw."""
        if not self.annexes and len(rows) >= FAST_ANNEX_ROWS:
            self._before_annex = self.to_bytes()
        if self._before_annex is not None:
            widths, aligns = self._table_layout(columns, align)
            self.annexes.append(
                AnnexSpec(list(title_lines), [c for c, _ in columns], widths, rows, font_size, aligns,
                          self._landscape if landscape is None else landscape)  # fmt: skip
            )
        if landscape is None or landscape == self._landscape:
            self.page_break()
        else:
            section = self._doc.add_section(WD_SECTION.NEW_PAGE)
            self._setup_section(section, landscape)
            section.different_first_page_header_footer = False
            self._landscape = landscape
        lines = [t.strip() for t in title_lines if t.strip()]
        for text in lines:
            italic = text.startswith("(")
            p = _fmt(self._doc.add_paragraph(), "center", after=0, line=1.0, keep_next=True)
            _add_text(p, text, BODY_SIZE, bold=not italic, italic=italic)
        if lines:
            _rule(self._doc.add_paragraph(), 40, self.text_width_mm, after=12)
        table = self.table(columns, rows, font_size=font_size, align=align)
        self._after_annex = len(self._doc.element.body)
        return table

    def pdf_parts(self) -> tuple[bytes, list[AnnexSpec]] | None:
        """(the DOCX before the long annexes, the annexes) when the annexes end the document, else None."""
        if self._before_annex is None or self._after_annex != len(self._doc.element.body):
            return None
        return self._before_annex, self.annexes

    # ----------------------------------------------------------------- output

    def save(self, path: str | Path) -> Path:
        path = Path(path)
        self._doc.save(str(path))
        return path

    def to_bytes(self) -> bytes:
        buf = io.BytesIO()
        self._doc.save(buf)
        return buf.getvalue()
