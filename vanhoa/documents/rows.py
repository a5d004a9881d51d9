"""Long tables written at the speed of their XML: one prepared row, filled per row.

python-docx builds a cell through its object model (a dozen element look-ups and inserts per cell, more for
the fonts); for a 5,000-row annex that is most of the document's cost. Here the body rows of a table are made
from ONE prototype row that the ordinary code formats (so the formatting is the same by construction): its
XML is cut into a template per cell, each value is escaped into it, and all rows are parsed in one go by lxml
and appended to the table.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from xml.sax.saxutils import escape

from docx.oxml.ns import qn
from docx.oxml.parser import oxml_parser
from docx.table import Table, _Row
from lxml import etree

__all__ = ["append_rows"]

SENTINEL = "\ue000VANHOA\ue001"
# XML 1.0 forbids these control characters; Word and LibreOffice could not open a file that had them.
_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_NS_DECL = re.compile(r'\s+xmlns(?::\w+)?="[^"]*"')
W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
BATCH = 2_000


class _CellTemplate:
    """One cell of the prototype row: what comes before its paragraphs, a paragraph with text, an empty one."""

    def __init__(self, full_tc: str, empty_tc: str) -> None:
        start = full_tc.index("<w:p>") if "<w:p>" in full_tc else full_tc.index("<w:p ")
        self.head = full_tc[:start]
        self.tail = "</w:tc>"
        paragraph = full_tc[start : -len(self.tail)]
        self.p_head, _, self.p_tail = paragraph.partition(SENTINEL)
        estart = empty_tc.index("<w:p>") if "<w:p>" in empty_tc else empty_tc.index("<w:p ")
        self.p_empty = empty_tc[estart : -len(self.tail)]

    def render(self, value: object) -> str:
        text = "" if value is None else str(value)
        parts = []
        for part in text.split("\n"):
            part = _INVALID.sub("", part.strip())
            if not part:
                parts.append(self.p_empty)
                continue
            body = escape(part)
            if "\t" in body:
                body = body.replace("\t", '</w:t><w:tab/><w:t xml:space="preserve">')
            parts.append(self.p_head + body + self.p_tail)
        return self.head + "".join(parts) + self.tail


def _cells_xml(tr: etree._Element) -> list[str]:
    return [_NS_DECL.sub("", etree.tostring(tc, encoding="unicode")) for tc in tr.iterchildren(qn("w:tc"))]


def append_rows(table: Table, rows: Sequence[Sequence[object]], fill: Callable[[_Row, Sequence[object]], None]) -> None:
    """Append `rows` to `table`, formatted exactly as `fill(row, values)` formats one python-docx row.

    `fill` is called twice on throw-away rows (once with placeholder text, once with empty values) to make
    the templates; every real row is then string-filled.
    """
    if not rows:
        return
    width = len(rows[0])
    proto = table.add_row()
    fill(proto, [SENTINEL] * width)
    blank = table.add_row()
    fill(blank, [""] * width)
    tr_xml = _NS_DECL.sub("", etree.tostring(proto._tr, encoding="unicode"))
    row_head = tr_xml[: tr_xml.index("<w:tc>") if "<w:tc>" in tr_xml else tr_xml.index("<w:tc ")]
    cells = [_CellTemplate(f, e) for f, e in zip(_cells_xml(proto._tr), _cells_xml(blank._tr), strict=True)]
    tbl = table._tbl
    tbl.remove(proto._tr)
    tbl.remove(blank._tr)
    open_tag = f'<w:tbl xmlns:w="{W_NS}">'
    for start in range(0, len(rows), BATCH):
        chunk = rows[start : start + BATCH]
        xml = [open_tag]
        for values in chunk:
            xml.append(row_head)
            xml.extend(cell.render(v) for cell, v in zip(cells, values, strict=True))
            xml.append("</w:tr>")
        xml.append("</w:tbl>")
        wrapper = etree.fromstring("".join(xml), oxml_parser)
        tbl.extend(list(wrapper))
