"""Personal data (Luật 91/2025/QH15, NĐ 356/2025/NĐ-CP): who sees phone numbers, and everything held about
one household for a data-subject request.

Phone numbers: lists, pages and exports show them only to roles holding Cap.HOUSEHOLDS_PHONE on the
household's group; everyone else sees '091****678'. Use `PhoneDisclosure(user).show(phone, group_id)`.

Data-subject export: each app contributes what it holds about a household with
    register("Danh hiệu Gia đình văn hóa", collect_titles)       # collect_titles(household) -> list[dict]
Each dict is one row, keys are Vietnamese column headings, values are text, numbers or None. The export
(JSON download and printable page) lists the sections in the order they were registered.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from typing import Any

from django.utils import timezone

from vanhoa.accounts.permissions import Cap, scope_unit_ids
from vanhoa.core import audit
from vanhoa.core.text import format_date

Row = dict[str, Any]
Collector = Callable[[Any], list[Row]]

EXPORT_ACTION = "privacy.household.exported"


def mask_phone(phone: str) -> str:
    """'0912345678' → '091****678' (enough to recognise, not enough to call)."""
    return f"{phone[:3]}****{phone[-3:]}" if phone else ""


class PhoneDisclosure:
    """Which phone numbers a user may read in full: computed once per request, then asked per row."""

    def __init__(self, user: Any) -> None:
        self.ids = scope_unit_ids(user, Cap.HOUSEHOLDS_PHONE)

    def allows(self, unit_id: int | None) -> bool:
        return self.ids is None or unit_id in self.ids

    def show(self, phone: str, unit_id: int | None) -> str:
        return phone if self.allows(unit_id) else mask_phone(phone)


# --- the data-subject export ------------------------------------------------------------------------

_SECTIONS: dict[str, tuple[int, Collector]] = {}


def register(section_name: str, collector: Collector, order: int = 100) -> None:
    """Add a section to every household's personal-data export (registering the same name replaces it).
    Sections are listed by `order` (the registry's come first, the household's audit trail last)."""
    _SECTIONS[section_name] = (order, collector)


def section_names() -> list[str]:
    return [name for name, _ in sorted(_SECTIONS.items(), key=lambda item: item[1][0])]


def _value(value: Any) -> Any:
    if isinstance(value, datetime):
        return timezone.localtime(value).strftime("%d/%m/%Y %H:%M") if timezone.is_aware(value) else str(value)
    if isinstance(value, date):
        return format_date(value)
    if value is None or isinstance(value, str | int | float | bool):
        return value
    return str(value)


def collect(household: Any) -> dict[str, Any]:
    """Everything held about `household`, section by section (no audit entry: see export_household)."""
    sections = []
    for name in section_names():
        collector = _SECTIONS[name][1]
        rows = [{str(k): _value(v) for k, v in row.items()} for row in collector(household)]
        sections.append({"name": name, "rows": rows})
    return {
        "title": f"Dữ liệu cá nhân đang lưu về hộ {household.head_name} ({household.code})",
        "generated_at": timezone.localtime().strftime("%d/%m/%Y %H:%M"),
        "controller": household.ward.name,
        "sections": sections,
    }


def export_household(household: Any, *, actor: Any, fmt: str) -> dict[str, Any]:
    """The export handed to the data subject; the hand-over itself is recorded in the audit trail."""
    data = collect(household)
    audit.record(actor, EXPORT_ACTION, household, unit=household.group, extra={"format": fmt})
    return data


# --- what the registry holds (the other apps register theirs in their AppConfig.ready) --------------


def _household_record(household: Any) -> list[Row]:
    meta = household._meta
    names = ["code", "head_name", "address", "member_count", "phone", "since"]
    names += ["status", "status_date", "status_note", "note"]
    row: Row = {"Xã, phường": household.ward.name, "Tổ dân phố": household.group.name}
    for name in names:
        value = household.get_status_display() if name == "status" else getattr(household, name)
        row[str(meta.get_field(name).verbose_name).capitalize()] = value
    row["Ghi vào sổ lúc"] = household.created_at
    return [row]


def _placements(household: Any) -> list[Row]:
    return [
        {"Tổ dân phố": p.group.name, "Từ ngày": p.valid_from, "Đến ngày": p.valid_to}
        for p in household.placements.select_related("group")
    ]


def _related(household: Any) -> list[Row]:
    rows: list[Row] = []
    if household.origin_id:
        relation = "Đã nhập vào hộ" if household.status == "merged" else "Tách ra từ hộ"
        o = household.origin
        rows.append({"Quan hệ": relation, "Mã hộ": o.code, "Chủ hộ": o.head_name, "Tổ dân phố": o.group.name})
    for d in household.derived.select_related("group"):
        relation = "Hộ đã nhập vào hộ này" if d.status == "merged" else "Hộ tách ra từ hộ này"
        rows.append({"Quan hệ": relation, "Mã hộ": d.code, "Chủ hộ": d.head_name, "Tổ dân phố": d.group.name})
    return rows


def _audit(household: Any) -> list[Row]:
    rows = []
    for e in audit.history(household).order_by("at", "id"):
        changes = "; ".join(
            [f"{k}: {_plain(old)} → {_plain(new)}" for k, old, new in e.field_changes]
            + [f"{k}: {_plain(v)}" for k, v in e.extra.items()]
        )
        rows.append(
            {
                "Thời điểm": e.at,
                "Người thực hiện": e.actor_name or "Hệ thống",
                "Việc": e.action_label,
                "Mã việc": e.action,
                "Thay đổi": changes,
            }
        )
    return rows


def _plain(value: Any) -> str:
    return "∅" if value in (None, "") else str(value)


register("Thông tin hộ gia đình", _household_record, order=10)
register("Quá trình cư trú", _placements, order=20)
register("Hộ liên quan", _related, order=30)
register("Nhật ký thay đổi về hộ", _audit, order=1000)
