"""Working days: the one definition every deadline uses.

A day is a working day when it is Monday to Friday and not a public holiday, or when it is a Saturday or Sunday
worked in exchange for a bridge day off (ngày làm bù). The holidays come from the maintained `holidays` package
(Vietnam: Tết Dương lịch, Tết Nguyên đán with its lunar dates, Giỗ Tổ Hùng Vương, 30/4, 1/5, Quốc khánh with its
second day from 2021, and the swaps the package already knows), corrected by the `CalendarDay` rows an
administrator enters when the year's official notice is published (a day off or a day worked; an entered row
wins over the package). Source of the holidays: Bộ luật Lao động 2019 Điều 112 (from 01/01/2021; before that
Bộ luật Lao động 2012 Điều 115).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache

import holidays

from vanhoa.titles.choices import CalendarDayKind

SWAP_SOURCE = "Thông báo nghỉ lễ hằng năm (đã có trong lịch)"


def law_source(year: int) -> str:
    """The article that lists the public holidays in force in `year`."""
    return "Bộ luật Lao động 2019, Điều 112 (và văn bản bổ sung)" if year >= 2021 else "Bộ luật Lao động 2012, Điều 115"


@lru_cache(maxsize=64)
def _package_year(year: int) -> tuple[dict[date, str], frozenset[date]]:
    """The package's days off (Vietnamese names) and its weekend days worked in exchange, for one year."""
    cal = holidays.country_holidays("VN", years=year, language="vi")
    offs = {d: name for d, name in cal.items() if d.year == year}
    worked = frozenset(d for d in getattr(cal, "weekend_workdays", ()) if d.year == year)
    return offs, worked


@dataclass(frozen=True)
class DayOff:
    """A day that is not worked although it is not a weekend day, or a weekend day that is worked."""

    day: date
    name: str
    working: bool  # True: a weekend day worked in exchange (làm bù)
    source: str
    entered: bool  # True: entered by an administrator (a CalendarDay row)


class Calendar:
    """The working calendar over a span of years, read once (package + entered rows)."""

    def __init__(self, first_year: int, last_year: int) -> None:
        from vanhoa.titles.models import CalendarDay

        self.off: dict[date, str] = {}
        self.worked: set[date] = set()
        for year in range(first_year, last_year + 1):
            offs, worked = _package_year(year)
            self.off.update(offs)
            self.worked.update(worked)
        rows = CalendarDay.objects.filter(day__year__gte=first_year, day__year__lte=last_year)
        for row in rows:
            if row.kind == CalendarDayKind.WORKING:
                self.worked.add(row.day)
                self.off.pop(row.day, None)
            else:
                self.off[row.day] = row.name
                self.worked.discard(row.day)

    def is_working_day(self, d: date) -> bool:
        if d in self.worked:
            return True
        return d.weekday() < 5 and d not in self.off

    def add_working_days(self, start: date, days: int) -> date:
        """The `days`-th working day after `start`, on this calendar (read once for many deadlines)."""
        d, left = start, days
        while left > 0:
            d += timedelta(days=1)
            if self.is_working_day(d):
                left -= 1
        return d


def is_working_day(d: date) -> bool:
    return Calendar(d.year, d.year).is_working_day(d)


def add_working_days(start: date, days: int) -> date:
    """The `days`-th working day after `start` (3 working days from Wed 29/04/2020 is Wed 06/05/2020)."""
    cal = Calendar(start.year, start.year + 1 + days // 200)  # at least 200 working days a year
    return cal.add_working_days(start, days)


def year_days(year: int) -> list[DayOff]:
    """The year's days off on a weekday and weekend days worked, package and entered, in date order."""
    from vanhoa.titles.models import CalendarDay

    offs, worked = _package_year(year)
    law = law_source(year)
    out = {d: DayOff(d, name, False, SWAP_SOURCE if "thay cho" in name else law, False) for d, name in offs.items()}
    out.update({d: DayOff(d, "Làm việc bù", True, SWAP_SOURCE, False) for d in worked})
    for row in CalendarDay.objects.filter(day__year=year):
        working = row.kind == CalendarDayKind.WORKING
        out[row.day] = DayOff(row.day, row.name, working, row.source, True)
    return [out[d] for d in sorted(out)]
