"""The unit tree as an in-memory graph, for scoping and roll-up.

`covered(unit)` is every unit whose records roll up to `unit`: its children (current and former, through
moves to another parent) and, through mergers and splits, the units it succeeded. Loaded in two queries and
cached until a unit or lineage row changes (GraphVersion, bumped on every write). The graph also answers "on a
date" questions without a query: whether a unit existed (`active_on`, `active_in_year`), its parent, ancestor and
name of the time.
"""

from __future__ import annotations

import secrets
from collections import defaultdict
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.core.cache import cache

from vanhoa.units.choices import LineageKind
from vanhoa.units.models import GraphVersion, Unit, UnitLineage


@dataclass(frozen=True)
class Node:
    id: int
    kind: str
    name: str
    parent_id: int | None
    valid_from: date | None
    valid_to: date | None
    code: str = ""
    type_label: str = ""  # "Tổ dân phố", "Thôn", "Phường" … (the words of a commune: units.words.group_labels)

    def active_on(self, day: date) -> bool:
        """The unit existed on `day` (Unit.is_active_on, from the graph)."""
        return (self.valid_from is None or self.valid_from <= day) and (self.valid_to is None or day <= self.valid_to)

    def active_between(self, start: date, end: date) -> bool:
        """The unit existed on at least one day from `start` to `end`."""
        return (self.valid_from is None or self.valid_from <= end) and (self.valid_to is None or self.valid_to >= start)


@dataclass
class UnitGraph:
    nodes: dict[int, Node] = field(default_factory=dict)
    children: dict[int, set[int]] = field(default_factory=lambda: defaultdict(set))
    predecessors: dict[int, set[int]] = field(default_factory=lambda: defaultdict(set))
    successors: dict[int, set[int]] = field(default_factory=lambda: defaultdict(set))
    # unit id -> [(effective date, old parent id)] and [(effective date, old name)], oldest first
    moves: dict[int, list[tuple[date, int]]] = field(default_factory=lambda: defaultdict(list))
    renames: dict[int, list[tuple[date, str]]] = field(default_factory=lambda: defaultdict(list))

    # covered() of each unit asked, computed once per graph (a graph is never changed once built)
    _covered: dict[int, frozenset[int]] = field(default_factory=dict, repr=False, compare=False)

    def covered(self, root_id: int) -> frozenset[int]:
        """Ids of `root_id` and every unit whose records roll up to it (see module docstring)."""
        known = self._covered.get(root_id)
        if known is None:
            known = self._covered[root_id] = self._walk(root_id)
        return known

    def _walk(self, root_id: int) -> frozenset[int]:
        seen: set[int] = set()
        stack = [root_id]
        while stack:
            uid = stack.pop()
            if uid in seen or uid not in self.nodes:
                continue
            seen.add(uid)
            stack.extend(self.children.get(uid, ()))
            stack.extend(self.predecessors.get(uid, ()))
        return frozenset(seen)

    def current(self, unit_id: int) -> set[int]:
        """Today's unit(s) that a unit lives on in (itself when it still exists)."""
        out: set[int] = set()
        stack = [unit_id]
        seen: set[int] = set()
        while stack:
            uid = stack.pop()
            if uid in seen:
                continue
            seen.add(uid)
            node = self.nodes.get(uid)
            if node is None:
                continue
            nxt = self.successors.get(uid)
            if node.valid_to is None or not nxt:
                out.add(uid)
            else:
                stack.extend(nxt)
        return out

    def ancestors(self, unit_id: int) -> list[int]:
        """Current ancestors, nearest first."""
        out = []
        node = self.nodes.get(unit_id)
        while node is not None and node.parent_id is not None:
            out.append(node.parent_id)
            node = self.nodes.get(node.parent_id)
        return out

    def covered_active_in(self, root_id: int, year: int, kind: str | None = None) -> list[int]:
        """`covered(root_id)` (of one kind, if given) narrowed to the units that existed at some time in `year`."""
        start, end = date(year, 1, 1), date(year, 12, 31)
        return sorted(
            uid
            for uid in self.covered(root_id)
            if (kind is None or self.nodes[uid].kind == kind) and self.nodes[uid].active_between(start, end)
        )

    def covered_active_on(self, root_id: int, day: date, kind: str | None = None) -> list[int]:
        """`covered(root_id)` (of one kind, if given) narrowed to the units that existed on `day`."""
        return sorted(
            uid
            for uid in self.covered(root_id)
            if (kind is None or self.nodes[uid].kind == kind) and self.nodes[uid].active_on(day)
        )

    def has_children(self, unit_id: int, kind: str) -> bool:
        """The unit has (or had) a child of `kind`: a commune with residential groups, say."""
        return any(self.nodes[c].kind == kind for c in self.children.get(unit_id, ()) if c in self.nodes)

    def parent_on(self, unit_id: int, day: date) -> int | None:
        """The parent as it was on `day` (Unit.parent_on: moves later than `day` are undone)."""
        for effective, old_parent in self.moves.get(unit_id, ()):
            if effective > day:
                return old_parent
        node = self.nodes.get(unit_id)
        return node.parent_id if node is not None else None

    def ancestor_on(self, unit_id: int, day: date, kind: str) -> int | None:
        """The ancestor of `kind` as it was on `day` (Unit.ancestor_on), itself when it is of that kind."""
        uid: int | None = unit_id
        seen: set[int] = set()
        while uid is not None and uid in self.nodes and uid not in seen:
            if self.nodes[uid].kind == kind:
                return uid
            seen.add(uid)
            uid = self.parent_on(uid, day)
        return None

    def name_on(self, unit_id: int, day: date) -> str:
        """The unit's name as it was on `day` (Unit.name_on: renames later than `day` are undone)."""
        for effective, old_name in self.renames.get(unit_id, ()):
            if effective > day:
                return old_name
        return self.nodes[unit_id].name


def _version() -> int:
    """The graph's version: one primary-key read (0 before any unit was ever written)."""
    from django.db import connection

    # Plain SQL: this runs on every request, and the ORM's compilation cost more than the read itself.
    with connection.cursor() as cur:
        cur.execute(f"SELECT version FROM {GraphVersion._meta.db_table} WHERE id = 1")  # noqa: S608 (no input)
        row = cur.fetchone()
    return int(row[0] or 0) if row else 0


def bump(**_: object) -> None:
    """A unit or lineage row changed: give the graph a new version (random, so that a version is never
    reused after a rollback or a restored backup) and drop this request's copy. Connected to every save and
    delete of Unit and UnitLineage (UnitsConfig.ready); bulk writes that bypass signals call it themselves."""
    version = secrets.randbits(62)
    if not GraphVersion.objects.filter(pk=1).update(version=version):
        GraphVersion.objects.update_or_create(pk=1, defaults={"version": version})
    invalidate()


def build_graph() -> UnitGraph:
    graph = UnitGraph()
    for row in Unit.objects.values_list(
        "id", "kind", "name", "parent_id", "valid_from", "valid_to", "code", "type_label"
    ):
        node = Node(*row)
        graph.nodes[node.id] = node
        if node.parent_id is not None:
            graph.children[node.parent_id].add(node.id)
    for kind, src, dst, old_parent, effective, old_name in UnitLineage.objects.order_by(
        "effective_date", "id"
    ).values_list("kind", "from_unit_id", "to_unit_id", "old_parent_id", "effective_date", "old_name"):
        if kind in (LineageKind.MERGE, LineageKind.SPLIT) and src != dst:
            graph.predecessors[dst].add(src)
            graph.successors[src].add(dst)
        elif kind == LineageKind.TRANSFER and old_parent is not None:
            graph.children[old_parent].add(dst)
            graph.moves[dst].append((effective, old_parent))
        elif kind == LineageKind.RENAME:
            graph.renames[dst].append((effective, old_name))
    return graph


# Within one web request the graph is looked up once (WorkContextMiddleware opens the request scope);
# a change to a unit or a lineage row during the request drops it (signals in UnitsConfig.ready).
_request_scope: ContextVar[dict[str, Any] | None] = ContextVar("unit_graph_request_scope", default=None)
# The version read by the request together with other values (prime_version), used once by get_graph.
_primed_version: ContextVar[int | None] = ContextVar("unit_graph_primed_version", default=None)


@contextmanager
def request_scope() -> Iterator[None]:
    token = _request_scope.set({})
    primed = _primed_version.set(None)
    try:
        yield
    finally:
        _primed_version.reset(primed)
        _request_scope.reset(token)


def prime_version(version: int | None) -> None:
    """The graph's version as a request already read it with other values in one statement (the API's token
    read): the request's first get_graph() then trusts it instead of reading it again. Outside a request scope,
    or after a change dropped the request's copy, the version is read as usual."""
    if _request_scope.get() is not None:
        _primed_version.set(int(version or 0))


def invalidate(**_: object) -> None:
    scope = _request_scope.get()
    if scope is not None:
        scope.clear()
        _primed_version.set(None)


# The graph as last built in this process, with its version. Kept as an object, not in the cache (LocMemCache
# pickles: unpickling a province's 2,000 units on every request cost more than the request's own queries); the
# cache holds only its version, so that cache.clear() still forces a rebuild. Read-only once built: every
# thread of the process shares it.
_built: tuple[int, UnitGraph] | None = None
CACHE_KEY = "vanhoa:unit-graph-version"


def get_graph() -> UnitGraph:
    """The graph, rebuilt when units or lineage changed (one query reads the version that checks the shared
    cache, at most once per request)."""
    scope = _request_scope.get()
    if scope is not None and "graph" in scope:
        found: UnitGraph = scope["graph"]
        return found
    global _built
    primed = _primed_version.get() if scope is not None else None
    version = _version() if primed is None else primed
    built = _built
    if built is not None and built[0] == version and cache.get(CACHE_KEY) == version:
        graph: UnitGraph = built[1]
    else:
        graph = build_graph()
        _built = (version, graph)
        cache.set(CACHE_KEY, version, 3600)
    if scope is not None:
        scope["graph"] = graph
    return graph


def covered_ids(unit_ids: set[int] | frozenset[int] | list[int]) -> frozenset[int]:
    graph = get_graph()
    out: set[int] = set()
    for uid in unit_ids:
        out |= graph.covered(uid)
    return frozenset(out)
