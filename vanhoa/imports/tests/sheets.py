"""Spreadsheets built in memory for the import tests (also used by samples.py for the URL walk)."""

from __future__ import annotations

import io

from openpyxl import Workbook

HEADERS = ["STT", "Mã hộ", "Họ và tên chủ hộ", "Tổ dân phố", "Địa chỉ", "Số nhân khẩu", "Số điện thoại", "Ngày đến"]


def xlsx(rows, headers=HEADERS, sheets=None) -> bytes:
    """A workbook with a title row, the header on row 3 and `rows` from row 4 (so row numbers are i + 4)."""
    wb = Workbook()
    ws = wb.active
    ws.title = "Danh sách hộ"
    ws.append(["DANH SÁCH HỘ GIA ĐÌNH"])
    ws.append([])
    ws.append(headers)
    for row in rows:
        ws.append(list(row))
    for name, extra in (sheets or {}).items():
        other = wb.create_sheet(name)
        other.append(headers)
        for row in extra:
            other.append(list(row))
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()
