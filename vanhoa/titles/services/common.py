"""What every stage of the title cycle shares: the error, the capability check, the audit snapshot, the
rule set and decider in force, what a subject is and where it is reviewed, and the state transition.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from datetime import time as dt_time
from typing import Any

from django.db.models import Q
from django.utils import timezone

from vanhoa.accounts.permissions import Cap
from vanhoa.core import audit, bulk
from vanhoa.core.actors import require
from vanhoa.core.models import AuditEntry
from vanhoa.core.text import format_date, nfc
from vanhoa.registry.models import Agency, Household, HouseholdPlacement, Street
from vanhoa.titles.choices import AdminLevel, DeciderScope, State, SubjectKind
from vanhoa.titles.models import Candidacy, DeciderRule, RuleSet, TitleType
from vanhoa.units.choices import UnitKind
from vanhoa.units.models import Unit
from vanhoa.units.tree import get_graph

CANDIDACY_FIELDS = [
    "state",
    "resume_state",
    "state_on",
    "reason",
    "rule_set_id",
    "review_entry_id",
    "notice_id",
    "proposal_id",
    "decision_id",
    "certificate_number",
    "certified_on",
    "revoked_on",
    "revoke_decision_id",
    "self_points",
]
MEETING_FIELDS = [
    "status",
    "held_on",
    "start_time",
    "end_time",
    "place",
    "chair",
    "chair_position",
    "secretary",
    "invited",
    "present",
    "voting_method",
    "conclusion",
    "rule_set_id",
]
NOTICE_FIELDS = ["opened_on", "days", "ends_on", "place", "closed_on", "result_note"]
PROPOSAL_FIELDS = ["number", "submitted_on", "complete_on", "documents", "status", "returned_on", "return_reason"]
DECISION_FIELDS = [
    "kind",
    "number",
    "symbol",
    "signed_on",
    "signer_name",
    "signer_position",
    "issuer_name",
    "published_on",
    "publish_place",
]

# The date whose ward runs a year's review ("the ward of the time"): the review season, 1 November.
REVIEW_SEASON = (11, 1)


class TitleError(Exception):
    """A step of the title cycle that breaks a rule; the message (Vietnamese) is shown to the user as is."""


def _require(actor: Any, cap: Cap, unit: Unit | int, what: str) -> None:
    require(actor, cap, unit, what=what)  # a system actor only with the capability given it in core/actors.py


def _snap(obj: Any, fields: list[str]) -> dict[str, Any]:
    out = audit.snapshot(obj, fields)
    return {k: v.isoformat() if isinstance(v, dt_time) else v for k, v in out.items()}


def _record(actor: Any, action: str, obj: Any, before: dict[str, Any] | None, fields: list[str], unit: Any, **kw: Any):  # type: ignore[no-untyped-def]
    return audit.record(actor, action, obj, before=before, after=_snap(obj, fields), unit=unit, **kw)


def title_type(code: str | TitleType) -> TitleType:
    if isinstance(code, TitleType):
        return code
    found = TitleType.objects.filter(code=code).first()
    if found is None:
        raise TitleError(f"Không có danh hiệu mã «{code}».")
    return found


def review_season(year: int) -> date:
    return date(year, *REVIEW_SEASON)


def ward_on(unit: Unit, on: date) -> Unit:
    """The commune a unit belonged to on a date (a commune is its own)."""
    if unit.kind == UnitKind.COMMUNE:
        return unit
    ward = unit.ancestor_on(on, UnitKind.COMMUNE)
    if ward is None:
        raise TitleError(f"{unit.name} không thuộc xã, phường nào vào ngày {format_date(on)}.")
    return ward


def unit_title(unit: Unit, on: date) -> str:
    """ "phường Quyết Tiến", "thành phố Lai Châu": the unit's name of the time, lower-case type first."""
    return f"{unit.type_label.lower()} {unit.short_name_on(on)}".strip()


def province_code(unit: Unit, on: date) -> str:
    province = unit.ancestor_on(on, UnitKind.PROVINCE)
    return province.code if province is not None else ""


def rule_set_for(tt: TitleType | str, unit: Unit, on: date) -> RuleSet:
    """The rule set in force for a title at a unit on a date: the province's own set, else the national one.

    Regime switch: a review held up to 29/01/2024 uses NĐ 122/2018; from 30/01/2024 NĐ 86/2023."""
    found = rule_set_or_none(tt, unit, on)
    if found is None:
        raise TitleError(
            f"Chưa có quy định xét tặng danh hiệu «{title_type(tt).name}» áp dụng ngày {format_date(on)}. "
            "Người quản trị cần bổ sung bộ quy định."
        )
    return found


def rule_set_or_none(tt: TitleType | str, unit: Unit, on: date) -> RuleSet | None:
    tt = title_type(tt)
    qs = RuleSet.objects.filter(title_type=tt, valid_from__lte=on).filter(
        Q(valid_to__isnull=True) | Q(valid_to__gte=on)
    )
    code = province_code(unit, on)
    if code:
        own = qs.filter(province_code=code).order_by("-valid_from").first()
        if own is not None:
            return own
    return qs.filter(province_code="").order_by("-valid_from").first()


def rule_sets_or_none(tt: TitleType | str, units: Iterable[Unit], on: date) -> dict[int, RuleSet | None]:
    """`rule_set_or_none` for many units at once (unit id -> rule set): one query for the sets in force, the
    province of each unit on the date from the unit graph."""
    tt = title_type(tt)
    graph = get_graph()
    in_force = list(
        RuleSet.objects.filter(title_type=tt, valid_from__lte=on)
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=on))
        .order_by("-valid_from", "pk")
    )
    national = next((rs for rs in in_force if not rs.province_code), None)
    out: dict[int, RuleSet | None] = {}
    for unit in units:
        province = graph.ancestor_on(unit.pk, on, UnitKind.PROVINCE)
        code = graph.nodes[province].code if province is not None else ""
        own = next((rs for rs in in_force if code and rs.province_code == code), None)
        out[unit.pk] = own or national
    return out


def rule_set_for_year(tt: TitleType | str, unit: Unit, year: int, on: date | None = None) -> RuleSet:
    """The rule set for a year's cycle: in force on `on` when that date is in the year and has one, else the one
    in force in the review season (1 November), else any set in force during the year."""
    candidates = [d for d in (on, review_season(year), date(year, 12, 31), date(year, 1, 1)) if d and d.year == year]
    for d in candidates:
        found = rule_set_or_none(tt, unit, d)
        if found is not None:
            return found
    return rule_set_for(tt, unit, candidates[0] if candidates else review_season(year))


def decider_for(tt: TitleType, on: date, *, renewal: bool = False) -> DeciderRule | None:
    qs = DeciderRule.objects.filter(title_type=tt, valid_from__lte=on).filter(
        Q(valid_to__isnull=True) | Q(valid_to__gte=on)
    )
    wanted = [DeciderScope.RENEWAL if renewal else DeciderScope.FIRST, DeciderScope.ALL]
    for scope in wanted:
        found = qs.filter(scope=scope).order_by("-valid_from").first()
        if found is not None:
            return found
    return None


def issuer_unit(ward: Unit, level: str, on: date) -> Unit:
    if level == AdminLevel.COMMUNE:
        return ward
    kind = UnitKind.DISTRICT if level == AdminLevel.DISTRICT else UnitKind.PROVINCE
    found = ward.ancestor_on(on, kind)
    if found is None:
        raise TitleError(f"{ward.name} không có đơn vị {AdminLevel(level).label} vào ngày {format_date(on)}.")
    return found


@dataclass
class Subject:
    kind: str
    key: str
    name: str
    address: str
    fields: dict[str, Any]
    unit: Unit
    review_unit: Unit
    ward: Unit


def group_on(household: Household, on: date) -> Unit:
    placement = (
        HouseholdPlacement.objects.filter(household=household)
        .filter(Q(valid_from__isnull=True) | Q(valid_from__lte=on))
        .order_by("-valid_from")
        .select_related("group")
        .first()
    )
    return placement.group if placement is not None else household.group


def describe(obj: Any, year: int, on: date, memo: dict[Any, Any] | None = None) -> Subject:
    """What a subject is, where it belongs and where it is reviewed for a year's cycle."""
    season = review_season(year)
    if isinstance(obj, Household):
        group = group_on(obj, on)
        memo = memo if memo is not None else {}
        if ("ward", group.pk) not in memo:
            memo[("ward", group.pk)] = ward_on(group, season)
        return Subject(
            SubjectKind.HOUSEHOLD,
            f"household:{obj.pk}",
            obj.head_name,
            obj.address,
            {"household": obj},
            group,
            group,
            memo[("ward", group.pk)],
        )
    if isinstance(obj, Unit) and obj.kind == UnitKind.GROUP:
        ward = ward_on(obj, season)
        return Subject(SubjectKind.GROUP, f"group:{obj.pk}", obj.name_on(season), "", {"group": obj}, obj, ward, ward)
    if isinstance(obj, Unit) and obj.kind == UnitKind.COMMUNE:
        return Subject(
            SubjectKind.COMMUNE, f"commune:{obj.pk}", obj.name_on(season), "", {"commune": obj}, obj, obj, obj
        )
    if isinstance(obj, Agency):
        ward = ward_on(obj.group, season) if obj.group is not None else obj.ward
        return Subject(SubjectKind.AGENCY, f"agency:{obj.pk}", obj.name, obj.address, {"agency": obj}, ward, ward, ward)
    if isinstance(obj, Street):
        first = obj.groups.order_by("order").first()
        ward = ward_on(first, season) if first is not None else obj.ward
        return Subject(SubjectKind.STREET, f"street:{obj.pk}", obj.name, obj.stretch, {"street": obj}, ward, ward, ward)
    raise TitleError(f"Không xét danh hiệu cho đối tượng «{obj}».")


def _transition(
    c: Candidacy, state: str, *, actor: Any, on: date, action: str, reason: str | None = None, **changes: Any
) -> Candidacy:
    before = _snap(c, CANDIDACY_FIELDS)
    c.state = state
    c.state_on = on
    fields = {"state", "state_on", "updated_at"}
    if reason is not None:
        c.reason = nfc(reason)
        fields.add("reason")
    for key, value in changes.items():
        setattr(c, key, value)
        fields.add(key)
    c.save(update_fields=sorted(fields))
    _record(actor, f"titles.candidacy.{action}", c, before, CANDIDACY_FIELDS, c.unit)
    return c


@dataclass
class Step:
    """One candidacy's move in `_transition_all`: the arguments of `_transition` for it."""

    candidacy: Candidacy
    state: str
    action: str
    reason: str | None = None
    changes: dict[str, Any] = field(default_factory=dict)


def _transition_all(steps: Sequence[Step], *, actor: Any, on: date) -> list[Candidacy]:
    """`_transition` for many candidacies (a meeting's, a notice's, a decision's): the same rows and one audit
    entry each, in the same order, written with one UPDATE per set of fields and one INSERT of the entries."""
    stamp = timezone.now()
    by_fields: dict[tuple[str, ...], list[Candidacy]] = {}
    entries = []
    for step in steps:
        c = step.candidacy
        before = _snap(c, CANDIDACY_FIELDS)
        c.state = step.state
        c.state_on = on
        fields = {"state", "state_on", "updated_at"}
        if step.reason is not None:
            c.reason = nfc(step.reason)
            fields.add("reason")
        for key, value in step.changes.items():
            setattr(c, key, value)
            fields.add(key)
        c.prepare_to_write()
        c.updated_at = stamp
        by_fields.setdefault(tuple(sorted(fields)), []).append(c)
        after = _snap(c, CANDIDACY_FIELDS)
        entries.append(
            audit.build(actor, f"titles.candidacy.{step.action}", c, before=before, after=after, unit=c.unit)
        )
    for names, rows in by_fields.items():
        bulk.update_fields(rows, names)
    AuditEntry.objects.bulk_create(entries)
    return [step.candidacy for step in steps]


def _previous_step(c: Candidacy) -> str:
    return State.ON_NOTICE if c.notice_id else State.REVIEWED
