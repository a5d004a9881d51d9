"""The size of a workbook, measured before any reader expands it.

A spreadsheet reader builds each sheet as one dense rectangle from its first to its last used cell, so a
1,7 KB file with one value in A1 and one in XFD1048576 asks for 17 billion cells (512 GiB) and the process
dies. :func:`check_workbook` reads the container itself (zip directory, then every part streamed and
checked against what the directory claims) and refuses, with a Vietnamese message saying where and what:

* more parts, more bytes once unpacked, or a higher packing ratio than a real workbook has (zip bombs);
* too many sheets, shared strings or XML nesting;
* a sheet whose used area (the cells that hold something, not the declared ``<dimension>``) is longer,
  wider or larger than :data:`LIMITS` allows.

Pure Python, no Django. Binary formats (.xls, .xlsb) are not measured here: they are only read inside the
sandbox (`vanhoa.imports.sandbox`), whose memory and time limits stop them instead.
"""

from __future__ import annotations

import io
import re
import zipfile
import zlib
from dataclasses import dataclass
from xml.etree import ElementTree


@dataclass(frozen=True)
class Limits:
    max_parts: int = 5_000  # files inside the zip
    max_unpacked: int = 400 * 2**20  # bytes, all parts together
    max_ratio: int = 200  # unpacked / packed, for a part above ratio_from bytes
    ratio_from: int = 4 * 2**20
    max_sheets: int = 100
    max_row: int = 200_000  # the last used row of a sheet
    max_column: int = 1_024  # the last used column (AMJ)
    max_cells: int = 4_000_000  # the used rectangle a reader materialises (first to last used cell)
    max_strings: int = 1_000_000  # shared strings
    max_depth: int = 64  # XML nesting


LIMITS = Limits()

MSG_PARTS = "Tệp có cấu trúc bất thường: chứa {n} tệp con (bảng tính thường chỉ vài chục). Không đọc tệp này."
MSG_UNPACKED = "Tệp quá lớn (giải nén ra hơn {mb} MB). Hãy tách danh sách thành nhiều tệp nhỏ hơn."
MSG_RATIO = (
    "Tệp có cấu trúc bất thường: phần «{part}» bị nén quá mức ({ratio}:1, giống «bom nén»). "
    "Không đọc tệp này; hãy mở bằng Excel, lưu lại dạng .xlsx rồi tải lên lại."
)
MSG_LIED = "Không đọc được tệp «{name}»: phần «{part}» bị hỏng hoặc khai sai dung lượng."
MSG_BROKEN = (
    "Không đọc được tệp «{name}»: tệp bị hỏng hoặc không đầy đủ. "
    "Hãy mở tệp bằng Excel, lưu lại dạng .xlsx rồi tải lên lại."
)
MSG_SHEETS = "Tệp có {n} trang tính, quá nhiều (tối đa {max}). Hãy chỉ giữ lại trang có danh sách rồi tải lên lại."
MSG_STRINGS = "Tệp chứa quá nhiều đoạn chữ ({n}; tối đa {max}). Hãy tách danh sách thành nhiều tệp nhỏ hơn."
MSG_DEPTH = "Tệp có cấu trúc bất thường: phần «{part}» lồng nhau quá sâu. Không đọc tệp này."
MSG_DTD = "Tệp có cấu trúc bất thường: phần «{part}» khai báo thực thể XML (DOCTYPE). Không đọc tệp này."
MSG_FAR = (
    "Trang tính «{sheet}» có dữ liệu ở ô {cell}, quá xa: chỉ đọc được đến dòng {max_row} và cột {max_col}. "
    "Nếu ô đó ghi nhầm, hãy xoá nó trong Excel rồi lưu và tải lên lại; nếu danh sách thật sự dài như vậy, "
    "hãy tách thành nhiều tệp."
)
MSG_AREA = (
    "Trang tính «{sheet}» có vùng dữ liệu quá rộng: từ ô {first} đến ô {last} ({rows} dòng × {cols} cột). "
    "Hãy xoá các ô ghi lẻ ở xa danh sách, hoặc tách danh sách thành nhiều tệp, rồi tải lên lại."
)


class WorkbookTooBig(Exception):
    """A workbook refused before reading; ``message`` is Vietnamese, for users."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def _n(n: int) -> str:
    """12.500.000 (the Vietnamese thousands separator)."""
    return f"{n:,}".replace(",", ".")


def column_letter(c: int) -> str:
    """1 → A, 16384 → XFD."""
    s = ""
    while c:
        c, r = divmod(c - 1, 26)
        s = chr(65 + r) + s
    return s


def _column_number(letters: bytes) -> int:
    n = 0
    for ch in letters.upper():
        n = n * 26 + ch - 64
    return n


@dataclass
class Extent:
    """The used rectangle of a sheet (1-based, inclusive); empty when no cell holds anything."""

    first_row: int = 0
    last_row: int = 0
    first_col: int = 0
    last_col: int = 0

    def add(self, row: int, col: int) -> None:
        if not self.last_row:
            self.first_row = self.last_row = row
            self.first_col = self.last_col = col
            return
        self.first_row = min(self.first_row, row)
        self.last_row = max(self.last_row, row)
        self.first_col = min(self.first_col, col)
        self.last_col = max(self.last_col, col)

    def check(self, sheet: str, limits: Limits) -> None:
        if not self.last_row:
            return
        if self.last_row > limits.max_row or self.last_col > limits.max_column:
            raise WorkbookTooBig(
                MSG_FAR.format(
                    sheet=sheet,
                    cell=f"{column_letter(self.last_col)}{self.last_row}",
                    max_row=_n(limits.max_row),
                    max_col=column_letter(limits.max_column),
                )
            )
        rows = self.last_row - self.first_row + 1
        cols = self.last_col - self.first_col + 1
        if rows * cols > limits.max_cells:
            raise WorkbookTooBig(
                MSG_AREA.format(
                    sheet=sheet,
                    first=f"{column_letter(self.first_col)}{self.first_row}",
                    last=f"{column_letter(self.last_col)}{self.last_row}",
                    rows=_n(rows),
                    cols=_n(cols),
                )
            )


# --- xlsx / xlsm ------------------------------------------------------------------------------------------

_NS = rb"(?:[A-Za-z_][\w.\-]*:)?"
# cells written the usual way: `<c r="B12"` first (their row, their column, the last one of a piece)
_REF_ROW = re.compile(rb'<c r="[A-Za-z]{1,3}([0-9]{1,7})"')
_REF_COL = re.compile(rb'<c r="([A-Za-z]{1,3})')
_TAG = re.compile(rb"<(/?)(" + _NS + rb"[A-Za-z_][\w.\-]*)([^>]*?)(/?)>")
_ATTR_R = re.compile(rb"\br=\"([A-Za-z]{0,3})([0-9]{0,7})\"")
_CHUNK = 1 << 20


def _chunks(zf: zipfile.ZipFile, info: zipfile.ZipInfo, name: str):  # type: ignore[no-untyped-def]
    """The part's bytes in pieces that end at a tag boundary; zipfile stops at the size the directory
    declares and checks the CRC, so a part that lies about its size is refused here."""
    carry = b""
    try:
        with zf.open(info) as f:
            while True:
                block = f.read(_CHUNK)
                if not block:
                    break
                data = carry + block
                cut = data.rfind(b"<")
                if cut <= 0:
                    carry = data
                    if len(carry) > 16 * _CHUNK:  # a tag this long is not a spreadsheet
                        raise WorkbookTooBig(MSG_LIED.format(name=name, part=info.filename))
                    continue
                carry = data[cut:]
                yield data[:cut]
    except (zipfile.BadZipFile, EOFError, OSError, ValueError, NotImplementedError, zlib.error) as exc:
        raise WorkbookTooBig(MSG_LIED.format(name=name, part=info.filename)) from exc
    if carry:
        yield carry


def _check_prolog(head: bytes, part: str) -> None:
    if b"<!DOCTYPE" in head[:4096].upper() or b"<!ENTITY" in head[:4096].upper():
        raise WorkbookTooBig(MSG_DTD.format(part=part))


def _nesting(limits: Limits) -> re.Pattern[bytes]:
    """`max_depth` opening tags in a row, with no closing or self-closing tag between them: nesting no
    spreadsheet has (shared strings nest 5 deep). Searched at C speed; the reader itself copes with deeper
    nesting (it does not recurse), so this refuses a hostile file early rather than saves the reader."""
    return re.compile(rb"(?:<[A-Za-z_][^<>/!?]*>[^<]*){%d}" % limits.max_depth)


def _fast_extent(chunk: bytes) -> tuple[Extent, tuple[int, int]] | None:
    """The rectangle of a piece where every cell is written `<c r="B12" …` (as Excel, LibreOffice and openpyxl
    write them; C speed), with its last cell; None when some cell is written otherwise. Empty self-closed cells
    count too here (an upper bound)."""
    if b":c " in chunk or b":c>" in chunk:
        return None
    rows = _REF_ROW.findall(chunk)
    if len(rows) != chunk.count(b"<c ") + chunk.count(b"<c>"):
        return None
    extent = Extent()
    if rows:
        numbers = list(map(int, rows))
        cols = [_column_number(c) for c in set(_REF_COL.findall(chunk))]
        extent.add(min(numbers), min(cols))
        extent.add(max(numbers), max(cols))
        last = _REF_COL.search(chunk[chunk.rfind(b"<c ") :])
        return extent, (numbers[-1], _column_number(last.group(1)) if last else 0)
    return extent, (0, 0)


def _sheet_extent(chunks, sheet: str, limits: Limits) -> Extent:  # type: ignore[no-untyped-def]
    """The used rectangle from the cells' own references (not the declared dimension). A piece whose quick
    measure exceeds the limits, or whose cells are written otherwise (no reference, a namespace prefix), is
    followed tag by tag: empty self-closed cells do not count, and a cell without a reference is placed as a
    reader places it, after the previous cell of its row."""
    extent = Extent()
    row = col = 0
    for i, chunk in enumerate(chunks):
        if i == 0:
            _check_prolog(chunk, sheet)
        fast = _fast_extent(chunk)
        if fast is not None:
            quick, (last_row, last_col) = fast
            try:
                quick.check(sheet, limits)
            except WorkbookTooBig:
                pass  # maybe only empty cells out there: measure exactly below
            else:
                if quick.last_row:
                    extent.add(quick.first_row, quick.first_col)
                    extent.add(quick.last_row, quick.last_col)
                    extent.check(sheet, limits)
                    row, col = last_row, last_col
                continue
        for m in _TAG.finditer(chunk):
            if m.group(1):
                continue
            local = m.group(2).rsplit(b":", 1)[-1]
            if local == b"row":
                r = _ATTR_R.search(m.group(3))
                row = int(r.group(2)) if r and r.group(2) else row + 1
                col = 0
            elif local == b"c":
                r = _ATTR_R.search(m.group(3))
                if r and r.group(1):
                    col = _column_number(r.group(1))
                    row = int(r.group(2)) if r.group(2) else row
                else:
                    col += 1
                if not m.group(4):
                    extent.add(max(row, 1), col)
                    extent.check(sheet, limits)
    return extent


_PREFIXED_SI = re.compile(rb"<[A-Za-z_][\w.\-]*:si[\s>]")
_SHEET_ENTRY = re.compile(rb"<" + _NS + rb"sheet\s[^>]*?\bname=\"([^\"]*)\"[^>]*?\bid=\"([^\"]*)\"")
_SHEET_ENTRY_ID_FIRST = re.compile(rb"<" + _NS + rb"sheet\s[^>]*?\bid=\"([^\"]*)\"[^>]*?\bname=\"([^\"]*)\"")
_REL = re.compile(rb"<(?:[\w]+:)?Relationship\s[^>]*>")
_REL_ID = re.compile(rb"\bId=\"([^\"]*)\"")
_REL_TARGET = re.compile(rb"\bTarget=\"([^\"]*)\"")


def _sheet_names(zf: zipfile.ZipFile) -> dict[str, str]:
    """Part name → sheet name, from the workbook and its relationships (the part name when unknown)."""
    try:
        wb = zf.read("xl/workbook.xml")
        rels = zf.read("xl/_rels/workbook.xml.rels")
    except (KeyError, zipfile.BadZipFile, OSError, ValueError, EOFError):
        return {}
    ids = {rid.decode(): name.decode("utf-8", "replace") for name, rid in _SHEET_ENTRY.findall(wb)}
    ids.update({rid.decode(): name.decode("utf-8", "replace") for rid, name in _SHEET_ENTRY_ID_FIRST.findall(wb)})
    out = {}
    for rel in _REL.findall(rels):
        rid, target = _REL_ID.search(rel), _REL_TARGET.search(rel)
        if rid and target and rid.group(1).decode() in ids:
            path = target.group(1).decode("utf-8", "replace").lstrip("/")
            out[path if path.startswith("xl/") else "xl/" + path] = ids[rid.group(1).decode()]
    return out


def _check_xlsx(zf: zipfile.ZipFile, infos: list[zipfile.ZipInfo], name: str, limits: Limits) -> None:
    names = _sheet_names(zf)
    sheets = [i for i in infos if i.filename.startswith("xl/worksheets/") and i.filename.endswith(".xml")]
    if max(len(sheets), len(names)) > limits.max_sheets:
        raise WorkbookTooBig(MSG_SHEETS.format(n=max(len(sheets), len(names)), max=limits.max_sheets))
    for info in infos:
        part = info.filename
        if part in ("xl/sharedStrings.xml", "xl/workbook.xml"):
            nesting = _nesting(limits)
            count = 0
            for i, chunk in enumerate(_chunks(zf, info, name)):
                if i == 0:
                    _check_prolog(chunk, part)
                strings = chunk.count(b"<si>") + chunk.count(b"<si ")
                # a plain string is 4 tags, a rich one a few dozen: search for nesting only where tags abound
                if chunk.count(b"<") > 40 * strings + 200 and nesting.search(chunk):
                    raise WorkbookTooBig(MSG_DEPTH.format(part=part))
                count += strings
                if b":si" in chunk:
                    count += len(_PREFIXED_SI.findall(chunk))
                if count > limits.max_strings:
                    raise WorkbookTooBig(MSG_STRINGS.format(n=_n(count), max=_n(limits.max_strings)))
        elif info in sheets:
            _sheet_extent(_chunks(zf, info, name), names.get(part, part.rsplit("/", 1)[-1]), limits)
        else:
            for _ in _chunks(zf, info, name):  # read through: the CRC and the declared size are checked
                pass


# --- ods --------------------------------------------------------------------------------------------------

_T = "{urn:oasis:names:tc:opendocument:xmlns:table:1.0}"
_OFFICE = "{urn:oasis:names:tc:opendocument:xmlns:office:1.0}"


def _check_ods(zf: zipfile.ZipFile, infos: list[zipfile.ZipInfo], name: str, limits: Limits) -> None:
    """content.xml: the cells repeated by number-columns-repeated / number-rows-repeated count as what
    they expand to when they hold a value."""
    for info in infos:
        if info.filename != "content.xml":
            for _ in _chunks(zf, info, name):
                pass
            continue
        head = b"".join(c for _, c in zip(range(1), _chunks(zf, info, name), strict=False))
        _check_prolog(head, info.filename)
        n_sheets = 0
        extent = Extent()
        sheet = ""
        row = col = depth = row_last_col = 0
        with zf.open(info) as f:
            for event, el in ElementTree.iterparse(f, events=("start", "end")):
                tag = el.tag
                depth += 1 if event == "start" else -1
                if depth > limits.max_depth:
                    raise WorkbookTooBig(MSG_DEPTH.format(part=info.filename))
                if tag == _T + "table":
                    if event == "start":
                        n_sheets += 1
                        if n_sheets > limits.max_sheets:
                            raise WorkbookTooBig(MSG_SHEETS.format(n=f"hơn {limits.max_sheets}", max=limits.max_sheets))
                        sheet, row, extent = el.get(_T + "name", ""), 0, Extent()
                    else:
                        el.clear()
                elif tag == _T + "table-row":
                    if event == "start":
                        col = row_last_col = 0
                        continue
                    repeat = int(el.get(_T + "number-rows-repeated", "1") or 1)
                    if row_last_col:  # the row holds values: each repetition does
                        extent.add(row + repeat, row_last_col)
                        extent.check(sheet, limits)
                    row += repeat
                    el.clear()
                elif tag in (_T + "table-cell", _T + "covered-table-cell") and event == "end":
                    repeat = int(el.get(_T + "number-columns-repeated", "1") or 1)
                    if el.get(_OFFICE + "value-type") is not None or len(el) > 0:
                        extent.add(row + 1, col + 1)
                        extent.add(row + 1, col + repeat)
                        extent.check(sheet, limits)
                        row_last_col = col + repeat
                    col += repeat


# --- entry point ------------------------------------------------------------------------------------------


def check_container(infos: list[zipfile.ZipInfo], limits: Limits = LIMITS) -> None:
    """The zip directory alone: number of parts, bytes once unpacked, packing ratio (before reading any part;
    the sizes are then held to by `_chunks`)."""
    if len(infos) > limits.max_parts:
        raise WorkbookTooBig(MSG_PARTS.format(n=len(infos)))
    if sum(i.file_size for i in infos) > limits.max_unpacked:
        raise WorkbookTooBig(MSG_UNPACKED.format(mb=limits.max_unpacked // 2**20))
    for i in infos:
        if i.file_size > limits.ratio_from and i.file_size > limits.max_ratio * max(i.compress_size, 1):
            raise WorkbookTooBig(MSG_RATIO.format(part=i.filename, ratio=i.file_size // max(i.compress_size, 1)))


def check_workbook(data: bytes, kind: str, filename: str = "tệp", limits: Limits = LIMITS) -> None:
    """Raise WorkbookTooBig when the workbook (already sniffed as `kind`: xlsx, ods, xls) is bigger than a
    reader may expand; return quietly otherwise."""
    if kind not in ("xlsx", "ods"):
        return
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
        infos = zf.infolist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as exc:
        raise WorkbookTooBig(MSG_LIED.format(name=filename, part="mục lục")) from exc
    check_container(infos, limits)
    try:
        if kind == "ods":
            _check_ods(zf, infos, filename, limits)
        else:
            _check_xlsx(zf, infos, filename, limits)
    except WorkbookTooBig:
        raise
    except Exception as exc:  # zlib.error, ParseError, a bad number… in a damaged part
        raise WorkbookTooBig(MSG_BROKEN.format(name=filename)) from exc


__all__ = ["LIMITS", "Extent", "Limits", "WorkbookTooBig", "check_container", "check_workbook", "column_letter"]
