"""Long tables from one prepared row: the same WordprocessingML as python-docx cell by cell, far faster."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Sequence

from vanhoa.documents import DocumentHeader, Nd30Document
from vanhoa.documents import nd30 as nd30_module
from vanhoa.documents import rows as rows_module

COLUMNS = [("STT", 14), ("Họ và tên chủ hộ", 68), ("Địa chỉ, tổ dân phố", 48), ("Ghi chú", 35)]
ROWS = [
    ["1", "Lò Văn Páo", "Tổ dân phố số 1", ""],
    ["2", "Đỗ Thị Dung & <con>", "Tổ 2\nbản Nà Nọi", "ghi\tchú"],
    ["3", "  Vàng A Sáng  ", None, "\x07chuông"],
    ["", "", "", ""],
]


def _document_xml(doc: Nd30Document) -> bytes:
    with zipfile.ZipFile(io.BytesIO(doc.to_bytes())) as z:
        return z.read("word/document.xml")


def _build() -> Nd30Document:
    header = DocumentHeader("UBND", "UBND PHƯỜNG QUYẾT TIẾN", "QĐ-UBND", 5, "Quyết Tiến", None, 2020,
                            "QUYẾT ĐỊNH", "Về việc công nhận")  # fmt: skip
    doc = Nd30Document(header)
    doc.annex(["DANH SÁCH", "(Kèm theo Quyết định)"], COLUMNS, ROWS, align=["center", "left", "left", "left"])
    return doc


def _cell_by_cell(table, rows: Sequence[Sequence[object]], fill) -> None:
    """What the table did before: every row through python-docx's object model."""
    for values in rows:
        fill(table.add_row(), [rows_module._INVALID.sub("", "" if v is None else str(v)) for v in values])


def test_prepared_rows_write_exactly_the_xml_of_the_cell_by_cell_table(monkeypatch):
    fast = _document_xml(_build())
    monkeypatch.setattr(nd30_module, "append_rows", _cell_by_cell)
    slow = _document_xml(_build())
    # python-docx marks only text with outer spaces xml:space="preserve"; cell text is stripped, so none has
    assert fast.replace(b' xml:space="preserve"', b"") == slow.replace(b' xml:space="preserve"', b"")
    assert "Đỗ Thị Dung &amp; &lt;con&gt;".encode() in fast
    assert b"<w:tab/>" in fast and b"\x07" not in fast


def test_a_table_without_rows_has_its_header_only():
    header = DocumentHeader("UBND", "UBND PHƯỜNG X", "QĐ-UBND", 5, "X", None, 2020, "QUYẾT ĐỊNH", "Về việc")
    doc = Nd30Document(header)
    table = doc.table(COLUMNS, [])
    assert len(table.rows) == 1
    assert table.rows[0].cells[1].text == "Họ và tên chủ hộ"


def test_rows_are_appended_in_batches_in_order(monkeypatch):
    monkeypatch.setattr(rows_module, "BATCH", 3)
    header = DocumentHeader("UBND", "UBND PHƯỜNG X", "QĐ-UBND", 5, "X", None, 2020, "QUYẾT ĐỊNH", "Về việc")
    doc = Nd30Document(header)
    table = doc.table(COLUMNS, [[str(i), f"Hộ {i}", "", ""] for i in range(1, 11)])
    assert [r.cells[0].text for r in table.rows] == ["STT", *[str(i) for i in range(1, 11)]]
    assert table.rows[5].cells[1].width == table.rows[0].cells[1].width
