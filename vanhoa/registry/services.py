"""State changes of the registry. Each is atomic, checks its rules, and writes one audit entry."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from vanhoa.core import audit
from vanhoa.registry.choices import HouseholdStatus
from vanhoa.registry.models import Agency, Household, HouseholdPlacement, Street
from vanhoa.units.choices import UnitKind
from vanhoa.units.models import Unit

HOUSEHOLD_FIELDS = [
    "code",
    "head_name",
    "group",
    "address",
    "member_count",
    "phone",
    "since",
    "status",
    "status_date",
    "status_note",
    "note",
]
AGENCY_FIELDS = ["name", "kind", "group", "lead_union", "address", "head_name", "staff_count", "active"]
STREET_FIELDS = ["name", "stretch", "length_m", "groups", "active"]


class RegistryError(Exception):
    """A registry change that breaks a rule; the message is shown to the user as is."""


def _ward_of(group: Unit) -> Unit:
    if group.kind != UnitKind.GROUP or group.parent is None:
        raise RegistryError("Hộ gia đình phải thuộc một tổ dân phố (thôn, bản).")
    if group.valid_to is not None:
        raise RegistryError(f"{group.name} đã hết hiệu lực từ {group.valid_to:%d/%m/%Y}; hãy chọn tổ dân phố hiện nay.")
    return group.parent


def next_household_code(ward: Unit) -> str:
    """'HGĐ-00001', 'HGĐ-00002', … the next free number in the ward."""
    last = 0
    for code in Household.objects.filter(ward=ward, code__startswith="HGĐ-").values_list("code", flat=True):
        m = re.fullmatch(r"HGĐ-(\d+)", code)
        if m:
            last = max(last, int(m.group(1)))
    return f"HGĐ-{last + 1:05d}"


def _check(household: Household) -> None:
    try:
        household.full_clean(exclude=["ward", "group", "origin"])
    except ValidationError as exc:
        raise RegistryError(
            " ".join(
                f"{household._meta.get_field(f).verbose_name.capitalize()}: {' '.join(m)}"
                if f != "__all__"
                else " ".join(m)
                for f, m in exc.message_dict.items()
            )
        ) from exc
    clash = Household.objects.filter(ward=household.ward, code=household.code).exclude(pk=household.pk)
    if clash.exists():
        raise RegistryError(f"Mã hộ {household.code} đã có trong phường ({clash.first()}).")


@transaction.atomic
def create_household(
    *,
    actor: Any,
    group: Unit,
    head_name: str,
    member_count: int,
    code: str = "",
    address: str = "",
    phone: str = "",
    since: date | None = None,
    note: str = "",
) -> Household:
    ward = _ward_of(group)
    household = Household(
        ward=ward,
        group=group,
        code=code.strip() or next_household_code(ward),
        head_name=head_name,
        member_count=member_count,
        address=address,
        phone=phone,
        since=since,
        note=note,
    )
    household.normalise_text()
    _check(household)
    household.save()
    HouseholdPlacement.objects.create(household=household, group=group, valid_from=since)
    audit.record(
        actor, "registry.household.created", household, after=audit.snapshot(household, HOUSEHOLD_FIELDS), unit=group
    )
    return household


@transaction.atomic
def update_household(household: Household, *, actor: Any, moved_on: date | None = None, **data: Any) -> Household:
    """Change a household's details. A new group is a move: the placement history records it."""
    household = Household.objects.select_for_update().get(pk=household.pk)
    before = audit.snapshot(household, HOUSEHOLD_FIELDS)
    new_group = data.pop("group", None)
    for key, value in data.items():
        if key not in HOUSEHOLD_FIELDS:
            raise RegistryError(f"Không sửa được trường {key}.")
        setattr(household, key, value)
    if new_group is not None and new_group.pk != household.group_id:
        ward = _ward_of(new_group)
        if ward.pk != household.ward_id:
            raise RegistryError(
                "Chỉ chuyển được sang tổ dân phố trong cùng phường; chuyển đi phường khác là 'Đã chuyển đi'."
            )
        day = moved_on or date.today()
        HouseholdPlacement.objects.filter(household=household, valid_to__isnull=True).update(valid_to=day)
        HouseholdPlacement.objects.create(household=household, group=new_group, valid_from=day)
        household.group = new_group
    household.normalise_text()
    _check(household)
    household.save()
    after = audit.snapshot(household, HOUSEHOLD_FIELDS)
    if before != after:
        audit.record(actor, "registry.household.updated", household, before=before, after=after, unit=household.group)
    return household


ALLOWED_STATUS = {
    HouseholdStatus.ACTIVE: {
        HouseholdStatus.MOVED_OUT,
        HouseholdStatus.SPLIT,
        HouseholdStatus.MERGED,
        HouseholdStatus.DISSOLVED,
    },
    HouseholdStatus.MOVED_OUT: {HouseholdStatus.ACTIVE},
    HouseholdStatus.SPLIT: {HouseholdStatus.ACTIVE},
    HouseholdStatus.MERGED: {HouseholdStatus.ACTIVE},
    HouseholdStatus.DISSOLVED: {HouseholdStatus.ACTIVE},
}


@transaction.atomic
def change_household_status(
    household: Household, *, actor: Any, status: str, on: date, reason: str = "", other: Household | None = None
) -> Household:
    """Move a household out, dissolve it, merge it into `other`, or bring it back (active).

    A household that has split keeps living (its status stays active); use split_household for that.
    """
    household = Household.objects.select_for_update().get(pk=household.pk)
    if status not in ALLOWED_STATUS.get(household.status, set()):
        raise RegistryError(
            f"Không thể chuyển từ «{household.get_status_display()}» sang «{HouseholdStatus(status).label}»."
        )
    if status == HouseholdStatus.MERGED:
        if other is None or other.pk == household.pk or other.ward_id != household.ward_id:
            raise RegistryError("Hãy chọn hộ nhận nhập (trong cùng phường).")
        household.origin = other
    before = audit.snapshot(household, HOUSEHOLD_FIELDS)
    household.status = status
    household.status_date = on
    household.status_note = reason
    if status != HouseholdStatus.ACTIVE:
        HouseholdPlacement.objects.filter(household=household, valid_to__isnull=True).update(valid_to=on)
    else:
        HouseholdPlacement.objects.create(household=household, group=household.group, valid_from=on)
    household.save()
    audit.record(
        actor,
        f"registry.household.{status}",
        household,
        before=before,
        after=audit.snapshot(household, HOUSEHOLD_FIELDS),
        unit=household.group,
        extra={"other": str(other)} if other else None,
    )
    return household


@transaction.atomic
def split_household(
    household: Household,
    *,
    actor: Any,
    new_head_name: str,
    member_count: int,
    on: date,
    moved_members: int = 0,
    address: str = "",
    code: str = "",
) -> Household:
    """A member leaves with part of the family to form a new household in the same group.

    The original keeps its identity (and its title history); the new one starts fresh, linked by `origin`.
    """
    household = Household.objects.select_for_update().get(pk=household.pk)  # the caller's copy may be stale
    if not household.is_active:
        raise RegistryError("Chỉ tách được từ hộ đang cư trú.")
    if moved_members and moved_members >= household.member_count:
        raise RegistryError("Số nhân khẩu chuyển sang hộ mới phải ít hơn số nhân khẩu của hộ cũ.")
    new = create_household(
        actor=actor,
        group=household.group,
        head_name=new_head_name,
        member_count=member_count,
        code=code,
        address=address or household.address,
        since=on,
        note=f"Tách từ hộ {household.head_name} ({household.code}) ngày {on:%d/%m/%Y}",
    )
    new.origin = household
    new.save(update_fields=["origin"])
    before = audit.snapshot(household, HOUSEHOLD_FIELDS)
    if moved_members:
        household.member_count -= moved_members
        household.save(update_fields=["member_count", "updated_at"])
    audit.record(
        actor,
        "registry.household.split",
        household,
        before=before,
        after=audit.snapshot(household, HOUSEHOLD_FIELDS),
        unit=household.group,
        extra={"new_household": str(new), "on": on},
    )
    return new


@transaction.atomic
def bulk_set_member_counts(households: list[tuple[Household, int]], *, actor: Any) -> int:
    """Update many member counts at once (e.g. after a census), one audit entry per changed household."""
    changed = 0
    for household, count in households:
        if household.member_count != count:
            update_household(household, actor=actor, member_count=count)
            changed += 1
    return changed


@transaction.atomic
def create_agency(*, actor: Any, ward: Unit, **data: Any) -> Agency:
    if ward.kind != UnitKind.COMMUNE:
        raise RegistryError("Cơ quan, đơn vị phải thuộc một xã, phường.")
    agency = Agency(ward=ward, **data)
    agency.save()
    audit.record(actor, "registry.agency.created", agency, after=audit.snapshot(agency, AGENCY_FIELDS), unit=ward)
    return agency


@transaction.atomic
def update_agency(agency: Agency, *, actor: Any, **data: Any) -> Agency:
    before = audit.snapshot(agency, AGENCY_FIELDS)
    for key, value in data.items():
        setattr(agency, key, value)
    agency.save()
    after = audit.snapshot(agency, AGENCY_FIELDS)
    if before != after:
        audit.record(actor, "registry.agency.updated", agency, before=before, after=after, unit=agency.ward)
    return agency


@transaction.atomic
def create_street(*, actor: Any, ward: Unit, groups: list[Unit] | None = None, **data: Any) -> Street:
    if ward.kind != UnitKind.COMMUNE:
        raise RegistryError("Tuyến phố phải thuộc một xã, phường.")
    street = Street(ward=ward, **data)
    street.save()
    if groups:
        street.groups.set(groups)
    audit.record(actor, "registry.street.created", street, after=audit.snapshot(street, STREET_FIELDS), unit=ward)
    return street


@transaction.atomic
def update_street(street: Street, *, actor: Any, groups: list[Unit] | None = None, **data: Any) -> Street:
    before = audit.snapshot(street, STREET_FIELDS)
    for key, value in data.items():
        setattr(street, key, value)
    street.save()
    if groups is not None:
        street.groups.set(groups)
    after = audit.snapshot(street, STREET_FIELDS)
    if before != after:
        audit.record(actor, "registry.street.updated", street, before=before, after=after, unit=street.ward)
    return street
