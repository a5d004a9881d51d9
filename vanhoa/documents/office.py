"""One long-lived LibreOffice per process, so a conversion does not pay LibreOffice's start-up (2–3 s).

``OFFICE.convert(soffice, src, dst, timeout)`` sends the file to ``office_bridge.py``, run by a Python that has
LibreOffice's ``uno`` module (``VANHOA_UNO_PYTHON``, else /usr/bin/python3 with Debian's python3-uno). The
bridge starts soffice with a fresh profile in this process's temporary directory and listens on a pipe.
Conversions are serialised (LibreOffice is one document at a time). When one runs past its time limit the
bridge and LibreOffice are killed (their own process group) and the next conversion starts a new pair; when
the bridge died, the conversion is tried once more on a new one. When this process ends, the bridge sees its
stdin close and stops LibreOffice.
"""

from __future__ import annotations

import atexit
import contextlib
import functools
import json
import os
import select
import shutil
import signal
import subprocess
import threading
import time
from pathlib import Path

from vanhoa.documents.scratch import process_dir

__all__ = ["OFFICE", "OfficeError", "OfficeTimeout", "uno_python"]

BRIDGE = Path(__file__).with_name("office_bridge.py")
START_TIMEOUT = 60.0


class OfficeError(RuntimeError):
    """LibreOffice failed on this document (the message is LibreOffice's, shown after a Vietnamese lead-in)."""


class OfficeTimeout(OfficeError):
    pass


@functools.cache
def uno_python() -> str | None:
    """A Python interpreter that can import ``uno``, or None."""
    configured = os.environ.get("VANHOA_UNO_PYTHON")
    candidates = [configured] if configured else ["/usr/bin/python3", shutil.which("python3") or ""]
    for candidate in candidates:
        if not candidate or not os.path.exists(candidate):
            continue
        with contextlib.suppress(OSError, subprocess.TimeoutExpired):
            check = subprocess.run([candidate, "-c", "import uno"], capture_output=True, timeout=20, check=False)
            if check.returncode == 0:
                return candidate
    return None


class _Bridge:
    def __init__(self, soffice: str) -> None:
        python = uno_python()
        assert python is not None
        self.workdir = process_dir() / f"office-{time.monotonic_ns()}"
        self.workdir.mkdir()
        self.proc = subprocess.Popen(
            [python, str(BRIDGE), soffice, str(self.workdir)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            bufsize=0,
            start_new_session=True,  # its own process group: a kill takes soffice with it
        )
        self._buffer = b""
        answer = self.read(START_TIMEOUT)
        if not answer.get("ready"):
            self.kill()
            raise OfficeError(answer.get("error") or "LibreOffice không khởi động được")

    def read(self, timeout: float) -> dict[str, object]:
        deadline = time.monotonic() + timeout
        assert self.proc.stdout is not None
        fd = self.proc.stdout.fileno()
        while b"\n" not in self._buffer:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                self.kill()
                raise OfficeTimeout(f"quá {timeout:g} giây")
            ready, _, _ = select.select([fd], [], [], remaining)
            if not ready:
                continue
            chunk = os.read(fd, 65536)
            if not chunk:
                self.kill()
                raise BrokenPipeError("the LibreOffice bridge exited")
            self._buffer += chunk
        line, _, self._buffer = self._buffer.partition(b"\n")
        return json.loads(line)

    def alive(self) -> bool:
        return self.proc.poll() is None

    def send(self, request: dict[str, str]) -> None:
        assert self.proc.stdin is not None
        self.proc.stdin.write(json.dumps(request).encode() + b"\n")

    def close(self) -> None:
        """Ask the bridge to stop LibreOffice (stdin closed), kill both if they do not stop in time."""
        with contextlib.suppress(OSError):
            if self.proc.stdin is not None:
                self.proc.stdin.close()
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.kill()
        shutil.rmtree(self.workdir, ignore_errors=True)

    def kill(self) -> None:
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(self.proc.pid, signal.SIGKILL)
        with contextlib.suppress(subprocess.TimeoutExpired):
            self.proc.wait(timeout=10)
        shutil.rmtree(self.workdir, ignore_errors=True)


class Office:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._bridge: _Bridge | None = None
        self._pid = os.getpid()
        self.starts = 0  # how many LibreOffice processes this process started (for tests and the benchmark)

    def usable(self, soffice: str) -> bool:
        return bool(soffice) and uno_python() is not None

    def _ensure(self, soffice: str) -> _Bridge:
        if self._pid != os.getpid():  # forked: the parent's LibreOffice is not ours to talk to
            self._bridge, self._pid = None, os.getpid()
        if self._bridge is None or not self._bridge.alive():
            if self._bridge is not None:
                self._bridge.kill()
            self._bridge = _Bridge(soffice)
            self.starts += 1
        return self._bridge

    def convert(self, soffice: str, src: Path, dst: Path, timeout: float) -> None:
        with self._lock:
            for attempt in (1, 2):
                bridge = self._ensure(soffice)
                try:
                    bridge.send({"in": str(src), "out": str(dst)})
                    answer = bridge.read(timeout)
                except OfficeTimeout:
                    self._bridge = None
                    raise
                except OSError as exc:  # the bridge died (LibreOffice crashed): once more on a new one
                    self._bridge = None
                    if attempt == 2:
                        raise OfficeError("LibreOffice dừng giữa chừng") from exc
                    continue
                if answer.get("error"):
                    raise OfficeError(str(answer["error"]))
                return

    def warm(self, soffice: str) -> None:
        """Start LibreOffice now (a worker does this when it starts, so the first document is quick too)."""
        with self._lock:
            self._ensure(soffice)

    def stop(self) -> None:
        with self._lock:
            if self._bridge is not None and self._pid == os.getpid():
                self._bridge.close()
            self._bridge = None


OFFICE = Office()
atexit.register(OFFICE.stop)
