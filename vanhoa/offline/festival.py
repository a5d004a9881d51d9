"""The group's 18/11 festival (Ngày hội Đại đoàn kết toàn dân tộc) recorded on the phone (issue 20): kept on the
phone with its version, recorded through activities.services.record_festival like the page, and not applied
over a record changed (or first made) on the server meanwhile: the leader sees both and chooses."""

from __future__ import annotations

from typing import Any

from vanhoa.accounts.permissions import Cap, has_cap
from vanhoa.activities import services as activities
from vanhoa.activities.models import Festival, today
from vanhoa.activities.places import festival_day
from vanhoa.core import versioning
from vanhoa.core.text import nfc
from vanhoa.offline import snapshot
from vanhoa.offline.changes import Refused, conflict, day, int_value, lines, optional_int, shown
from vanhoa.units.models import Unit

LABELS = {
    "held": "Đã tổ chức",
    "held_on": "Ngày tổ chức",
    "place": "Địa điểm",
    "participants": "Số người tham gia",
    "households_attending": "Số hộ tham dự",
    "programme": "Các hoạt động",
    "commendations": "Khen thưởng tại ngày hội",
    "note": "Ghi chú",
}


def version(festival: Festival | None) -> str:
    return versioning.token(festival) if festival is not None else versioning.NEW


def _commendation(name: str, by: str) -> str:
    return f"{name} – {by}" if by else name


def values(festival: Festival | None) -> dict[str, Any]:
    """The record as the phone shows it (None: not recorded yet)."""
    if festival is None:
        return {"held": None, "held_on": None, "place": "", "participants": None, "households_attending": None,
                "programme": [], "commendations": [], "note": ""}
    return {
        "held": festival.held,
        "held_on": festival.held_on,
        "place": festival.place,
        "participants": festival.participants,
        "households_attending": festival.households_attending,
        "programme": list(festival.programme),
        "commendations": [_commendation(c.get("name", ""), c.get("by", "")) for c in festival.commendations],
        "note": festival.note,
    }


def for_phone(user: Any, group: Unit, year: int) -> dict[str, Any] | None:
    """The group's festival of the year for the phone, or None when the leader may not record it."""
    if not has_cap(user, Cap.ACTIVITIES_CHANGE, group):
        return None
    festival = Festival.objects.visible_to(user, Cap.ACTIVITIES_VIEW).filter(group=group, year=year).first()
    v = values(festival)
    return {
        "year": year,
        "day": festival_day(year).isoformat(),
        "recorded": festival is not None,
        **v,
        "held": True if v["held"] is None else v["held"],
        "held_on": v["held_on"].isoformat() if v["held_on"] else _proposed_day(festival, year),
        "version": version(festival),
    }


def _proposed_day(festival: Festival | None, year: int) -> str:
    """Not recorded yet: the phone proposes 18/11 once it has come."""
    d = festival_day(year)
    return d.isoformat() if festival is None and d <= today() else ""


def _mine(data: dict[str, Any]) -> dict[str, Any]:
    held = bool(data.get("held"))
    mine: dict[str, Any] = {
        "held": held,
        "held_on": day(data.get("held_on"), LABELS["held_on"]) if held and data.get("held_on") else None,
        "place": nfc(str(data.get("place") or "")),
        "participants": optional_int(data.get("participants"), LABELS["participants"]) if held else None,
        "households_attending": optional_int(data.get("households_attending"), LABELS["households_attending"])
        if held else None,
        "programme": lines(data.get("programme")),
        "commendations": [_commendation(m.name, m.position)
                          for m in map(activities.Member.parse, lines(data.get("commendations")))],
        "note": str(data.get("note") or "").strip(),
    }
    return mine


def _show(name: str, value: Any) -> str:
    if name == "held":
        return "(chưa ghi)" if value is None else ("Đã tổ chức" if value else "Chưa tổ chức")
    return shown(value)


def record(user: Any, change: dict[str, Any]) -> None:
    group = snapshot.leader_group(user)
    if not has_cap(user, Cap.ACTIVITIES_CHANGE, group):
        raise Refused("Tài khoản không có quyền ghi Ngày hội Đại đoàn kết của tổ.")
    year = int_value(change["data"].get("year"), "Năm", 2000)
    mine = _mine(change["data"])
    current = Festival.objects.select_for_update().filter(group=group, year=year).first()
    base = change.get("version")
    if base is not None and base != version(current):
        now = values(current)
        if now != mine:
            raise conflict(f"Ngày hội Đại đoàn kết {year}", mine, now, version(current), labels=LABELS, show=_show)
    activities.record_festival(actor=user, group=group, year=year, **mine)
