"""Objects for the URL walk (vanhoa/accounts/tests/test_url_walk.py): url name -> (kwargs, unit of the object)."""

from __future__ import annotations

from typing import Any

from vanhoa.deadlines import services


def samples(world: Any) -> dict[str, tuple[dict[str, Any], Any]]:
    user = world.users["ward_head"]
    row = services.reset_feed_token(user, actor=user)
    return {"reminders-feed": ({"token": row.feed_token}, world.ward)}  # public: the secret is the key
