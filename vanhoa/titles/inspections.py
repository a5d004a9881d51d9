"""How inspection findings (vanhoa.activities) act on the title cycle.

* A finding flagged "block" for a subject and year stops the recognition decision for that subject: the
  officer either resolves the flag (correction done) or leaves the candidacy out of the decision with a reason.
* A finding flagged "revoke" is noted in the candidacy's history as a request to revoke; revoking still needs
  the officer's decision (services.revoke_title), because a revocation is a legal act with its own number.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from django.db.models import Q

from vanhoa.core import audit
from vanhoa.titles.choices import State
from vanhoa.titles.models import Candidacy


def blocking_flags(candidacies: Iterable[Candidacy]) -> dict[int, list[Any]]:
    """Open 'block' flags per candidacy id (one query for the whole list)."""
    from vanhoa.activities.models import TitleFlag

    candidacies = list(candidacies)
    if not candidacies:
        return {}
    # One IN list per subject kind and year (a decision of a whole ward lists 1,000+ households: one OR term per
    # candidacy made SQLite refuse the query, "Expression tree is too large").
    subjects: dict[tuple[int, str], set[int]] = defaultdict(set)
    for c in candidacies:
        if c.household_id:
            subjects[(c.year, "household_id")].add(c.household_id)
        elif c.agency_id:
            subjects[(c.year, "agency_id")].add(c.agency_id)
        elif c.group_id:
            subjects[(c.year, "group_id")].add(c.group_id)
    where = Q(pk__in=[])
    for (year, field_name), ids in subjects.items():
        extra = {"household__isnull": True} if field_name == "group_id" else {}
        where |= Q(year=year, **{f"{field_name}__in": sorted(ids)}, **extra)
    flags = list(TitleFlag.objects.open().filter(where, consequence="block").select_related("inspection"))
    out: dict[int, list[Any]] = {}
    for c in candidacies:
        mine = [
            f
            for f in flags
            if f.year == c.year
            and (
                (c.household_id and f.household_id == c.household_id)
                or (c.agency_id and f.agency_id == c.agency_id)
                or (c.group_id and not c.household_id and f.group_id == c.group_id and f.household_id is None)
            )
        ]
        if mine:
            out[c.pk] = mine
    return out


def note_revocation_request(flag: Any, *, actor: Any) -> None:
    """Subscriber of activities.hooks.on_title_flag: a 'revoke' flag is written into the candidacy's history."""
    if flag.consequence != "revoke":
        return
    q = (
        Q(household_id=flag.household_id)
        if flag.household_id
        else (Q(agency_id=flag.agency_id) if flag.agency_id else Q(group_id=flag.group_id, household__isnull=True))
    )
    for candidacy in Candidacy.objects.filter(q, year=flag.year, state__in=[State.DECIDED, State.CERTIFIED]):
        audit.record(
            actor,
            "titles.candidacy.revocation_requested",
            candidacy,
            unit=candidacy.unit,
            note=flag.reason,
            extra={"inspection": str(flag.inspection)},
        )
