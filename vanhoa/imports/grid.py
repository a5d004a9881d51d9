"""A sheet as rows of cells: what the household parser reads (pure Python, no Django)."""

from __future__ import annotations

import io
import zipfile
from xml.etree import ElementTree


def rows_from(sheet) -> list[list]:  # type: ignore[no-untyped-def]
    """The sheet's rows from row 1 and column A, each cut after its last non-empty cell (an empty row is []):
    empty areas are never expanded (a reader gives the used rectangle, rows from row 1 but columns from the
    first used column)."""
    end = sheet.end
    if end is None:
        return []
    rows: list[list] = []
    width = end[1] + 1
    for row in sheet.iter_rows():
        last = len(row)
        while last and (row[last - 1] == "" or row[last - 1] is None):
            last -= 1
        if not last:
            rows.append([])
            continue
        pad = width - len(row)
        rows.append([""] * pad + row[:last] if pad > 0 else row[:last])
    missing = end[0] + 1 - len(rows)
    if missing > 0:
        rows[:0] = [[] for _ in range(missing)]
    return rows


def ods_merges(data: bytes, sheet_name: str) -> list:
    """Merged ranges of one .ods sheet (calamine does not report them for ods)."""
    t = "{urn:oasis:names:tc:opendocument:xmlns:table:1.0}"
    out = []
    in_sheet = False
    depth = 0
    row = col = 0
    with zipfile.ZipFile(io.BytesIO(data)) as zf, zf.open("content.xml") as f:
        for event, el in ElementTree.iterparse(f, events=("start", "end")):
            tag = el.tag
            if tag == t + "table":
                if event == "start":
                    depth += 1
                    if depth == 1 and el.get(t + "name") == sheet_name:
                        in_sheet = True
                else:
                    depth -= 1
                    if in_sheet and depth == 0:
                        break
                continue
            if not in_sheet or depth != 1:
                if event == "end":
                    el.clear()
                continue
            if tag == t + "table-row":
                if event == "start":
                    col = 0
                else:
                    row += int(el.get(t + "number-rows-repeated", "1"))
                    el.clear()
            elif tag in (t + "table-cell", t + "covered-table-cell") and event == "start":
                rs = int(el.get(t + "number-rows-spanned", "1"))
                cs = int(el.get(t + "number-columns-spanned", "1"))
                if rs > 1 or cs > 1:
                    out.append(((row, col), (row + rs - 1, col + cs - 1)))
                col += int(el.get(t + "number-columns-repeated", "1"))
    return out
