"""manage.py export_ward / import_ward: one ward with its history moves to another installation."""

from __future__ import annotations

import io
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from vanhoa.backup import tables
from vanhoa.backup.archive import ArchiveError
from vanhoa.backup.tests.conftest import stored_files
from vanhoa.backup.tests.test_installation import wipe_everything
from vanhoa.backup.ward_export import export_ward, owned_querysets, referenced
from vanhoa.backup.ward_import import import_ward
from vanhoa.backup.ward_rules import LEFT_BEHIND, REFERENCE_KEYS, label, owned_models, reference_models, relations
from vanhoa.core.actors import SETUP_WARD
from vanhoa.core.models import AuditEntry
from vanhoa.registry.models import Household
from vanhoa.testing.actors import TEST
from vanhoa.units.models import Unit


def ward_rows(ward: Unit) -> dict[str, list[list]]:
    chosen = owned_querysets(ward)
    out = {label(m): list(tables.rows(m, chosen[label(m)])) for m in owned_models()}
    refs = referenced(chosen)
    for m in reference_models():
        out["ref." + label(m)] = list(tables.rows(m, m._base_manager.filter(pk__in=refs[label(m)])))
    return out


def translated(model, rows, pkmap):  # type: ignore[no-untyped-def]
    """The source rows in the loading installation's numbering (written here, not with the import's code)."""
    cols = tables.columns(model)
    fks = {cols.index(f.attname): label(f.related_model) for f in relations(model)}
    types = {f"{m._meta.app_label}.{m._meta.model_name}": label(m) for m in owned_models()}
    out = []
    for row in rows:
        row = list(row)
        row[0] = pkmap[label(model)][row[0]]
        for i, target in fks.items():
            row[i] = pkmap[target].get(row[i]) if row[i] is not None else None
        if label(model) == "core.AuditEntry":
            i_type, i_id = cols.index("object_type"), cols.index("object_id")
            mapping = pkmap.get(types.get(row[i_type], ""), {})
            row[i_id] = next((str(new) for old, new in mapping.items() if str(old) == row[i_id]), row[i_id])
        if label(model) == "auth.User":
            row[cols.index("is_superuser")] = row[cols.index("is_staff")] = False
        out.append(row)
    return sorted(out, key=lambda r: r[0])


def test_every_model_is_owned_by_the_ward_shared_or_left_behind(db):
    every = {label(m) for m in tables.backed_up_models()}
    classified = {label(m) for m in owned_models()} | set(REFERENCE_KEYS) | LEFT_BEHIND
    assert every == classified
    owned = {label(m) for m in owned_models()}
    for model in owned_models():  # each owned row is found through a unit or through another owned row
        targets = {label(f.related_model) for f in relations(model)}
        assert model is Unit or targets & owned, label(model)


def test_a_ward_exported_and_loaded_into_an_empty_database_has_the_same_rows_and_files(demo):
    ward = Unit.objects.get(name="Phường Đoàn Kết", valid_to=None)
    source, files_before = ward_rows(ward), stored_files()
    assert len(source["units.Unit"]) > 8 and len(source["registry.Household"]) == 16
    assert len(source["core.AuditEntry"]) > 50 and source["ref.titles.RuleSet"]
    archive = io.BytesIO()
    manifest = export_ward(ward, archive, actor=TEST)
    assert manifest["files"] and manifest["ward"]["name"] == "Phường Đoàn Kết"

    wipe_everything()
    pkmap = import_ward(io.BytesIO(archive.getvalue()), actor=TEST)

    for model in owned_models() + reference_models():
        key = label(model) if model in owned_models() else "ref." + label(model)
        if model is Unit and key.startswith("ref."):
            continue
        wanted = source[key] + (source["ref.units.Unit"] if model is Unit else [])
        expected = translated(model, wanted, pkmap)
        got = sorted(
            tables.rows(model, model._base_manager.filter(pk__in=[r[0] for r in expected])), key=lambda r: r[0]
        )
        assert got == expected, label(model)
    assert stored_files() == {k: v for k, v in files_before.items() if f"files/{k}" in manifest["files"]}
    loaded = Unit.objects.get(name="Phường Đoàn Kết", valid_to=None)
    assert AuditEntry.objects.filter(action="backup.ward.imported", unit=loaded).count() == 1
    about_units = AuditEntry.objects.filter(object_type="units.unit").exclude(action__startswith="backup.")
    assert about_units.exists()  # the history follows the new keys
    assert {int(i) for i in about_units.values_list("object_id", flat=True)} <= set(
        Unit.objects.values_list("pk", flat=True)
    )
    assert Household.objects.count() == 16
    with pytest.raises(ArchiveError, match="Tệp này đã được nạp vào hệ thống lúc"):
        import_ward(io.BytesIO(archive.getvalue()), actor=TEST)


def test_loading_a_ward_that_is_already_here_is_refused_with_the_clashes_and_writes_nothing(demo):
    ward = Unit.objects.get(name="Phường Đoàn Kết", valid_to=None)
    archive = io.BytesIO()
    export_ward(ward, archive, actor=TEST)
    counts = {label(m): m._base_manager.count() for m in owned_models()}

    with pytest.raises(ArchiveError) as refused:
        import_ward(io.BytesIO(archive.getvalue()), actor=TEST)
    message = str(refused.value)
    assert "Đơn vị «Phường Quyết Tiến» (mã 03388) đã có trong hệ thống này" in message
    assert "Các tài khoản đã có trong hệ thống này: «" in message and "«truongban»" in message
    assert "--merge-users" in message
    assert "Chưa có dữ liệu nào được ghi" in message
    assert {label(m): m._base_manager.count() for m in owned_models()} == counts


def test_the_commands_export_and_load_a_ward_by_its_name(demo, tmp_path):
    target = tmp_path / "doan-ket.zip"
    out = StringIO()
    call_command("export_ward", "doan ket", "-o", str(target), stdout=out)
    assert "Đã xuất Phường Đoàn Kết" in out.getvalue() and target.exists()
    with pytest.raises(CommandError, match="đã có trong hệ thống này"):
        call_command("import_ward", str(target), stdout=StringIO())
    with pytest.raises(CommandError, match="Không tìm thấy xã, phường «Hà Đông»"):
        call_command("export_ward", "Hà Đông", stdout=StringIO())


def test_two_wards_merged_in_2025_kept_on_two_machines_come_together_under_their_successor(db, media):
    """Machine 2 kept phường Tân Phong (merged into Đoàn Kết on 01/07/2025); machine 1 kept Quyết Tiến."""
    from datetime import date

    from vanhoa.registry import services as registry
    from vanhoa.testing.world import build_world, unit
    from vanhoa.units import services as units
    from vanhoa.units.choices import CodeScheme, UnitKind
    from vanhoa.units.tree import get_graph

    tables.wipe(tables.backed_up_models())
    old_province = unit(UnitKind.PROVINCE, "Tỉnh Lai Châu", code="12", code_scheme=CodeScheme.PRE2025)
    city = unit(UnitKind.DISTRICT, "Thành phố Lai Châu", old_province, code="105", code_scheme=CodeScheme.PRE2025)
    province = unit(UnitKind.PROVINCE, "Tỉnh Lai Châu", code="12", code_scheme=CodeScheme.S2025)
    successor = unit(UnitKind.COMMUNE, "Phường Đoàn Kết", province, code="03388", code_scheme=CodeScheme.S2025)
    tan_phong = unit(UnitKind.COMMUNE, "Phường Tân Phong", city, code="03390", code_scheme=CodeScheme.PRE2025)
    group = unit(UnitKind.GROUP, "Tổ dân phố số 1", tan_phong, type_label="Tổ dân phố", short_name="Tổ dân phố số 1")
    registry.create_household(actor=TEST, group=group, head_name="Lường Văn Tâm", member_count=5)
    units.merge_units([tan_phong], into=successor, effective=date(2025, 7, 1), actor=TEST)
    machine_2 = io.BytesIO()
    export_ward(successor, machine_2, actor=TEST)

    tables.wipe(tables.backed_up_models())
    world = build_world()  # machine 1: Quyết Tiến merged into Đoàn Kết, with its three groups
    import_ward(io.BytesIO(machine_2.getvalue()), actor=TEST)

    arrived = Unit.objects.get(name="Phường Tân Phong")
    covered = get_graph().covered(world.ward.pk)
    assert {world.ward_2020.pk, arrived.pk} <= covered
    groups_1 = Unit.objects.filter(name="Tổ dân phố số 1", parent=world.ward)
    assert groups_1.count() == 2 and set(groups_1.values_list("pk", flat=True)) <= covered
    household = Household.objects.get(head_name="Lường Văn Tâm")
    assert household.ward == arrived and household.group.parent == world.ward
    assert Unit.objects.filter(name="Phường Đoàn Kết").count() == 1  # the successor was found, not copied
    assert Unit.objects.filter(name="Thành phố Lai Châu").count() == 1
    assert AuditEntry.objects.filter(action="backup.ward.imported", unit=world.ward).count() == 1


def test_a_ward_set_up_from_the_official_list_takes_its_old_data_without_copying_its_units(demo):
    """A new machine: `setup_ward "quyet tien"` made the wards and their 2025 link; the export fills them."""
    from vanhoa.units import services as units
    from vanhoa.units.models import UnitLineage

    ward = Unit.objects.get(name="Phường Đoàn Kết", valid_to=None)
    archive = io.BytesIO()
    export_ward(ward, archive, actor=TEST)
    wipe_everything()
    units.setup_from_catalog("pre2025", "03388", actor=SETUP_WARD)
    shells = {u.pk: (u.name, u.code_scheme, u.code) for u in Unit.objects.all()}
    lineage = UnitLineage.objects.count()

    import_ward(io.BytesIO(archive.getvalue()), actor=TEST)

    for pk, (name, scheme, code) in shells.items():  # each unit the set-up made is the one the data went into
        assert list(Unit.objects.filter(name=name, code_scheme=scheme, code=code).values_list("pk", flat=True)) == [pk]
    quyet_tien = Unit.objects.get(name="Phường Quyết Tiến", code="03388")
    assert quyet_tien.pk in shells and Household.objects.count() == 16
    assert set(Household.objects.values_list("ward_id", flat=True)) <= set(shells)
    assert UnitLineage.objects.filter(from_unit=quyet_tien, to_unit__name="Phường Đoàn Kết").count() == 1
    assert UnitLineage.objects.count() > lineage  # the groups' moves into Đoàn Kết came along
