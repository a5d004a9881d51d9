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

from django.db.models import Count, Exists, FilteredRelation, OuterRef, Q
from django.utils import timezone

from vanhoa.core.text import format_date, format_number, format_percent, percent
from vanhoa.reports import providers
from vanhoa.reports.choices import IndicatorKind, Status
from vanhoa.units.choices import LineageKind, UnitKind
from vanhoa.units.tree import get_graph

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
    """Today in the ward's time zone (tests monkeypatch this)."""
    return timezone.localdate()


def default_as_of(year: int) -> date:
    """31/12 of the year, or today while the year is still running."""
    return min(date(year, 12, 31), today())


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


class Figures:
    """The records of one year as of one date, read for a set of units with a fixed number of queries.

    `units` are the units (or ids) that will be asked about; anything asked about another unit is read again.
    """

    def __init__(self, year: int, on: date | None = None, units: Iterable[Any] = ()) -> None:
        self.year = int(year)
        self.on = on or default_as_of(self.year)
        self.graph = get_graph()
        self.unit_ids = {u if isinstance(u, int) else u.pk for u in units}
        self._chains: dict[int, list[int]] = {}
        self._covered: dict[int, frozenset[int]] = {}
        self._groups: dict[int, frozenset[int]] = {}
        self._providers: dict[int, dict[str, list[providers.Item]]] = {}

    # ----------------------------------------------------------------- the unit tree on `on`

    @cached_property
    def _moves(self) -> dict[int, list[tuple[date, int]]]:
        from vanhoa.units.models import UnitLineage

        moves: dict[int, list[tuple[date, int]]] = defaultdict(list)
        rows = UnitLineage.objects.filter(kind=LineageKind.TRANSFER, old_parent__isnull=False).values_list(
            "to_unit_id", "effective_date", "old_parent_id"
        )
        for unit_id, effective, old_parent in rows:
            moves[unit_id].append((effective, old_parent))
        for items in moves.values():
            items.sort()
        return moves

    def parent_on(self, unit_id: int) -> int | None:
        """The parent as it was on `on` (a move to another parent after that date is undone)."""
        for effective, old_parent in self._moves.get(unit_id, ()):
            if effective > self.on:
                return old_parent
        node = self.graph.nodes.get(unit_id)
        return node.parent_id if node else None

    def chain(self, unit_id: int) -> list[int]:
        """The unit and its ancestors as they were on `on`."""
        if unit_id not in self._chains:
            out, uid = [], unit_id
            while uid is not None and uid not in out and len(out) < 12:
                out.append(uid)
                uid = self.parent_on(uid)
            self._chains[unit_id] = out
        return self._chains[unit_id]

    def covered(self, unit_id: int) -> frozenset[int]:
        if unit_id not in self._covered:
            self._covered[unit_id] = self.graph.covered(unit_id)
        return self._covered[unit_id]

    def belongs(self, member_id: int, unit_id: int) -> bool:
        """Does `member_id` (a group or a commune) count for `unit_id` on `on`? Yes when it is the unit, when one of
        its ancestors as of that date is covered by the unit (the unit, a unit it succeeded, a former child), or when
        it was merged or split into a unit the unit covers. Not when it is covered only as a former child that had
        moved elsewhere by that date."""
        if member_id == unit_id:
            return True
        covered = self.covered(unit_id)
        if any(a in covered for a in self.chain(member_id)[1:]):
            return True
        return any(s in covered for s in self.graph.successors.get(member_id, ()))

    def groups_of(self, unit_id: int) -> frozenset[int]:
        """Residential groups whose records count for the unit on `on`."""
        if unit_id not in self._groups:
            nodes = self.graph.nodes
            self._groups[unit_id] = frozenset(
                g for g in self.covered(unit_id) if nodes[g].kind == UnitKind.GROUP and self.belongs(g, unit_id)
            )
        return self._groups[unit_id]

    def communes_of(self, unit_id: int) -> frozenset[int]:
        """Communes (xã, phường) whose records count for the unit on `on`; for a group, the group's commune."""
        nodes = self.graph.nodes
        if nodes[unit_id].kind == UnitKind.GROUP:
            return frozenset(u for u in self.chain(unit_id) if nodes.get(u) and nodes[u].kind == UnitKind.COMMUNE)
        return frozenset(
            c for c in self.covered(unit_id) if nodes[c].kind == UnitKind.COMMUNE and self.belongs(c, unit_id)
        )

    def is_active(self, unit_id: int) -> bool:
        node = self.graph.nodes[unit_id]
        return (node.valid_from is None or node.valid_from <= self.on) and (
            node.valid_to is None or self.on <= node.valid_to
        )

    def wards_of(self, unit_id: int) -> list[int]:
        """The communes that existed on `on` and belong to the unit (for the ranking of a city or province)."""
        return sorted(
            (c for c in self.communes_of(unit_id) if self.is_active(c)),
            key=lambda c: self.graph.nodes[c].name,
        )

    @cached_property
    def _all_groups(self) -> frozenset[int]:
        out: set[int] = set()
        for uid in self.unit_ids:
            out |= self.groups_of(uid)
        return frozenset(out)

    @cached_property
    def _all_communes(self) -> frozenset[int]:
        out: set[int] = set()
        for uid in self.unit_ids:
            out |= self.communes_of(uid)
            out |= {c for c in self.covered(uid) if self.graph.nodes[c].kind == UnitKind.COMMUNE}
        return frozenset(out)

    def _need(self, unit_id: int) -> None:
        if unit_id not in self.unit_ids:
            raise ValueError(f"unit {unit_id} was not given to Figures(units=…)")

    # ----------------------------------------------------------------- reading the records (one query each)

    @cached_property
    def _title_ids(self) -> dict[str, int]:
        from vanhoa.titles.models import TitleType

        return dict(TitleType.objects.filter(code__in=TITLES.values()).values_list("code", "id"))

    def _recognised_q(self, prefix: str = "") -> Q:
        """A candidacy holding its title on `on`: decided or certified by a decision signed by then, not revoked
        by then."""
        from vanhoa.titles.choices import RECOGNISED, State

        p = prefix
        held = Q(**{f"{p}state__in": list(RECOGNISED)}) | Q(
            **{f"{p}state": State.REVOKED, f"{p}revoked_on__gt": self.on}
        )
        signed = Q(**{f"{p}decision__signed_on__lte": self.on}) | (
            Q(**{f"{p}decision__isnull": True})
            & (Q(**{f"{p}state_on__isnull": True}) | Q(**{f"{p}state_on__lte": self.on}))
        )
        return held & signed

    def _registered_q(self, prefix: str = "") -> Q:
        from vanhoa.titles.choices import State

        return Q(**{f"{prefix}registered_on__lte": self.on}) & ~Q(**{f"{prefix}state": State.WITHDRAWN})

    @cached_property
    def _households(self) -> dict[int, tuple[int, int, int]]:
        """{group id: (residents, registered, recognised)} on `on`, one aggregate query.

        Written in SQL (portable: SQLite and PostgreSQL) because the ORM can only reach a household's candidacies
        through registry_household, an extra hash join over every household of the province (measured: the
        province roll-up took 2.4x a hand-written GROUP BY with it; see docs/scaling.md (d)). The conditions are
        those of `_registered_q` and `_recognised_q` (tested against each other in test_indicators)."""
        from django.db import connection

        from vanhoa.registry.models import HouseholdPlacement
        from vanhoa.titles.choices import RECOGNISED, State
        from vanhoa.titles.models import Candidacy, Decision

        groups = sorted(self._all_groups)
        if not groups:
            return {}
        on = self.on
        recognised = sorted(RECOGNISED)
        state_marks = ", ".join(["%s"] * len(recognised))
        # An IN list, not "= ANY(array)": PostgreSQL then scans the placements and hashes the list, where it picks an
        # index scan for the array (2x slower for a province). Django binds on the client side, so the number of
        # parameters is not limited by the protocol.
        group_filter, group_params = f"p.group_id IN ({', '.join(['%s'] * len(groups))})", groups
        sql = f"""
            SELECT p.group_id, COUNT(*),
                   SUM(CASE WHEN c.id IS NOT NULL AND c.registered_on <= %s AND c.state <> %s THEN 1 ELSE 0 END),
                   SUM(CASE WHEN c.id IS NOT NULL
                             AND (c.state IN ({state_marks}) OR (c.state = %s AND c.revoked_on > %s))
                             AND (d.signed_on <= %s
                                  OR (c.decision_id IS NULL AND (c.state_on IS NULL OR c.state_on <= %s)))
                            THEN 1 ELSE 0 END)
            FROM {HouseholdPlacement._meta.db_table} p
            LEFT JOIN {Candidacy._meta.db_table} c
                   ON c.household_id = p.household_id AND c.year = %s AND c.title_type_id = %s
            LEFT JOIN {Decision._meta.db_table} d ON d.id = c.decision_id
            WHERE {group_filter}
              AND (p.valid_from IS NULL OR p.valid_from <= %s) AND (p.valid_to IS NULL OR p.valid_to > %s)
            GROUP BY p.group_id
        """
        params = [
            on, State.WITHDRAWN.value, *recognised, State.REVOKED.value, on, on, on,
            self.year, self._title_ids.get("gdvh"), *group_params, on, on,
        ]  # fmt: skip
        with connection.cursor() as cur:
            cur.execute(sql, params)
            return {g: (int(res), int(reg or 0), int(rec or 0)) for g, res, reg, rec in cur.fetchall()}

    def _households_orm(self) -> dict[int, tuple[int, int, int]]:
        """The same figures through the ORM (the reference the SQL above is tested against)."""
        from vanhoa.registry.models import HouseholdPlacement

        on = self.on
        rows = (
            HouseholdPlacement.objects.filter(group__in=self._all_groups)
            .filter(Q(valid_from__isnull=True) | Q(valid_from__lte=on), Q(valid_to__isnull=True) | Q(valid_to__gt=on))
            .annotate(
                c=FilteredRelation(
                    "household__candidacies",
                    condition=Q(
                        household__candidacies__year=self.year,
                        household__candidacies__title_type_id=self._title_ids.get("gdvh"),
                    ),
                )
            )
            .order_by()
            .values("group_id")
            .annotate(
                residents=Count("id"),
                registered=Count("c__id", filter=self._registered_q("c__")),
                recognised=Count("c__id", filter=self._recognised_q("c__")),
            )
            .values_list("group_id", "residents", "registered", "recognised")
        )
        return {g: (res, reg, rec) for g, res, reg, rec in rows}

    @cached_property
    def _titled_groups(self) -> frozenset[int]:
        from vanhoa.titles.models import Candidacy

        if not self._all_groups:
            return frozenset()
        return frozenset(
            Candidacy.objects.filter(
                title_type_id=self._title_ids.get("tdpvh"), year=self.year, group_id__in=self._all_groups
            )
            .filter(self._recognised_q())
            .order_by()
            .values_list("group_id", flat=True)
        )

    def _title_subquery(self, code: str, field_name: str, recognised: bool) -> Exists:
        from vanhoa.titles.models import Candidacy

        qs = Candidacy.objects.filter(
            title_type_id=self._title_ids.get(code), year=self.year, **{field_name: OuterRef("pk")}
        )
        return Exists(qs.filter(self._recognised_q()) if recognised else qs.exclude(state="withdrawn"))

    @cached_property
    def _agencies(self) -> list[tuple[int, int | None, int, bool, bool, bool]]:
        """[(agency id, group id, ward id, active, reviewed this year, recognised)]."""
        from vanhoa.registry.models import Agency

        groups, communes = self._all_groups, self._all_communes
        if not groups and not communes:
            return []
        return list(
            Agency.objects.filter(Q(group__in=groups) | Q(group__isnull=True, ward__in=communes))
            .annotate(
                reviewed=self._title_subquery("cqvh", "agency", False),
                recognised=self._title_subquery("cqvh", "agency", True),
            )
            .order_by()
            .values_list("id", "group_id", "ward_id", "active", "reviewed", "recognised")
        )

    @cached_property
    def _streets(self) -> dict[int, dict[str, Any]]:
        """{street id: {ward, groups (ordered), active, reviewed, recognised}}."""
        from vanhoa.registry.models import Street

        groups, communes = self._all_groups, self._all_communes
        if not groups and not communes:
            return {}
        through = Street.groups.through.objects.filter(unit_id__in=groups).values("street_id")
        rows = (
            Street.objects.filter(Q(pk__in=through) | Q(ward__in=communes))
            .annotate(
                reviewed=self._title_subquery("tpvm", "street", False),
                recognised=self._title_subquery("tpvm", "street", True),
            )
            .order_by("pk", "groups__order", "groups__pk")
            .values_list("id", "ward_id", "active", "reviewed", "recognised", "groups__id")
        )
        out: dict[int, dict[str, Any]] = {}
        for sid, ward, active, reviewed, recognised, group in rows:
            s = out.setdefault(
                sid, {"ward": ward, "groups": [], "active": active, "reviewed": reviewed, "recognised": recognised}
            )
            if group is not None:
                s["groups"].append(group)
        return out

    @cached_property
    def _plans(self) -> dict[int, list[int]]:
        """{commune id: [plan ids of the year]} for every commune that may count."""
        from vanhoa.plans.models import Plan

        out: dict[int, list[int]] = defaultdict(list)
        rows = Plan.objects.filter(year=self.year, ward__in=self._all_communes).order_by().values_list("id", "ward_id")
        for pid, ward in rows:
            out[ward].append(pid)
        return out

    @cached_property
    def _activities(self) -> dict[int, list[dict[str, Any]]]:
        """{plan id: [activity rows]}, one query."""
        from vanhoa.plans.models import Activity

        plan_ids = [p for ids in self._plans.values() for p in ids]
        out: dict[int, list[dict[str, Any]]] = defaultdict(list)
        if not plan_ids:
            return out
        for row in (
            Activity.objects.filter(plan__in=plan_ids)
            .order_by("plan", "order", "pk")
            .values("id", "plan_id", "order", "content", "category", "timing", "periods", "status", "completed_on")
        ):
            out[row["plan_id"]].append(row)
        return out

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

    def plans_of(self, unit_id: int) -> list[int]:
        """Plan ids of the year that count for the unit (plans belong to communes)."""
        self._need(unit_id)
        return [p for c in sorted(self.communes_of(unit_id)) for p in self._plans.get(c, [])]

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

    def household_totals(self, unit_id: int) -> tuple[int, int, int]:
        self._need(unit_id)
        data = self._households
        res = reg = rec = 0
        for g in self.groups_of(unit_id):
            r = data.get(g)
            if r:
                res, reg, rec = res + r[0], reg + r[1], rec + r[2]
        return res, reg, rec

    def cultural_family_rate(self, unit_id: int) -> Indicator:
        res, reg, rec = self.household_totals(unit_id)
        ind = _rate(CULTURAL_FAMILY_RATE, rec, res, extra={"registered": reg, "residents": res})
        anywhere = any(r[2] for r in self._households.values())
        return _with_target(ind, self.target(unit_id, CULTURAL_FAMILY_RATE), self._pending(rec, anywhere))

    def registration_rate(self, unit_id: int) -> Indicator:
        res, reg, _ = self.household_totals(unit_id)
        return _rate(REGISTRATION_RATE, reg, res)

    def _existing_groups(self, unit_id: int) -> list[int]:
        return [g for g in self.groups_of(unit_id) if self.is_active(g)]

    def cultural_group_count(self, unit_id: int) -> Indicator:
        self._need(unit_id)
        groups = self._existing_groups(unit_id)
        titled = sum(1 for g in groups if g in self._titled_groups)
        label, kind, counted = DEFINITIONS[CULTURAL_GROUP_COUNT]
        ind = Indicator(
            CULTURAL_GROUP_COUNT,
            label,
            kind,
            titled,
            len(groups),
            Decimal(titled) if groups else None,
            counted=counted,
            note="" if groups else NO_DATA,
            extra={"percent": percent(titled, len(groups))},
        )
        return _with_target(
            ind, self.target(unit_id, CULTURAL_GROUP_COUNT), self._pending(titled, bool(self._titled_groups))
        )

    def _agency_rows(self, unit_id: int) -> list[tuple[bool, bool]]:
        """[(counted, recognised)] of the unit's agencies."""
        groups = self.groups_of(unit_id)
        is_group = self.graph.nodes[unit_id].kind == UnitKind.GROUP
        out = []
        for _aid, group, ward, active, reviewed, recognised in self._agencies:
            if group is not None:
                mine = group in groups
            else:
                mine = not is_group and ward in self.graph.nodes and self.belongs(ward, unit_id)
            if mine and (active or reviewed or recognised):
                out.append((True, bool(recognised)))
        return out

    def cultural_agency_rate(self, unit_id: int) -> Indicator:
        self._need(unit_id)
        rows = self._agency_rows(unit_id)
        rec = sum(1 for _, r in rows if r)
        ind = _rate(CULTURAL_AGENCY_RATE, rec, len(rows))
        anywhere = any(a[5] for a in self._agencies)
        return _with_target(ind, self.target(unit_id, CULTURAL_AGENCY_RATE), self._pending(rec, anywhere))

    def _street_rows(self, unit_id: int) -> list[dict[str, Any]]:
        groups = self.groups_of(unit_id)
        is_group = self.graph.nodes[unit_id].kind == UnitKind.GROUP
        out = []
        for s in self._streets.values():
            if not (s["active"] or s["reviewed"] or s["recognised"]):
                continue
            if is_group:
                mine = any(g in groups for g in s["groups"])
            elif s["groups"]:
                mine = s["groups"][0] in groups
            else:
                mine = s["ward"] in self.graph.nodes and self.belongs(s["ward"], unit_id)
            if mine:
                out.append(s)
        return out

    def civilised_street_count(self, unit_id: int) -> Indicator:
        self._need(unit_id)
        rows = self._street_rows(unit_id)
        rec = sum(1 for s in rows if s["recognised"])
        label, kind, counted = DEFINITIONS[CIVILISED_STREET_COUNT]
        ind = Indicator(
            CIVILISED_STREET_COUNT,
            label,
            kind,
            rec,
            len(rows),
            Decimal(rec) if rows else None,
            counted=counted,
            note="" if rows else NO_DATA,
        )
        anywhere = any(s["recognised"] for s in self._streets.values())
        return _with_target(ind, self.target(unit_id, CIVILISED_STREET_COUNT), self._pending(rec, anywhere))

    def activity_rows(self, unit_id: int) -> list[dict[str, Any]]:
        """The year's plan activities that count for the unit, each with its due date and whether it was done on
        time (as of `on`)."""
        from vanhoa.plans.choices import ActivityStatus
        from vanhoa.plans.models import Activity, Plan

        out = []
        for pid in self.plans_of(unit_id):
            for row in self._activities.get(pid, []):
                a = Activity(plan=Plan(year=self.year), timing=row["timing"], periods=row["periods"])
                due = a.window_end()
                done_on = row["completed_on"]
                done = row["status"] == ActivityStatus.DONE and (done_on is None or done_on <= self.on)
                out.append(
                    {
                        **row,
                        "due": due,
                        "is_due": due <= self.on,
                        "done": done,
                        "on_time": done and (done_on is None or done_on <= due),
                        "overdue": not done and due < self.on,
                        "timing_text": _timing_text(row["timing"], row["periods"]),
                    }
                )
        return out

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

    def provided(self, unit_id: int) -> dict[str, list[providers.Item]]:
        """The providers' figures for the unit, from 1/1 of the year to `on` (called once per unit)."""
        if unit_id not in self._providers:
            from vanhoa.units.models import Unit

            unit = Unit(pk=unit_id, kind=self.graph.nodes[unit_id].kind, name=self.graph.nodes[unit_id].name)
            self._providers[unit_id] = providers.collect(unit, date(self.year, 1, 1), self.on)
        return self._providers[unit_id]

    def _money(self, unit_id: int, code: str) -> Indicator:
        self._need(unit_id)
        amount = providers.money(self.provided(unit_id), code)
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
        for g in self.groups_of(unit_id):
            res, reg, rec = self._households.get(g, (0, 0, 0))
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


def _timing_text(timing: str, periods: list[int]) -> str:
    from vanhoa.plans.models import ROMAN

    if timing == "year":
        return "Cả năm"
    nums = sorted({int(p) for p in periods or []})
    if timing == "quarters":
        return "Quý " + ", ".join(ROMAN.get(q, str(q)) for q in nums)
    return "Tháng " + ",".join(str(m) for m in nums)


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
        for attr in ("_moves", "_title_ids"):  # the same for every year: read once
            if attr in shared:
                f.__dict__[attr] = shared[attr]
        figures_by_year[y] = f
        shared.setdefault("_moves", f._moves)
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
