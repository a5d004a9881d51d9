"""The text lines of an NĐ 30/2020/NĐ-CP document: the place-date line and the "Số:" line (pure Python)."""

from __future__ import annotations

import datetime as dt

__all__ = ["BLANK", "nd30_date_line", "number_line"]

#: Space left for a hand-written day, month or number ("ngày      tháng      năm 2020").
BLANK = " " * 6


def nd30_date_line(place: str, d: dt.date | None, year: int | None = None) -> str:
    """The place-date line: "Quyết Tiến, ngày 05 tháng 01 năm 2020".

    Days 1–9 and months 1–2 get a leading zero (NĐ 30); months 3–12 are written without one.
    When ``d`` is None the day and month are left blank for the signer ("ngày      tháng      năm
    2020") and ``year`` is required.
    """
    place = place.strip()
    if d is None:
        if year is None:
            raise ValueError("year is required when the date is left blank")
        return f"{place}, ngày{BLANK}tháng{BLANK}năm {year}"
    if year is not None and year != d.year:
        raise ValueError(f"year {year} does not match date {d.isoformat()}")
    month = f"{d.month:02d}" if d.month < 3 else str(d.month)
    return f"{place}, ngày {d.day:02d} tháng {month} năm {d.year}"


def number_line(number: int | str | None, symbol: str) -> str:
    """The "Số:" line: "Số: 05/KH-BCĐ"; with no number, a blank for the văn thư: "Số:      /KH-BCĐ"."""
    symbol = symbol.strip().lstrip("/")
    if isinstance(number, str):
        number = number.strip()
        if not number:
            number = None
        elif number.isdigit():
            number = int(number)
    if number is None:
        return f"Số:{BLANK}/{symbol}"
    if isinstance(number, int):
        if number < 1:
            raise ValueError(f"document number must be positive, got {number}")
        return f"Số: {number:02d}/{symbol}"
    return f"Số: {number}/{symbol}"
