"""The one way service functions record a change: `record(actor, action, obj, before=..., after=...)`."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.db import models

from vanhoa.core.actions import action_label as action_label
from vanhoa.core.actions import known_actions as known_actions
from vanhoa.core.actions import register_labels as register_labels
from vanhoa.core.actors import actor_name
from vanhoa.core.models import AuditEntry, AuditQuerySet

MASKED_KEYS = {"password", "phone"}
_CONTEXT: ContextVar[dict[str, Any] | None] = ContextVar("audit_context", default=None)


@contextmanager
def annotate(**facts: Any) -> Iterator[None]:
    """Add `facts` to the `_` of every entry written inside the block (the offline sync: when a change was
    made on the phone), so the service functions write their usual entries with it."""
    token = _CONTEXT.set({**(_CONTEXT.get() or {}), **facts})
    try:
        yield
    finally:
        _CONTEXT.reset(token)

EMPTY: tuple[object, ...] = (None, "", [])  # an empty field that stays empty is no change


def _jsonable(value: Any) -> Any:
    if isinstance(value, models.Model):
        return str(value)
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, list | tuple | set):
        return [_jsonable(v) for v in value]
    if isinstance(value, dict):
        return {k: _jsonable(v) for k, v in value.items()}
    return value


def snapshot(obj: models.Model, fields: Iterable[str]) -> dict[str, Any]:
    """The current values of `fields` (foreign keys as their text), for before/after comparison."""
    out: dict[str, Any] = {}
    for name in fields:
        value: Any = getattr(obj, name, None)
        if hasattr(value, "all") and callable(value.all):  # many-to-many manager
            value = sorted(str(v) for v in value.all())
        out[name] = _jsonable(value)
    return out


def diff(before: dict[str, Any], after: dict[str, Any]) -> dict[str, list[Any]]:
    """{field: [old, new]} for the fields that changed; personal fields are masked."""
    changed: dict[str, list[Any]] = {}
    for key in sorted(set(before) | set(after)):
        old, new = before.get(key), after.get(key)
        if old != new and not (old in EMPTY and new in EMPTY):
            if key in MASKED_KEYS:
                old, new = ("***" if old else old), ("***" if new else new)
            changed[key] = [old, new]
    return changed


def object_type(obj: models.Model) -> str:
    return f"{obj._meta.app_label}.{obj._meta.model_name}"


def record(
    actor: Any,
    action: str,
    obj: models.Model,
    *,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
    unit: Any = None,
    note: str = "",
    extra: dict[str, Any] | None = None,
) -> AuditEntry:
    """Write one audit entry. `action` is a namespaced code such as 'registry.household.updated'."""
    entry = build(actor, action, obj, before=before, after=after, unit=unit, note=note, extra=extra)
    entry.save()
    return entry


def build(
    actor: Any,
    action: str,
    obj: models.Model,
    *,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
    unit: Any = None,
    note: str = "",
    extra: dict[str, Any] | None = None,
) -> AuditEntry:
    """The entry `record` would write, unsaved: bulk services save many at once with bulk_create."""
    changes: dict[str, Any] = {}
    if before is not None or after is not None:
        changes = diff(before or {}, after or {})
    context = _CONTEXT.get()
    if extra or context:
        changes["_"] = _jsonable({**(context or {}), **(extra or {})})
    name = actor_name(actor)  # a user's name or a system actor's; a string actor raises TypeError
    user = actor if getattr(actor, "pk", None) else None
    return AuditEntry(
        actor=user,
        actor_name=name,
        action=action,
        object_type=object_type(obj),
        object_id=str(obj.pk),
        object_repr=str(obj)[:255],
        unit=unit,
        changes=changes,
        note=note,
    )


def history(obj: models.Model) -> AuditQuerySet:
    """The audit entries of one object, newest first."""
    return AuditEntry.objects.about(obj).select_related("actor")
