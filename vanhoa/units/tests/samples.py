"""Objects for the URL walk (vanhoa/accounts/tests/test_url_walk.py): url name -> (kwargs, unit of the object)."""

from __future__ import annotations

from typing import Any


def samples(world: Any) -> dict[str, tuple[dict[str, Any], Any]]:
    group = world.groups[0]
    return {
        "unit-group-create": ({}, world.ward),  # acts on the work ward
        "unit-detail": ({"pk": group.pk}, group),
        "unit-rename": ({"pk": group.pk}, group),
    }
