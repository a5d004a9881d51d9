"""One definition of every figure of the movement, read in bulk: households, groups, agencies, streets and the
plan's activities done on time. Every reader (the titles pages, the registration document, the indicators, the
dashboards, the API, `manage.py indicators` and the reports) counts through this module; nothing else counts.

A figure is for a unit, a year and an as-of date `on` (default: 31/12 of the year, or today while the year runs).

* **Which records belong to a unit on a date**: a residential group counts for unit U on `on` when, walking up
  its parents *as they were on that date* (vanhoa.units.tree `parent_on`), one of them is U, a unit U succeeded
  or a former child of U (`covered`), or when the group is U or was merged into a unit U covers.
* **Households** of a group on `on` (HouseholdPlacement: valid_from ≤ on < valid_to) and, among them, by
  construction (each count is a subset of the one before):
  registered (a candidacy of the year registered on or before `on`, not withdrawn) ⊇ reviewed (taken into a
  review meeting held on or before `on`) ⊇ recognised (decided or certified by a decision signed on or before
  `on`, not revoked by then). Revoked: titles of the year revoked on or before `on` (among the residents).
  The title follows the household: one that moved during the year counts where it lives on `on`.
* **Groups**: groups existing on `on` holding "Tổ dân phố văn hóa" of the year ÷ groups existing on `on`.
* **Agencies**: agencies (by their group, else their ward) active or reviewed that year, holding the title ÷ those.
  An agency holds it from a recognition until its re-recognition is due (TT 08/2014: `renewal_years` of the rule
  set), the years between being kept ("giữ vững"), unless its union reported it not kept that year.
* **Streets**: streets followed; a street belongs to the ward of its first group, to every group it passes.
* **Activities on time**: the plans' activities whose window ended by `on`, done by its end ÷ activities due.

`DEFINITIONS` says each of them in Vietnamese, for the pages ("Cách tính" next to every figure).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from functools import cached_property
from typing import Any

from django.db.models import Count, Exists, FilteredRelation, OuterRef, Q

from vanhoa.core import clock
from vanhoa.core.text import format_date, format_number, format_percent, percent
from vanhoa.titles import figures_sql
from vanhoa.units.choices import UnitKind
from vanhoa.units.tree import get_graph

#: The titles counted: households, groups, agencies, streets.
TITLE_CODES = ("gdvh", "tdpvh", "cqvh", "tpvm")


def as_of(year: int) -> date:
    """31/12 of the year, or today while the year is still running."""
    return min(date(int(year), 12, 31), clock.today())


#: What each figure counts, in Vietnamese ({on} is the as-of date, {year} the year).
DEFINITIONS: dict[str, str] = {
    "residents": "Số hộ đang cư trú tại tổ (theo sổ hộ: chuyển đến trước hoặc trong ngày, chưa chuyển đi) "
    "vào ngày {on}.",
    "registered": "Trong số hộ cư trú ngày {on}: số hộ đã đăng ký danh hiệu «Gia đình văn hóa» năm {year} "
    "đến ngày {on} và không rút đăng ký.",
    "reviewed": "Trong số hộ đã đăng ký: số hộ đã được đưa ra họp bình xét (cuộc họp diễn ra đến ngày {on}).",
    "recognised": "Trong số hộ đã đăng ký: số hộ được công nhận «Gia đình văn hóa» năm {year} theo quyết định "
    "của Chủ tịch UBND cấp xã ký đến ngày {on}, chưa bị thu hồi đến ngày đó. Danh hiệu đi theo hộ: hộ chuyển "
    "tổ trong năm được tính ở tổ đang cư trú ngày {on}.",
    "revoked": "Số hộ cư trú ngày {on} bị thu hồi danh hiệu năm {year} đến ngày {on}.",
    "rate": "Tỷ lệ hộ gia đình văn hóa = số hộ được công nhận ÷ số hộ cư trú ngày {on} (cả hộ không đăng ký), "
    "làm tròn một chữ số thập phân (Tổng cục Thống kê).",
    "groups": "Số tổ dân phố tồn tại ngày {on} được công nhận «Tổ dân phố văn hóa» năm {year} (quyết định ký "
    "đến ngày {on}) ÷ số tổ dân phố tồn tại ngày {on}.",
    "agencies": "Cơ quan, đơn vị đang hoạt động hoặc được bình xét năm {year} đạt chuẩn văn hóa (được công nhận "
    "năm {year} hoặc đang giữ vững danh hiệu từ lần công nhận trước, quyết định ký đến ngày {on}) ÷ số cơ quan, "
    "đơn vị đó.",
    "streets": "Số tuyến phố được công nhận «Tuyến phố văn minh đô thị» năm {year} (quyết định ký đến ngày {on}); "
    "mẫu số là số tuyến phố đang theo dõi.",
    "on_time": "Số hoạt động trong kế hoạch năm {year} đã đến hạn (hết tháng, quý hoặc năm thực hiện trước ngày "
    "{on}) và hoàn thành trước hạn ÷ số hoạt động đã đến hạn.",
}


LABELS: dict[str, str] = {
    "residents": "Số hộ cư trú",
    "registered": "Số hộ đăng ký",
    "reviewed": "Số hộ đã bình xét",
    "recognised": "Số hộ được công nhận",
    "revoked": "Số hộ bị thu hồi danh hiệu",
    "rate": "Tỷ lệ hộ gia đình văn hóa",
    "groups": "Tổ dân phố văn hóa",
    "agencies": "Cơ quan, đơn vị đạt chuẩn văn hóa",
    "streets": "Tuyến phố văn minh đô thị",
    "on_time": "Hoạt động kế hoạch hoàn thành đúng hạn",
}
HOUSEHOLD_KEYS = ("residents", "registered", "reviewed", "recognised", "rate")


def definition(key: str, year: int, on: date) -> str:
    return DEFINITIONS[key].format(year=year, on=format_date(on))


def definitions(keys: Iterable[str], year: int, on: date, decisions: Iterable[Any] = ()) -> list[tuple[str, str]]:
    """[(label, what is counted)] for the "Cách tính" box next to the figures, with the decisions that recognised
    the titles counted (signed on or before `on`)."""
    out = [(LABELS[k], definition(k, year, on)) for k in keys]
    signed = [str(d) for d in decisions if d.signed_on <= on]
    if signed:
        out.append(("Quyết định công nhận được tính", "; ".join(signed) + "."))
    return out


@dataclass(frozen=True)
class HouseholdCount:
    """A unit's households on a date: residents ⊇ registered ⊇ reviewed ⊇ recognised (each counted among the
    residents), and the titles revoked by then."""

    residents: int = 0
    registered: int = 0
    reviewed: int = 0
    recognised: int = 0
    revoked: int = 0

    def __add__(self, other: HouseholdCount) -> HouseholdCount:
        return HouseholdCount(*(a + b for a, b in zip(self.astuple(), other.astuple(), strict=True)))

    def astuple(self) -> tuple[int, int, int, int, int]:
        return (self.residents, self.registered, self.reviewed, self.recognised, self.revoked)

    @property
    def pct(self) -> Decimal | None:
        """The cultural-family rate (percent, half-up to one decimal)."""
        return percent(self.recognised, self.residents)

    @property
    def registration_pct(self) -> Decimal | None:
        return percent(self.registered, self.residents)

    @property
    def text(self) -> str:
        """ "1.187/1.206 hộ (98,4%)", "–" without residents."""
        if not self.residents:
            return "–"
        return f"{format_number(self.recognised)}/{format_number(self.residents)} hộ ({format_percent(self.pct)})"

    @property
    def registration_text(self) -> str:
        if not self.residents:
            return "–"
        reg, res, pct = self.registered, self.residents, format_percent(self.registration_pct)
        return f"{format_number(reg)}/{format_number(res)} hộ ({pct})"


class Records:
    """The records of one year as of one date, read for a set of units with a fixed number of queries.

    `units` are the units (or ids) that will be asked about; asking about another unit is an error.
    """

    def __init__(self, year: int, on: date | None = None, units: Iterable[Any] = ()) -> None:
        self.year = int(year)
        self.on = on or as_of(self.year)
        self.graph = get_graph()
        self.unit_ids = {u if isinstance(u, int) else u.pk for u in units}
        self._chains: dict[int, list[int]] = {}
        self._covered: dict[int, frozenset[int]] = {}
        self._groups: dict[int, frozenset[int]] = {}

    # ----------------------------------------------------------------- the unit tree on `on`

    def parent_on(self, unit_id: int) -> int | None:
        """The parent as it was on `on` (vanhoa.units.tree: a move to another parent after that date is undone)."""
        return self.graph.parent_on(unit_id, self.on)

    def chain(self, unit_id: int) -> list[int]:
        """The unit and its ancestors as they were on `on`."""
        if unit_id not in self._chains:
            out: list[int] = []
            uid: int | None = unit_id
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
        moved elsewhere by that date, and a group merged into another group counts for it only once it had ended:
        while both existed each has its own line, so a group's figure is the line of the table by group."""
        if member_id == unit_id:
            return True
        covered = self.covered(unit_id)
        if any(a in covered for a in self.chain(member_id)[1:]):
            return True
        node = self.graph.nodes[member_id]
        if node.kind == UnitKind.GROUP and self.graph.nodes[unit_id].kind == UnitKind.GROUP and node.active_on(self.on):
            return False
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
        return self.graph.nodes[unit_id].active_on(self.on)

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
        return figures_sql.title_ids(TITLE_CODES)

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

    def _registered_sql(self) -> tuple[str, list[Any]]:
        from vanhoa.titles.choices import State

        return "c.id IS NOT NULL AND c.registered_on <= %s AND c.state <> %s", [self.on, State.WITHDRAWN.value]

    @cached_property
    def _households(self) -> dict[int, HouseholdCount]:
        """{group id: HouseholdCount} on `on`, one aggregate query over the placements of that day.

        Written in SQL (portable: SQLite and PostgreSQL) because the ORM can only reach a household's candidacies
        through registry_household, an extra hash join over every household of the province (measured: the
        province roll-up took 2.4x a hand-written GROUP BY with it; see docs/scaling.md (d)). The conditions are
        those of `_registered_q` and `_recognised_q` (tested against `_households_orm`). Every count after
        "residents" includes the condition of the one before it, so a numerator never exceeds its denominator."""
        from django.db import connection

        from vanhoa.registry.models import HouseholdPlacement
        from vanhoa.titles.choices import RECOGNISED, State
        from vanhoa.titles.models import Candidacy, Decision, ReviewEntry, ReviewMeeting

        groups = sorted(self._all_groups)
        if not groups:
            return {}
        on = self.on
        recognised = sorted(RECOGNISED)
        state_marks = ", ".join(["%s"] * len(recognised))
        reg_sql, reg_params = self._registered_sql()
        not_reviewed = [State.REGISTERED.value, State.SELF_ASSESSED.value]
        # An IN list, not "= ANY(array)": PostgreSQL then scans the placements and hashes the list, where it picks an
        # index scan for the array (2x slower for a province). Django binds on the client side, so the number of
        # parameters is not limited by the protocol.
        group_filter, group_params = f"p.group_id IN ({', '.join(['%s'] * len(groups))})", groups
        sql = f"""
            SELECT p.group_id, COUNT(*),
                   SUM(CASE WHEN {reg_sql} THEN 1 ELSE 0 END),
                   SUM(CASE WHEN {reg_sql} AND c.state NOT IN (%s, %s) AND (m.held_on IS NULL OR m.held_on <= %s)
                            THEN 1 ELSE 0 END),
                   SUM(CASE WHEN {reg_sql}
                             AND (c.state IN ({state_marks}) OR (c.state = %s AND c.revoked_on > %s))
                             AND (d.signed_on <= %s
                                  OR (c.decision_id IS NULL AND (c.state_on IS NULL OR c.state_on <= %s)))
                            THEN 1 ELSE 0 END),
                   SUM(CASE WHEN c.id IS NOT NULL AND c.state = %s AND c.revoked_on <= %s THEN 1 ELSE 0 END)
            FROM {HouseholdPlacement._meta.db_table} p
            LEFT JOIN {Candidacy._meta.db_table} c
                   ON c.household_id = p.household_id AND c.year = %s AND c.title_type_id = %s
            LEFT JOIN {Decision._meta.db_table} d ON d.id = c.decision_id
            LEFT JOIN {ReviewEntry._meta.db_table} e ON e.id = c.review_entry_id
            LEFT JOIN {ReviewMeeting._meta.db_table} m ON m.id = e.meeting_id
            WHERE {group_filter}
              AND (p.valid_from IS NULL OR p.valid_from <= %s) AND (p.valid_to IS NULL OR p.valid_to > %s)
            GROUP BY p.group_id
        """
        params = [
            *reg_params,
            *reg_params, *not_reviewed, on,
            *reg_params, *recognised, State.REVOKED.value, on, on, on,
            State.REVOKED.value, on,
            self.year, self._title_ids.get("gdvh"), *group_params, on, on,
        ]  # fmt: skip
        with connection.cursor() as cur:
            cur.execute(sql, params)
            return {
                g: HouseholdCount(*(int(v or 0) for v in (res, reg, rev, rec, rvk)))
                for g, res, reg, rev, rec, rvk in cur.fetchall()
            }

    def _households_orm(self) -> dict[int, HouseholdCount]:
        """The same figures through the ORM (the reference the SQL above is tested against)."""
        from vanhoa.registry.models import HouseholdPlacement
        from vanhoa.titles.choices import State

        on = self.on
        registered = self._registered_q("c__")
        reviewed = (
            registered
            & ~Q(c__state__in=[State.REGISTERED, State.SELF_ASSESSED])
            & (Q(c__review_entry__meeting__held_on__isnull=True) | Q(c__review_entry__meeting__held_on__lte=on))
        )
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
                registered=Count("c__id", filter=registered),
                reviewed=Count("c__id", filter=reviewed),
                recognised=Count("c__id", filter=registered & self._recognised_q("c__")),
                revoked=Count("c__id", filter=Q(c__state=State.REVOKED, c__revoked_on__lte=on)),
            )
            .values_list("group_id", "residents", "registered", "reviewed", "recognised", "revoked")
        )
        return {g: HouseholdCount(*counts) for g, *counts in rows}

    @cached_property
    def _titled_groups(self) -> frozenset[int]:
        """Groups holding "Tổ dân phố văn hóa" of the year on `on` (plain SQL: figures_sql; ORM twin below)."""
        return figures_sql.titled_groups(self, self._all_groups, self._title_ids.get("tdpvh"))

    def _titled_groups_orm(self) -> frozenset[int]:
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
        """[(agency id, group id, ward id, active, reviewed this year, holding the title)]: recognised this year, or
        kept from a recognition of the last `renewal_years` years (in the system or on paper), unless its union
        reported it not kept this year (TT 08/2014). One query, rule set included (figures_sql; ORM twin below)."""
        return figures_sql.agencies(self, self._all_groups, self._all_communes, self._title_ids.get("cqvh"))

    def _agencies_orm(self) -> list[tuple[int, int | None, int, bool, bool, bool]]:
        from vanhoa.registry.models import Agency
        from vanhoa.titles.models import AgencyEnrolment, AgencyReport, Candidacy, RuleSet

        groups, communes = self._all_groups, self._all_communes
        if not groups and not communes:
            return []
        tt = self._title_ids.get("cqvh")
        years = (
            RuleSet.objects.filter(title_type_id=tt, valid_from__lte=self.on)
            .order_by("-valid_from")
            .values_list("renewal_years", flat=True)
            .first()
        ) or 1
        window = {"year__gt": self.year - years, "year__lte": self.year}
        earlier = Candidacy.objects.filter(title_type_id=tt, agency=OuterRef("pk"), **window)
        rows = (
            Agency.objects.filter(Q(group__in=groups) | Q(group__isnull=True, ward__in=communes))
            .annotate(
                reviewed=self._title_subquery("cqvh", "agency", False),
                recognised=Exists(earlier.filter(self._recognised_q())),
                on_paper=Exists(
                    AgencyEnrolment.objects.filter(
                        agency=OuterRef("pk"), prior_year__gt=self.year - years, prior_year__lte=self.year
                    )
                ),
                lapsed=Exists(
                    AgencyReport.objects.filter(agency=OuterRef("pk"), year=self.year, kind="yearly", kept=False)
                ),
            )
            .order_by()
            .values_list("id", "group_id", "ward_id", "active", "reviewed", "recognised", "on_paper", "lapsed")
        )
        return [(a, g, w, act, rev, (rec or paper) and not lapsed) for a, g, w, act, rev, rec, paper, lapsed in rows]

    @cached_property
    def _streets(self) -> dict[int, dict[str, Any]]:
        """{street id: {ward, groups (ordered), active, reviewed, recognised}} (figures_sql; ORM twin below)."""
        return figures_sql.streets(self, self._all_groups, self._all_communes, self._title_ids.get("tpvm"))

    def _streets_orm(self) -> dict[int, dict[str, Any]]:
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
        out: dict[int, list[int]] = defaultdict(list)
        for pid, ward in figures_sql.plans(self.year, self._all_communes):
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
            out[row["plan_id"]].append(dict(row))
        return out

    def plans_of(self, unit_id: int) -> list[int]:
        """Plan ids of the year that count for the unit (plans belong to communes)."""
        self._need(unit_id)
        return [p for c in sorted(self.communes_of(unit_id)) for p in self._plans.get(c, [])]

    def households(self, unit_id: int) -> HouseholdCount:
        """The unit's households on `on`: the sum over the groups that count for it."""
        self._need(unit_id)
        total = HouseholdCount()
        for g in self.groups_of(unit_id):
            total += self._households.get(g, HouseholdCount())
        return total

    def group_households(self, group_id: int) -> HouseholdCount:
        """One group's own households on `on` (its placements only)."""
        return self._households.get(group_id, HouseholdCount())

    def group_lines(self, group_ids: Iterable[int]) -> dict[int, HouseholdCount]:
        """The lines of a table by group on `on`: a group that existed then counts its households and those of the
        groups merged into it that had ended by then (its figure as a unit); a group that had ended and was merged
        into a group of the table has an empty line (it is counted there). The lines add up to the ward."""
        ids = list(group_ids)
        out: dict[int, HouseholdCount] = {}
        folded: set[int] = set()
        for g in ids:
            if self.is_active(g):
                members = self.groups_of(g)
                out[g] = sum((self.group_households(m) for m in members), HouseholdCount())
                folded |= members - {g}
        for g in ids:
            if g not in out:
                out[g] = HouseholdCount() if g in folded else self.group_households(g)
        return out

    # ----------------------------------------------------------------- groups, agencies, streets of a unit

    def _existing_groups(self, unit_id: int) -> list[int]:
        return [g for g in self.groups_of(unit_id) if self.is_active(g)]

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

    def groups_titled(self, unit_id: int) -> tuple[int, int]:
        """(groups holding "Tổ dân phố văn hóa" of the year, groups existing on `on`) of the unit."""
        self._need(unit_id)
        groups = self._existing_groups(unit_id)
        return sum(1 for g in groups if g in self._titled_groups), len(groups)

    def agencies_recognised(self, unit_id: int) -> tuple[int, int]:
        """(agencies meeting the standard, agencies counted) of the unit."""
        self._need(unit_id)
        rows = self._agency_rows(unit_id)
        return sum(1 for _, r in rows if r), len(rows)

    def streets_recognised(self, unit_id: int) -> tuple[int, int]:
        """(streets holding "Tuyến phố văn minh đô thị", streets followed) of the unit."""
        self._need(unit_id)
        rows = self._street_rows(unit_id)
        return sum(1 for s in rows if s["recognised"]), len(rows)

    def recognised_of(self, title_code: str, unit_id: int) -> tuple[int, int] | None:
        """(recognised, counted) for a ward-level title: groups, agencies or streets (None for another title)."""
        if title_code == "tdpvh":
            return self.groups_titled(unit_id)
        if title_code == "cqvh":
            return self.agencies_recognised(unit_id)
        if title_code == "tpvm":
            return self.streets_recognised(unit_id)
        return None

    # ----------------------------------------------------------------- the plans' activities

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


def _timing_text(timing: str, periods: list[int]) -> str:
    from vanhoa.plans.models import ROMAN

    if timing == "year":
        return "Cả năm"
    nums = sorted({int(p) for p in periods or []})
    if timing == "quarters":
        return "Quý " + ", ".join(ROMAN.get(q, str(q)) for q in nums)
    return "Tháng " + ",".join(str(m) for m in nums)


def household_figures(unit: Any, year: int, on: date | None = None) -> HouseholdCount:
    """A group's or a ward's households on `on` (default: 31/12, or today while the year runs)."""
    uid = unit if isinstance(unit, int) else unit.pk
    return Records(year, on, [uid]).households(uid)
