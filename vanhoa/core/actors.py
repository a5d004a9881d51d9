"""Who acts on the data: a signed-in user, or a named part of the system. Never a string.

A service takes `actor` (a user or a `SystemActor`) and checks, first thing, that the actor holds the
capability on the unit it changes: `require(actor, Cap.X, unit, what="…")`. The views check the same before
calling; the service's check is the backstop, so a new caller (a command, a task, the API, the offline sync)
cannot skip it.

A system actor is defined here once, with its name (written to the audit entry's `actor_name`) and the
capabilities it is explicitly given; anywhere else it is refused like a user without them. A `str` passed as
an actor raises TypeError: a string used to mean "the system" and skipped every check.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied

from vanhoa.accounts.permissions import Cap, has_cap, is_installation_admin

_NAMED: dict[str, SystemActor] = {}


@dataclass(frozen=True)
class SystemActor:
    """A part of the system that changes data on nobody's behalf (the demo loader, a command line)."""

    name: str
    capabilities: frozenset[Cap]

    pk = None
    is_authenticated = False
    is_active = False

    def __post_init__(self) -> None:
        if self.name in _NAMED:
            raise ValueError(f"system actor {self.name!r} is defined twice")
        _NAMED[self.name] = self

    def __str__(self) -> str:
        return self.name


def system_actor(name: str) -> SystemActor | None:
    """The system actor of that name (an import job started from the command line keeps only the name)."""
    return _NAMED.get(name)


# --- the system actors, each with what it may do -------------------------------------------------------
# `manage.py load_demo` builds a whole installation through the services.
LOAD_DEMO = SystemActor("load_demo", frozenset(Cap))
# `manage.py setup_ward`: sets up a commune and its units from the official list.
SETUP_WARD = SystemActor("setup_ward", frozenset({Cap.SYSTEM_SETUP, Cap.UNITS_CHANGE}))
# `manage.py createadmin` and the first-run page (no user exists yet): the first system administrator.
CREATEADMIN = SystemActor("createadmin", frozenset({Cap.USERS_MANAGE}))
FIRST_RUN = SystemActor("first_run", frozenset({Cap.USERS_MANAGE}))
# The import commands (whoever may run `manage.py` holds the installation); the job they start commits as them.
IMPORT_HOUSEHOLDS_CLI = SystemActor(
    "dòng lệnh import_households", frozenset({Cap.IMPORTS_RUN, Cap.HOUSEHOLDS_VIEW, Cap.HOUSEHOLDS_CHANGE})
)
IMPORT_REGISTRATIONS_CLI = SystemActor(
    "dòng lệnh import_registrations",
    frozenset({Cap.IMPORTS_RUN, Cap.HOUSEHOLDS_VIEW, Cap.TITLES_VIEW, Cap.TITLES_REGISTER, Cap.TITLES_REVIEW}),
)
# The worker taking up an import job whose process died (it only notes that in the audit trail).
IMPORT_RECOVERY = SystemActor("Tiến trình nền (nhập dữ liệu)", frozenset())
# A resident sending an opinion through a notice's public page (no login): may do nothing else.
PUBLIC_PAGE = SystemActor("Người dân (trang công khai)", frozenset())
# The backup commands: an archive of the whole installation or of one ward, and restoring one.
BACKUP_CLI = SystemActor("manage.py backup", frozenset({Cap.SYSTEM_SETUP}))
RESTORE_CLI = SystemActor("manage.py restore", frozenset({Cap.SYSTEM_SETUP}))
EXPORT_WARD_CLI = SystemActor("manage.py export_ward", frozenset({Cap.SYSTEM_SETUP}))
IMPORT_WARD_CLI = SystemActor("manage.py import_ward", frozenset({Cap.SYSTEM_SETUP}))


def check_actor(actor: Any) -> None:
    """TypeError for a string (or anything else that is neither a user nor a system actor)."""
    if isinstance(actor, SystemActor):
        return
    if actor is None or isinstance(actor, str) or not hasattr(actor, "is_authenticated"):
        raise TypeError(f"an actor is a user or a vanhoa.core.actors.SystemActor, not {type(actor).__name__}")


def may(actor: Any, cap: Cap | str, unit: Any = None) -> bool:
    """Does the actor hold `cap` on `unit` (anywhere, when unit is None)?"""
    if actor is None:  # nobody holds anything
        return False
    check_actor(actor)
    if isinstance(actor, SystemActor):
        return Cap(cap) in actor.capabilities
    return has_cap(actor, cap, unit)


def require(actor: Any, cap: Cap | str, unit: Any = None, *, what: str) -> None:
    """The backstop: PermissionDenied ("Bạn không có quyền {what} ở {unit}.") unless the actor holds `cap` on
    `unit`. `unit` is a Unit, a unit id, or None for "somewhere"."""
    if may(actor, cap, unit):
        return
    where = "" if unit is None else f" ở {getattr(unit, 'name', None) or 'đơn vị này'}"
    raise PermissionDenied(f"Bạn không có quyền {what}{where}.")


def require_installation_admin(actor: Any, *, what: str) -> None:
    """Shared reference data and new communes: an administrator of the whole installation (a system actor:
    one given Cap.SYSTEM_SETUP)."""
    if is_system(actor) and Cap.SYSTEM_SETUP in actor.capabilities:
        return
    check_actor(actor) if actor is not None else None
    if actor is None or is_system(actor) or not is_installation_admin(actor):
        raise PermissionDenied(f"Bạn không có quyền {what}.")


def is_system(actor: Any) -> bool:
    return isinstance(actor, SystemActor)


def actor_name(actor: Any) -> str:
    """What the audit trail and the records keep as 'by whom': the user's name, or the system actor's."""
    check_actor(actor)
    if isinstance(actor, SystemActor):
        return actor.name[:150]
    if not getattr(actor, "pk", None):
        return ""
    return str(actor.get_full_name() or actor.get_username())[:150]
