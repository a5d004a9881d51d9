"""Actors: a user or a named system actor, never a string (vanhoa/core/actors.py)."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied

from vanhoa.core import audit
from vanhoa.core.actors import LOAD_DEMO, PUBLIC_PAGE, SETUP_WARD, SystemActor, actor_name, system_actor
from vanhoa.core.models import AuditEntry
from vanhoa.registry import services as registry


@pytest.mark.django_db
def test_a_string_actor_is_refused_with_a_type_error(world):
    with pytest.raises(TypeError):
        audit.record("load_demo", "units.unit.updated", world.ward)
    with pytest.raises(TypeError):
        registry.create_agency(actor="load_demo", ward=world.ward, name="Trường Mầm non Đoàn Kết")
    assert not AuditEntry.objects.filter(actor_name="load_demo").exists()


@pytest.mark.django_db
def test_the_audit_entry_keeps_the_system_actors_name(world):
    agency = registry.create_agency(actor=LOAD_DEMO, ward=world.ward, name="Trường Mầm non Đoàn Kết")
    entry = AuditEntry.objects.get(action="registry.agency.created", object_id=str(agency.pk))
    assert entry.actor is None and entry.actor_name == "load_demo"


@pytest.mark.django_db
def test_a_system_actor_may_only_what_it_was_given(world):
    with pytest.raises(PermissionDenied, match="thêm cơ quan, đơn vị ở Phường Đoàn Kết"):
        registry.create_agency(actor=PUBLIC_PAGE, ward=world.ward, name="Trường Mầm non Đoàn Kết")
    with pytest.raises(PermissionDenied):
        registry.create_agency(actor=SETUP_WARD, ward=world.ward, name="Trường Mầm non Đoàn Kết")


@pytest.mark.django_db
def test_nobody_is_refused_like_a_user_without_the_capability(world):
    with pytest.raises(PermissionDenied):
        registry.create_agency(actor=None, ward=world.ward, name="Trường Mầm non Đoàn Kết")


def test_system_actors_are_defined_once_and_found_by_name():
    assert system_actor("load_demo") is LOAD_DEMO and actor_name(LOAD_DEMO) == "load_demo"
    assert system_actor("người lạ") is None
    with pytest.raises(ValueError):
        SystemActor("load_demo", frozenset())
