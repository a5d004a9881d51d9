"""Household changes made on the phone (issue 20): the member count, a new household, a household moved out.

The phone's version of a household covers what its editors change and its status, so a household moved out
by the ward while the leader changed it on the phone (or the reverse) comes back with both versions, and
nothing is applied until the leader chooses. A new household that looks like one already in the group (the
same head of household and address, accents, case and punctuation aside) is shown next to it for the leader
to say whether it is another household."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from vanhoa.accounts.permissions import Cap
from vanhoa.core.text import fold, format_date
from vanhoa.offline import snapshot
from vanhoa.offline.changes import Conflict, Refused, conflict, day, int_value, shown
from vanhoa.registry import services as registry
from vanhoa.registry.choices import HouseholdStatus
from vanhoa.registry.models import Household

STILL_HERE = "Tổ trưởng xác nhận hộ vẫn cư trú (đồng bộ từ điện thoại)"


def _locked(user: Any, pk: Any) -> Household:
    qs = Household.objects.visible_to(user, Cap.HOUSEHOLDS_CHANGE).filter(pk=pk, group=snapshot.leader_group(user))
    found = qs.select_for_update().first()
    if found is None:
        raise Refused("Hộ này không thuộc tổ của bạn (hoặc đã bị xóa).")
    return found


def _status_text(status: str, on: date | None) -> str:
    text = HouseholdStatus(status).label
    return f"{text} (từ {format_date(on)})" if on and status != HouseholdStatus.ACTIVE else text


def _show(name: str, value: Any) -> str:
    if name == "status" and isinstance(value, tuple):
        return _status_text(*value)
    return shown(value)


def _state(h: Household) -> dict[str, Any]:
    return {"status": (h.status, h.status_date), "member_count": h.member_count}


def _changed_meanwhile(h: Household, change: dict[str, Any], mine: dict[str, Any]) -> None:
    """Raise the conflict when the household is no longer the version the phone's change was based on, unless
    it is already as the phone wants it (a sync whose answer was lost)."""
    base = change.get("version")
    if base is None or base == snapshot.household_version(h):
        return
    now = _state(h)
    if all(_same(k, now[k], v) for k, v in mine.items()):
        return
    if _same("status", now["status"], mine["status"]):  # the status is not what differs: not shown
        mine = {k: v for k, v in mine.items() if k != "status"}
    elif "member_count" not in mine:  # moved out on the phone: show what the ward changed too
        seen = change["data"].get("seen_member_count")
        if seen not in (None, ""):
            mine = {**mine, "member_count": int_value(seen, "Số nhân khẩu")}
    version = snapshot.household_version(h)
    raise conflict(f"Hộ {h.head_name}", mine, now, version, show=_show)


def _same(name: str, now: Any, mine: Any) -> bool:
    if name == "status":  # (status, since): the day counts for a move, not for "still here"
        return bool(now[0] == mine[0] and (mine[0] == HouseholdStatus.ACTIVE or now[1] == mine[1]))
    return bool(now == mine)


def update(user: Any, change: dict[str, Any]) -> None:
    h = _locked(user, change.get("household"))
    count = int_value(change["data"].get("member_count"), "Số nhân khẩu", 1)
    _changed_meanwhile(h, change, {"status": (HouseholdStatus.ACTIVE, None), "member_count": count})
    if h.status == HouseholdStatus.MOVED_OUT:  # the leader saw the ward's "moved out" and kept theirs
        h = registry.change_household_status(h, actor=user, status=HouseholdStatus.ACTIVE, on=date.today(),
                                             reason=STILL_HERE)
    elif h.status != HouseholdStatus.ACTIVE:
        raise Refused(f"Hộ {h.head_name}: {h.get_status_display().lower()}; sửa trên trang đầy đủ.")
    registry.update_household(h, actor=user, member_count=count)


def moved_out(user: Any, change: dict[str, Any]) -> None:
    h = _locked(user, change.get("household"))
    on = day(change["data"].get("on"), "Ngày chuyển đi")
    mine = {"status": (HouseholdStatus.MOVED_OUT, on)}
    _changed_meanwhile(h, change, mine)
    if h.status == HouseholdStatus.MOVED_OUT:
        if h.status_date == on:
            return  # already done: this very change, sent before
        raise Refused(f"Hộ {h.head_name} đã được ghi chuyển đi từ {format_date(h.status_date)} trên hệ thống.")
    registry.change_household_status(
        h, actor=user, status=HouseholdStatus.MOVED_OUT, on=on, reason=str(change["data"].get("reason") or "")
    )


def _words(value: str) -> str:
    """A name or an address compared the way people type it: no accents, case or punctuation."""
    return " ".join(re.sub(r"[^\w]+", " ", fold(value)).split())


def look_alike(group: Any, head_name: str, address: str) -> Household | None:
    """A household of the group with the same head of household and address (the first by code)."""
    name, where = _words(head_name), _words(address)
    rows = Household.objects.filter(group=group).order_by("code", "pk").only("pk", "head_name", "address")
    for h in rows:
        if _words(h.head_name) == name and _words(h.address) == where:
            return Household.objects.get(pk=h.pk)
    return None


def create(user: Any, change: dict[str, Any]) -> dict[str, Any]:
    d = change["data"]
    name = " ".join(str(d.get("head_name") or "").split())
    if not name:
        raise Refused("Hộ mới: chưa nhập họ tên chủ hộ.")
    group = snapshot.leader_group(user)
    count = int_value(d.get("member_count"), "Số nhân khẩu", 1)
    address = " ".join(str(d.get("address") or "").split())
    twin = None if d.get("confirmed_new") else look_alike(group, name, address)
    if twin is not None:
        raise _duplicate(twin, name, address, count)
    h = registry.create_household(actor=user, group=group, head_name=name, member_count=count, address=address)
    return {"household": h.pk, "code": h.code}


def _duplicate(twin: Household, name: str, address: str, count: int) -> Conflict:
    mine = {"head_name": name, "address": address, "member_count": count, "status": ""}
    now = {"head_name": twin.head_name, "address": twin.address, "member_count": twin.member_count,
           "status": (twin.status, twin.status_date)}
    found = conflict(f"Hộ mới {name} giống hộ {twin.code} đã có trong tổ", mine, now, "", show=_show,
                     kind="duplicate")
    found.fields[-1]["mine"] = "Hộ mới"
    return found
