"""Parsing of ward household registries kept in (messy) spreadsheets.

A package by concern: `results` (what comes back), `messages`, `workbook` (opening; the entry points),
`header`, `groups`, `cells`, `rows` (the row loop), `template`. Every name is re-exported here, so
`from vanhoa.imports.parsing import …` and `parsing.X` keep working.

Pure Python, no Django: the import views/models call :func:`list_sheets`,
:func:`parse_households` and :func:`build_template`.

One reader for every format: ``python-calamine`` (xlsx, xlsm, xlsb, xls, ods).
The file is sniffed by content, never trusted by its name.

Guarantees of :func:`parse_households`:

* it raises nothing but :class:`ImportFileError` (whole-file problems);
* every row below the header, up to the last non-empty row, ends up in exactly
  one of ``rows`` (a household), ``rejected`` (one or more :class:`RowError`
  for that row) or ``skipped`` (blank, total/subtotal, repeated header,
  section title, signature block… with the reason);
* nothing is invented: values are normalised (NFC, spaces, phone digits,
  dates) but a value that cannot be read unambiguously is rejected.
"""

from __future__ import annotations

from vanhoa.imports.parsing.cells import (
    _parse_count,  # noqa: F401
    _parse_date,  # noqa: F401
    _parse_phone,  # noqa: F401
    _quote,  # noqa: F401
    cell_date,  # noqa: F401
    cell_text,  # noqa: F401
    fold_text,  # noqa: F401
    match_key,  # noqa: F401
    quoted,  # noqa: F401
)
from vanhoa.imports.parsing.groups import (
    _GroupResolver,  # noqa: F401
)
from vanhoa.imports.parsing.header import (
    _header_field,  # noqa: F401
)
from vanhoa.imports.parsing.messages import (
    EXCEL_ERRORS,  # noqa: F401
    HEADER_SCAN_ROWS,  # noqa: F401
    MSG_BAD_NAME,  # noqa: F401
    MSG_CELL_ERROR,  # noqa: F401
    MSG_CODE_LONG,  # noqa: F401
    MSG_COUNT,  # noqa: F401
    MSG_DATE,  # noqa: F401
    MSG_DATE_FUTURE,  # noqa: F401
    MSG_DUP_CODE,  # noqa: F401
    MSG_EMPTY,  # noqa: F401
    MSG_GROUP_AMBIGUOUS,  # noqa: F401
    MSG_GROUP_FROM_SECTION,  # noqa: F401
    MSG_GROUP_UNKNOWN,  # noqa: F401
    MSG_INTERNAL,  # noqa: F401
    MSG_LONG_NAME,  # noqa: F401
    MSG_MISSING_NAME,  # noqa: F401
    MSG_NO_HEADER,  # noqa: F401
    MSG_NO_SHEETS,  # noqa: F401
    MSG_NOT_EXCEL,  # noqa: F401
    MSG_PASSWORD,  # noqa: F401
    MSG_PHONE,  # noqa: F401
    MSG_PHONE_MANY,  # noqa: F401
    MSG_SHEET_NOT_FOUND,  # noqa: F401
    MSG_UNREADABLE,  # noqa: F401
    SKIP_AFTER_FOOTER,  # noqa: F401
    SKIP_BLANK,  # noqa: F401
    SKIP_COLUMN_NUMBERS,  # noqa: F401
    SKIP_FOOTER,  # noqa: F401
    SKIP_NUMBERS,  # noqa: F401
    SKIP_REPEATED_HEADER,  # noqa: F401
    SKIP_SECTION,  # noqa: F401
    SKIP_STT_ONLY,  # noqa: F401
    SKIP_TOTAL,  # noqa: F401
)

# every name other modules and tests use, re-exported from the module of its concern
from vanhoa.imports.parsing.results import (
    EXTRA_FIELDS,  # noqa: F401
    FIELDS,  # noqa: F401
    HouseholdRow,  # noqa: F401
    ImportFileError,  # noqa: F401
    ParseResult,  # noqa: F401
    RowError,  # noqa: F401
    SheetInfo,  # noqa: F401
)
from vanhoa.imports.parsing.rows import (
    _is_total_label,  # noqa: F401
)
from vanhoa.imports.parsing.template import (
    TEMPLATE_EXAMPLE_NOTE,  # noqa: F401
    TEMPLATE_HEADERS,  # noqa: F401
    build_template,  # noqa: F401
)
from vanhoa.imports.parsing.workbook import (
    _OLE_MAGIC,  # noqa: F401
    _Book,  # noqa: F401
    _ole_stream_names,  # noqa: F401
    list_sheets,  # noqa: F401
    parse_households,  # noqa: F401
)

__all__ = [
    "HouseholdRow",
    "ImportFileError",
    "ParseResult",
    "RowError",
    "SheetInfo",
    "build_template",
    "list_sheets",
    "match_key",
    "parse_households",
]
