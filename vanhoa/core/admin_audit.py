"""Changes made in the Django admin go through the same audit trail as the services (#21 F11).

`AuditedAdmin` (and `AuditedInlineMixin` for the inlines, e.g. the criteria of a rule set) write one entry per
object added, changed or deleted: action `admin.object.created|updated|deleted`, the fields before and after,
the unit the object belongs to (its unit/ward/group, a provincial rule set's province) or none when it
concerns the whole installation (then administrators see it).
"""

from __future__ import annotations

from typing import Any, TypeVar

from django.contrib import admin
from django.db import models
from django.db.models import QuerySet
from django.http import HttpRequest

from vanhoa.accounts.models import Membership
from vanhoa.core import audit
from vanhoa.units.models import Unit

audit.register_labels(
    {
        "admin.object.created": "Thêm trong trang quản trị",
        "admin.object.updated": "Sửa trong trang quản trị",
        "admin.object.deleted": "Xóa trong trang quản trị",
    }
)


def _fields(obj: models.Model) -> list[str]:
    return [f.name for f in obj._meta.concrete_fields if f.name not in ("password", "created_at", "updated_at", "id")]


def _snapshot(obj: models.Model) -> dict[str, Any]:
    return audit.snapshot(obj, _fields(obj))


def _stored(obj: models.Model) -> dict[str, Any] | None:
    if obj.pk is None:
        return None
    fresh = type(obj)._default_manager.filter(pk=obj.pk).first()
    return _snapshot(fresh) if fresh is not None else None


def unit_of(obj: models.Model) -> Unit | None:
    """The unit an admin change concerns, or None for installation-wide reference data."""
    for name in ("unit", "ward", "group"):
        if getattr(obj, f"{name}_id", None):
            unit: Unit = getattr(obj, name)
            return unit
    rule_set: Any = obj if obj._meta.label == "titles.RuleSet" else getattr(obj, "rule_set", None)
    if rule_set is not None:
        from vanhoa.titles.services import rule_set_unit

        return rule_set_unit(rule_set)
    if obj._meta.label == "auth.User":
        membership = Membership.objects.filter(user=obj.pk, unit__isnull=False).order_by("-active", "pk").first()
        return membership.unit if membership else None
    return None


def record(request: HttpRequest, verb: str, obj: models.Model, before: dict[str, Any] | None) -> None:
    after = _snapshot(obj) if verb != "deleted" else None
    if verb == "updated" and before == after:
        return
    audit.record(request.user, f"admin.object.{verb}", obj, before=before, after=after, unit=unit_of(obj))


_M = TypeVar("_M", bound=models.Model)


class AuditedAdmin(admin.ModelAdmin[_M]):
    """A ModelAdmin whose saves and deletions (and its inlines') are written to the audit trail."""

    def save_model(self, request: HttpRequest, obj: _M, form: Any, change: bool) -> None:
        before = _stored(obj) if change else None
        super().save_model(request, obj, form, change)
        record(request, "updated" if change else "created", obj, before)

    def delete_model(self, request: HttpRequest, obj: _M) -> None:
        record(request, "deleted", obj, _snapshot(obj))
        super().delete_model(request, obj)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[_M]) -> None:
        for obj in queryset:
            record(request, "deleted", obj, _snapshot(obj))
        super().delete_queryset(request, queryset)

    def save_formset(self, request: HttpRequest, form: Any, formset: Any, change: bool) -> None:
        before = {f.instance.pk: _stored(f.instance) for f in formset.initial_forms if f.instance.pk}
        # Django clears an instance's pk once deleted: keep each one's pk and fields by the object itself.
        doomed = {id(f.instance): (f.instance.pk, _snapshot(f.instance)) for f in formset.initial_forms}
        super().save_formset(request, form, formset, change)
        for obj in formset.new_objects:
            record(request, "created", obj, None)
        for obj, _names in formset.changed_objects:
            record(request, "updated", obj, before.get(obj.pk))
        for obj in formset.deleted_objects:
            pk, fields = doomed.get(id(obj), (obj.pk, _snapshot(obj)))
            obj.pk = pk
            record(request, "deleted", obj, fields)
