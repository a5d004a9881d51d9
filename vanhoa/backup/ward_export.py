"""Export one ward with its history: its units over time (the ward, the wards merged into it in 2025, their
groups), every record made under them, their audit entries and stored files, the accounts that appear in them,
and the reference data they use (rule sets, title types, the units above). `ward_import` loads it elsewhere.
"""

from __future__ import annotations

import uuid
from pathlib import Path
from typing import IO, Any

from django.db import models
from django.db.models import Q
from django.utils import timezone

from vanhoa.backup import tables
from vanhoa.backup.archive import Writer, file_roots, migration_state
from vanhoa.backup.installation import record, snapshot
from vanhoa.backup.ward_rules import RULE_SET_PARTS, file_fields, label, owned_models, reference_models, relations
from vanhoa.units.models import Unit
from vanhoa.units.tree import build_graph

KIND = "ward"


def owned_querysets(ward: Unit) -> dict[str, models.QuerySet]:
    """The ward's rows of each owned model: a row is the ward's when one of its foreign keys points at a unit
    of the ward (over time) or at a row already the ward's."""
    unit_ids = sorted(build_graph().covered(ward.pk))
    chosen: dict[str, models.QuerySet] = {"units.Unit": Unit._base_manager.filter(pk__in=unit_ids)}
    for model in owned_models():
        if label(model) == "units.Unit":
            continue
        condition = Q(pk__in=[])
        for field in relations(model):
            target = label(field.related_model)
            if target == "units.Unit":
                condition |= Q(**{f"{field.attname}__in": unit_ids})
            elif target in chosen and field.related_model is not model:
                condition |= Q(**{f"{field.attname}__in": chosen[target].values("pk")})
        chosen[label(model)] = model._base_manager.filter(condition)
    return chosen


def referenced(chosen: dict[str, models.QuerySet]) -> dict[str, set[Any]]:
    """Primary keys of the reference rows the ward's rows point at (units above the ward included)."""
    refs: dict[str, set[Any]] = {label(m): set() for m in reference_models()}
    owned_units = set(chosen["units.Unit"].values_list("pk", flat=True))
    for _name, qs in chosen.items():
        for field in relations(qs.model):
            target = label(field.related_model)
            if target in refs:
                refs[target].update(v for v in qs.values_list(field.attname, flat=True).distinct() if v is not None)
    refs["units.Unit"] -= owned_units
    _close_units(refs["units.Unit"], owned_units)
    from vanhoa.titles.models import RuleSet

    rule_sets = RuleSet._base_manager.filter(pk__in=refs["titles.RuleSet"])
    refs["titles.TitleType"].update(rule_sets.values_list("title_type_id", flat=True))
    for part in RULE_SET_PARTS:
        model = next(m for m in reference_models() if label(m) == part)
        refs[part].update(
            model._base_manager.filter(rule_set_id__in=refs["titles.RuleSet"]).values_list("pk", flat=True)
        )
    return refs


def _close_units(unit_ids: set[int], owned_units: set[int]) -> None:
    """Add the parents of the reference units, up to the top (so the chain can be created where it is missing)."""
    todo = set(unit_ids)
    while todo:
        parents = set(Unit._base_manager.filter(pk__in=todo).values_list("parent_id", flat=True)) - {None}
        todo = parents - unit_ids - owned_units
        unit_ids |= todo


def export_ward(ward: Unit, target: str | Path | IO[bytes], *, actor: Any) -> dict[str, Any]:
    """Write the ward's archive to `target`; returns its manifest."""
    writer = Writer(target, KIND)
    roots = file_roots()
    try:
        with snapshot():
            chosen = owned_querysets(ward)
            refs = referenced(chosen)
            writer.manifest.update(
                created_at=timezone.now().isoformat(),
                export_id=uuid.uuid4().hex,
                migrations=migration_state(),
                ward={"id": ward.pk, "name": ward.name, "code": ward.code, "code_scheme": ward.code_scheme},
            )
            for model in reference_models():
                qs = model._base_manager.filter(pk__in=refs[label(model)])
                writer.add_table(
                    label(model), "ref." + model._meta.db_table, tables.columns(model), tables.rows(model, qs)
                )
                writer.manifest["tables"]["ref." + model._meta.db_table]["role"] = "reference"
            for model in owned_models():
                qs = chosen[label(model)]
                writer.add_table(label(model), model._meta.db_table, tables.columns(model), tables.rows(model, qs))
                writer.manifest["tables"][model._meta.db_table]["role"] = "owned"
                _add_files(writer, model, qs, roots)
        manifest = writer.close()
    except BaseException:
        writer.zip.close()
        raise
    record(actor, "backup.ward.exported", manifest, unit=ward, object_repr=f"Dữ liệu {ward.name}")
    return manifest


def storage_root(field: models.FileField, roots: dict[str, Path]) -> str:
    location = Path(field.storage.location).resolve()
    for name, root in roots.items():
        if root.resolve() == location:
            return name
    raise ValueError(f"{field} stores its files outside the backed-up directories")


def _add_files(writer: Writer, model: type[models.Model], qs: models.QuerySet, roots: dict[str, Path]) -> None:
    for field in file_fields(model):
        root_name = storage_root(field, roots)
        for name in qs.exclude(**{field.attname: ""}).values_list(field.attname, flat=True).order_by(field.attname):
            path = roots[root_name] / name
            if path.is_file() and f"files/{root_name}/{name}" not in writer.manifest["files"]:
                writer.add_file(root_name, name, path)
