"""State changes of the unit tree. Each is atomic and writes one audit entry per changed unit."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.db import transaction

from vanhoa.accounts.permissions import Cap
from vanhoa.core import audit
from vanhoa.core.actors import require, require_installation_admin
from vanhoa.core.text import nfc
from vanhoa.units.choices import LineageKind, UnitKind
from vanhoa.units.models import Unit, UnitLineage

FIELDS = [
    "kind",
    "type_label",
    "name",
    "short_name",
    "code",
    "code_scheme",
    "parent",
    "valid_from",
    "valid_to",
    "order",
]


class UnitError(Exception):
    """A unit change that cannot be made; the message is shown to the user."""


def _require_change(actor: Any, unit: Unit | None, what: str) -> None:
    """The backstop: Cap.UNITS_CHANGE on the unit; a unit without a parent (a province) only by the
    administrators of the whole installation."""
    if unit is None:
        require_installation_admin(actor, what=what)
    else:
        require(actor, Cap.UNITS_CHANGE, unit, what=what)


@transaction.atomic
def create_unit(*, actor: Any, **data: Any) -> Unit:
    _require_change(actor, data.get("parent"), "thêm đơn vị")
    unit = Unit(**data)
    if unit.kind == UnitKind.GROUP and (unit.parent is None or unit.parent.kind != UnitKind.COMMUNE):
        raise UnitError("Tổ dân phố, thôn phải thuộc một xã, phường.")
    unit.save()
    audit.record(actor, "units.unit.created", unit, after=audit.snapshot(unit, FIELDS), unit=unit)
    return unit


@transaction.atomic
def update_unit(unit: Unit, *, actor: Any, **data: Any) -> Unit:
    _require_change(actor, unit, "sửa đơn vị")
    before = audit.snapshot(unit, FIELDS)
    for key, value in data.items():
        setattr(unit, key, value)
    unit.save()
    audit.record(actor, "units.unit.updated", unit, before=before, after=audit.snapshot(unit, FIELDS), unit=unit)
    return unit


@transaction.atomic
def rename_unit(
    unit: Unit,
    *,
    new_name: str,
    new_short_name: str | None = None,
    effective: date,
    actor: Any,
    legal_basis: str = "",
) -> Unit:
    """Rename a unit from `effective` on; documents dated earlier keep printing the old name."""
    _require_change(actor, unit, "đổi tên đơn vị")
    new_name = nfc(new_name)
    if not new_name:
        raise UnitError("Tên mới không được để trống.")
    if new_name == unit.name:
        raise UnitError("Tên mới trùng tên hiện tại.")
    before = audit.snapshot(unit, FIELDS)
    UnitLineage.objects.create(
        kind=LineageKind.RENAME,
        effective_date=effective,
        from_unit=unit,
        to_unit=unit,
        old_name=unit.name,
        old_short_name=unit.short_name,
        legal_basis=legal_basis,
    )
    unit.name = new_name
    unit.short_name = nfc(new_short_name) if new_short_name else new_name
    unit.save()
    audit.record(actor, "units.unit.renamed", unit, before=before, after=audit.snapshot(unit, FIELDS), unit=unit)
    return unit


@transaction.atomic
def transfer_unit(unit: Unit, *, new_parent: Unit, effective: date, actor: Any, legal_basis: str = "") -> Unit:
    """Move a unit under another parent from `effective` on (e.g. a group after its ward merged)."""
    _require_change(actor, unit, "chuyển đơn vị")
    _require_change(actor, new_parent, "chuyển đơn vị")
    if new_parent.pk == unit.parent_id:
        raise UnitError("Đơn vị đã thuộc đơn vị cấp trên này.")
    before = audit.snapshot(unit, FIELDS)
    UnitLineage.objects.create(
        kind=LineageKind.TRANSFER,
        effective_date=effective,
        from_unit=unit,
        to_unit=unit,
        old_parent=unit.parent,
        legal_basis=legal_basis,
    )
    unit.parent = new_parent
    unit.save()
    audit.record(actor, "units.unit.transferred", unit, before=before, after=audit.snapshot(unit, FIELDS), unit=unit)
    return unit


@transaction.atomic
def merge_units(
    sources: list[Unit],
    *,
    into: Unit,
    effective: date,
    actor: Any,
    legal_basis: str = "",
    move_children: bool = True,
) -> list[UnitLineage]:
    """Merge `sources` into `into` from `effective`: the sources end the day before, their current children
    move under `into` (keeping their names), and their history rolls up to `into`."""
    for unit in [into, *sources]:
        _require_change(actor, unit, "sáp nhập đơn vị")
    if not sources:
        raise UnitError("Chưa chọn đơn vị để sáp nhập.")
    links = []
    for src in sources:
        if src.pk == into.pk:
            raise UnitError("Không thể sáp nhập một đơn vị vào chính nó.")
        before = audit.snapshot(src, FIELDS)
        links.append(
            UnitLineage.objects.create(
                kind=LineageKind.MERGE,
                effective_date=effective,
                from_unit=src,
                to_unit=into,
                legal_basis=legal_basis,
            )
        )
        src.valid_to = effective - timedelta(days=1)
        src.save()
        audit.record(
            actor,
            "units.unit.merged",
            src,
            before=before,
            after=audit.snapshot(src, FIELDS),
            unit=src,
            extra={"into": str(into), "legal_basis": legal_basis},
        )
        if move_children:
            for child in src.children.filter(valid_to__isnull=True):
                transfer_unit(child, new_parent=into, effective=effective, actor=actor, legal_basis=legal_basis)
    return links


@transaction.atomic
def split_unit(
    source: Unit, *, into: list[Unit], effective: date, actor: Any, legal_basis: str = ""
) -> list[UnitLineage]:
    """Split `source` into several new units from `effective`; children are moved by hand afterwards."""
    for unit in [source, *into]:
        _require_change(actor, unit, "chia tách đơn vị")
    if len(into) < 2:
        raise UnitError("Chia tách cần ít nhất hai đơn vị mới.")
    before = audit.snapshot(source, FIELDS)
    links = [
        UnitLineage.objects.create(
            kind=LineageKind.SPLIT,
            effective_date=effective,
            from_unit=source,
            to_unit=target,
            legal_basis=legal_basis,
        )
        for target in into
    ]
    source.valid_to = effective - timedelta(days=1)
    source.save()
    audit.record(
        actor,
        "units.unit.split",
        source,
        before=before,
        after=audit.snapshot(source, FIELDS),
        unit=source,
        extra={"into": [str(t) for t in into]},
    )
    return links


# --- setting a ward up from the official list ------------------------------------------------------

REFORM_DATE = date(2025, 7, 1)
REFORM_BASIS = "Nghị quyết của Ủy ban Thường vụ Quốc hội về sắp xếp đơn vị hành chính cấp xã năm 2025"
PROVINCE_BASIS = {"12": "Nghị quyết số 1670/NQ-UBTVQH15 ngày 16/6/2025"}


def _catalog_unit(entry: Any, parent: Unit | None, *, actor: Any) -> Unit:
    from vanhoa.units import catalog

    existing = Unit.objects.filter(code_scheme=entry.scheme, code=entry.code).first()
    if existing is not None:
        return existing
    return create_unit(
        actor=actor,
        kind=entry.kind,
        type_label=entry.type_label,
        name=entry.name,
        short_name=entry.short_name,
        code=entry.code,
        code_scheme=entry.scheme,
        parent=parent,
        valid_to=REFORM_DATE - timedelta(days=1) if entry.scheme == catalog.PRE2025 else None,
        valid_from=REFORM_DATE if entry.scheme == catalog.CURRENT else None,
    )


@transaction.atomic
def setup_from_catalog(scheme: str, code: str, *, actor: Any, with_history: bool = True) -> Unit:
    """Create a commune (and its province, district) from the official list, chosen by scheme and code.

    With `with_history`, an old commune is linked to the new one(s) it went into on 1/7/2025 and a new
    commune to the old ones it was formed from, so records on either side roll up correctly. Idempotent.
    """
    require_installation_admin(actor, what="thiết lập xã, phường mới")
    from vanhoa.units import catalog

    entry = catalog.get(scheme, code)
    if entry is None or entry.kind != "commune":
        raise UnitError(f"Không có xã, phường mã {code} trong danh mục {scheme}.")
    parent: Unit | None = None
    for ancestor in catalog.ancestors(scheme, code):
        parent = _catalog_unit(ancestor, parent, actor=actor)
    assert parent is not None
    commune = parent
    if not with_history:
        return commune
    if scheme == catalog.PRE2025:
        pairs = [
            (commune, setup_from_catalog(catalog.CURRENT, s.code, actor=actor, with_history=False))
            for s in catalog.successors(code)
        ]
    else:
        pairs = [
            (setup_from_catalog(catalog.PRE2025, p.code, actor=actor, with_history=False), commune)
            for p in catalog.predecessors(code)
        ]
    for old, new in pairs:
        _link_reform(old, new, actor=actor)
    return commune


def _link_reform(old: Unit, new: Unit, *, actor: Any) -> None:
    """Record that `old` (pre-2025) went into `new` on 1/7/2025, and the same for their provinces."""
    basis = PROVINCE_BASIS.get(new.parent.code if new.parent else "", REFORM_BASIS)
    if not UnitLineage.objects.filter(from_unit=old, to_unit=new, kind=LineageKind.MERGE).exists():
        UnitLineage.objects.create(
            kind=LineageKind.MERGE, effective_date=REFORM_DATE, from_unit=old, to_unit=new, legal_basis=basis
        )
        audit.record(actor, "units.unit.merged", old, unit=old, extra={"into": str(new), "legal_basis": basis})
    old_province = old.ancestor_on(REFORM_DATE - timedelta(days=1), UnitKind.PROVINCE)
    new_province = new.parent
    if (
        old_province
        and new_province
        and not UnitLineage.objects.filter(
            from_unit=old_province, to_unit=new_province, kind=LineageKind.MERGE
        ).exists()
    ):
        province_basis = "Nghị quyết của Quốc hội về sắp xếp đơn vị hành chính cấp tỉnh năm 2025"
        UnitLineage.objects.create(
            kind=LineageKind.MERGE,
            effective_date=REFORM_DATE,
            from_unit=old_province,
            to_unit=new_province,
            legal_basis=province_basis,
        )
        audit.record(
            actor,
            "units.unit.merged",
            old_province,
            unit=old_province,
            extra={"into": str(new_province), "legal_basis": province_basis},
        )
