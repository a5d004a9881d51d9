"""A small but complete installation (the demo ward with 16 households, stored files) in a private MEDIA_ROOT."""

from __future__ import annotations

from pathlib import Path

import pytest

from vanhoa.backup import tables
from vanhoa.backup.archive import file_roots
from vanhoa.testing.demo import load_demo_fast


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.MEDIA_ROOT.mkdir()
    return settings.MEDIA_ROOT


@pytest.fixture
def demo(db, media):
    load_demo_fast(households=16)
    roots = file_roots()
    (roots["media"] / "plans" / "2020").mkdir(parents=True, exist_ok=True)
    (roots["media"] / "plans" / "2020" / "bien-ban-hop.pdf").write_bytes(b"%PDF-1.4 " + bytes(range(256)) * 40)
    (roots["media"] / "anh ngày hội.jpg").write_bytes(b"\xff\xd8\xff" + b"x" * 5000)
    (roots["private"] / "imports" / "7").mkdir(parents=True, exist_ok=True)
    (roots["private"] / "imports" / "7" / "so-ho.xlsx").write_bytes(b"PK\x03\x04" + b"y" * 3000)
    return roots


def table_rows() -> dict[str, list[list]]:
    """Every row of every table, encoded the way the archive holds them."""
    return {m._meta.db_table: list(tables.rows(m)) for m in tables.backed_up_models()}


def stored_files() -> dict[str, bytes]:
    out = {}
    for name, root in file_roots().items():
        for path in sorted(Path(root).rglob("*")):
            if path.is_file():
                out[f"{name}/{path.relative_to(root).as_posix()}"] = path.read_bytes()
    return out
