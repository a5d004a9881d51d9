"""Issue 21 F8: a job whose worker died mid-import is taken up again, and can be retried.

A process killed mid-commit left the job at "45 %" forever and the retry was refused, although nothing had been
written. Now the process keeps a heartbeat; the worker (on its return, then every few seconds) and the job
pages find the jobs whose process is gone: a commit goes back to "previewed" (nothing was written, press
"Ghi vào sổ" again), a preview is read again once, then fails with a message.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time

import pytest
from django.db import connection

from vanhoa.core.models import AuditEntry
from vanhoa.imports import recovery, services
from vanhoa.imports.choices import ImportStatus
from vanhoa.imports.models import ImportJob
from vanhoa.registry.models import Household

ROWS = [
    [1, "QT-001", "Lò Văn Páo", "Tổ 1", "Số 3", 4, None, None],
    [2, None, "Đỗ Thị Dung", "Tổ 2", "Số 8", 3, None, None],
]


def dead_pid() -> int:
    proc = subprocess.Popen([sys.executable, "-c", "pass"])
    proc.wait()
    return proc.pid


def leave_heartbeat(job, pid: int, age: float = 0) -> None:
    """What a process that died while running `job` leaves behind."""
    path = recovery.beat_path(job)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps({"pid": pid, "started": "", "host": os.uname().nodename}))
    if age:
        os.utime(path, (time.time() - age, time.time() - age))


@pytest.fixture
def previewed(world, make_xlsx, upload):
    _, job = upload(world.users["front_officer"], make_xlsx(ROWS))
    assert job.status == ImportStatus.PREVIEWED and job.created == 2
    return job


def stuck_committing(job, at: int = 45) -> ImportJob:
    ImportJob.objects.filter(pk=job.pk).update(
        status=ImportStatus.COMMITTING, progress_label="Đang ghi vào sổ", progress_done=at, progress_total=100
    )
    job.refresh_from_db()
    return job


def test_a_commit_whose_worker_died_goes_back_to_previewed_and_can_be_retried(world, previewed, client_for):
    # given a commit stuck at 45 % whose process is gone (nothing written: the commit is one transaction)
    job = stuck_committing(previewed)
    leave_heartbeat(job, dead_pid())
    assert services.start_commit is not None and Household.objects.count() == 0
    # when the worker comes back (its sweep) — here, at once
    assert recovery.recover_stalled_jobs() == [job.pk]
    job.refresh_from_db()
    # then the job is previewed again with a message, the heartbeat is gone, and the event is in the audit trail
    assert job.status == ImportStatus.PREVIEWED and "bị gián đoạn" in job.error and "chưa ghi gì" in job.error
    assert not recovery.beat_path(job).exists()
    assert AuditEntry.objects.filter(action="imports.job.interrupted", object_id=str(job.pk)).exists()
    page = client_for(world.users["front_officer"]).get(f"/excel/{job.pk}/").content.decode()
    assert "bị gián đoạn" in page and 'id="commit-form"' in page
    # and the retry writes the households
    services.start_commit(job, actor=world.users["front_officer"])
    job.refresh_from_db()
    assert job.status == ImportStatus.COMMITTED and Household.objects.count() == 2


def test_a_silent_heartbeat_counts_as_dead_after_the_timeout_and_a_live_one_is_left_alone(world, previewed):
    job = stuck_committing(previewed)
    leave_heartbeat(job, os.getpid())  # this very process, beating
    assert recovery.recover_stalled_jobs() == []
    leave_heartbeat(job, os.getpid(), age=recovery.BEAT_TIMEOUT + 5)  # a process that hangs, or another machine's
    assert recovery.recover_stalled_jobs() == [job.pk]


def test_a_job_waiting_for_a_worker_is_not_taken_for_dead(world, previewed):
    job = stuck_committing(previewed, at=0)  # no heartbeat: no process has started it
    assert recovery.recover_stalled_jobs() == []
    job.refresh_from_db()
    assert job.status == ImportStatus.COMMITTING


def test_an_interrupted_preview_is_read_again_once_then_fails_with_a_message(world, previewed):
    job = previewed
    ImportJob.objects.filter(pk=job.pk).update(status=ImportStatus.PREVIEWING, preview={})
    leave_heartbeat(job, dead_pid())
    # the first time: read again (in the test settings the task queue runs at once)
    assert recovery.recover_stalled_jobs() == [job.pk]
    job.refresh_from_db()
    assert job.status == ImportStatus.PREVIEWED and job.created == 2
    # the second time: failed, saying so
    ImportJob.objects.filter(pk=job.pk).update(status=ImportStatus.PREVIEWING, preview={"interrupted": 1})
    leave_heartbeat(job, dead_pid())
    assert recovery.recover_stalled_jobs() == [job.pk]
    job.refresh_from_db()
    assert job.status == ImportStatus.FAILED and "gián đoạn hai lần" in job.error


def test_the_status_page_takes_up_a_dead_job_it_shows(world, previewed, client_for):
    job = stuck_committing(previewed)
    leave_heartbeat(job, dead_pid())
    response = client_for(world.users["front_officer"]).get(f"/excel/{job.pk}/tien-do/")
    assert response["HX-Refresh"] == "true"  # no longer running: the page reloads
    job.refresh_from_db()
    assert job.status == ImportStatus.PREVIEWED


@pytest.mark.skipif(not hasattr(os, "fork"), reason="needs fork")
def test_a_process_killed_mid_commit_leaves_a_job_the_sweep_takes_up_within_seconds(world, previewed, monkeypatch):
    if connection.vendor != "sqlite":
        pytest.skip("the forked child shares the test's database only with SQLite in memory")
    job = stuck_committing(previewed, at=0)
    ImportJob.objects.filter(pk=job.pk).update(status=ImportStatus.COMMITTING)
    pid = os.fork()
    if pid == 0:  # the child: a worker that starts the commit and hangs in the middle of it
        try:
            from vanhoa.imports import households

            monkeypatch.setattr(households.HouseholdImporter, "apply", lambda *a, **k: time.sleep(600))
            services.run_commit(job.pk)
        finally:
            os._exit(0)
    path = recovery.beat_path(job)
    deadline = time.monotonic() + 20
    while not path.exists() and time.monotonic() < deadline:
        time.sleep(0.05)
    assert path.exists(), "the child never started the commit"
    os.kill(pid, signal.SIGKILL)  # the worker dies at "45 %"
    os.waitpid(pid, 0)
    started = time.monotonic()
    assert recovery.recover_stalled_jobs() == [job.pk]
    assert time.monotonic() - started < 1
    job.refresh_from_db()
    assert job.status == ImportStatus.PREVIEWED and Household.objects.count() == 0


def test_the_worker_starts_the_sweeper_and_nothing_else_does(monkeypatch):
    started = []
    monkeypatch.setattr(recovery, "start_sweeper", lambda: started.append(True))
    assert not recovery.start_in_worker(["manage.py", "runserver"]) and started == []
    assert recovery.start_in_worker(["manage.py", "db_worker", "--interval", "1"]) and started == [True]
