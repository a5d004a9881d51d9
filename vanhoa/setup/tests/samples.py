"""Objects for the URL walk: the wizard's steps act on the work ward."""

from __future__ import annotations

from typing import Any


def samples(world: Any) -> dict[str, tuple[dict[str, Any], Any]]:
    return {
        "setup-groups": ({}, world.ward),
        "setup-households": ({}, world.ward),
        "setup-accounts": ({}, world.ward),
    }
