"""Reading an uploaded workbook in a child process with memory and time limits.

The spreadsheet reader is native code: a file it cannot cope with may make it ask for more memory than the
machine has and abort the whole process. So the web process and the background worker never read a workbook
themselves: :func:`call` runs `parsing.list_sheets` / `parsing.parse_households` in a fresh Python process
limited in address space (RLIMIT_AS) and CPU time (RLIMIT_CPU), with a wall-clock timeout, and turns its death
into an :class:`~vanhoa.imports.parsing.ImportFileError` with a Vietnamese message. The limits of
`vanhoa.imports.limits` refuse most hostile files before the reader starts; these limits stop the rest.

Settings: ``VANHOA_IMPORT_SANDBOX`` (default True), ``VANHOA_IMPORT_MEMORY_MB`` (default 1024),
``VANHOA_IMPORT_CPU_SECONDS`` (default 120), ``VANHOA_IMPORT_TIMEOUT_SECONDS`` (default 180).

This module imports no Django at module level: the child imports it.
"""

from __future__ import annotations

import io
import logging
import pickle
import signal
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from vanhoa.imports import parsing

logger = logging.getLogger(__name__)

FUNCTIONS = frozenset(("list_sheets", "parse_households"))
MSG_MEMORY = (
    "Không đọc được tệp «{name}»: đọc tệp này cần quá nhiều bộ nhớ (hơn {mb} MB) hoặc tệp có cấu trúc bất "
    "thường, nên máy chủ đã dừng đọc để tự bảo vệ. Chưa ghi gì vào sổ. Hãy mở tệp bằng Excel, chép danh sách "
    "sang một tệp mới, lưu dạng .xlsx rồi tải lên lại."
)
MSG_TIME = (
    "Đọc tệp «{name}» quá lâu (hơn {s} giây) nên máy chủ đã dừng đọc. Chưa ghi gì vào sổ. "
    "Hãy tách danh sách thành nhiều tệp nhỏ hơn rồi tải lên lại."
)
_CHILD = "import sys; sys.path.insert(0, sys.argv[1]); from vanhoa.imports.sandbox import main; main()"
_ROOT = str(Path(__file__).resolve().parents[2])


@dataclass(frozen=True)
class Config:
    enabled: bool = True
    memory_mb: int = 1024
    cpu_seconds: int = 120
    timeout_seconds: int = 180


def config() -> Config:
    from django.conf import settings

    return Config(
        enabled=bool(getattr(settings, "VANHOA_IMPORT_SANDBOX", True)),
        memory_mb=int(getattr(settings, "VANHOA_IMPORT_MEMORY_MB", 1024)),
        cpu_seconds=int(getattr(settings, "VANHOA_IMPORT_CPU_SECONDS", 120)),
        timeout_seconds=int(getattr(settings, "VANHOA_IMPORT_TIMEOUT_SECONDS", 180)),
    )


def call(func: str, data: bytes, filename: str, *, limits: Config | None = None, **kwargs: Any) -> Any:
    """`parsing.<func>(data, filename, **kwargs)` in a limited child process; raises ImportFileError."""
    if func not in FUNCTIONS:
        raise ValueError(func)
    cfg = limits or config()
    if not cfg.enabled:
        return getattr(parsing, func)(data, filename, **kwargs)
    payload = pickle.dumps((func, data, filename, kwargs, cfg.memory_mb, cfg.cpu_seconds), protocol=5)
    name = parsing._quote(filename or "tệp", 60)
    try:
        proc = subprocess.run(
            [sys.executable, "-I", "-c", _CHILD, _ROOT],
            input=payload,
            capture_output=True,
            timeout=cfg.timeout_seconds,
            env={"LANG": "C.UTF-8", "RUST_BACKTRACE": "0", "PYTHONDONTWRITEBYTECODE": "1"},
            check=False,
        )
    except subprocess.TimeoutExpired:  # run() has killed the child
        logger.warning("import sandbox: %r took more than %s s", filename, cfg.timeout_seconds)
        raise parsing.ImportFileError(MSG_TIME.format(name=name, s=cfg.timeout_seconds)) from None
    if proc.returncode != 0 or not proc.stdout:
        logger.warning(
            "import sandbox: reading %r ended with code %s: %s",
            filename,
            proc.returncode,
            proc.stderr[-2000:].decode("utf-8", "replace"),
        )
        if proc.returncode == -signal.SIGXCPU:
            raise parsing.ImportFileError(MSG_TIME.format(name=name, s=cfg.cpu_seconds))
        raise parsing.ImportFileError(MSG_MEMORY.format(name=name, mb=cfg.memory_mb))
    status, value, peak_mb = _Unpickler(io.BytesIO(proc.stdout)).load()
    logger.info("import sandbox: %s of %r: %s, peak memory %d MB", func, filename, status, peak_mb)
    if status == "ok":
        return value
    if status == "memory":
        raise parsing.ImportFileError(MSG_MEMORY.format(name=name, mb=cfg.memory_mb))
    raise parsing.ImportFileError(value)


class _Unpickler(pickle.Unpickler):
    """Only the result types of the parsing functions come back from the child."""

    allowed = frozenset(
        {
            ("vanhoa.imports.parsing.results", "HouseholdRow"),
            ("vanhoa.imports.parsing.results", "ParseResult"),
            ("vanhoa.imports.parsing.results", "RowError"),
            ("vanhoa.imports.parsing.results", "SheetInfo"),
            ("datetime", "date"),
            ("datetime", "datetime"),
            ("datetime", "time"),
            ("datetime", "timedelta"),
            ("copyreg", "_reconstructor"),
            ("builtins", "object"),
        }
    )

    def find_class(self, module: str, name: str) -> Any:
        if (module, name) not in self.allowed:
            raise pickle.UnpicklingError(f"{module}.{name} is not a parsing result")
        return super().find_class(module, name)


def _limit(memory_mb: int, cpu_seconds: int) -> None:
    import resource

    mem = memory_mb * 2**20
    resource.setrlimit(resource.RLIMIT_AS, (mem, mem))
    resource.setrlimit(resource.RLIMIT_CPU, (cpu_seconds, cpu_seconds + 5))
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    resource.setrlimit(resource.RLIMIT_FSIZE, (0, 0))  # writes nothing but its answer on the pipe


def main() -> None:
    """The child: read the request from stdin, answer on stdout ("ok", result) / ("refused", message).

    The answer's third item is the child's own peak resident memory in MB, which the parent logs: the parent's
    RUSAGE_CHILDREN mixes every child it ever had (LibreOffice conversions too), this is the reader's alone.
    """
    func, data, filename, kwargs, memory_mb, cpu_seconds = pickle.loads(sys.stdin.buffer.read())
    import python_calamine  # noqa: F401  (loaded before the limit, like the rest of the program)

    _limit(memory_mb, cpu_seconds)
    try:
        answer: tuple[str, Any] = ("ok", getattr(parsing, func)(data, filename, **kwargs))
    except parsing.ImportFileError as exc:
        answer = ("refused", exc.message)
    except MemoryError:
        answer = ("memory", "")
    del data
    import resource

    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024
    sys.stdout.buffer.write(pickle.dumps((*answer, peak_mb), protocol=5))
    sys.stdout.buffer.flush()
