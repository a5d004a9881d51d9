"""The unit tree as an in-memory graph, for scoping and roll-up.

`covered(unit)` is every unit whose records roll up to `unit`: its children (current and former, through
moves to another parent) and, through mergers and splits, the units it succeeded. Loaded in two queries and
cached until a unit or lineage row changes (GraphVersion, bumped on every write).
"""

from __future__ import annotations

import secrets
from collections import defaultdict
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from datetime import date

from django.core.cache import cache

from vanhoa.units.choices import LineageKind


@dataclass(frozen=True)
class Node:
    id: int
    kind: str
    name: str
    parent_id: int | None
    valid_from: date | None
    valid_to: date | None


@dataclass
class UnitGraph:
    nodes: dict[int, Node] = field(default_factory=dict)
    children: dict[int, set[int]] = field(default_factory=lambda: defaultdict(set))
    predecessors: dict[int, set[int]] = field(default_factory=lambda: defaultdict(set))
    successors: dict[int, set[int]] = field(default_factory=lambda: defaultdict(set))

    def covered(self, root_id: int) -> frozenset[int]:
        """Ids of `root_id` and every unit whose records roll up to it (see module docstring)."""
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


def _version() -> int:
    """The graph's version: one primary-key read (0 before any unit was ever written)."""
    from vanhoa.units.models import GraphVersion

    return GraphVersion.objects.filter(pk=1).values_list("version", flat=True).first() or 0


def bump(**_: object) -> None:
    """A unit or lineage row changed: give the graph a new version (random, so that a version is never
    reused after a rollback or a restored backup) and drop this request's copy. Connected to every save and
    delete of Unit and UnitLineage (UnitsConfig.ready); bulk writes that bypass signals call it themselves."""
    from vanhoa.units.models import GraphVersion

    version = secrets.randbits(62)
    if not GraphVersion.objects.filter(pk=1).update(version=version):
        GraphVersion.objects.update_or_create(pk=1, defaults={"version": version})
    invalidate()


def build_graph() -> UnitGraph:
    from vanhoa.units.models import Unit, UnitLineage

    graph = UnitGraph()
    for row in Unit.objects.values_list("id", "kind", "name", "parent_id", "valid_from", "valid_to"):
        node = Node(*row)
        graph.nodes[node.id] = node
        if node.parent_id is not None:
            graph.children[node.parent_id].add(node.id)
    for kind, src, dst, old_parent in UnitLineage.objects.values_list(
        "kind", "from_unit_id", "to_unit_id", "old_parent_id"
    ):
        if kind in (LineageKind.MERGE, LineageKind.SPLIT) and src != dst:
            graph.predecessors[dst].add(src)
            graph.successors[src].add(dst)
        elif kind == LineageKind.TRANSFER and old_parent is not None:
            graph.children[old_parent].add(dst)
    return graph


# Within one web request the graph is looked up once (WorkContextMiddleware opens the request scope);
# a change to a unit or a lineage row during the request drops it (signals in UnitsConfig.ready).
_request_scope: ContextVar[dict[str, UnitGraph] | None] = ContextVar("unit_graph_request_scope", default=None)


@contextmanager
def request_scope() -> Iterator[None]:
    token = _request_scope.set({})
    try:
        yield
    finally:
        _request_scope.reset(token)


def invalidate(**_: object) -> None:
    scope = _request_scope.get()
    if scope is not None:
        scope.clear()


def get_graph() -> UnitGraph:
    """The graph, rebuilt when units or lineage changed (one query reads the version that checks the shared
    cache, at most once per request)."""
    scope = _request_scope.get()
    if scope is not None and "graph" in scope:
        return scope["graph"]
    version = _version()
    cached = cache.get("vanhoa:unit-graph")
    if cached is not None and cached[0] == version:
        graph: UnitGraph = cached[1]
    else:
        graph = build_graph()
        cache.set("vanhoa:unit-graph", (version, graph), 3600)
    if scope is not None:
        scope["graph"] = graph
    return graph


def covered_ids(unit_ids: set[int] | frozenset[int] | list[int]) -> frozenset[int]:
    graph = get_graph()
    out: set[int] = set()
    for uid in unit_ids:
        out |= graph.covered(uid)
    return frozenset(out)
