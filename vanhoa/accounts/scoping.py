"""`visible_to(user, capability)`: the one way every list, detail, export and report reads ward data."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import models
from django.db.models import Q
from django.http import Http404

from vanhoa.accounts.permissions import Cap, has_cap, scope_unit_ids, scope_until


class ScopedQuerySet(models.QuerySet):
    """A queryset of records that belong to a unit. Subclasses name the unit field in `scope_field`
    ("pk" for units themselves), and for dated records the day (`date_field`) and/or the year (`year_field`)
    they happened: a user who sees a unit only up to a day (a viewer of a unit that has ended) then sees its
    records up to that day (see permissions.scope_until). A record without its day counts by its year."""

    scope_field = "unit"
    date_field: str | None = None
    year_field: str | None = None

    def visible_to(self, user: Any, cap: Cap | str) -> ScopedQuerySet:
        ids = scope_unit_ids(user, cap)
        if ids is None:
            return self
        if not ids:
            return self.none()
        qs = self.filter(**{f"{self.scope_field}__in": ids})
        if self.date_field or self.year_field:
            limits = scope_until(user, cap)
            if limits:
                qs = qs.filter(self._within(ids, limits))
        return qs

    def _within(self, ids: frozenset[int], limits: dict[int, Any]) -> Q:
        unit = f"{self.scope_field}__in"
        allowed = Q(**{unit: [i for i in ids if i not in limits]})
        by_day: dict[Any, list[int]] = {}
        for unit_id, until in limits.items():
            by_day.setdefault(until, []).append(unit_id)
        for until, unit_ids in by_day.items():
            if self.date_field and self.year_field:
                when = Q(**{f"{self.date_field}__lte": until}) | Q(
                    **{f"{self.date_field}__isnull": True, f"{self.year_field}__lte": until.year}
                )
            elif self.date_field:
                when = Q(**{f"{self.date_field}__lte": until})
            else:
                when = Q(**{f"{self.year_field}__lte": until.year})
            allowed |= Q(**{unit: unit_ids}) & when
        return allowed


def get_for_user(queryset: ScopedQuerySet, user: Any, view_cap: Cap, change_cap: Cap | None = None, **lookup: Any):  # type: ignore[no-untyped-def]
    """The object if the user may see it (404 otherwise); with `change_cap`, 403 when they may only look."""
    obj = queryset.visible_to(user, view_cap).filter(**lookup).first()
    if obj is None:
        raise Http404("Không tìm thấy.")
    if change_cap is not None:
        unit_id = _scope_unit_id(obj, queryset.scope_field)
        if not has_cap(user, change_cap, unit_id):
            raise PermissionDenied("Bạn không có quyền sửa mục này.")
    return obj


def _scope_unit_id(obj: Any, path: str) -> int:
    if path in ("pk", "id"):  # the records are units themselves
        return obj.pk  # type: ignore[no-any-return]
    value = obj
    parts = path.split("__")
    for part in parts[:-1]:
        value = getattr(value, part)
    return getattr(value, parts[-1] + "_id")  # type: ignore[no-any-return]


def require_cap_on(user: Any, cap: Cap, unit: Any) -> None:
    if not has_cap(user, cap, unit):
        raise PermissionDenied("Bạn không có quyền thực hiện việc này.")
