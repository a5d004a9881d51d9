"""Giấy khen for N consecutive years (NĐ 122/2018; TTHC 1.001120 for households, 207267 for khu dân cư): who is
eligible, the meeting held for it with its quorum and approval rules, the 15% cap and ranking within the unit
that held the meeting, the proposal of the unit's head, the decision.

The household Giấy khen is settled in each khu dân cư (tổ dân phố, thôn): its own meeting, called by its head,
ranks only its own households, by approval share (votes for ÷ people present), against 15% of its own eligible
households; the head (Trưởng khu dân cư) proposes with the minutes. The khu dân cư Giấy khen is settled by the
ward the same way for its khu dân cư. NĐ 86/2023 has no such procedure (legal-followup §2): asking for it in a
year under NĐ 86/2023 is refused with that reason.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.db.models import F

from vanhoa.accounts.permissions import Cap
from vanhoa.core import audit
from vanhoa.core.text import format_percent, nfc
from vanhoa.titles import attendance, facts
from vanhoa.titles.choices import (
    RECOGNISED,
    CommendationScope,
    CommendationStatus,
    DecisionKind,
    MeetingStatus,
    SubjectKind,
    TieBreak,
    VotingMethod,
)
from vanhoa.titles.models import Candidacy, Commendation, CommendationMeeting, CommendationRule, Decision, TitleType
from vanhoa.titles.services.common import DECISION_FIELDS, TitleError, _record, _require, rule_set_for_year, title_type
from vanhoa.titles.services.decision import _decision
from vanhoa.units.models import Unit

# The ranked first, then those not approved (unranked), on both databases.
RANK_ORDER = (F("rank").asc(nulls_last=True), "candidacy__sort_key", "pk")

COMMENDATION_MEETING_FIELDS = [
    "held_on",
    "place",
    "chair",
    "secretary",
    "invited",
    "present",
    "voting_method",
    "eligible",
    "cap",
    "status",
    "proposer_name",
    "proposed_on",
    "proposal_number",
]


@dataclass
class Ranked:
    """One candidate of a Giấy khen meeting: its votes, its approval share, its place against the cap."""

    item: Candidacy
    votes: int
    share: Decimal
    approved: bool
    rank: int | None = None
    within_cap: bool = False
    tie: bool = False
    reason: str = ""


@dataclass
class UnitPlan:
    """A unit's part of a year's Giấy khen: its eligible, its cap, its meeting (once held) and ranking."""

    unit: Unit
    eligible: list[Candidacy]
    cap: int
    meeting: CommendationMeeting | None = None
    rows: list[Commendation] = field(default_factory=list)


@dataclass
class CommendationPlan:
    """A ward's Giấy khen of a year, unit by unit, for the officer to see before deciding."""

    rule: CommendationRule
    year: int
    units: list[UnitPlan]

    @property
    def eligible(self) -> int:
        return sum(len(u.eligible) for u in self.units)

    @property
    def cap(self) -> int:
        return sum(u.cap for u in self.units)


def commendation_rule_for(tt: TitleType, ward: Unit, year: int) -> CommendationRule:
    rs = rule_set_for_year(tt, ward, year)
    rule = rs.commendation
    if rule is None:
        raise TitleError(
            f"Năm {year} áp dụng {rs.legal_short}: không có quy định tặng Giấy khen nhiều năm cho danh hiệu "
            f"«{tt.name}». Nghị định 86/2023/NĐ-CP chỉ quy định khung tiêu chuẩn, thủ tục xét tặng danh hiệu hằng "
            "năm, không có thủ tục tặng Giấy khen Gia đình văn hóa 3 năm, Khu dân cư văn hóa 5 năm như Nghị định "
            "122/2018/NĐ-CP; khen thưởng (nếu có) theo Luật Thi đua, khen thưởng."
            if rs.regime == "nd86"
            else f"Năm {year} áp dụng {rs.legal_short}: không có quy định tặng Giấy khen nhiều năm cho danh hiệu "
            f"«{tt.name}»."
        )
    return rule


def _streaks(tt: TitleType, cands: Sequence[Candidacy], year: int) -> dict[int, int]:
    if tt.subject_kind == SubjectKind.HOUSEHOLD:
        ids = [c.household_id for c in cands if c.household_id is not None]
        by_household = facts.streaks_for_households(ids, year)
        return {c.pk: by_household[c.household_id] if c.household_id is not None else 0 for c in cands}
    return {c.pk: facts.streak(c.subject, year) for c in cands}


def eligible_by_unit(tt: TitleType, rule: CommendationRule, ward: Unit, year: int) -> dict[int, list[Candidacy]]:
    """Recognised candidacies of `year` with at least N consecutive years, by the unit whose meeting weighs them
    (a household's khu dân cư; the ward for a khu dân cư)."""
    cands = list(
        Candidacy.objects.filter(
            title_type=tt, year=year, ward__in=facts.lineage_ids(ward.pk), state__in=RECOGNISED
        ).select_related("review_unit", "group")
    )
    streak_of = _streaks(tt, cands, year)
    out: dict[int, list[Candidacy]] = {}
    for c in cands:
        if streak_of[c.pk] >= rule.after_consecutive_years:
            out.setdefault(c.review_unit_id, []).append(c)
    return out


def plan_commendations(*, title: TitleType | str, ward: Unit, year: int) -> CommendationPlan:
    """Each unit's eligible, its cap (15% of its own eligible, rounded as set) and, once its meeting was held,
    its ranking. Changes nothing."""
    tt = title_type(title)
    rule = commendation_rule_for(tt, ward, year)
    by_unit = eligible_by_unit(tt, rule, ward, year)
    meetings = {
        m.unit_id: m
        for m in CommendationMeeting.objects.filter(rule=rule, year=year, ward__in=facts.lineage_ids(ward.pk))
    }
    units = {u.pk: u for u in Unit.objects.filter(pk__in=set(by_unit) | set(meetings))}
    plans = []
    for uid in sorted(units, key=lambda pk: (units[pk].order, pk)):
        m = meetings.get(uid)
        rows = (
            list(m.commendations.select_related("candidacy", "decision", "meeting").order_by(*RANK_ORDER)) if m else []
        )
        eligible = by_unit.get(uid, [])
        cap = facts.cap_count(len(eligible), rule.cap_pct, rule.cap_rounding)
        plans.append(UnitPlan(units[uid], eligible, cap, m, rows))
    return CommendationPlan(rule, year, plans)


def _tie_key(rule: CommendationRule):  # type: ignore[no-untyped-def]
    if rule.tie_break == TieBreak.NAME:
        return lambda c: (c.sort_key, c.pk)
    return lambda c: (c.registered_on, c.pk)


def rank_meeting(
    rule: CommendationRule, cands: Sequence[Candidacy], votes: Mapping[int, int], present: int, cap: int
) -> list[Ranked]:
    """Those approved by at least `approval_pct` of those present, ordered by approval share (most first, then
    the tie-break); the first `cap` are within the cap; equal shares split by the cap line are flagged `tie`.
    The others follow, unranked, with the reason."""
    rs = rule.rule_set
    rows = []
    for c in cands:
        v = votes[c.pk]
        share = Decimal(v) * 100 / Decimal(present) if present else Decimal(0)
        ok = rs.approval_pct is None or Decimal(v) * 100 >= rs.approval_pct * present
        reason = (
            ""
            if ok
            else (
                f"Không đủ {format_percent(rs.approval_pct, 0)} số người dự họp tán thành "
                f"({v}/{present}, {format_percent(share)})"
            )
        )
        rows.append(Ranked(c, v, share, ok, reason=reason))
    key = _tie_key(rule)
    approved = sorted((r for r in rows if r.approved), key=lambda r: (-r.share, key(r.item)))
    for i, r in enumerate(approved):
        r.rank, r.within_cap = i + 1, i < cap
    if 0 < cap < len(approved) and approved[cap].share == approved[cap - 1].share:
        for r in approved:
            r.tie = r.share == approved[cap - 1].share
    return approved + [r for r in rows if not r.approved]


def _check_facts(rule: CommendationRule, facts_: Mapping[str, Any]) -> None:
    problems = []
    invited, present = facts_.get("invited"), facts_.get("present")
    for key, label in (("place", "Địa điểm"), ("chair", "Chủ trì")):
        if not str(facts_.get(key) or "").strip():
            problems.append(f"{label}: chưa nhập.")
    if not invited:
        problems.append("Số người được mời: chưa nhập (cần để tính tỷ lệ dự họp).")
    if not present:
        problems.append("Số người dự họp: chưa nhập.")
    if invited and present and present > invited:
        problems.append(f"Số người dự họp ({present}) lớn hơn số người được mời ({invited}).")
    methods = rule.rule_set.voting_methods or []
    if facts_.get("voting_method") not in (methods or [v.value for v in VotingMethod]):
        problems.append("Hình thức biểu quyết: chưa chọn hoặc không có trong quy định.")
    if problems:
        raise TitleError(" ".join(problems))


def _meeting_unit_ok(rule: CommendationRule, unit: Unit) -> None:
    from vanhoa.units.choices import UnitKind

    if rule.meeting_level == CommendationScope.GROUP and unit.kind != UnitKind.GROUP:
        raise TitleError(
            f"{rule.name}: cuộc họp xét do từng khu dân cư (thôn, tổ dân phố) tổ chức, không phải {unit.name}."
        )
    if rule.meeting_level == CommendationScope.WARD and unit.kind == UnitKind.GROUP:
        raise TitleError(f"{rule.name}: cuộc họp xét do Ủy ban nhân dân cấp xã tổ chức, không phải {unit.name}.")


def _tally(cands: Sequence[Candidacy], votes: Mapping[Any, int | None], present: int) -> dict[int, int]:
    """Votes for each eligible candidate (not given: every attendee agreed), checked against those present."""
    given = {(k.pk if isinstance(k, Candidacy) else int(k)): v for k, v in votes.items()}
    if set(given) - {c.pk for c in cands}:
        raise TitleError("Có hồ sơ không đủ điều kiện xét Giấy khen ở cuộc họp này; hãy tải lại trang.")
    tally: dict[int, int] = {}
    for c in cands:
        v = given.get(c.pk)
        tally[c.pk] = present if v is None else int(v)
    over = [c.subject_name for c in cands if tally[c.pk] > present]
    if over:
        raise TitleError(f"{', '.join(over)}: số người tán thành lớn hơn số người dự họp ({present}).")
    return tally


@transaction.atomic
def record_commendation_meeting(
    *,
    actor: Any,
    title: TitleType | str,
    year: int,
    unit: Unit,
    held_on: date,
    votes: Mapping[Any, int | None] | None = None,
    attendees: Sequence[Mapping[str, Any]] | None = None,
    **facts_: Any,
) -> CommendationMeeting:
    """The Giấy khen meeting of one unit (a khu dân cư for households; the ward for its khu dân cư): its facts
    (place, chair, secretary, invited, present, voting_method), who attended, and the votes for each eligible
    candidate (keyed by candidacy or id; not listed = every attendee agreed). Valid with at least the rule set's
    quorum present; a candidate needs the approval share; the approved are ranked by share within this meeting
    against the cap of this unit's eligible. An undecided earlier meeting of the unit is replaced."""
    tt = title_type(title)
    _require(actor, Cap.TITLES_REVIEW, unit, "ghi biên bản họp xét tặng Giấy khen")
    from vanhoa.titles.services.common import ward_on

    ward = ward_on(unit, held_on)
    rule = commendation_rule_for(tt, ward, year)
    _meeting_unit_ok(rule, unit)
    facts_ = {k: nfc(v) if isinstance(v, str) else v for k, v in facts_.items()}
    _check_facts(rule, facts_)
    cands = eligible_by_unit(tt, rule, ward, year).get(unit.pk, [])
    if not cands:
        raise TitleError(
            f"{unit.name}: không có {'hộ' if tt.subject_kind == SubjectKind.HOUSEHOLD else 'khu dân cư'} nào đạt "
            f"danh hiệu «{tt.name}» {rule.after_consecutive_years} năm liên tục đến năm {year}."
        )
    old = CommendationMeeting.objects.filter(rule=rule, year=year, unit=unit).first()
    if old is not None:
        if old.commendations.filter(decision__isnull=False).exists():
            raise TitleError(f"Đã có quyết định tặng {rule.name} năm {year} cho {unit.name}; không họp xét lại được.")
        old.delete()
    tally = _tally(cands, votes or {}, facts_["present"])
    cap = facts.cap_count(len(cands), rule.cap_pct, rule.cap_rounding)
    meeting = CommendationMeeting(
        rule=rule,
        year=year,
        unit=unit,
        ward=cands[0].ward,
        status=MeetingStatus.SUBMITTED,
        held_on=held_on,
        eligible=len(cands),
        cap=cap,
        **{k: v for k, v in facts_.items() if k in COMMENDATION_MEETING_FIELDS},
    )
    meeting.save()
    rs = rule.rule_set
    people = attendance.clean_lines(rs, attendees or [])
    attendance.write(meeting, people, rs, field="commendation_meeting")
    _store_ranking(rule, meeting, cands, tally, cap)
    _record(
        actor,
        "titles.commendation_meeting.recorded",
        meeting,
        None,
        COMMENDATION_MEETING_FIELDS,
        unit,
        extra={
            "valid": meeting.quorum_met(rs.quorum_pct),
            "eligible": len(cands),
            "cap": cap,
            "within_cap": meeting.commendations.filter(status=CommendationStatus.WITHIN_CAP).count(),
            "attendees": people,
        },
    )
    return meeting


def _store_ranking(
    rule: CommendationRule, meeting: CommendationMeeting, cands: list[Candidacy], tally: dict[int, int], cap: int
) -> None:
    rs, n, year = rule.rule_set, rule.after_consecutive_years, meeting.year
    if not meeting.quorum_met(rs.quorum_pct):
        reason = (
            f"Cuộc họp không hợp lệ: số người dự họp chưa đạt {format_percent(rs.quorum_pct, 0)} số người được mời "
            f"({meeting.present}/{meeting.invited}, {format_percent(meeting.attendance_pct)})"
        )
        ranked = [Ranked(c, tally[c.pk], meeting.share(tally[c.pk]), False, reason=reason) for c in cands]
    else:
        ranked = rank_meeting(rule, cands, tally, meeting.present, cap)
    rows = []
    for r in ranked:
        status = (
            CommendationStatus.NOT_APPROVED
            if not r.approved
            else CommendationStatus.WITHIN_CAP
            if r.within_cap
            else CommendationStatus.OVER_CAP
        )
        rows.append(
            Commendation(
                rule=rule,
                year=year,
                candidacy=r.item,
                unit_id=r.item.unit_id,
                ward_id=r.item.ward_id,
                meeting=meeting,
                streak=n,
                window_from=year - n + 1,
                window_to=year,
                votes_for=r.votes,
                votes_against=0,
                rank=r.rank,
                tie=r.tie,
                status=status,
                reason=r.reason[:255],
            )
        )
    Commendation.objects.filter(rule=rule, year=year, candidacy__in=cands, decision__isnull=True).delete()
    Commendation.objects.bulk_create(rows)


@transaction.atomic
def propose_commendations(
    meeting: CommendationMeeting, *, actor: Any, on: date, proposer_name: str, number: str = ""
) -> CommendationMeeting:
    """The unit's head (Trưởng khu dân cư; for khu dân cư Giấy khen the ward) sends the proposal with the minutes:
    those within the cap of that meeting. Under 60% present nothing can be proposed."""
    _require(actor, Cap.TITLES_REVIEW, meeting.unit, "đề nghị tặng Giấy khen")
    meeting = CommendationMeeting.objects.select_for_update().get(pk=meeting.pk)
    rule = meeting.rule
    if not meeting.quorum_met(rule.rule_set.quorum_pct):
        raise TitleError(
            f"Cuộc họp ngày {meeting.held_on:%d/%m/%Y} không hợp lệ (dự họp {meeting.attendance_text}, cần từ "
            f"{format_percent(rule.rule_set.quorum_pct, 0)}): không đề nghị được; hãy họp lại."
        )
    if meeting.commendations.filter(decision__isnull=False).exists():
        raise TitleError(f"Đã có quyết định tặng {rule.name} năm {meeting.year}; không đề nghị lại được.")
    if not meeting.commendations.filter(status=CommendationStatus.WITHIN_CAP).exists():
        if meeting.cap == 0:
            raise TitleError(
                f"{meeting.unit.name}: {format_percent(rule.cap_pct, 0)} của {meeting.eligible} đủ điều kiện là 0 "
                f"({rule.get_cap_rounding_display().lower()}): không đề nghị được ai."
            )
        raise TitleError(f"{meeting.unit.name}: không có ai đủ tỷ lệ tán thành để đề nghị.")
    proposer_name = nfc(proposer_name).strip()
    if len(proposer_name.split()) < 2:
        raise TitleError("Người đề nghị: nhập đủ họ và tên.")
    before = audit.snapshot(meeting, COMMENDATION_MEETING_FIELDS)
    meeting.proposer_name = proposer_name
    meeting.proposer_position = rule.proposer or ""
    meeting.proposed_on = on
    meeting.proposal_number = nfc(number).strip()
    meeting.save()
    _record(
        actor,
        "titles.commendation.proposed",
        meeting,
        before,
        COMMENDATION_MEETING_FIELDS,
        meeting.unit,
        extra={"within_cap": meeting.commendations.filter(status=CommendationStatus.WITHIN_CAP).count()},
    )
    return meeting


def _proposers(rule: CommendationRule, meetings: Sequence[CommendationMeeting], on: date) -> str:
    if rule.meeting_level == CommendationScope.WARD:
        return ", ".join(f"Ủy ban nhân dân {m.unit.name_on(on)}" for m in meetings)
    names = ", ".join(m.unit.name_on(on) for m in meetings)
    return f"Trưởng khu dân cư ({names})"


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
    """The decision giving the Giấy khen to those within the cap of each proposed meeting; their streak restarts
    afterwards. The proposers are the heads of the khu dân cư that proposed (the ward for khu dân cư)."""
    _require(actor, Cap.TITLES_DECIDE, ward, "quyết định khen thưởng")
    tt = title_type(title)
    rule = commendation_rule_for(tt, ward, year)
    rows = list(
        Commendation.objects.select_for_update(of=("self",))
        .filter(
            rule=rule,
            year=year,
            ward__in=facts.lineage_ids(ward.pk),
            status=CommendationStatus.WITHIN_CAP,
            decision__isnull=True,
            meeting__proposed_on__isnull=False,
        )
        .select_related("candidacy", "meeting", "meeting__unit")
    )
    if not rows:
        raise TitleError(f"Chưa có khu dân cư nào gửi đề nghị tặng {rule.name} năm {year}.")
    meetings = sorted({r.meeting for r in rows if r.meeting is not None}, key=lambda m: (m.unit.order, m.pk))
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
        proposer=_proposers(rule, meetings, signed_on),
        level=rule.decider_level,
        position=rule.decider_position,
        actor=actor,
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
