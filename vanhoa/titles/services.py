"""Every state change of the title cycle. Each function is atomic, checks the acting user's capability on the
unit concerned and the rule set in force, and writes one audit entry per changed object.

An actor given as a string ("load_demo", "test") is the system itself and skips the capability check, as in
the registry services.

The cycle of one candidacy (one subject, one title, one year):

    registered ──► self_assessed ──► reviewed ──► on_notice ──► proposed ──► decided ──► certified
        │            (NĐ 122 only)      │        (NĐ 86 only)       │            │
        └──► withdrawn                   └──► not_proposed (reason)  └──► returned  └──► revoked

Steps the rule set does not have are skipped, not faked: NĐ 122/2018 has no public notice, NĐ 86/2023 no
self-assessment, no quorum, no vote threshold and no Giấy khen.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from datetime import time as dt_time
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Q

from vanhoa.accounts.permissions import Cap, has_cap
from vanhoa.core import audit
from vanhoa.core.text import format_date, format_number, format_percent, nfc
from vanhoa.registry.models import Agency, Household, HouseholdPlacement, Street
from vanhoa.titles import facts
from vanhoa.titles.choices import (
    RECOGNISED,
    REVIEWABLE,
    AdminLevel,
    CommendationStatus,
    DeciderScope,
    DecisionKind,
    MeetingStatus,
    Outcome,
    PassKind,
    ProposalStatus,
    State,
    SubjectKind,
    TieBreak,
    VotingMethod,
)
from vanhoa.titles.models import (
    Candidacy,
    Commendation,
    CommendationRule,
    DeciderRule,
    Decision,
    NoticeComment,
    Proposal,
    PublicNotice,
    ReviewEntry,
    ReviewMeeting,
    RuleSet,
    StreakCarry,
    StreetCommitment,
    TitleType,
)
from vanhoa.units.choices import UnitKind
from vanhoa.units.models import Unit

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
RULE_SET_EDITABLE = [
    "valid_from",
    "valid_to",
    "pass_marks",
    "quorum_pct",
    "approval_pct",
    "public_notice_days",
    "file_days",
    "file_day_count",
    "decide_days",
    "decide_day_count",
    "cutoff_month",
    "cutoff_day",
    "publish_days",
    "unconfirmed",
    "note",
]
COMMENDATION_EDITABLE = ["after_consecutive_years", "cap_pct", "cap_rounding", "tie_break", "unconfirmed", "note"]

# The date whose ward runs a year's review ("the ward of the time"): the review season, 1 November.
REVIEW_SEASON = (11, 1)


class TitleError(Exception):
    """A step of the title cycle that breaks a rule; the message (Vietnamese) is shown to the user as is."""


# --------------------------------------------------------------------------- helpers


def _require(actor: Any, cap: Cap, unit: Unit | int, what: str) -> None:
    if isinstance(actor, str):
        return
    if actor is None or not has_cap(actor, cap, unit):
        name = unit.name if isinstance(unit, Unit) else "đơn vị này"
        raise PermissionDenied(f"Bạn không có quyền {what} ở {name}.")


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


# --------------------------------------------------------------------------- subjects


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
        ward = ward_on(obj.group, season) if obj.group_id else obj.ward
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


# --------------------------------------------------------------------------- registration


@transaction.atomic
def register(
    *, actor: Any, title: TitleType | str, year: int, subjects: Iterable[Any], on: date, note: str = ""
) -> list[Candidacy]:
    """Register subjects for a title in a year (one candidacy each). A subject already registered that year is
    an error naming it; a street needs its frontages' signed commitments when the rule set asks for them."""
    tt = title_type(title)
    out = []
    memo: dict[Any, Any] = {}
    for obj in subjects:
        s = describe(obj, year, on, memo)
        if s.kind != tt.subject_kind:
            raise TitleError(f"Danh hiệu «{tt.name}» không xét cho {SubjectKind(s.kind).label.lower()} «{s.name}».")
        _require(actor, Cap.TITLES_REGISTER, s.unit, "đăng ký danh hiệu")
        if s.kind == SubjectKind.HOUSEHOLD and not obj.is_active and obj.status_date and obj.status_date <= on:
            raise TitleError(f"Hộ {obj.head_name} không còn cư trú ({obj.get_status_display().lower()}).")
        if Candidacy.objects.filter(title_type=tt, year=year, subject_key=s.key).exists():
            raise TitleError(f"{s.name} đã đăng ký danh hiệu «{tt.name_for(obj)}» năm {year}.")
        if ("rules", s.unit.pk) not in memo:
            memo[("rules", s.unit.pk)] = rule_set_for_year(tt, s.unit, year, on)
        rs = memo[("rules", s.unit.pk)]
        needs_commitments = rs.requires_commitments and s.kind == SubjectKind.STREET
        if needs_commitments and not StreetCommitment.objects.filter(street=obj, year=year).exists():
            raise TitleError(
                f"Tuyến phố {s.name} chưa có bản cam kết nào của các hộ mặt tiền năm {year}; "
                "hãy ghi nhận cam kết trước."
            )
        c = Candidacy(
            title_type=tt,
            rule_set=rs,
            year=year,
            subject_kind=s.kind,
            subject_key=s.key,
            subject_name=s.name,
            subject_address=s.address,
            unit=s.unit,
            review_unit=s.review_unit,
            ward=s.ward,
            state=State.REGISTERED,
            state_on=on,
            registered_on=on,
            note=note,
            **s.fields,
        )
        c.save()
        _record(actor, "titles.candidacy.registered", c, None, CANDIDACY_FIELDS, c.unit)
        out.append(c)
    return out


@transaction.atomic
def register_group_households(
    *, actor: Any, group: Unit, year: int, on: date, exclude: Iterable[int] = (), title: str = "gdvh"
) -> tuple[list[Candidacy], int]:
    """ "All active households of group 3 register", except those listed. Households already registered that
    year are skipped. Returns (new candidacies, number skipped)."""
    _require(actor, Cap.TITLES_REGISTER, group, "đăng ký danh hiệu")
    tt = title_type(title)
    excluded = set(exclude)
    done = set(
        Candidacy.objects.filter(title_type=tt, year=year, household__isnull=False).values_list(
            "household_id", flat=True
        )
    )
    wanted = [
        h
        for h in facts.residents([group.pk], on).order_by("head_sort_key", "pk")
        if h.pk not in excluded and h.pk not in done
    ]
    if not wanted and not done:
        raise TitleError(f"{group.name} không có hộ nào đang cư trú vào ngày {format_date(on)} để đăng ký.")
    created = register(actor=actor, title=tt, year=year, subjects=wanted, on=on)
    return created, len(done & set(facts.residents([group.pk], on).values_list("pk", flat=True)) - excluded)


@transaction.atomic
def record_street_commitments(
    *, actor: Any, street: Street, year: int, commitments: Sequence[Mapping[str, Any]]
) -> list[StreetCommitment]:
    """Signed commitments of a street's frontage households and businesses (ký cam kết)."""
    s = describe(street, year, review_season(year))
    _require(actor, Cap.TITLES_REGISTER, s.ward, "ghi nhận cam kết tuyến phố")
    out = []
    for i, row in enumerate(commitments, start=1):
        signer = nfc(row.get("signer_name", ""))
        frontage = nfc(row.get("frontage", ""))
        signed_on = row.get("signed_on")
        if not signer or not frontage or signed_on is None:
            raise TitleError(f"Cam kết dòng {i}: cần đủ người ký, số nhà (tên cơ sở) và ngày ký.")
        item = StreetCommitment.objects.create(
            street=street,
            year=year,
            ward=s.ward,
            kind=row.get("kind", "household"),
            signer_name=signer,
            frontage=frontage,
            household=row.get("household"),
            signed_on=signed_on,
            text_version=row.get("text_version", "v1"),
        )
        audit.record(actor, "titles.street_commitment.created", item, after={"frontage": frontage}, unit=s.ward)
        out.append(item)
    return out


@transaction.atomic
def record_self_assessment(
    candidacy: Candidacy, *, actor: Any, on: date, points: Decimal | int | None = None, note: str = ""
) -> Candidacy:
    """The subject's own assessment (NĐ 122/2018 Mẫu số 03). Rule sets without that step refuse it."""
    c = Candidacy.objects.select_for_update().get(pk=candidacy.pk)
    _require(actor, Cap.TITLES_REGISTER, c.unit, "ghi nhận tự đánh giá")
    if not c.rule_set.has_self_assessment:
        raise TitleError(f"Năm {c.year} áp dụng {c.rule_set.legal_short}: không có bước tự đánh giá.")
    if c.state != State.REGISTERED:
        raise TitleError(f"{c.subject_name}: chỉ tự đánh giá được khi đang ở bước «Đã đăng ký».")
    return _transition(
        c,
        State.SELF_ASSESSED,
        actor=actor,
        on=on,
        action="self_assessed",
        self_assessed_on=on,
        self_points=Decimal(str(points)) if points is not None else None,
        note=nfc(note) or c.note,
    )


@transaction.atomic
def withdraw(candidacy: Candidacy, *, actor: Any, on: date, reason: str) -> Candidacy:
    c = Candidacy.objects.select_for_update().get(pk=candidacy.pk)
    _require(actor, Cap.TITLES_REGISTER, c.unit, "rút đăng ký")
    if c.state not in (State.REGISTERED, State.SELF_ASSESSED, State.REVIEWED, State.ON_NOTICE, State.RETURNED):
        raise TitleError(f"{c.subject_name}: không rút đăng ký được khi đang «{c.get_state_display()}».")
    if not nfc(reason):
        raise TitleError("Vui lòng ghi lý do rút đăng ký.")
    return _transition(c, State.WITHDRAWN, actor=actor, on=on, action="withdrawn", reason=reason, resume_state="")


# --------------------------------------------------------------------------- review meeting


def reviewable(tt: TitleType, year: int, review_unit: Unit):  # type: ignore[no-untyped-def]
    """Candidacies waiting for a review meeting at a unit (newly registered, or returned for re-review)."""
    return Candidacy.objects.filter(title_type=tt, year=year, review_unit=review_unit).filter(
        Q(state__in=REVIEWABLE) | Q(state=State.RETURNED, resume_state__in=REVIEWABLE)
    )


@transaction.atomic
def start_review_meeting(
    *, actor: Any, title: TitleType | str, year: int, unit: Unit, on: date, **facts_: Any
) -> ReviewMeeting:
    """Open a draft meeting (or return the open draft) listing every candidacy waiting for review at `unit`."""
    tt = title_type(title)
    _require(actor, Cap.TITLES_REVIEW, unit, "lập biên bản họp bình xét")
    draft = ReviewMeeting.objects.filter(title_type=tt, year=year, unit=unit, status=MeetingStatus.DRAFT).first()
    if draft is not None:
        _add_missing_entries(draft)
        return draft
    waiting = list(reviewable(tt, year, unit))
    if not waiting:
        raise TitleError(f"{unit.name}: không có hồ sơ nào đang chờ bình xét danh hiệu «{tt.name}» năm {year}.")
    held_on = facts_.get("held_on") or on
    meeting = ReviewMeeting(
        title_type=tt,
        rule_set=rule_set_for_year(tt, unit, year, held_on),
        year=year,
        unit=unit,
        ward=waiting[0].ward,
        held_on=held_on,
    )
    for key, value in facts_.items():
        if key in MEETING_FIELDS:
            setattr(meeting, key, value)
    meeting.save()
    ReviewEntry.objects.bulk_create([ReviewEntry(meeting=meeting, candidacy=c) for c in waiting])
    _record(actor, "titles.meeting.started", meeting, None, MEETING_FIELDS, unit, extra={"candidates": len(waiting)})
    return meeting


def meeting_defaults(unit: Unit, user: Any, year: int, today: date) -> dict[str, Any]:
    """What a new draft of minutes starts with, for the secretary to correct: today's date in the current
    year (else the review season's), the group's cultural house (the ward's hall), the user as chair,
    a show of hands. Changes nothing."""
    name = (user.get_full_name() or user.get_username()) if hasattr(user, "get_username") else ""
    return {
        "held_on": today if today.year == year else review_season(year),
        "place": f"Nhà văn hóa {unit.name}" if unit.kind == UnitKind.GROUP else "Hội trường Ủy ban nhân dân",
        "chair": name,
        "voting_method": VotingMethod.SHOW_OF_HANDS,
    }


def _add_missing_entries(meeting: ReviewMeeting) -> None:
    have = set(meeting.entries.values_list("candidacy_id", flat=True))
    missing = [c for c in reviewable(meeting.title_type, meeting.year, meeting.unit) if c.pk not in have]
    ReviewEntry.objects.bulk_create([ReviewEntry(meeting=meeting, candidacy=c) for c in missing])


ENTRY_FIELDS = [
    "criteria_met",
    "failed_criteria",
    "exclusion_code",
    "reason_text",
    "points",
    "area",
    "votes_for",
    "votes_against",
]


@transaction.atomic
def save_review_draft(
    meeting: ReviewMeeting,
    *,
    actor: Any,
    facts_: Mapping[str, Any] | None = None,
    entries: Mapping[int, Mapping[str, Any]] | None = None,
    all_pass: bool = False,
) -> ReviewMeeting:
    """Save the draft: meeting facts and, per candidacy id, its line. `all_pass` marks every line as meeting
    the criteria (the "Tất cả đạt" button) before `entries` apply the exceptions."""
    meeting = ReviewMeeting.objects.select_for_update().get(pk=meeting.pk)
    _require(actor, Cap.TITLES_REVIEW, meeting.unit, "ghi biên bản họp bình xét")
    if not meeting.is_draft:
        raise TitleError("Biên bản này đã chốt, không sửa được nữa.")
    before = _snap(meeting, MEETING_FIELDS)
    for key, value in (facts_ or {}).items():
        if key not in MEETING_FIELDS or key in ("status", "rule_set_id"):
            raise TitleError(f"Không sửa được trường {key}.")
        setattr(meeting, key, nfc(value) if isinstance(value, str) else value)
    meeting.save()
    lines = {e.candidacy_id: e for e in meeting.entries.all()}
    if all_pass:
        for e in lines.values():
            e.criteria_met, e.failed_criteria, e.exclusion_code, e.reason_text = True, [], "", ""
    for cid, data in (entries or {}).items():
        e = lines.get(int(cid))
        if e is None:
            raise TitleError("Có hộ không thuộc cuộc họp này; hãy tải lại trang.")
        for key, value in data.items():
            if key not in ENTRY_FIELDS:
                raise TitleError(f"Không sửa được trường {key}.")
            setattr(e, key, nfc(value) if isinstance(value, str) else value)
    ReviewEntry.objects.bulk_update(list(lines.values()), ENTRY_FIELDS)
    changed = [len(lines)] if all_pass else [len(entries or {})]
    _record(
        actor,
        "titles.meeting.draft_saved",
        meeting,
        before,
        MEETING_FIELDS,
        meeting.unit,
        extra={"lines": changed[0], "all_pass": all_pass},
    )
    return meeting


def _pct_text(n: int, d: int) -> str:
    return f"{n}/{d}, {format_percent(Decimal(n) * 100 / Decimal(d))}" if d else f"{n}/{d}"


def _pct_label(p: Decimal) -> str:
    return format_number(p, 0 if p == p.to_integral_value() else 1) + "%"


def evaluate_entry(entry: ReviewEntry, meeting: ReviewMeeting, rs: RuleSet) -> tuple[bool, str]:
    """(proposed?, reason if not): exclusion, criteria, points, then the meeting's quorum and vote rules."""
    if rs.quorum_pct is not None and not meeting.is_valid:
        return False, (
            f"Cuộc họp không hợp lệ: số người dự họp chưa đạt {_pct_label(rs.quorum_pct)} số người được mời "
            f"({_pct_text(meeting.present or 0, meeting.invited or 0)})"
        )
    if entry.exclusion_code:
        ex = rs.exclusions.filter(code=entry.exclusion_code).first()
        text = ex.text if ex else entry.exclusion_code
        return False, f"Thuộc trường hợp không xét tặng: {text}" + (f" ({ex.source})" if ex and ex.source else "")
    if not entry.criteria_met:
        parts = []
        if entry.failed_criteria:
            names = dict(rs.criteria.filter(code__in=entry.failed_criteria).values_list("code", "title"))
            parts.append(
                "; ".join(
                    f"tiêu chuẩn {c}" + (f" ({names[c][:60]})" if c in names else "") for c in entry.failed_criteria
                )
            )
        if entry.reason_text:
            parts.append(entry.reason_text)
        return False, "Không đạt " + ("; ".join(parts) if parts else "tiêu chuẩn")
    if rs.pass_kind == PassKind.POINTS and entry.points is not None:
        mark = rs.pass_mark(entry.area or "default")
        if mark is not None and entry.points < mark:
            return False, f"Đạt {format_number(entry.points, 0)} điểm, dưới mức {format_number(mark, 0)} điểm"
    if rs.approval_pct is not None:
        present = meeting.present or 0
        votes = entry.effective_votes_for() or 0
        if Decimal(votes) * 100 < rs.approval_pct * present:
            return False, (
                f"Không đủ {_pct_label(rs.approval_pct)} số người dự họp tán thành ({_pct_text(votes, present)})"
            )
    return True, ""


def _validate_meeting(meeting: ReviewMeeting, rs: RuleSet) -> None:
    problems = []
    if meeting.held_on is None:
        problems.append("Ngày họp: chưa nhập.")
    if not meeting.place:
        problems.append("Địa điểm: chưa nhập.")
    if not meeting.chair:
        problems.append("Chủ trì: chưa nhập họ tên người chủ trì.")
    if meeting.present is None or meeting.present < 1:
        problems.append("Số người dự họp: chưa nhập.")
    if rs.quorum_pct is not None and not meeting.invited:
        problems.append("Số người được mời: chưa nhập (cần để tính tỷ lệ dự họp).")
    if meeting.invited and meeting.present and meeting.present > meeting.invited:
        problems.append(f"Số người dự họp ({meeting.present}) lớn hơn số người được mời ({meeting.invited}).")
    if rs.approval_pct is not None and not meeting.voting_method:
        problems.append("Hình thức biểu quyết: chưa chọn.")
    if meeting.voting_method and rs.voting_methods and meeting.voting_method not in rs.voting_methods:
        problems.append(f"Hình thức biểu quyết «{VotingMethod(meeting.voting_method).label}» không có trong quy định.")
    if problems:
        raise TitleError(" ".join(problems))
    for e in meeting.entries.select_related("candidacy"):
        name = e.candidacy.subject_name
        present = meeting.present or 0
        vf = e.votes_for if e.votes_for is not None else 0
        va = e.votes_against or 0
        if vf + va > present:
            raise TitleError(
                f"{name}: số người tán thành ({vf}) và không tán thành ({va}) cộng lại vượt số người dự họp "
                f"({present})."
            )
        if e.criteria_met is None:
            raise TitleError(f"{name}: chưa đánh giá (đánh dấu «đạt» hoặc chọn lý do không đạt).")
        if not e.criteria_met and not (e.failed_criteria or e.exclusion_code or e.reason_text):
            raise TitleError(f"{name}: bỏ đánh dấu «đạt» thì cần chọn hoặc ghi lý do không đạt.")
        if e.exclusion_code and not rs.exclusions.filter(code=e.exclusion_code).exists():
            raise TitleError(f"{name}: trường hợp không xét «{e.exclusion_code}» không có trong {rs.legal_short}.")


@transaction.atomic
def submit_review_meeting(meeting: ReviewMeeting, *, actor: Any, on: date | None = None) -> ReviewMeeting:
    """Close the minutes: apply the rule set in force on the meeting date to each line; each candidacy becomes
    `reviewed` (to be proposed) or `not_proposed` with the reason."""
    meeting = ReviewMeeting.objects.select_for_update().get(pk=meeting.pk)
    _require(actor, Cap.TITLES_REVIEW, meeting.unit, "chốt kết quả họp bình xét")
    if not meeting.is_draft:
        raise TitleError("Biên bản này đã chốt.")
    before = _snap(meeting, MEETING_FIELDS)
    if meeting.held_on is None:
        raise TitleError("Ngày họp: chưa nhập.")
    rs = rule_set_for(meeting.title_type, meeting.unit, meeting.held_on)
    meeting.rule_set = rs
    # A household that withdrew after the draft was opened leaves the minutes.
    meeting.entries.filter(candidacy__state=State.WITHDRAWN).delete()
    _validate_meeting(meeting, rs)
    entries = list(meeting.entries.select_related("candidacy"))
    if not entries:
        raise TitleError("Cuộc họp chưa có hồ sơ nào để bình xét.")
    passed = 0
    locked = {
        c.pk: c
        for c in Candidacy.objects.select_for_update(of=("self",))
        .select_related("unit", "title_type")
        .filter(pk__in=[e.candidacy_id for e in entries])
    }
    for e in entries:
        e.meeting = meeting
        c = locked[e.candidacy_id]
        if not (c.state in REVIEWABLE or (c.state == State.RETURNED and c.resume_state in REVIEWABLE)):
            raise TitleError(f"{c.subject_name}: hồ sơ không còn ở bước chờ bình xét ({c.get_state_display()}).")
        ok, reason = evaluate_entry(e, meeting, rs)
        e.outcome = Outcome.PASSED if ok else Outcome.FAILED
        e.outcome_reason = reason
        e.save(update_fields=["outcome", "outcome_reason", "updated_at"])
        passed += ok
        _transition(
            c,
            State.REVIEWED if ok else State.NOT_PROPOSED,
            actor=actor,
            on=meeting.held_on,
            action="reviewed" if ok else "not_proposed",
            reason=reason,
            review_entry=e,
            rule_set=rs,
            resume_state="",
        )
    meeting.status = MeetingStatus.SUBMITTED
    meeting.submitted_on = on or meeting.held_on
    meeting.save()
    _record(
        actor,
        "titles.meeting.submitted",
        meeting,
        before,
        MEETING_FIELDS,
        meeting.unit,
        extra={"passed": passed, "not_proposed": len(entries) - passed, "valid": meeting.is_valid},
    )
    return meeting


@transaction.atomic
def record_review_meeting(
    *,
    actor: Any,
    title: TitleType | str,
    year: int,
    unit: Unit,
    held_on: date,
    results: Mapping[Any, Mapping[str, Any]] | None = None,
    **facts_: Any,
) -> ReviewMeeting:
    """One call for a whole meeting: facts, then each candidate's line (keyed by candidacy or its id; a
    candidacy not listed met the criteria and every attendee agreed), then the outcome."""
    meeting = start_review_meeting(
        actor=actor, title=title, year=year, unit=unit, on=held_on, held_on=held_on, **facts_
    )
    lines = {(k.pk if isinstance(k, Candidacy) else int(k)): dict(v) for k, v in (results or {}).items()}
    save_review_draft(meeting, actor=actor, facts_={"held_on": held_on, **facts_}, entries=lines, all_pass=True)
    return submit_review_meeting(meeting, actor=actor)


# --------------------------------------------------------------------------- public notice (NĐ 86/2023)


@transaction.atomic
def open_public_notice(
    *, actor: Any, title: TitleType | str, year: int, unit: Unit, opened_on: date, place: str
) -> PublicNotice:
    """Post the list of candidates the meeting found eligible, for residents' opinions (NĐ 86/2023: 10 days)."""
    tt = title_type(title)
    _require(actor, Cap.TITLES_REVIEW, unit, "niêm yết danh sách")
    ready = list(
        Candidacy.objects.filter(title_type=tt, year=year, review_unit=unit, state=State.REVIEWED).select_related(
            "unit", "title_type", "rule_set", "review_entry__meeting"
        )
    )
    if not ready:
        raise TitleError(f"{unit.name}: chưa có hồ sơ nào bình xét đạt để niêm yết.")
    rs = ready[0].rule_set
    if not rs.public_notice_days:
        raise TitleError(f"Năm {year} áp dụng {rs.legal_short}: không có bước niêm yết công khai.")
    if not nfc(place):
        raise TitleError("Nơi niêm yết: chưa nhập.")
    held = [c.review_entry.meeting.held_on for c in ready if c.review_entry_id]
    if held and opened_on < max(held):
        raise TitleError(f"Ngày niêm yết phải từ ngày họp bình xét ({format_date(max(held))}) trở đi.")
    notice = PublicNotice.objects.create(
        title_type=tt,
        year=year,
        unit=unit,
        ward=ready[0].ward,
        opened_on=opened_on,
        days=rs.public_notice_days,
        ends_on=facts.notice_end(opened_on, rs.public_notice_days),
        place=nfc(place),
    )
    _record(actor, "titles.notice.opened", notice, None, NOTICE_FIELDS, unit, extra={"candidates": len(ready)})
    for c in ready:
        _transition(c, State.ON_NOTICE, actor=actor, on=opened_on, action="on_notice", notice=notice)
    return notice


@transaction.atomic
def record_notice_comment(
    notice: PublicNotice,
    *,
    actor: Any,
    received_on: date,
    content: str,
    candidacy: Candidacy | None = None,
    resolution: str = "",
    upheld: bool = False,
) -> NoticeComment:
    notice = PublicNotice.objects.select_for_update().get(pk=notice.pk)
    _require(actor, Cap.TITLES_REVIEW, notice.unit, "ghi nhận ý kiến người dân")
    if not notice.is_open:
        raise TitleError("Đợt niêm yết đã kết thúc, không ghi thêm ý kiến được.")
    if not (notice.opened_on <= received_on <= notice.ends_on):
        raise TitleError(
            f"Ngày nhận ý kiến phải trong thời gian niêm yết ({format_date(notice.opened_on)}–"
            f"{format_date(notice.ends_on)})."
        )
    if not nfc(content):
        raise TitleError("Nội dung ý kiến: chưa nhập.")
    if candidacy is not None and candidacy.notice_id != notice.pk:
        raise TitleError(f"{candidacy.subject_name} không có trong danh sách niêm yết này.")
    if upheld and candidacy is None:
        raise TitleError("Ý kiến được chấp nhận phải gắn với một hộ trong danh sách.")
    comment = NoticeComment.objects.create(
        notice=notice,
        candidacy=candidacy,
        received_on=received_on,
        content=nfc(content),
        resolution=nfc(resolution),
        upheld=upheld,
    )
    audit.record(actor, "titles.notice.comment", comment, after={"upheld": upheld}, unit=notice.unit)
    return comment


@transaction.atomic
def close_public_notice(notice: PublicNotice, *, actor: Any, on: date, result_note: str = "") -> PublicNotice:
    """End the notice once its days are over; a candidate with an upheld opinion is not proposed."""
    notice = PublicNotice.objects.select_for_update().get(pk=notice.pk)
    _require(actor, Cap.TITLES_REVIEW, notice.unit, "kết thúc niêm yết")
    if not notice.is_open:
        raise TitleError("Đợt niêm yết này đã kết thúc.")
    if on <= notice.ends_on:
        raise TitleError(
            f"Thời gian niêm yết đến hết ngày {format_date(notice.ends_on)}; chỉ kết thúc được từ ngày "
            f"{format_date(facts.add_days(notice.ends_on, 1))}."
        )
    before = _snap(notice, NOTICE_FIELDS)
    comments = list(notice.comments.all())
    notice.closed_on = on
    notice.result_note = nfc(result_note) or (
        f"Nhận {len(comments)} ý kiến." if comments else "Không có ý kiến nào của người dân."
    )
    notice.save()
    _record(actor, "titles.notice.closed", notice, before, NOTICE_FIELDS, notice.unit)
    for comment in comments:
        if comment.upheld and comment.candidacy_id:
            c = Candidacy.objects.select_for_update().get(pk=comment.candidacy_id)
            if c.state == State.ON_NOTICE:
                _transition(
                    c,
                    State.NOT_PROPOSED,
                    actor=actor,
                    on=on,
                    action="not_proposed",
                    reason=f"Ý kiến người dân trong thời gian niêm yết: {comment.content}",
                )
    return notice


# --------------------------------------------------------------------------- proposal and decision


def _ready_for_proposal(tt: TitleType, year: int, unit: Unit) -> list[Candidacy]:
    qs = Candidacy.objects.filter(title_type=tt, year=year, review_unit=unit).select_related(
        "rule_set", "notice", "unit", "title_type"
    )
    out = []
    for c in qs.filter(state__in=[State.REVIEWED, State.ON_NOTICE, State.RETURNED]):
        step = c.resume_state if c.state == State.RETURNED else c.state
        if (
            step == State.REVIEWED
            and not c.rule_set.has_public_notice
            or step == State.ON_NOTICE
            and c.notice_id
            and not c.notice.is_open
        ):
            out.append(c)
    return out


@transaction.atomic
def submit_proposal(
    *,
    actor: Any,
    title: TitleType | str,
    year: int,
    unit: Unit,
    on: date,
    number: str = "",
    documents: Sequence[str] | None = None,
) -> Proposal:
    """Send the dossier up for decision. Under NĐ 86/2023 the public notice must be over first."""
    tt = title_type(title)
    _require(actor, Cap.TITLES_REVIEW, unit, "gửi hồ sơ đề nghị")
    ready = _ready_for_proposal(tt, year, unit)
    if not ready:
        pending = Candidacy.objects.filter(
            title_type=tt, year=year, review_unit=unit, state__in=[State.REVIEWED, State.ON_NOTICE]
        ).select_related("rule_set", "notice")
        first = pending.first()
        if first is not None and first.rule_set.has_public_notice:
            if first.state == State.REVIEWED:
                raise TitleError(
                    f"Năm {year} áp dụng {first.rule_set.legal_short}: phải niêm yết công khai "
                    f"{first.rule_set.public_notice_days} ngày trước khi gửi hồ sơ."
                )
            raise TitleError(f"Đợt niêm yết đến hết ngày {format_date(first.notice.ends_on)} chưa kết thúc.")
        raise TitleError(f"{unit.name}: chưa có hồ sơ nào sẵn sàng để đề nghị công nhận.")
    rs = ready[0].rule_set
    needed = list(rs.dossier_items.values_list("code", flat=True))
    provided = list(documents) if documents is not None else needed
    unknown = [d for d in provided if d not in needed]
    if unknown:
        raise TitleError(f"Thành phần hồ sơ không có trong quy định: {', '.join(unknown)}.")
    complete = all(d in provided for d in needed)
    proposal = Proposal.objects.create(
        title_type=tt,
        year=year,
        unit=unit,
        ward=ready[0].ward,
        number=nfc(number),
        submitted_on=on,
        complete_on=on if complete else None,
        documents=provided,
    )
    _record(actor, "titles.proposal.submitted", proposal, None, PROPOSAL_FIELDS, unit, extra={"candidates": len(ready)})
    for c in ready:
        _transition(c, State.PROPOSED, actor=actor, on=on, action="proposed", proposal=proposal, resume_state="")
    return proposal


@transaction.atomic
def complete_proposal(proposal: Proposal, *, actor: Any, on: date, documents: Sequence[str]) -> Proposal:
    """Record the missing documents of a dossier; the decision deadline starts when it is complete."""
    proposal = Proposal.objects.select_for_update().get(pk=proposal.pk)
    _require(actor, Cap.TITLES_REVIEW, proposal.unit, "bổ sung hồ sơ")
    before = _snap(proposal, PROPOSAL_FIELDS)
    first = proposal.candidacies.select_related("rule_set").first()
    needed = list(first.rule_set.dossier_items.values_list("code", flat=True)) if first else []
    proposal.documents = sorted(set(proposal.documents) | set(documents))
    if all(d in proposal.documents for d in needed) and proposal.complete_on is None:
        proposal.complete_on = on
    proposal.save()
    _record(actor, "titles.proposal.completed", proposal, before, PROPOSAL_FIELDS, proposal.unit)
    return proposal


def _previous_step(c: Candidacy) -> str:
    return State.ON_NOTICE if c.notice_id else State.REVIEWED


@transaction.atomic
def return_proposal(proposal: Proposal, *, actor: Any, on: date, reason: str) -> Proposal:
    """The decider sends a dossier back with a reason; its candidates go back to the step before the proposal
    and can be proposed again once the dossier is fixed."""
    proposal = Proposal.objects.select_for_update().get(pk=proposal.pk)
    _require(actor, Cap.TITLES_DECIDE, proposal.ward, "trả lại hồ sơ đề nghị")
    if proposal.status != ProposalStatus.SUBMITTED:
        raise TitleError("Chỉ trả lại được hồ sơ đang chờ quyết định.")
    if not nfc(reason):
        raise TitleError("Lý do trả lại: chưa nhập.")
    before = _snap(proposal, PROPOSAL_FIELDS)
    proposal.status = ProposalStatus.RETURNED
    proposal.returned_on = on
    proposal.return_reason = nfc(reason)
    proposal.save()
    _record(actor, "titles.proposal.returned", proposal, before, PROPOSAL_FIELDS, proposal.unit)
    for c in (
        proposal.candidacies.select_for_update(of=("self",))
        .select_related("unit", "title_type")
        .filter(state=State.PROPOSED)
    ):
        _transition(
            c,
            State.RETURNED,
            actor=actor,
            on=on,
            action="returned",
            reason=f"Hồ sơ bị trả lại: {nfc(reason)}",
            resume_state=_previous_step(c),
        )
    return proposal


@transaction.atomic
def return_for_rework(candidacy: Candidacy, *, actor: Any, on: date, reason: str) -> Candidacy:
    """The ward returns one candidate's result to its group for re-review, without reopening the group: the
    candidate leaves its proposal and waits for a (supplementary) review meeting."""
    c = Candidacy.objects.select_for_update().get(pk=candidacy.pk)
    _require(actor, Cap.TITLES_REVIEW, c.ward, "trả lại kết quả bình xét")
    if c.state not in (State.REVIEWED, State.ON_NOTICE, State.PROPOSED, State.NOT_PROPOSED):
        raise TitleError(f"{c.subject_name}: không trả lại được khi đang «{c.get_state_display()}».")
    if not nfc(reason):
        raise TitleError("Lý do trả lại: chưa nhập.")
    return _transition(
        c,
        State.RETURNED,
        actor=actor,
        on=on,
        action="returned_for_rework",
        reason=f"Trả lại để bình xét lại: {nfc(reason)}",
        resume_state=State.REGISTERED,
        proposal=None,
        notice=None,
    )


def _decision_number_free(ward: Unit, number: str, symbol: str, signed_on: date) -> None:
    clash = Decision.objects.filter(ward=ward, number=number, symbol=symbol, signed_on__year=signed_on.year).first()
    if clash is not None:
        raise TitleError(f"Số quyết định {clash.number_text} năm {signed_on.year} đã dùng ({clash}).")


def _decision(
    *,
    kind: str,
    tt: TitleType,
    rs: RuleSet | None,
    year: int,
    ward: Unit,
    number: str,
    symbol: str,
    signed_on: date,
    signer_name: str,
    signing_authority: str,
    proposer: str,
    level: str,
    position: str,
) -> Decision:
    number, signer_name = nfc(str(number)), nfc(signer_name)
    if not number:
        raise TitleError("Số quyết định: chưa nhập.")
    if not signer_name or len(signer_name.split()) < 2:
        raise TitleError("Người ký: nhập đủ họ và tên.")
    _decision_number_free(ward, number, symbol, signed_on)
    issuer = issuer_unit(ward, level, signed_on)
    return Decision.objects.create(
        kind=kind,
        title_type=tt,
        rule_set=rs,
        year=year,
        ward=ward,
        issuer_level=level,
        issuer_name=f"Ủy ban nhân dân {unit_title(issuer, signed_on)}",
        signer_position=f"{position.split(' Ủy ban')[0]} Ủy ban nhân dân {unit_title(issuer, signed_on)}",
        number=number,
        symbol=symbol,
        signed_on=signed_on,
        signer_name=signer_name,
        signing_authority=nfc(signing_authority),
        proposer=nfc(proposer),
    )


@transaction.atomic
def issue_decision(
    *,
    actor: Any,
    title: TitleType | str,
    year: int,
    ward: Unit,
    number: str,
    signed_on: date,
    signer_name: str,
    proposals: Sequence[Proposal] | None = None,
    excluded: Mapping[int, str] | None = None,
    symbol: str = "QĐ-UBND",
    signing_authority: str = "",
    proposer: str = "",
) -> Decision:
    """Record the decision recognising the proposed candidates (the annex list); `excluded` maps candidacy ids
    the decider left out to a reason (they go back to the step before the proposal)."""
    tt = title_type(title)
    _require(actor, Cap.TITLES_DECIDE, ward, "ra quyết định công nhận")
    scope = facts.lineage_ids(ward.pk)
    if proposals is None:
        proposals = list(
            Proposal.objects.filter(title_type=tt, year=year, ward__in=scope, status=ProposalStatus.SUBMITTED)
        )
    if not proposals:
        raise TitleError(f"Chưa có hồ sơ đề nghị nào chờ quyết định công nhận «{tt.name}» năm {year}.")
    for p in proposals:
        if p.status != ProposalStatus.SUBMITTED or p.title_type_id != tt.pk or p.year != year or p.ward_id not in scope:
            raise TitleError(f"{p} không còn chờ quyết định.")
        if signed_on < p.submitted_on:
            raise TitleError(
                f"Ngày ký ({format_date(signed_on)}) trước ngày gửi hồ sơ của {p.unit.name} "
                f"({format_date(p.submitted_on)})."
            )
    candidacies = list(
        Candidacy.objects.select_for_update(of=("self",))
        .select_related("unit", "title_type", "rule_set")
        .filter(proposal__in=proposals, state=State.PROPOSED)
    )
    excluded = {int(k): nfc(v) for k, v in (excluded or {}).items()}
    if any(not v for v in excluded.values()):
        raise TitleError("Hồ sơ không được công nhận cần ghi lý do.")
    from vanhoa.titles.inspections import blocking_flags

    blocked = blocking_flags(c for c in candidacies if c.pk not in excluded)
    if blocked:
        names = "; ".join(
            f"{c.subject_name} (kiểm tra {format_date(flags[0].inspection.date)}: {flags[0].reason})"
            for c in candidacies
            if (flags := blocked.get(c.pk))
        )
        raise TitleError(
            f"Kết quả kiểm tra đang chặn công nhận: {names}. Hãy xử lý xong kiến nghị kiểm tra, "
            "hoặc để các hồ sơ này ra ngoài quyết định và ghi lý do."
        )
    rs = candidacies[0].rule_set if candidacies else None
    decider = decider_for(tt, signed_on)
    if decider is None:
        raise TitleError(f"Chưa có quy định ai quyết định danh hiệu «{tt.name}» vào ngày {format_date(signed_on)}.")
    decision_ward = proposals[0].ward
    decision = _decision(
        kind=DecisionKind.RECOGNITION,
        tt=tt,
        rs=rs,
        year=year,
        ward=decision_ward,
        number=number,
        symbol=symbol,
        signed_on=signed_on,
        signer_name=signer_name,
        signing_authority=signing_authority,
        proposer=proposer or _default_proposer(tt, proposals, signed_on),
        level=decider.level,
        position=decider.position,
    )
    _record(
        actor,
        "titles.decision.issued",
        decision,
        None,
        DECISION_FIELDS,
        decision.ward,
        extra={"recognised": len(candidacies) - len(excluded), "excluded": len(excluded)},
    )
    for c in candidacies:
        if c.pk in excluded:
            _transition(
                c,
                State.RETURNED,
                actor=actor,
                on=signed_on,
                action="not_recognised",
                reason=f"Không được công nhận: {excluded[c.pk]}",
                resume_state=_previous_step(c),
                proposal=None,
            )
        else:
            _transition(c, State.DECIDED, actor=actor, on=signed_on, action="decided", decision=decision)
    for p in proposals:
        before = _snap(p, PROPOSAL_FIELDS)
        p.status = ProposalStatus.DECIDED
        p.decision = decision
        p.save()
        _record(actor, "titles.proposal.decided", p, before, PROPOSAL_FIELDS, p.unit)
    return decision


def _default_proposer(tt: TitleType, proposals: Sequence[Proposal], on: date) -> str:
    if tt.subject_kind == SubjectKind.HOUSEHOLD:
        return "Trưởng ban Công tác Mặt trận và Tổ trưởng các tổ dân phố"
    ward = proposals[0].ward
    return f"Ủy ban nhân dân {unit_title(ward, on)}"


@transaction.atomic
def issue_certificates(decision: Decision, *, actor: Any, on: date) -> list[Candidacy]:
    """Number and date the certificates (Giấy công nhận) of a decision's list: decided → certified."""
    decision = Decision.objects.select_for_update().get(pk=decision.pk)
    _require(actor, Cap.TITLES_DECIDE, decision.ward, "cấp giấy công nhận")
    if on < decision.signed_on:
        raise TitleError("Ngày cấp giấy công nhận không được trước ngày ký quyết định.")
    todo = list(
        decision.candidacies.select_for_update(of=("self",))
        .select_related("unit", "title_type")
        .filter(state=State.DECIDED)
        .order_by("review_unit__order", "sort_key", "pk")
    )
    if not todo:
        raise TitleError("Mọi hộ trong quyết định đã được cấp giấy công nhận.")
    start = decision.candidacies.exclude(certificate_number="").count()
    out = []
    for i, c in enumerate(todo, start=start + 1):
        out.append(
            _transition(
                c,
                State.CERTIFIED,
                actor=actor,
                on=on,
                action="certified",
                certificate_number=f"{i:04d}/{decision.number}",
                certified_on=on,
            )
        )
    return out


@transaction.atomic
def publish_list(decision: Decision, *, actor: Any, on: date, place: str) -> Decision:
    """Publish the list of recognised subjects (NĐ 86/2023: within 15 days of the decision)."""
    decision = Decision.objects.select_for_update().get(pk=decision.pk)
    _require(actor, Cap.TITLES_DECIDE, decision.ward, "công bố danh sách")
    if on < decision.signed_on:
        raise TitleError("Ngày công bố không được trước ngày ký quyết định.")
    if not nfc(place):
        raise TitleError("Nơi công bố: chưa nhập (bảng tin, trang thông tin điện tử …).")
    before = _snap(decision, DECISION_FIELDS)
    decision.published_on = on
    decision.publish_place = nfc(place)
    decision.save()
    _record(actor, "titles.decision.published", decision, before, DECISION_FIELDS, decision.ward)
    return decision


@transaction.atomic
def revoke_title(
    candidacy: Candidacy,
    *,
    actor: Any,
    on: date,
    reason: str,
    number: str,
    signer_name: str,
    symbol: str = "QĐ-UBND",
) -> Candidacy:
    """Withdraw a granted title by a decision (number, date, signer), with the reason."""
    c = Candidacy.objects.select_for_update().get(pk=candidacy.pk)
    _require(actor, Cap.TITLES_DECIDE, c.ward, "thu hồi danh hiệu")
    if c.state not in RECOGNISED:
        raise TitleError(f"{c.subject_name}: chỉ thu hồi được danh hiệu đã công nhận.")
    if not nfc(reason):
        raise TitleError("Lý do thu hồi: chưa nhập.")
    if c.decision and on < c.decision.signed_on:
        raise TitleError("Ngày thu hồi không được trước ngày quyết định công nhận.")
    decider = decider_for(c.title_type, on) or decider_for(c.title_type, c.decision.signed_on if c.decision else on)
    if decider is None:
        raise TitleError("Chưa có quy định thẩm quyền quyết định.")
    decision = _decision(
        kind=DecisionKind.REVOCATION,
        tt=c.title_type,
        rs=c.rule_set,
        year=c.year,
        ward=c.ward,
        number=number,
        symbol=symbol,
        signed_on=on,
        signer_name=signer_name,
        signing_authority="",
        proposer="",
        level=decider.level,
        position=decider.position,
    )
    decision.note = nfc(reason)
    decision.save()
    _record(actor, "titles.decision.issued", decision, None, DECISION_FIELDS, c.ward, extra={"revokes": str(c)})
    return _transition(
        c, State.REVOKED, actor=actor, on=on, action="revoked", reason=reason, revoked_on=on, revoke_decision=decision
    )


# --------------------------------------------------------------------------- streaks and commendations


@transaction.atomic
def carry_streak(household: Household, *, actor: Any, reason: str, on: date) -> StreakCarry:
    """Let a household formed by a split keep its origin's consecutive years (by default it starts at 0)."""
    _require(actor, Cap.TITLES_REVIEW, household.group, "tính kế thừa số năm liên tục")
    source = household.origin
    if source is None or not household.is_active:
        raise TitleError(f"Hộ {household.head_name} không phải hộ được tách ra từ một hộ khác.")
    if not nfc(reason):
        raise TitleError("Lý do: chưa nhập.")
    if StreakCarry.objects.filter(household=household).exists():
        raise TitleError(f"Hộ {household.head_name} đã được tính kế thừa số năm liên tục.")
    split_year = (household.since or on).year
    carry = StreakCarry.objects.create(
        household=household,
        source=source,
        up_to_year=split_year - 1,
        reason=nfc(reason),
        decided_on=on,
        unit=household.group,
    )
    audit.record(
        actor,
        "titles.streak.carried",
        carry,
        after={"source": str(source), "up_to_year": split_year - 1},
        unit=household.group,
        note=nfc(reason),
    )
    return carry


@dataclass
class CommendationPlan:
    """The ranking behind a commendation proposal, for the officer to see before deciding."""

    rule: CommendationRule
    year: int
    eligible: int
    cap: int
    rows: list[facts.Ranked[Candidacy]]
    not_eligible: list[tuple[Candidacy, int]]

    @property
    def ties(self) -> list[facts.Ranked[Candidacy]]:
        return [r for r in self.rows if r.tie]


def _tie_key(rule: CommendationRule):  # type: ignore[no-untyped-def]
    if rule.tie_break == TieBreak.NAME:
        return lambda c: (c.sort_key, c.pk)
    return lambda c: (c.registered_on, c.pk)


def commendation_rule_for(tt: TitleType, ward: Unit, year: int) -> CommendationRule:
    rs = rule_set_for_year(tt, ward, year)
    rule = rs.commendation
    if rule is None:
        raise TitleError(
            f"Năm {year} áp dụng {rs.legal_short}: không có quy định tặng Giấy khen nhiều năm cho danh hiệu "
            f"«{tt.name}»."
        )
    return rule


def plan_commendations(
    *,
    title: TitleType | str,
    ward: Unit,
    year: int,
    votes: Mapping[int, int] | None = None,
    proposed: Iterable[int] | None = None,
) -> CommendationPlan:
    """Who is eligible (N consecutive years up to `year`), the cap (15% of the eligible, rounded as set), and
    the ranking of the proposed ones by votes for (default: the year's review votes), ties shown."""
    tt = title_type(title)
    rule = commendation_rule_for(tt, ward, year)
    scope = facts.lineage_ids(ward.pk)
    base = Candidacy.objects.filter(title_type=tt, year=year, ward__in=scope, state__in=RECOGNISED).select_related(
        "review_entry__meeting"
    )
    cands = list(base)
    if tt.subject_kind == SubjectKind.HOUSEHOLD:
        streaks = facts.streaks_for_households([c.household_id for c in cands], year)
        streak_of = {c.pk: streaks[c.household_id] for c in cands}
    else:
        streak_of = {c.pk: facts.streak(c.subject, year) for c in cands}
    eligible = [c for c in cands if streak_of[c.pk] >= rule.after_consecutive_years]
    cap = facts.cap_count(len(eligible), rule.cap_pct, rule.cap_rounding)
    chosen = set(proposed) if proposed is not None else {c.pk for c in eligible}
    pool = [c for c in eligible if c.pk in chosen]

    def vote_of(c: Candidacy) -> int:
        if votes is not None and c.pk in votes:
            return int(votes[c.pk])
        e = c.review_entry
        return (e.effective_votes_for() or 0) if e is not None else 0

    rows = facts.rank_for_cap(pool, cap, votes=vote_of, tie_key=_tie_key(rule))
    eligible_ids = {c.pk for c in eligible}
    not_eligible = [(c, streak_of[c.pk]) for c in cands if c.pk in chosen and c.pk not in eligible_ids]
    return CommendationPlan(rule, year, len(eligible), cap, rows, not_eligible)


@transaction.atomic
def propose_commendations(
    *,
    actor: Any,
    title: TitleType | str,
    ward: Unit,
    year: int,
    votes: Mapping[int, int] | None = None,
    proposed: Iterable[int] | None = None,
) -> CommendationPlan:
    """Store the ranking as the year's commendation proposal (replacing an undecided earlier one)."""
    _require(actor, Cap.TITLES_REVIEW, ward, "đề nghị khen thưởng")
    plan = plan_commendations(title=title, ward=ward, year=year, votes=votes, proposed=proposed)
    old = Commendation.objects.filter(rule=plan.rule, year=year, ward__in=facts.lineage_ids(ward.pk))
    if old.filter(decision__isnull=False).exists():
        raise TitleError(f"Đã có quyết định tặng {plan.rule.name} năm {year}; không đề nghị lại được.")
    old.delete()
    n = plan.rule.after_consecutive_years
    rows = [
        Commendation(
            rule=plan.rule,
            year=year,
            candidacy=r.item,
            unit=r.item.unit,
            ward=r.item.ward,
            streak=n,
            window_from=year - n + 1,
            window_to=year,
            votes_for=r.votes,
            rank=r.rank,
            tie=r.tie,
            status=CommendationStatus.WITHIN_CAP if r.within_cap else CommendationStatus.OVER_CAP,
        )
        for r in plan.rows
    ]
    Commendation.objects.bulk_create(rows)
    audit.record(
        actor,
        "titles.commendation.proposed",
        ward,
        unit=ward,
        extra={
            "rule": plan.rule.code,
            "year": year,
            "eligible": plan.eligible,
            "cap": plan.cap,
            "proposed": len(rows),
            "within_cap": sum(r.within_cap for r in plan.rows),
            "ties": len(plan.ties),
        },
    )
    return plan


@transaction.atomic
def issue_commendation_decision(
    *,
    actor: Any,
    title: TitleType | str,
    ward: Unit,
    year: int,
    number: str,
    signed_on: date,
    signer_name: str,
    symbol: str = "QĐ-UBND",
) -> Decision:
    """The decision giving the Giấy khen to those within the cap; their streak restarts afterwards."""
    tt = title_type(title)
    _require(actor, Cap.TITLES_DECIDE, ward, "quyết định khen thưởng")
    rule = commendation_rule_for(tt, ward, year)
    rows = list(
        Commendation.objects.select_for_update()
        .filter(
            rule=rule,
            year=year,
            ward__in=facts.lineage_ids(ward.pk),
            status=CommendationStatus.WITHIN_CAP,
            decision__isnull=True,
        )
        .select_related("candidacy")
    )
    if not rows:
        raise TitleError(f"Chưa có danh sách đề nghị tặng {rule.name} năm {year}.")
    decision = _decision(
        kind=DecisionKind.COMMENDATION,
        tt=tt,
        rs=rule.rule_set,
        year=year,
        ward=rows[0].ward,
        number=number,
        symbol=symbol,
        signed_on=signed_on,
        signer_name=signer_name,
        signing_authority="",
        proposer="Ban Chỉ đạo phong trào “Toàn dân đoàn kết xây dựng đời sống văn hóa” phường",
        level=rule.decider_level,
        position=rule.decider_position,
    )
    _record(
        actor,
        "titles.decision.issued",
        decision,
        None,
        DECISION_FIELDS,
        decision.ward,
        extra={"commendations": len(rows)},
    )
    for row in rows:
        before = {"status": row.status, "decision": None}
        row.status = CommendationStatus.AWARDED
        row.decision = decision
        row.save()
        audit.record(
            actor,
            "titles.commendation.awarded",
            row,
            before=before,
            after={"status": row.status, "decision": str(decision)},
            unit=row.unit,
        )
    return decision


# --------------------------------------------------------------------------- rule administration


@transaction.atomic
def update_rule_set(rule_set: RuleSet, *, actor: Any, **data: Any) -> RuleSet:
    """An administrator corrects a rule set's numbers (e.g. once Lai Châu's decision is found)."""
    if not isinstance(actor, str) and not has_cap(actor, Cap.UNITS_CHANGE):
        raise PermissionDenied("Bạn không có quyền sửa quy định xét tặng.")
    rs = RuleSet.objects.select_for_update().get(pk=rule_set.pk)
    before = _snap(rs, RULE_SET_EDITABLE)
    for key, value in data.items():
        if key not in RULE_SET_EDITABLE:
            raise TitleError(f"Không sửa được trường {key}.")
        setattr(rs, key, value)
    if rs.valid_to and rs.valid_to < rs.valid_from:
        raise TitleError("Ngày hết áp dụng phải sau ngày bắt đầu áp dụng.")
    for field in ("quorum_pct", "approval_pct"):
        value = getattr(rs, field)
        if value is not None and not (0 <= value <= 100):
            raise TitleError(f"{rs._meta.get_field(field).verbose_name.capitalize()}: phải từ 0 đến 100.")
    rs.save()
    _record(actor, "titles.rule_set.updated", rs, before, RULE_SET_EDITABLE, None)
    return rs


@transaction.atomic
def update_commendation_rule(rule: CommendationRule, *, actor: Any, **data: Any) -> CommendationRule:
    if not isinstance(actor, str) and not has_cap(actor, Cap.UNITS_CHANGE):
        raise PermissionDenied("Bạn không có quyền sửa quy định khen thưởng.")
    rule = CommendationRule.objects.select_for_update().get(pk=rule.pk)
    before = _snap(rule, COMMENDATION_EDITABLE)
    for key, value in data.items():
        if key not in COMMENDATION_EDITABLE:
            raise TitleError(f"Không sửa được trường {key}.")
        setattr(rule, key, value)
    rule.save()
    _record(actor, "titles.commendation_rule.updated", rule, before, COMMENDATION_EDITABLE, None)
    return rule
