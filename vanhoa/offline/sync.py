"""Applying the changes a group leader queued on the phone (issue 20): each through the same service function
as the pages (same checks, same audit entries, plus the time it was made on the phone), each against the
version it was based on. A change to something changed on the server meanwhile is not applied; the answer
lists it with both values so the leader chooses and sends it again with the version now seen."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction

from vanhoa.accounts.permissions import Cap
from vanhoa.activities.services import ActivityError
from vanhoa.core import audit
from vanhoa.offline import attendance, festival, households, snapshot
from vanhoa.offline.changes import LABELS, Conflict, Refused, conflict, day, int_value
from vanhoa.offline.models import SyncReceipt
from vanhoa.registry import services as registry
from vanhoa.titles import services as titles
from vanhoa.titles.models import ReviewMeeting

__all__ = ["KINDS", "Conflict", "Refused", "apply_all", "apply_one"]

KINDS = (
    "household.create",
    "household.update",
    "household.moved_out",
    "meeting.facts",
    "meeting.line",
    "meeting.attendees",
    "meeting.close",
    "festival.record",
)


def _meeting(user: Any, pk: Any) -> ReviewMeeting:
    qs = ReviewMeeting.objects.visible_to(user, Cap.TITLES_REVIEW).filter(pk=pk, unit=snapshot.leader_group(user))
    found = qs.select_for_update().first()
    if found is None:
        raise Refused("Biên bản họp này không thuộc tổ của bạn.")
    return found


def _facts(user: Any, change: dict[str, Any]) -> None:
    m = _meeting(user, change.get("meeting"))
    mine: dict[str, Any] = {}
    for key, value in change["data"].items():
        if key not in snapshot.FACT_FIELDS:
            raise Refused(f"Không sửa được trường {key}.")
        if key in ("invited", "present"):
            mine[key] = None if value in (None, "") else int_value(value, LABELS[key])
        elif key == "held_on":
            mine[key] = day(value, LABELS[key])
        else:
            mine[key] = str(value or "")
    base = change.get("version")
    if base is not None and base != snapshot.facts_version(m):
        now = {k: getattr(m, k) for k in mine}
        if now != mine:
            raise conflict(m.title_type.name, mine, now, snapshot.facts_version(m))
    titles.save_review_draft(m, actor=user, facts_=mine)


def _line(user: Any, change: dict[str, Any]) -> None:
    m = _meeting(user, change.get("meeting"))
    cid = change.get("candidacy")
    e = m.entries.select_related("candidacy").filter(candidacy_id=cid).first() if isinstance(cid, int) else None
    if e is None:
        raise Refused("Hộ này không có trong biên bản họp; hãy tải lại dữ liệu.")
    met = bool(change["data"].get("criteria_met"))
    mine: dict[str, Any] = {
        "criteria_met": met,
        "reason_text": "" if met else str(change["data"].get("reason_text") or ""),
        **attendance.line_points(m, e, change["data"], met),
    }
    base = change.get("version")
    if base is not None and base != snapshot.line_version(e):
        now = {k: getattr(e, k) for k in mine}
        if now != mine:
            raise conflict(e.candidacy.subject_name, mine, now, snapshot.line_version(e))
    line = {**mine, "failed_criteria": [], "exclusion_code": ""} if met else mine
    titles.save_review_draft(m, actor=user, entries={e.candidacy_id: line})


def _attendees(user: Any, change: dict[str, Any]) -> None:
    attendance.record(user, _meeting(user, change.get("meeting")), change)


def _close(user: Any, change: dict[str, Any]) -> None:
    m = _meeting(user, change.get("meeting"))
    titles.submit_review_meeting(m, actor=user, require_attendance=True)  # as the meeting page closes it


APPLY = {
    "household.create": households.create,
    "household.update": households.update,
    "household.moved_out": households.moved_out,
    "meeting.facts": _facts,
    "meeting.line": _line,
    "meeting.attendees": _attendees,
    "meeting.close": _close,
    "festival.record": festival.record,
}


def _offline_at(change: dict[str, Any]) -> str:
    try:
        return datetime.fromisoformat(str(change.get("at")).replace("Z", "+00:00")).isoformat()
    except ValueError:
        return ""


def _key(change: dict[str, Any]) -> str:
    """The entry's idempotency key (made on the phone when it was queued); a new household without one is keyed
    by its queue id, so it is never created twice."""
    key = change.get("key") or (change.get("id") if change.get("kind") == "household.create" else "")
    return str(key or "")[:64]


def _receipt(user: Any, key: str) -> dict[str, Any] | None:
    done = SyncReceipt.objects.filter(user=user, key=key).only("result").first() if key else None
    return {**done.result, "repeat": True} if done else None


def apply_one(user: Any, change: dict[str, Any]) -> dict[str, Any]:
    """One queued change, in its own transaction: applied, a conflict (both values), or refused (the reason).
    An entry already applied (the same key) is answered as before and not applied again."""
    cid = change.get("id")
    kind = change.get("kind")
    if kind not in APPLY or not isinstance(change.get("data", {}), dict):
        return {"id": cid, "status": "refused", "message": "Thay đổi không hợp lệ."}
    change.setdefault("data", {})
    key = _key(change)
    if (done := _receipt(user, key)) is not None:
        return {**done, "id": cid}
    try:
        with transaction.atomic(), audit.annotate(offline_at=_offline_at(change), via="offline_sync"):
            result = {"status": "applied", **(APPLY[kind](user, change) or {})}
            if key:
                group = snapshot.leader_group(user)
                SyncReceipt.objects.create(user=user, group=group, key=key, kind=kind, result=result)
    except Conflict as c:
        return {"id": cid, "status": "conflict", "kind": c.kind, "label": c.label, "fields": c.fields,
                "version": c.version}
    except IntegrityError:  # the same entry, sent twice at once: the other request applied it
        if (done := _receipt(user, key)) is not None:
            return {**done, "id": cid}
        raise
    except (Refused, registry.RegistryError, titles.TitleError, ActivityError, snapshot.NoGroup,
            PermissionDenied) as exc:
        return {"id": cid, "status": "refused", "message": str(exc)}
    return {"id": cid, **result}


def apply_all(user: Any, changes: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Every change in the order made on the phone. Closing a meeting is not tried when a change of the same
    meeting sent with it was not applied (the minutes would be closed without it)."""
    results: list[dict[str, Any]] = []
    held: set[Any] = set()
    for change in changes:
        if not isinstance(change, dict):
            continue
        if change.get("kind") == "meeting.close" and change.get("meeting") in held:
            results.append(
                {
                    "id": change.get("id"),
                    "status": "refused",
                    "message": "Chưa chốt biên bản: còn thay đổi của cuộc họp chưa được áp dụng (xem ở trên).",
                }
            )
            continue
        result = apply_one(user, change)
        if result["status"] != "applied" and str(change.get("kind", "")).startswith("meeting."):
            held.add(change.get("meeting"))
        results.append(result)
    return results
