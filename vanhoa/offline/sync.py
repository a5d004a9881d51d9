"""Applying the changes a group leader queued on the phone (issue 20): each through the same service function
as the pages (same checks, same audit entries, plus the time it was made on the phone), each against the
version it was based on. A change to something changed on the server meanwhile is not applied; the answer
lists it with both values so the leader chooses and sends it again with the version now seen."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction

from vanhoa.accounts.permissions import Cap
from vanhoa.core import audit, versioning
from vanhoa.core.text import format_number
from vanhoa.offline import snapshot
from vanhoa.registry import services as registry
from vanhoa.registry.choices import HouseholdStatus
from vanhoa.registry.models import Household
from vanhoa.titles import services as titles
from vanhoa.titles.models import ReviewMeeting

KINDS = (
    "household.create",
    "household.update",
    "household.moved_out",
    "meeting.facts",
    "meeting.line",
    "meeting.close",
)
LABELS = {
    "member_count": "Số nhân khẩu",
    "head_name": "Chủ hộ",
    "address": "Địa chỉ",
    "criteria_met": "Đạt tiêu chuẩn",
    "reason_text": "Lý do không đạt",
    "held_on": "Ngày họp",
    "place": "Địa điểm",
    "chair": "Chủ trì",
    "secretary": "Thư ký",
    "invited": "Số người được mời",
    "present": "Số người dự họp",
}


class Refused(Exception):
    """A change that cannot be applied as it is (a check of the service, a bad value): nothing was written."""


@dataclass
class Conflict(Exception):
    label: str
    fields: list[dict[str, str]]
    version: str
    values: dict[str, Any] = field(default_factory=dict)


def _shown(value: Any) -> str:
    if value is None or value == "":
        return "(trống)"
    if isinstance(value, bool):
        return "Đạt" if value else "Không đạt"
    if isinstance(value, int):
        return format_number(value)
    return str(value)


def _conflict(label: str, mine: dict[str, Any], current: dict[str, Any], version: str) -> Conflict:
    rows = [
        {"field": k, "label": LABELS.get(k, k), "mine": _shown(v), "current": _shown(current.get(k))}
        for k, v in mine.items()
    ]
    return Conflict(label, rows, version, {k: current.get(k) for k in mine})


def _int(value: Any, label: str, low: int = 0) -> int:
    try:
        n = int(value)
    except (TypeError, ValueError):
        raise Refused(f"{label}: «{value}» không phải là số.") from None
    if n < low:
        raise Refused(f"{label}: phải từ {low} trở lên.")
    return n


def _household(user: Any, pk: Any) -> Household:
    h = Household.objects.visible_to(user, Cap.HOUSEHOLDS_CHANGE).filter(pk=pk, group=snapshot.leader_group(user))
    found = h.select_for_update().first()
    if found is None:
        raise Refused("Hộ này không thuộc tổ của bạn (hoặc đã bị xóa).")
    return found


def _meeting(user: Any, pk: Any) -> ReviewMeeting:
    qs = ReviewMeeting.objects.visible_to(user, Cap.TITLES_REVIEW).filter(pk=pk, unit=snapshot.leader_group(user))
    found = qs.select_for_update().first()
    if found is None:
        raise Refused("Biên bản họp này không thuộc tổ của bạn.")
    return found


def _update_household(user: Any, change: dict[str, Any]) -> None:
    h = _household(user, change.get("household"))
    data = {"member_count": _int(change["data"].get("member_count"), "Số nhân khẩu", 1)}
    try:
        registry.update_household(h, actor=user, expected_version=change.get("version"), **data)
    except versioning.VersionConflict as exc:
        now = {"member_count": h.member_count}
        if now == data:  # already as the phone wants it (a sync whose answer was lost)
            return
        raise _conflict(f"Hộ {h.head_name}", data, now, exc.current) from None


def _create_household(user: Any, change: dict[str, Any]) -> None:
    d = change["data"]
    name = str(d.get("head_name") or "").strip()
    if not name:
        raise Refused("Hộ mới: chưa nhập họ tên chủ hộ.")
    group = snapshot.leader_group(user)
    registry.create_household(
        actor=user,
        group=group,
        head_name=name,
        member_count=_int(d.get("member_count"), "Số nhân khẩu", 1),
        address=str(d.get("address") or ""),
    )


def _moved_out(user: Any, change: dict[str, Any]) -> None:
    h = _household(user, change.get("household"))
    try:
        versioning.check(h, change.get("version"))
    except versioning.VersionConflict as exc:
        raise _conflict(f"Hộ {h.head_name}", {"member_count": h.member_count}, {}, exc.current) from None
    on = _day(change["data"].get("on"), "Ngày chuyển đi")
    registry.change_household_status(
        h, actor=user, status=HouseholdStatus.MOVED_OUT, on=on, reason=str(change["data"].get("reason") or "")
    )


def _day(value: Any, label: str) -> date:
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        raise Refused(f"{label}: «{value}» không phải ngày hợp lệ.") from None


def _facts(user: Any, change: dict[str, Any]) -> None:
    m = _meeting(user, change.get("meeting"))
    mine: dict[str, Any] = {}
    for key, value in change["data"].items():
        if key not in snapshot.FACT_FIELDS:
            raise Refused(f"Không sửa được trường {key}.")
        if key in ("invited", "present"):
            mine[key] = None if value in (None, "") else _int(value, LABELS[key])
        elif key == "held_on":
            mine[key] = _day(value, LABELS[key])
        else:
            mine[key] = str(value or "")
    base = change.get("version")
    if base is not None and base != snapshot.facts_version(m):
        now = {k: getattr(m, k) for k in mine}
        if now != mine:
            raise _conflict(m.title_type.name, mine, now, snapshot.facts_version(m))
    titles.save_review_draft(m, actor=user, facts_=mine)


def _line(user: Any, change: dict[str, Any]) -> None:
    m = _meeting(user, change.get("meeting"))
    e = m.entries.select_related("candidacy").filter(candidacy_id=change.get("candidacy")).first()
    if e is None:
        raise Refused("Hộ này không có trong biên bản họp; hãy tải lại dữ liệu.")
    met = bool(change["data"].get("criteria_met"))
    mine: dict[str, Any] = {
        "criteria_met": met,
        "reason_text": "" if met else str(change["data"].get("reason_text") or ""),
    }
    base = change.get("version")
    if base is not None and base != snapshot.line_version(e):
        now = {"criteria_met": e.criteria_met, "reason_text": e.reason_text}
        if now != mine:
            raise _conflict(e.candidacy.subject_name, mine, now, snapshot.line_version(e))
    line = {**mine, "failed_criteria": [], "exclusion_code": ""} if met else mine
    titles.save_review_draft(m, actor=user, entries={e.candidacy_id: line})


def _close(user: Any, change: dict[str, Any]) -> None:
    m = _meeting(user, change.get("meeting"))
    titles.submit_review_meeting(m, actor=user)


APPLY = {
    "household.create": _create_household,
    "household.update": _update_household,
    "household.moved_out": _moved_out,
    "meeting.facts": _facts,
    "meeting.line": _line,
    "meeting.close": _close,
}


def _offline_at(change: dict[str, Any]) -> str:
    try:
        return datetime.fromisoformat(str(change.get("at")).replace("Z", "+00:00")).isoformat()
    except ValueError:
        return ""


def apply_one(user: Any, change: dict[str, Any]) -> dict[str, Any]:
    """One queued change, in its own transaction: applied, a conflict (both values), or refused (the reason)."""
    cid = change.get("id")
    kind = change.get("kind")
    if kind not in APPLY or not isinstance(change.get("data", {}), dict):
        return {"id": cid, "status": "refused", "message": "Thay đổi không hợp lệ."}
    change.setdefault("data", {})
    try:
        with transaction.atomic(), audit.annotate(offline_at=_offline_at(change), via="offline_sync"):
            APPLY[kind](user, change)
    except Conflict as c:
        return {"id": cid, "status": "conflict", "label": c.label, "fields": c.fields, "version": c.version}
    except (Refused, registry.RegistryError, titles.TitleError, snapshot.NoGroup, PermissionDenied) as exc:
        return {"id": cid, "status": "refused", "message": str(exc)}
    return {"id": cid, "status": "applied"}


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
