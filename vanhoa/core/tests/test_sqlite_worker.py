"""SQLite works with the background worker running (issue 21, F7): no "database is locked" for users."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.conf import settings

ROOT = Path(__file__).resolve().parents[3]

pytestmark = pytest.mark.slow


def _env(db_path: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_URL", "VANHOA_", "TASKS_"))}
    env.update(DJANGO_SETTINGS_MODULE="config.settings", SQLITE_PATH=str(db_path), LOG_LEVEL="ERROR")
    return env


def _run(args: list[str], env: dict[str, str], timeout: int = 300) -> subprocess.CompletedProcess:
    result = subprocess.run([sys.executable, *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=timeout)
    assert result.returncode == 0, result.stdout + result.stderr
    return result


def test_sqlite_connections_use_wal_immediate_transactions_and_wait_for_the_lock():
    db = settings.DATABASES["default"]
    if db["ENGINE"] != "django.db.backends.sqlite3":
        pytest.skip("SQLite settings")
    from config.settings import _database

    options = _database()["OPTIONS"]
    assert options["transaction_mode"] == "IMMEDIATE"
    assert options["timeout"] >= 20
    assert "journal_mode=WAL" in options["init_command"]


def test_users_are_created_concurrently_while_the_worker_polls_and_writes(tmp_path):
    """Given a SQLite file and `manage.py db_worker` polling every 10 ms, when 24 users are created from
    4 threads (each with a background job that writes), then every creation succeeds and every job runs."""
    db_path = tmp_path / "vanhoa.sqlite3"
    env = _env(db_path)
    log = tmp_path / "worker.log"
    _run(["manage.py", "migrate", "-v0"], env)
    worker = subprocess.Popen(
        [sys.executable, "manage.py", "db_worker", "--interval", "0.01", "--no-startup-delay"],
        cwd=ROOT,
        env=env,
        stdout=log.open("w"),
        stderr=subprocess.STDOUT,
    )
    try:
        time.sleep(1.5)  # the worker is polling
        assert worker.poll() is None, log.read_text()
        result = _run(["-m", "vanhoa.core.tests.sqlite_stress", "24", "4"], env)
        outcome = json.loads(result.stdout.strip().splitlines()[-1])
        assert outcome["failed"] == 0, outcome
        assert outcome["created"] == 24
        deadline = time.monotonic() + 90  # a busy machine (the worker polls every 10 ms)
        while time.monotonic() < deadline:
            with sqlite3.connect(db_path) as conn:
                done = conn.execute(
                    "select count(*) from django_tasks_database_dbtaskresult where status = 'SUCCESSFUL'"
                ).fetchone()[0]
            if done == 24:
                break
            time.sleep(0.2)
        assert done == 24
        with sqlite3.connect(db_path) as conn:
            assert conn.execute("pragma journal_mode").fetchone()[0] == "wal"
    finally:
        worker.terminate()
        worker.wait(timeout=20)
