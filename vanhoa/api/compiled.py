"""Hot lists: the SQL that a list's querysets compile to, kept per process and executed again for the next
request with the same inputs.

Django compiles a queryset afresh on every request (~1 ms a query for the household list), although the same
scope and the same filters always give the same SQL. `read_page(key, build, offset)` builds the querysets only
on the first request of a key: `build()` makes them exactly as the endpoint always did (through
`visible_to(user, cap)`, so the scope rule is still written once, in vanhoa.core.scoping), the ORM runs them,
and the SQL and parameters it sent to the database are kept. The next request with the same key sends that SQL
again with its parameters and reads plain rows.

The key must hold every input the querysets are built from: the model's `scope_of(user, cap)` (everything
`visible_to` reads about the user), each filter's value, the ordering, the limit and the offset. Only SQL is
kept, never data: a household added or changed is seen by the next request as before. The cache is bounded
(least recently used first out) and per process; `clear()` empties it (tests).

Tests compare the answer of a kept SQL, of a first request and of the schema-validated page, byte for byte
(vanhoa/api/tests/test_fast_pages.py).
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from django.db import connections, models

#: False: every list builds and compiles its querysets on every request (what the tests compare with).
HOT_LISTS = True
MAX_ENTRIES = 1024


@dataclass(frozen=True)
class Compiled:
    using: str
    count_sql: str | None  # None: the ORM knew the answer was 0 without asking (an empty scope)
    count_params: tuple[Any, ...]
    page_sql: str
    page_params: tuple[Any, ...]
    names: tuple[str, ...]  # the keys of a `.values()` row, in the order of the SELECT
    converters: tuple[tuple[int, tuple[Callable[..., Any], ...], Any], ...]  # the ORM's from_db conversions


_entries: OrderedDict[Hashable, Compiled] = OrderedDict()
_lock = threading.Lock()


def clear() -> None:
    with _lock:
        _entries.clear()


def _get(key: Hashable) -> Compiled | None:
    with _lock:
        entry = _entries.get(key)
        if entry is not None:
            _entries.move_to_end(key)
        return entry


def _put(key: Hashable, entry: Compiled) -> None:
    with _lock:
        _entries[key] = entry
        _entries.move_to_end(key)
        while len(_entries) > MAX_ENTRIES:
            _entries.popitem(last=False)


@contextmanager
def _sent(using: str) -> Iterator[list[tuple[str, tuple[Any, ...]]]]:
    """The statements the ORM sends to the database inside the block, as (sql, params)."""
    seen: list[tuple[str, tuple[Any, ...]]] = []

    def record(execute: Callable[..., Any], sql: str, params: Any, many: bool, context: Any) -> Any:
        seen.append((sql, tuple(params or ())))
        return execute(sql, params, many, context)

    with connections[using].execute_wrapper(record):
        yield seen


def _converters(page: models.QuerySet[Any]) -> tuple[tuple[int, tuple[Callable[..., Any], ...], Any], ...]:
    """What the ORM applies to each column of a `.values()` row after reading it (as `results_iter` does)."""
    compiler = page.query.get_compiler(using=page.db)
    compiler.setup_query()
    fields = [s[0] for s in compiler.select[0 : compiler.col_count]]
    return tuple((pos, tuple(convs), expr) for pos, (convs, expr) in compiler.get_converters(fields).items())


@contextmanager
def binary_cursor(using: str = "default") -> Iterator[Any]:
    """A cursor (Django's wrapper: counted and logged as any query) whose rows PostgreSQL sends in binary:
    psycopg's C loaders read them, where Django's text loader of timestamps parses each one in Python (a
    50-row page has 100). The parameters are bound by the server (never prepared: safe behind a pooler). The
    values are those of the ORM (aware datetimes in the connection's UTC, dates, ints, strings); test_fast_pages
    compares the pages byte for byte. Elsewhere (SQLite) an ordinary cursor."""
    connection = connections[using]
    if connection.vendor != "postgresql":
        with connection.cursor() as cur:
            yield cur
        return
    import psycopg

    connection.close_if_health_check_failed()
    connection.ensure_connection()
    with connection.wrap_database_errors:
        raw = psycopg.Cursor(connection.connection)
        raw.format = psycopg.pq.Format.BINARY
        cur = connection._prepare_cursor(raw)
    with cur:
        yield cur


def read_page(
    key: Hashable, build: Callable[[], tuple[models.QuerySet[Any], models.QuerySet[Any]]], offset: int
) -> tuple[int, list[dict[str, Any]]]:
    """(count, rows) of a page: `build()` returns the filtered queryset (counted) and the page's `.values()`
    queryset (read when `offset` < count), as the endpoint would run them; the same queries in the same order
    whether the SQL was kept or not."""
    entry = _get(key)
    if entry is None:
        counted, page = build()
        using = page.db
        with _sent(using) as seen:
            count = counted.count()
        counts = list(seen)
        if not counts:  # the ORM answered 0 without a query (an empty scope): so will the kept entry
            _put(key, Compiled(using, None, (), "", (), (), ()))
        if offset >= count:
            return count, []
        with _sent(using) as seen:
            rows = list(page)
        if len(counts) == 1 and len(seen) == 1:
            query = page.query
            names = (*query.extra_select, *query.values_select, *query.annotation_select)
            _put(key, Compiled(using, *counts[0], *seen[0], names, _converters(page)))
        return count, rows
    if entry.count_sql is None:
        return 0, []
    connection = connections[entry.using]
    with binary_cursor(entry.using) as cur:
        cur.execute(entry.count_sql, entry.count_params)
        count = cur.fetchone()[0]
        if offset >= count:
            return count, []
        cur.execute(entry.page_sql, entry.page_params)
        fetched = cur.fetchall()
    if entry.converters:
        converted = []
        for raw in fetched:
            row = list(raw)
            for pos, convs, expr in entry.converters:
                value = row[pos]
                for convert in convs:
                    value = convert(value, expr, connection)
                row[pos] = value
            converted.append(row)
        fetched = converted
    names = entry.names
    return count, [dict(zip(names, row, strict=True)) for row in fetched]
