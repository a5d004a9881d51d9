"""Where other apps plug into inspections: the title cycle (vanhoa/titles, built on another branch) subscribes
here once both are merged, without this app importing it.

    # vanhoa/titles/apps.py, in ready():
    from vanhoa.activities import hooks
    hooks.on_title_flag.append(block_or_open_revocation)      # called with the new TitleFlag
    hooks.on_title_flag_resolved.append(lift_block)            # called with the resolved TitleFlag

Subscribers run inside the service's transaction, after the flag and its audit entry are written: if one
raises, nothing is kept (the flag, its audit entry and whatever the other subscribers wrote are rolled back),
and the error reaches the caller. A subscriber receives the flag (`flag.subject_kind`, `flag.subject`,
`flag.year`, `flag.consequence`, `flag.reason`, `flag.inspection`, `flag.finding`) and the acting user as
`actor=`.

Reading the other way, the titles app asks `vanhoa.activities.services.open_title_flags(subject, year)`
before it lets a candidacy through, and feeds its criteria sets to inspections with
`vanhoa.activities.checklists.register(...)`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

Subscriber = Callable[..., Any]

#: Called as `subscriber(flag, actor=actor)` when flag_title_consequence records a TitleFlag.
on_title_flag: list[Subscriber] = []
#: Called as `subscriber(flag, actor=actor)` when resolve_title_flag closes one.
on_title_flag_resolved: list[Subscriber] = []


def notify(subscribers: list[Subscriber], flag: Any, *, actor: Any) -> None:
    for subscriber in list(subscribers):
        subscriber(flag, actor=actor)
