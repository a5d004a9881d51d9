"""Load a ward export (vanhoa.backup.ward_export) into this installation, all or nothing.

Every row gets a new primary key here and every foreign key follows it. Reference data is found by its natural
key (a rule set by its code, a unit above the ward by its official code, an account by its user name) and only
created when missing. The ward itself may already exist (two wards merged in 2025, each exported from its own
installation, come together under their common successor); anything else of the export that is already here is
a clash, and the whole load is refused with the list of clashes.
"""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path
from typing import IO, Any

from django.db import connection, models, transaction
from django.utils import timezone

from vanhoa.backup import tables
from vanhoa.backup.archive import ArchiveError, Reader, compare_migrations, file_roots, migration_state
from vanhoa.backup.installation import record
from vanhoa.backup.ward_export import KIND
from vanhoa.backup.ward_rules import REFERENCE_KEYS, label, owned_models, reference_models, relations
from vanhoa.units.models import Unit

PkMap = dict[str, dict[Any, Any]]


class Load:
    """One load in progress: the archive's rows, the new keys, the clashes found."""

    def __init__(self, reader: Reader, merge_users: bool) -> None:
        self.reader = reader
        self.merge_users = merge_users
        self.pkmap: PkMap = defaultdict(dict)
        self.rows: dict[str, list[list[Any]]] = {}
        self.cols: dict[str, list[str]] = {}
        self.new: dict[str, list[list[Any]]] = defaultdict(list)  # rows to insert, per table key
        self.clashes: list[str] = []
        self.allocated: dict[str, int] = {}  # the largest key handed out per model (SQLite)
        for key, info in reader.manifest["tables"].items():
            self.rows[key] = list(reader.rows(key))
            self.cols[key] = info["columns"]
            if info["columns"][:1] != ["id"]:
                raise ArchiveError(f"Bảng {key} trong tệp không có cột khóa «id» đứng đầu.")

    def value(self, key: str, row: list[Any], col: str) -> Any:
        return row[self.cols[key].index(col)]


def _allocate(load: Load, model: type[models.Model], count: int) -> list[int]:
    """`count` fresh primary keys for the model's table (on SQLite: past the largest, and past those given)."""
    if not count:
        return []
    table = model._meta.db_table
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
                [table, model._meta.pk.column, count],
            )
            return [r[0] for r in cursor.fetchall()]
        qn = connection.ops.quote_name
        cursor.execute(f"SELECT MAX({qn(model._meta.pk.column)}) FROM {qn(table)}")  # noqa: S608 - quoted names
        start = max(cursor.fetchone()[0] or 0, load.allocated.get(label(model), 0)) + 1
        load.allocated[label(model)] = start + count - 1
        return list(range(start, start + count))


def _translate(load: Load, model: type[models.Model], key: str, row: list[Any]) -> list[Any]:
    """The row with its primary and foreign keys in this installation's numbering."""
    out = list(row)
    cols = load.cols[key]
    for field in relations(model):
        i = cols.index(field.attname)
        if out[i] is None:
            continue
        target = load.pkmap[label(field.related_model)]
        if out[i] in target:
            out[i] = target[out[i]]
        elif field.null:
            out[i] = None  # a record outside the ward (say, a household it came from): not carried over
        else:
            load.clashes.append(f"{model._meta.verbose_name} số {row[0]} trỏ tới một bản ghi không có trong tệp.")
    pk_col = cols.index(model._meta.pk.attname)
    out[pk_col] = load.pkmap[label(model)][row[pk_col]]
    return out


def _unit_lookup(load: Load, key: str, row: list[Any]) -> Unit | None:
    code = load.value(key, row, "code")
    if code:
        return Unit._base_manager.filter(code_scheme=load.value(key, row, "code_scheme"), code=code).first()
    parent = load.value(key, row, "parent_id")
    parent = load.pkmap["units.Unit"].get(parent) if parent is not None else None
    return Unit._base_manager.filter(
        kind=load.value(key, row, "kind"), name=load.value(key, row, "name"), parent_id=parent
    ).first()


def _parents_first(load: Load, key: str) -> list[list[Any]]:
    rows = load.rows.get(key, [])
    ids = {r[0] for r in rows}
    placed: set[Any] = set()
    ordered: list[list[Any]] = []
    while len(ordered) < len(rows):
        before = len(ordered)
        for r in rows:
            parent = load.value(key, r, "parent_id")
            if r[0] not in placed and (parent is None or parent not in ids or parent in placed):
                ordered.append(r)
                placed.add(r[0])
        if len(ordered) == before:
            raise ArchiveError("Các đơn vị trong tệp tạo thành vòng lặp cấp trên, không nạp được.")
    return ordered


def _resolve_units(load: Load, key: str, *, owned: bool) -> None:
    ward_id = load.reader.manifest["ward"]["id"]
    for row in _parents_first(load, key):
        # A group (no official code) of the ward is always new here: after a merger two wards' «Tổ dân phố
        # số 1» live side by side under their successor until the ward renumbers them.
        uncoded_own = owned and row[0] != ward_id and not load.value(key, row, "code")
        found = None if uncoded_own else _unit_lookup(load, key, row)
        if found is not None and (not owned or row[0] == ward_id or _is_empty(found)):
            load.pkmap["units.Unit"][row[0]] = found.pk
        elif found is not None:
            load.clashes.append(
                f"Đơn vị «{found.name}» (mã {found.code or 'không có'}) đã có trong hệ thống này: "
                "dữ liệu của đơn vị này đã được nạp trước đây."
            )
        else:
            load.pkmap["units.Unit"][row[0]] = _allocate(load, Unit, 1)[0]
            load.new[key].append(row)


def _is_empty(unit: Unit) -> bool:
    """A unit set up here from the official list but holding nothing yet (no groups, no records): the export's
    unit of the same code is found in it rather than refused."""
    if Unit._base_manager.filter(parent=unit).exists():
        return False
    shells = {"units.Unit", "units.UnitLineage", "core.AuditEntry", "accounts.Membership"}
    for model in owned_models():
        if label(model) in shells:
            continue
        for field in relations(model):
            if field.related_model is Unit and model._base_manager.filter(**{field.attname: unit.pk}).exists():
                return False
    return True


def _known_lineage(rows: list[list[Any]], cols: list[str]) -> list[list[Any]]:
    """The lineage rows not here yet (setting a ward up from the official list already links it to the wards
    merged into it)."""
    from vanhoa.units.models import UnitLineage

    keys = [cols.index(c) for c in ("kind", "from_unit_id", "to_unit_id", "effective_date")]
    here = {
        tuple(tables.encode(v) for v in t)
        for t in UnitLineage.objects.values_list("kind", "from_unit_id", "to_unit_id", "effective_date")
    }
    return [r for r in rows if tuple(r[i] for i in keys) not in here]


def _resolve_references(load: Load) -> None:
    taken_names: list[str] = []
    for model in reference_models():
        key = "ref." + model._meta.db_table
        if label(model) == "units.Unit":
            _resolve_units(load, key, owned=False)
            continue
        fields = REFERENCE_KEYS[label(model)]
        for row in load.rows.get(key, []):
            lookup = {}
            for name in fields:
                value = load.value(key, row, name)
                if name.endswith("_id"):
                    value = load.pkmap[label(model._meta.get_field(name[:-3]).related_model)].get(value)
                lookup[name] = value
            found = model._base_manager.filter(**lookup).first()
            if found is not None and label(model) == "auth.User" and not load.merge_users:
                taken_names.append(f"«{found.get_username()}»")
            elif found is not None:
                load.pkmap[label(model)][row[0]] = found.pk
            else:
                load.pkmap[label(model)][row[0]] = None
                load.new[key].append(row)
        fresh = _allocate(load, model, len(load.new[key]))
        for row, pk in zip(load.new[key], fresh, strict=True):
            load.pkmap[label(model)][row[0]] = pk
    if taken_names:
        load.clashes.append(
            "Các tài khoản đã có trong hệ thống này: " + ", ".join(taken_names) + " (chạy lại với --merge-users "
            "nếu đó là cùng những người này)."
        )


def _resolve_owned(load: Load) -> None:
    _resolve_units(load, "units_unit", owned=True)
    for model in owned_models():
        key = model._meta.db_table
        if label(model) == "units.Unit":
            continue
        rows = load.rows.get(key, [])
        for row, pk in zip(rows, _allocate(load, model, len(rows)), strict=True):
            load.pkmap[label(model)][row[0]] = pk
        load.new[key] = rows


def _shown(model: type[models.Model], field: str, value: Any) -> str:
    related = model._meta.get_field(field.removesuffix("_id")) if field.endswith("_id") else None
    if related is not None and related.is_relation:
        obj = related.related_model._base_manager.filter(pk=value).first()
        return f"{related.verbose_name} {obj}"
    return f"{model._meta.get_field(field).verbose_name} {value}"


def _unique_sets(model: type[models.Model]) -> list[tuple[str, ...]]:
    sets = [tuple(model._meta.get_field(n).attname for n in names) for names in model._meta.unique_together]
    for constraint in model._meta.constraints:
        if isinstance(constraint, models.UniqueConstraint) and constraint.fields and constraint.condition is None:
            sets.append(tuple(model._meta.get_field(n).attname for n in constraint.fields))
    sets += [(f.attname,) for f in model._meta.concrete_fields if f.unique and not f.primary_key]
    return sets


def _check_unique(load: Load, model: type[models.Model], key: str, translated: list[list[Any]]) -> None:
    """Clashes with rows already here, for each unique field set of the model (households' codes in the ward,
    a ward's plan of a year, a report of a year …)."""
    cols = load.cols[key]
    for fields in _unique_sets(model):
        idx = [cols.index(f) for f in fields]
        incoming = {tuple(r[i] for i in idx) for r in translated}
        incoming = {t for t in incoming if None not in t}
        if not incoming:
            continue
        first = sorted({t[0] for t in incoming}, key=str)
        existing = model._base_manager.filter(**{f"{fields[0]}__in": first}).values_list(*fields)
        found = [t for t in existing if tuple(tables.encode(v) for v in t) in incoming]
        for values in found[:5]:
            shown = ", ".join(_shown(model, f, v) for f, v in zip(fields, values, strict=True))
            load.clashes.append(f"{model._meta.verbose_name.capitalize()} ({shown}) đã có trong hệ thống này.")


def _prepare(load: Load) -> list[tuple[type[models.Model], str, list[list[Any]]]]:
    """Every row to insert, translated; clashes collected in load.clashes."""
    plan = []
    for model in [m for m in reference_models() if m is not Unit] + owned_models():
        key = ("ref." if label(model) in REFERENCE_KEYS and model is not Unit else "") + model._meta.db_table
        for source_key in [key, "ref.units_unit"] if model is Unit else [key]:
            translated = [_translate(load, model, source_key, r) for r in load.new.get(source_key, [])]
            if label(model) == "units.UnitLineage":
                translated = _known_lineage(translated, load.cols[source_key])
            if label(model) == "auth.User":
                cols = load.cols[source_key]
                for r in translated:  # a loaded account never brings installation-wide powers
                    r[cols.index("is_superuser")] = r[cols.index("is_staff")] = False
            if label(model) == "core.AuditEntry":
                audit_index = {label(m): {str(k): v for k, v in load.pkmap[label(m)].items()} for m in owned_models()}
                _remap_audit_fast(audit_index, translated, load.cols[source_key])
            if source_key in load.cols and source_key != "ref.units_unit":
                _check_unique(load, model, source_key, translated)
            plan.append((model, source_key, translated))
    return plan


def _remap_audit_fast(index: dict[str, dict[str, Any]], rows: list[list[Any]], cols: list[str]) -> None:
    by_type = {f"{k.split('.')[0]}.{k.split('.')[1].lower()}": v for k, v in index.items()}
    i_type, i_id = cols.index("object_type"), cols.index("object_id")
    for row in rows:
        mapping = by_type.get(row[i_type])
        if mapping and row[i_id] in mapping and mapping[row[i_id]] is not None:
            row[i_id] = str(mapping[row[i_id]])


def _files(load: Load) -> list[tuple[str, Path, str]]:
    """(archive member, destination, sha256) of each stored file to write; clashes for different files."""
    roots = file_roots()
    out = []
    for name, info in load.reader.manifest["files"].items():
        _files_prefix, root_name, rel = name.split("/", 2)
        if root_name not in roots or ".." in Path(rel).parts:
            raise ArchiveError(f"Tệp có đường dẫn không hợp lệ: {name}.")
        dest = roots[root_name] / rel
        if dest.exists():
            import hashlib

            if hashlib.sha256(dest.read_bytes()).hexdigest() != info["sha256"]:
                load.clashes.append(f"Tệp {root_name}/{rel} đã có trong hệ thống này với nội dung khác.")
            continue
        out.append((name, dest, info["sha256"]))
    return out


def import_ward(source: str | Path | IO[bytes], *, actor: Any, merge_users: bool = False) -> PkMap:
    """Load the export; returns {model label: {key in the export: key here}}. Raises ArchiveError, with every
    clash listed, when anything of the export is already here; nothing is written then."""
    reader = Reader(source, KIND)
    written: list[Path] = []
    try:
        differences = compare_migrations(reader.manifest.get("migrations", {}), migration_state())
        if differences:
            raise ArchiveError(
                "Không nạp được: tệp được xuất khi cơ sở dữ liệu ở trạng thái cấu trúc (migration) khác với hệ thống "
                "này — " + "; ".join(differences) + ". Hai nơi cần cùng phiên bản phần mềm."
            )
        reader.verify()
        _refuse_twice(reader.manifest)
        with transaction.atomic():
            load = Load(reader, merge_users)
            _resolve_references(load)
            _resolve_owned(load)
            plan = _prepare(load)
            files = _files(load)
            if load.clashes:
                shown = load.clashes[:20] + (
                    [f"… và {len(load.clashes) - 20} chỗ trùng khác."] if len(load.clashes) > 20 else []
                )
                raise ArchiveError("Không nạp dữ liệu: " + " ".join(shown) + " Chưa có dữ liệu nào được ghi.")
            for model, key, rows in plan:
                tables.insert(model, load.cols[key], rows)
            tables.reset_sequences([m for m, _k, rows in plan if rows])
            for name, dest, _sha in files:
                dest.parent.mkdir(parents=True, exist_ok=True)
                written.append(dest)
                with reader.zip.open(name) as src:
                    dest.write_bytes(src.read())
            _after_load(load, actor)
    except BaseException:
        for path in written:
            path.unlink(missing_ok=True)
        raise
    finally:
        reader.close()
    return dict(load.pkmap)


def _refuse_twice(manifest: dict[str, Any]) -> None:
    from vanhoa.core.models import AuditEntry

    earlier = AuditEntry.objects.filter(action="backup.ward.imported", object_id=manifest.get("export_id", "")).first()
    if earlier is not None:
        raise ArchiveError(
            f"Tệp này đã được nạp vào hệ thống lúc {timezone.localtime(earlier.at):%H:%M ngày %d/%m/%Y} "
            f"({earlier.actor_name}). Chưa có dữ liệu nào được ghi."
        )


def _after_load(load: Load, actor: Any) -> None:
    from vanhoa.units.tree import bump

    bump()
    ward = Unit._base_manager.get(pk=load.pkmap["units.Unit"][load.reader.manifest["ward"]["id"]])
    record(actor, "backup.ward.imported", load.reader.manifest, unit=ward, object_repr=f"Dữ liệu {ward.name}")
