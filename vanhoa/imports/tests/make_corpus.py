"""Generate the corpus of ugly household spreadsheets used by test_parsing.py.

    .venv/bin/python -m vanhoa.imports.tests.make_corpus

Every file ``corpus/<name>`` gets a ``corpus/<name>.expected.json`` next to it:

    {"error": "…substring of the ImportFileError message…"}
    {"rows": n, "rejected": [[row, "column header", "message substring"], …],
     "skipped": n, "first": {field: value, …},
     # optional:
     "groups": {key: name}      groups passed to parse_households (default GROUPS)
     "sheet_arg": "…"           sheet passed to parse_households
     "sheet": "…"               the sheet expected to be picked
     "header_row": n, "columns": {field: header text},
     "check": {"<row>": {field: value, …}}}   (dates as "YYYY-MM-DD")

Files are written with openpyxl.  Three kinds need outside tools and are
committed as small binaries; they are rebuilt only when the tool is there:

* ``.xls`` / ``.ods``: converted from a generated .xlsx by
  ``soffice --headless --convert-to`` (Debian: libreoffice-calc-nogui);
* the password-protected file: encrypted with ``msoffcrypto-tool``, run from a
  throwaway venv (``python3 -m venv /tmp/crypt && /tmp/crypt/bin/pip install
  msoffcrypto-tool``) — it is not a dependency of the project.

The 10,000-row file is not stored: test_parsing.py builds it in a tmp dir.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import shutil
import subprocess
import sys
import tempfile
import unicodedata
import zipfile
from collections.abc import Callable
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill

CORPUS = Path(__file__).resolve().parent / "corpus"

# Phường Quyết Tiến (Lai Châu): 8 tổ dân phố; keys are the app's group ids.
GROUPS = {str(11 + i): f"Tổ dân phố số {i}" for i in range(1, 9)}  # "12" … "19"

FIXED_TIME = dt.datetime(2024, 3, 15, 8, 0, 0)
PASSWORD = "QuyetTien@2024"

BUILDERS: dict[str, Callable[[], tuple[bytes | None, dict]]] = {}
CONVERT: dict[str, str] = {}  # name -> "xls" | "ods" | "encrypt"


def corpus_file(name: str, convert: str | None = None):
    def deco(fn):
        BUILDERS[name] = fn
        if convert:
            CONVERT[name] = convert
        return fn

    return deco


# --------------------------------------------------------------------------
# helpers
# --------------------------------------------------------------------------


def nfd(s: str) -> str:
    return unicodedata.normalize("NFD", s)


def new_wb(title: str = "Danh sách") -> tuple[Workbook, object]:
    wb = Workbook()
    ws = wb.active
    ws.title = title
    return wb, ws


def put(ws, rows: list[list], start: int = 1) -> None:
    for i, row in enumerate(rows):
        for j, v in enumerate(row):
            if v is not None:
                c = ws.cell(row=start + i, column=j + 1, value=v)
                if isinstance(v, dt.datetime):
                    c.number_format = "DD/MM/YYYY HH:MM"
                elif isinstance(v, dt.date):
                    c.number_format = "DD/MM/YYYY"


def title(ws, cell_range: str, text: str) -> None:
    first = cell_range.split(":")[0]
    ws[first] = text
    ws[first].font = Font(bold=True)
    ws[first].alignment = Alignment(horizontal="center")
    ws.merge_cells(cell_range)


def save(wb: Workbook) -> bytes:
    wb.properties.creator = "UBND phường Quyết Tiến"
    wb.properties.created = FIXED_TIME
    wb.properties.modified = FIXED_TIME
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


HEADER = [
    "STT",
    "Mã hộ",
    "Họ và tên chủ hộ",
    "Tổ dân phố",
    "Địa chỉ",
    "Số nhân khẩu",
    "Số điện thoại",
    "Ngày đến",
    "Ghi chú",
]


def ok(rows: int, first: dict | None = None, rejected=(), skipped: int = 0, **extra) -> dict:
    exp = {"rows": rows, "rejected": [list(r) for r in rejected], "skipped": skipped}
    if first:
        exp["first"] = first
    exp.update(extra)
    return exp


# --------------------------------------------------------------------------
# the corpus
# --------------------------------------------------------------------------


def _basic_wb() -> Workbook:
    wb, ws = new_wb()
    put(
        ws,
        [
            HEADER,
            [1, "HGĐ-00001", "Nguyễn Văn Anh", "Tổ dân phố số 1", "Số 12, đường Trần Phú", 4, "0912345678",
             dt.date(2015, 3, 15), ""],
            [2, "HGĐ-00002", "Lò Văn Páo", "Tổ dân phố số 2", "Số 5, đường Võ Nguyên Giáp", 6, "0987654321",
             dt.date(2018, 7, 1), "Hộ nghèo"],
            [3, "HGĐ-00003", "Đỗ Thị Dung", "Tổ dân phố số 3", "Số 21, đường Lê Duẩn", 3, "0355123456", None, None],
            [4, "HGĐ-00004", "Hoàng Thị Ánh", "Tổ dân phố số 4", "Ngõ 5, đường Hoàng Hoa Thám", 2, None,
             dt.date(2020, 1, 10), None],
            [5, "HGĐ-00005", "Vàng A Sáng", "Tổ dân phố số 5", "Số 8, đường 30/4", 7, "0396555888", None,
             "Dân tộc Mông"],
            [6, "HGĐ-00006", "Tòng Thị Phương", "Tổ dân phố số 8", "Số 102, đường Trần Hưng Đạo", 5, "0868111222",
             dt.date(2010, 11, 20), None],
        ],
    )  # fmt: skip
    return wb


@corpus_file("01_basic.xlsx")
def basic():
    return save(_basic_wb()), ok(
        6,
        {"head_name": "Nguyễn Văn Anh", "group_key": "12", "member_count": 4},
        header_row=1,
        columns={
            "code": "Mã hộ",
            "head_name": "Họ và tên chủ hộ",
            "group": "Tổ dân phố",
            "address": "Địa chỉ",
            "member_count": "Số nhân khẩu",
            "phone": "Số điện thoại",
            "moved_in": "Ngày đến",
            "note": "Ghi chú",
        },
        check={
            "2": {"code": "HGĐ-00001", "phone": "0912345678", "moved_in": "2015-03-15", "note": ""},
            "3": {"note": "Hộ nghèo", "address": "Số 5, đường Võ Nguyên Giáp"},
            "7": {"phone": "0868111222", "group_key": "19", "moved_in": "2010-11-20", "code": "HGĐ-00006"},
        },
    )


@corpus_file("02_title_rows.xlsx")
def title_rows():
    wb, ws = new_wb()
    title(ws, "A1:C1", "UBND PHƯỜNG QUYẾT TIẾN")
    title(ws, "E1:I1", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM")
    title(ws, "A2:C2", "BAN CÔNG TÁC MẶT TRẬN")
    title(ws, "E2:I2", "Độc lập - Tự do - Hạnh phúc")
    title(ws, "A4:I4", "DANH SÁCH HỘ GIA ĐÌNH NĂM 2024")
    title(ws, "A5:I5", "(Kèm theo Báo cáo số 12/BC-UBND ngày 05/01/2024 của UBND phường Quyết Tiến)")
    put(
        ws,
        [
            ["STT", "Họ và tên chủ hộ", "Tổ dân phố", "Địa chỉ", "Số nhân khẩu", "Ghi chú"],
            [1, "Lường Văn Thắng", "Tổ dân phố số 6", "Số 2, đường Trần Phú", 5, None],
            [2, "Vương Văn Hùng", "Tổ dân phố số 6", "Số 4, đường Trần Phú", 4, None],
            [3, "Điêu Chính Tơi", "Tổ dân phố số 7", "Số 6, đường Trần Phú", 6, None],
            [4, "Lê Thị Hằng", "Tổ dân phố số 7", "Số 8, đường Trần Phú", 3, None],
            [5, "Sùng A Dào", "Tổ dân phố số 7", "Số 10, đường Trần Phú", 8, "Hộ cận nghèo"],
        ],
        start=7,
    )
    return save(wb), ok(
        5,
        {"head_name": "Lường Văn Thắng", "group_key": "17", "member_count": 5},
        header_row=7,
        check={"12": {"note": "Hộ cận nghèo", "group_key": "18"}},
    )


@corpus_file("03_merged_header.xlsx")
def merged_header():
    wb, ws = new_wb()
    title(ws, "A1:J1", "DANH SÁCH HỘ GIA ĐÌNH TỔ DÂN PHỐ SỐ 3")
    for col, text in (("A", "STT"), ("B", "Mã hộ"), ("E", "Tổ dân phố"), ("F", "Địa chỉ"), ("J", "Ghi chú")):
        ws[f"{col}3"] = text
        ws.merge_cells(f"{col}3:{col}4")
    ws["C3"] = "Chủ hộ"
    ws.merge_cells("C3:D3")
    ws["C4"], ws["D4"] = "Họ và tên", "Số điện thoại"
    ws["G3"] = "Số nhân khẩu"
    ws.merge_cells("G3:I3")
    ws["G4"], ws["H4"], ws["I4"] = "Tổng", "Nam", "Nữ"
    put(
        ws,
        [
            [1, "HGĐ-00301", "Lò Thị Xuân", "0912000301", "Tổ dân phố số 3", "Số 3, đường Trần Phú", 4, 2, 2, None],
            [2, "HGĐ-00302", "Giàng A Chư", "0912000302", "TDP số 03", "Số 7, đường Trần Phú", 5, 3, 2, None],
            [3, "HGĐ-00303", "Tẩn Láo Lở", "091200030", "Tổ 3", "Số 9, đường Trần Phú", 3, 1, 2, None],
            [4, "HGĐ-00304", "Bàn Văn Hải", None, "Tổ 3", "Số 11, đường Trần Phú", 6, 3, 3, None],
            [5, "HGĐ-00305", "Chẻo Lở Mẩy", "0388123456", "3", "Số 15, đường Trần Phú", 2, 1, 1, "Mới chuyển đến"],
        ],
        start=5,
    )
    return save(wb), ok(
        4,
        {"head_name": "Lò Thị Xuân", "group_key": "14", "member_count": 4, "phone": "0912000301"},
        rejected=[[7, "Số điện thoại", "Số điện thoại «091200030» không hợp lệ"]],
        header_row=3,
        columns={
            "code": "Mã hộ",
            "head_name": "Họ và tên",
            "phone": "Số điện thoại",
            "group": "Tổ dân phố",
            "address": "Địa chỉ",
            "member_count": "Số nhân khẩu / Tổng",
            "note": "Ghi chú",
        },
        check={"8": {"phone": None, "member_count": 6}, "9": {"group_key": "14", "note": "Mới chuyển đến"}},
    )


@corpus_file("04_no_diacritics.xlsx")
def no_diacritics():
    wb, ws = new_wb("Sheet1")
    put(
        ws,
        [
            ["STT", "Ma HGD", "Ho ten chu ho", "To dan pho", "Dia chi", "So khau", "SDT"],
            [1, "HGD-0401", "Nguyen Van Binh", "to dan pho 4", "So 4, duong Le Loi", 3, "0912000401"],
            [2, "HGD-0402", "Lo Van Tuan", "TDP 4", "So 6, duong Le Loi", "5", "0912000402"],
            [3, "HGD-0403", "Tong Thi Lan", "to 4", "So 8, duong Le Loi", 4.0, "+84912000403"],
            [4, "HGD-0404", "Vang A Pao", "Tổ dân phố 5", "So 10, duong Le Loi", 2, None],
        ],
    )
    return save(wb), ok(
        4,
        {"head_name": "Nguyen Van Binh", "group_key": "15", "member_count": 3},
        columns={
            "code": "Ma HGD",
            "head_name": "Ho ten chu ho",
            "group": "To dan pho",
            "address": "Dia chi",
            "member_count": "So khau",
            "phone": "SDT",
        },
        check={"4": {"head_name": "Tong Thi Lan", "phone": "0912000403"}, "5": {"group_key": "16"}},
    )


@corpus_file("05a_header_variants.xlsx")
def header_variants_a():
    wb, ws = new_wb()
    put(
        ws,
        [
            ["TT", "Mã HGĐ", "Tên chủ hộ", "TDP", "Số nhà", "SL nhân khẩu", "Điện thoại", "Ngày đăng ký"],
            [1, "QT-0501", "Phạm Văn Quyết", "TDP 1", "Số 2, đường Trần Phú", 4, "0912000501", dt.date(2019, 5, 6)],
            [2, "QT-0502", "Trần Thị Hoa", "TDP 2", "Số 4, đường Trần Phú", 3, "0912000502", dt.date(2019, 6, 7)],
            [3, "QT-0503", "Sùng A Dào", "TDP 1", "Số 6, đường Trần Phú", 8, "0912000503", None],
        ],
    )
    return save(wb), ok(
        3,
        {"head_name": "Phạm Văn Quyết", "group_key": "12", "member_count": 4, "moved_in": "2019-05-06"},
        columns={
            "code": "Mã HGĐ",
            "head_name": "Tên chủ hộ",
            "group": "TDP",
            "address": "Số nhà",
            "member_count": "SL nhân khẩu",
            "phone": "Điện thoại",
            "moved_in": "Ngày đăng ký",
        },
    )


@corpus_file("05b_header_variants.xlsx")
def header_variants_b():
    wb, ws = new_wb()
    put(
        ws,
        [
            ["Số TT", "Chủ hộ", "Dân tộc", "Tổ", "Địa chỉ thường trú", "Nhân khẩu", "SĐT", "Ngày đến", "Ghi chú"],
            [1, "Lường Văn Thắng", "Thái", "Tổ 7", "Số 1, đường Nguyễn Trãi", 5, "0912000601", None, None],
            [2, "Vương Văn Hùng", "Kinh", "Tổ 8", "Số 3, đường Nguyễn Trãi", 4, "0912000602", None, None],
            [3, "Điêu Chính Tơi", "Thái", "Tổ 7", "Số 5, đường Nguyễn Trãi", 6, "0912000603", None, None],
        ],
    )
    return save(wb), ok(
        3,
        {"head_name": "Lường Văn Thắng", "group_key": "18", "member_count": 5},
        columns={
            "head_name": "Chủ hộ",
            "group": "Tổ",
            "address": "Địa chỉ thường trú",
            "member_count": "Nhân khẩu",
            "phone": "SĐT",
            "moved_in": "Ngày đến",
            "note": "Ghi chú",
        },
    )


@corpus_file("06_nfd_mixture.xlsx")
def nfd_mixture():
    wb, ws = new_wb()
    put(
        ws,
        [
            [nfd(h) for h in HEADER],
            [1, nfd("HỘ-0601"), nfd("Hoàng Thị Ánh"), nfd("Tổ dân phố số 2"), nfd("Số 14, đường Trần Phú"), 4,
             "0912000611", None, None],
            [2, "HỘ-0602", "Đỗ Thị Dung", "Tổ dân phố số 2", "Số 16, đường Trần Phú", 3, "0912000612", None, None],
            [3, nfd("HỘ-0603"), nfd("Nguyễn Thị Hằng"), nfd("tổ 2"), nfd("Số 18, đường Trần Phú"), 2, None, None,
             nfd("Hộ mới tách")],
            [4, "HỘ-0604", nfd("Nguyễn") + " Văn Tiến", "Tổ dân phố số 2", "Số 20, đường Trần Phú", 5, None, None,
             None],
            [5, nfd("HỘ-0602"), nfd("Lò Văn Páo"), "Tổ dân phố số 2", "Số 22, đường Trần Phú", 4, None, None, None],
        ],
    )  # fmt: skip
    return save(wb), ok(
        4,
        {"head_name": "Hoàng Thị Ánh", "group_key": "13", "member_count": 4, "code": "HỘ-0601"},
        rejected=[[6, "Mã hộ", "Mã hộ «HỘ-0602» bị trùng với dòng 3"]],
        check={
            "4": {"head_name": "Nguyễn Thị Hằng", "code": "HỘ-0603", "note": "Hộ mới tách", "group_key": "13"},
            "5": {"head_name": "Nguyễn Văn Tiến"},
        },
    )


@corpus_file("07_whitespace.xlsx")
def whitespace():
    wb, ws = new_wb()
    header = list(HEADER)
    header[2] = " Họ và tên\nchủ hộ "
    header[3] = "Tổ\u00a0dân phố"
    header[5] = "Số  nhân khẩu"
    put(
        ws,
        [
            header,
            [1, " HGĐ-00701 ", "  Nguyễn\u00a0Văn   Anh\t", "Tổ\u00a01", "Số 1,\tđường Trần Phú  ", " 4 ",
             "0912 345 701", None, "  "],
            ["", "   ", "\u00a0", "\t", None, " ", "\u200b", None, None],
            [2, "HGĐ-00702", "Lò \u200bVăn Páo", "\tTổ dân phố số 2 ", "Số 3, đường Trần Phú", 5.0,
             "\u00a00912.345.702", None, None],
            [3, "HGĐ-00703", "Đỗ   Thị\r\nDung", "TDP  số  3", "\u00a0", 2, "", None, None],
            [4, "\u200b", "Tòng Thị Phương", "Tổ dân phố số 4", "Số 7, đường Trần Phú", 3, None, None, None],
        ],
    )  # fmt: skip
    return save(wb), ok(
        4,
        {
            "head_name": "Nguyễn Văn Anh",
            "code": "HGĐ-00701",
            "group_key": "12",
            "member_count": 4,
            "phone": "0912345701",
            "address": "Số 1, đường Trần Phú",
            "note": "",
        },
        skipped=1,
        columns={
            "code": "Mã hộ",
            "head_name": "Họ và tên chủ hộ",
            "group": "Tổ dân phố",
            "address": "Địa chỉ",
            "member_count": "Số nhân khẩu",
            "phone": "Số điện thoại",
            "moved_in": "Ngày đến",
            "note": "Ghi chú",
        },
        check={
            "4": {"head_name": "Lò Văn Páo", "phone": "0912345702", "group_key": "13", "member_count": 5},
            "5": {"head_name": "Đỗ Thị Dung", "address": "", "group_key": "14", "phone": None},
            "6": {"code": None, "group_key": "15"},
        },
    )


@corpus_file("08_dates.xlsx")
def dates():
    wb, ws = new_wb()
    put(
        ws,
        [
            ["STT", "Họ và tên chủ hộ", "Tổ dân phố", "Số nhân khẩu", "Ngày đến"],
            [1, "Nguyễn Văn Anh", "Tổ 1", 4, dt.date(2019, 3, 15)],
            [2, "Lò Văn Páo", "Tổ 1", 3, 43831],  # an Excel serial in a General cell
            [3, "Đỗ Thị Dung", "Tổ 1", 2, "15/03/2019"],
            [4, "Hoàng Thị Ánh", "Tổ 2", 5, dt.datetime(2021, 7, 4, 8, 30)],
            [5, "Vàng A Sáng", "Tổ 2", 6, "2018-05-06"],
            [6, "Tòng Thị Phương", "Tổ 2", 4, "5/6/19"],
            [7, "Lò Thị Xuân", "Tổ 3", 3, "31/02/2020"],
            [8, "Giàng A Chư", "Tổ 3", 5, "hôm qua"],
            [9, "Tẩn Láo Lở", "Tổ 3", 4, "01/01/2099"],
            [10, "Chẻo Lở Mẩy", "Tổ 4", 2, None],
            [11, "Bàn Văn Hải", "Tổ 4", 3, "ngày 2 tháng 9 năm 2015"],
            [12, "Sùng A Dào", "Tổ 4", 3, "15.08.2017"],
            [13, "Phạm Văn Quyết", "Tổ 4", 3, 2019],
        ],
    )
    return save(wb), ok(
        9,
        {"head_name": "Nguyễn Văn Anh", "group_key": "12", "member_count": 4, "moved_in": "2019-03-15"},
        rejected=[
            [8, "Ngày đến", "Ngày không hợp lệ «31/02/2020»"],
            [9, "Ngày đến", "Ngày không hợp lệ «hôm qua»"],
            [10, "Ngày đến", "tương lai"],
            [14, "Ngày đến", "Ngày không hợp lệ «2019»"],
        ],
        check={
            "3": {"moved_in": "2020-01-01"},
            "4": {"moved_in": "2019-03-15"},
            "5": {"moved_in": "2021-07-04"},
            "6": {"moved_in": "2018-05-06"},
            "7": {"moved_in": "2019-06-05"},
            "11": {"moved_in": None},
            "12": {"moved_in": "2015-09-02"},
            "13": {"moved_in": "2017-08-15"},
        },
    )


@corpus_file("09_member_counts.xlsx")
def member_counts():
    wb, ws = new_wb()
    put(
        ws,
        [
            ["STT", "Họ và tên chủ hộ", "Tổ dân phố", "Số nhân khẩu"],
            [1, "Nguyễn Văn Anh", "Tổ 1", "4"],
            [2, "Lò Văn Páo", "Tổ 1", 4.0],
            [3, "Đỗ Thị Dung", "Tổ 1", "4 người"],
            [4, "Hoàng Thị Ánh", "Tổ 1", None],
            [5, "Vàng A Sáng", "Tổ 2", "bốn"],
            [6, "Tòng Thị Phương", "Tổ 2", -2],
            [7, "Lò Thị Xuân", "Tổ 2", 0],
            [8, "Giàng A Chư", "Tổ 2", 3.5],
            [9, "Tẩn Láo Lở", "Tổ 3", "05"],
            [10, "Chẻo Lở Mẩy", "Tổ 3", "7 nhân khẩu"],
            [11, "Bàn Văn Hải", "Tổ 3", "-"],
        ],
    )
    msg = "Số nhân khẩu phải là số nguyên dương"
    return save(wb), ok(
        7,
        {"head_name": "Nguyễn Văn Anh", "group_key": "12", "member_count": 4},
        rejected=[[r, "Số nhân khẩu", msg] for r in (6, 7, 8, 9)],
        check={
            "3": {"member_count": 4},
            "4": {"member_count": 4},
            "5": {"member_count": None},
            "10": {"member_count": 5},
            "11": {"member_count": 7},
            "12": {"member_count": None},
        },
    )


@corpus_file("10_blank_rows.xlsx")
def blank_rows():
    wb, ws = new_wb()
    ws["A1"] = "DANH SÁCH HỘ"
    header = ["STT", "Họ và tên chủ hộ", "Tổ dân phố", "Địa chỉ", "Số nhân khẩu"]
    put(ws, [header], start=2)
    put(ws, [[1, "Nguyễn Văn Anh", "Tổ 5", "Số 1, đường Lê Lợi", 4]], start=3)
    put(ws, [[2, "Lò Văn Páo", "Tổ 5", "Số 3, đường Lê Lợi", 5]], start=5)
    put(ws, [[3, "Đỗ Thị Dung", "Tổ 5", "Số 5, đường Lê Lợi", 3]], start=8)
    put(ws, [["", " ", "", "\u00a0", ""]], start=9)
    put(ws, [[4, "Hoàng Thị Ánh", "Tổ 6", "Số 7, đường Lê Lợi", 2]], start=10)
    fill = PatternFill("solid", fgColor="FFFF00")
    for r in range(11, 16):  # formatted but empty trailing rows
        for c in range(1, 6):
            ws.cell(row=r, column=c).fill = fill
    ws["P12"] = "nháp: 14 hộ"  # outside the table, ignored
    return save(wb), ok(
        4,
        {"head_name": "Nguyễn Văn Anh", "group_key": "16", "member_count": 4},
        skipped=4,
        header_row=2,
    )


@corpus_file("11_sections_subtotals.xlsx")
def sections_subtotals():
    wb, ws = new_wb()
    title(ws, "A1:F1", "DANH SÁCH HỘ GIA ĐÌNH PHƯỜNG QUYẾT TIẾN")
    put(ws, [["STT", "Họ và tên chủ hộ", "Địa chỉ", "Số nhân khẩu", "Số điện thoại", "Ghi chú"]], start=2)
    title(ws, "A3:F3", "TỔ DÂN PHỐ SỐ 1")
    put(
        ws,
        [
            [1, "Nguyễn Văn Anh", "Số 1, đường Trần Phú", 4, "0912001101", None],
            [2, "Tống Văn Hải", "Số 3, đường Trần Phú", 3, "0912001102", None],
            [None, "Cộng tổ 1", None, 7, None, None],
        ],
        start=4,
    )
    title(ws, "A7:F7", "TỔ DÂN PHỐ SỐ 2")
    put(
        ws,
        [
            [3, "Lò Văn Páo", "Số 2, đường Lê Duẩn", 5, "0912001103", None],
            [4, "Đỗ Thị Dung", "Số 4, đường Lê Duẩn", 2, None, None],
            ["Cộng", None, None, 7, None, None],
        ],
        start=8,
    )
    title(ws, "A11:F11", "II. TỔ DÂN PHỐ SỐ 9")
    put(ws, [[5, "Hoàng Thị Ánh", "Số 6, đường Lê Duẩn", 3, "0912001105", None]], start=12)
    title(ws, "A13:F13", "TỔ DÂN PHỐ SỐ 3")
    put(
        ws,
        [
            [6, "Vàng A Sáng", "Số 8, đường Võ Nguyên Giáp", 6, "0912001106", None],
            ["Cộng tổ 3", None, None, 6, None, None],
        ],
        start=14,
    )
    title(ws, "A16:B16", "Tổng cộng")
    ws["D16"] = 23
    return save(wb), ok(
        5,
        {"head_name": "Nguyễn Văn Anh", "group_key": "12", "member_count": 4},
        rejected=[[12, "Tổ dân phố", "Không tìm thấy tổ dân phố «TỔ DÂN PHỐ SỐ 9»"]],
        skipped=8,
        header_row=2,
        check={
            "5": {"head_name": "Tống Văn Hải", "group_key": "12"},
            "8": {"group_key": "13", "group_raw": "TỔ DÂN PHỐ SỐ 2"},
            "14": {"group_key": "14"},
        },
    )


@corpus_file("12_totals_footer.xlsx")
def totals_footer():
    wb, ws = new_wb()
    put(
        ws,
        [
            ["STT", "Mã hộ", "Họ và tên chủ hộ", "Tổ dân phố", "Địa chỉ", "Số nhân khẩu"],
            [1, "HGĐ-01201", "Nguyễn Văn Anh", "Tổ 5", "Số 2, đường 19/8", 4],
            [2, "HGĐ-01202", "Lò Văn Páo", "Tổ 5", "Số 4, đường 19/8", 6],
            [3, "HGĐ-01203", "Tòng Thị Phương", "Tổ 6", "Số 6, đường 19/8", 5],
            [4, "HGĐ-01204", "Vàng A Sáng", "Tổ 6", "Số 8, đường 19/8", 3],
            [None, None, None, None, None, 18],
            ["Tổng cộng", None, None, None, None, 18],
            [None, None, "Tổng số hộ: 4", None, None, None],
            [],
            [None, None, None, None, "Quyết Tiến, ngày 15 tháng 3 năm 2024", None],
            [None, "Người lập biểu", None, None, "TM. UBND PHƯỜNG", None],
            [None, "(Ký, ghi rõ họ tên)", None, None, "CHỦ TỊCH", None],
            [],
            [],
            [None, "Lò Thị Xuân", None, None, "Nguyễn Văn Bình", None],
        ],
    )
    return save(wb), ok(
        4,
        {"head_name": "Nguyễn Văn Anh", "group_key": "16", "member_count": 4},
        skipped=10,
    )


@corpus_file("13_multi_sheet.xlsx")
def multi_sheet():
    wb, ws = new_wb("Hướng dẫn")
    put(
        ws,
        [
            ["HƯỚNG DẪN NHẬP LIỆU"],
            ["1. Mỗi hộ ghi một dòng"],
            ["2. Cột Tổ dân phố ghi theo danh mục"],
            ["3. Họ và tên chủ hộ ghi có dấu"],
        ],
    )
    head = ["STT", "Họ và tên chủ hộ", "Tổ dân phố", "Số nhân khẩu"]
    t1 = wb.create_sheet("Tổ 1")
    put(t1, [head, [1, "Nguyễn Văn Anh", "Tổ 1", 4], [2, "Lò Văn Páo", "Tổ 1", 5], [3, "Đỗ Thị Dung", "Tổ 1", 2]])
    t2 = wb.create_sheet("Tổ 2")
    put(
        t2,
        [
            head,
            [1, "Hoàng Thị Ánh", "Tổ 2", 3],
            [2, "Vàng A Sáng", "Tổ 2", 7],
            [3, "Tòng Thị Phương", "Tổ 2", 4],
            [4, "Lò Thị Xuân", "Tổ 2", 2],
        ],
    )
    lists = wb.create_sheet("Danh mục")
    put(lists, [[name] for name in GROUPS.values()])
    lists.sheet_state = "hidden"
    return save(wb), ok(
        3,
        {"head_name": "Nguyễn Văn Anh", "group_key": "12", "member_count": 4},
        sheet="Tổ 1",
    )


@corpus_file("14_missing_name.xlsx")
def missing_name():
    wb, ws = new_wb()
    put(
        ws,
        [
            ["STT", "Mã hộ", "Họ và tên chủ hộ", "Tổ dân phố", "Địa chỉ", "Số nhân khẩu", "Số điện thoại"],
            [1, "HGĐ-01401", "Nguyễn Văn Anh", "Tổ 1", "Số 1, đường Trần Phú", 4, "0912001401"],
            [2, "HGĐ-01402", None, "Tổ 1", "Số 3, đường Trần Phú", 3, None],
            [3, None, None, "Tổ 2", "Số 5, đường Trần Phú", None, None],
            [4, None, None, None, None, None, None],
            [5, "HGĐ-01405", 12345, "Tổ 2", None, 2, None],
            [6, "HGĐ-01406", "Lò Văn Páo", "Tổ 2", "Số 9, đường Trần Phú", 5, "0912001406"],
            [7, None, None, None, None, None, "0912001408"],
            [8, None, "—", None, "Số 11, đường Trần Phú", 2, None],
        ],
    )
    col = "Họ và tên chủ hộ"
    return save(wb), ok(
        2,
        {"head_name": "Nguyễn Văn Anh", "group_key": "12", "member_count": 4},
        rejected=[
            [3, col, "Thiếu họ tên chủ hộ"],
            [4, col, "Thiếu họ tên chủ hộ"],
            [6, col, "Họ tên chủ hộ không hợp lệ «12345»"],
            [8, col, "Thiếu họ tên chủ hộ"],
            [9, col, "Họ tên chủ hộ không hợp lệ"],
        ],
        skipped=1,
    )


@corpus_file("15_duplicate_codes.xlsx")
def duplicate_codes():
    wb, ws = new_wb()
    put(
        ws,
        [
            ["STT", "Mã hộ", "Họ và tên chủ hộ", "Tổ dân phố", "Số nhân khẩu"],
            [1, "HGĐ-01501", "Nguyễn Văn Anh", "Tổ 1", 4],
            [2, "HGĐ-01502", "Lò Văn Páo", "Tổ 1", 3],
            [3, "HGĐ-01501", "Đỗ Thị Dung", "Tổ 2", 2],
            [4, "hgđ-01502 ", "Hoàng Thị Ánh", "Tổ 2", 5],
            [5, "HGĐ-01503", "Vàng A Sáng", "Tổ 3", 6],
            [6, 1504, "Tòng Thị Phương", "Tổ 3", 4],
            [7, "1504", "Lò Thị Xuân", "Tổ 3", 2],
            [8, None, "Giàng A Chư", "Tổ 4", 3],
            [9, None, "Tẩn Láo Lở", "Tổ 4", 3],
        ],
    )
    return save(wb), ok(
        6,
        {"head_name": "Nguyễn Văn Anh", "group_key": "12", "member_count": 4, "code": "HGĐ-01501"},
        rejected=[
            [4, "Mã hộ", "Mã hộ «HGĐ-01501» bị trùng với dòng 2"],
            [5, "Mã hộ", "bị trùng với dòng 3"],
            [8, "Mã hộ", "Mã hộ «1504» bị trùng với dòng 7"],
        ],
        check={"7": {"code": "1504"}, "9": {"code": None}, "10": {"code": None}},
    )


@corpus_file("16_phones.xlsx")
def phones():
    wb, ws = new_wb()
    values = [
        "0912345678",
        "+84 912 345 679",
        "84-987-654-321",
        912345680,  # a number cell: Excel dropped the leading 0
        "0912.345.681",
        "(0213) 3876 543",  # Lai Châu landline
        "01688123456",  # old 11-digit mobile number (converted in 2018)
        "091234567",
        "12345",
        "0912345682 / 0987654322",
        "không có",
        "0912 345 68a",
        "0084 912 345 683",
    ]
    names = ["Nguyễn Văn Anh", "Lò Văn Páo", "Đỗ Thị Dung", "Hoàng Thị Ánh", "Vàng A Sáng", "Tòng Thị Phương",
             "Lò Thị Xuân", "Giàng A Chư", "Tẩn Láo Lở", "Chẻo Lở Mẩy", "Bàn Văn Hải", "Sùng A Dào",
             "Phạm Văn Quyết"]  # fmt: skip
    rows = [["STT", "Họ và tên chủ hộ", "Tổ dân phố", "Số điện thoại"]]
    rows += [[i + 1, names[i], "Tổ 2", v] for i, v in enumerate(values)]
    put(ws, rows)
    col = "Số điện thoại"
    return save(wb), ok(
        9,
        {"head_name": "Nguyễn Văn Anh", "group_key": "13", "phone": "0912345678"},
        rejected=[
            [9, col, "Số điện thoại «091234567» không hợp lệ"],
            [10, col, "Số điện thoại «12345» không hợp lệ"],
            [11, col, "nhiều số điện thoại"],
            [13, col, "Số điện thoại «0912 345 68a» không hợp lệ"],
        ],
        check={
            "3": {"phone": "0912345679"},
            "4": {"phone": "0987654321"},
            "5": {"phone": "0912345680"},
            "6": {"phone": "0912345681"},
            "7": {"phone": "02133876543"},
            "8": {"phone": "0388123456"},
            "12": {"phone": None},
            "14": {"phone": "0912345683"},
        },
    )


@corpus_file("17_group_variants.xlsx")
def group_variants():
    wb, ws = new_wb()
    values = [
        "Tổ 1",
        "TDP số 01",
        "TDP 1",
        "to dan pho 1",
        "Tổ dân phố 1",
        "tổ DP số 1",
        1,
        "Tổ dân phố số 2",
        "TDP2",
        "Tổ 08",
        "Tổ 9",
        "TDP 12",
        "Thôn Nà Nọi",
        "Khu 1",
        None,
        "Tổ dân phố số 3.",
    ]
    names = ["Nguyễn Văn Anh", "Lò Văn Páo", "Đỗ Thị Dung", "Hoàng Thị Ánh", "Vàng A Sáng", "Tòng Thị Phương",
             "Lò Thị Xuân", "Giàng A Chư", "Tẩn Láo Lở", "Chẻo Lở Mẩy", "Bàn Văn Hải", "Sùng A Dào",
             "Phạm Văn Quyết", "Trần Thị Hoa", "Lường Văn Thắng", "Vương Văn Hùng"]  # fmt: skip
    rows = [["STT", "Họ và tên chủ hộ", "Tổ dân phố", "Số nhân khẩu"]]
    rows += [[i + 1, names[i], v, 3] for i, v in enumerate(values)]
    put(ws, rows)
    col = "Tổ dân phố"
    check = {str(r): {"group_key": "12"} for r in range(2, 9)}
    check["8"]["group_raw"] = "1"
    check.update(
        {
            "9": {"group_key": "13"},
            "10": {"group_key": "13", "group_raw": "TDP2"},
            "11": {"group_key": "19"},
            "16": {"group_key": None, "group_raw": ""},
            "17": {"group_key": "14"},
        }
    )
    return save(wb), ok(
        12,
        {"head_name": "Nguyễn Văn Anh", "group_key": "12", "group_raw": "Tổ 1"},
        rejected=[
            [12, col, "Không tìm thấy tổ dân phố «Tổ 9»"],
            [13, col, "Không tìm thấy tổ dân phố «TDP 12»"],
            [14, col, "Không tìm thấy tổ dân phố «Thôn Nà Nọi»"],
            [15, col, "Không tìm thấy tổ dân phố «Khu 1»"],
        ],
        check=check,
    )


THON_GROUPS = {"31": "Thôn Nà Nọi", "32": "Thôn Nậm Loỏng", "33": "Bản Gia Khâu"}


@corpus_file("18_thon.xlsx")
def thon():
    wb, ws = new_wb()
    values = ["Thôn Nà Nọi", "thon na noi", "Nà Nọi", "THÔN NÀ NỌI", "Nậm Loỏng", "Gia Khâu", "bản gia khâu",
              "Thôn San Thàng", "1"]  # fmt: skip
    names = ["Lò Văn Páo", "Vàng A Sáng", "Tòng Thị Phương", "Giàng A Chư", "Tẩn Láo Lở", "Chẻo Lở Mẩy",
             "Bàn Văn Hải", "Sùng A Dào", "Lò Thị Xuân"]  # fmt: skip
    rows = [["STT", "Chủ hộ", "Thôn", "Nhân khẩu"]]
    rows += [[i + 1, names[i], v, 5] for i, v in enumerate(values)]
    put(ws, rows)
    return save(wb), ok(
        7,
        {"head_name": "Lò Văn Páo", "group_key": "31", "member_count": 5},
        rejected=[[9, "Thôn", "Không tìm thấy thôn, bản «Thôn San Thàng»"], [10, "Thôn", "«1»"]],
        groups=THON_GROUPS,
        check={
            "3": {"group_key": "31"},
            "4": {"group_key": "31"},
            "5": {"group_key": "31"},
            "6": {"group_key": "32"},
            "7": {"group_key": "33"},
            "8": {"group_key": "33"},
        },
    )


AMBIGUOUS_GROUPS = {"41": "Tổ dân phố số 1", "42": "Thôn 1", "43": "Thôn Nà Nọi", "44": "Thôn Na Nội"}


@corpus_file("19_ambiguous_groups.xlsx")
def ambiguous_groups():
    wb, ws = new_wb()
    values = ["1", "Tổ 1", "Thôn 1", "thon na noi", "Thôn Nà Nọi", "Na Nội", "TDP 1"]
    names = ["Lò Văn Páo", "Vàng A Sáng", "Tòng Thị Phương", "Giàng A Chư", "Tẩn Láo Lở", "Chẻo Lở Mẩy",
             "Bàn Văn Hải"]  # fmt: skip
    rows = [["STT", "Họ và tên chủ hộ", "Tổ/Thôn", "Số nhân khẩu"]]
    rows += [[i + 1, names[i], v, 4] for i, v in enumerate(values)]
    put(ws, rows)
    return save(wb), ok(
        5,
        {"head_name": "Vàng A Sáng", "group_key": "41"},
        rejected=[
            [2, "Tổ/Thôn", "Không xác định được tổ dân phố, thôn «1»"],
            [5, "Tổ/Thôn", "Không xác định được tổ dân phố, thôn «thon na noi»"],
        ],
        groups=AMBIGUOUS_GROUPS,
        check={"4": {"group_key": "42"}, "6": {"group_key": "43"}, "7": {"group_key": "44"}, "8": {"group_key": "41"}},
    )


@corpus_file("20_legacy.xls", convert="xls")
def legacy_xls():
    wb, ws = new_wb("DS ho")
    ws["A1"] = "UBND PHƯỜNG QUYẾT TIẾN"
    title(ws, "A2:G2", "DANH SÁCH HỘ GIA ĐÌNH TỔ DÂN PHỐ SỐ 5")
    for col, text in (("A", "STT"), ("D", "Tổ"), ("E", "Số nhà"), ("F", "Số khẩu"), ("G", "Ngày đến")):
        ws[f"{col}4"] = text
        ws.merge_cells(f"{col}4:{col}5")
    ws["B4"] = "Chủ hộ"
    ws.merge_cells("B4:C4")
    ws["B5"], ws["C5"] = "Họ và tên", "Điện thoại"
    put(
        ws,
        [
            [1, "Lò Văn Páo", "0912001701", "Tổ 5", "Số 1, đường Trần Phú", 4, dt.date(2012, 4, 30)],
            [2, "Vàng A Sáng", 912001702, "Tổ 5", "Số 3, đường Trần Phú", 6, 41000],
            [3, "Tòng Thị Phương", None, "Tổ 5", "Số 5, đường Trần Phú", 3, "02/09/2016"],
            [4, "Hoàng Thị Ánh", "0912001704", "Tổ 5", "Số 7, đường Trần Phú", 5, None],
            ["Cộng", None, None, None, None, 18, None],
        ],
        start=6,
    )
    return save(wb), ok(
        4,
        {"head_name": "Lò Văn Páo", "group_key": "16", "member_count": 4, "moved_in": "2012-04-30"},
        skipped=1,
        header_row=4,
        sheet="DS ho",
        check={"7": {"phone": "0912001702", "moved_in": "2012-04-01"}, "8": {"moved_in": "2016-09-02"}},
    )


def _ods_source() -> Workbook:
    wb, ws = new_wb()
    title(ws, "A1:F1", "DANH SÁCH HỘ GIA ĐÌNH")
    for col, text in (("A", "STT"), ("B", "Tổ dân phố"), ("E", "Địa chỉ"), ("F", "Số nhân khẩu")):
        ws[f"{col}2"] = text
        ws.merge_cells(f"{col}2:{col}3")
    ws["C2"] = "Chủ hộ"
    ws.merge_cells("C2:D2")
    ws["C3"], ws["D3"] = "Họ và tên", "SĐT"
    put(
        ws,
        [
            [1, "Tổ dân phố số 6", "Lò Văn Páo", "0912002101", "Số 1, đường Lê Duẩn", 4],
            [2, None, "Vàng A Sáng", "0912002102", "Số 3, đường Lê Duẩn", 5],
            [3, None, "Tòng Thị Phương", None, "Số 5, đường Lê Duẩn", 3],
            [4, "Tổ dân phố số 7", "Hoàng Thị Ánh", "0912002104", "Số 7, đường Lê Duẩn", 2],
            [5, None, "Đỗ Thị Dung", "0912002105", "Số 9, đường Lê Duẩn", 6],
        ],
        start=4,
    )
    ws.merge_cells("B4:B6")
    ws.merge_cells("B7:B8")
    return wb


@corpus_file("21_libreoffice.ods", convert="ods")
def libreoffice_ods():
    return save(_ods_source()), ok(
        5,
        {"head_name": "Lò Văn Páo", "group_key": "17", "member_count": 4, "phone": "0912002101"},
        header_row=2,
        columns={
            "group": "Tổ dân phố",
            "head_name": "Họ và tên",
            "phone": "SĐT",
            "address": "Địa chỉ",
            "member_count": "Số nhân khẩu",
        },
        check={
            "5": {"group_key": "17", "group_raw": "Tổ dân phố số 6"},
            "6": {"group_key": "17"},
            "7": {"group_key": "18"},
            "8": {"group_key": "18"},
        },
    )


@corpus_file("22_merged_group_cells.xlsx")
def merged_group_cells():
    wb, ws = new_wb()
    put(
        ws,
        [
            ["STT", "Tổ dân phố", "Họ và tên chủ hộ", "Địa chỉ", "Số nhân khẩu"],
            [1, "Tổ 1", "Nguyễn Văn Anh", "Số 1, đường Trần Phú", 4],
            [2, None, "Lò Văn Páo", "Số 3, đường Trần Phú", 5],
            [3, None, "Đỗ Thị Dung", "Số 5, đường Trần Phú", 2],
            [4, "Tổ 2", "Hoàng Thị Ánh", "Số 7, đường Trần Phú", 3],
            [5, None, "Vàng A Sáng", "Số 9, đường Trần Phú", 7],
            [6, None, "Tòng Thị Phương", "Số 11, đường Trần Phú", 4],
            [7, None, "Lò Thị Xuân", "Số 13, đường Trần Phú", 2],
        ],
    )
    ws.merge_cells("B2:B4")
    ws.merge_cells("B5:B7")
    return save(wb), ok(
        7,
        {"head_name": "Nguyễn Văn Anh", "group_key": "12", "member_count": 4},
        check={
            "3": {"group_key": "12", "group_raw": "Tổ 1"},
            "4": {"group_key": "12"},
            "6": {"group_key": "13"},
            "7": {"group_key": "13"},
            "8": {"group_key": None, "group_raw": ""},
        },
    )


@corpus_file("23_column_numbers_footer.xlsx")
def column_numbers_footer():
    wb, ws = new_wb()
    title(ws, "A1:F1", "DANH SÁCH HỘ GIA ĐÌNH TỔ DÂN PHỐ SỐ 4")
    put(
        ws,
        [
            ["STT", "Họ và tên chủ hộ", "Tổ dân phố", "Địa chỉ", "Số nhân khẩu", "Ghi chú"],
            ["(1)", "(2)", "(3)", "(4)", "(5)", "(6)"],
            [1, "Sùng A Dào", "Tổ dân phố số 4", "Số 2, đường Nguyễn Trãi", 5, None],
            [2, "Phạm Văn Quyết", "Tổ dân phố số 4", "Số 4, đường Nguyễn Trãi", 3, None],
            [3, "Trần Thị Hoa", "Tổ dân phố số 4", "Số 6, đường Nguyễn Trãi", 4, None],
        ],
        start=2,
    )
    title(ws, "A7:F7", "Ghi chú: Danh sách do tổ trưởng lập, đã rà soát với Công an phường.")
    ws["D9"] = "Quyết Tiến, ngày 20 tháng 12 năm 2024"
    ws["D10"] = "TỔ TRƯỞNG"
    ws["D13"] = "Lò Văn Páo"
    return save(wb), ok(
        3,
        {"head_name": "Sùng A Dào", "group_key": "15", "member_count": 5},
        skipped=8,
        header_row=2,
    )


@corpus_file("24_repeated_header.xlsx")
def repeated_header():
    wb, ws = new_wb()
    head = ["STT", "Họ và tên chủ hộ", "Tổ dân phố", "Địa chỉ", "Số nhân khẩu", "Ghi chú"]
    put(
        ws,
        [
            head,
            [1, "Nguyễn Văn Anh", "Tổ 7", "Số 1, đường Lê Lợi", 4, None],
            [2, "Lò Văn Páo", "Tổ 7", "Số 3, đường Lê Lợi", 5, None],
            [3, "Đỗ Thị Dung", "Tổ 7", "Số 5, đường Lê Lợi", 2, None],
            head,
            [1, 2, 3, 4, 5, 6],
            [4, "Hoàng Thị Ánh", "Tổ 8", "Số 7, đường Lê Lợi", 3, None],
            [5, "Vàng A Sáng", "Tổ 8", "Số 9, đường Lê Lợi", 6, None],
        ],
    )
    return save(wb), ok(
        5,
        {"head_name": "Nguyễn Văn Anh", "group_key": "18", "member_count": 4},
        skipped=2,
        check={"7": {"head_name": "Hoàng Thị Ánh", "group_key": "19"}, "8": {"head_name": "Vàng A Sáng"}},
    )


@corpus_file("25_empty.xlsx")
def empty():
    return b"", {"error": "Tệp rỗng"}


@corpus_file("26_text_renamed.xlsx")
def text_renamed():
    text = "STT,Họ và tên chủ hộ,Tổ dân phố\n1,Nguyễn Văn Anh,Tổ 1\n2,Lò Văn Páo,Tổ 2\n"
    return text.encode("utf-8"), {"error": "Tệp không phải bảng tính Excel"}


@corpus_file("27_word_renamed.xlsx")
def word_renamed():
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr(
            "[Content_Types].xml",
            '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
            'content-types"><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/'
            'document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.'
            'main+xml"/></Types>',
        )
        z.writestr(
            "word/document.xml",
            '<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="http://schemas.openxmlformats.org/'
            'wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>Danh sách hộ gia đình</w:t></w:r></w:p>'
            "</w:body></w:document>",
        )
    return buf.getvalue(), {"error": "Tệp không phải bảng tính Excel"}


@corpus_file("28_password.xlsx", convert="encrypt")
def password():
    return save(_basic_wb()), {"error": "Tệp được đặt mật khẩu"}


@corpus_file("29_truncated.xlsx")
def truncated():
    data = save(_basic_wb())
    return data[: len(data) // 2], {"error": "Không đọc được tệp"}


@corpus_file("30_no_header.xlsx")
def no_header():
    wb, ws = new_wb("Kinh phí")
    put(
        ws,
        [
            ["DỰ TOÁN KINH PHÍ NĂM 2024"],
            [],
            ["Nội dung", "Số tiền", "Ghi chú"],
            ["Tổ chức ngày hội đại đoàn kết", 15000000, None],
            ["Khen thưởng gia đình văn hóa", 8000000, None],
        ],
    )
    return save(wb), {"error": "Không tìm thấy dòng tiêu đề"}


@corpus_file("31_empty_workbook.xlsx")
def empty_workbook():
    wb, _ = new_wb()
    return save(wb), {"error": "Tệp không có dữ liệu"}


@corpus_file("32_html_table.xls")
def html_table():
    html = (
        '<html><head><meta charset="utf-8"></head><body><table>'
        "<tr><td>STT</td><td>Họ và tên chủ hộ</td><td>Tổ dân phố</td></tr>"
        "<tr><td>1</td><td>Nguyễn Văn Anh</td><td>Tổ 1</td></tr>"
        "</table></body></html>"
    )
    return html.encode("utf-8"), {"error": "Tệp không phải bảng tính Excel (.xlsx, .xls) hoặc LibreOffice (.ods) (đây"}


@corpus_file("33_stt_prefilled.xlsx")
def stt_prefilled():
    wb, ws = new_wb()
    rows = [["STT", "Họ và tên chủ hộ", "Tổ dân phố", "Số nhân khẩu"]]
    rows += [[i] for i in range(1, 16)]
    rows[1] += ["Nguyễn Văn Anh", "Tổ 3", 4]
    rows[2] += ["Lò Văn Páo", "Tổ 3", 5]
    rows[3] += ["Đỗ Thị Dung", "Tổ 3", 2]
    put(ws, rows)
    return save(wb), ok(3, {"head_name": "Nguyễn Văn Anh", "group_key": "14", "member_count": 4}, skipped=12)


@corpus_file("34_hidden_first_sheet.xlsx")
def hidden_first_sheet():
    wb, ws = new_wb("Bản cũ 2022")
    head = ["STT", "Họ và tên chủ hộ", "Tổ dân phố", "Số nhân khẩu"]
    put(ws, [head, [1, "Trần Thị Hoa", "Tổ 6", 2]])
    ws.sheet_state = "hidden"
    new = wb.create_sheet("Năm 2024")
    put(new, [head, [1, "Lường Văn Thắng", "Tổ 6", 5], [2, "Vương Văn Hùng", "Tổ 6", 4]])
    wb.active = 1
    return save(wb), ok(2, {"head_name": "Lường Văn Thắng", "group_key": "17", "member_count": 5}, sheet="Năm 2024")


@corpus_file("35_text_cells_offset.xlsx")
def text_cells_offset():
    """Table from column C, two-row header without merged cells ("centre across
    selection"), every value typed as text, a section title in the tổ column."""
    wb, ws = new_wb()
    ws["C2"] = "DANH SÁCH HỘ"
    ws["C4"], ws["D4"], ws["F4"], ws["G4"] = "STT", "Chủ hộ", "Tổ", "Số khẩu"
    ws["D5"], ws["E5"] = "Họ và tên", "Số ĐT"
    rows = [
        ["1", "NGUYỄN VĂN ANH", "0912 345 678", "Tổ 1", "4"],
        ["2", "Lò Văn Páo", "'0987654321", "tổ 2", "5 người"],
        [None, "Cộng tổ", None, None, "9"],
        ["3", "Bàn Văn Hải", None, None, None],
        [None, None, None, "TỔ DÂN PHỐ SỐ 3", None],
        ["4", "Đỗ Thị Dung", "0355123456", None, "3"],
    ]
    for i, row in enumerate(rows):
        for j, v in enumerate(row):
            if v is not None:
                ws.cell(row=6 + i, column=3 + j, value=v)
    return save(wb), ok(
        4,
        {"head_name": "NGUYỄN VĂN ANH", "group_key": "12", "member_count": 4, "phone": "0912345678"},
        skipped=2,
        header_row=4,
        columns={"head_name": "Họ và tên", "phone": "Số ĐT", "group": "Tổ", "member_count": "Số khẩu"},
        check={
            "7": {"phone": "0987654321", "group_key": "13", "member_count": 5},
            "9": {"group_key": None, "member_count": None},
            "11": {"group_key": "14", "group_raw": "TỔ DÂN PHỐ SỐ 3"},
        },
    )


# --------------------------------------------------------------------------
# writing
# --------------------------------------------------------------------------


def _soffice_convert(xlsx: bytes, fmt: str) -> bytes | None:
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if not soffice:
        return None
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "source.xlsx"
        src.write_bytes(xlsx)
        profile = Path(tmp) / "profile"
        subprocess.run(
            [soffice, f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", fmt,
             "--outdir", tmp, str(src)],
            check=False, capture_output=True, timeout=180,
        )  # fmt: skip
        out = Path(tmp) / f"source.{fmt}"
        return out.read_bytes() if out.exists() else None


def _encrypt(xlsx: bytes) -> bytes | None:
    script = (
        "import sys, io, msoffcrypto.format.ooxml as o\n"
        "f = o.OOXMLFile(io.BytesIO(sys.stdin.buffer.read()))\n"
        "out = io.BytesIO()\n"
        f"f.encrypt({PASSWORD!r}, out)\n"
        "sys.stdout.buffer.write(out.getvalue())\n"
    )
    for python in ("/tmp/crypt/bin/python", sys.executable):
        if not Path(python).exists():
            continue
        proc = subprocess.run([python, "-c", script], input=xlsx, capture_output=True, check=False)
        if proc.returncode == 0 and proc.stdout:
            return proc.stdout
    return None


def build(names: list[str] | None = None) -> list[str]:
    CORPUS.mkdir(exist_ok=True)
    written = []
    for name, builder in BUILDERS.items():
        if names and name not in names:
            continue
        data, expected = builder()
        kind = CONVERT.get(name)
        if kind in ("xls", "ods"):
            data = _soffice_convert(data, kind)
        elif kind == "encrypt":
            data = _encrypt(data)
        target = CORPUS / name
        if data is None:
            print(f"! {name}: tool missing, keeping the committed file", file=sys.stderr)
        else:
            target.write_bytes(data)
        (CORPUS / f"{name}.expected.json").write_text(
            json.dumps(expected, ensure_ascii=False, indent=1) + "\n", encoding="utf-8"
        )
        written.append(name)
    return written


if __name__ == "__main__":
    for n in build(sys.argv[1:] or None):
        print(n, (CORPUS / n).stat().st_size if (CORPUS / n).exists() else "-")
