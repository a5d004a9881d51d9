"""How inspection findings (vanhoa.activities) act on the title cycle.

* A finding flagged "block" for a subject and year stops the recognition decision for that subject: the
  officer either resolves the flag (correction done) or leaves the candidacy out of the decision with a reason.
* A finding flagged "revoke" is noted in the candidacy's history as a request to revoke; revoking still needs
  the officer's decision (services.revoke_title), because a revocation is a legal act with its own number.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db.models import Q

from vanhoa.core import audit
from vanhoa.titles.choices import State
from vanhoa.titles.models import Candidacy


def _subject_filter(candidacy: Candidacy) -> Q:
    if candidacy.household_id:
        return Q(household_id=candidacy.household_id)
    if candidacy.agency_id:
        return Q(agency_id=candidacy.agency_id)
    if candidacy.group_id:
        return Q(group_id=candidacy.group_id, household__isnull=True)
    return Q(pk__in=[])


def blocking_flags(candidacies: Iterable[Candidacy]) -> dict[int, list[Any]]:
    """Open 'block' flags per candidacy id (one query for the whole list)."""
    from vanhoa.activities.models import TitleFlag

    candidacies = list(candidacies)
    if not candidacies:
        return {}
    where = Q(pk__in=[])
    for c in candidacies:
        where |= _subject_filter(c) & Q(year=c.year)
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
