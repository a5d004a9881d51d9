"""The types ratchet (#18 item 4): what mypy checks may only grow.

`make lint` (and scripts/test.sh) runs mypy over vanhoa/ and config/ with the configuration in pyproject.toml.
This test keeps that configuration honest:
- the strict packages include at least those below, and are strict by every flag `mypy --strict` turns on;
- the packages whose errors are still ignored are at most those below (take one off when it is clean; never add);
- nothing else switches checks off (no other `ignore_errors`, no `# mypy: ignore-errors` in a file);
- the count of `# type: ignore` comments may only fall (lower TYPE_IGNORES_AT_MOST when it does).
"""

from __future__ import annotations

import re
import tokenize
import tomllib
from pathlib import Path

REPO = Path(__file__).resolve().parents[3]

STRICT_AT_LEAST = {"vanhoa.core.*", "vanhoa.accounts.*", "vanhoa.units.*", "vanhoa.titles.*"}
IGNORED_AT_MOST = {
    "vanhoa.activities.*",
    "vanhoa.api.*",
    "vanhoa.backup.*",
    "vanhoa.deadlines.*",
    "vanhoa.demo.*",
    "vanhoa.documents.*",
    "vanhoa.imports.*",
    "vanhoa.offline.*",
    "vanhoa.opinions.*",
    "vanhoa.plans.*",
    "vanhoa.registry.*",
    "vanhoa.reports.*",
    "vanhoa.setup.*",
}
TYPE_IGNORES_AT_MOST = 87

STRICT_FLAGS = {
    "disallow_any_generics",
    "disallow_subclassing_any",
    "disallow_untyped_calls",
    "disallow_untyped_defs",
    "disallow_incomplete_defs",
    "check_untyped_defs",
    "disallow_untyped_decorators",
    "warn_return_any",
    "no_implicit_reexport",
    "strict_equality",
    "extra_checks",
}


def mypy_config() -> dict:
    return tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["mypy"]


def overrides_where(key: str, value: object) -> list[dict]:
    return [o for o in mypy_config().get("overrides", []) if o.get(key) == value]


def modules_of(override: dict) -> set[str]:
    module = override["module"]
    return {module} if isinstance(module, str) else set(module)


def python_files() -> list[Path]:
    files = [*(REPO / "vanhoa").rglob("*.py"), *(REPO / "config").rglob("*.py"), REPO / "conftest.py"]
    return sorted(p for p in files if "migrations" not in p.parts)


def comments(path: Path) -> list[str]:
    with path.open("rb") as fh:
        return [t.string for t in tokenize.tokenize(fh.readline) if t.type == tokenize.COMMENT]


def test_mypy_runs_on_the_whole_project_with_the_django_plugin():
    config = mypy_config()
    assert "mypy_django_plugin.main" in config["plugins"]
    assert {"vanhoa", "config"} <= set(config["files"])
    assert not config.get("ignore_errors") and config.get("follow_imports", "normal") == "normal"
    assert config["cache_dir"] == ".mypy_cache"  # make lint stays fast on the second run


def test_the_strict_packages_only_grow_and_are_strict_by_every_flag():
    strict = [o for o in mypy_config()["overrides"] if STRICT_FLAGS & set(o)]
    assert strict, "no strict override in pyproject.toml"
    for override in strict:
        assert all(override.get(flag) is True for flag in STRICT_FLAGS), f"not strict by every flag: {override}"
    named = set().union(*(modules_of(o) for o in strict))
    assert named >= STRICT_AT_LEAST, f"strict packages removed: {sorted(STRICT_AT_LEAST - named)}"


def test_the_ignored_packages_only_shrink():
    ignored = set().union(set(), *(modules_of(o) for o in overrides_where("ignore_errors", True)))
    assert ignored <= IGNORED_AT_MOST, f"errors newly ignored in {sorted(ignored - IGNORED_AT_MOST)}"
    assert not ignored & STRICT_AT_LEAST
    for override in mypy_config()["overrides"]:
        switched_off = [k for k, v in override.items() if v is False and k in STRICT_FLAGS | {"check_untyped_defs"}]
        assert not switched_off, f"checks switched off for {override['module']}: {switched_off}"


def test_no_file_switches_mypy_off_and_type_ignores_only_fall():
    ignores = 0
    for path in python_files():
        for comment in comments(path):
            assert not re.match(r"#\s*mypy:\s*ignore-errors", comment), f"{path}: {comment}"
            ignores += bool(re.search(r"#\s*type:\s*ignore", comment))
    assert ignores <= TYPE_IGNORES_AT_MOST, f"{ignores} `# type: ignore` (at most {TYPE_IGNORES_AT_MOST})"
