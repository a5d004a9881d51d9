"""Spreadsheets and the printable PDF: the 18/11 festival summary (XLSX) and the public list of contributions
(XLSX, and a PDF made with WeasyPrint from the same template as the printable page)."""

from __future__ import annotations

from typing import Any

from django.template.loader import render_to_string
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from vanhoa.activities.reports import FestivalSummary
from vanhoa.imports import xlsx
from vanhoa.units.models import Unit

MONEY = "#,##0"  # shown with the reader's separators (12.500.000 in a Vietnamese Excel)
DATE = "DD/MM/YYYY"
BOLD = Font(bold=True)


def _sheet(title: str, heading: list[str], columns: list[tuple[str, int]]) -> tuple[Workbook, Any]:
    wb = Workbook()
    ws = wb.active
    ws.title = title[:31]
    for line in heading:
        ws.append([line])
        ws.cell(ws.max_row, 1).font = BOLD
    ws.append([])
    ws.append([c for c, _ in columns])
    for n, (_, width) in enumerate(columns, start=1):
        ws.column_dimensions[get_column_letter(n)].width = width
        ws.cell(ws.max_row, n).font = BOLD
        ws.cell(ws.max_row, n).alignment = Alignment(wrap_text=True, vertical="center")
    ws.freeze_panes = f"A{ws.max_row + 1}"
    return wb, ws


def _bytes(wb: Workbook) -> bytes:
    return xlsx.save(wb)  # text that would read as a formula is written as text


def festival_xlsx(summary: FestivalSummary) -> bytes:
    columns = [("TT", 5), ("Tổ dân phố", 24), ("Tình hình", 16), ("Ngày tổ chức", 14), ("Số người tham gia", 12),
               ("Số hộ tham dự", 12), ("Số ảnh", 8)]
    if summary.with_funds:
        columns += [("Ngân sách hỗ trợ (đồng)", 16), ("Xã hội hóa – tiền (đồng)", 16),
                    ("Xã hội hóa – hiện vật (đồng)", 16), ("Đã chi (đồng)", 16)]
    wb, ws = _sheet(
        f"Ngày hội {summary.year}",
        [f"TỔNG HỢP NGÀY HỘI ĐẠI ĐOÀN KẾT TOÀN DÂN TỘC NĂM {summary.year}", summary.ward.name],
        columns,
    )
    first = ws.max_row + 1
    for n, row in enumerate(summary.rows, start=1):
        f = row.festival
        values: list[Any] = [
            n, row.group.name_on(f.held_on) if f and f.held_on else row.group.name, row.status,
            f.held_on if f and f.held_on else None,
            f.participants if row.held else None, f.households_attending if row.held else None, row.photos,
        ]
        if summary.with_funds:
            funds = row.funds or {}
            values += [funds.get(k, 0) if f else None for k in ("budget", "donation_cash", "donation_in_kind", "spent")]
        ws.append(values)
    totals: list[Any] = ["", "Cộng", f"{summary.held}/{summary.total} tổ đã tổ chức", "", summary.participants,
                         summary.households, summary.photos]
    if summary.with_funds:
        totals += [summary.funds_total(k) for k in ("budget", "donation_cash", "donation_in_kind", "spent")]
    ws.append(totals)
    for cell in ws[ws.max_row]:
        cell.font = BOLD
    for r in range(first, ws.max_row + 1):
        ws.cell(r, 4).number_format = DATE  # a real date, dd/mm/yyyy
        for c in range(5, 12 if summary.with_funds else 8):
            ws.cell(r, c).number_format = MONEY  # 1.130 người, 8.000.000 đồng
    return _bytes(wb)


def public_list_xlsx(ward: Unit, year: int, rows: list[dict[str, Any]], total: int) -> bytes:
    wb, ws = _sheet(
        f"Ủng hộ {year}",
        [f"DANH SÁCH CÔNG KHAI CÁC KHOẢN ỦNG HỘ NĂM {year}", ward.name],
        [("TT", 5), ("Tổ chức, cá nhân ủng hộ", 34), ("Nội dung", 30), ("Hình thức", 12), ("Giá trị (đồng)", 16)],
    )
    for n, r in enumerate(rows, start=1):
        ws.append([n, r["name"], r["what"], "Hiện vật" if r["in_kind"] else "Tiền", r["value"]])
        ws.cell(ws.max_row, 5).number_format = MONEY
    ws.append(["", "Cộng", "", "", total])
    ws.cell(ws.max_row, 5).number_format = MONEY
    for cell in ws[ws.max_row]:
        cell.font = BOLD
    return _bytes(wb)


def public_list_pdf(ward: Unit, year: int, rows: list[dict[str, Any]], total: int) -> bytes:
    from weasyprint import HTML

    html = render_to_string("activities/public_list_print.html",
                            {"rows": rows, "total": total, "year": year, "ward": ward})
    return HTML(string=html).write_pdf()
