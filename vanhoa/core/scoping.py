"""`visible_to(user, capability)`: the one way every list, detail, export and report reads ward data.

The queryset lives here, below every model that uses it (units, accounts, the audit trail, every app), and
asks a `ScopeSource` which units the user reaches: `vanhoa.accounts.permissions`, installed by
`AccountsConfig.ready()`. So the models of core, units and accounts import no permission code and the
permission code may import them (no import loop between core, accounts and units).
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Protocol, Self, TypeVar

from django.core.exceptions import ImproperlyConfigured
from django.db import models
from django.db.models import Q

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser, User

    AnyUser = User | AnonymousUser

_M = TypeVar("_M", bound=models.Model)

#: What visible_to reads about a user for one capability: (unit ids or None for every unit, ((unit id, last day), …)).
Scope = tuple[frozenset[int] | None, tuple[tuple[int, date], ...]]


class ScopeSource(Protocol):
    """Who reaches which units with a capability (vanhoa.accounts.permissions is one, as a module)."""

    def scope_unit_ids(self, user: AnyUser | None, cap: str) -> frozenset[int] | None:
        """Unit ids the user holds `cap` on, or None for 'every unit'."""

    def scope_until(self, user: AnyUser | None, cap: str) -> dict[int, date]:
        """Units the user sees only up to a day: {unit id: last day}."""


_source: ScopeSource | None = None


def install(source: ScopeSource) -> None:
    global _source
    _source = source


def source() -> ScopeSource:
    if _source is None:
        raise ImproperlyConfigured("vanhoa.accounts is not ready: no scope source installed (AccountsConfig.ready).")
    return _source


class ScopedQuerySet(models.QuerySet[_M]):
    """A queryset of records that belong to a unit. Subclasses name the unit field in `scope_field`
    ("pk" for units themselves), and for dated records the day (`date_field`) and/or the year (`year_field`)
    they happened: a user who sees a unit only up to a day (a viewer of a unit that has ended) then sees its
    records up to that day (see permissions.scope_until). A record without its day counts by its year."""

    scope_field = "unit"
    date_field: str | None = None
    year_field: str | None = None

    def visible_to(self, user: AnyUser | None, cap: str, within: frozenset[int] | None = None) -> Self:
        """The records the user may see with `cap`; with `within`, only those of these units (a ward's
        covered units, say): one `IN` of the units in both, not one for the scope and another for the ward."""
        ids, limits = self.scope_of(user, cap)
        if within is not None:
            ids = within if ids is None else ids & within
        if ids is None:
            return self
        if not ids:
            return self.none()
        qs = self.filter(**{f"{self.scope_field}__in": ids})
        if limits:
            qs = qs.filter(self._within(ids, dict(limits)))
        return qs

    def scope_of(self, user: AnyUser | None, cap: str) -> Scope:
        """Everything `visible_to(user, cap)` reads about the user: the units (None: every unit) and, for dated
        records, the units seen only up to a day. Two users with the same scope get the same SQL from
        visible_to, which is what lets a hot list reuse the SQL it compiled (vanhoa.api.compiled)."""
        scope = source()
        ids = scope.scope_unit_ids(user, cap)
        limits: tuple[tuple[int, date], ...] = ()
        if ids and (self.date_field or self.year_field):
            limits = tuple(sorted(scope.scope_until(user, cap).items()))
        return ids, limits

    def _within(self, ids: frozenset[int], limits: dict[int, date]) -> Q:
        unit = f"{self.scope_field}__in"
        allowed = Q(**{unit: [i for i in ids if i not in limits]})
        by_day: dict[date, list[int]] = {}
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
