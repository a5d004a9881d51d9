"""Accounts and roles: creating users, granting and withdrawing roles, locking, passwords.

Every function is atomic, checks that the actor may do it (a ward head manages the people of their ward
and grants only the roles GRANTABLE_ROLES allows, on current units inside their own scope) and writes one
audit entry per changed object. A system actor (vanhoa/core/actors.py) may only what it was given: load_demo,
createadmin and first_run hold Cap.USERS_MANAGE; a string is no actor (TypeError).
"""

from __future__ import annotations

import re
import secrets
from typing import Any

from django.contrib.auth import get_user_model, password_validation
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from vanhoa.accounts.models import Membership, PasswordState
from vanhoa.accounts.permissions import (
    GRANTABLE_ROLES,
    Cap,
    Role,
    capabilities_of,
    forget,
    role_unit_error,
    scope_unit_ids,
)
from vanhoa.accounts.roles import role_label
from vanhoa.core import audit
from vanhoa.core.actors import check_actor, is_system, may
from vanhoa.core.text import nfc
from vanhoa.units.models import Unit
from vanhoa.units.tree import get_graph

USER_FIELDS = ["username", "first_name", "last_name", "email", "is_active", "is_staff", "is_superuser"]
MEMBERSHIP_FIELDS = ["user", "unit", "role", "position", "active"]
USERNAME_RE = re.compile(r"^[a-z0-9][a-z0-9._-]{2,39}$")
TEMP_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"  # no 0/o, 1/l/i: easy to read out over the phone


class AccountError(Exception):
    """An account change that cannot be made; the message is shown to the user as is."""


class AccountRefused(AccountError, PermissionDenied):
    """The actor holds no Cap.USERS_MANAGE on the unit: refused before anything is read (the backstop)."""


def _backstop(actor: Any, unit: Unit | None) -> None:
    if not may(actor, Cap.USERS_MANAGE, unit):
        where = f" ở {unit.name}" if unit is not None else ""
        raise AccountRefused(f"Bạn không được giao vai trò quản lý tài khoản{where}.")


def _is_script(actor: Any) -> bool:
    """A system actor given Cap.USERS_MANAGE in vanhoa/core/actors.py (createadmin, first_run, load_demo).
    Anything else without a pk (None, an anonymous user, another system actor) is refused; a str is no actor."""
    check_actor(actor)
    return is_system(actor) and may(actor, Cap.USERS_MANAGE)


def _errors(exc: ValidationError) -> str:
    return " ".join(exc.messages)


def temporary_password() -> str:
    """A random password such as 'k7mq-x3rt-pa9w' (about 62 bits), shown once to the one who set it."""
    return "-".join("".join(secrets.choice(TEMP_ALPHABET) for _ in range(4)) for _ in range(3))


# --- who may manage whom ---------------------------------------------------------------------------


def _granting_memberships(actor: Any) -> list[tuple[str, int | None]]:
    return [
        (m.role, m.unit_id)
        for m in Membership.objects.filter(user=actor, active=True)
        if Cap.USERS_MANAGE in capabilities_of(m.role) and m.role in GRANTABLE_ROLES
    ]


def may_grant(actor: Any, role: str, unit: Unit | None) -> bool:
    """May `actor` give `role` on `unit`? Through one of their own roles that grants it and covers the unit."""
    if _is_script(actor):
        return True
    if not actor.is_active:
        return False
    if actor.is_superuser:
        return True
    graph = get_graph()
    for own_role, unit_id in _granting_memberships(actor):
        if role not in GRANTABLE_ROLES[own_role]:
            continue
        if unit_id is None:
            return True
        if unit is not None and unit.pk in graph.covered(unit_id):
            return True
    return False


def grantable_roles(actor: Any) -> list[str]:
    if _is_script(actor) or actor.is_superuser:
        return list(Role.values)
    roles: set[str] = set()
    for own_role, _ in _granting_memberships(actor):
        roles |= GRANTABLE_ROLES[own_role]
    return [r for r in Role.values if r in roles]


def assignable_units(actor: Any) -> QuerySet[Unit]:
    """Current units inside the actor's user-management scope (roles are given on today's units only)."""
    return Unit.objects.visible_to(actor, Cap.USERS_MANAGE).filter(valid_to__isnull=True)


def users_visible_to(actor: Any) -> QuerySet[Any]:
    """Users who hold (or held) a role inside the actor's scope; everyone for a system administrator."""
    user_model = get_user_model()
    scope = scope_unit_ids(actor, Cap.USERS_MANAGE)
    if scope is None:
        return user_model.objects.all()
    if not scope:
        return user_model.objects.none()
    return user_model.objects.filter(pk__in=Membership.objects.visible_to(actor, Cap.USERS_MANAGE).values("user"))


def may_manage(actor: Any, user: Any) -> bool:
    """May `actor` lock, unlock, reset the password of, or give roles to `user`? Only when the actor could
    have granted every active role of `user` (a ward head cannot take over a city account or a system
    administrator), and never oneself."""
    if _is_script(actor):
        return True
    if actor.pk == user.pk:
        return False
    scope = scope_unit_ids(actor, Cap.USERS_MANAGE)
    if scope is None:
        return True
    if user.is_superuser or not scope:
        return False
    memberships = list(Membership.objects.filter(user=user).select_related("unit"))
    if not any(m.unit_id in scope for m in memberships):
        return False
    return all(may_grant(actor, m.role, m.unit) for m in memberships if m.active)


def _require_manage(actor: Any, user: Any) -> None:
    if not _is_script(actor) and actor.pk == user.pk:
        raise AccountError("Không tự thay đổi tài khoản của mình ở đây; hãy dùng trang «Tài khoản của tôi».")
    if not may_manage(actor, user):
        raise AccountError(
            f"Bạn không quản lý được tài khoản {user.get_username()}: tài khoản này có vai trò ngoài phạm vi của bạn."
        )


def _require_grant(actor: Any, role: str, unit: Unit | None) -> None:
    error = role_unit_error(role, unit)
    if error:
        raise AccountError(error)
    # A unit that no longer exists gets no one working on it; read-only viewers may still look at its history.
    if unit is not None and unit.valid_to is not None and role != Role.VIEWER:
        raise AccountError(f"{unit.name} đã hết hiệu lực từ {unit.valid_to:%d/%m/%Y}; hãy chọn đơn vị hiện nay.")
    if not may_grant(actor, role, unit):
        where = unit.name if unit is not None else "toàn hệ thống"
        raise AccountError(f"Bạn không được giao vai trò «{role_label(role, unit)}» tại {where}.")


def _home_unit(user: Any, actor: Any = None) -> Unit | None:
    """The unit an entry about `user` is filed under: a unit of theirs inside the actor's scope if any."""
    memberships = list(Membership.objects.filter(user=user).select_related("unit").order_by("-active", "pk"))
    scope = scope_unit_ids(actor, Cap.USERS_MANAGE) if actor is not None and not _is_script(actor) else None
    for m in memberships:
        if m.unit is not None and (scope is None or m.unit_id in scope):
            return m.unit
    return None


def _sync_superuser(user: Any) -> None:
    """A system administrator of the whole installation (role without a unit) is a Django superuser."""
    is_admin = Membership.objects.filter(user=user, role=Role.SYSTEM_ADMIN, unit__isnull=True, active=True).exists()
    if user.is_superuser != is_admin or user.is_staff != is_admin:
        user.is_superuser = user.is_staff = is_admin
        user.save(update_fields=["is_superuser", "is_staff"])


def _validate_password(password: str, user: Any) -> None:
    try:
        password_validation.validate_password(password, user)
    except ValidationError as exc:
        raise AccountError("Mật khẩu: " + _errors(exc)) from exc


def _set_password(user: Any, password: str, *, temporary: bool) -> None:
    """Set the password and remember whether it is a temporary one (set by someone else: the user must replace
    it at the next sign-in)."""
    user.set_password(password)
    user.save(update_fields=["password"])
    PasswordState.objects.update_or_create(user=user, defaults={"must_change": temporary, "changed_at": timezone.now()})


def must_change_password(user: Any) -> bool:
    """Does the user sign in with a temporary password that they must replace before anything else?"""
    if not getattr(user, "pk", None):
        return False
    return PasswordState.objects.filter(user_id=user.pk, must_change=True).exists()


def _end_sessions_and_tokens(user: Any, *, actor: Any) -> int:
    """Sign the user out everywhere and revoke their API tokens (one audit entry per token). Done on a password
    reset, a lock and a withdrawn role, so nothing opened before keeps working (#21 F10). Returns the number
    of sessions ended."""
    from django.contrib.sessions.models import Session

    from vanhoa.api import services as api_services
    from vanhoa.api.models import ApiToken

    ended = 0
    for session in Session.objects.filter(expire_date__gt=timezone.now()).iterator():
        if str(session.get_decoded().get("_auth_user_id")) == str(user.pk):
            session.delete()
            ended += 1
    for token in ApiToken.objects.filter(owner=user, revoked_at__isnull=True):
        api_services.revoke_token(token, actor=actor)
    return ended


# --- services --------------------------------------------------------------------------------------


@transaction.atomic
def create_user(
    *,
    actor: Any,
    username: str,
    full_name: str,
    role: str,
    unit: Unit | None,
    position: str = "",
    password: str | None = None,
    email: str = "",
) -> tuple[Any, str | None]:
    """Create an account holding `role` on `unit`. Without `password` a temporary one is generated and
    returned (show it once); with one, the password rules apply."""
    _backstop(actor, None)  # the finer rules follow: the role on this unit (_require_grant)
    user_model = get_user_model()
    username = nfc(username).strip().lower()
    full_name = " ".join(nfc(full_name).split())
    if not USERNAME_RE.fullmatch(username):
        raise AccountError(
            "Tên đăng nhập: 3–40 ký tự, chỉ gồm chữ không dấu, chữ số, dấu chấm, gạch dưới hoặc gạch ngang."
        )
    if user_model.objects.filter(username__iexact=username).exists():
        raise AccountError(f"Tên đăng nhập «{username}» đã có người dùng; hãy chọn tên khác.")
    if not full_name:
        raise AccountError("Họ và tên: vui lòng nhập họ và tên người dùng.")
    _require_grant(actor, role, unit)
    # The whole name in first_name: get_full_name() then reads in Vietnamese order (family name first).
    user = user_model(username=username, first_name=full_name[:150], email=email)
    generated = None
    if password:
        _validate_password(password, user)
    else:
        password = generated = temporary_password()
    user.save()
    # A password someone else chose (generated, or typed by the ward head) is temporary; a script's is not.
    _set_password(user, password, temporary=generated is not None or not _is_script(actor))
    audit.record(actor, "accounts.user.created", user, after=audit.snapshot(user, USER_FIELDS), unit=unit)
    _grant(actor, user, role, unit, position)
    return user, generated


def _grant(actor: Any, user: Any, role: str, unit: Unit | None, position: str) -> Membership:
    membership = Membership.objects.filter(user=user, unit=unit, role=role).first()
    if membership is not None and membership.active:
        where = unit.name if unit is not None else "toàn hệ thống"
        raise AccountError(
            f"{user.get_full_name() or user.username} đã có vai trò «{role_label(role, unit)}» tại {where}."
        )
    before = audit.snapshot(membership, MEMBERSHIP_FIELDS) if membership is not None else None
    if membership is None:
        membership = Membership(user=user, unit=unit, role=role)
    membership.position = nfc(position).strip()
    membership.active = True
    membership.save()
    audit.record(
        actor,
        "accounts.membership.granted",
        membership,
        before=before,
        after=audit.snapshot(membership, MEMBERSHIP_FIELDS),
        unit=unit,
    )
    _sync_superuser(user)
    forget(user)
    return membership


@transaction.atomic
def assign_role(user: Any, *, actor: Any, role: str, unit: Unit | None, position: str = "") -> Membership:
    """Give `user` one more role (a person may hold several: group leader and front committee member …)."""
    _backstop(actor, None)  # the finer rules follow: the role on this unit (_require_grant)
    _require_manage(actor, user)
    _require_grant(actor, role, unit)
    return _grant(actor, user, role, unit, position)


@transaction.atomic
def withdraw_role(membership: Membership, *, actor: Any) -> Membership:
    """End a role. The row stays (inactive) so the history shows who held what."""
    _backstop(actor, membership.unit)  # the finer rules follow
    membership = Membership.objects.select_for_update(of=("self",)).select_related("user", "unit").get(pk=membership.pk)
    user = membership.user
    if not _is_script(actor) and actor.pk == user.pk:
        raise AccountError("Không tự thu hồi vai trò của mình; hãy nhờ cấp trên.")
    if not membership.active:
        raise AccountError("Vai trò này đã được thu hồi trước đó.")
    if not may_grant(actor, membership.role, membership.unit):
        raise AccountError(f"Bạn không được thu hồi vai trò «{membership.role_name}» tại {membership}.")
    before = audit.snapshot(membership, MEMBERSHIP_FIELDS)
    membership.active = False
    membership.save()
    audit.record(
        actor,
        "accounts.membership.withdrawn",
        membership,
        before=before,
        after=audit.snapshot(membership, MEMBERSHIP_FIELDS),
        unit=membership.unit,
    )
    _sync_superuser(user)
    forget(user)
    _end_sessions_and_tokens(user, actor=actor)
    return membership


@transaction.atomic
def update_user(user: Any, *, actor: Any, full_name: str, email: str = "") -> Any:
    _backstop(actor, None)  # the finer rules follow
    _require_manage(actor, user)
    full_name = " ".join(nfc(full_name).split())
    if not full_name:
        raise AccountError("Họ và tên: vui lòng nhập họ và tên người dùng.")
    before = audit.snapshot(user, USER_FIELDS)
    user.first_name, user.last_name, user.email = full_name[:150], "", email
    user.save(update_fields=["first_name", "last_name", "email"])
    after = audit.snapshot(user, USER_FIELDS)
    if before != after:
        audit.record(actor, "accounts.user.updated", user, before=before, after=after, unit=_home_unit(user, actor))
    return user


@transaction.atomic
def deactivate_user(user: Any, *, actor: Any, reason: str = "") -> Any:
    """Lock an account (someone left the post): they cannot sign in; open sessions end at their next request."""
    _backstop(actor, None)  # the finer rules follow
    _require_manage(actor, user)
    if not user.is_active:
        raise AccountError("Tài khoản đã bị khóa trước đó.")
    before = audit.snapshot(user, USER_FIELDS)
    user.is_active = False
    user.save(update_fields=["is_active"])
    _end_sessions_and_tokens(user, actor=actor)  # a later reactivation does not bring them back
    audit.record(
        actor,
        "accounts.user.deactivated",
        user,
        before=before,
        after=audit.snapshot(user, USER_FIELDS),
        unit=_home_unit(user, actor),
        note=nfc(reason).strip(),
    )
    return user


@transaction.atomic
def reactivate_user(user: Any, *, actor: Any) -> Any:
    _backstop(actor, None)  # the finer rules follow
    _require_manage(actor, user)
    if user.is_active:
        raise AccountError("Tài khoản đang hoạt động.")
    before = audit.snapshot(user, USER_FIELDS)
    user.is_active = True
    user.save(update_fields=["is_active"])
    audit.record(
        actor,
        "accounts.user.reactivated",
        user,
        before=before,
        after=audit.snapshot(user, USER_FIELDS),
        unit=_home_unit(user, actor),
    )
    return user


@transaction.atomic
def reset_password(user: Any, *, actor: Any, password: str | None = None) -> str | None:
    """Set a new password for someone who forgot theirs; without `password` a temporary one is generated
    and returned. Also lifts a login lock-out of that account."""
    _backstop(actor, None)  # the finer rules follow
    _require_manage(actor, user)
    generated = None
    if password:
        _validate_password(password, user)
    else:
        password = generated = temporary_password()
    _set_password(user, password, temporary=generated is not None or not _is_script(actor))
    _end_sessions_and_tokens(user, actor=actor)
    from axes.utils import reset as reset_lockouts

    reset_lockouts(username=user.get_username())
    audit.record(
        actor,
        "accounts.user.password_reset",
        user,
        unit=_home_unit(user, actor),
        extra={"generated": generated is not None},
    )
    return generated


@transaction.atomic
def change_own_password(user: Any, *, old_password: str, new_password: str) -> Any:
    if not user.check_password(old_password):
        raise AccountError("Mật khẩu hiện tại không đúng.")
    if old_password == new_password:
        raise AccountError("Mật khẩu mới phải khác mật khẩu hiện tại.")
    _validate_password(new_password, user)
    _set_password(user, new_password, temporary=False)
    audit.record(user, "accounts.user.password_changed", user, unit=_home_unit(user))
    return user


@transaction.atomic
def replace_temporary_password(user: Any, *, new_password: str) -> Any:
    """At the first sign-in with a temporary password: the user chooses their own (they have just typed the
    temporary one, so it is not asked again)."""
    if not must_change_password(user):
        raise AccountError("Mật khẩu của bạn không phải mật khẩu tạm; hãy đổi ở trang «Tài khoản của tôi».")
    if user.check_password(new_password):
        raise AccountError("Mật khẩu mới phải khác mật khẩu tạm.")
    _validate_password(new_password, user)
    _set_password(user, new_password, temporary=False)
    audit.record(user, "accounts.user.password_changed", user, unit=_home_unit(user), extra={"temporary": True})
    return user
