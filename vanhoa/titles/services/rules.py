"""Rule administration: an administrator corrects a rule set's numbers or a commendation rule."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction

from vanhoa.accounts.permissions import Cap, has_cap
from vanhoa.titles.models import CommendationRule, RuleSet
from vanhoa.titles.services.common import TitleError, _record, _snap

RULE_SET_EDITABLE = [
    "valid_from",
    "valid_to",
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


@transaction.atomic
def update_rule_set(rule_set: RuleSet, *, actor: Any, **data: Any) -> RuleSet:
    """An administrator corrects a rule set's numbers (e.g. once Lai Châu's decision is found)."""
    if not isinstance(actor, str) and not has_cap(actor, Cap.UNITS_CHANGE):
        raise PermissionDenied("Bạn không có quyền sửa quy định xét tặng.")
    rs = RuleSet.objects.select_for_update().get(pk=rule_set.pk)
    before = _snap(rs, RULE_SET_EDITABLE)
    for key, value in data.items():
        if key not in RULE_SET_EDITABLE:
            raise TitleError(f"Không sửa được trường {key}.")
        setattr(rs, key, value)
    if rs.valid_to and rs.valid_to < rs.valid_from:
        raise TitleError("Ngày hết áp dụng phải sau ngày bắt đầu áp dụng.")
    for field in ("quorum_pct", "approval_pct"):
        value = getattr(rs, field)
        if value is not None and not (0 <= value <= 100):
            raise TitleError(f"{rs._meta.get_field(field).verbose_name.capitalize()}: phải từ 0 đến 100.")
    rs.save()
    _record(actor, "titles.rule_set.updated", rs, before, RULE_SET_EDITABLE, None)
    return rs


@transaction.atomic
def update_commendation_rule(rule: CommendationRule, *, actor: Any, **data: Any) -> CommendationRule:
    if not isinstance(actor, str) and not has_cap(actor, Cap.UNITS_CHANGE):
        raise PermissionDenied("Bạn không có quyền sửa quy định khen thưởng.")
    rule = CommendationRule.objects.select_for_update().get(pk=rule.pk)
    before = _snap(rule, COMMENDATION_EDITABLE)
    for key, value in data.items():
        if key not in COMMENDATION_EDITABLE:
            raise TitleError(f"Không sửa được trường {key}.")
        setattr(rule, key, value)
    rule.save()
    _record(actor, "titles.commendation_rule.updated", rule, before, COMMENDATION_EDITABLE, None)
    return rule
