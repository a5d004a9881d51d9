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


_entries: OrderedDict[Hashable, Compiled | CountedIds] = OrderedDict()
_lock = threading.Lock()


def clear() -> None:
    with _lock:
        _entries.clear()


def _get(key: Hashable) -> Compiled | CountedIds | None:
    with _lock:
        entry = _entries.get(key)
        if entry is not None:
            _entries.move_to_end(key)
        return entry


def _put(key: Hashable, entry: Compiled | CountedIds) -> None:
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
    if not isinstance(entry, Compiled):
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
    with binary_cursor(entry.using) as cur:
        cur.execute(entry.count_sql, entry.count_params)
        count = cur.fetchone()[0]
        if offset >= count:
            return count, []
        cur.execute(entry.page_sql, entry.page_params)
        fetched = cur.fetchall()
    return count, _rows(entry.using, entry.names, entry.converters, fetched)


@dataclass(frozen=True)
class CountedIds:
    """A list whose count rides on the scan of its page's ids (a search: few matches)."""

    using: str
    ids_sql: str  # (pk, total): the page's ids and the count of every match, in one scan
    ids_params: tuple[Any, ...]
    page_sql: str  # the page's rows by their ids: `limit` id parameters, at `slots`
    page_params: tuple[Any, ...]
    slots: tuple[int, ...]
    names: tuple[str, ...]
    converters: tuple[tuple[int, tuple[Callable[..., Any], ...], Any], ...]


def read_counted_page(
    key: Hashable,
    build: Callable[[], tuple[models.QuerySet[Any], models.QuerySet[Any], Callable[[list[int]], models.QuerySet[Any]]]],
    offset: int,
    limit: int,
) -> tuple[int, list[dict[str, Any]]]:
    """(count, rows) of a page whose count comes with its ids: `build()` returns the filtered queryset (counted
    only when the page is empty: past the end), the `.values("pk", "total")` queryset of the page's ids with the
    count of all matches (a window count), and `page_for(ids)`, the page's `.values()` queryset for those ids.
    One scan of the matches instead of two (the count's and the ids'); kept as `read_page` keeps its SQL, the
    page's statement with exactly `limit` ids (a short page repeats its last id, which selects nothing more)."""
    entry = _get(key)
    if not isinstance(entry, CountedIds):
        counted, ids_qs, page_for = build()
        using = ids_qs.db
        with _sent(using) as seen:
            found = list(ids_qs)
        if not found:
            return counted.count(), []
        ids = [r["pk"] for r in found]
        page = page_for(ids)
        rows = list(page)
        if len(seen) == 1:
            sentinels = [-1 - i for i in range(limit)]  # no row's id: where the ids go in the parameters
            sql, params = page_for(sentinels).query.get_compiler(using=using).as_sql()
            slots = tuple(i for s in sentinels for i, p in enumerate(params) if p == s)
            if len(slots) == limit:
                query = page.query
                names = (*query.extra_select, *query.values_select, *query.annotation_select)
                _put(key, CountedIds(using, *seen[0], sql, tuple(params), slots, names, _converters(page)))
        return found[0]["total"], rows
    with binary_cursor(entry.using) as cur:
        cur.execute(entry.ids_sql, entry.ids_params)
        found = cur.fetchall()
        if found:
            params = list(entry.page_params)
            ids = [r[0] for r in found]
            for slot, pk in zip(entry.slots, ids + ids[-1:] * (limit - len(ids)), strict=True):
                params[slot] = pk
            cur.execute(entry.page_sql, params)
            fetched = cur.fetchall()
    if not found:
        return build()[0].count(), []
    return found[0][1], _rows(entry.using, entry.names, entry.converters, fetched)


def _rows(
    using: str,
    names: tuple[str, ...],
    converters: tuple[tuple[int, tuple[Callable[..., Any], ...], Any], ...],
    fetched: list[Any],
) -> list[dict[str, Any]]:
    """Plain rows as the ORM's `.values()` dicts: its from_db conversions applied."""
    if converters:
        connection = connections[using]
        converted = []
        for raw in fetched:
            row = list(raw)
            for pos, convs, expr in converters:
                value = row[pos]
                for convert in convs:
                    value = convert(value, expr, connection)
                row[pos] = value
            converted.append(row)
        fetched = converted
    return [dict(zip(names, row, strict=True)) for row in fetched]
