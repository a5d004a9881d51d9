"""Rule administration: an administrator corrects a rule set's numbers or a commendation rule, and enters the
year's official changes of the working calendar (days off, weekend days worked)."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction

from vanhoa.accounts.permissions import Cap, is_installation_admin, scope_unit_ids
from vanhoa.core import audit
from vanhoa.core.actors import is_system, may
from vanhoa.core.text import format_date, nfc
from vanhoa.titles.choices import CalendarDayKind
from vanhoa.titles.models import CalendarDay, CommendationRule, RuleSet
from vanhoa.titles.services.common import TitleError, _record, _snap
from vanhoa.units.choices import UnitKind
from vanhoa.units.models import Unit

RULE_SET_EDITABLE = [
    "valid_from",
    "valid_to",
    "document_number",
    "document_date",
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


def rule_set_unit(rule_set: RuleSet) -> Unit | None:
    """The province a provincial rule set belongs to (today's unit with its code), None for a national set:
    its audit entries are filed there, so the province's people see them."""
    if not rule_set.province_code:
        return None
    provinces = Unit.objects.filter(kind=UnitKind.PROVINCE, code=rule_set.province_code)
    return provinces.filter(valid_to__isnull=True).order_by("-pk").first() or provinces.order_by("-pk").first()


def may_edit_rule_set(user: Any, rule_set: RuleSet) -> bool:
    """National rules: the administrators of the whole installation. A province's own rules: also the system
    administrators of that province (a role bound to the province unit). Never a ward's people."""
    if is_system(user):  # a script (load_title_rules, load_demo): only with the capability given it
        return may(user, Cap.SYSTEM_SETUP)
    if is_installation_admin(user):
        return True
    if not rule_set.province_code:
        return False
    ids = scope_unit_ids(user, Cap.SYSTEM_SETUP) or frozenset()
    return Unit.objects.filter(pk__in=ids, kind=UnitKind.PROVINCE, code=rule_set.province_code).exists()


def _require_edit(user: Any, rule_set: RuleSet, what: str = "quy định xét tặng") -> None:
    if not may_edit_rule_set(user, rule_set):
        where = "của tỉnh" if rule_set.province_code else "toàn quốc"
        raise PermissionDenied(f"Bạn không có quyền sửa {what} {where} «{rule_set.name}».")


@transaction.atomic
def update_rule_set(rule_set: RuleSet, *, actor: Any, **data: Any) -> RuleSet:
    """An administrator corrects a rule set's numbers (e.g. once Lai Châu's decision is found)."""
    _require_edit(actor, rule_set)
    rs = RuleSet.objects.select_for_update().get(pk=rule_set.pk)
    before = _snap(rs, RULE_SET_EDITABLE)
    for key, value in data.items():
        if key not in RULE_SET_EDITABLE:
            raise TitleError(f"Không sửa được trường {key}.")
        setattr(rs, key, value)
    if rs.valid_to and rs.valid_to < rs.valid_from:
        raise TitleError("Ngày hết áp dụng phải sau ngày bắt đầu áp dụng.")
    if bool(rs.document_number) != bool(rs.document_date):
        raise TitleError("Văn bản của tỉnh: cần nhập cả số, ký hiệu và ngày ban hành.")
    for field in ("quorum_pct", "approval_pct"):
        value = getattr(rs, field)
        if value is not None and not (0 <= value <= 100):
            label = str(getattr(rs._meta.get_field(field), "verbose_name", field))
            raise TitleError(f"{label.capitalize()}: phải từ 0 đến 100.")
    rs.save()
    _record(actor, "titles.rule_set.updated", rs, before, RULE_SET_EDITABLE, rule_set_unit(rs))
    return rs


@transaction.atomic
def update_commendation_rule(rule: CommendationRule, *, actor: Any, **data: Any) -> CommendationRule:
    _require_edit(actor, rule.rule_set, "quy định khen thưởng")
    rule = CommendationRule.objects.select_for_update().select_related("rule_set").get(pk=rule.pk)
    before = _snap(rule, COMMENDATION_EDITABLE)
    for key, value in data.items():
        if key not in COMMENDATION_EDITABLE:
            raise TitleError(f"Không sửa được trường {key}.")
        setattr(rule, key, value)
    rule.save()
    _record(
        actor, "titles.commendation_rule.updated", rule, before, COMMENDATION_EDITABLE, rule_set_unit(rule.rule_set)
    )
    return rule


CALENDAR_FIELDS = ["day", "kind", "name", "source"]


def _check_calendar_admin(actor: Any) -> None:
    if not (may(actor, Cap.SYSTEM_SETUP) if is_system(actor) else is_installation_admin(actor)):
        raise PermissionDenied("Bạn không có quyền sửa lịch ngày nghỉ.")


@transaction.atomic
def set_calendar_day(*, actor: Any, day: date, kind: str, name: str, source: str = "") -> CalendarDay:
    """Enter (or correct) one official change of the working calendar: a day off or a weekend day worked."""
    _check_calendar_admin(actor)
    name, source = nfc(name or "").strip(), nfc(source or "").strip()
    if kind not in CalendarDayKind.values:
        raise TitleError("Loại ngày: chọn «ngày nghỉ» hoặc «ngày làm việc (làm bù)».")
    if not name:
        raise TitleError("Nội dung: ghi rõ, ví dụ «Nghỉ bù Quốc khánh» hoặc «Làm bù cho ngày 02/5».")
    if kind == CalendarDayKind.WORKING and day.weekday() < 5:
        raise TitleError(f"Ngày {format_date(day)} là ngày thường: chỉ thứ Bảy, Chủ nhật mới ghi là ngày làm bù.")
    row = CalendarDay.objects.select_for_update().filter(day=day).first()
    before = _snap(row, CALENDAR_FIELDS) if row else None
    if row is None:
        row = CalendarDay(day=day)
    row.kind, row.name, row.source = kind, name, source
    row.save()
    _record(actor, "titles.calendar_day.set", row, before, CALENDAR_FIELDS, None)
    return row


@transaction.atomic
def remove_calendar_day(*, actor: Any, day: date) -> None:
    """Take back an entered day: the package's calendar applies again on that day."""
    _check_calendar_admin(actor)
    row = CalendarDay.objects.select_for_update().filter(day=day).first()
    if row is None:
        raise TitleError(f"Ngày {format_date(day)} không có trong danh sách đã nhập.")
    before = _snap(row, CALENDAR_FIELDS)
    audit.record(actor, "titles.calendar_day.removed", row, before=before, after=None)
    row.delete()
