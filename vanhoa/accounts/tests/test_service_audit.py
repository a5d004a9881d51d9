"""Every service function of registry, units and accounts writes its audit entry: who, which object, what
action, the unit it is filed under, and the fields before → after.

The list of service functions is read from the modules (public functions with a keyword-only `actor`), so a
new service without a case here fails `test_every_service_function_has_an_audit_case`.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable
from datetime import date
from typing import Any

import pytest

from vanhoa.accounts import personal_data
from vanhoa.accounts import services as accounts
from vanhoa.accounts.permissions import Role
from vanhoa.core.models import AuditEntry
from vanhoa.registry import services as registry
from vanhoa.registry.models import Household
from vanhoa.testing.actors import TEST
from vanhoa.units import services as units
from vanhoa.units.choices import UnitKind
from vanhoa.units.models import Unit

MODULES = [registry, units, accounts, personal_data]


def service_functions() -> list[str]:
    out = []
    for module in MODULES:
        for name, fn in inspect.getmembers(module, inspect.isfunction):
            if name.startswith("_") or fn.__module__ != module.__name__:
                continue
            params = inspect.signature(fn).parameters
            if "actor" in params and params["actor"].kind is inspect.Parameter.KEYWORD_ONLY:
                out.append(f"{module.__name__.split('.')[1]}.{name}")
    return sorted(out)


def entries_since(mark: int) -> list[AuditEntry]:
    return list(AuditEntry.objects.filter(pk__gt=mark).order_by("pk"))


def last_id() -> int:
    return AuditEntry.objects.order_by("-pk").values_list("pk", flat=True).first() or 0


def only(entries: list[AuditEntry], action: str, obj: Any) -> AuditEntry:
    found = [e for e in entries if e.action == action and e.object_id == str(obj.pk)]
    assert len(found) == 1, f"expected one {action} entry for {obj}, got {[e.action for e in entries]}"
    return found[0]


# --- cases: each does one thing as `actor` and checks the entries written since `mark` ----------------


def _household(world: Any, **kw: Any) -> Household:
    return world.household(world.groups[0], kw.pop("name", "Lò Văn Páo"), member_count=kw.pop("n", 4), **kw)


def case_create_household(world, actor):
    mark = last_id()
    h = registry.create_household(actor=actor, group=world.groups[0], head_name="Lò Văn Páo", member_count=4)
    e = only(entries_since(mark), "registry.household.created", h)
    assert e.unit == world.groups[0] and e.changes["head_name"] == [None, "Lò Văn Páo"]
    return e


def case_update_household(world, actor):
    h = _household(world)
    mark = last_id()
    registry.update_household(h, actor=actor, member_count=5)
    e = only(entries_since(mark), "registry.household.updated", h)
    assert e.changes == {"member_count": [4, 5]}
    return e


def case_change_household_status(world, actor):
    h = _household(world)
    mark = last_id()
    registry.change_household_status(h, actor=actor, status="moved_out", on=date(2024, 5, 1), reason="Chuyển nhà")
    e = only(entries_since(mark), "registry.household.moved_out", h)
    assert e.changes["status"] == ["active", "moved_out"] and e.unit == world.groups[0]
    return e


def case_split_household(world, actor):
    h = _household(world, n=6)
    mark = last_id()
    new = registry.split_household(
        h, actor=actor, new_head_name="Lò Văn Khoa", member_count=2, moved_members=2, on=date(2024, 3, 1)
    )
    entries = entries_since(mark)
    only(entries, "registry.household.created", new)
    e = only(entries, "registry.household.split", h)
    assert e.changes["member_count"] == [6, 4] and "Lò Văn Khoa" in e.changes["_"]["new_household"]
    assert [x.action for x in entries if x.object_id == str(h.pk)] == ["registry.household.split"]
    return e


def case_bulk_set_member_counts(world, actor):
    a, b = _household(world, name="Lò Văn A"), _household(world, name="Lò Văn B")
    mark = last_id()
    changed = registry.bulk_set_member_counts([(a, 7), (b, 4)], actor=actor)
    entries = entries_since(mark)
    assert changed == 1 and len(entries) == 1  # one entry per changed household, none for the unchanged one
    e = only(entries, "registry.household.updated", a)
    assert e.changes == {"member_count": [4, 7]}
    return e


def case_create_agency(world, actor):
    mark = last_id()
    agency = registry.create_agency(actor=actor, ward=world.ward, name="Trường Tiểu học Quyết Tiến")
    e = only(entries_since(mark), "registry.agency.created", agency)
    assert e.unit == world.ward
    return e


def case_update_agency(world, actor):
    agency = registry.create_agency(actor=TEST, ward=world.ward, name="Trường Tiểu học")
    mark = last_id()
    registry.update_agency(agency, actor=actor, staff_count=42)
    e = only(entries_since(mark), "registry.agency.updated", agency)
    assert e.changes == {"staff_count": [None, 42]}
    return e


def case_create_street(world, actor):
    mark = last_id()
    street = registry.create_street(actor=actor, ward=world.ward, name="Đường Trần Phú", groups=[world.groups[0]])
    e = only(entries_since(mark), "registry.street.created", street)
    assert e.unit == world.ward
    return e


def case_update_street(world, actor):
    street = registry.create_street(actor=TEST, ward=world.ward, name="Đường Trần Phú")
    mark = last_id()
    registry.update_street(street, actor=actor, groups=[world.groups[1]], length_m=850)
    e = only(entries_since(mark), "registry.street.updated", street)
    assert e.changes == {"groups": [[], ["Tổ dân phố số 2"]], "length_m": [None, 850]}
    return e


def case_create_unit(world, actor):
    mark = last_id()
    u = units.create_unit(
        actor=actor,
        kind=UnitKind.GROUP,
        name="Tổ dân phố số 9",
        short_name="Số 9",
        type_label="Tổ dân phố",
        parent=world.ward,
    )
    e = only(entries_since(mark), "units.unit.created", u)
    assert e.unit == u and e.changes["name"] == [None, "Tổ dân phố số 9"]
    return e


def case_update_unit(world, actor):
    mark = last_id()
    units.update_unit(world.groups[2], actor=actor, order=7)
    e = only(entries_since(mark), "units.unit.updated", world.groups[2])
    assert e.changes == {"order": [3, 7]}
    return e


def case_rename_unit(world, actor):
    mark = last_id()
    units.rename_unit(world.groups[1], new_name="Tổ dân phố số 2A", effective=date(2026, 2, 1), actor=actor)
    e = only(entries_since(mark), "units.unit.renamed", world.groups[1])
    assert e.changes["name"] == ["Tổ dân phố số 2", "Tổ dân phố số 2A"]
    return e


def case_transfer_unit(world, actor):
    mark = last_id()
    units.transfer_unit(world.other_group, new_parent=world.ward, effective=date(2026, 1, 1), actor=actor)
    e = only(entries_since(mark), "units.unit.transferred", world.other_group)
    assert e.changes["parent"] == ["Phường Him Lam", "Phường Đoàn Kết"]
    return e


def case_merge_units(world, actor):
    mark = last_id()
    units.merge_units([world.other_ward], into=world.ward, effective=date(2026, 1, 1), actor=actor)
    entries = entries_since(mark)
    e = only(entries, "units.unit.merged", world.other_ward)
    assert e.changes["valid_to"] == [None, "2025-12-31"]
    only(entries, "units.unit.transferred", world.other_group)  # its group moved with it
    return e


def case_split_unit(world, actor):
    a, b = (
        units.create_unit(
            actor=TEST, kind=UnitKind.COMMUNE, name=n, short_name=n, type_label="Phường", parent=world.province
        )
        for n in ("Phường A", "Phường B")
    )
    mark = last_id()
    units.split_unit(world.other_ward, into=[a, b], effective=date(2026, 1, 1), actor=actor)
    e = only(entries_since(mark), "units.unit.split", world.other_ward)
    assert e.changes["_"]["into"] == ["Phường A", "Phường B"]
    return e


def case_setup_from_catalog(world, actor):
    mark = last_id()
    before = set(Unit.objects.values_list("pk", flat=True))
    new = units.setup_from_catalog("pre2025", "03387", actor=actor)  # Phường Tân Phong (Lai Châu), before 2025
    entries = entries_since(mark)
    created = {int(e.object_id) for e in entries if e.action == "units.unit.created"}
    assert created == set(Unit.objects.values_list("pk", flat=True)) - before  # one entry per new unit
    assert new.pk in created
    merged = only(entries, "units.unit.merged", new)  # Tân Phong went into today's Phường Tân Phong
    assert "Phường Tân Phong" in merged.changes["_"]["into"]
    only(entries, "units.unit.merged", world.old_province)  # the provinces were linked too
    return merged


def case_create_user(world, actor):
    mark = last_id()
    user, password = accounts.create_user(
        actor=actor, username="totruong3", full_name="Hoàng Văn Ba", role=Role.GROUP_LEADER, unit=world.groups[2]
    )
    entries = entries_since(mark)
    e = only(entries, "accounts.user.created", user)
    assert e.unit == world.groups[2] and e.changes["username"] == [None, "totruong3"]
    assert "password" not in e.changes and password not in str(e.changes)
    granted = only(entries, "accounts.membership.granted", user.memberships.get())
    assert granted.changes["role"] == [None, "group_leader"]
    return e


def _leader(world: Any) -> Any:
    user, _ = accounts.create_user(
        actor=TEST, username="totruong3", full_name="Hoàng Văn Ba", role=Role.GROUP_LEADER, unit=world.groups[2]
    )
    return user


def case_assign_role(world, actor):
    user = _leader(world)
    mark = last_id()
    m = accounts.assign_role(user, actor=actor, role=Role.GROUP_LEADER, unit=world.groups[1], position="Phó tổ")
    e = only(entries_since(mark), "accounts.membership.granted", m)
    assert e.unit == world.groups[1] and e.changes["position"] == [None, "Phó tổ"]
    return e


def case_withdraw_role(world, actor):
    user = _leader(world)
    m = user.memberships.get()
    mark = last_id()
    accounts.withdraw_role(m, actor=actor)
    e = only(entries_since(mark), "accounts.membership.withdrawn", m)
    assert e.changes == {"active": [True, False]}
    return e


def case_update_user(world, actor):
    user = _leader(world)
    mark = last_id()
    accounts.update_user(user, actor=actor, full_name="Hoàng Thị Ba")
    e = only(entries_since(mark), "accounts.user.updated", user)
    assert e.changes == {"first_name": ["Hoàng Văn Ba", "Hoàng Thị Ba"]} and e.unit == world.groups[2]
    return e


def case_deactivate_user(world, actor):
    user = _leader(world)
    mark = last_id()
    accounts.deactivate_user(user, actor=actor, reason="Nghỉ hưu")
    e = only(entries_since(mark), "accounts.user.deactivated", user)
    assert e.changes == {"is_active": [True, False]} and e.note == "Nghỉ hưu"
    return e


def case_reactivate_user(world, actor):
    user = _leader(world)
    accounts.deactivate_user(user, actor=TEST)
    mark = last_id()
    accounts.reactivate_user(user, actor=actor)
    e = only(entries_since(mark), "accounts.user.reactivated", user)
    assert e.changes == {"is_active": [False, True]}
    return e


def case_reset_password(world, actor):
    user = _leader(world)
    mark = last_id()
    password = accounts.reset_password(user, actor=actor)
    e = only(entries_since(mark), "accounts.user.password_reset", user)
    assert e.changes == {"_": {"generated": True}} and password not in str(e.changes)
    return e


def case_change_own_password(world, actor):
    user = world.users["leader_group1"]
    mark = last_id()
    accounts.change_own_password(user, old_password="mat-khau-thu-nghiem", new_password="Hoa-ban-no-2026")
    e = only(entries_since(mark), "accounts.user.password_changed", user)
    assert e.actor == user and e.unit == world.groups[0]
    return e


def case_export_household(world, actor):
    h = _household(world)
    mark = last_id()
    personal_data.export_household(h, actor=actor, fmt="json")
    e = only(entries_since(mark), "privacy.household.exported", h)
    assert e.changes == {"_": {"format": "json"}} and e.unit == world.groups[0]
    return e


def case_bulk_import_households(world, actor):
    h = _household(world)
    mark = last_id()
    result = registry.bulk_import_households(
        actor=actor,
        ward=world.ward,
        new=[registry.NewHousehold(group=world.groups[1], head_name="Tòng Thị Phương", member_count=3)],
        changes={h.pk: {"member_count": h.member_count + 1}},
        note="Nhập từ tệp so-ho.xlsx",
    )
    assert len(result.updated) == 1
    # the updated household gets its own entry; created ones are covered by the importer's summary entry
    e = only(entries_since(mark), "registry.household.updated", h)
    assert e.changes["member_count"] == [h.member_count, h.member_count + 1] and e.note == "Nhập từ tệp so-ho.xlsx"
    return e


def _key(function_name: str) -> str:
    """'create_household' → 'registry.create_household' (the app of the module defining it)."""
    for module in MODULES:
        fn = getattr(module, function_name, None)
        if fn is not None and fn.__module__ == module.__name__:
            return f"{module.__name__.split('.')[1]}.{function_name}"
    raise LookupError(function_name)


CASES: dict[str, Callable[[Any, Any], AuditEntry]] = {
    _key(name.removeprefix("case_")): fn for name, fn in list(globals().items()) if name.startswith("case_")
}


def test_every_service_function_has_an_audit_case():
    missing = set(service_functions()) - set(CASES)
    assert not missing, f"service functions without an audit test here: {sorted(missing)}"


@pytest.mark.parametrize("name", service_functions())
def test_the_service_writes_its_audit_entry(name, world):
    actor = world.users["ward_head"]
    if name == "accounts.change_own_password":
        actor = world.users["leader_group1"]
    if name in ("units.transfer_unit", "units.merge_units", "units.split_unit", "units.setup_from_catalog"):
        actor = world.users["system_admin"]  # units of another province, new communes: not the ward head's
    entry = CASES[name](world, actor)
    assert entry.actor == actor and entry.actor_name == (actor.get_full_name() or actor.username)
    assert entry.object_repr and entry.at is not None
