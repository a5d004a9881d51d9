"""The capability map, in words: who may do what, bound to which unit."""

from __future__ import annotations

import pytest

from vanhoa.accounts.permissions import (
    GRANTABLE_ROLES,
    ROLE_CAPABILITIES,
    ROLE_UNIT_KINDS,
    Cap,
    Role,
    capabilities_of,
    has_cap,
    role_unit_error,
    scope_unit_ids,
    view_cap_for,
)

CHANGES = {c for c in Cap if not c.value.endswith(".view")} - {Cap.HOUSEHOLDS_PHONE}


def test_every_role_has_capabilities_and_allowed_unit_kinds():
    assert set(ROLE_CAPABILITIES) == set(Role.values) == set(ROLE_UNIT_KINDS)


def test_the_system_administrator_may_do_everything():
    assert capabilities_of(Role.SYSTEM_ADMIN) == frozenset(Cap)


def test_the_ward_head_does_everything_in_the_ward_but_receive_reports_or_set_up_communes():
    caps = capabilities_of(Role.WARD_HEAD)
    assert Cap.TITLES_DECIDE in caps and Cap.USERS_MANAGE in caps and Cap.PRIVACY_EXPORT in caps
    assert set(Cap) - caps == {Cap.REPORTS_RECEIVE, Cap.SYSTEM_SETUP}


def test_the_front_officer_runs_households_and_the_title_cycle():
    caps = capabilities_of(Role.FRONT_OFFICER)
    assert {Cap.HOUSEHOLDS_CHANGE, Cap.HOUSEHOLDS_PHONE, Cap.TITLES_REGISTER, Cap.TITLES_REVIEW} <= caps
    assert {Cap.AUDIT_VIEW, Cap.PRIVACY_EXPORT} <= caps
    assert not caps & {Cap.TITLES_DECIDE, Cap.USERS_MANAGE, Cap.AGENCIES_CHANGE, Cap.STREETS_CHANGE}


def test_the_union_officer_keeps_agencies_and_sees_no_household():
    caps = capabilities_of(Role.UNION_OFFICER)
    assert Cap.AGENCIES_CHANGE in caps
    assert not caps & {Cap.HOUSEHOLDS_VIEW, Cap.HOUSEHOLDS_PHONE, Cap.STREETS_CHANGE, Cap.PLANS_CHANGE}


def test_the_culture_officer_keeps_streets_and_the_plan_and_sees_no_household():
    caps = capabilities_of(Role.CULTURE_OFFICER)
    assert {Cap.STREETS_CHANGE, Cap.PLANS_CHANGE} <= caps
    assert not caps & {Cap.HOUSEHOLDS_VIEW, Cap.HOUSEHOLDS_PHONE, Cap.AGENCIES_CHANGE}


def test_the_group_leader_works_on_their_group_registry_registrations_and_meeting():
    caps = capabilities_of(Role.GROUP_LEADER)
    assert {Cap.HOUSEHOLDS_CHANGE, Cap.TITLES_REGISTER, Cap.TITLES_REVIEW} <= caps
    assert not caps & {Cap.AGENCIES_VIEW, Cap.STREETS_VIEW, Cap.USERS_MANAGE, Cap.AUDIT_VIEW, Cap.TITLES_DECIDE}
    assert ROLE_UNIT_KINDS[Role.GROUP_LEADER] == {"group"}


def test_the_committee_above_only_reads_aggregates_and_receives_reports():
    caps = capabilities_of(Role.VIEWER)
    assert caps & CHANGES == {Cap.REPORTS_RECEIVE}
    assert Cap.HOUSEHOLDS_VIEW not in caps and Cap.INDICATORS_VIEW in caps
    assert ROLE_UNIT_KINDS[Role.VIEWER] == {"province", "district"}


@pytest.mark.parametrize("role", Role.values)
def test_whoever_may_change_something_may_also_look_at_it(role):
    caps = capabilities_of(role)
    assert all(view_cap_for(c) in caps for c in caps), role


def test_nobody_grants_a_role_above_their_own():
    assert set(GRANTABLE_ROLES[Role.WARD_HEAD]) == {
        Role.WARD_HEAD,
        Role.FRONT_OFFICER,
        Role.UNION_OFFICER,
        Role.CULTURE_OFFICER,
        Role.GROUP_LEADER,
    }
    assert all(Cap.USERS_MANAGE in capabilities_of(r) for r in GRANTABLE_ROLES)


def test_roles_are_bound_only_to_their_kind_of_unit(world):
    assert role_unit_error(Role.GROUP_LEADER, world.groups[0]) is None
    assert role_unit_error(Role.WARD_HEAD, world.ward) is None
    assert role_unit_error(Role.GROUP_LEADER, world.ward) == (
        "Vai trò «Tổ trưởng / Ban công tác Mặt trận tổ dân phố» chỉ gắn được với cấp: tổ dân phố, thôn, bản; "
        "Phường Đoàn Kết là xã, phường, thị trấn."
    )
    assert "phải gắn với một đơn vị" in role_unit_error(Role.VIEWER, None)
    assert role_unit_error(Role.SYSTEM_ADMIN, None) is None


def test_a_person_may_hold_several_roles_and_gets_the_union_of_their_scopes(world):
    from vanhoa.accounts.models import Membership

    leader = world.users["leader_group1"]
    Membership.objects.create(user=leader, unit=world.groups[2], role=Role.GROUP_LEADER)
    Membership.objects.create(user=leader, unit=world.ward, role=Role.UNION_OFFICER)
    leader = type(leader).objects.get(pk=leader.pk)
    households = scope_unit_ids(leader, Cap.HOUSEHOLDS_VIEW)
    assert world.groups[0].pk in households and world.groups[2].pk in households
    assert world.groups[1].pk not in households
    assert has_cap(leader, Cap.AGENCIES_CHANGE, world.ward)


def test_an_inactive_role_or_a_locked_account_gives_nothing(world):
    from vanhoa.accounts.models import Membership

    leader = world.users["leader_group1"]
    Membership.objects.filter(user=leader).update(active=False)
    assert scope_unit_ids(type(leader).objects.get(pk=leader.pk), Cap.HOUSEHOLDS_VIEW) == frozenset()
    head = world.users["ward_head"]
    head.is_active = False
    assert scope_unit_ids(head, Cap.HOUSEHOLDS_VIEW) == frozenset()
