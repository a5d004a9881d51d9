"""What a dashboard shows for a unit and a year: target-vs-actual cards, the household rate per residential
group, the trend over the years and, for a city or province, the ranking of its wards.

The number of queries is fixed: one `Figures` for the unit (and its wards), one aggregate per year of the trend.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from vanhoa.core.text import format_date
from vanhoa.reports import charts
from vanhoa.reports import indicators as ind
from vanhoa.units.choices import UnitKind
from vanhoa.units.models import Unit
from vanhoa.units.words import words_for

TREND_FROM = 2018
RANKED = [
    ind.CULTURAL_FAMILY_RATE,
    ind.REGISTRATION_RATE,
    ind.CULTURAL_GROUP_COUNT,
    ind.CULTURAL_AGENCY_RATE,
    ind.CIVILISED_STREET_COUNT,
    ind.PLAN_ON_TIME,
]


@dataclass
class WardRow:
    id: int
    name: str
    ended: date | None
    indicators: dict[str, ind.Indicator]

    @property
    def family(self) -> ind.Indicator:
        return self.indicators[ind.CULTURAL_FAMILY_RATE]


@dataclass
class Dashboard:
    unit: Unit
    year: int
    on: date
    notice: str = ""
    indicators: list[ind.Indicator] = field(default_factory=list)
    groups: list[ind.GroupRow] = field(default_factory=list)
    group_chart: str = ""
    group_chart_title: str = ""
    trend: list[tuple[int, ind.Indicator]] = field(default_factory=list)
    before_records: set[int] = field(default_factory=set)  # years before the unit's records begin
    trend_chart: str = ""
    wards: list[WardRow] = field(default_factory=list)
    ranking_chart: str = ""

    @property
    def is_rollup(self) -> bool:
        return self.unit.kind in (UnitKind.PROVINCE, UnitKind.DISTRICT)

    @property
    def is_group(self) -> bool:
        return self.unit.kind == UnitKind.GROUP

    @property
    def family(self) -> ind.Indicator | None:
        return next((i for i in self.indicators if i.code == ind.CULTURAL_FAMILY_RATE), None)


def _short(name: str) -> str:
    """ "Tổ dân phố số 3" → "Tổ 3" (chart labels)."""
    return name.replace("Tổ dân phố", "Tổ").replace("số ", "")


def as_of_for(unit: Unit, year: int, on: date | None = None) -> tuple[int, date, str]:
    """(year, as-of date, notice) for a unit: a unit that ended before the year is shown as of its last day."""
    on = on or ind.default_as_of(year)
    notice = ""
    if unit.valid_to is not None and unit.valid_to < on:
        notice = (
            f"{unit.name} hoạt động đến {format_date(unit.valid_to)}; số liệu tính đến ngày đó "
            f"(năm {min(year, unit.valid_to.year)})."
        )
        year, on = min(year, unit.valid_to.year), unit.valid_to
    if unit.valid_from is not None and unit.valid_from > on:
        notice = (
            f"{unit.name} hoạt động từ {format_date(unit.valid_from)}; số liệu năm {year} là của các đơn vị tiền "
            "thân trên cùng địa bàn."
        )
    return year, on, notice


def build(
    unit: Unit, year: int, on: date | None = None, *, trend_to: int | None = None, trend: bool = True
) -> Dashboard:
    """The dashboard; with `trend=False` without the trend over the years (the page loads it after itself:
    `add_trend`), so that the page costs the queries of its year's figures."""
    year, on, notice = as_of_for(unit, year, on)
    probe = ind.Figures(year, on, [unit.pk])
    wards = probe.wards_of(unit.pk) if unit.kind in (UnitKind.PROVINCE, UnitKind.DISTRICT) else []
    f = ind.Figures(year, on, [unit.pk, *wards])
    d = Dashboard(unit=unit, year=year, on=on, notice=notice)
    d.indicators = list(f.all(unit.pk).values())
    family = d.family
    target = family.target if family and family.target_kind == "percent" else None
    if unit.kind == UnitKind.COMMUNE:  # a city or province shows its wards instead of hundreds of groups
        d.groups = f.group_rows(unit.pk)
        if d.groups:
            groups_word = words_for(unit).groups
            results_in = family is not None and family.has_data
            if results_in:
                d.group_chart_title = f"Tỷ lệ hộ gia đình văn hóa theo {groups_word}"
                bars = [charts.Bar(_short(g.name), g.rate, charts.bar_color(g.rate, target)) for g in d.groups]
            else:  # before the year's results: how far registration went
                d.group_chart_title = (
                    f"Tỷ lệ hộ đăng ký danh hiệu Gia đình văn hóa theo {groups_word} (chưa có kết quả bình xét)"
                )
                bars = [charts.Bar(_short(g.name), g.registration_rate, charts.BLUE) for g in d.groups]
                target = None
            d.group_chart = charts.bar_chart(bars, target=target).svg(f"{d.group_chart_title}, {unit.name}, năm {year}")
    if trend:
        add_trend(d, trend_to)
    if wards:
        nodes = f.graph.nodes
        rows = [
            WardRow(w, nodes[w].name, nodes[w].valid_to, {code: getattr(f, code)(w) for code in RANKED}) for w in wards
        ]
        rows.sort(key=lambda r: (r.family.value is None, -(r.family.value or Decimal(0)), r.name))
        d.wards = rows
        d.ranking_chart = charts.ranking_chart(
            [charts.Bar(r.name, r.family.value, charts.bar_color(r.family.value, None)) for r in rows]
        ).svg(f"Xếp hạng tỷ lệ hộ gia đình văn hóa của các xã, phường, {unit.name}, năm {year}")
    return d


def add_trend(d: Dashboard, trend_to: int | None = None) -> Dashboard:
    """The cultural-family rate of every year from 2018 (one aggregate per year), its chart, and the years before
    the unit's records begin."""
    unit, year = d.unit, d.year
    last = max(trend_to or ind.today().year, year)
    d.trend = ind.household_trend(unit, range(min(TREND_FROM, year), last + 1))
    begin = records_begin(unit)
    d.before_records = {y for y, _ in d.trend if begin is None or y < begin}
    points = [(str(y), None if y in d.before_records else i.value) for y, i in d.trend]
    if sum(1 for _, v in points if v is not None) >= 1:
        d.trend_chart = charts.line_chart(points, targets=[i.target for _, i in d.trend]).svg(
            f"Tỷ lệ hộ gia đình văn hóa qua các năm, {unit.name}"
        )
    return d


def records_begin(unit: Unit) -> int | None:
    """The first year the unit's records cover (None: no record yet): the earliest household arrival date, the
    creation year of households entered without one, and the earliest title year. Years before it show
    "chưa có số liệu" rather than 0, since households imported in 2026 without an arrival date would otherwise
    count as residents of 2018 that nobody recognised. Two aggregate queries."""
    from django.db.models import Min, Q

    from vanhoa.registry.models import Household
    from vanhoa.titles.models import Candidacy
    from vanhoa.units.tree import get_graph

    covered = get_graph().covered(unit.pk)
    agg = Household.objects.filter(group_id__in=covered).aggregate(
        first_since=Min("since"), first_created=Min("created_at", filter=Q(since__isnull=True))
    )
    first_title = Candidacy.objects.filter(unit_id__in=covered).aggregate(y=Min("year"))["y"]
    since, created = agg["first_since"], agg["first_created"]
    years = [v for v in (since and since.year, created and created.year, first_title) if v]
    return min(years) if years else None


def landing_unit(user: Any, work_ward: Unit | None) -> Unit | None:
    """Where the dashboard opens: the committee above on its own unit (a roll-up of its wards); ward officers on
    the work ward; a group leader on his group."""
    from vanhoa.accounts.models import Membership
    from vanhoa.accounts.permissions import Cap, capabilities_of, has_cap

    units = [
        m.unit
        for m in Membership.objects.filter(user=user, active=True, unit__isnull=False).select_related("unit")
        if Cap.INDICATORS_VIEW in capabilities_of(m.role)
    ]
    above = [u for u in units if u.kind in (UnitKind.PROVINCE, UnitKind.DISTRICT)]
    if above:
        return sorted(above, key=lambda u: (u.valid_to is not None, u.kind != UnitKind.PROVINCE, u.pk))[0]
    if work_ward is not None and has_cap(user, Cap.INDICATORS_VIEW, work_ward):
        return work_ward
    groups = [u for u in units if u.kind == UnitKind.GROUP]
    if groups:
        return sorted(groups, key=lambda u: (u.valid_to is not None, u.order, u.pk))[0]
    return work_ward if user.is_superuser else None
