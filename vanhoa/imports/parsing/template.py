"""The downloadable household-list template (headers, an example row, drop-down lists)."""

from __future__ import annotations

import datetime as dt

from vanhoa.imports.parsing.cells import _clean

# --------------------------------------------------------------------------
# Template
# --------------------------------------------------------------------------

TEMPLATE_HEADERS = [
    ("STT", 6),
    ("Mã hộ", 13),
    ("Họ và tên chủ hộ", 26),
    ("Tổ dân phố", 20),
    ("Địa chỉ", 32),
    ("Số nhân khẩu", 12),
    ("Số điện thoại", 15),
    ("Ngày đến", 13),
    ("Ghi chú", 28),
]
TEMPLATE_EXAMPLE_NOTE = "Dòng ví dụ – hãy xoá trước khi nhập"


def build_template(groups: list[str]) -> bytes:
    """A downloadable .xlsx template: Vietnamese headers, one example row,
    a drop-down list of the groups, frozen header."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    from vanhoa.imports.xlsx import choice_list, restrict, save, template_header

    groups = [_clean(str(g)) for g in groups if _clean(str(g))]
    wb = Workbook()
    ws = wb.active
    ws.title = "Danh sách hộ"
    ncol = len(TEMPLATE_HEADERS)
    last = get_column_letter(ncol)
    ws["A1"] = "DANH SÁCH HỘ GIA ĐÌNH"
    ws["A1"].font = Font(bold=True, size=14)
    ws["A1"].alignment = Alignment(horizontal="center")
    ws.merge_cells(f"A1:{last}1")
    ws["A2"] = (
        "Mỗi hộ một dòng. Cột «Tổ dân phố» chọn trong danh sách; «Ngày đến» ghi dạng "
        "ngày/tháng/năm; «Số điện thoại» ghi đủ 10 số."
    )
    ws["A2"].font = Font(italic=True, size=10)
    ws.merge_cells(f"A2:{last}2")
    header_row = 3
    template_header(ws, header_row, TEMPLATE_HEADERS)
    example = [
        1,
        "HGĐ-00001",
        "Nguyễn Văn Anh",
        groups[0] if groups else "",
        "Số 12, đường Trần Phú",
        4,
        "0912345678",
        dt.date(2020, 3, 15),
        TEMPLATE_EXAMPLE_NOTE,
    ]
    ex_row = header_row + 1
    for i, v in enumerate(example, start=1):
        cell = ws.cell(row=ex_row, column=i, value=v)
        cell.font = Font(italic=True, color="7F7F7F")
    last_row = 5000
    for col, fmt in (("B", "@"), ("G", "@"), ("H", "DD/MM/YYYY")):
        for r in range(ex_row, ex_row + 200):
            ws[f"{col}{r}"].number_format = fmt
    ws.freeze_panes = ws.cell(row=header_row + 1, column=1)
    ws.auto_filter.ref = f"A{header_row}:{last}{header_row}"

    cells = f"{{col}}{ex_row}:{{col}}{last_row}"
    choice_list(ws, cells.format(col="D"), groups, title="Tổ dân phố không hợp lệ",
                error="Hãy chọn tổ dân phố trong danh sách.", promptTitle="Tổ dân phố",
                prompt="Chọn tổ dân phố trong danh sách")  # fmt: skip
    restrict(ws, cells.format(col="F"), title="Số nhân khẩu không hợp lệ",
             error="Số nhân khẩu phải là số nguyên dương.", type="whole", operator="greaterThan",
             formula1="0")  # fmt: skip
    restrict(ws, cells.format(col="H"), title="Ngày không hợp lệ",
             error="Ghi ngày dạng ngày/tháng/năm, ví dụ 15/03/2020.", type="date", operator="greaterThan",
             formula1="3653")  # fmt: skip

    return save(wb)
