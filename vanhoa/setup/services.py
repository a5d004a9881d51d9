"""The first run of an installation: the first administrator, the commune's groups, its first accounts.

Every change goes through the owning app's services (accounts.services.create_user, units.services.create_unit),
so the same checks and audit entries apply as on the other pages.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction

from vanhoa.accounts import services as accounts
from vanhoa.accounts.permissions import Cap, Role
from vanhoa.core.actors import FIRST_RUN, require
from vanhoa.core.text import fold, nfc
from vanhoa.units import services as units
from vanhoa.units.choices import CodeScheme, UnitKind
from vanhoa.units.models import Unit
from vanhoa.units.words import is_urban_commune, is_urban_group

# Type words a pasted group name may start with (longest first), as written in the name.
GROUP_TYPES = ("Tổ dân phố", "Khu phố", "Khối phố", "Tiểu khu", "Thôn", "Bản", "Xóm", "Làng", "Ấp", "Buôn",
               "Khóm", "Tổ", "Khu")  # fmt: skip
MAX_GROUPS = 200


class SetupError(Exception):
    """A first-run step that cannot be done; the message is shown as is."""


def has_users() -> bool:
    return get_user_model().objects.exists()


@transaction.atomic
def create_first_admin(*, username: str, full_name: str, password: str) -> Any:
    """The installation's first account: a system administrator of the whole installation. Refused as soon
    as any account exists (the page that calls it is open to anonymous visitors)."""
    user_model = get_user_model()
    list(user_model.objects.select_for_update().all()[:1])  # two first visits at once: one wins
    if user_model.objects.exists():
        raise SetupError("Hệ thống đã có tài khoản quản trị; hãy đăng nhập.")
    try:
        user, _ = accounts.create_user(
            actor=FIRST_RUN, username=username, full_name=full_name, role=Role.SYSTEM_ADMIN, unit=None,
            password=password,
        )  # fmt: skip
    except accounts.AccountError as exc:
        raise SetupError(str(exc)) from exc
    return user


def default_group_type(ward: Unit) -> str:
    return "Tổ dân phố" if is_urban_commune(ward) else "Thôn"


def parse_group_names(text: str, default_type: str) -> list[tuple[str, str]]:
    """Pasted lines → [(type_label, full name)]: "Bản Nà Nọi" → ("Bản", "Bản Nà Nọi"); "Nà Pồng" with default
    Thôn → ("Thôn", "Thôn Nà Pồng"); "3" → ("Thôn", "Thôn 3") or ("Tổ dân phố", "Tổ dân phố số 3"). Lines
    may carry a leading number or bullet ("1. Thôn Nà Nọi", "- Bản Khau"); empty lines and repeats are dropped."""
    out: list[tuple[str, str]] = []
    seen: set[str] = set()
    for raw in text.splitlines():
        line = " ".join(re.sub(r"^\s*(?:[-–•*]|\d+[.)])\s+", "", nfc(raw)).split()).strip(" ,;")
        if not line:
            continue
        type_label = next((t for t in GROUP_TYPES if fold(line).startswith(fold(t) + " ")), "")
        if type_label:
            name = type_label + line[len(type_label) :]
        elif line.isdigit():
            type_label = default_type
            name = f"{type_label} số {line}" if is_urban_group(type_label) else f"{type_label} {line}"
        else:
            type_label = default_type
            name = f"{type_label} {line}"
        if fold(name) not in seen:
            seen.add(fold(name))
            out.append((type_label, name))
    return out


@transaction.atomic
def add_groups(ward: Unit, *, actor: Any, text: str, default_type: str) -> list[Unit]:
    """Create the commune's residential groups from pasted names (see parse_group_names); names the commune
    already has are skipped. Returns the new groups."""
    require(actor, Cap.UNITS_CHANGE, ward, what="thêm thôn, tổ")
    if ward.kind != UnitKind.COMMUNE or ward.valid_to is not None:
        raise SetupError("Chỉ thêm thôn, tổ cho xã, phường đang hoạt động.")
    wanted = parse_group_names(text, default_type)
    if not wanted:
        raise SetupError("Danh sách tên: hãy nhập mỗi dòng một tên, ví dụ «Thôn Nà Nọi» hoặc «Bản Khau Pàn».")
    if len(wanted) > MAX_GROUPS:
        raise SetupError(f"Danh sách tên: có {len(wanted)} dòng, nhiều hơn {MAX_GROUPS}; hãy kiểm tra lại.")
    existing = ward.children.filter(kind=UnitKind.GROUP, valid_to__isnull=True)
    have = {fold(n) for n in existing.values_list("name", flat=True)}
    order = existing.count()
    created = []
    for type_label, name in wanted:
        if fold(name) in have:
            continue
        order += 1
        short = name[len(type_label) :].strip() or name
        created.append(
            units.create_unit(
                actor=actor,
                kind=UnitKind.GROUP,
                parent=ward,
                type_label=type_label,
                name=name,
                short_name=short,
                code="",
                code_scheme=CodeScheme.LOCAL,
                order=order,
            )  # fmt: skip
        )
    return created


@dataclass(frozen=True)
class NewAccount:
    user: Any
    password: str
    role_label: str
    unit: Unit


def username_for(full_name: str) -> str:
    """ "Nguyễn Văn An" → "an.nv", made unique with a number ("an.nv2")."""
    words = re.findall(r"[a-z0-9]+", fold(full_name).replace("đ", "d"))
    base = (words[-1] + "." + "".join(w[0] for w in words[:-1])) if len(words) > 1 else (words or ["nguoidung"])[0]
    base = base[:36].strip(".") or "nguoidung"
    taken = set(get_user_model().objects.filter(username__startswith=base).values_list("username", flat=True))
    if base not in taken and len(base) >= 3:
        return base
    n = 2
    while f"{base}{n}" in taken:
        n += 1
    return f"{base}{n}"


@transaction.atomic
def create_accounts(*, actor: Any, people: list[tuple[str, str, Unit]]) -> list[NewAccount]:
    """Accounts for the steering committee and the group leaders: [(full name, role, unit)] → each with a
    generated username and a temporary password (shown once, on the sheet to hand out)."""
    require(actor, Cap.USERS_MANAGE, what="tạo tài khoản")  # each one: accounts.create_user
    from vanhoa.accounts.roles import role_label

    made = []
    for full_name, role, unit in people:
        full_name = " ".join(nfc(full_name).split())
        if not full_name:
            continue
        try:
            user, password = accounts.create_user(
                actor=actor, username=username_for(full_name), full_name=full_name, role=role, unit=unit
            )
        except accounts.AccountError as exc:
            raise SetupError(f"{full_name}: {exc}") from exc
        made.append(NewAccount(user, password or "", role_label(role, unit), unit))
    return made
