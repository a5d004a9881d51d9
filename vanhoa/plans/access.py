"""Who takes part in an activity, and who may report on it.

Rules (also in docs/plans.md):

* Capability ``plans.view`` shows the plans of the user's wards; group leaders also see the plans of the ward
  their group belongs (or belonged) to.
* ``plans.change`` on the plan's ward (culture officer, ward head, system administrator) changes everything.
* The officers of an activity's **lead** units (organisations whose ``member_roles`` include one of the user's
  roles on that ward, or the user's own residential group) may also set the activity's status, add progress
  notes and attach files.
* The officers of its **coordinating** units may add progress notes and attach files (their part of the
  work, e.g. a group leader's photos of the 18/11 festival in the group), but not change the status.
"""

from __future__ import annotations

from typing import Any

from vanhoa.accounts.permissions import Cap, has_cap
from vanhoa.plans.choices import PartyRole
from vanhoa.plans.models import Activity, ActivityParty
from vanhoa.units.choices import UnitKind
from vanhoa.units.tree import get_graph

Membership = tuple[str, int, str]  # role, unit id, unit kind


def memberships(user: Any) -> list[Membership]:
    """The user's active roles bound to a unit (cached on the user object for the request)."""
    if user is None or not getattr(user, "is_authenticated", False):
        return []
    cached = user.__dict__.get("_vanhoa_plan_memberships")
    if cached is None:
        from vanhoa.accounts.models import Membership as MembershipModel

        cached = list(
            MembershipModel.objects.filter(user=user, active=True, unit__isnull=False).values_list(
                "role", "unit_id", "unit__kind"
            )
        )
        user.__dict__["_vanhoa_plan_memberships"] = cached
    return cached


def party_includes(user: Any, party: ActivityParty) -> bool:
    """Is the user one of the officers of this lead / coordinating unit?"""
    graph = get_graph()
    ms = memberships(user)
    if party.organisation_id is not None:
        org = party.organisation
        for role, unit_id, kind in ms:
            if role not in (org.member_roles or []):
                continue
            if org.ward_id in graph.covered(unit_id):
                return True
            if kind == UnitKind.GROUP and unit_id in graph.covered(org.ward_id):
                return True
        return False
    if party.unit_id is not None:
        return any(
            kind == UnitKind.GROUP and (unit_id == party.unit_id or party.unit_id in graph.covered(unit_id))
            for _, unit_id, kind in ms
        )
    return False


def involvement(user: Any, activity: Activity) -> set[str]:
    """{"lead", "coordinate"}: the roles in which the user's units take part in the activity."""
    return {p.role for p in activity.parties.all() if party_includes(user, p)}


def can_change_plan(user: Any, plan_ward_id: int) -> bool:
    return has_cap(user, Cap.PLANS_CHANGE, plan_ward_id)


def can_set_status(user: Any, activity: Activity) -> bool:
    return can_change_plan(user, activity.plan.ward_id) or PartyRole.LEAD in involvement(user, activity)


def can_report(user: Any, activity: Activity) -> bool:
    """May add progress notes and attachments."""
    return can_change_plan(user, activity.plan.ward_id) or bool(involvement(user, activity))
