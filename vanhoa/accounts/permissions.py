"""Who may do what. Roles are bound to a unit; code asks for capabilities, never for role names.

A role on a ward covers its residential groups; a role on a city or province covers every ward below; a
role on today's unit also covers the units it succeeded (their history rolls up to it). See units.tree.
"""

from __future__ import annotations

import enum
from datetime import date
from typing import TYPE_CHECKING

from django.db import connection

from vanhoa.accounts.models import Membership
from vanhoa.accounts.roles import Role as Role
from vanhoa.units.choices import UnitKind
from vanhoa.units.models import GraphVersion, Unit
from vanhoa.units.tree import covered_ids, get_graph, prime_version

if TYPE_CHECKING:
    from vanhoa.core.scoping import AnyUser


class Cap(enum.StrEnum):
    """Capabilities. An Enum so a typo fails at import time."""

    UNITS_VIEW = "units.view"
    UNITS_CHANGE = "units.change"
    HOUSEHOLDS_VIEW = "households.view"
    HOUSEHOLDS_CHANGE = "households.change"
    HOUSEHOLDS_PHONE = "households.view_phone"
    AGENCIES_VIEW = "agencies.view"
    AGENCIES_CHANGE = "agencies.change"
    STREETS_VIEW = "streets.view"
    STREETS_CHANGE = "streets.change"
    PLANS_VIEW = "plans.view"
    PLANS_CHANGE = "plans.change"
    TITLES_VIEW = "titles.view"
    TITLES_REGISTER = "titles.register"
    TITLES_REVIEW = "titles.review"
    TITLES_DECIDE = "titles.decide"
    INDICATORS_VIEW = "indicators.view"
    REPORTS_VIEW = "reports.view"
    REPORTS_CHANGE = "reports.change"
    REPORTS_RECEIVE = "reports.receive"
    IMPORTS_RUN = "imports.run"
    ACTIVITIES_VIEW = "activities.view"  # inspections, funding, the 18/11 festival, training, outreach
    ACTIVITIES_CHANGE = "activities.change"
    FUNDING_VIEW = "funding.view"
    FUNDING_CHANGE = "funding.change"
    USERS_MANAGE = "users.manage"
    AUDIT_VIEW = "audit.view"
    PRIVACY_EXPORT = "privacy.export"  # everything held about one household, for a data-subject request
    SYSTEM_SETUP = "system.setup"  # set up new communes from the official list (whole installation)


_READ_WARD = {
    Cap.UNITS_VIEW,
    Cap.HOUSEHOLDS_VIEW,
    Cap.AGENCIES_VIEW,
    Cap.STREETS_VIEW,
    Cap.PLANS_VIEW,
    Cap.TITLES_VIEW,
    Cap.INDICATORS_VIEW,
    Cap.REPORTS_VIEW,
    Cap.ACTIVITIES_VIEW,
    Cap.FUNDING_VIEW,
}

ROLE_CAPABILITIES: dict[str, frozenset[Cap]] = {
    Role.SYSTEM_ADMIN: frozenset(Cap),
    # Everything in the ward (and signing its documents); not receiving reports, not setting up communes.
    Role.WARD_HEAD: frozenset(set(Cap) - {Cap.REPORTS_RECEIVE, Cap.SYSTEM_SETUP}),
    Role.FRONT_OFFICER: frozenset(
        _READ_WARD
        | {
            Cap.HOUSEHOLDS_CHANGE,
            Cap.HOUSEHOLDS_PHONE,
            Cap.TITLES_REGISTER,
            Cap.TITLES_REVIEW,
            Cap.IMPORTS_RUN,
            Cap.REPORTS_CHANGE,
            Cap.AUDIT_VIEW,
            Cap.ACTIVITIES_CHANGE,
            Cap.FUNDING_CHANGE,
            Cap.PRIVACY_EXPORT,
        }
    ),
    Role.UNION_OFFICER: frozenset(
        _READ_WARD - {Cap.HOUSEHOLDS_VIEW} | {Cap.AGENCIES_CHANGE, Cap.TITLES_REVIEW, Cap.ACTIVITIES_CHANGE}
    ),
    Role.CULTURE_OFFICER: frozenset(
        _READ_WARD - {Cap.HOUSEHOLDS_VIEW}
        | {Cap.STREETS_CHANGE, Cap.PLANS_CHANGE, Cap.REPORTS_CHANGE, Cap.ACTIVITIES_CHANGE, Cap.FUNDING_CHANGE}
    ),
    Role.GROUP_LEADER: frozenset(
        {
            Cap.UNITS_VIEW,
            Cap.HOUSEHOLDS_VIEW,
            Cap.HOUSEHOLDS_CHANGE,
            Cap.HOUSEHOLDS_PHONE,
            Cap.PLANS_VIEW,
            Cap.TITLES_VIEW,
            Cap.TITLES_REGISTER,
            Cap.TITLES_REVIEW,
            Cap.INDICATORS_VIEW,
            # Their group's 18/11 festival (recorded on a phone) and inspections of their group (read only:
            # inspections are written by the ward: the services require Cap.ACTIVITIES_CHANGE on the ward).
            Cap.ACTIVITIES_VIEW,
            Cap.ACTIVITIES_CHANGE,
        }
    ),
    # The committee above sees aggregates, plans and reports of every ward below; not personal data.
    Role.VIEWER: frozenset(
        {
            Cap.UNITS_VIEW,
            Cap.PLANS_VIEW,
            Cap.INDICATORS_VIEW,
            Cap.REPORTS_VIEW,
            Cap.REPORTS_RECEIVE,
            Cap.AGENCIES_VIEW,
            Cap.STREETS_VIEW,
            Cap.ACTIVITIES_VIEW,
            Cap.FUNDING_VIEW,
        }
    ),
}

# Which unit kind each role may be bound to (checked when a role is assigned).
ROLE_UNIT_KINDS: dict[str, set[str]] = {
    Role.SYSTEM_ADMIN: {"province", "district", "commune"},
    Role.WARD_HEAD: {"commune"},
    Role.FRONT_OFFICER: {"commune"},
    Role.UNION_OFFICER: {"commune"},
    Role.CULTURE_OFFICER: {"commune"},
    Role.GROUP_LEADER: {"group"},
    Role.VIEWER: {"province", "district"},
}

# Which roles a holder of each role may give to others (within their own units): nobody grants above
# themselves. The ward head staffs the ward; only a system administrator appoints viewers above the ward
# and other system administrators.
GRANTABLE_ROLES: dict[str, frozenset[str]] = {
    Role.SYSTEM_ADMIN: frozenset(Role),
    Role.WARD_HEAD: frozenset(
        {Role.WARD_HEAD, Role.FRONT_OFFICER, Role.UNION_OFFICER, Role.CULTURE_OFFICER, Role.GROUP_LEADER}
    ),
}


def role_unit_error(role: str, unit: Unit | None) -> str | None:
    """Why `role` cannot be bound to `unit` (Vietnamese), or None when it can (see ROLE_UNIT_KINDS)."""
    if role not in Role.values:
        return "Vai trò không hợp lệ."
    label = Role(role).label
    if unit is None:
        return None if role == Role.SYSTEM_ADMIN else f"Vai trò «{label}» phải gắn với một đơn vị."
    if unit.kind not in ROLE_UNIT_KINDS[role]:
        kinds = ", ".join(UnitKind(k).label.lower() for k in sorted(ROLE_UNIT_KINDS[role]))
        return f"Vai trò «{label}» chỉ gắn được với cấp: {kinds}; {unit.name} là {unit.get_kind_display().lower()}."
    return None


def view_cap_for(cap: Cap | str) -> Cap:
    """The capability that lets one look at what `cap` changes: 'households.change' → 'households.view'.

    Details answer 404 to someone who cannot even look, 403 to someone who may look but not change."""
    prefix = str(cap).split(".", 1)[0]
    try:
        return Cap(f"{prefix}.view")
    except ValueError:
        return Cap(cap)


def capabilities_of(role: str) -> frozenset[Cap]:
    return ROLE_CAPABILITIES.get(role, frozenset())


ALL_UNITS = None  # marker: no unit restriction (system administrator)


# The user's active roles, and the unit graph's version with them (one round trip for what every signed-in page
# asks first: the first get_graph() of the request then trusts it, tree.prime_version). One row of NULLs but the
# version for a user without a role.
_MEMBERSHIPS_SQL = (
    f"SELECT m.role, m.unit_id, (SELECT g.version FROM {GraphVersion._meta.db_table} g WHERE g.id = 1) "  # noqa: S608
    f"FROM (SELECT 1 AS one) o LEFT JOIN {Membership._meta.db_table} m ON m.user_id = %s AND m.active = %s"
)


def _memberships(user: AnyUser) -> list[tuple[str, int | None]]:
    """(role, unit id) of the user's active roles, memoised on the user object (one query per request; no join
    with the user table)."""
    cached: list[tuple[str, int | None]] | None = getattr(user, "_vanhoa_memberships", None)
    if cached is None:
        # Plain SQL: every signed-in page asks, and compiling the ORM's query cost more than running it
        # (the same rows as Membership.objects.filter(user=user.pk, active=True).values_list("role", "unit_id")).
        with connection.cursor() as cur:
            cur.execute(_MEMBERSHIPS_SQL, [user.pk, True])
            rows = cur.fetchall()
        cached = [(role, unit_id) for role, unit_id, _ in rows if role is not None]
        prime_version(rows[0][2])
        setattr(user, "_vanhoa_memberships", cached)  # noqa: B010 - memoised on the (possibly lazy) user
    return cached


def remember_memberships(user: AnyUser, memberships: list[tuple[str, int | None]]) -> None:
    """The user's active roles as another read already found them (the API reads them with the token in one
    statement): `_memberships` then does not query them again. Drops what was computed from earlier ones."""
    forget(user)
    setattr(user, "_vanhoa_memberships", memberships)  # noqa: B010 - as _memberships memoises them


def scope_unit_ids(user: AnyUser | None, cap: Cap | str) -> frozenset[int] | None:
    """Unit ids the user holds `cap` on (expanded through the tree), or None for 'every unit'.

    Anonymous and inactive users get the empty set.
    """
    if user is None or not user.is_authenticated or not user.is_active:
        return frozenset()
    if user.is_superuser:
        return None
    cache: dict[str, frozenset[int] | None] = user.__dict__.setdefault("_vanhoa_scope", {})
    key = str(cap)
    if key in cache:
        return cache[key]
    roots: set[int] = set()
    for role, unit_id in _memberships(user):
        if cap in capabilities_of(role):
            if unit_id is None:
                if role == Role.SYSTEM_ADMIN:
                    cache[key] = None
                    return None
                continue  # only a system administrator holds a role without a unit
            roots.add(unit_id)
    result = covered_ids(roots) if roots else frozenset()
    cache[key] = result
    return result


def scope_until(user: AnyUser | None, cap: Cap | str) -> dict[int, date]:
    """Units the user sees only up to a day: {unit id: last day}. A role on a unit that has ended (the city
    viewer "until 30/06/2025") covers that unit's former groups only for what happened up to its last day;
    units the user also reaches through a current role are not limited (#21 F12)."""
    ids = scope_unit_ids(user, cap)
    if not ids or user is None:
        return {}
    cache: dict[str, dict[int, date]] = user.__dict__.setdefault("_vanhoa_until", {})
    key = str(cap)
    if key in cache:
        return cache[key]
    nodes = get_graph().nodes
    roots = {unit_id for role, unit_id in _memberships(user) if cap in capabilities_of(role) and unit_id is not None}
    ended: dict[int, date] = {}
    for root in roots:
        node = nodes.get(root)
        if node is not None and node.valid_to is not None:
            ended[root] = node.valid_to
    open_ids = covered_ids(roots - ended.keys()) if roots - ended.keys() else frozenset()
    limits: dict[int, date] = {}
    for root, until in ended.items():
        for unit_id in covered_ids({root}) - open_ids:
            limits[unit_id] = max(until, limits.get(unit_id, until))
    cache[key] = limits
    return limits


def has_cap(user: AnyUser | None, cap: Cap | str, unit: Unit | int | None = None) -> bool:
    """Does the user hold `cap` somewhere (unit None) or on this unit?"""
    ids = scope_unit_ids(user, cap)
    if ids is None:
        return True
    if unit is None:
        return bool(ids)
    unit_id = unit if isinstance(unit, int) else unit.pk
    return unit_id in ids


def is_installation_admin(user: AnyUser | None) -> bool:
    """An administrator of the whole installation (a system administrator without a unit, or a superuser): the
    only ones who change shared reference data (national rules, deciders, holidays, catalogues)."""
    return bool(getattr(user, "is_authenticated", False)) and scope_unit_ids(user, Cap.SYSTEM_SETUP) is None


def user_capabilities(user: AnyUser) -> set[str]:
    """Every capability the user holds somewhere; used by templates to show or hide menu entries."""
    if not user.is_authenticated or not user.is_active:
        return set()
    if user.is_superuser:
        return {str(c) for c in Cap}
    out: set[str] = set()
    for role, _ in _memberships(user):
        out |= {str(c) for c in capabilities_of(role)}
    return out


def forget(user: AnyUser) -> None:
    """Drop the per-request caches after the user's roles changed."""
    for attr in ("_vanhoa_memberships", "_vanhoa_scope", "_vanhoa_until"):
        user.__dict__.pop(attr, None)
