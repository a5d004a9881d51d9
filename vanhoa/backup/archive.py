"""The archive both backups and ward exports are written to: one ZIP file holding `manifest.json`, one JSON-lines
file per table (`data/<table>.jsonl`, one row per line) and the stored files (`files/<root>/<path>`), each with
its sha256 in the manifest. Everything is checked against the manifest before anything is written back.
"""

from __future__ import annotations

import hashlib
import json
import zipfile
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import IO, Any

from django.conf import settings
from django.db import connection
from django.db.migrations.recorder import MigrationRecorder

FORMAT = "vanhoa-backup"
FORMAT_VERSION = 1
CHUNK = 1024 * 1024


class ArchiveError(Exception):
    """An archive that cannot be read or restored; the message is Vietnamese and says why."""


def app_version() -> str:
    try:
        from importlib.metadata import version

        return version("vanhoa")
    except Exception:  # noqa: BLE001 - not installed as a package: read pyproject
        text = (Path(settings.BASE_DIR) / "pyproject.toml").read_text(encoding="utf-8")
        for line in text.splitlines():
            if line.startswith("version"):
                return line.split("=", 1)[1].strip().strip('"')
        return "0"


def migration_state() -> dict[str, list[str]]:
    """The applied migrations of this database, per app, sorted."""
    state: dict[str, list[str]] = {}
    for app, name in sorted(MigrationRecorder(connection).applied_migrations()):
        state.setdefault(app, []).append(name)
    return state


def compare_migrations(theirs: dict[str, list[str]], ours: dict[str, list[str]]) -> list[str]:
    """One Vietnamese line per app whose migrations differ (empty when the states are the same)."""
    lines = []
    for app in sorted(set(theirs) | set(ours)):
        a, b = theirs.get(app, []), ours.get(app, [])
        if a == b:
            continue
        only_theirs = sorted(set(a) - set(b))
        only_ours = sorted(set(b) - set(a))
        parts = []
        if only_theirs:
            parts.append("bản sao lưu có thêm " + ", ".join(only_theirs))
        if only_ours:
            parts.append("hệ thống này có thêm " + ", ".join(only_ours))
        lines.append(f"ứng dụng «{app}»: " + "; ".join(parts))
    return lines


def file_roots() -> dict[str, Path]:
    """The directories of stored files the settings name: MEDIA_ROOT and the private files next to it."""
    from vanhoa.imports.models import private_root

    return {"media": Path(settings.MEDIA_ROOT), "private": private_root()}


def list_files(root: Path, skip: Iterable[Path] = ()) -> Iterator[tuple[str, Path]]:
    """(relative posix path, absolute path) of every regular file under root, sorted; `skip` roots excluded."""
    if not root.is_dir():
        return
    skipped = [s.resolve() for s in skip]
    for path in sorted(root.rglob("*")):
        if not path.is_file() or path.is_symlink():
            continue
        resolved = path.resolve()
        if any(resolved.is_relative_to(s) for s in skipped):
            continue
        yield path.relative_to(root).as_posix(), path


class Writer:
    """Writes an archive; `manifest` is completed as members are added and written by close()."""

    def __init__(self, target: str | Path | IO[bytes], kind: str) -> None:
        self.zip = zipfile.ZipFile(target, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=6, allowZip64=True)
        self.manifest: dict[str, Any] = {
            "format": FORMAT,
            "format_version": FORMAT_VERSION,
            "kind": kind,
            "app_version": app_version(),
            "database": connection.vendor,
            "migrations": migration_state(),
            "tables": {},
            "files": {},
        }

    def add_table(self, label: str, table: str, cols: list[str], rows: Iterable[list[Any]]) -> int:
        name = f"data/{table}.jsonl"
        digest = hashlib.sha256()
        count = 0
        with self.zip.open(name, "w", force_zip64=True) as out:
            for row in rows:
                line = (json.dumps(row, ensure_ascii=False, separators=(",", ":")) + "\n").encode("utf-8")
                digest.update(line)
                out.write(line)
                count += 1
        self.manifest["tables"][table] = {
            "model": label,
            "columns": cols,
            "rows": count,
            "member": name,
            "sha256": digest.hexdigest(),
        }
        return count

    def add_file(self, root_name: str, rel: str, path: Path) -> None:
        name = f"files/{root_name}/{rel}"
        digest = hashlib.sha256()
        size = 0
        with path.open("rb") as src, self.zip.open(name, "w", force_zip64=True) as out:
            while chunk := src.read(CHUNK):
                digest.update(chunk)
                out.write(chunk)
                size += len(chunk)
        self.manifest["files"][name] = {"sha256": digest.hexdigest(), "size": size}

    def close(self) -> dict[str, Any]:
        self.zip.writestr("manifest.json", json.dumps(self.manifest, ensure_ascii=False, indent=1))
        self.zip.close()
        return self.manifest


class Reader:
    """Reads an archive: the manifest at once; verify() checks every member's sha256 before any use."""

    def __init__(self, source: str | Path | IO[bytes], kind: str) -> None:
        try:
            self.zip = zipfile.ZipFile(source)
            self.manifest = json.loads(self.zip.read("manifest.json"))
        except (OSError, zipfile.BadZipFile, KeyError, ValueError) as exc:
            raise ArchiveError("Tệp không phải bản sao lưu của phần mềm (không đọc được manifest.json).") from exc
        if self.manifest.get("format") != FORMAT or self.manifest.get("format_version") != FORMAT_VERSION:
            raise ArchiveError("Tệp không phải bản sao lưu của phần mềm, hoặc thuộc phiên bản định dạng khác.")
        if self.manifest.get("kind") != kind:
            raise ArchiveError(f"Tệp là loại «{self.manifest.get('kind')}», không phải «{kind}».")

    def close(self) -> None:
        self.zip.close()

    def _digest(self, name: str) -> str:
        digest = hashlib.sha256()
        try:
            with self.zip.open(name) as src:
                while chunk := src.read(CHUNK):
                    digest.update(chunk)
        except KeyError as exc:
            raise ArchiveError(f"Bản sao lưu thiếu tệp {name}.") from exc
        return digest.hexdigest()

    def verify(self) -> None:
        members = [(t["member"], t["sha256"]) for t in self.manifest["tables"].values()]
        members += [(name, f["sha256"]) for name, f in self.manifest["files"].items()]
        for name, expected in members:
            if self._digest(name) != expected:
                raise ArchiveError(f"Bản sao lưu bị hỏng: tệp {name} không khớp mã kiểm tra sha256.")

    def rows(self, table: str) -> Iterator[list[Any]]:
        with self.zip.open(self.manifest["tables"][table]["member"]) as src:
            for line in src:
                yield json.loads(line)

    def extract_files(self, root_name: str, target: Path) -> int:
        """Write the files of one root under `target`; returns how many."""
        prefix = f"files/{root_name}/"
        count = 0
        for name in self.manifest["files"]:
            if not name.startswith(prefix):
                continue
            rel = Path(name[len(prefix) :])
            if rel.is_absolute() or ".." in rel.parts:
                raise ArchiveError(f"Bản sao lưu có đường dẫn tệp không hợp lệ: {name}.")
            dest = target / rel
            dest.parent.mkdir(parents=True, exist_ok=True)
            with self.zip.open(name) as src, dest.open("wb") as out:
                while chunk := src.read(CHUNK):
                    out.write(chunk)
            count += 1
        return count
