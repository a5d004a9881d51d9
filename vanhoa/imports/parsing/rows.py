"""The row loop: every row below the header becomes a household, a rejected row or a skipped one (why)."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from vanhoa.imports.parsing.cells import (
    _HAS_LETTER,
    _INVISIBLE,
    _INVISIBLE_CHARS,
    _PLACEHOLDER,
    _clean,
    _col_letter,
    _fold,
    _is_blank,
    _is_nothing,
    _parse_count,
    _parse_date,
    _parse_phone,
    _quote,
    _text,
)
from vanhoa.imports.parsing.groups import _ENUMERATOR, _GroupResolver
from vanhoa.imports.parsing.header import _Header, _header_field
from vanhoa.imports.parsing.messages import (
    EXCEL_ERRORS,
    MSG_BAD_NAME,
    MSG_CELL_ERROR,
    MSG_CODE_LONG,
    MSG_COUNT,
    MSG_DUP_CODE,
    MSG_GROUP_FROM_SECTION,
    MSG_LONG_NAME,
    MSG_MISSING_NAME,
    SKIP_AFTER_FOOTER,
    SKIP_BLANK,
    SKIP_COLUMN_NUMBERS,
    SKIP_FOOTER,
    SKIP_NUMBERS,
    SKIP_REPEATED_HEADER,
    SKIP_SECTION,
    SKIP_STT_ONLY,
    SKIP_TOTAL,
)
from vanhoa.imports.parsing.results import EXTRA_FIELDS, HouseholdRow, ParseResult, RowError
from vanhoa.registry.limits import CODE as MAX_CODE
from vanhoa.registry.limits import HEAD_NAME as MAX_HEAD_NAME

# --------------------------------------------------------------------------
# Row classification helpers
# --------------------------------------------------------------------------

_TOTAL_RE = re.compile(
    r"^cong (?:to|tdp|thon|ban|khu|xom)$|"
    r"^(?:tong cong|tong so|tong hop|cong don|cong|tong)"
    r"(?:"
    r"|(?: so)? (?:ho|hgd|nhan khau|khau|nguoi)(?: gia dinh)?(?: \d.*)?"
    r"| \d[\d ]*(?: (?:ho|hgd|nguoi|nhan khau|khau))?"
    r"| (?:to dan pho|tdp|to)(?: so)? \d.*"
    r"| (?:thon|ban|xom|khu|khoi|ap)\b.*"
    r"| (?:chung|cac \w+|toan (?:phuong|xa|to|thon|bo|khu)).*"
    r"| cong.*"
    r")$"
)
_FOOTER_START = re.compile(
    r"^(?:nguoi lap|nguoi ghi|nguoi ke khai|ky ghi ro|ky va ghi ro|ky ten|ky xac nhan|xac nhan"
    r"|tm |t m |chu tich|pho chu tich|to truong|truong thon|truong ban|truong khu|can bo"
    r"|cong chuc|ke toan|thu truong|giam doc|noi nhan)\b"
    r"|\bngay(?: \S+)? thang(?: \S+)? nam\b"
)
_NOTE_LINE = re.compile(r"^(?:ghi chu|luu y|chu y|chu thich)\b")
_COLNUM_TEXT = re.compile(r"^\(?(\d{1,2})\)?$")


def _is_total_label(s: str) -> bool:
    if s[:1] not in "CcTt":
        return False
    return bool(_TOTAL_RE.match(_fold(s)))


def _column_numbers(cells: dict[int, object]) -> bool:
    if len(cells) < 3:
        return False
    nums = []
    for v in cells.values():
        t = type(v)
        if t is float or t is int:
            if not float(v).is_integer():  # type: ignore[arg-type]
                return False
            nums.append(int(v))  # type: ignore[call-overload]
        elif t is str:
            s = v.strip()  # type: ignore[union-attr]
            m = _COLNUM_TEXT.match(s)
            if m:
                nums.append(int(m.group(1)))
            elif len(s) == 1 and s.isascii() and s.isalpha():  # not "ß", whose upper case is "SS"
                nums.append(ord(s.upper()) - 64)
            else:
                return False
        else:
            return False
    return all(b == a + 1 for a, b in zip(nums, nums[1:], strict=False))


# --------------------------------------------------------------------------
# The row loop
# --------------------------------------------------------------------------


class _RowParser:
    def __init__(self, sheet, grid, merges, header: _Header, groups) -> None:
        self.sheet = sheet
        self.grid = grid
        self.h = header
        self.resolver = _GroupResolver(groups)
        self.today = dt.date.today()
        self.mapped_cols = frozenset(header.cols.values())
        self._fill_vertical_merges(merges)

    def _fill_vertical_merges(self, merges) -> None:
        """A tall merged cell keeps its value in the top cell only: copy it down
        for the group/address columns (a tổ written once for several hộ)."""
        cols = {self.h.cols[f] for f in ("group", "address") if f in self.h.cols}
        if not merges or not cols:
            return
        grid = self.grid
        for (r1, c1), (r2, _c2) in merges:
            if c1 not in cols or r2 <= r1 or r1 < self.h.data_start:
                continue
            if r1 >= len(grid) or c1 >= len(grid[r1]):
                continue
            v = grid[r1][c1]
            if _is_blank(v):
                continue
            for r in range(r1 + 1, min(r2, len(grid) - 1) + 1):
                row = grid[r]
                if c1 >= len(row):  # rows are cut after their last value
                    row.extend([""] * (c1 + 1 - len(row)))
                if _is_blank(row[c1]):
                    row[c1] = v

    def run(self) -> ParseResult:
        """Every row below the header: a household, a rejected row with its reasons, or a skipped row (blank,
        column numbers, a section title naming the group of the rows below, a total, the signatures)."""
        h = self.h
        self.c = {f: h.cols.get(f, -1) for f in ("head_name", "code", "group", "address", "member_count", "phone",
                                                  "moved_in", "note")}  # fmt: skip
        self.extra_cols = [(f, c) for f, c in h.cols.items() if f in EXTRA_FIELDS]
        self.strong_cols = {self.c[f] for f in ("code", "group", "address", "member_count", "phone") if self.c[f] >= 0}
        self.strong_cols |= {c for _, c in self.extra_cols}
        self.l_name = h.labels.get("head_name", _col_letter(self.c["head_name"]))
        self.l_group = h.labels.get("group", "Tổ dân phố")
        self.seen_codes: dict[str, int] = {}
        self.group_cache: dict[str, tuple[str, str | None, str | None]] = {}
        self.section: tuple[str | None, str, int, str | None] | None = None
        self.footer = False

        rows: list[HouseholdRow] = []
        rejected: list[RowError] = []
        skipped: list[tuple[int, str]] = []
        for ri in range(h.data_start, self._last_row() + 1):
            rowno = ri + 1
            cells, n_text, n_other = self._cells(self.grid[ri])
            reason = self._skip_reason(cells, n_text, n_other, rowno)
            if reason is not None:
                skipped.append((rowno, reason))
                continue
            household, errors = self._household(rowno, cells)
            if errors:
                rejected.extend(RowError(rowno, col_label, msg) for col_label, msg in errors)
            else:
                rows.append(household)
        return ParseResult(
            sheet=self.sheet,
            header_row=h.row + 1,
            columns=dict(h.labels),
            rows=rows,
            rejected=rejected,
            skipped=skipped,
        )

    def _last_row(self) -> int:
        """The index of the last row with a value within the table's width."""
        grid, width = self.grid, self.h.width
        last = len(grid) - 1
        while last >= self.h.data_start and not any(not _is_blank(v) for v in grid[last][:width]):
            last -= 1
        return last

    def _cells(self, row: list[Any]) -> tuple[dict[int, Any], int, int]:
        """{column: value} of the row's non-empty cells within the table, and how many are text and how many
        neither text nor numbers."""
        width = self.h.width
        if len(row) > width:
            row = row[:width]
        cells = {}
        n_text = n_other = 0
        for c, v in enumerate(row):
            if v == "" or v is None:
                continue
            t = type(v)
            if t is str:
                s = v.strip()
                if not s or (s[0] in _INVISIBLE_CHARS and not s.translate(_INVISIBLE).strip()):
                    continue
                n_text += 1
            elif t is not float and t is not int:
                n_other += 1
            cells[c] = v
        return cells, n_text, n_other

    def _skip_reason(self, cells: dict[int, Any], n_text: int, n_other: int, rowno: int) -> str | None:
        """Why the row is not a household (None when it is one)."""
        if not cells:
            return SKIP_BLANK
        c = self.c
        stt_cols = self.h.stt_cols
        name_v = cells.get(c["head_name"])
        if n_text == 0 and n_other == 0:  # only numbers
            if _column_numbers(cells):
                return SKIP_COLUMN_NUMBERS
            if name_v is None and not (c["code"] in cells or c["phone"] in cells):
                return SKIP_STT_ONLY if set(cells) <= stt_cols else SKIP_NUMBERS
            return None
        if (
            # fast path, the usual household row: a text name among numbers
            type(name_v) is str
            and n_text < len(cells)
            and not self.footer
            and not _is_total_label(name_v)
            and _HAS_LETTER.search(name_v)
        ):
            return None
        reason = self._special_row(cells, name_v, self.strong_cols, self.footer)
        if reason is not None:
            kind, text = reason
            if kind == "footer":
                self.footer = True
            elif kind == "section":
                text, self.section = self._section(text, rowno)
            return text
        return SKIP_STT_ONLY if set(cells) <= stt_cols else None

    def _household(self, rowno: int, cells: dict[int, Any]) -> tuple[HouseholdRow, list[tuple[str, str]]]:
        """The household the row describes, and what is wrong with it ([(column, message)])."""
        c, lab = self.c, self.h.labels
        errors: list[tuple[str, str]] = []
        head_name = self._head_name(cells.get(c["head_name"]), errors)
        code = self._code(cells.get(c["code"]), rowno, errors)
        group_raw, group_key = self._group(cells.get(c["group"]), errors)
        v = cells.get(c["address"])
        address = "" if v is None else _text(v)
        if address in EXCEL_ERRORS:
            errors.append((lab["address"], MSG_CELL_ERROR.format(v=address)))
        member_count = None
        if (v := cells.get(c["member_count"])) is not None:
            member_count, ok = _parse_count(v)
            if not ok:
                errors.append((lab["member_count"], MSG_COUNT.format(v=_quote(_text(v)))))
        phone = None
        if (v := cells.get(c["phone"])) is not None:
            phone, err = _parse_phone(v)
            if err:
                errors.append((lab["phone"], err))
        moved_in = None
        if (v := cells.get(c["moved_in"])) is not None:
            moved_in, err = _parse_date(v, self.today)
            if err:
                errors.append((lab["moved_in"], err))
        v = cells.get(c["note"])
        note = "" if v is None else _text(v)
        extra = {f: cells[col] for f, col in self.extra_cols if col in cells} if self.extra_cols else None
        household = HouseholdRow(
            rowno, code, head_name, group_raw, group_key, address, member_count, phone, moved_in, note, extra
        )
        return household, errors

    def _head_name(self, v: Any, errors: list[tuple[str, str]]) -> str:
        l_name = self.l_name
        if v is None:
            errors.append((l_name, MSG_MISSING_NAME))
            return ""
        if type(v) is not str:
            errors.append((l_name, MSG_BAD_NAME.format(v=_quote(_text(v)))))
            return ""
        head_name = _clean(v)
        if head_name in EXCEL_ERRORS:
            errors.append((l_name, MSG_CELL_ERROR.format(v=head_name)))
        elif not _HAS_LETTER.search(head_name) or _PLACEHOLDER.match(head_name):
            errors.append((l_name, MSG_BAD_NAME.format(v=_quote(head_name))))
        elif len(head_name) > MAX_HEAD_NAME:
            errors.append((l_name, MSG_LONG_NAME.format(n=len(head_name), v=head_name[:40])))
        return head_name

    def _code(self, v: Any, rowno: int, errors: list[tuple[str, str]]) -> str | None:
        if v is None:
            return None
        l_code = self.h.labels["code"]
        code = _text(v)
        if code in EXCEL_ERRORS:
            errors.append((l_code, MSG_CELL_ERROR.format(v=code)))
            return None
        if _is_nothing(code):
            return None
        if len(code) > MAX_CODE:
            errors.append((l_code, MSG_CODE_LONG.format(v=_quote(code, 40), max=MAX_CODE)))
            return None
        first = self.seen_codes.setdefault(code.casefold().replace(" ", ""), rowno)
        if first != rowno:
            errors.append((l_code, MSG_DUP_CODE.format(v=code, row=first)))
        return code

    def _group(self, v: Any, errors: list[tuple[str, str]]) -> tuple[str, str | None]:
        """(the group as written, the id it resolves to): from the row's cell, else from the section title."""
        if v is not None:
            hit = self.group_cache.get(v) if type(v) is str else None
            if hit is None:
                group_raw = _text(v)
                if group_raw in EXCEL_ERRORS:
                    hit = (group_raw, None, MSG_CELL_ERROR.format(v=group_raw))
                else:
                    hit = (group_raw, *self.resolver.resolve(group_raw))
                if type(v) is str and len(self.group_cache) < 10000:
                    self.group_cache[v] = hit
            group_raw, group_key, err = hit
            if err:
                errors.append((self.l_group, err))
            return group_raw, group_key
        if self.section is not None:
            group_key, group_raw, srow, err = self.section
            if err:
                errors.append((self.l_group, err + MSG_GROUP_FROM_SECTION.format(row=srow)))
            return group_raw, group_key
        return "", None

    def _special_row(self, cells, name_v, strong_cols, footer) -> tuple[str, str] | None:
        """Classify rows with text that are not households; None = a household."""
        cols = self.h.cols
        c_name = cols.get("head_name", -1)
        texts = [(c, v) for c, v in cells.items() if type(v) is str]
        # total / subtotal rows: a "Cộng…"/"Tổng…" label and no real head name
        for c, v in texts:
            if _is_total_label(v.strip()):
                if c == c_name:
                    # in the name column: a household has a phone or a code
                    if not (self._has(cells, "phone") or self._has(cells, "code")):
                        return "total", SKIP_TOTAL.format(v=_quote(_clean(v), 40))
                elif name_v is None:
                    return "total", SKIP_TOTAL.format(v=_quote(_clean(v), 40))
        all_text = len(texts) == len(cells)
        # repeated header (a printed table repeats its header on every page)
        if all_text and type(name_v) is str and _header_field(name_v) == "head_name":
            hits = sum(1 for _, v in texts if _header_field(v) not in (None, "_known"))
            if hits >= 2:
                return "header", SKIP_REPEATED_HEADER
        if _column_numbers(cells):
            return "colnum", SKIP_COLUMN_NUMBERS
        if all_text:
            matched = None
            kind = "footer"
            for c, v in texts:
                f = _fold(v)
                if _FOOTER_START.search(f):
                    matched = matched or v
                elif len(cells) == 1 and _NOTE_LINE.match(f):
                    matched, kind = v, "note"
                elif c == c_name or c in strong_cols:
                    matched = None
                    break
            if matched is not None:
                return kind, SKIP_FOOTER.format(v=_quote(_clean(matched), 40))
        # below the signatures: signers' names, titles… A row is still read as a
        # household when it has a head name and some household data.
        if footer and (name_v is None or not any(c in strong_cols for c in cells)):
            return "after", SKIP_AFTER_FOOTER
        # section title rows: one text cell, e.g. "TỔ DÂN PHỐ SỐ 1", "I. HỘ TẠM TRÚ"
        if len(cells) == 1 and all_text:
            ((c, v),) = texts
            s = _clean(v)
            if c == cols.get("group") and not s.isupper():
                return None  # a lone "Tổ 3" is a household row without its name
            mapped = c in self.mapped_cols
            title_pos = c in self.h.stt_cols or (not mapped and c < c_name)
            sec = self.resolver.section(s, c == c_name)
            if sec is not None and (sec[0] is not None or title_pos or s.isupper()):
                return "section", s
            if title_pos or (_ENUMERATOR.match(s) and s.isupper()):
                return "title", SKIP_SECTION.format(v=_quote(s, 40))
        return None

    def _has(self, cells, fld) -> bool:
        c = self.h.cols.get(fld)
        return c is not None and c in cells

    def _section(self, text: str, rowno: int):
        """-> (skip reason, (group key, group text, row, error)) for a section title row."""
        sec = self.resolver.section(text)
        key, err = sec if sec is not None else (None, None)
        name = _ENUMERATOR.sub("", text, count=1)
        return SKIP_SECTION.format(v=_quote(text, 40)), (key, name, rowno, err)
