"""Objects for the URL walk (vanhoa/accounts/tests/test_url_walk.py): url name -> (kwargs, unit of the object)."""

from __future__ import annotations

from typing import Any

from vanhoa.registry import services
from vanhoa.testing.actors import TEST


def samples(world: Any) -> dict[str, tuple[dict[str, Any], Any]]:
    group = world.groups[0]
    household = world.household(group, "Lò Văn Mẫu", member_count=4, phone="0912345678")
    agency = services.create_agency(actor=TEST, ward=world.ward, name="Trường Mầm non Hoa Ban")
    street = services.create_street(actor=TEST, ward=world.ward, name="Đường Trần Phú", groups=[group])
    return {
        "household-detail": ({"pk": household.pk}, group),
        "household-edit": ({"pk": household.pk}, group),
        "household-status": ({"pk": household.pk}, group),
        "household-split": ({"pk": household.pk}, group),
        "agency-create": ({}, world.ward),  # acts on the work ward
        "street-create": ({}, world.ward),
        "agency-detail": ({"pk": agency.pk}, world.ward),
        "agency-edit": ({"pk": agency.pk}, world.ward),
        "street-detail": ({"pk": street.pk}, world.ward),
        "street-edit": ({"pk": street.pk}, world.ward),
    }
