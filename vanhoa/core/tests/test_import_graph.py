"""core, accounts and units import each other without a loop (#18 item 4).

The layers: `core` below (text, clock, the NFC model base, the audit trail, `core.scoping.ScopedQuerySet`), then
`units` (the unit tree and its words), then `accounts` (roles, memberships, permissions; it installs itself as
the scope source of every `visible_to`). Pages of `core` (work context, menus, middleware) sit on top of all
three. The graph of their modules, counting every import wherever it is written (in a function too, but not
under `if TYPE_CHECKING:`), has no cycle; and none of them imports another of the three inside a function
(except `AppConfig.ready()`), so a loop cannot come back hidden in a function body.
"""

from __future__ import annotations

import ast
from pathlib import Path

VANHOA = Path(__file__).resolve().parents[2]
PACKAGES = ("core", "accounts", "units")


def modules() -> dict[str, Path]:
    found = {}
    for package in PACKAGES:
        for path in sorted((VANHOA / package).rglob("*.py")):
            parts = path.relative_to(VANHOA.parent).with_suffix("").parts
            if "tests" in parts or "migrations" in parts:
                continue
            if parts[-1] == "__init__":
                parts = parts[:-1]
            found[".".join(parts)] = path
    return found


def imports(module: str, path: Path, known: dict[str, Path]) -> list[tuple[str, bool]]:
    """(imported module of the three packages, written inside a function?) for each import of `module`."""
    out: list[tuple[str, bool]] = []
    package = module.split(".") if path.name == "__init__.py" else module.split(".")[:-1]

    def targets(node: ast.stmt) -> list[str]:
        if isinstance(node, ast.Import):
            return [alias.name for alias in node.names]
        if isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                base = ".".join(package[: len(package) - node.level + 1] + ([base] if base else []))
            return [f"{base}.{a.name}" if f"{base}.{a.name}" in known else base for a in node.names]
        return []

    def walk(node: ast.AST, in_function: bool) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.If) and "TYPE_CHECKING" in ast.unparse(child.test):
                continue  # annotations only: not executed
            inner = in_function or isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef)
            if isinstance(child, ast.Import | ast.ImportFrom):
                out.extend((t, inner) for t in targets(child) if t in known and t != module)
            walk(child, inner)

    walk(ast.parse(path.read_text(encoding="utf-8")), False)
    return out


def find_cycle(edges: dict[str, set[str]]) -> list[str] | None:
    state: dict[str, int] = {}  # 1: on the current path, 2: done
    path: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        path.append(node)
        for nxt in sorted(edges[node]):
            if state.get(nxt) == 1:
                return path[path.index(nxt) :] + [nxt]
            if nxt not in state and (cycle := visit(nxt)):
                return cycle
        path.pop()
        state[node] = 2
        return None

    for node in sorted(edges):
        if node not in state and (cycle := visit(node)):
            return cycle
    return None


def test_core_accounts_and_units_import_each_other_without_a_loop():
    known = modules()
    edges = {m: {t for t, _ in imports(m, p, known)} for m, p in known.items()}
    assert "vanhoa.core.scoping" in known and edges["vanhoa.accounts.permissions"]  # the walk sees the modules
    cycle = find_cycle(edges)
    assert cycle is None, "import loop: " + " → ".join(cycle or [])


def test_no_import_between_the_three_is_hidden_in_a_function():
    known = modules()
    hidden = [
        f"{m} → {t}"
        for m, p in known.items()
        if p.name != "apps.py"
        for t, in_function in imports(m, p, known)
        if in_function and t.split(".")[1] != m.split(".")[1]
    ]
    assert hidden == [], "import at the top of the module instead: " + ", ".join(hidden)


def test_the_loop_finder_finds_a_loop():
    assert find_cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert find_cycle({"a": {"b"}, "b": set()}) is None
