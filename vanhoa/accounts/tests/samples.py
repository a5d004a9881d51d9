"""Objects for the URL walk (vanhoa/accounts/tests/test_url_walk.py): url name -> (kwargs, unit of the object)."""

from __future__ import annotations

from typing import Any

from vanhoa.accounts import services
from vanhoa.accounts.permissions import Role
from vanhoa.testing.actors import TEST


def samples(world: Any) -> dict[str, tuple[dict[str, Any], Any]]:
    group = world.groups[0]
    user, _ = services.create_user(
        actor=TEST, username="mau.totruong", full_name="Lường Văn Mẫu", role=Role.GROUP_LEADER, unit=group
    )
    membership = user.memberships.get()
    household = world.household(group, "Lò Thị Mẫu", member_count=3, phone="0987654321")
    u = {"pk": user.pk}
    return {
        "user-detail": (u, group),
        "user-role-assign": (u, group),
        "user-role-withdraw": ({"pk": user.pk, "membership_pk": membership.pk}, group),
        "user-deactivate": (u, group),
        "user-reactivate": (u, group),
        "user-password-reset": (u, group),
        "household-personal-data": ({"pk": household.pk}, group),
        "household-personal-data-json": ({"pk": household.pk}, group),
    }
