"""What a group leader's phone keeps (issue 20): the leader's own group, its households and the open review
meeting of the year, each with the version (core.versioning) a change made offline will be based on."""

from __future__ import annotations

from typing import Any

from vanhoa.accounts.models import Membership
from vanhoa.accounts.permissions import Cap
from vanhoa.core import audit, versioning
from vanhoa.offline import attendance
from vanhoa.registry.choices import HouseholdStatus
from vanhoa.registry.models import Household
from vanhoa.titles.choices import MeetingStatus
from vanhoa.titles.models import LINE_FIELDS, MEETING_VERSION_FIELDS, ReviewEntry, ReviewMeeting
from vanhoa.units.choices import UnitKind
from vanhoa.units.models import Unit
from vanhoa.units.words import localise_text

FACT_FIELDS = ("held_on", "place", "chair", "secretary", "invited", "present")


class NoGroup(Exception):
    """The user leads no residential group: the phone app is not for them."""


def leader_group(user: Any) -> Unit:
    """The residential group the user leads (the first, by name, if several): the only data the phone holds."""
    ids = Membership.objects.filter(user=user, active=True, unit__kind=UnitKind.GROUP).values_list("unit", flat=True)
    group = Unit.objects.visible_to(user, Cap.TITLES_REVIEW).filter(pk__in=ids).order_by("name", "pk").first()
    if group is None:
        raise NoGroup(
            localise_text(
                "Ứng dụng này dành cho người phụ trách tổ dân phố; tài khoản của bạn không phụ trách tổ dân phố nào."
            )
        )
    return group


def household_version(h: Household) -> str:
    """What the household's editors change and its status: a household moved out (or back) on one side while
    changed on the other is a conflict on the phone, not a change applied to a household that has gone."""
    return versioning.token_of({**versioning.values(h), "status": h.status})


def line_version(e: ReviewEntry) -> str:
    """A line's own version: lines of one meeting are edited one by one on the phone."""
    return versioning.token_of(audit.snapshot(e, LINE_FIELDS))


def facts_version(m: ReviewMeeting) -> str:
    return versioning.token_of(audit.snapshot(m, MEETING_VERSION_FIELDS))


def open_meeting(user: Any, group: Unit, year: int) -> ReviewMeeting | None:
    return (
        ReviewMeeting.objects.visible_to(user, Cap.TITLES_REVIEW)
        .filter(unit=group, year=year, status=MeetingStatus.DRAFT)
        .select_related("title_type")
        .order_by("pk")
        .first()
    )


def _household(h: Household) -> dict[str, Any]:
    return {
        "id": h.pk,
        "code": h.code,
        "head_name": h.head_name,
        "address": h.address,
        "member_count": h.member_count,
        "active": h.status == HouseholdStatus.ACTIVE,
        "version": household_version(h),
    }


def _meeting(m: ReviewMeeting) -> dict[str, Any]:
    facts = audit.snapshot(m, FACT_FIELDS)
    lines = [
        {
            "candidacy": e.candidacy_id,
            "name": e.candidacy.subject_name,
            "criteria_met": e.criteria_met,
            "reason_text": e.reason_text,
            "points": attendance.points_text(e.points),
            "version": line_version(e),
        }
        for e in m.entries.select_related("candidacy").order_by("candidacy__sort_key", "pk")
    ]
    return {
        "id": m.pk,
        "title": f"Họp bình xét {m.title_type.name} {m.year}",
        "facts": facts,
        "facts_version": facts_version(m),
        "lines": lines,
        "scores": attendance.scores(m),
        "attendance": attendance.for_phone(m),
    }


def group_data(user: Any, year: int) -> dict[str, Any]:
    """Everything the phone keeps for `user`: their group only (visible_to, then the group)."""
    from vanhoa.offline import festival  # it reads leader_group from here

    group = leader_group(user)
    households = Household.objects.visible_to(user, Cap.HOUSEHOLDS_VIEW).filter(group=group)
    meeting = open_meeting(user, group, year)
    return {
        "user": user.pk,
        "group": {"id": group.pk, "name": group.name},
        "year": year,
        "households": [_household(h) for h in households.order_by("head_sort_key", "code", "pk")],
        "meeting": _meeting(meeting) if meeting else None,
        "festival": festival.for_phone(user, group, year),
    }
