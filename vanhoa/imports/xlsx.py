"""Writing lists to .xlsx the way Vietnamese offices read them: Vietnamese headers, a frozen header row with
an autofilter, dates as real dates shown dd/mm/yyyy, numbers as real numbers shown with a thousands
separator (Excel and LibreOffice in the vi locale show 12500000 as 12.500.000).

    from vanhoa.imports.xlsx import Column, write_table
    data = write_table("Danh sách hộ gia đình", [Column("Họ và tên chủ hộ", 28), Column("Số nhân khẩu", kind="int")],
                       rows)

The header is row 1, so the frozen pane is "A2" and the filter covers the whole table. Text cells are written
as text (codes such as "001" keep their zeros); None is an empty cell.

No workbook the application writes carries a live formula made of someone's text: a head's name
`=HYPERLINK("http://…"&A1,"Bấm vào")` must stay a name. Every workbook is written through this module:
`write_table` for lists, and `save(wb)` for the workbooks built cell by cell, which turns every text cell
beginning with = + - @ (or a tab, a carriage return) into plain text shown with Excel's quote prefix. A formula
the application itself puts in a cell (a total) is written with `formula(ws, row, col, text)`.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Any

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter

from vanhoa.core.text import fold, nfc

# number formats: Excel stores the format with "," and "." and shows the separators of the reader's locale
FORMATS = {
    "text": "@",
    "int": "#,##0",
    "money": "#,##0",
    "number": "#,##0.##",
    "decimal1": "#,##0.0",
    "percent": "0.0%",  # the value is a fraction: 0.984 → 98,4%
    "date": "DD/MM/YYYY",
    "datetime": "DD/MM/YYYY HH:MM",
}
DEFAULT_WIDTHS = {"int": 12, "money": 16, "number": 12, "decimal1": 12, "percent": 10, "date": 12, "datetime": 17}
_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")  # control characters XML cannot hold
_SHEET_BAD = re.compile(r"[\[\]:*?/\\]")


@dataclass(frozen=True)
class Column:
    title: str
    width: float | None = None
    kind: str = "text"  # a key of FORMATS

    def __post_init__(self) -> None:
        if self.kind not in FORMATS:
            raise ValueError(f"unknown column kind {self.kind!r}")


def sheet_title(title: str) -> str:
    """A valid worksheet name (≤ 31 characters, none of []:*?/\\)."""
    return (" ".join(_SHEET_BAD.sub(" ", nfc(title)).split()) or "Danh sách")[:31].strip()


def filename(title: str, suffix: str = ".xlsx") -> str:
    """An ASCII file name for a download: 'Danh sách hộ gia đình' → 'danh-sach-ho-gia-dinh.xlsx'."""
    slug = re.sub(r"[^a-z0-9]+", "-", fold(title)).strip("-") or "danh-sach"
    return slug[:80] + suffix


def _value(value: Any, kind: str) -> Any:
    if value is None or value == "":
        return None
    if kind in ("date", "datetime"):
        if isinstance(value, datetime):
            return value.replace(tzinfo=None) if kind == "datetime" else value.date()
        return value
    if kind in ("int", "money", "number", "decimal1", "percent"):
        if isinstance(value, Decimal):
            return int(value) if value == value.to_integral_value() and kind in ("int", "money") else float(value)
        return value
    if isinstance(value, str):
        return _ILLEGAL.sub("", value)
    return value


FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def as_text(cell: Any) -> Any:
    """A cell whose text a spreadsheet would read as a formula keeps it as text (type string, quote prefix)."""
    value = cell.value
    if isinstance(value, str) and value.startswith(FORMULA_START):
        cell.data_type = "s"
        cell.quotePrefix = True
    return cell


def formula(ws: Any, row: int, column: int, text: str) -> Any:
    """A formula the application writes on purpose (a total, a rate): kept live by `save`."""
    cell = ws.cell(row, column, text)
    trusted = ws.__dict__.setdefault("_vanhoa_formulas", set())
    trusted.add(cell.coordinate)
    return cell


def save(wb: Any) -> bytes:
    """The workbook as bytes, every text that would be read as a formula written as text (see the module)."""
    for ws in wb.worksheets:
        trusted = ws.__dict__.get("_vanhoa_formulas", set())
        for cell in getattr(ws, "_cells", {}).values():
            if cell.data_type == "f" and cell.coordinate in trusted:
                continue
            if cell.data_type in ("f", "s"):
                as_text(cell)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def write_table(
    title: str,
    columns: Sequence[Column | str],
    rows: Iterable[Sequence[Any]],
    *,
    sheet: str | None = None,
) -> bytes:
    """One worksheet: header row (bold, shaded, frozen, with an autofilter), then one line per row."""
    cols = [c if isinstance(c, Column) else Column(c) for c in columns]
    wb = Workbook(write_only=True)
    wb.properties.title = nfc(title)
    wb.properties.creator = "vanhoa"
    ws = wb.create_sheet(sheet_title(sheet or title))
    for i, col in enumerate(cols, start=1):
        width = col.width or DEFAULT_WIDTHS.get(col.kind) or max(10, min(40, len(col.title) + 4))
        ws.column_dimensions[get_column_letter(i)].width = width
    ws.freeze_panes = "A2"
    # printed: A4, landscape when wide, fitted to the page width, the header repeated on every page
    ws.page_setup.paperSize = "9"
    ws.page_setup.orientation = "landscape" if sum(c.width or 12 for c in cols) > 90 else "portrait"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_title_rows = "1:1"

    thin = Side(style="thin", color="999999")
    header_font = Font(name="Calibri", size=11, bold=True)
    header_fill = PatternFill("solid", fgColor="DDEBF7")
    header_align = Alignment(horizontal="center", vertical="center", wrap_text=True)
    header_border = Border(top=thin, bottom=thin, left=thin, right=thin)
    header = []
    for col in cols:
        cell = as_text(WriteOnlyCell(ws, value=nfc(col.title)))
        cell.font, cell.fill, cell.alignment, cell.border = header_font, header_fill, header_align, header_border
        header.append(cell)
    ws.append(header)

    formats = [FORMATS[c.kind] for c in cols]
    kinds = [c.kind for c in cols]
    n = 0
    for row in rows:
        n += 1
        out = []
        for value, kind, fmt in zip(row, kinds, formats, strict=True):
            cell = as_text(WriteOnlyCell(ws, value=_value(value, kind)))
            cell.number_format = fmt
            out.append(cell)
        ws.append(out)
    ws.auto_filter.ref = f"A1:{get_column_letter(len(cols))}{n + 1}"

    buf = io.BytesIO()
    wb.save(buf)  # write-only: each cell went through as_text above
    return buf.getvalue()


# --- templates to fill in (downloaded, typed into, imported back) ---------------------------------------------


def template_header(ws: Any, row: int, columns: Sequence[tuple[str, float]]) -> None:
    """A template's header row on an editable sheet: bold, shaded, bordered, wrapped; sets the column widths."""
    thin = Side(style="thin", color="999999")
    for i, (title, width) in enumerate(columns, start=1):
        cell = ws.cell(row=row, column=i, value=nfc(title))
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="DDEBF7")
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        cell.border = Border(top=thin, bottom=thin, left=thin, right=thin)
        ws.column_dimensions[get_column_letter(i)].width = width


def restrict(ws: Any, cells: str, *, title: str, error: str, **rule: Any) -> None:
    """A data-validation rule on `cells` ("F5:F200"): a drop-down list, a whole number, a date range…, refusing
    other values with a Vietnamese message (`rule` as openpyxl's DataValidation takes it)."""
    from openpyxl.worksheet.datavalidation import DataValidation

    dv = DataValidation(allow_blank=True, showErrorMessage=True, errorTitle=title, error=error, **rule)
    ws.add_data_validation(dv)
    dv.add(cells)


def choice_list(ws: Any, cells: str, names: Sequence[str], *, title: str, error: str, **rule: Any) -> None:
    """A drop-down of `names` on `cells`, the names kept on a hidden sheet "DanhMuc" (a list longer than an
    inline one may be)."""
    if not names:
        return
    lists = ws.parent.create_sheet("DanhMuc")
    for i, name in enumerate(names, start=1):
        lists.cell(row=i, column=1, value=nfc(name))
    lists.sheet_state = "hidden"
    restrict(ws, cells, title=title, error=error, type="list", formula1=f"=DanhMuc!$A$1:$A${len(names)}", **rule)
