"""Numbers for the ward's reports (semi-annual and annual): what was done in a period, and the 18/11 festival
summary of all groups.

Both read every record of the ward and of the units it covers (its predecessors: a 2020 report of today's
phường Đoàn Kết counts phường Quyết Tiến's records). Callers check that the user may see the ward.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db import connection
from django.db.models import Count

from vanhoa.activities.choices import ContributionForm, EventKind, FileKind, FindingResult, FollowUp
from vanhoa.activities.funding import funds_by_festival
from vanhoa.activities.models import (
    ActivityFile,
    Allocation,
    Contribution,
    Event,
    Expense,
    Festival,
    Finding,
    Inspection,
    TitleFlag,
)
from vanhoa.activities.places import festival_day, groups_on
from vanhoa.units.choices import UnitKind
from vanhoa.units.models import Unit
from vanhoa.units.tree import UnitGraph, get_graph


def activity_counts(ward: Unit, date_from: date, date_to: date) -> dict[str, Any]:
    """What the ward did between two days (both included), for the reports:

    trainings, training_attendees, outreach_sessions, outreach_attendees: sessions held in the period;
    inspections_done (held in the period), inspections_planned (planned in it, not held yet);
    findings_failed: criteria "không đạt" at those inspections; findings_open: of those, not yet put right;
    corrections_overdue: open ones whose deadline passed by date_to; title_flags_open: unresolved flags from
    those inspections; festival_groups_held / festival_groups_total: groups that held the 18/11 festival /
    groups the ward had on 18/11, for each 18/11 in the period; festival_participants;
    funds_budget, funds_donated_cash, funds_donated_in_kind, funds_raised (all three), funds_spent (đồng).

    One query whatever the period and the ward (`_aggregates`: a UNION ALL of one conditional aggregate per
    table); the groups of each 18/11 come from the unit graph.
    """
    graph = get_graph()
    covered = graph.covered(ward.pk)
    festival_groups = _festival_groups(graph, covered, date_from, date_to)
    aggregates = _aggregates(covered, date_from, date_to, festival_groups)
    row = {tag: [int(v or 0) for v in values] for tag, *values in aggregates}
    events, inspections, findings = row["events"], row["inspections"], row["findings"]
    festivals, gifts = row.get("festivals", [0, 0, 0, 0]), row["gifts"]
    budget, cash, goods, spent = row["allocations"][0], gifts[0], gifts[1], row["expenses"][0]
    return {
        "trainings": events[0],
        "training_attendees": events[1],
        "outreach_sessions": events[2],
        "outreach_attendees": events[3],
        "inspections_done": inspections[0],
        "inspections_planned": inspections[1],
        "findings_failed": findings[0],
        "findings_open": findings[1],
        "corrections_overdue": findings[2],
        "title_flags_open": row["flags"][0],
        "festival_groups_held": festivals[0],
        "festival_groups_total": sum(len(groups) for groups in festival_groups.values()),
        "festival_participants": festivals[1],
        "funds_budget": budget,
        "funds_donated_cash": cash,
        "funds_donated_in_kind": goods,
        "funds_raised": budget + cash + goods,
        "funds_spent": spent,
    }


def _festival_groups(graph: UnitGraph, covered: frozenset[int], date_from: date, date_to: date) -> dict[int, list[int]]:
    """{year: ids of the groups the ward (or a unit it covers) had on that year's 18/11} for each 18/11 in the
    period (from the unit graph, without a query: the same groups as places.groups_on)."""
    out: dict[int, list[int]] = {}
    for year in range(date_from.year, date_to.year + 1):
        day = festival_day(year)
        if date_from <= day <= date_to:
            nodes = (graph.nodes[u] for u in covered if u in graph.nodes)
            out[year] = sorted(n.id for n in nodes if n.kind == UnitKind.GROUP and n.active_on(day))
    return out


#: the tables of the money figures (funds raised: budget allocations and gifts; funds spent: expenses)
MONEY_TABLES = ("allocations", "gifts", "expenses")


def money_counts(ward: Unit, date_from: date, date_to: date) -> dict[str, int]:
    """funds_raised and funds_spent of `activity_counts`, from the money tables only (one query, the same branches
    of the same union): what the dashboard's two money cards need."""
    covered = get_graph().covered(ward.pk)
    row = {
        tag: [int(v or 0) for v in values]
        for tag, *values in _aggregates(covered, date_from, date_to, {}, MONEY_TABLES)
    }
    gifts = row["gifts"]
    return {"funds_raised": row["allocations"][0] + gifts[0] + gifts[1], "funds_spent": row["expenses"][0]}


def _aggregates(
    covered: frozenset[int],
    date_from: date,
    date_to: date,
    festival_groups: dict[int, list[int]],
    only: tuple[str, ...] = (),
) -> list[tuple[Any, ...]]:
    """[(tag, a, b, c, d)]: one row per table of the records of the units `covered` (the ward and the units it
    covers), in one query: a UNION ALL of aggregates without GROUP BY, so each table gives exactly one row (NULL
    sums when it has nothing in the period). Plain SQL that runs on SQLite and PostgreSQL: composing the same
    union through the ORM cost ~20 ms of Python per page, running it ~1 ms. The figure-by-figure ORM reading it
    replaced is kept as the reference of a test (activities/tests/test_reports_one_query.py)."""
    ids = sorted(covered)
    in_ward = f"ward_id IN ({', '.join(['%s'] * len(ids))})"
    period = [date_from, date_to]
    event, inspection, finding, flag, festival, allocation, gift, expense = (
        m._meta.db_table for m in (Event, Inspection, Finding, TitleFlag, Festival, Allocation, Contribution, Expense)
    )
    done = f"SELECT id FROM {inspection} WHERE {in_ward} AND held_on BETWEEN %s AND %s"
    training, outreach, cash, fixed = EventKind.TRAINING, EventKind.OUTREACH, ContributionForm.CASH, FollowUp.DONE
    count_if, sum_if = "SUM(CASE WHEN {} THEN 1 ELSE 0 END)", "SUM(CASE WHEN {} THEN {} END)"
    overdue = count_if.format("followup <> %s AND correction <> '' AND deadline < %s")
    branches: list[tuple[str, list[Any]]] = [
        (
            f"SELECT 'events', {count_if.format('kind = %s')}, {sum_if.format('kind = %s', 'attendance')}, "
            f"{count_if.format('kind = %s')}, {sum_if.format('kind = %s', 'attendance')} FROM {event} "
            f"WHERE {in_ward} AND kind IN (%s, %s) AND held_on BETWEEN %s AND %s",
            [training, training, outreach, outreach, *ids, training, outreach, *period],
        ),
        (
            f"SELECT 'inspections', {count_if.format('held_on IS NOT NULL')}, {count_if.format('held_on IS NULL')}, "
            f"0, 0 FROM {inspection} WHERE {in_ward} AND "
            "(held_on BETWEEN %s AND %s OR (held_on IS NULL AND planned_on BETWEEN %s AND %s))",
            [*ids, *period, *period],
        ),
        (
            f"SELECT 'findings', COUNT(*), {count_if.format('followup <> %s')}, "
            f"{overdue}, 0 FROM {finding} "
            f"WHERE inspection_id IN ({done}) AND result = %s",
            [fixed, fixed, date_to, *ids, *period, FindingResult.FAIL],
        ),
        (
            f"SELECT 'flags', COUNT(*), 0, 0, 0 FROM {flag} WHERE inspection_id IN ({done}) AND resolved = %s",
            [*ids, *period, False],
        ),
        (
            f"SELECT 'allocations', SUM(amount), 0, 0, 0 FROM {allocation} "
            f"WHERE {in_ward} AND decision_date BETWEEN %s AND %s",
            [*ids, *period],
        ),
        (
            f"SELECT 'gifts', {sum_if.format('form = %s', 'value')}, {sum_if.format('form <> %s', 'value')}, 0, 0 "
            f"FROM {gift} WHERE {in_ward} AND received_on BETWEEN %s AND %s",
            [cash, cash, *ids, *period],
        ),
        (
            f"SELECT 'expenses', SUM(amount), 0, 0, 0 FROM {expense} WHERE {in_ward} AND spent_on BETWEEN %s AND %s",
            [*ids, *period],
        ),
    ]
    years = [(year, groups) for year, groups in festival_groups.items() if groups]
    if years:  # else no 18/11 in the period, or no group that day: nothing held
        each = " OR ".join(f"(year = %s AND group_id IN ({', '.join(['%s'] * len(groups))}))" for _, groups in years)
        branches.append(
            (
                f"SELECT 'festivals', COUNT(*), SUM(participants), 0, 0 FROM {festival} "
                f"WHERE {in_ward} AND held = %s AND ({each})",
                [*ids, True, *(v for year, groups in years for v in (year, *groups))],
            )
        )
    if only:  # some tables only: the branches whose tag is asked
        branches = [(part, params) for part, params in branches if part.split("'")[1] in only]
    sql = " UNION ALL ".join(part for part, _ in branches)
    with connection.cursor() as cur:
        cur.execute(sql, [p for _, params in branches for p in params])
        return list(cur.fetchall())


@dataclass
class FestivalRow:
    group: Unit
    festival: Festival | None
    photos: int = 0
    funds: dict[str, int] | None = None

    @property
    def status(self) -> str:
        if self.festival is None:
            return "Chưa báo cáo"
        return "Đã tổ chức" if self.festival.held else "Không tổ chức"

    @property
    def held(self) -> bool:
        return self.festival is not None and self.festival.held


@dataclass
class FestivalSummary:
    ward: Unit
    year: int
    rows: list[FestivalRow] = field(default_factory=list)
    #: False when the funds columns are hidden (the user may not see the ward's money).
    with_funds: bool = True

    @property
    def held(self) -> int:
        return sum(1 for r in self.rows if r.held)

    @property
    def total(self) -> int:
        return len(self.rows)

    @property
    def not_reported(self) -> int:
        return sum(1 for r in self.rows if r.festival is None)

    @property
    def participants(self) -> int:
        return sum((r.festival.participants or 0) for r in self.rows if r.held)

    @property
    def households(self) -> int:
        return sum((r.festival.households_attending or 0) for r in self.rows if r.held)

    @property
    def photos(self) -> int:
        return sum(r.photos for r in self.rows)

    def funds_total(self, key: str) -> int:
        return sum((r.funds or {}).get(key, 0) for r in self.rows)

    @property
    def totals(self) -> dict[str, int]:
        return {k: self.funds_total(k) for k in ("budget", "donation_cash", "donation_in_kind", "spent")}


def festival_summary(ward: Unit, year: int, *, user: Any = None, with_funds: bool = True) -> FestivalSummary:
    """Every group the ward had on 18/11 of `year`: held / not held / not reported, participants, households,
    funds and photos. With `user`, only the groups and festivals the user may see (activities.view) and, if
    `with_funds`, the money they may see (funding.view)."""
    from vanhoa.accounts.permissions import Cap

    groups = groups_on(ward, festival_day(year))
    festivals = Festival.objects.filter(year=year, group__in=[g.pk for g in groups])
    if user is not None:
        festivals = festivals.visible_to(user, Cap.ACTIVITIES_VIEW)
        visible = set(
            Unit.objects.visible_to(user, Cap.ACTIVITIES_VIEW)
            .filter(pk__in=[g.pk for g in groups])
            .values_list("pk", flat=True)
        )
        groups = [g for g in groups if g.pk in visible]
    by_group = {f.group_id: f for f in festivals.select_related("group", "activity")}
    photos = dict(
        ActivityFile.objects.filter(festival__in=list(by_group.values()), kind=FileKind.PHOTO)
        .values_list("festival_id")
        .annotate(n=Count("id"))
        .values_list("festival_id", "n")
    )
    funds = funds_by_festival([f.pk for f in by_group.values()], user=user) if with_funds else {}
    summary = FestivalSummary(ward, year, with_funds=with_funds)
    for g in groups:
        f = by_group.get(g.pk)
        summary.rows.append(
            FestivalRow(g, f, photos.get(f.pk, 0) if f else 0, funds.get(f.pk) if f and with_funds else None)
        )
    return summary


FIGURE_LABELS = {
    "trainings": ("Lớp tập huấn", "lớp"),
    "training_attendees": ("Lượt người được tập huấn", "lượt"),
    "outreach_sessions": ("Buổi tuyên truyền", "buổi"),
    "outreach_attendees": ("Lượt người nghe tuyên truyền", "lượt"),
    "inspections_done": ("Cuộc kiểm tra, giám sát đã tiến hành", "cuộc"),
    "inspections_planned": ("Cuộc kiểm tra đã lên kế hoạch, chưa tiến hành", "cuộc"),
    "findings_failed": ("Tiêu chí không đạt khi kiểm tra", "tiêu chí"),
    "findings_open": ("Tiêu chí chưa khắc phục xong", "tiêu chí"),
    "corrections_overdue": ("Kiến nghị khắc phục quá hạn", "kiến nghị"),
    "title_flags_open": ("Kết quả kiểm tra đang ảnh hưởng danh hiệu", "trường hợp"),
    "festival_groups_held": ("Tổ dân phố tổ chức Ngày hội Đại đoàn kết", "tổ"),
    "festival_groups_total": ("Tổ dân phố vào ngày 18/11", "tổ"),
    "festival_participants": ("Lượt người dự Ngày hội Đại đoàn kết", "lượt"),
    "funds_budget": ("Kinh phí ngân sách", "đồng"),
    "funds_donated_cash": ("Xã hội hóa bằng tiền", "đồng"),
    "funds_donated_in_kind": ("Xã hội hóa bằng hiện vật (quy ra tiền)", "đồng"),
}


def report_figures(unit: Unit, date_from: date, date_to: date) -> dict[str, Any]:
    """The reports' provider (vanhoa.reports.providers): activity_counts with Vietnamese labels; the funding
    totals under the keys the funding indicators read."""
    from decimal import Decimal

    counts = activity_counts(unit, date_from, date_to)
    out: dict[str, Any] = {
        key: {"label": label, "value": counts[key], "unit": unit_word}
        for key, (label, unit_word) in FIGURE_LABELS.items()
    }
    out["funds_raised"] = Decimal(counts["funds_raised"])
    out["funds_spent"] = Decimal(counts["funds_spent"])
    return out


def report_money(unit: Unit, date_from: date, date_to: date) -> dict[str, Any]:
    """The money keys of `report_figures` alone (providers.collect(money_only=True): the funding indicators)."""
    from decimal import Decimal

    return {key: Decimal(value) for key, value in money_counts(unit, date_from, date_to).items()}
