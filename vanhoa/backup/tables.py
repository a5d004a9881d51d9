"""The database as portable rows: every table of every installed model, in dependency order, each row a list of
JSON values (dates as ISO text, decimals as text, bytes as base64), read and written with the database's own
conversions, so a SQLite backup loads into PostgreSQL and back.

Rows are written with plain INSERTs (no model `save()`, no `auto_now`), so audit entries and timestamps come
back exactly as they were.
"""

from __future__ import annotations

import base64
import uuid
from collections.abc import Iterable, Iterator
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Any

from django.apps import apps
from django.core.management.color import no_style
from django.db import DEFAULT_DB_ALIAS, connection, connections, models, router
from django.utils.duration import duration_iso_string

BATCH = 1000


def backed_up_models() -> list[type[models.Model]]:
    """Every model with a table of its own (many-to-many tables included), parents before children."""
    found = [
        m
        for m in apps.get_models(include_auto_created=True)
        if m._meta.managed and not m._meta.proxy and router.allow_migrate_model(connection.alias, m)
    ]
    return dependency_order(found)


def dependency_order(found: list[type[models.Model]]) -> list[type[models.Model]]:
    """Topological order by foreign keys (self-references and cycles ignored; ties by label)."""
    by_label = {m._meta.label: m for m in found}
    deps = {
        label: {
            f.related_model._meta.label
            for f in m._meta.concrete_fields
            if f.is_relation and f.related_model._meta.label in by_label and f.related_model is not m
        }
        for label, m in by_label.items()
    }
    ordered: list[str] = []
    done: set[str] = set()
    visiting: set[str] = set()

    def visit(label: str) -> None:
        if label in done or label in visiting:
            return
        visiting.add(label)
        for dep in sorted(deps[label]):
            visit(dep)
        visiting.discard(label)
        done.add(label)
        ordered.append(label)

    for label in sorted(by_label):
        visit(label)
    return [by_label[label] for label in ordered]


def columns(model: type[models.Model]) -> list[str]:
    return [f.attname for f in model._meta.concrete_fields]


def encode(value: Any) -> Any:
    """A column value as JSON."""
    if isinstance(value, datetime | date | time):
        return value.isoformat()
    if isinstance(value, Decimal | uuid.UUID):
        return str(value)
    if isinstance(value, timedelta):
        return duration_iso_string(value)
    if isinstance(value, bytes | memoryview | bytearray):
        return base64.b64encode(bytes(value)).decode("ascii")
    return value


def rows(model: type[models.Model], queryset: models.QuerySet | None = None) -> Iterator[list[Any]]:
    """The table's rows in primary-key order, encoded."""
    qs = queryset if queryset is not None else model._base_manager.all()
    for values in qs.order_by("pk").values_list(*columns(model)).iterator(chunk_size=2000):
        yield [encode(v) for v in values]


# Field types whose JSON value is already what the database driver takes.
PLAIN = {
    "AutoField",
    "BigAutoField",
    "SmallAutoField",
    "IntegerField",
    "BigIntegerField",
    "SmallIntegerField",
    "PositiveIntegerField",
    "PositiveBigIntegerField",
    "PositiveSmallIntegerField",
    "BooleanField",
    "FloatField",
    "CharField",
    "TextField",
    "SlugField",
    "EmailField",
    "URLField",
    "FileField",
    "ImageField",
    "GenericIPAddressField",
}


def _converters(model: type[models.Model], cols: list[str]) -> list[Any]:
    fields = {f.attname: f for f in model._meta.concrete_fields}
    db = connections[DEFAULT_DB_ALIAS]  # the connection itself, not the per-attribute proxy
    out = []
    for col in cols:
        field = fields[col]
        kind = (field.target_field if field.is_relation else field).get_internal_type()
        if kind in PLAIN:
            out.append(None)
        elif isinstance(field, models.JSONField):
            out.append(lambda v, f=field: f.get_db_prep_save(v, db))
        else:
            out.append(lambda v, f=field: None if v is None else f.get_db_prep_save(f.to_python(v), db))
    return out


def insert(model: type[models.Model], cols: list[str], encoded_rows: Iterable[list[Any]]) -> int:
    """INSERT the rows as they are (primary keys included); returns how many."""
    qn = connection.ops.quote_name
    sql = "INSERT INTO {} ({}) VALUES ({})".format(
        qn(model._meta.db_table), ", ".join(qn(c) for c in cols), ", ".join(["%s"] * len(cols))
    )
    convert = _converters(model, cols)
    count = 0
    batch: list[list[Any]] = []
    with connection.cursor() as cursor:
        for row in encoded_rows:
            batch.append([v if c is None else c(v) for c, v in zip(convert, row, strict=True)])
            if len(batch) >= BATCH:
                cursor.executemany(sql, batch)
                count += len(batch)
                batch = []
        if batch:
            cursor.executemany(sql, batch)
            count += len(batch)
    return count


def wipe(all_models: list[type[models.Model]]) -> None:
    """Empty every table (audit entries too: this bypasses the model's refusal, for a restore only)."""
    tables = [m._meta.db_table for m in all_models]
    postgres = connection.vendor == "postgresql"
    with connection.cursor() as cursor:
        if postgres:  # TRUNCATE refuses tables with foreign-key checks still pending in this transaction
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        for sql in connection.ops.sql_flush(no_style(), tables, reset_sequences=True, allow_cascade=False):
            cursor.execute(sql)
        if postgres:
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")


def reset_sequences(all_models: list[type[models.Model]]) -> None:
    """Make the next id of every table follow its largest (PostgreSQL; SQLite follows by itself)."""
    statements = connection.ops.sequence_reset_sql(no_style(), all_models)
    if statements:
        with connection.cursor() as cursor:
            for sql in statements:
                cursor.execute(sql)
