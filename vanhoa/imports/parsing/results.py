"""What parsing returns: sheets, households, rejected rows, whole-file errors; the fields it reads."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

# --------------------------------------------------------------------------
# Public data types
# --------------------------------------------------------------------------


@dataclass(slots=True)
class SheetInfo:
    name: str
    rows: int  # number of non-empty rows


@dataclass(slots=True)
class HouseholdRow:
    row: int  # 1-based row number as Excel shows it
    code: str | None
    head_name: str
    group_raw: str
    group_key: str | None
    address: str
    member_count: int | None
    phone: str | None
    moved_in: dt.date | None
    note: str
    extra: dict[str, object] | None = None  # raw cells of the fields beyond FIELDS (e.g. a registration mark)


@dataclass(slots=True)
class RowError:
    row: int
    column: str  # header text as in the file (or the column letter)
    message: str  # Vietnamese


@dataclass
class ParseResult:
    sheet: str
    header_row: int  # 1-based; first row of a two-row header
    columns: dict[str, str]  # field -> header text found
    rows: list[HouseholdRow] = field(default_factory=list)
    rejected: list[RowError] = field(default_factory=list)
    skipped: list[tuple[int, str]] = field(default_factory=list)


class ImportFileError(Exception):
    """A problem with the whole file; ``message`` is Vietnamese, for users."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


FIELDS = (
    "code",
    "head_name",
    "group",
    "address",
    "member_count",
    "phone",
    "moved_in",
    "note",
)
# Columns a year's registrations and review results add to a household list (kept raw in HouseholdRow.extra).
EXTRA_FIELDS = (
    "registered",
    "result",
    "result_pass",
    "result_fail",
    "reason",
    "votes_for",
    "votes_against",
    "meeting_on",
)
