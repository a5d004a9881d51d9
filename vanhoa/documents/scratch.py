"""The one place where documents are written to disk while they are converted.

Every process gets its own directory ``<tmp>/vanhoa-<uid>/<pid>-<random>/`` (``VANHOA_TMPDIR`` overrides the
parent). Each conversion works in a sub-directory removed when it ends; the process directory is removed at
exit; and the first use in a process sweeps the directories of processes that no longer run, so a worker
killed in the middle of a PDF export (SIGKILL: no clean-up of its own) leaves nothing behind once anything
converts again. File names inside are fixed ("vanban.docx"), never a person's or a ward's name.
"""

from __future__ import annotations

import atexit
import contextlib
import os
import secrets
import shutil
import tempfile
import threading
from collections.abc import Iterator
from pathlib import Path

__all__ = ["process_dir", "root", "scratch_dir", "sweep"]

_lock = threading.Lock()
_mine: Path | None = None


def root() -> Path:
    base = os.environ.get("VANHOA_TMPDIR") or tempfile.gettempdir()
    return Path(base) / f"vanhoa-{os.getuid()}"


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def sweep() -> list[Path]:
    """Remove the directories of processes that are gone; returns what was removed."""
    removed = []
    base = root()
    if not base.is_dir():
        return removed
    for entry in base.iterdir():
        pid_text = entry.name.split("-", 1)[0]
        if not pid_text.isdigit() or int(pid_text) == os.getpid() or _alive(int(pid_text)):
            continue
        shutil.rmtree(entry, ignore_errors=True)
        with contextlib.suppress(OSError):
            entry.unlink()
        removed.append(entry)
    return removed


def _cleanup() -> None:
    global _mine
    if _mine is not None and _mine.name.startswith(f"{os.getpid()}-"):  # not a forked parent's
        shutil.rmtree(_mine, ignore_errors=True)
        _mine = None


def process_dir() -> Path:
    """This process's directory (made on first use, after sweeping those of dead processes)."""
    global _mine
    with _lock:
        if _mine is not None and _mine.name.startswith(f"{os.getpid()}-") and _mine.is_dir():
            return _mine
        base = root()
        base.mkdir(mode=0o700, parents=True, exist_ok=True)
        sweep()
        _mine = base / f"{os.getpid()}-{secrets.token_hex(4)}"
        _mine.mkdir(mode=0o700)
        return _mine


@contextlib.contextmanager
def scratch_dir(prefix: str) -> Iterator[Path]:
    """A fresh directory inside this process's directory, removed afterwards whatever happens."""
    path = Path(tempfile.mkdtemp(prefix=f"{prefix}-", dir=process_dir()))
    try:
        yield path
    finally:
        shutil.rmtree(path, ignore_errors=True)


# Registered at import, before vanhoa.documents.office registers its stop: exit handlers run last-in first-out,
# so LibreOffice is stopped before its profile directory is removed.
atexit.register(_cleanup)
