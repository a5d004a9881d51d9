"""Writing many rows of one model at once, for the bulk paths of service functions (which still check the
capability and write one audit entry per changed object, with `vanhoa.core.audit.build`)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.db import connection, models


def update_fields(objs: Sequence[models.Model], fields: Sequence[str]) -> int:
    """UPDATE `fields` (names, as in `save(update_fields=…)`) of every object from its current attributes: one
    executemany, each row by its id (QuerySet.bulk_update builds one CASE expression per field and row, far
    slower for thousands of rows). Nothing of `save()` runs: the caller prepares the values (normalised text,
    `updated_at`) first."""
    if not objs:
        return 0
    meta = objs[0]._meta
    columns: list[models.Field[Any, Any]] = []
    for name in fields:
        field = meta.get_field(name)
        if not isinstance(field, models.Field) or not field.concrete or meta.pk is None:
            raise ValueError(f"{meta.label}.{name}: not a column this function can write")
        columns.append(field)
    rows: list[tuple[Any, ...]] = [
        (*(f.get_db_prep_save(getattr(obj, f.attname), connection) for f in columns), obj.pk) for obj in objs
    ]
    qn = connection.ops.quote_name
    assignments = ", ".join(f"{qn(str(f.column))} = %s" for f in columns)
    sql = f"UPDATE {qn(meta.db_table)} SET {assignments} WHERE {qn(str(meta.pk.column))} = %s"  # noqa: S608
    with connection.cursor() as cursor:
        cursor.executemany(sql, rows)
    return len(rows)
