"""A small, hand-made world for tests: the demo's shape in miniature, with one persona per role.

Tỉnh Lai Châu (pre-2025) ─ Thành phố Lai Châu ─ Phường Quyết Tiến (until 30/06/2025)
Tỉnh Lai Châu (2025) ─ Phường Đoàn Kết (from 01/07/2025) ← merged from Quyết Tiến
    Tổ dân phố số 1, 2, 3 (of Quyết Tiến, moved under Đoàn Kết on 01/07/2025)
Tỉnh Điện Biên ─ Phường Him Lam ─ Tổ dân phố số 1 (another province: nobody above sees it)
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.contrib.auth import get_user_model

from vanhoa.accounts.models import Membership
from vanhoa.accounts.permissions import Role
from vanhoa.registry import services as registry
from vanhoa.registry.models import Household
from vanhoa.testing.actors import TEST
from vanhoa.units import services as units
from vanhoa.units.choices import CodeScheme, UnitKind
from vanhoa.units.models import Unit

PASSWORD = "mat-khau-thu-nghiem"
REFORM = date(2025, 7, 1)

# persona -> (role, where); each line says what the persona may see.
PERSONAS: dict[str, tuple[str | None, str | None]] = {
    "anonymous": (None, None),  # nothing but the login page
    "system_admin": (Role.SYSTEM_ADMIN, None),  # everything
    "ward_head": (Role.WARD_HEAD, "ward"),  # everything in Đoàn Kết and its predecessors
    "front_officer": (Role.FRONT_OFFICER, "ward"),  # households, groups, titles of the ward
    "union_officer": (Role.UNION_OFFICER, "ward"),  # agencies; no households
    "culture_officer": (Role.CULTURE_OFFICER, "ward"),  # streets and the plan; no households
    "leader_group1": (Role.GROUP_LEADER, "group1"),  # only Tổ dân phố số 1
    "leader_group2": (Role.GROUP_LEADER, "group2"),  # only Tổ dân phố số 2
    "city_viewer": (Role.VIEWER, "city"),  # read-only aggregates of Thành phố Lai Châu
}


def unit(kind: str, name: str, parent: Unit | None = None, **extra: Any) -> Unit:
    short = extra.pop("short_name", name.split(" ", 1)[-1])
    type_label = extra.pop("type_label", name.split(" ")[0])
    return units.create_unit(
        actor=TEST, kind=kind, name=name, short_name=short, type_label=type_label, parent=parent, **extra
    )


@dataclass
class World:
    old_province: Unit
    province: Unit
    city: Unit
    ward_2020: Unit
    ward: Unit
    groups: list[Unit]
    other_ward: Unit
    other_group: Unit
    users: dict[str, Any] = field(default_factory=dict)

    def household(self, group: Unit, head_name: str, member_count: int = 4, **kw: Any) -> Household:
        return registry.create_household(
            actor=TEST, group=group, head_name=head_name, member_count=member_count, **kw
        )


def build_world() -> World:
    old_province = unit(
        UnitKind.PROVINCE, "Tỉnh Lai Châu", code="12", code_scheme=CodeScheme.PRE2025, valid_to=date(2025, 6, 30)
    )
    province = unit(UnitKind.PROVINCE, "Tỉnh Lai Châu", code="12", code_scheme=CodeScheme.S2025, valid_from=REFORM)
    city = unit(
        UnitKind.DISTRICT,
        "Thành phố Lai Châu",
        old_province,
        type_label="Thành phố",
        short_name="Lai Châu",
        code="105",
        code_scheme=CodeScheme.PRE2025,
        valid_to=date(2025, 6, 30),
    )
    ward_2020 = unit(
        UnitKind.COMMUNE,
        "Phường Quyết Tiến",
        city,
        code="03388",
        code_scheme=CodeScheme.PRE2025,
        valid_from=date(2012, 11, 2),
    )
    ward = unit(
        UnitKind.COMMUNE, "Phường Đoàn Kết", province, code="03388", code_scheme=CodeScheme.S2025, valid_from=REFORM
    )
    groups = [
        unit(
            UnitKind.GROUP,
            f"Tổ dân phố số {n}",
            ward_2020,
            type_label="Tổ dân phố",
            short_name=f"Tổ dân phố số {n}",
            order=n,
        )
        for n in (1, 2, 3)
    ]
    units.merge_units([ward_2020], into=ward, effective=REFORM, actor=TEST, legal_basis="NQ 1670/NQ-UBTVQH15")
    for g in groups:
        g.refresh_from_db()
    other_province = unit(UnitKind.PROVINCE, "Tỉnh Điện Biên", code="11", code_scheme=CodeScheme.S2025)
    other_ward = unit(UnitKind.COMMUNE, "Phường Him Lam", other_province)
    other_group = unit(
        UnitKind.GROUP, "Tổ dân phố số 1", other_ward, type_label="Tổ dân phố", short_name="Tổ dân phố số 1"
    )
    world = World(old_province, province, city, ward_2020, ward, groups, other_ward, other_group)
    places = {"ward": ward, "group1": groups[0], "group2": groups[1], "city": city, None: None}
    user_model = get_user_model()
    for persona, (role, place) in PERSONAS.items():
        if role is None:
            world.users[persona] = None
            continue
        user = user_model.objects.create_user(username=persona, password=PASSWORD, first_name=persona)
        if role == Role.SYSTEM_ADMIN:
            user.is_superuser = user.is_staff = True
            user.save()
        Membership.objects.create(user=user, unit=places[place], role=role)
        world.users[persona] = user
    return world
