"""The review meeting: the draft minutes, each candidate's line, the evaluation against the rule set in force
on the meeting date, and closing the minutes.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from decimal import Decimal
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from vanhoa.accounts.permissions import Cap
from vanhoa.core import audit, bulk, versioning
from vanhoa.core.text import format_number, format_percent, nfc
from vanhoa.titles import attendance
from vanhoa.titles.choices import REVIEWABLE, MeetingStatus, Outcome, PassKind, State, VotingMethod
from vanhoa.titles.models import LINE_FIELDS, Candidacy, ReviewEntry, ReviewMeeting, RuleSet, TitleType
from vanhoa.titles.services.common import (
    MEETING_FIELDS,
    Step,
    TitleError,
    _record,
    _require,
    _snap,
    _transition_all,
    review_season,
    rule_set_for,
    rule_set_for_year,
    title_type,
)
from vanhoa.units.choices import UnitKind
from vanhoa.units.models import Unit


def reviewable(tt: TitleType, year: int, review_unit: Unit):  # type: ignore[no-untyped-def]
    """Candidacies waiting for a review meeting at a unit (newly registered, or returned for re-review)."""
    return Candidacy.objects.filter(title_type=tt, year=year, review_unit=review_unit).filter(
        Q(state__in=REVIEWABLE) | Q(state=State.RETURNED, resume_state__in=REVIEWABLE)
    )


@transaction.atomic
def start_review_meeting(
    *, actor: Any, title: TitleType | str, year: int, unit: Unit, on: date, **facts_: Any
) -> ReviewMeeting:
    """Open a draft meeting (or return the open draft) listing every candidacy waiting for review at `unit`.
    Two calls at once (two quick clicks) give one draft: the database allows one per unit, title and year, and
    the call that loses the race returns the winner's."""
    _require(actor, Cap.TITLES_REVIEW, unit, "lập biên bản họp bình xét")
    tt = title_type(title)
    draft = _open_draft(tt, year, unit)
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
    try:
        with transaction.atomic():
            meeting.save()
    except IntegrityError:  # another request opened the draft after our look: theirs is the one
        draft = _open_draft(tt, year, unit)
        if draft is None:
            raise
        _add_missing_entries(draft)
        return draft
    ReviewEntry.objects.bulk_create([ReviewEntry(meeting=meeting, candidacy=c) for c in waiting])
    people = attendance.prefill(meeting)
    attendance.write(meeting, people, meeting.rule_set)
    _record(
        actor,
        "titles.meeting.started",
        meeting,
        None,
        MEETING_FIELDS,
        unit,
        extra={"candidates": len(waiting), "attendees": people},
    )
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


def _open_draft(tt: TitleType, year: int, unit: Unit) -> ReviewMeeting | None:
    return ReviewMeeting.objects.filter(title_type=tt, year=year, unit=unit, status=MeetingStatus.DRAFT).first()


def _add_missing_entries(meeting: ReviewMeeting) -> None:
    have = set(meeting.entries.values_list("candidacy_id", flat=True))
    missing = [c for c in reviewable(meeting.title_type, meeting.year, meeting.unit) if c.pk not in have]
    # ignore_conflicts: a line added by a simultaneous call is the same line
    ReviewEntry.objects.bulk_create([ReviewEntry(meeting=meeting, candidacy=c) for c in missing], ignore_conflicts=True)


# "Đạt mọi tiêu chí" on a point scale: the full score of NĐ 122/2018's 100-point sheets.
FULL_MARKS = Decimal("100.00")
CENT = Decimal("0.01")

ENTRY_FIELDS = list(LINE_FIELDS)  # a minutes line's fields: the model's list (what its version reads)


@transaction.atomic
def save_review_draft(
    meeting: ReviewMeeting,
    *,
    actor: Any,
    facts_: Mapping[str, Any] | None = None,
    entries: Mapping[int, Mapping[str, Any]] | None = None,
    all_pass: bool = False,
    attendees: Sequence[Mapping[str, Any]] | None = None,
    expected_version: str | None = None,
) -> ReviewMeeting:
    """Save the draft: meeting facts, who attended in which capacity (`attendees`: [{role, name, position}],
    replacing the list; None keeps it) and, per candidacy id, its line. `all_pass` marks every line as meeting
    the criteria (the "Tất cả đạt" button; where the rule set scores, full marks for a line not scored yet)
    before `entries` apply the exceptions. With `expected_version` (the page's), minutes changed since then are
    not touched: versioning.VersionConflict. The audit entry names the households whose line changed, with what
    changed."""
    _require(actor, Cap.TITLES_REVIEW, meeting.unit, "ghi biên bản họp bình xét")
    meeting = ReviewMeeting.objects.select_for_update().get(pk=meeting.pk)
    if not meeting.is_draft:
        raise TitleError("Biên bản này đã chốt, không sửa được nữa.")
    versioning.check(meeting, expected_version)
    before = _snap(meeting, MEETING_FIELDS)
    for key, value in (facts_ or {}).items():
        if key not in MEETING_FIELDS or key in ("status", "rule_set_id"):
            raise TitleError(f"Không sửa được trường {key}.")
        setattr(meeting, key, nfc(value) if isinstance(value, str) else value)
    meeting.save()
    people_before = attendance.lines_of(meeting)
    people = people_before
    if attendees is not None:
        try:
            people = attendance.clean_lines(meeting.rule_set, attendees)
        except ValueError as exc:
            raise TitleError(str(exc)) from exc
        if people != people_before:
            attendance.write(meeting, people, meeting.rule_set)
    lines = {e.candidacy_id: e for e in meeting.entries.select_related("candidacy")}
    lines_before = {cid: audit.snapshot(e, LINE_FIELDS) for cid, e in lines.items()}
    if all_pass:
        full = FULL_MARKS if meeting.rule_set.pass_kind == PassKind.POINTS else None
        for line in lines.values():
            line.criteria_met, line.failed_criteria, line.exclusion_code, line.reason_text = True, [], "", ""
            if full is not None and line.points is None:
                line.points = full
    for cid, data in (entries or {}).items():
        e = lines.get(int(cid))
        if e is None:
            raise TitleError("Có hộ không thuộc cuộc họp này; hãy tải lại trang.")
        for key, value in data.items():
            if key not in ENTRY_FIELDS:
                raise TitleError(f"Không sửa được trường {key}.")
            if key == "points" and value is not None:
                value = Decimal(str(value)).quantize(CENT)  # as the database gives it back: 92 → 92.00
            setattr(e, key, nfc(value) if isinstance(value, str) else value)
    bulk.update_fields(list(lines.values()), ENTRY_FIELDS)
    changed = _changed_lines(lines, lines_before)
    _record(
        actor,
        "titles.meeting.draft_saved",
        meeting,
        before,
        MEETING_FIELDS,
        meeting.unit,
        extra={
            "lines": len(changed),
            "all_pass": all_pass,
            "changed": changed,
            **({"attendees": people} if people != people_before else {}),
        },
        note=_changed_note(changed),
    )
    return meeting


LINE_LABELS = {
    "criteria_met": "kết quả",
    "failed_criteria": "tiêu chuẩn không đạt",
    "exclusion_code": "trường hợp không xét",
    "reason_text": "lý do",
    "points": "điểm",
    "area": "mức đạt",
    "votes_for": "tán thành",
    "votes_against": "không tán thành",
}


def _line_value(field: str, value: Any) -> str:
    if field == "criteria_met":
        return {True: "đạt", False: "không đạt"}.get(value, "chưa đánh giá")
    if field == "points" and value not in (None, ""):
        p = Decimal(str(value))
        return format_number(p, 0 if p == p.to_integral_value() else 1)
    if isinstance(value, list):
        value = ", ".join(str(v) for v in value)
    return "–" if value in (None, "") else str(value)


def _changed_note(changed: list[dict[str, Any]]) -> str:
    """The households whose line changed, as a sentence: "Lò Văn Páo: kết quả chưa đánh giá → không đạt; …"."""
    parts = []
    for line in changed:
        what = ", ".join(
            f"{LINE_LABELS.get(f, f)} {_line_value(f, old)} → {_line_value(f, new)}"
            for f, (old, new) in line["changes"].items()
        )
        parts.append(f"{line['name']}: {what}")
    return ("Thay đổi ở " + "; ".join(parts) + ".") if parts else ""


def _changed_lines(lines: Mapping[int, ReviewEntry], before: Mapping[int, dict[str, Any]]) -> list[dict[str, Any]]:
    """The households (or groups, agencies, streets) whose line changed: name, candidacy id, {field: [old, new]}."""
    out = []
    for cid, e in sorted(lines.items(), key=lambda item: item[1].candidacy.sort_key):
        changes = audit.diff(before[cid], audit.snapshot(e, LINE_FIELDS))
        if changes:
            out.append({"candidacy": cid, "name": e.candidacy.subject_name, "changes": changes})
    return out


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
                    f"tiêu chuẩn {c}" + (f" ({names[c]})" if c in names else "") for c in entry.failed_criteria
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
        _validate_points(e, rs, name)


def _validate_points(e: ReviewEntry, rs: RuleSet, name: str) -> None:
    """Where the rule set scores, a line that met the criteria carries its score (0 to 100) and a known area."""
    if rs.pass_kind != PassKind.POINTS:
        return
    if e.points is not None and not (0 <= e.points <= FULL_MARKS):
        raise TitleError(f"{name}: điểm phải từ 0 đến {format_number(FULL_MARKS, 0)} (đã nhập {e.points}).")
    if e.area and e.area not in (rs.pass_marks or {}):
        raise TitleError(f"{name}: mức điểm đạt «{e.area}» không có trong {rs.legal_short}.")
    if e.criteria_met and e.points is None:
        mark = rs.pass_mark(e.area or "default")
        raise TitleError(
            f"{name}: chưa chấm điểm ({rs.legal_short} xét theo thang điểm"
            + (f", mức đạt {format_number(mark, 0)} điểm" if mark is not None else "")
            + "); nhập điểm hoặc bấm «Đạt mọi tiêu chí»."
        )


@transaction.atomic
def submit_review_meeting(
    meeting: ReviewMeeting, *, actor: Any, on: date | None = None, require_attendance: bool = False
) -> ReviewMeeting:
    """Close the minutes: apply the rule set in force on the meeting date to each line; each candidacy becomes
    `reviewed` (to be proposed) or `not_proposed` with the reason. With `require_attendance` (the meeting
    screen), minutes that do not name someone for each capacity the rule set requires are refused."""
    _require(actor, Cap.TITLES_REVIEW, meeting.unit, "chốt kết quả họp bình xét")
    meeting = ReviewMeeting.objects.select_for_update().get(pk=meeting.pk)
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
    if require_attendance and (gap := attendance.missing_text(rs, attendance.lines_of(meeting))):
        raise TitleError(gap)
    entries = list(meeting.entries.select_related("candidacy"))
    if not entries:
        raise TitleError("Cuộc họp chưa có hồ sơ nào để bình xét.")
    passed = 0
    stamp = timezone.now()
    steps = []
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
        e.normalise_text()
        e.updated_at = stamp
        passed += ok
        changes = {"review_entry": e, "rule_set": rs, "resume_state": ""}
        action = "reviewed" if ok else "not_proposed"
        steps.append(Step(c, State.REVIEWED if ok else State.NOT_PROPOSED, action, reason, changes))
    bulk.update_fields(entries, ["outcome", "outcome_reason", "updated_at"])
    _transition_all(steps, actor=actor, on=meeting.held_on)
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
    _require(actor, Cap.TITLES_REVIEW, unit, "ghi biên bản họp bình xét")
    meeting = start_review_meeting(
        actor=actor, title=title, year=year, unit=unit, on=held_on, held_on=held_on, **facts_
    )
    lines = {(k.pk if isinstance(k, Candidacy) else int(k)): dict(v) for k, v in (results or {}).items()}
    save_review_draft(meeting, actor=actor, facts_={"held_on": held_on, **facts_}, entries=lines, all_pass=True)
    return submit_review_meeting(meeting, actor=actor)
