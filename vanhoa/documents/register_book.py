"""The register printed as a book: one line per number from 01 to the last, in the columns of the sổ đăng ký văn
bản đi (NĐ 30/2020 Phụ lục IV): số, ký hiệu; ngày tháng; tên loại và trích yếu nội dung; người ký; nơi nhận;
ghi chú. A number never used shows its reason, or "Chưa giải trình" until a clerk explains it.
XLSX through the one table writer; DOCX (landscape A4, Times New Roman) for the PDF."""

from __future__ import annotations

import io
from typing import Any

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.section import Section
from docx.shared import Mm, Pt

from vanhoa.core.text import format_date
from vanhoa.documents import register
from vanhoa.documents.models import RegisterBook

COLUMNS = ["Số, ký hiệu", "Ngày tháng", "Tên loại và trích yếu nội dung", "Người ký", "Nơi nhận", "Ghi chú"]
WIDTHS_MM = [30, 24, 110, 38, 40, 35]  # 277 mm: A4 landscape less 20 mm margins
#: The same columns in a spreadsheet, in characters: "226/QĐ-UBND" and "03/07/2026" whole, not cut.
WIDTHS_CHARS = [15, 12, 55, 20, 22, 20]


def title_of(book: RegisterBook) -> str:
    return f"Sổ {register.book_title(book.issuer, book.series).removeprefix('sổ ')} năm {book.year}"


def rows(book: RegisterBook, *, dates: bool = False) -> list[list[Any]]:
    """One line per number; the day as text ("dd/mm/yyyy"), or as a date with ``dates`` (the spreadsheet)."""

    def day(d: Any, missing: str = "") -> Any:
        return missing if d is None else d if dates else format_date(d)

    out = []
    for line in register.lines(book):
        e = line.entry
        if e is None:
            out.append([f"{line.number:02d}", "", "Số chưa dùng", "", "", "Chưa giải trình"])
        elif e.is_void:
            out.append(
                [
                    f"{line.number:02d}",
                    day(e.issued_on),
                    "Số không sử dụng",
                    "",
                    "",
                    e.void_reason,
                ]
            )
        else:
            out.append(
                [
                    e.number_text,
                    day(e.issued_on, "Chưa ghi ngày"),
                    e.summary,
                    e.signer,
                    e.recipients,
                    "",
                ]
            )
    return out


def xlsx_bytes(book: RegisterBook) -> bytes:
    from vanhoa.imports.xlsx import Column, write_table

    cols = [Column(t, w) for t, w in zip(COLUMNS, WIDTHS_CHARS, strict=True)]
    cols[1] = Column(COLUMNS[1], WIDTHS_CHARS[1], kind="date")  # a real date, shown dd/mm/yyyy
    return write_table(title_of(book), cols, rows(book, dates=True), sheet=f"Sổ {book.series} {book.year}")


def _cell_text(cell: Any, text: str, *, bold: bool = False, size: int = 11, center: bool = False) -> None:
    p = cell.paragraphs[0]
    run = p.add_run(text)
    run.bold = bold
    run.font.size = Pt(size)
    if center:
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER


def docx_bytes(book: RegisterBook) -> bytes:
    doc = Document()
    style = doc.styles["Normal"]
    style.font.name = "Times New Roman"
    style.font.size = Pt(12)
    sec = doc.sections[0]
    sec.orientation = WD_ORIENT.LANDSCAPE
    sec.page_width, sec.page_height = Mm(297), Mm(210)
    sec.left_margin = sec.right_margin = sec.top_margin = sec.bottom_margin = Mm(10)
    head = doc.add_paragraph()
    head.alignment = WD_ALIGN_PARAGRAPH.CENTER
    r = head.add_run(title_of(book).upper())
    r.bold = True
    r.font.size = Pt(14)
    _page_footer(sec)
    lines = rows(book)
    table = doc.add_table(rows=1 + len(lines), cols=len(COLUMNS))
    table.style = "Table Grid"
    table.autofit = False
    for col, width in zip(table.columns, WIDTHS_MM, strict=True):
        col.width = Mm(width)
    for i, (text, width) in enumerate(zip(COLUMNS, WIDTHS_MM, strict=True)):
        table.cell(0, i).width = Mm(width)
        _cell_text(table.cell(0, i), text, bold=True, center=True)
    trpr = table.rows[0]._tr.get_or_add_trPr()
    repeat = OxmlElement("w:tblHeader")  # the header row repeats on every page
    trpr.append(repeat)
    for r_i, line in enumerate(lines, start=1):
        for c_i, text in enumerate(line):
            table.cell(r_i, c_i).width = Mm(WIDTHS_MM[c_i])
            _cell_text(table.cell(r_i, c_i), str(text or ""), center=c_i < 2)
    total = doc.add_paragraph()
    used = sum(1 for line in register.lines(book) if not line.gap)
    total.add_run(
        f"Sổ gồm {book.last_number} số, trong đó {used} văn bản đã cấp số và "
        f"{book.last_number - used} số không sử dụng."
    ).italic = True
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()


def _page_footer(section: Section) -> None:
    """ "Trang 3/12" centred at the foot of every page: a book's pages are counted, and a lost sheet shows."""
    p = section.footer.paragraphs[0]
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER

    def run(text: str = "", *, field: str | None = None, char: str | None = None) -> None:
        r = p.add_run(text)
        r.font.size = Pt(11)
        if char is not None:
            el = OxmlElement("w:fldChar")
            el.set(qn("w:fldCharType"), char)
            r._r.append(el)
        if field is not None:
            instr = OxmlElement("w:instrText")
            instr.set(qn("xml:space"), "preserve")
            instr.text = f" {field} "
            r._r.append(instr)

    run("Trang ")
    for field in ("PAGE", "NUMPAGES"):
        run(char="begin")
        run(field=field)
        run(char="separate")
        run("1")
        run(char="end")
        if field == "PAGE":
            run("/")
