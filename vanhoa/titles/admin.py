"""Django admin for the rule data (system administrators). Day-to-day edits of a rule set's numbers go through
/danh-hieu/quy-dinh/<id>/sua/; the admin is for criteria, exclusions and documents. Every admin change is
audited too (vanhoa.core.admin_audit), inlines included."""

from django.contrib import admin

from vanhoa.core.admin_audit import AuditedAdmin
from vanhoa.titles.models import (
    CalendarDay,
    CommendationRule,
    Criterion,
    DeciderRule,
    DossierItem,
    Exclusion,
    RuleSet,
    TitleType,
)


class CriterionInline(admin.TabularInline[Criterion, RuleSet]):
    model = Criterion
    extra = 0
    fields = ["order", "code", "standard", "title", "points", "source", "unconfirmed", "note"]


class ExclusionInline(admin.TabularInline[Exclusion, RuleSet]):
    model = Exclusion
    extra = 0
    fields = ["order", "code", "text", "source", "unconfirmed", "note"]


class DossierInline(admin.TabularInline[DossierItem, RuleSet]):
    model = DossierItem
    extra = 0
    fields = ["order", "code", "name", "form", "source", "unconfirmed", "note"]


class CommendationInline(admin.StackedInline[CommendationRule, RuleSet]):
    model = CommendationRule
    extra = 0


@admin.register(RuleSet)
class RuleSetAdmin(AuditedAdmin[RuleSet]):
    list_display = ["code", "title_type", "legal_short", "province_code", "valid_from", "valid_to"]
    list_filter = ["title_type", "regime"]
    inlines = [CriterionInline, ExclusionInline, DossierInline, CommendationInline]


@admin.register(TitleType)
class TitleTypeAdmin(AuditedAdmin[TitleType]):
    list_display = ["code", "name", "subject_kind", "order", "active"]


@admin.register(DeciderRule)
class DeciderRuleAdmin(AuditedAdmin[DeciderRule]):
    list_display = ["title_type", "scope", "valid_from", "valid_to", "position", "unconfirmed"]


@admin.register(CalendarDay)
class CalendarDayAdmin(admin.ModelAdmin[CalendarDay]):
    """Read-only: the days are entered on the calendar page, through the audited service."""

    list_display = ["day", "kind", "name", "source"]

    def has_add_permission(self, request: object) -> bool:
        return False

    def has_change_permission(self, request: object, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: object, obj: object = None) -> bool:
        return False
