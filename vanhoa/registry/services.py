"""State changes of the registry. Each is atomic, checks its rules, and writes one audit entry."""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, NamedTuple

from django.core.exceptions import ValidationError
from django.db import connection, models, transaction
from django.utils import timezone

from vanhoa.accounts.permissions import Cap
from vanhoa.core import audit, versioning
from vanhoa.core.actors import require
from vanhoa.core.models import AuditEntry
from vanhoa.core.text import fold, name_key, nfc, nfc_multiline
from vanhoa.registry import limits
from vanhoa.registry.choices import HouseholdStatus
from vanhoa.registry.models import (
    Agency,
    Household,
    HouseholdPlacement,
    Street,
    phone_validator,
)
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
    require(actor, Cap.HOUSEHOLDS_CHANGE, group, what="thêm hộ gia đình")
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
def update_household(
    household: Household, *, actor: Any, moved_on: date | None = None, expected_version: str | None = None, **data: Any
) -> Household:
    """Change a household's details. A new group is a move: the placement history records it. With
    `expected_version` (the page's or the API's), a household changed since then is not touched:
    versioning.VersionConflict."""
    for unit in (household.group, data.get("group")):
        if unit is not None:
            require(actor, Cap.HOUSEHOLDS_CHANGE, unit, what="sửa thông tin hộ")
    household = Household.objects.select_for_update().get(pk=household.pk)
    versioning.check(household, expected_version)
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
    for unit in (household.group, other.group if other is not None else None):
        if unit is not None:
            require(actor, Cap.HOUSEHOLDS_CHANGE, unit, what="thay đổi tình trạng hộ")
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
    require(actor, Cap.HOUSEHOLDS_CHANGE, household.group, what="tách hộ")
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
    households = list(households)
    for household, _ in households:
        require(actor, Cap.HOUSEHOLDS_CHANGE, household.group, what="sửa số nhân khẩu")
    changed = 0
    for household, count in households:
        if household.member_count != count:
            update_household(household, actor=actor, member_count=count)
            changed += 1
    return changed


@transaction.atomic
def create_agency(*, actor: Any, ward: Unit, **data: Any) -> Agency:
    require(actor, Cap.AGENCIES_CHANGE, ward, what="thêm cơ quan, đơn vị")
    if ward.kind != UnitKind.COMMUNE:
        raise RegistryError("Cơ quan, đơn vị phải thuộc một xã, phường.")
    agency = Agency(ward=ward, **data)
    agency.save()
    audit.record(actor, "registry.agency.created", agency, after=audit.snapshot(agency, AGENCY_FIELDS), unit=ward)
    return agency


@transaction.atomic
def update_agency(agency: Agency, *, actor: Any, expected_version: str | None = None, **data: Any) -> Agency:
    require(actor, Cap.AGENCIES_CHANGE, agency.ward, what="sửa cơ quan, đơn vị")
    agency = Agency.objects.select_for_update().get(pk=agency.pk)
    versioning.check(agency, expected_version)
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
    require(actor, Cap.STREETS_CHANGE, ward, what="thêm tuyến phố")
    if ward.kind != UnitKind.COMMUNE:
        raise RegistryError("Tuyến phố phải thuộc một xã, phường.")
    street = Street(ward=ward, **data)
    street.save()
    if groups:
        street.groups.set(groups)
    audit.record(actor, "registry.street.created", street, after=audit.snapshot(street, STREET_FIELDS), unit=ward)
    return street


@transaction.atomic
def update_street(
    street: Street, *, actor: Any, groups: list[Unit] | None = None, expected_version: str | None = None, **data: Any
) -> Street:
    require(actor, Cap.STREETS_CHANGE, street.ward, what="sửa tuyến phố")
    street = Street.objects.select_for_update().get(pk=street.pk)
    versioning.check(street, expected_version)
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


# --- bulk import ------------------------------------------------------------------------------------


@dataclass
class NewHousehold:
    """One household to create in a bulk import (values already read and normalised by the importer)."""

    group: Unit
    head_name: str
    member_count: int
    code: str = ""
    address: str = ""
    phone: str = ""
    since: date | None = None
    note: str = ""


@dataclass
class BulkResult:
    created: int = 0  # how many households were created
    updated: list[Household] = field(default_factory=list)


_PHONE_RE = re.compile(r"^0\d{9,10}$")
_MAX_LEN = {
    "code": limits.CODE, "head_name": limits.HEAD_NAME, "address": limits.ADDRESS, "status_note": limits.STATUS_NOTE
}
BULK_BATCH = 1000
# rows per COPY on PostgreSQL: the server inserts while the client still sends (one COPY of 10,000 rows takes
# two thirds of the time of ten COPYs of 1,000, each waiting for the server to finish); progress is reported
# between COPYs
COPY_BATCH = 10_000


def _validate_values(values: dict[str, Any], label: str) -> None:
    for name, limit in _MAX_LEN.items():
        value = values.get(name)
        if value is not None and len(value) > limit:
            verbose = Household._meta.get_field(name).verbose_name
            raise RegistryError(f"{label}: {verbose} dài quá {limit} ký tự.")
    if "head_name" in values and not values["head_name"]:
        raise RegistryError(f"{label}: thiếu họ và tên chủ hộ.")
    count = values.get("member_count")
    if "member_count" in values and (type(count) is not int or not 1 <= count <= limits.MAX_MEMBERS):
        raise RegistryError(f"{label}: số nhân khẩu phải từ 1 đến {limits.MAX_MEMBERS}.")
    phone = values.get("phone")
    if phone and not _PHONE_RE.match(phone):
        raise RegistryError(f"{label}: {phone_validator.message}")


def _check_group(group: Unit, ward: Unit) -> None:
    if group.kind != UnitKind.GROUP or group.parent_id != ward.pk or group.valid_to is not None:
        raise RegistryError(f"{group.name} không phải tổ dân phố hiện nay của {ward.name}.")


@transaction.atomic
def bulk_import_households(
    *,
    actor: Any,
    ward: Unit,
    new: list[NewHousehold],
    changes: dict[int, dict[str, Any]],
    note: str = "",
    on: date | None = None,
    progress: Callable[[int], None] | None = None,
) -> BulkResult:
    """Create and update many households of one ward at once (an Excel import), all or nothing.

    `changes` maps a household id to {field: new value} (a new `group` is a move, dated `on`). Writes with
    bulk_create/bulk_update; each updated household gets its own audit entry (before/after, with `note`);
    the created ones are recorded by the caller's one summary entry. Empty codes get the next free
    'HGĐ-nnnnn'. `progress(n)` is called with the number of households written so far.
    """
    require(actor, Cap.HOUSEHOLDS_CHANGE, ward, what="nhập danh sách hộ gia đình")
    if ward.kind != UnitKind.COMMUNE or ward.valid_to is not None:
        raise RegistryError("Chỉ nhập được hộ gia đình vào một xã, phường hiện nay.")
    on = on or date.today()
    now = timezone.now()
    result = BulkResult()
    # updates first (they may free a code or move a household), locking the rows they change
    if changes:
        result.updated = _bulk_update(actor, ward, changes, note=note, on=on, now=now)
        if progress:
            progress(len(result.updated))
    if new:
        base = len(result.updated)
        result.created = _bulk_create(ward, new, now, progress=(lambda n: progress(base + n)) if progress else None)
    return result


def _bulk_update(
    actor: Any, ward: Unit, changes: dict[int, dict[str, Any]], *, note: str, on: date, now: datetime
) -> list[Household]:
    """Apply `changes` to the ward's households (a move closes the old placement and opens the new one); returns
    the households that changed, each with its audit entry."""
    locked = Household.objects.select_for_update().select_related("group").filter(pk__in=list(changes))
    households = {h.pk: h for h in locked}
    missing = set(changes) - set(households)
    if missing:
        raise RegistryError(f"Không tìm thấy {len(missing)} hộ cần cập nhật; có thể hộ vừa bị thay đổi.")
    updated: list[Household] = []
    entries, closing, opening = [], [], []
    ops = connection.ops
    stamp = ops.adapt_datetimefield_value(now)
    updates: list[tuple[int, dict[str, Any]]] = []
    for pk, data in changes.items():
        household = households[pk]
        if household.ward_id != ward.pk and household.group.parent_id != ward.pk:
            raise RegistryError(f"Hộ {household} không thuộc {ward.name}.")
        before = audit.snapshot(household, HOUSEHOLD_FIELDS)
        fields = _set_imported_values(household, dict(data), ward, on, closing, opening)
        household.updated_at = now
        after = audit.snapshot(household, HOUSEHOLD_FIELDS)
        if before == after:
            continue
        updated.append(household)
        values = {f: getattr(household, f) for f in fields if f != "group"}
        if "group" in fields:
            values["group"] = household.group_id
        if "since" in values:
            values["since"] = ops.adapt_datefield_value(values["since"])
        values.update(head_sort_key=household.head_sort_key, search_text=household.search_text, updated_at=stamp)
        updates.append((household.pk, values))
        entries.append(audit.build(actor, "registry.household.updated", household, before=before, after=after,
                                   unit=household.group, note=note))  # fmt: skip
    if any("code" in values for _, values in updates):
        codes = [h.code for h in updated]
        taken = Household.objects.filter(ward=ward, code__in=codes).exclude(pk__in=[h.pk for h in updated])
        if len(set(codes)) != len(codes) or taken.exists():
            raise RegistryError("Mã hộ mới trùng với mã của hộ khác trong phường.")
    if updated:
        _update_many(Household, updates)
        if closing:
            HouseholdPlacement.objects.filter(household_id__in=closing, valid_to__isnull=True).update(valid_to=on)
            HouseholdPlacement.objects.bulk_create(opening, batch_size=BULK_BATCH)
        AuditEntry.objects.bulk_create(entries, batch_size=BULK_BATCH)
    return updated


def _set_imported_values(
    household: Household, data: dict[str, Any], ward: Unit, on: date, closing: list[int],
    opening: list[HouseholdPlacement],
) -> set[str]:  # fmt: skip
    """Set an import's values on the household (validated as save() would); returns the fields set. A new group
    is a move: the household's id goes to `closing`, its new placement to `opening`."""
    new_group = data.pop("group", None)
    fields = set()
    for key, value in data.items():
        if key not in HOUSEHOLD_FIELDS or key in ("status", "status_date"):
            raise RegistryError(f"Không sửa được trường {key} khi nhập từ tệp.")
        setattr(household, key, value)
        fields.add(key)
    if new_group is not None and new_group.pk != household.group_id:
        _check_group(new_group, ward)
        closing.append(household.pk)
        opening.append(HouseholdPlacement(household=household, group=new_group, valid_from=on))
        household.group = new_group
        fields.add("group")
    household.normalise_text()
    _validate_values({k: getattr(household, k) for k in data}, str(household))
    household.head_sort_key = name_key(household.head_name)
    household.search_text = fold(f"{household.head_name} {household.code} {household.address}")
    return fields


class _NewHouseholdRow(NamedTuple):
    """One household as the INSERT (or COPY) writes it: a value for every column, ready for the database."""

    ward: int
    group: int
    code: str
    head_name: str
    address: str
    member_count: int
    phone: str
    status: str
    status_date: Any
    status_note: str
    since: Any
    origin: Any
    note: str
    head_sort_key: str
    search_text: str
    created_at: Any
    updated_at: Any


def _bulk_create(
    ward: Unit, new: list[NewHousehold], now: datetime, progress: Callable[[int], None] | None
) -> int:
    """Insert the new households (codes given or the next free 'HGĐ-nnnnn') and their first placements."""
    taken_codes = set(Household.objects.filter(ward=ward).order_by().values_list("code", flat=True))
    last = max((int(m.group(1)) for c in taken_codes if (m := _AUTO_CODE.fullmatch(c))), default=0)
    for item in new:
        if item.code and (m := _AUTO_CODE.fullmatch(item.code)):
            last = max(last, int(m.group(1)))
    for group in {item.group.pk: item.group for item in new}.values():
        _check_group(group, ward)
    ops = connection.ops
    stamp = ops.adapt_datetimefield_value(now)
    active = str(HouseholdStatus.ACTIVE)

    def rows() -> Iterator[_NewHouseholdRow]:
        # Made while the COPY that writes them is open (PostgreSQL inserts the first rows while the next are
        # being made), so: no database access in here. An error stops the COPY, and the transaction is
        # rolled back as for any other error.
        nonlocal last
        for item in new:
            code = nfc(item.code)
            if not code:
                last += 1
                code = f"HGĐ-{last:05d}"
            if code in taken_codes:
                raise RegistryError(f"Mã hộ {code} đã có trong phường.")
            taken_codes.add(code)
            head_name, address = nfc(item.head_name), nfc(item.address)
            phone = item.phone if item.phone.isdigit() else nfc(item.phone)
            _validate_new(code, head_name, address, item.member_count, phone)
            yield _NewHouseholdRow(
                ward=ward.pk, group=item.group.pk, code=code, head_name=head_name, address=address,
                member_count=item.member_count, phone=phone, status=active, status_date=None, status_note="",
                since=ops.adapt_datefield_value(item.since), origin=None, note=nfc_multiline(item.note),
                head_sort_key=name_key(head_name), search_text=fold(f"{head_name} {code} {address}"),
                created_at=stamp, updated_at=stamp,
            )  # fmt: skip

    created = _insert_many(Household, list(_NewHouseholdRow._fields), rows(), progress=progress)
    # every new household starts its placement history in its group, from the day it arrived
    placed = _insert_placements_of_new(ward, stamp)
    if placed != created:
        raise RegistryError("Không ghi được quá trình cư trú của các hộ mới; chưa ghi gì.")
    return created




def _update_many(model: type[models.Model], rows: list[tuple[int, dict[str, Any]]]) -> None:
    """UPDATE rows by id ({field: value ready for the database}), one executemany per set of fields
    (bulk_update builds one CASE expression per field and row, far slower for thousands of rows)."""
    qn = connection.ops.quote_name
    meta = model._meta
    by_fields: dict[tuple[str, ...], list[tuple[Any, ...]]] = {}
    for pk, values in rows:
        names = tuple(sorted(values))
        by_fields.setdefault(names, []).append((*(values[n] for n in names), pk))
    with connection.cursor() as cursor:
        for names, params in by_fields.items():
            assignments = ", ".join(f"{qn(meta.get_field(n).column)} = %s" for n in names)
            cursor.executemany(
                f"UPDATE {qn(meta.db_table)} SET {assignments} WHERE {qn(meta.pk.column)} = %s", params
            )


def _insert_placements_of_new(ward: Unit, stamp: Any) -> int:
    """One INSERT … SELECT: a placement for each household of `ward` created at `stamp` (this import)."""
    qn = connection.ops.quote_name
    h, p = Household._meta, HouseholdPlacement._meta
    cols = {f: h.get_field(f).column for f in ("group", "since", "ward", "created_at")}
    sql = (
        f"INSERT INTO {qn(p.db_table)} ({qn(p.get_field('household').column)}, {qn(p.get_field('group').column)}, "
        f"{qn(p.get_field('valid_from').column)}, {qn(p.get_field('valid_to').column)}) "
        f"SELECT {qn(h.pk.column)}, {qn(cols['group'])}, {qn(cols['since'])}, NULL FROM {qn(h.db_table)} "
        f"WHERE {qn(cols['ward'])} = %s AND {qn(cols['created_at'])} = %s"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [ward.pk, stamp])
        return cursor.rowcount


def _validate_new(code: str, head_name: str, address: str, member_count: Any, phone: str) -> None:
    values = {"code": code, "head_name": head_name, "address": address, "member_count": member_count, "phone": phone}
    _validate_values(values, head_name or code)


def _insert_many(
    model: type[models.Model],
    names: list[str],
    rows: Iterable[tuple[Any, ...]],
    progress: Callable[[int], None] | None = None,
) -> int:
    """INSERT rows (values for every concrete field but the id, in the order of `names`, ready for the
    database), BULK_BATCH at a time (COPY_BATCH on PostgreSQL), calling progress(rows written so far) after
    each batch; returns the number of rows.

    For imports of thousands of rows: bulk_create spends most of its time building model instances and SQL
    per row. The caller has already normalised and validated the values exactly as save() would.
    SQLite steps one prepared statement per row (its fastest path); PostgreSQL gets a COPY per batch, fed
    from `rows` as it goes: a generator's work overlaps the server's inserts, but it must not use the
    database connection (the COPY holds it).
    """
    fields = [model._meta.get_field(n) for n in names]
    expected = {f.name for f in model._meta.concrete_fields if not f.primary_key}
    if set(names) != expected:  # a new model field must be given a value here
        raise RuntimeError(f"_insert_many({model.__name__}): columns {sorted(names)} ≠ fields {sorted(expected)}")
    qn = connection.ops.quote_name
    table, columns = qn(model._meta.db_table), ", ".join(qn(f.column) for f in fields)
    pending = iter(rows)
    done = 0
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            while (first := next(pending, None)) is not None:
                # a query made while the COPY holds the connection would wait for it forever: fail instead
                with connection.execute_wrapper(_no_query_during_copy), cursor.cursor.copy(
                    f"COPY {table} ({columns}) FROM STDIN"
                ) as copy:
                    copy.write_row(first)
                    done += 1
                    for row in itertools.islice(pending, COPY_BATCH - 1):
                        copy.write_row(row)
                        done += 1
                if progress:  # outside the COPY: the callback may use the connection
                    progress(done)
            return done
        sql = f"INSERT INTO {table} ({columns}) VALUES ({', '.join(['%s'] * len(fields))})"
        while batch := list(itertools.islice(pending, BULK_BATCH)):
            cursor.executemany(sql, batch)
            done += len(batch)
            if progress:
                progress(done)
    return done


def _no_query_during_copy(execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
    raise RuntimeError("_insert_many: the rows given to a COPY must be made without using the database")


_AUTO_CODE = re.compile(r"HGĐ-(\d+)")
