"""Opening a workbook (sniffed by content, measured by limits.py, read by python-calamine) and the public
entry points `list_sheets` and `parse_households`."""

from __future__ import annotations

import io
import logging
import struct
import zipfile

from vanhoa.imports import limits
from vanhoa.imports.grid import ods_merges, rows_from
from vanhoa.imports.parsing.cells import _clean, _is_blank
from vanhoa.imports.parsing.header import _find_header, _Header
from vanhoa.imports.parsing.messages import (
    MSG_EMPTY,
    MSG_INTERNAL,
    MSG_NO_HEADER,
    MSG_NO_SHEETS,
    MSG_NOT_EXCEL,
    MSG_PASSWORD,
    MSG_SHEET_NOT_FOUND,
    MSG_UNREADABLE,
)
from vanhoa.imports.parsing.results import FIELDS, ImportFileError, ParseResult, SheetInfo
from vanhoa.imports.parsing.rows import _RowParser

logger = logging.getLogger(__name__)

# --------------------------------------------------------------------------
# Workbook opening
# --------------------------------------------------------------------------

_OLE_MAGIC = b"\xd0\xcf\x11\xe0"


def _ole_stream_names(data: bytes) -> set[str]:
    """Names in the directory of an OLE2/CFB container (structural scan)."""
    names: set[str] = set()
    for off in range(512, len(data) - 127, 128):
        entry = data[off : off + 128]
        (name_len,) = struct.unpack_from("<H", entry, 64)
        if not (2 <= name_len <= 64) or name_len % 2 or entry[66] not in (1, 2, 5):
            continue
        raw = entry[: name_len - 2]
        if entry[name_len - 2 : name_len] != b"\0\0":
            continue
        try:
            name = raw.decode("utf-16-le")
        except UnicodeDecodeError:
            continue
        if name and name.isprintable() or name.startswith(("\x05", "\x01", "\x06")):
            names.add(name)
    return names


def _sniff_hint(data: bytes) -> str:
    head = data[:2048].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if head.startswith(b"%pdf"):
        return " (đây là tệp PDF)"
    if head.startswith((b"<!doctype html", b"<html", b"<table", b"<?xml")) or b"<html" in head:
        return " (đây là trang web/HTML được đổi đuôi)"
    if head.startswith((b"\x89png", b"\xff\xd8\xff", b"gif8")):
        return " (đây là tệp ảnh)"
    try:
        data[:4096].decode("utf-8")
    except UnicodeDecodeError:
        return ""
    if b"," in head or b";" in head or b"\t" in head:
        return " (đây là tệp văn bản/CSV)"
    return " (đây là tệp văn bản)"


class _Book:
    def __init__(self, data: bytes, filename: str) -> None:
        self.data = data
        self.filename = filename or "tệp"
        self.kind = self._sniff()
        try:  # before any reader expands a sheet: its used area, the parts' sizes, the number of sheets…
            limits.check_workbook(data, self.kind, self.filename)
        except limits.WorkbookTooBig as exc:
            raise ImportFileError(exc.message) from None
        self.wb = self._open()

    def _sniff(self) -> str:
        data = self.data
        if not data or not data.strip(b"\x00 \t\r\n"):
            raise ImportFileError(MSG_EMPTY)
        if data.startswith(_OLE_MAGIC):
            names = _ole_stream_names(data)
            if "EncryptedPackage" in names or "EncryptionInfo" in names:
                raise ImportFileError(MSG_PASSWORD)
            if "Workbook" in names or "Book" in names:
                return "xls"
            if "WordDocument" in names:
                raise ImportFileError(MSG_NOT_EXCEL.format(hint=" (đây là tệp Word)"))
            if names:
                raise ImportFileError(MSG_NOT_EXCEL.format(hint=""))
            raise ImportFileError(MSG_UNREADABLE.format(name=self.filename))
        if data.startswith(b"PK"):
            try:
                zf = zipfile.ZipFile(io.BytesIO(data))
                infos = zf.infolist()
            except Exception as exc:  # BadZipFile, truncated, …
                raise ImportFileError(MSG_UNREADABLE.format(name=self.filename)) from exc
            try:  # before reading any part: a zip bomb is refused from its directory
                limits.check_container(infos)
            except limits.WorkbookTooBig as exc:
                raise ImportFileError(exc.message) from None
            names = {i.filename for i in infos}
            if "xl/workbook.xml" in names or "xl/workbook.bin" in names:
                return "xlsx"
            if "content.xml" in names and "mimetype" in names:
                try:
                    mime = zf.read("mimetype")[:100]
                    manifest = zf.read("META-INF/manifest.xml") if "META-INF/manifest.xml" in names else b""
                except Exception as exc:
                    raise ImportFileError(MSG_UNREADABLE.format(name=self.filename)) from exc
                if b"encryption-data" in manifest:
                    raise ImportFileError(MSG_PASSWORD)
                if b"spreadsheet" in mime:
                    return "ods"
                if b"text" in mime:
                    raise ImportFileError(MSG_NOT_EXCEL.format(hint=" (đây là tệp văn bản ODT)"))
            if any(n.startswith("word/") for n in names):
                raise ImportFileError(MSG_NOT_EXCEL.format(hint=" (đây là tệp Word)"))
            if any(n.startswith("ppt/") for n in names):
                raise ImportFileError(MSG_NOT_EXCEL.format(hint=" (đây là tệp PowerPoint)"))
            raise ImportFileError(MSG_NOT_EXCEL.format(hint=" (đây là tệp nén ZIP)"))
        raise ImportFileError(MSG_NOT_EXCEL.format(hint=_sniff_hint(data)))

    def _open(self):
        try:
            from python_calamine import CalamineWorkbook
        except ImportError as exc:  # pragma: no cover - deployment problem
            raise ImportFileError("Máy chủ chưa cài thư viện đọc bảng tính (python-calamine).") from exc
        try:
            return CalamineWorkbook.from_filelike(io.BytesIO(self.data))
        except (KeyboardInterrupt, SystemExit):
            raise
        except BaseException as exc:  # calamine errors, pyo3 PanicException
            raise self._error(exc) from None

    def _error(self, exc: BaseException) -> ImportFileError:
        text = f"{type(exc).__name__} {exc}".lower()
        if "password" in text or "encrypt" in text:
            return ImportFileError(MSG_PASSWORD)
        return ImportFileError(MSG_UNREADABLE.format(name=self.filename))

    def sheets(self, visible_only: bool) -> list[str]:
        out = []
        try:
            metas = self.wb.sheets_metadata
        except (KeyboardInterrupt, SystemExit):
            raise
        except BaseException:
            return list(self.wb.sheet_names)
        for m in metas:
            typ = str(getattr(m, "typ", "")).lower()
            if "chart" in typ or "vba" in typ or "macro" in typ:
                continue
            if visible_only and not str(getattr(m, "visible", "visible")).lower().endswith("visible"):
                continue
            out.append(m.name)
        return out

    def grid(self, name: str) -> tuple[list[list], list | None]:
        try:
            sheet = self.wb.get_sheet_by_name(name)
            grid = rows_from(sheet)
            merges = sheet.merged_cell_ranges
        except (KeyboardInterrupt, SystemExit):
            raise
        except BaseException as exc:
            raise self._error(exc) from None
        if merges is None and self.kind == "ods":
            try:
                merges = ods_merges(self.data, name)
            except Exception:
                merges = None
        return grid, merges


# --------------------------------------------------------------------------
# Public API
# --------------------------------------------------------------------------


def list_sheets(data: bytes, filename: str) -> list[SheetInfo]:
    """Visible worksheets with their number of non-empty rows."""
    book = _Book(data, filename)
    out = []
    for name in book.sheets(visible_only=True):
        grid, _ = book.grid(name)
        n = sum(1 for r in grid if any(not _is_blank(v) for v in r))
        out.append(SheetInfo(name, n))
    if not out:
        raise ImportFileError(MSG_NO_SHEETS)
    return out


def parse_households(
    data: bytes,
    filename: str,
    *,
    groups: dict[str, str],
    sheet: str | None = None,
    fields: frozenset[str] | None = None,
) -> ParseResult:
    """Read a list of households (one per row) from the first sheet that has one, or from `sheet`.
    `fields` limits the columns read (the others are ignored as if unknown); fields of EXTRA_FIELDS come
    back raw in HouseholdRow.extra for the caller to interpret."""
    book = _Book(data, filename)
    accept = _accept_fields(fields)
    if sheet is not None:
        all_names = book.sheets(visible_only=False)
        name = _match_sheet(all_names, sheet)
        if name is None:
            shown = ", ".join(f"«{n}»" for n in book.sheets(visible_only=True)) or "(không có)"
            raise ImportFileError(MSG_SHEET_NOT_FOUND.format(sheet=sheet, names=shown))
        grid, merges = book.grid(name)
        header = accept(_find_header(grid, merges))
        if header is None:
            raise ImportFileError(MSG_NO_HEADER.format(where=f" trong trang «{name}»"))
    else:
        names = book.sheets(visible_only=True)
        if not names:
            raise ImportFileError(MSG_NO_SHEETS)
        for name in names:
            grid, merges = book.grid(name)
            header = accept(_find_header(grid, merges))
            if header is not None:
                break
        else:
            if all(not any(not _is_blank(v) for r in book.grid(n)[0] for v in r) for n in names):
                raise ImportFileError(MSG_NO_SHEETS)
            raise ImportFileError(MSG_NO_HEADER.format(where=""))
    try:
        return _RowParser(name, grid, merges, header, groups).run()
    except ImportFileError:
        raise
    except Exception as exc:  # pragma: no cover - a bug must not be a 500 for the user
        logger.exception("parse_households failed on %r", filename)
        raise ImportFileError(MSG_INTERNAL) from exc


def _accept_fields(fields: frozenset[str] | None):  # type: ignore[no-untyped-def]
    """-> a function keeping only the header columns of `fields` (all household fields when None)."""
    wanted = frozenset(FIELDS) if fields is None else fields | {"head_name"}

    def accept(header: _Header | None) -> _Header | None:
        if header is None:
            return None
        header.cols = {f: c for f, c in header.cols.items() if f in wanted}
        header.labels = {f: v for f, v in header.labels.items() if f in wanted}
        return header

    return accept


def _match_sheet(names: list[str], wanted: str) -> str | None:
    if wanted in names:
        return wanted
    w = _clean(wanted).casefold()
    for n in names:
        if _clean(n).casefold() == w:
            return n
    return None
