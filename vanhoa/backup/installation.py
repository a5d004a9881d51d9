"""Back up and restore a whole installation: every table and every stored file, in one archive.

The backup reads the database inside one transaction (REPEATABLE READ on PostgreSQL, one read transaction on
SQLite) and lists the files in the same pass. The restore refuses an archive of another migration state, checks
every sha256 first, writes the database in one transaction (all or nothing; sequences reset), and only then
puts the files in place (unpacked beside each directory beforehand, swapped in by renaming).
"""

from __future__ import annotations

import contextlib
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

from django.db import connection, transaction
from django.utils import timezone

from vanhoa.backup import tables
from vanhoa.backup.archive import (
    ArchiveError,
    Reader,
    Writer,
    compare_migrations,
    file_roots,
    list_files,
    migration_state,
)
from vanhoa.core.actors import actor_name
from vanhoa.core.models import AuditEntry

KIND = "installation"


@contextlib.contextmanager
def snapshot() -> Iterator[None]:
    """One consistent read of the whole database."""
    outermost = not connection.in_atomic_block
    sqlite_mode = None
    if outermost and connection.vendor == "sqlite":
        # The settings BEGIN IMMEDIATE (the write lock) for writers; a backup only reads: a deferred transaction
        # under WAL reads one snapshot and lets the web and the worker write meanwhile.
        connection.ensure_connection()
        sqlite_mode, connection.transaction_mode = connection.transaction_mode, "DEFERRED"
    try:
        with transaction.atomic():
            if outermost and connection.vendor == "postgresql":
                with connection.cursor() as cursor:
                    cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            yield
    finally:
        if outermost and connection.vendor == "sqlite":
            connection.transaction_mode = sqlite_mode


def _nested_roots(roots: dict[str, Path], name: str) -> list[Path]:
    """The other roots that lie inside `name`'s directory (their files belong to them, not to it)."""
    mine = roots[name].resolve()
    return [r for n, r in roots.items() if n != name and r.resolve().is_relative_to(mine) and r.resolve() != mine]


def backup(target: str | Path | IO[bytes], *, actor: Any) -> dict[str, Any]:
    """Write the whole installation to `target`; returns the manifest."""
    all_models = tables.backed_up_models()
    roots = file_roots()
    writer = Writer(target, KIND)
    try:
        with snapshot():
            writer.manifest["created_at"] = timezone.now().isoformat()
            writer.manifest["migrations"] = migration_state()
            for model in all_models:
                writer.add_table(model._meta.label, model._meta.db_table, tables.columns(model), tables.rows(model))
            for name, root in roots.items():
                for rel, path in list_files(root, skip=_nested_roots(roots, name)):
                    writer.add_file(name, rel, path)
        manifest = writer.close()
    except BaseException:
        writer.zip.close()
        raise
    record(actor, "backup.installation.created", manifest)
    return manifest


def record(actor: Any, action: str, manifest: dict[str, Any], unit: Any = None, object_repr: str = "") -> None:
    """The audit entry of a backup, restore, export or import (the archive is not a model of its own)."""
    user = actor if getattr(actor, "pk", None) else None
    name = actor_name(actor)
    AuditEntry(
        actor=user,
        actor_name=name[:150],
        action=action,
        object_type="backup.archive",
        object_id=(manifest.get("export_id") or manifest.get("created_at", ""))[:64],
        object_repr=(object_repr or f"Bản sao lưu lúc {manifest.get('created_at', '')}")[:255],
        unit=unit,
        changes={
            "_": {
                "rows": sum(t["rows"] for t in manifest["tables"].values()),
                "files": len(manifest["files"]),
                "app_version": manifest.get("app_version"),
                "database": manifest.get("database"),
            }
        },
    ).save()


def check(reader: Reader) -> list[type]:
    """Refuse an archive this database cannot take; returns the models to restore."""
    differences = compare_migrations(reader.manifest.get("migrations", {}), migration_state())
    if differences:
        raise ArchiveError(
            "Không khôi phục được: bản sao lưu được tạo khi cơ sở dữ liệu ở trạng thái cấu trúc (migration) khác "
            "với hệ thống này — "
            + "; ".join(differences)
            + ". Hãy cài đúng phiên bản phần mềm của bản sao lưu (phiên bản "
            + str(reader.manifest.get("app_version"))
            + "), chạy «manage.py migrate» rồi khôi phục lại. Chưa có dữ liệu nào bị thay đổi."
        )
    all_models = tables.backed_up_models()
    ours = {m._meta.db_table: tables.columns(m) for m in all_models}
    theirs = {t: info["columns"] for t, info in reader.manifest["tables"].items()}
    if ours != theirs:
        odd = sorted(set(ours) ^ set(theirs)) or sorted(t for t in ours if ours[t] != theirs.get(t))
        raise ArchiveError(
            "Không khôi phục được: các bảng trong bản sao lưu không khớp với hệ thống này (" + ", ".join(odd[:5]) + ")."
        )
    return all_models


def restore(source: str | Path | IO[bytes], *, actor: Any) -> dict[str, Any]:
    """Replace every table and stored file with the archive's; returns its manifest."""
    reader = Reader(source, KIND)
    try:
        all_models = check(reader)
        reader.verify()
        staged = _stage_files(reader)
        try:
            with transaction.atomic():
                tables.wipe(all_models)
                for model in all_models:
                    info = reader.manifest["tables"][model._meta.db_table]
                    tables.insert(model, info["columns"], reader.rows(model._meta.db_table))
                tables.reset_sequences(all_models)
                record(actor, "backup.installation.restored", reader.manifest)
        except BaseException:
            for _root, tmp in staged:
                shutil.rmtree(tmp, ignore_errors=True)
            raise
        _swap_in(staged)
    finally:
        reader.close()
    return reader.manifest


def _stamp() -> str:
    return timezone.now().strftime("%Y%m%d-%H%M%S-%f")


def _stage_files(reader: Reader) -> list[tuple[Path, Path]]:
    """Unpack each root's files beside it; (root, staging dir), outer roots first."""
    staged = []
    stamp = _stamp()
    roots = sorted(file_roots().items(), key=lambda item: len(item[1].resolve().parts))
    try:
        for name, root in roots:
            tmp = root.with_name(f"{root.name}.restore-{stamp}")
            tmp.mkdir(parents=True)
            staged.append((root, tmp))
            reader.extract_files(name, tmp)
    except BaseException:
        for _root, tmp in staged:
            shutil.rmtree(tmp, ignore_errors=True)
        raise
    return staged


def _swap_in(staged: list[tuple[Path, Path]]) -> None:
    stamp = _stamp()
    for root, tmp in staged:
        old = root.with_name(f"{root.name}.before-restore-{stamp}")
        if root.exists():
            root.rename(old)
        tmp.rename(root)
        shutil.rmtree(old, ignore_errors=True)
