"""Jobs that survive a dead worker.

A process running a job's preview or commit (the background worker, or the web process for a small file) keeps
a heartbeat file beside the job's progress: its process id, the process's start time, and a fresh mtime every
few seconds. When that process dies mid-way (killed, out of memory, the machine restarted), the job would stay
"45 %" forever. :func:`recover_stalled_jobs` finds such jobs (the process is gone, or its heartbeat is older than
:data:`BEAT_TIMEOUT`) and

* a commit: nothing was written (the commit is one transaction), so the job goes back to "previewed" with a
  message, and the user can press "Ghi vào sổ" again (the stale-plan check still applies);
* a preview: it is started again once; interrupted twice, the job fails with a message.

The worker runs it when it starts and every :data:`SWEEP_SECONDS` (`start_sweeper`, from AppConfig.ready when
the command is `db_worker`); the job pages run it for the jobs they show.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import socket
import threading
import time
from pathlib import Path
from typing import Any

from django.db import close_old_connections, connection
from django.utils import timezone

from vanhoa.core.actors import IMPORT_RECOVERY
from vanhoa.documents import scratch
from vanhoa.imports.choices import RUNNING, ImportStatus
from vanhoa.imports.models import ImportJob

logger = logging.getLogger(__name__)

BEAT_SECONDS = 5
BEAT_TIMEOUT = 45  # a heartbeat older than this: the process is gone (or hangs)
SWEEP_SECONDS = 15
MSG_COMMIT_INTERRUPTED = (
    "Lần ghi trước bị gián đoạn (tiến trình chạy nền dừng giữa chừng) nên chưa ghi gì vào sổ. "
    "Bản xem trước vẫn còn: hãy kiểm tra lại rồi bấm «Ghi vào sổ» để ghi lại."
)
MSG_PREVIEW_INTERRUPTED = (
    "Việc đọc tệp bị gián đoạn hai lần (tiến trình chạy nền dừng giữa chừng). Chưa ghi gì vào sổ. "
    "Hãy tải tệp lên lại; nếu vẫn không được, hãy báo quản trị viên."
)


def beat_path(job: ImportJob) -> Path:
    return job.progress_path().with_suffix(".beat")


def _start_time(pid: int) -> str:
    """The process's start time (clock ticks since boot), to tell a process from a later one with its id."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return ""
    return stat.rsplit(")", 1)[-1].split()[19]


def _alive(pid: int, started: str) -> bool:
    """The process still runs, and is the one that wrote the heartbeat (not a later one with its id)."""
    if not scratch._alive(pid):
        return False
    return not started or not _start_time(pid) or _start_time(pid) == started


class Heartbeat:
    """`with Heartbeat(job):` around a job's run: the file exists and stays fresh while this process lives."""

    def __init__(self, job: ImportJob) -> None:
        self.path = beat_path(job)
        self.stop = threading.Event()
        self.thread: threading.Thread | None = None

    def __enter__(self) -> Heartbeat:
        with contextlib.suppress(OSError):
            self.path.parent.mkdir(parents=True, exist_ok=True)
            pid = os.getpid()
            info = {"pid": pid, "started": _start_time(pid), "host": socket.gethostname()}
            self.path.write_text(json.dumps(info), encoding="utf-8")
            self.thread = threading.Thread(target=self._beat, name="import-heartbeat", daemon=True)
            self.thread.start()
        return self

    def _beat(self) -> None:
        while not self.stop.wait(BEAT_SECONDS):
            with contextlib.suppress(OSError):
                os.utime(self.path)

    def __exit__(self, *exc: Any) -> None:
        self.stop.set()
        if self.thread is not None:
            self.thread.join(timeout=2)
        with contextlib.suppress(OSError):
            self.path.unlink(missing_ok=True)


def _dead(path: Path) -> bool:
    """True when the process that wrote this heartbeat is gone (or silent for BEAT_TIMEOUT)."""
    try:
        age = time.time() - path.stat().st_mtime
        info = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False  # no heartbeat: the job waits for a worker, it did not die
    if age > BEAT_TIMEOUT:
        return True
    if info.get("host") != socket.gethostname():
        return False  # another machine's process: only its silence tells
    return not _alive(int(info.get("pid", 0)), str(info.get("started", "")))


def recover_stalled_jobs(jobs: Any = None) -> list[int]:
    """Take up the running jobs whose process died (all, or those of the `jobs` queryset); -> their ids."""
    from vanhoa.core import audit
    from vanhoa.imports import services

    recovered = []
    for job in (jobs if jobs is not None else ImportJob.objects.all()).filter(status__in=RUNNING):
        path = beat_path(job)
        if not _dead(path):
            continue
        claimed = ImportJob.objects.filter(pk=job.pk, status=job.status, updated_at=job.updated_at)
        was = job.status
        if was == ImportStatus.COMMITTING:
            if not claimed.update(
                status=ImportStatus.PREVIEWED,
                error=MSG_COMMIT_INTERRUPTED,
                progress_label="",
                updated_at=timezone.now(),
            ):
                continue
        elif not claimed.update(progress_label="Đang đọc lại tệp", updated_at=timezone.now()):
            continue
        for leftover in (path, job.progress_path(), job.progress_path().with_suffix(".tmp")):
            leftover.unlink(missing_ok=True)  # the dead process's files
        job.refresh_from_db()
        if was == ImportStatus.PREVIEWING:
            resumed = int((job.preview or {}).get("interrupted", 0))
            if resumed:
                services._fail(job, MSG_PREVIEW_INTERRUPTED)
            else:
                job.preview = {"interrupted": 1}
                job.save(update_fields=["preview", "updated_at"])
                services.start_preview(job)
        audit.record(
            IMPORT_RECOVERY, "imports.job.interrupted", job, unit=job.ward, extra={"was": str(was), "now": job.status}
        )
        logger.warning("import job %s: its process died while %s; now %s", job.pk, was, job.status)
        recovered.append(job.pk)
    return recovered


def start_in_worker(argv: list[str]) -> bool:
    """Start the sweeper when this process is the background worker (`manage.py db_worker`)."""
    if argv[1:2] != ["db_worker"]:
        return False
    start_sweeper()
    return True


def start_sweeper() -> threading.Thread:
    """In the worker: recover on start, then every SWEEP_SECONDS (a daemon thread with its own connection)."""

    def sweep() -> None:
        time.sleep(2)  # let the apps finish loading before the first query
        while True:
            try:
                recover_stalled_jobs()
            except Exception:  # the sweeper must never stop the worker
                logger.exception("recovering stalled import jobs failed")
            finally:
                close_old_connections()
                connection.close()
            time.sleep(SWEEP_SECONDS)

    thread = threading.Thread(target=sweep, name="import-recovery", daemon=True)
    thread.start()
    return thread
