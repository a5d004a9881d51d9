"""What is kept of an uploaded file: never macros.

An import keeps its original so what was imported can be checked against the source, and offers it for
download. A macro workbook (.xlsm, an .xlsb or .xlsx carrying a VBA project) is kept without its macros, under
an .xlsx name: the cells the import read are all there, the code is not (nobody downloads a macro from the
application). An old binary .xls with macros cannot be cleaned that way and is refused with a message.
A refused file is not kept at all (`services`).
"""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import PurePath

from vanhoa.imports import parsing

# the parts that carry code or controls in an Office Open XML workbook
_MACRO_PART = re.compile(
    r"(^|/)(vbaProject\.bin|vbaProjectSignature[^/]*\.bin|vbaData\.xml|activeX/[^/]*|customUI/[^/]*"
    r"|ctrlProps/[^/]*|embeddings/[^/]*)$",
    re.IGNORECASE,
)
_MACRO_STREAMS = ("_VBA_PROJECT_CUR", "_VBA_PROJECT", "VBA", "Macros", "_SX_DB_CUR")
MSG_XLS_MACROS = (
    "Tệp .xls này có chứa macro (mã VBA) nên không được nhận. Hãy mở tệp bằng Excel, chọn Tệp → Lưu thành → "
    "«Sổ làm việc Excel (*.xlsx)» (bỏ macro) rồi tải tệp .xlsx lên lại."
)


def has_macros(data: bytes) -> bool:
    if data.startswith(parsing._OLE_MAGIC):
        names = parsing._ole_stream_names(data)
        return any(n in names for n in _MACRO_STREAMS)
    if data.startswith(b"PK"):
        try:
            names = zipfile.ZipFile(io.BytesIO(data)).namelist()
        except (zipfile.BadZipFile, OSError, ValueError, EOFError):
            return False
        return any(_MACRO_PART.search(n) for n in names)
    return False


_REL = re.compile(rb"<Relationship\b[^>]*?/>", re.IGNORECASE)
_OVERRIDE = re.compile(rb"<Override\b[^>]*?/>", re.IGNORECASE)
_XLSM_MAIN = b"application/vnd.ms-excel.sheet.macroEnabled.main+xml"
_XLSX_MAIN = b"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"
_MACRO_TARGET = re.compile(rb"(vbaProject|vbaData|activeX|customUI|ctrlProps|embeddings|vbaProjectSignature)", re.I)


def without_macros(data: bytes, filename: str) -> tuple[bytes, str]:
    """(a copy of the workbook without its macro parts, an .xlsx name). Raises ImportFileError for an .xls
    with macros. A file without macros comes back as it is."""
    if not has_macros(data):
        return data, filename
    if data.startswith(parsing._OLE_MAGIC):
        raise parsing.ImportFileError(MSG_XLS_MACROS)
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            if _MACRO_PART.search(info.filename):
                continue
            part = src.read(info)
            if info.filename == "[Content_Types].xml":
                part = _OVERRIDE.sub(lambda m: b"" if _MACRO_TARGET.search(m.group(0)) else m.group(0), part)
                part = part.replace(_XLSM_MAIN, _XLSX_MAIN)
            elif info.filename.endswith(".rels"):
                part = _REL.sub(lambda m: b"" if _MACRO_TARGET.search(m.group(0)) else m.group(0), part)
            dst.writestr(info.filename, part)
    stem = PurePath(filename).stem or "tep"
    suffix = ".xlsx" if not filename.lower().endswith(".xlsb") else ".xlsb"
    return out.getvalue(), f"{stem}{suffix}"
