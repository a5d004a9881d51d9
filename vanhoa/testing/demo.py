"""`load_demo_fast(**options)`: the demo's rows for tests that only need them as data, at the cost of a restore.

The first call in a worker process (for the given options, `clock.today()`, database and starting state) runs
the real `manage.py load_demo` and snapshots every table it changed (every row, as the database returns it)
and every file it wrote under MEDIA_ROOT. Later calls in a fresh test transaction put the same rows back with
raw inserts (SQLite: `PRAGMA defer_foreign_keys`; PostgreSQL: COPY, Django's foreign keys being deferrable,
then the sequences moved past the restored ids) and drop the in-process caches built from the old rows (the
unit graph, Django's cache). `vanhoa/testing/tests/test_demo_snapshot.py` proves that a restore equals a real
load table by table. Tests of load_demo itself (idempotency, its audit) keep calling the real command.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from io import StringIO
from pathlib import Path
from typing import Any

from django.core.cache import cache
from django.core.management import call_command
from django.db import connection, transaction

from vanhoa.core import clock

SKIP_TABLES = {"django_migrations"}


@dataclass
class Snapshot:
    before: str  # the hash of every table before the real load: a restore needs the same starting point
    tables: dict[str, Any] = field(default_factory=dict)  # table -> (columns, rows) or COPY bytes (PostgreSQL)
    files: dict[tuple[str, str], bytes] = field(default_factory=dict)  # (root name, relative path) -> bytes


_snapshots: dict[tuple[Any, ...], Snapshot] = {}


def _tables() -> list[str]:
    with connection.cursor() as cur:
        names = connection.introspection.table_names(cur, include_views=False)
    return sorted(n for n in names if n not in SKIP_TABLES)


def _quote(name: str) -> str:
    return connection.ops.quote_name(name)


def _pg_columns(table: str) -> list[str]:
    with connection.cursor() as cur:
        cur.execute(
            "SELECT column_name FROM information_schema.columns WHERE table_schema = current_schema() "
            "AND table_name = %s AND is_generated = 'NEVER' ORDER BY ordinal_position",
            [table],
        )
        return [r[0] for r in cur.fetchall()]


def read_table(table: str) -> Any:
    """Every row of a table, in a form a restore can write back and a hash can compare."""
    with connection.cursor() as cur:
        if connection.vendor == "postgresql":
            columns = ", ".join(_quote(c) for c in _pg_columns(table))
            raw = cur.cursor  # psycopg's own cursor: COPY
            out = bytearray()
            with raw.copy(f"COPY (SELECT {columns} FROM {_quote(table)} ORDER BY 1) TO STDOUT") as copy:
                for chunk in copy:
                    out += chunk
            return (columns, bytes(out))
        names = tuple(c.name for c in connection.introspection.get_table_description(cur, table))
        # "+column" (SQLite's no-op) has no declared type: the values as stored, untouched by Django's converters
        raw = ", ".join(f"+{_quote(c)}" for c in names)
        cur.execute(f"SELECT {raw} FROM {_quote(table)}")  # noqa: S608 (table names from introspection)
        return (names, sorted(cur.fetchall(), key=repr))


def table_hash(table: str) -> tuple[int, str]:
    """(row count, sha256 of every row) of one table."""
    columns, rows = read_table(table)
    if isinstance(rows, bytes):
        lines = sorted(rows.splitlines())
        return len(lines), hashlib.sha256(repr(columns).encode() + b"\n".join(lines)).hexdigest()
    return len(rows), hashlib.sha256(repr((columns, rows)).encode()).hexdigest()


def database_hashes() -> dict[str, tuple[int, str]]:
    return {t: table_hash(t) for t in _tables()}


def _roots() -> dict[str, Path]:
    from vanhoa.backup.archive import file_roots  # MEDIA_ROOT and the private files next to it

    return file_roots()


def _files() -> dict[tuple[str, str], tuple[int, int]]:
    """(root name, relative path) -> (size, mtime) of every stored file, under the roots of this moment's settings."""
    out = {}
    for name, root in _roots().items():
        if root.is_dir():
            for p in root.rglob("*"):
                if p.is_file():
                    out[(name, p.relative_to(root).as_posix())] = (p.stat().st_size, p.stat().st_mtime_ns)
    return out


def _restore(snapshot: Snapshot) -> None:
    with transaction.atomic(), connection.cursor() as cur:  # one transaction, for the deferred foreign keys
        if connection.vendor == "sqlite":
            cur.execute("PRAGMA defer_foreign_keys = ON")  # until the test's transaction ends
        else:
            cur.execute("SET CONSTRAINTS ALL DEFERRED")
        for table in snapshot.tables:
            cur.execute(f"DELETE FROM {_quote(table)}")  # noqa: S608
        for table, (columns, rows) in snapshot.tables.items():
            if connection.vendor == "postgresql":
                with cur.cursor.copy(f"COPY {_quote(table)} ({columns}) FROM STDIN") as copy:
                    copy.write(rows)
                for seq in connection.introspection.get_sequences(cur, table):
                    # never backwards: ids already handed out in this database stay unused
                    column, name = _quote(seq["column"]), seq["name"]
                    cur.execute(
                        f"SELECT setval(pg_get_serial_sequence(%s, %s), GREATEST("  # noqa: S608
                        f"(SELECT COALESCE(MAX({column}), 1) FROM {_quote(table)}), "
                        f"(SELECT last_value FROM {_quote(name)})))",
                        [table, seq["column"]],
                    )
            elif rows:
                marks = ", ".join(["%s"] * len(columns))
                names = ", ".join(_quote(c) for c in columns)
                cur.executemany(f"INSERT INTO {_quote(table)} ({names}) VALUES ({marks})", rows)  # noqa: S608
    roots = _roots()
    for (root, name), data in snapshot.files.items():
        path = roots[root] / name
        if not path.is_file() or path.read_bytes() != data:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)


def _forget_caches() -> None:
    """What this process built from rows that the restore replaced."""
    from vanhoa.units import tree

    tree._built = None
    tree.invalidate()
    cache.clear()


def load_demo_fast(**options: Any) -> None:
    """`call_command("load_demo", **options)` for a test that needs the demo only as data (see the module)."""
    before = hashlib.sha256(repr(sorted(database_hashes().items())).encode()).hexdigest()
    key = (tuple(sorted(options.items())), clock.today(), connection.vendor, connection.settings_dict["NAME"])
    snapshot = _snapshots.get(key)
    if snapshot is not None and snapshot.before == before:
        _restore(snapshot)
        _forget_caches()
        return
    tables_before = {t: read_table(t) for t in _tables()}
    files_before = _files()
    call_command("load_demo", stdout=StringIO(), **options)
    snapshot = Snapshot(before=before)
    for table in _tables():
        rows = read_table(table)
        if rows != tables_before.get(table):
            snapshot.tables[table] = rows
    roots = _roots()
    snapshot.files = {
        (root, name): (roots[root] / name).read_bytes()
        for (root, name), stamp in _files().items()
        if files_before.get((root, name)) != stamp
    }
    _snapshots[key] = snapshot
