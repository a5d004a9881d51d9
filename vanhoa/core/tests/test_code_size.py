"""The size ratchet: no Python file in vanhoa/ (migrations and tests aside) over 800 lines, no function over 80.

Today's offenders are listed below with their current size; a listed one may only shrink (lower its number when
it does, remove it once it fits). Nothing may be added to the lists: split the new code into named steps or a new
module instead.
"""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]  # the vanhoa package
MAX_FILE_LINES = 800
MAX_FUNCTION_LINES = 80

# path (relative to vanhoa/) -> lines
FILES_OVER = {
}
# "path:function" -> lines, from its first decorator (or `def`) to its last line
FUNCTIONS_OVER = {
}


def source_files() -> list[Path]:
    return sorted(
        p for p in ROOT.rglob("*.py") if "migrations" not in p.parts and "tests" not in p.relative_to(ROOT).parts
    )


def measure() -> tuple[dict[str, int], dict[str, int]]:
    """(file -> lines, "file:function" -> lines) for every source file and every function (methods included)."""
    files: dict[str, int] = {}
    functions: dict[str, int] = {}
    for path in source_files():
        rel = path.relative_to(ROOT).as_posix()
        text = path.read_text(encoding="utf-8")
        files[rel] = len(text.splitlines())
        for node in ast.walk(ast.parse(text)):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                start = min([node.lineno, *(d.lineno for d in node.decorator_list)])
                key = f"{rel}:{node.name}"
                functions[key] = max(functions.get(key, 0), node.end_lineno - start + 1)  # type: ignore[operator]
    return files, functions


def test_the_measure_sees_the_whole_package():
    files, functions = measure()
    assert "titles/services/review.py" in files and "core/text.py" in files
    assert not any("/migrations/" in f or f.startswith("migrations/") for f in files)
    assert not any("/tests/" in f for f in files)
    assert functions["titles/overview.py:next_step"] < MAX_FUNCTION_LINES


def test_no_new_file_over_800_lines_and_listed_ones_only_shrink():
    files, _ = measure()
    over = {f: n for f, n in files.items() if n > MAX_FILE_LINES}
    new = {f: n for f, n in over.items() if f not in FILES_OVER}
    assert not new, f"Files over {MAX_FILE_LINES} lines: {new}. Split them by concern (see docs/conventions.md)."
    grown = {f: (files.get(f), limit) for f, limit in FILES_OVER.items() if files.get(f, 0) > limit}
    assert not grown, f"Listed files may only shrink (now, allowed): {grown}"
    fixed = [f for f, limit in FILES_OVER.items() if files.get(f, 0) <= MAX_FILE_LINES]
    assert not fixed, f"These files fit now: remove them from FILES_OVER: {fixed}"


def test_no_new_function_over_80_lines_and_listed_ones_only_shrink():
    _, functions = measure()
    over = {f: n for f, n in functions.items() if n > MAX_FUNCTION_LINES}
    new = {f: n for f, n in over.items() if f not in FUNCTIONS_OVER}
    assert not new, f"Functions over {MAX_FUNCTION_LINES} lines: {new}. Split them into named steps."
    grown = {f: (functions.get(f), limit) for f, limit in FUNCTIONS_OVER.items() if functions.get(f, 0) > limit}
    assert not grown, f"Listed functions may only shrink (now, allowed): {grown}"
    fixed = [f for f, limit in FUNCTIONS_OVER.items() if functions.get(f, 0) <= MAX_FUNCTION_LINES]
    assert not fixed, f"These functions fit now: remove them from FUNCTIONS_OVER: {fixed}"


def test_titles_is_fully_within_the_limits():
    files, functions = measure()
    assert not [f for f, n in files.items() if f.startswith("titles/") and n > MAX_FILE_LINES]
    assert not [f for f, n in functions.items() if f.startswith("titles/") and n > MAX_FUNCTION_LINES]
