"""The movement's indicators, computed from the records and never typed.

Every indicator is for one unit (residential group, ward, city, province), one year and an as-of date `on`
(default: 31/12 of the year, or today while the year runs). It carries its numerator and denominator, the value
(Decimal; rates in percent, half-up to one decimal), the plan's target for that unit and year, and a status
(đạt / chưa đạt / vượt; none without a target).

Definitions (docs/reports.md):

* **Which records belong to a unit on a date.** A residential group counts for unit U on `on` when, walking up
  its parents *as they were on that date* (moves between parents undone), one of them is U, a unit U succeeded
  or a former child of U (vanhoa.units.tree `covered`) — or the group is U or was merged into a unit U covers.
  So a 2020 figure of phường Đoàn Kết (formed on 01/07/2025) counts the groups of phường Quyết Tiến, whose
  parent in 2020 was Quyết Tiến, a predecessor of Đoàn Kết; a 2020 figure of Quyết Tiến counts the same groups;
  a 2026 figure of Quyết Tiến counts nothing (its groups belong to Đoàn Kết then). Wards of a city on a date
  partition its groups, so a city's figure is the sum of its wards'.
* **Cultural-family rate** (GSO, legal-brief §11.4): households living in the unit on `on` (from
  HouseholdPlacement: valid_from ≤ on < valid_to) that hold the "Gia đình văn hóa" title of the year, ÷ all
  households living there on `on` — registered or not; both numbers are kept. A household holds the title when
  its candidacy of the year is decided or certified by a decision signed on or before `on` (and not revoked by
  then). The title follows the household: one that moved from group 1 to group 2 during the year counts in
  group 2, where it lives on 31/12, whichever group reviewed it.
* **Registration rate**: resident households with a candidacy of the year registered on or before `on` (not
  withdrawn) ÷ resident households.
* **Cultural groups (x/y)**: groups existing on `on` that hold "Tổ dân phố văn hóa" of the year ÷ groups
  existing on `on`.
* **Agencies meeting the standard (%)**: agencies (by their group, else their ward) active, or reviewed that
  year, that hold the title of the year ÷ those agencies.
* **Civilised streets (count)**: streets holding "Tuyến phố văn minh đô thị" of the year; the denominator is the
  streets followed. A street belongs to the ward of its first residential group (so a city counts it once);
  a group's figure counts the streets that pass through it.
* **Plan activities on time**: activities of the year's plans whose last month ended by `on`, done by the end
  of that month ÷ activities due by `on`.
* **Funds raised / spent**: from the providers registered in vanhoa.reports.providers (the activities app);
  "chưa có dữ liệu" until one gives them.

Queries: `Figures(year, on, units=[…])` reads everything for all the units at once with a fixed number of
aggregate queries — never one per group, household, ward or activity.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from functools import cached_property
from typing import Any

from vanhoa.core import clock
from vanhoa.core.text import format_date, format_number, format_percent, percent
from vanhoa.reports import providers
from vanhoa.reports.choices import IndicatorKind, Status
from vanhoa.titles.figures import Records, as_of
from vanhoa.units.choices import UnitKind

CULTURAL_FAMILY_RATE = "cultural_family_rate"
REGISTRATION_RATE = "registration_rate"
CULTURAL_GROUP_COUNT = "cultural_group_count"
CULTURAL_AGENCY_RATE = "cultural_agency_rate"
CIVILISED_STREET_COUNT = "civilised_street_count"
PLAN_ON_TIME = "plan_on_time"
FUNDS_RAISED = providers.FUNDS_RAISED
FUNDS_SPENT = providers.FUNDS_SPENT

#: code -> (label, kind, what is counted)
DEFINITIONS: dict[str, tuple[str, str, str]] = {
    CULTURAL_FAMILY_RATE: ("Hộ gia đình văn hóa", IndicatorKind.PERCENT, "hộ"),
    REGISTRATION_RATE: ("Hộ đăng ký danh hiệu Gia đình văn hóa", IndicatorKind.PERCENT, "hộ"),
    CULTURAL_GROUP_COUNT: ("Tổ dân phố văn hóa", IndicatorKind.RATIO, "tổ dân phố"),
    CULTURAL_AGENCY_RATE: ("Cơ quan, đơn vị đạt chuẩn văn hóa", IndicatorKind.PERCENT, "cơ quan, đơn vị"),
    CIVILISED_STREET_COUNT: ("Tuyến phố văn minh đô thị", IndicatorKind.COUNT, "tuyến phố"),
    PLAN_ON_TIME: ("Hoạt động kế hoạch hoàn thành đúng hạn", IndicatorKind.PERCENT, "hoạt động"),
    FUNDS_RAISED: ("Kinh phí huy động", IndicatorKind.MONEY, "đồng"),
    FUNDS_SPENT: ("Kinh phí đã chi", IndicatorKind.MONEY, "đồng"),
}
ORDER = list(DEFINITIONS)
#: code -> the keys of vanhoa.titles.figures.DEFINITIONS that say how it is counted
MEANING: dict[str, tuple[str, ...]] = {
    CULTURAL_FAMILY_RATE: ("rate", "recognised", "residents"),
    REGISTRATION_RATE: ("registered",),
    CULTURAL_GROUP_COUNT: ("groups",),
    CULTURAL_AGENCY_RATE: ("agencies",),
    CIVILISED_STREET_COUNT: ("streets",),
    PLAN_ON_TIME: ("on_time",),
}
MONEY_MEANING = "Tổng các khoản {what} ghi trong sổ kinh phí của phường từ 01/01/{year} đến ngày {on}."
#: Indicators that have a title behind them: code -> title type code.
TITLES = {
    CULTURAL_FAMILY_RATE: "gdvh",
    CULTURAL_GROUP_COUNT: "tdpvh",
    CULTURAL_AGENCY_RATE: "cqvh",
    CIVILISED_STREET_COUNT: "tpvm",
}
NO_DATA = "chưa có dữ liệu"
ONE_DECIMAL = Decimal("0.1")


def today() -> date:
    """Today in the ward's time zone: the one clock (tests patch vanhoa.core.clock.today)."""
    return clock.today()


default_as_of = as_of


def plain_decimal(value: Any) -> Decimal:
    """98.40 → 98.4, 100.00 → 100 (no exponent)."""
    d = Decimal(str(value))
    return d.quantize(Decimal(1)) if d == d.to_integral_value() else d.normalize()


def target_row(t: Any) -> TargetRow:
    return TargetRow(plain_decimal(t.value), t.unit, t.denominator, t.value_text)


def _dec(value: Any) -> Decimal | None:
    if value is None or value == "":
        return None
    return Decimal(str(value))


def definitions(codes: Iterable[str], year: int, on: date) -> list[tuple[str, str]]:
    """[(label, what is counted on which date)] for the indicators shown (the "Cách tính" box)."""
    from vanhoa.titles import figures

    out: list[tuple[str, str]] = []
    for code in codes:
        if code in MEANING:
            text = " ".join(figures.definition(k, year, on) for k in MEANING[code])
        elif code in (FUNDS_RAISED, FUNDS_SPENT):
            what = "huy động (ngân sách, xã hội hóa)" if code == FUNDS_RAISED else "đã chi"
            text = MONEY_MEANING.format(what=what, year=year, on=format_date(on))
        else:
            continue
        out.append((DEFINITIONS[code][0], text))
    return out


# --------------------------------------------------------------------------- one indicator


@dataclass(frozen=True)
class Indicator:
    """One figure: numerator / denominator = value, against the plan's target."""

    code: str
    label: str
    kind: str
    numerator: Decimal | int | None
    denominator: int | None
    value: Decimal | None
    target: Decimal | None = None
    target_kind: str = ""  # percent | count | ratio (as the plan writes it)
    target_text: str = ""
    status: str | None = None
    note: str = ""
    counted: str = ""  # what is counted: "hộ", "tổ dân phố" …
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def has_data(self) -> bool:
        return self.value is not None

    @property
    def value_text(self) -> str:
        """98,4% · 8/8 · 9 · 12.500.000 đồng · "chưa có dữ liệu"."""
        if self.value is None:
            return self.note or NO_DATA
        if self.kind == IndicatorKind.PERCENT:
            return format_percent(self.value)
        if self.kind == IndicatorKind.RATIO:
            return f"{format_number(self.numerator)}/{format_number(self.denominator)}"
        if self.kind == IndicatorKind.MONEY:
            return f"{format_number(self.value)} đồng"
        return format_number(self.value)

    @property
    def fraction_text(self) -> str:
        """ "1.187/1.206 hộ" (empty for money and when there is no denominator)."""
        if self.kind == IndicatorKind.MONEY or not self.denominator or self.numerator is None:
            return ""
        return f"{format_number(self.numerator)}/{format_number(self.denominator)} {self.counted}".strip()

    @property
    def status_label(self) -> str:
        return Status(self.status).label if self.status else ""

    def to_json(self) -> dict[str, Any]:
        def plain(v: Any) -> Any:
            return str(v) if isinstance(v, Decimal) else v

        return {
            "code": self.code,
            "label": self.label,
            "kind": self.kind,
            "numerator": plain(self.numerator),
            "denominator": self.denominator,
            "value": plain(self.value),
            "value_text": self.value_text,
            "target": plain(self.target),
            "target_kind": self.target_kind,
            "target_text": self.target_text,
            "status": self.status,
            "status_text": self.status_label.lower() if self.status else None,
            "note": self.note,
            "counted": self.counted,
            "extra": {k: plain(v) for k, v in self.extra.items()},
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Indicator:
        """Back from a frozen report snapshot."""
        numerator = data.get("numerator")
        return cls(
            code=data["code"],
            label=data["label"],
            kind=data["kind"],
            numerator=_dec(numerator) if isinstance(numerator, str) else numerator,
            denominator=data.get("denominator"),
            value=_dec(data.get("value")),
            target=_dec(data.get("target")),
            target_kind=data.get("target_kind", ""),
            target_text=data.get("target_text", ""),
            status=data.get("status"),
            note=data.get("note", ""),
            counted=data.get("counted", ""),
            extra=data.get("extra", {}),
        )


def compare(actual: Decimal | None, target: Decimal | None) -> str | None:
    """đạt when equal, vượt when above, chưa đạt when below; None without both numbers."""
    if actual is None or target is None:
        return None
    if actual > target:
        return Status.EXCEEDED
    if actual == target:
        return Status.MET
    return Status.NOT_MET


@dataclass(frozen=True)
class TargetRow:
    value: Decimal
    unit: str  # plans.TargetUnit: percent | count | ratio
    denominator: int | None
    text: str


def _rate(code: str, numerator: int, denominator: int, **kw: Any) -> Indicator:
    label, kind, counted = DEFINITIONS[code]
    value = percent(numerator, denominator)
    return Indicator(
        code, label, kind, numerator, denominator, value, counted=counted, note="" if denominator else NO_DATA, **kw
    )


def _with_target(ind: Indicator, target: TargetRow | None, pending: str = "") -> Indicator:
    """Attach the plan's target and the status. `pending`: the year's title results are not in yet (no value, no
    status; numerator and denominator are kept)."""
    if pending and ind.denominator:
        ind = Indicator(**{**ind.__dict__, "value": None, "note": pending})
    if target is None:
        return ind
    from vanhoa.plans.choices import TargetUnit

    if target.unit == TargetUnit.PERCENT:
        actual = (
            ind.value if ind.kind == IndicatorKind.PERCENT else percent(int(ind.numerator or 0), ind.denominator or 0)
        )
    else:
        actual = Decimal(ind.numerator) if ind.numerator is not None and ind.value is not None else None
    status = None if pending or ind.value is None else compare(actual, target.value)
    return Indicator(
        **{
            **ind.__dict__,
            "target": target.value,
            "target_kind": target.unit,
            "target_text": target.text,
            "status": status,
        }
    )


# --------------------------------------------------------------------------- everything for a set of units


@dataclass(frozen=True)
class GroupRow:
    """One residential group's figures (for the chart by group and the statistical annex)."""

    id: int
    name: str
    residents: int
    registered: int
    recognised: int
    titled: bool | None  # holds "Tổ dân phố văn hóa" this year (None: not decided yet)
    agencies: int
    agencies_recognised: int
    streets: int
    streets_recognised: int

    @property
    def rate(self) -> Decimal | None:
        return percent(self.recognised, self.residents)

    @property
    def registration_rate(self) -> Decimal | None:
        return percent(self.registered, self.residents)


class Figures(Records):
    """The indicators of one year as of one date for a set of units: the figures of vanhoa.titles.figures (one
    definition, read in bulk) with the plan's targets, their status and the providers' money.
    """

    def __init__(self, year: int, on: date | None = None, units: Iterable[Any] = ()) -> None:
        super().__init__(year, on, units)
        self._providers: dict[int, dict[str, list[providers.Item]]] = {}
        self._money_provided: dict[int, dict[str, list[providers.Item]]] = {}

    @cached_property
    def _targets(self) -> dict[int, dict[str, TargetRow]]:
        """{plan id: {indicator code: target}} (the first target of each code), one query."""
        from vanhoa.plans.models import Target

        plan_ids = [p for ids in self._plans.values() for p in ids]
        out: dict[int, dict[str, TargetRow]] = defaultdict(dict)
        if not plan_ids:
            return out
        for t in Target.objects.filter(plan__in=plan_ids).exclude(indicator="other").order_by("plan", "order", "pk"):
            out[t.plan_id].setdefault(t.indicator, target_row(t))
        return out

    @cached_property
    def _funding_plans(self) -> dict[int, Decimal]:
        """{plan id: planned amount} from the plans' funding sources with an amount, one query."""
        from django.db.models import Sum

        from vanhoa.plans.models import FundingSource

        plan_ids = [p for ids in self._plans.values() for p in ids]
        if not plan_ids:
            return {}
        rows = (
            FundingSource.objects.filter(plan__in=plan_ids, amount__isnull=False)
            .order_by()
            .values("plan_id")
            .annotate(total=Sum("amount"))
            .values_list("plan_id", "total")
        )
        return {pid: plain_decimal(total) for pid, total in rows}

    # ----------------------------------------------------------------- per unit

    def target_plan(self, unit_id: int) -> int | None:
        """The plan whose targets are the unit's: a commune's own plan of the year, else the one plan of a commune
        it succeeded (Đoàn Kết in 2020 → Quyết Tiến's plan). Groups, cities and provinces have none."""
        self._need(unit_id)
        node = self.graph.nodes[unit_id]
        if node.kind != UnitKind.COMMUNE:
            return None
        own = self._plans.get(unit_id)
        if own:
            return own[0]
        others = self.plans_of(unit_id)
        return others[0] if len(others) == 1 else None

    def target(self, unit_id: int, code: str) -> TargetRow | None:
        plan = self.target_plan(unit_id)
        return self._targets.get(plan, {}).get(code) if plan else None

    def _pending(self, recognised: int, anywhere: bool) -> str:
        """The year's title results are not in when the unit has nobody recognised, and either the year is still
        running or nobody at all (in the units read) holds the title that year."""
        if recognised == 0 and (self.on < date(self.year, 12, 31) or not anywhere):
            return f"chưa có kết quả bình xét năm {self.year} (tính đến {format_date(self.on)})"
        return ""

    def cultural_family_rate(self, unit_id: int) -> Indicator:
        h = self.households(unit_id)
        res, reg, rec = h.residents, h.registered, h.recognised
        extra = {"residents": res, "registered": reg, "reviewed": h.reviewed, "revoked": h.revoked}
        ind = _rate(CULTURAL_FAMILY_RATE, rec, res, extra=extra)
        anywhere = any(r.recognised for r in self._households.values())
        return _with_target(ind, self.target(unit_id, CULTURAL_FAMILY_RATE), self._pending(rec, anywhere))

    def registration_rate(self, unit_id: int) -> Indicator:
        h = self.households(unit_id)
        return _rate(REGISTRATION_RATE, h.registered, h.residents)

    def cultural_group_count(self, unit_id: int) -> Indicator:
        titled, groups = self.groups_titled(unit_id)
        label, kind, counted = DEFINITIONS[CULTURAL_GROUP_COUNT]
        ind = Indicator(
            CULTURAL_GROUP_COUNT,
            label,
            kind,
            titled,
            groups,
            Decimal(titled) if groups else None,
            counted=counted,
            note="" if groups else NO_DATA,
            extra={"percent": percent(titled, groups)},
        )
        return _with_target(
            ind, self.target(unit_id, CULTURAL_GROUP_COUNT), self._pending(titled, bool(self._titled_groups))
        )

    def cultural_agency_rate(self, unit_id: int) -> Indicator:
        rec, counted = self.agencies_recognised(unit_id)
        ind = _rate(CULTURAL_AGENCY_RATE, rec, counted)
        anywhere = any(a[5] for a in self._agencies)
        return _with_target(ind, self.target(unit_id, CULTURAL_AGENCY_RATE), self._pending(rec, anywhere))

    def civilised_street_count(self, unit_id: int) -> Indicator:
        rec, followed = self.streets_recognised(unit_id)
        label, kind, counted = DEFINITIONS[CIVILISED_STREET_COUNT]
        ind = Indicator(
            CIVILISED_STREET_COUNT,
            label,
            kind,
            rec,
            followed,
            Decimal(rec) if followed else None,
            counted=counted,
            note="" if followed else NO_DATA,
        )
        anywhere = any(s["recognised"] for s in self._streets.values())
        return _with_target(ind, self.target(unit_id, CIVILISED_STREET_COUNT), self._pending(rec, anywhere))

    def plan_on_time(self, unit_id: int) -> Indicator:
        self._need(unit_id)
        rows = self.activity_rows(unit_id)
        due = [r for r in rows if r["is_due"]]
        on_time = sum(1 for r in due if r["on_time"])
        ind = _rate(
            PLAN_ON_TIME,
            on_time,
            len(due),
            extra={
                "total": len(rows),
                "done": sum(1 for r in rows if r["done"]),
                "overdue": sum(1 for r in rows if r["overdue"]),
            },
        )
        if not rows:
            plans = self.plans_of(unit_id)
            note = f"kế hoạch năm {self.year} chưa có hoạt động" if plans else f"chưa có kế hoạch năm {self.year}"
            return Indicator(**{**ind.__dict__, "note": note})
        if not due:
            return Indicator(**{**ind.__dict__, "note": f"chưa có hoạt động đến hạn (tính đến {format_date(self.on)})"})
        if self.graph.nodes[unit_id].kind == UnitKind.GROUP:
            return Indicator(**{**ind.__dict__, "note": "theo kế hoạch của xã, phường"})
        return ind

    def _provider_unit(self, unit_id: int) -> Any:
        from vanhoa.units.models import Unit

        return Unit(pk=unit_id, kind=self.graph.nodes[unit_id].kind, name=self.graph.nodes[unit_id].name)

    def provided(self, unit_id: int) -> dict[str, list[providers.Item]]:
        """The providers' figures for the unit, from 1/1 of the year to `on` (called once per unit)."""
        if unit_id not in self._providers:
            unit = self._provider_unit(unit_id)
            self._providers[unit_id] = providers.collect(unit, date(self.year, 1, 1), self.on)
        return self._providers[unit_id]

    def provided_money(self, unit_id: int) -> dict[str, list[providers.Item]]:
        """The providers' money figures for the unit: from `provided` when it was read, else the money alone
        (the dashboard: one narrower query)."""
        if unit_id in self._providers:
            return self._providers[unit_id]
        if unit_id not in self._money_provided:
            unit = self._provider_unit(unit_id)
            self._money_provided[unit_id] = providers.collect(unit, date(self.year, 1, 1), self.on, money_only=True)
        return self._money_provided[unit_id]

    def _money(self, unit_id: int, code: str) -> Indicator:
        self._need(unit_id)
        amount = providers.money(self.provided_money(unit_id), code)
        label, kind, counted = DEFINITIONS[code]
        ind = Indicator(
            code, label, kind, amount, None, amount, counted=counted, note="" if amount is not None else NO_DATA
        )
        if code == FUNDS_RAISED:
            plan = self.target_plan(unit_id)
            planned = self._funding_plans.get(plan) if plan else None
            if planned:
                from vanhoa.plans.choices import TargetUnit

                target = TargetRow(planned, TargetUnit.COUNT, None, f"{format_number(planned)} đồng")
                ind = _with_target(Indicator(**{**ind.__dict__, "numerator": amount}), target)
        return ind

    def funds_raised(self, unit_id: int) -> Indicator:
        return self._money(unit_id, FUNDS_RAISED)

    def funds_spent(self, unit_id: int) -> Indicator:
        return self._money(unit_id, FUNDS_SPENT)

    def all(self, unit_id: int) -> dict[str, Indicator]:
        """Every indicator of the unit, in ORDER."""
        return {code: getattr(self, code)(unit_id) for code in ORDER}

    # ----------------------------------------------------------------- rows for charts and annexes

    def group_rows(self, unit_id: int) -> list[GroupRow]:
        """One row per residential group of the unit that existed or had residents on `on`, in the groups' order."""
        self._need(unit_id)
        nodes = self.graph.nodes
        agencies_by_group: dict[int, list[bool]] = defaultdict(list)
        for _aid, group, _ward, active, reviewed, recognised in self._agencies:
            if group is not None and (active or reviewed or recognised):
                agencies_by_group[group].append(bool(recognised))
        streets_by_group: dict[int, list[bool]] = defaultdict(list)
        for s in self._streets.values():
            if s["active"] or s["reviewed"] or s["recognised"]:
                for g in s["groups"]:
                    streets_by_group[g].append(bool(s["recognised"]))
        rows = []
        titles_in = bool(self._titled_groups) or self.on >= date(self.year, 12, 31)
        lines = self.group_lines(self.groups_of(unit_id))
        for g, h in lines.items():
            res, reg, rec = h.residents, h.registered, h.recognised
            if not self.is_active(g) and not res:
                continue
            ag, st = agencies_by_group.get(g, []), streets_by_group.get(g, [])
            rows.append(
                GroupRow(
                    id=g,
                    name=nodes[g].name,
                    residents=res,
                    registered=reg,
                    recognised=rec,
                    titled=(g in self._titled_groups) if titles_in else None,
                    agencies=len(ag),
                    agencies_recognised=sum(ag),
                    streets=len(st),
                    streets_recognised=sum(st),
                )
            )
        return sorted(rows, key=lambda r: (_group_number(r.name), r.name, r.id))


def _group_number(name: str) -> int:
    digits = "".join(ch if ch.isdigit() else " " for ch in name).split()
    return int(digits[-1]) if digits else 10**6


# --------------------------------------------------------------------------- one function per indicator


def _unit_id(unit: Any) -> int:
    return unit if isinstance(unit, int) else unit.pk


def _one(code: str, unit: Any, year: int, on: date | None) -> Indicator:
    uid = _unit_id(unit)
    return getattr(Figures(year, on, [uid]), code)(uid)


def cultural_family_rate(unit: Any, year: int, on: date | None = None) -> Indicator:
    """Households holding "Gia đình văn hóa" ÷ resident households (GSO), on `on` (default 31/12)."""
    return _one(CULTURAL_FAMILY_RATE, unit, year, on)


def registration_rate(unit: Any, year: int, on: date | None = None) -> Indicator:
    """Resident households registered for "Gia đình văn hóa" ÷ resident households."""
    return _one(REGISTRATION_RATE, unit, year, on)


def cultural_group_count(unit: Any, year: int, on: date | None = None) -> Indicator:
    """Groups holding "Tổ dân phố văn hóa" / groups (x/y)."""
    return _one(CULTURAL_GROUP_COUNT, unit, year, on)


def cultural_agency_rate(unit: Any, year: int, on: date | None = None) -> Indicator:
    """Agencies meeting the standard ÷ agencies (%)."""
    return _one(CULTURAL_AGENCY_RATE, unit, year, on)


def civilised_street_count(unit: Any, year: int, on: date | None = None) -> Indicator:
    """Streets holding "Tuyến phố văn minh đô thị" (count)."""
    return _one(CIVILISED_STREET_COUNT, unit, year, on)


def plan_on_time(unit: Any, year: int, on: date | None = None) -> Indicator:
    """Plan activities done by the end of their months ÷ activities due."""
    return _one(PLAN_ON_TIME, unit, year, on)


def funds_raised(unit: Any, year: int, on: date | None = None) -> Indicator:
    return _one(FUNDS_RAISED, unit, year, on)


def funds_spent(unit: Any, year: int, on: date | None = None) -> Indicator:
    return _one(FUNDS_SPENT, unit, year, on)


def all_indicators(unit: Any, year: int, on: date | None = None) -> dict[str, Indicator]:
    uid = _unit_id(unit)
    return Figures(year, on, [uid]).all(uid)


# --------------------------------------------------------------------------- over several years


def household_trend(unit: Any, years: Iterable[int]) -> list[tuple[int, Indicator]]:
    """The cultural-family rate of each year (as of its 31/12, or today), with that year's target: one aggregate
    query per year plus the lineage, title and plan queries (never per group or household)."""
    from vanhoa.plans.models import Target

    uid = _unit_id(unit)
    years = sorted(set(years))
    ended = unit.valid_to if not isinstance(unit, int) else None
    if ended is not None:  # a unit that ended: its last year as of its last day, nothing after
        years = [y for y in years if y <= ended.year]
    shared: dict[str, Any] = {}
    out = []
    figures_by_year = {}
    for y in years:
        on = min(default_as_of(y), ended) if ended is not None and y == ended.year else None
        f = Figures(y, on, [uid])
        for attr in ("_title_ids",):  # the same for every year: read once
            if attr in shared:
                f.__dict__[attr] = shared[attr]
        figures_by_year[y] = f
        shared.setdefault("_title_ids", f._title_ids)
    # Targets of every year in one query.
    plan_rows: dict[int, dict[int, list[int]]] = defaultdict(lambda: defaultdict(list))
    communes = set()
    for f in figures_by_year.values():
        communes |= f.communes_of(uid)
    from vanhoa.plans.models import Plan

    plans = Plan.objects.filter(year__in=years, ward__in=communes).order_by().values_list("id", "ward_id", "year")
    for pid, ward, y in plans:
        plan_rows[y][ward].append(pid)
    targets: dict[int, dict[str, TargetRow]] = defaultdict(dict)
    all_plans = [p for by_ward in plan_rows.values() for ids in by_ward.values() for p in ids]
    for t in Target.objects.filter(plan__in=all_plans, indicator=CULTURAL_FAMILY_RATE).order_by("plan", "order", "pk"):
        targets[t.plan_id].setdefault(t.indicator, target_row(t))
    for y, f in figures_by_year.items():
        f.__dict__["_plans"] = plan_rows[y]
        f.__dict__["_targets"] = targets
        out.append((y, f.cultural_family_rate(uid)))
    return out


def quantize(value: Decimal | None) -> Decimal | None:
    return value.quantize(ONE_DECIMAL, rounding=ROUND_HALF_UP) if value is not None else None
