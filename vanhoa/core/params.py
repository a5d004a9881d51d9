"""Numbers read from a request (filters, ids, years): only ASCII digits within range, else None.

`str.isdigit()` accepts "²" and "٣" (which `int()` refuses or reads) and any length (a 20-digit id overflows
the database's 64-bit integer), so request parameters are read through `int_param` (#21 F15)."""

from __future__ import annotations

from typing import Any

MAX_ID = 2**63 - 1


def int_param(value: Any, *, lo: int = 1, hi: int = MAX_ID) -> int | None:
    """The integer `value` spells (ASCII digits only), or None when it is empty, not a number or out of range."""
    text = value.strip() if isinstance(value, str) else ""
    if not text or len(text) > 19 or not (text.isascii() and text.isdigit()):
        return None
    number = int(text)
    return number if lo <= number <= hi else None


def year_param(value: Any) -> int | None:
    """A year 2000–2100 from a request parameter, else None."""
    return int_param(value, lo=2000, hi=2100)


def year_of(request: Any) -> int:
    """The year a page shows: `?nam=` (or a posted `nam`), else the year chosen in the top bar. The one reading
    of `?nam=` for every page."""
    year = year_param(request.GET.get("nam") or request.POST.get("nam"))
    return year if year is not None else int(request.work.year)
