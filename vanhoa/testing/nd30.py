"""The NĐ 30/2020 format checker (../shared/tools/check_nd30.py) for tests: `nd30_errors(docx) -> [messages]`."""

from __future__ import annotations

import importlib.util
import os
import sys
import tempfile
from functools import cache
from pathlib import Path
from types import ModuleType

import pytest

REPO_ROOT = Path(__file__).resolve().parents[2]
CANDIDATES = [
    os.environ.get("ND30_CHECKER", ""),
    str(REPO_ROOT.parent / "shared" / "tools" / "check_nd30.py"),
    "/work/shared/tools/check_nd30.py",
]


@cache
def checker() -> ModuleType | None:
    path = next((Path(p) for p in CANDIDATES if p and Path(p).is_file()), None)
    if path is None:
        return None
    spec = importlib.util.spec_from_file_location("check_nd30", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its @dataclass looks the module up while executing
    spec.loader.exec_module(module)
    return module


def nd30_errors(document: Path | str | bytes) -> list[str]:
    """The checker's ERROR lines for a DOCX (path or bytes). Fails in CI, skips elsewhere, when it is missing."""
    module = checker()
    if module is None:
        message = f"check_nd30.py not found (looked in {CANDIDATES[1:]})"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    if isinstance(document, bytes):
        with tempfile.NamedTemporaryFile(suffix=".docx") as f:
            f.write(document)
            f.flush()
            return [msg for level, msg in module.check(f.name) if level == "ERROR"]
    return [msg for level, msg in module.check(str(document)) if level == "ERROR"]
