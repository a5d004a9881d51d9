"""Reading one record in the user's scope: `get_for_user` (404 outside, 403 without the write capability).

`ScopedQuerySet` (`visible_to(user, capability)`) lives in vanhoa.core.scoping, below every model; it is
re-exported here for the apps that import it from its old place."""

from __future__ import annotations

from typing import TYPE_CHECKING, TypeVar

from django.core.exceptions import PermissionDenied
from django.db import models
from django.http import Http404

from vanhoa.accounts.permissions import Cap, has_cap
from vanhoa.core.scoping import ScopedQuerySet as ScopedQuerySet
from vanhoa.units.models import Unit

if TYPE_CHECKING:
    from vanhoa.core.scoping import AnyUser

_M = TypeVar("_M", bound=models.Model)


def get_for_user(
    queryset: ScopedQuerySet[_M], user: AnyUser, view_cap: Cap, change_cap: Cap | None = None, **lookup: object
) -> _M:
    """The object if the user may see it (404 otherwise); with `change_cap`, 403 when they may only look."""
    obj = queryset.visible_to(user, view_cap).filter(**lookup).first()
    if obj is None:
        raise Http404("Không tìm thấy.")
    if change_cap is not None:
        unit_id = _scope_unit_id(obj, queryset.scope_field)
        if not has_cap(user, change_cap, unit_id):
            raise PermissionDenied("Bạn không có quyền sửa mục này.")
    return obj


def _scope_unit_id(obj: models.Model, path: str) -> int | None:
    """The id of the unit a record belongs to, along its `scope_field` ("ward", "household__group", "pk")."""
    if path in ("pk", "id"):  # the records are units themselves
        return int(obj.pk)
    value: object = obj
    parts = path.split("__")
    for part in parts[:-1]:
        value = getattr(value, part)
    unit_id: int | None = getattr(value, parts[-1] + "_id")
    return unit_id


def require_cap_on(user: AnyUser, cap: Cap, unit: Unit | int | None) -> None:
    if not has_cap(user, cap, unit):
        raise PermissionDenied("Bạn không có quyền thực hiện việc này.")
