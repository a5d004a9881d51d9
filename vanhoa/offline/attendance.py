"""Who attended the review meeting, in which capacity, and the households' scores, on the phone (issue 20, with
#15's attendance and points): kept with the meeting, queued offline, saved through
titles.services.save_review_draft like the meeting page, against the version the phone saw."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from vanhoa.core import versioning
from vanhoa.offline.changes import Refused, conflict
from vanhoa.titles import attendance
from vanhoa.titles import services as titles
from vanhoa.titles.choices import PassKind
from vanhoa.titles.models import ReviewEntry, ReviewMeeting

LABEL = "Thành phần dự họp"


def scores(m: ReviewMeeting) -> bool:
    """Does the meeting's rule set score the households (NĐ 122/2018: 90/85/60 points)?"""
    return bool(m.rule_set_id) and m.rule_set.pass_kind == PassKind.POINTS


def version(m: ReviewMeeting) -> str:
    return versioning.token_of({"attendees": attendance.lines_of(m)})


def for_phone(m: ReviewMeeting) -> dict[str, Any]:
    roles = [
        {"code": r.code, "label": r.label, "required": r.required, "many": r.many}
        for r in attendance.roles_of(m.rule_set)
    ]
    return {"roles": roles, "people": attendance.lines_of(m), "version": version(m)}


def points_text(value: Decimal | None) -> str:
    if value is None:
        return ""
    return str(value.quantize(Decimal(1)) if value == value.to_integral_value() else value.normalize())


def points(value: Any, name: str) -> Decimal | None:
    """The score the phone sent (92 or 92,5), or None."""
    if value in (None, ""):
        return None
    try:
        return Decimal(str(value).replace(",", ".")).quantize(Decimal("0.01"))
    except InvalidOperation:
        raise Refused(f"{name}: điểm «{value}» không phải là số.") from None


def _shown(people: list[dict[str, str]], labels: dict[str, str]) -> str:
    if not people:
        return "(trống)"
    return "; ".join(
        f"{labels.get(p['role'], p['role'])}: {p['name']}" + (f" ({p['position']})" if p.get("position") else "")
        for p in people
    )


def record(user: Any, m: ReviewMeeting, change: dict[str, Any]) -> None:
    """The leader's list of people (replacing the meeting's), unless the list changed on the server meanwhile."""
    raw = change["data"].get("people")
    if not isinstance(raw, list) or not all(isinstance(p, dict) for p in raw):
        raise Refused(f"{LABEL}: dữ liệu không đọc được.")
    try:
        mine = attendance.clean_lines(m.rule_set, raw)
    except ValueError as exc:
        raise Refused(str(exc)) from None
    base = change.get("version")
    now = attendance.lines_of(m)
    if base is not None and base != version(m) and now != mine:
        labels = {r.code: r.label for r in attendance.roles_of(m.rule_set)}
        raise conflict(LABEL, {"attendees": _shown(mine, labels)}, {"attendees": _shown(now, labels)}, version(m),
                       labels={"attendees": LABEL})
    titles.save_review_draft(m, actor=user, attendees=mine)


def line_points(m: ReviewMeeting, e: ReviewEntry, data: dict[str, Any], met: bool) -> dict[str, Any]:
    """The line's score where the rule set scores (kept as it is when the phone sent none)."""
    if not scores(m) or "points" not in data:
        return {}
    return {"points": points(data.get("points"), e.candidacy.subject_name) if met else None}
