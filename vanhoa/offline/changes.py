"""What every kind of queued change shares (issue 20): the refusal, the conflict with both versions field by
field, and reading the values a phone sent."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from vanhoa.core.text import format_date, format_number

LABELS = {
    "member_count": "Số nhân khẩu",
    "head_name": "Chủ hộ",
    "address": "Địa chỉ",
    "status": "Tình trạng",
    "code": "Mã hộ",
    "criteria_met": "Đạt tiêu chuẩn",
    "reason_text": "Lý do không đạt",
    "points": "Điểm",
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
    """Not applied: the thing changed on the server since the phone's version (kind "version"), or a new
    household looks like one already in the group (kind "duplicate"). The leader sees both and chooses."""

    label: str
    fields: list[dict[str, str]]
    version: str
    values: dict[str, Any] = field(default_factory=dict)
    kind: str = "version"


def shown(value: Any) -> str:
    """A value as the leader reads it (Vietnamese numbers and dates)."""
    if value is None or value == "" or value == []:
        return "(trống)"
    if isinstance(value, bool):
        return "Đạt" if value else "Không đạt"
    if isinstance(value, int):
        return format_number(value)
    if isinstance(value, Decimal):  # a score: 92 or 92,5
        return format_number(value, 0 if value == value.to_integral_value() else 1)
    if isinstance(value, date):
        return format_date(value)
    if isinstance(value, list):
        return "; ".join(str(v) for v in value)
    return str(value)


def conflict(
    label: str,
    mine: dict[str, Any],
    current: dict[str, Any],
    version: str,
    *,
    labels: dict[str, str] | None = None,
    show: Callable[[str, Any], str] | None = None,
    kind: str = "version",
) -> Conflict:
    """Both versions of each field the phone's change carries, side by side."""
    names = {**LABELS, **(labels or {})}
    draw = show or (lambda _name, value: shown(value))
    rows = [
        {"field": k, "label": names.get(k, k), "mine": draw(k, v), "current": draw(k, current.get(k))}
        for k, v in mine.items()
    ]
    return Conflict(label, rows, version, {k: current.get(k) for k in mine}, kind)


def int_value(value: Any, label: str, low: int = 0) -> int:
    try:
        n = int(value)
    except (TypeError, ValueError):
        raise Refused(f"{label}: «{value}» không phải là số.") from None
    if n < low:
        raise Refused(f"{label}: phải từ {low} trở lên.")
    return n


def optional_int(value: Any, label: str) -> int | None:
    return None if value in (None, "") else int_value(value, label)


def day(value: Any, label: str) -> date:
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        raise Refused(f"{label}: «{value}» không phải ngày hợp lệ.") from None


def lines(value: Any) -> list[str]:
    """A list from a text area (one item a line) or a list."""
    items = value if isinstance(value, list) else str(value or "").split("\n")
    return [s for s in (" ".join(str(i).split()) for i in items) if s]
