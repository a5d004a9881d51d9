"""Shared endpoint pieces: the audit history of one object, and the service-error translation."""

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime
from typing import Any

import ninja
from django.db import models
from pydantic import Field

from vanhoa.api.framework import ApiError, Page, PageParams, paginate
from vanhoa.core import audit, versioning


class HistoryOut(ninja.Schema):
    at: datetime
    actor: str = Field(description="Người thực hiện ('' = hệ thống)")
    action: str = Field(description="Mã hành động, ví dụ registry.household.updated")
    changes: dict[str, Any] = Field(description="{trường: [cũ, mới]}; số điện thoại được che")
    note: str


HistoryPage = Page[HistoryOut]


def history_page(obj: models.Model, params: PageParams) -> dict[str, Any]:
    """The audit entries of one object, newest first (the caller has checked the object is visible)."""
    qs = audit.history(obj).order_by("-at", "-id")
    return paginate(
        qs,
        params,
        lambda e: {"at": e.at, "actor": e.actor_name, "action": e.action, "changes": e.changes, "note": e.note},
    )


@contextmanager
def service_errors(*errors: type[Exception]) -> Iterator[None]:
    """A rule broken inside a service (its Vietnamese message as is) becomes a 422 'rule_violation'."""
    try:
        yield
    except errors as exc:
        message = str(exc)
        raise ApiError(422, "rule_violation", message, [{"field": None, "message": message}]) from exc


def labels(choices: type[models.TextChoices]) -> Callable[[str], str]:
    mapping = dict(choices.choices)
    return lambda value: str(mapping.get(value, value))


# --- versions (core.versioning): ETag / If-Match, 409 version_conflict ------------------------------------------


def if_match(request: Any) -> str | None:
    """The version the caller read (If-Match: "abc…", also W/"abc…"); None without one or with `*`."""
    raw = request.headers.get("If-Match", "").strip()
    if not raw or raw == "*":
        return None
    return raw.removeprefix("W/").strip('"')


def version_conflict(exc: versioning.VersionConflict, pairs: list[versioning.Pair], current: Any) -> ApiError:
    """409: nothing was written; `details` holds the current version, each differing field and the record now."""
    fields = [
        {"field": d.name, "label": d.label, "yours": d.mine, "current": d.current}
        for d in versioning.differences(pairs)
    ]
    details = {"current_version": exc.current, "fields": fields, "current": current}
    return ApiError(409, "version_conflict", str(exc), details)
