"""Keeping a signature block with what it closes (NĐ 30/2020 practice: never alone on a page, #14 item 4)."""

from __future__ import annotations

import copy

from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.oxml.xmlchemy import BaseOxmlElement

__all__ = ["follows_table", "split_tail"]


def follows_table(p: BaseOxmlElement) -> bool:
    """Whether only empty paragraphs stand between ``p`` and a table before it."""
    prev = p.getprevious()
    while prev is not None and prev.tag == qn("w:p") and not "".join(prev.itertext()).strip():
        prev = prev.getprevious()
    return prev is not None and prev.tag == qn("w:tbl")


def split_tail(tbl: BaseOxmlElement, n: int, joint: BaseOxmlElement) -> list[BaseOxmlElement]:
    """The last ``n`` body rows of ``tbl``, moved to a table of their own right under it (same widths and borders)
    when the table has more body rows than that.

    LibreOffice keeps a table with the next paragraph only from the table's first page: the keep-with-next of the
    last rows of a table that runs over several pages is ignored, and the signature block under it could stand
    alone on the last page. A short table of its own is kept with what follows, on any page. A 1 pt paragraph
    (``joint``) stands between the two: tables that touch are joined into one when the file is opened."""
    rows = tbl.findall(qn("w:tr"))
    body = [tr for tr in rows if tr.find(f"{qn('w:trPr')}/{qn('w:tblHeader')}") is None]
    if len(body) <= n:
        return body
    tail = OxmlElement("w:tbl")
    for part in ("w:tblPr", "w:tblGrid"):
        tail.append(copy.deepcopy(tbl.find(qn(part))))
    for tr in body[-n:]:
        tail.append(tr)  # moves it out of ``tbl``
    tbl.addnext(joint)
    joint.addnext(tail)
    return body[-n:]
