"""Derived facts, computed and never typed: rates, consecutive-year streaks, commendation caps, deadlines.

* Rates and counts are not here: every figure has one definition, in vanhoa.titles.figures.
* Streak: consecutive years up to a year in which the subject held the title. A household keeps its row
  through a change of head, so its streak survives; a household formed by a split starts at 0 unless an
  officer carried its origin's years (StreakCarry); a group's years follow its lineage (vanhoa.units.tree).
  After a Giấy khen the counter restarts (legal-brief §2.2).
* Deadlines: notice end = opened + days − 1; filing due = meeting + file days; decision due = complete dossier
  + decide days (working days: vanhoa.titles.workdays); the yearly cut-off; the 15-day publication.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal
from typing import Any, Generic, TypeVar

from django.db.models import Exists, OuterRef, Q, QuerySet

from vanhoa.core.text import format_date
from vanhoa.registry.models import Household, HouseholdPlacement
from vanhoa.titles import clock, workdays
from vanhoa.titles.choices import RECOGNISED, CommendationStatus, DayCount, Rounding
from vanhoa.units.choices import UnitKind
from vanhoa.units.models import Unit
from vanhoa.units.tree import get_graph

T = TypeVar("T")

# --------------------------------------------------------------------------- dates


def add_days(start: date, days: int, count: str = DayCount.CALENDAR, cal: workdays.Calendar | None = None) -> date:
    """`start` + `days` calendar days, or the `days`-th working day after `start` (vanhoa.titles.workdays; `cal`:
    a calendar already read, for many deadlines at once)."""
    if count != DayCount.WORKING:
        return start + timedelta(days=days)
    if cal is not None:
        return cal.add_working_days(start, days)
    return workdays.add_working_days(start, days)


def notice_end(opened_on: date, days: int) -> date:
    """Last day of a public notice: opened 16/10 for 10 days → 25/10."""
    return opened_on + timedelta(days=days - 1)


@dataclass(frozen=True)
class Deadline:
    """A dated duty and whether it was (or is being) missed."""

    label: str
    due: date | None
    done_on: date | None = None
    source: str = ""
    before: bool = False  # "trước ngày …": due is the day before the printed date

    def is_late(self, today: date | None = None) -> bool:
        if self.due is None:
            return False
        if self.done_on is not None:
            return self.done_on > self.due
        return (today or clock.today()) > self.due

    @property
    def due_text(self) -> str:
        if self.due is None:
            return ""
        if self.before:
            return f"trước ngày {format_date(self.due + timedelta(days=1))}"
        return f"hạn {format_date(self.due)}"


def filing_deadline(
    rule_set: Any, meeting_date: date | None, submitted_on: date | None = None, cal: workdays.Calendar | None = None
) -> Deadline | None:
    if not rule_set.file_days or meeting_date is None:
        return None
    due = add_days(meeting_date, rule_set.file_days, rule_set.file_day_count, cal)
    return Deadline("Gửi hồ sơ đề nghị", due, submitted_on, rule_set.deadline_source)


def decision_deadline(
    rule_set: Any, complete_on: date | None, signed_on: date | None = None, cal: workdays.Calendar | None = None
) -> Deadline | None:
    if not rule_set.decide_days or complete_on is None:
        return None
    due = add_days(complete_on, rule_set.decide_days, rule_set.decide_day_count, cal)
    return Deadline("Ra quyết định công nhận", due, signed_on, rule_set.deadline_source)


def cutoff_deadline(rule_set: Any, year: int, reviewed_on: date | None = None) -> Deadline | None:
    cutoff = rule_set.cutoff(year)
    if cutoff is None:
        return None
    return Deadline("Hoàn thành bình xét", cutoff - timedelta(days=1), reviewed_on, rule_set.cutoff_source, before=True)


def publish_deadline(rule_set: Any, signed_on: date, published_on: date | None = None) -> Deadline | None:
    if rule_set is None or not rule_set.publish_days:
        return None
    due = signed_on + timedelta(days=rule_set.publish_days)
    return Deadline("Công bố danh sách được công nhận", due, published_on, rule_set.publish_source)


def notice_deadline(notice: Any) -> Deadline:
    """A notice should be closed the day after its last day; it is 'late' when that passed and nobody closed it."""
    return Deadline("Kết thúc niêm yết", notice.ends_on + timedelta(days=1), notice.closed_on)


# --------------------------------------------------------------------------- residents and rates


def lineage_ids(unit_id: int) -> frozenset[int]:
    """A unit and every unit whose records roll up to it (predecessors through mergers and splits)."""
    return get_graph().covered(unit_id)


def groups_of(unit: Unit) -> list[int]:
    """Residential group ids under a ward (through its history) or the group itself (with its predecessors)."""
    graph = get_graph()
    covered = graph.covered(unit.pk)
    return [uid for uid in covered if graph.nodes[uid].kind == UnitKind.GROUP]


def residents(group_ids: Iterable[int], on: date) -> QuerySet[Household]:
    """Households living in these groups on `on` (from their placements: a move or a departure ends one)."""
    placed = HouseholdPlacement.objects.filter(household=OuterRef("pk"), group__in=list(group_ids)).filter(
        Q(valid_from__isnull=True) | Q(valid_from__lte=on), Q(valid_to__isnull=True) | Q(valid_to__gt=on)
    )
    return Household.objects.filter(Exists(placed))


# --------------------------------------------------------------------------- streaks


def count_back(years: set[int], year: int, restart_after: int | None = None) -> int:
    """Consecutive years in `years` ending at `year`, not counting years up to `restart_after`."""
    n = 0
    while year in years and (restart_after is None or year > restart_after):
        n += 1
        year -= 1
    return n


def _household_years(
    household_id: int, title_code: str, seen: frozenset[int] = frozenset()
) -> tuple[set[int], set[int]]:
    """(years recognised, years a commendation window ended) for a household, carried splits included."""
    from vanhoa.titles.models import Candidacy, Commendation, StreakCarry

    years = set(
        Candidacy.objects.filter(
            title_type__code=title_code, household_id=household_id, state__in=RECOGNISED
        ).values_list("year", flat=True)
    )
    awarded = set(
        Commendation.objects.filter(
            candidacy__household_id=household_id, status=CommendationStatus.AWARDED
        ).values_list("window_to", flat=True)
    )
    carry = StreakCarry.objects.filter(household_id=household_id).first()
    if carry is not None and carry.source_id not in seen:
        src_years, src_awarded = _household_years(carry.source_id, title_code, seen | {household_id})
        years |= {y for y in src_years if y <= carry.up_to_year}
        awarded |= {y for y in src_awarded if y <= carry.up_to_year}
    return years, awarded


def _group_years(group_id: int, title_code: str) -> tuple[set[int], set[int]]:
    """Years a group (or a unit it succeeded) held the title; a year counts when any of them did."""
    from vanhoa.titles.models import Candidacy, Commendation

    ids = lineage_ids(group_id)
    years = set(
        Candidacy.objects.filter(title_type__code=title_code, group_id__in=ids, state__in=RECOGNISED).values_list(
            "year", flat=True
        )
    )
    awarded = set(
        Commendation.objects.filter(candidacy__group_id__in=ids, status=CommendationStatus.AWARDED).values_list(
            "window_to", flat=True
        )
    )
    return years, awarded


def streak(subject: Any, year: int, *, restart: bool = True) -> int:
    """Consecutive years up to `year` in which a household (Gia đình văn hóa) or a group (Tổ dân phố văn hóa)
    held its title; with `restart`, years covered by an earlier Giấy khen do not count."""
    if isinstance(subject, Household):
        years, awarded = _household_years(subject.pk, "gdvh")
    elif isinstance(subject, Unit) and subject.kind == UnitKind.GROUP:
        years, awarded = _group_years(subject.pk, "tdpvh")
    else:
        raise TypeError(f"no streak for {subject!r}")
    earlier = [y for y in awarded if y < year]
    return count_back(years, year, max(earlier) if (restart and earlier) else None)


def streaks_for_households(household_ids: Sequence[int], year: int, *, restart: bool = True) -> dict[int, int]:
    """Streaks of many households at once (carried splits resolved one by one; they are rare)."""
    from vanhoa.titles.models import Candidacy, Commendation, StreakCarry

    years: dict[int, set[int]] = {}
    for hid, y in Candidacy.objects.filter(
        title_type__code="gdvh", household_id__in=list(household_ids), state__in=RECOGNISED, year__lte=year
    ).values_list("household_id", "year"):
        years.setdefault(hid, set()).add(y)
    awarded: dict[int, set[int]] = {}
    for hid, y in Commendation.objects.filter(
        candidacy__household_id__in=list(household_ids), status=CommendationStatus.AWARDED
    ).values_list("candidacy__household_id", "window_to"):
        awarded.setdefault(hid, set()).add(y)
    carried = set(
        StreakCarry.objects.filter(household_id__in=list(household_ids)).values_list("household_id", flat=True)
    )
    out = {}
    for hid in household_ids:
        if hid in carried:
            ys, aw = _household_years(hid, "gdvh")
        else:
            ys, aw = years.get(hid, set()), awarded.get(hid, set())
        earlier = [y for y in aw if y < year]
        out[hid] = count_back(ys, year, max(earlier) if (restart and earlier) else None)
    return out


# --------------------------------------------------------------------------- commendation cap


def cap_count(eligible: int, cap_pct: Decimal | int, rounding: str = Rounding.FLOOR) -> int:
    """How many of `eligible` subjects the cap allows: 15% of 300 = 45."""
    exact = Decimal(eligible) * Decimal(str(cap_pct)) / 100
    if rounding == Rounding.CEIL:
        return math.ceil(exact)
    if rounding == Rounding.HALF_UP:
        return int(exact.quantize(Decimal(1), rounding=ROUND_HALF_UP))
    return math.floor(exact)


@dataclass
class Ranked(Generic[T]):
    item: T
    rank: int
    votes: int
    within_cap: bool
    tie: bool  # has the same votes as someone on the other side of the cap line: ordered by the tie-break


def rank_for_cap(
    items: Sequence[T], cap: int, *, votes: Callable[[T], int], tie_key: Callable[[T], Any]
) -> list[Ranked[T]]:
    """Order by votes (most first), then by the tie-break key; the first `cap` are within the cap. Items
    whose votes equal the votes at the cap line, when that line splits them, are flagged `tie`."""
    ordered = sorted(items, key=lambda it: (-votes(it), tie_key(it)))
    out = [Ranked(it, i + 1, votes(it), i < cap, False) for i, it in enumerate(ordered)]
    if 0 < cap < len(out):
        line_votes = out[cap - 1].votes
        if out[cap].votes == line_votes:
            for r in out:
                if r.votes == line_votes:
                    r.tie = True
    return out
