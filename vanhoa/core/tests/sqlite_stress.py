"""Users created from several threads while `manage.py db_worker` runs on the same SQLite file (issue 21, F7).

Run as `python -m vanhoa.core.tests.sqlite_stress N_USERS N_THREADS` with SQLITE_PATH set and
DJANGO_SETTINGS_MODULE=config.settings (the real database backend of the task queue, not the test one).
Prints one JSON line: {"created": n, "failed": n, "errors": [...], "tasks_done": n}.
The worker imports this module to run `touch_audit`, so the module must import without side effects.
"""

from __future__ import annotations

import json
import sys
import threading

from django_tasks import task


@task()
def touch_audit(n: int) -> None:
    """A background job that writes, as the PDF and import jobs do."""
    from vanhoa.core import audit
    from vanhoa.testing.actors import TEST
    from vanhoa.units.models import Unit

    unit = Unit.objects.order_by("pk").first()
    if unit is not None:
        audit.record(TEST, "core.stress.touched", unit, after={"n": n}, unit=unit)


def _create(index: int, results: list, errors: list) -> None:
    from django.db import connection

    from vanhoa.accounts.permissions import Role
    from vanhoa.accounts.services import create_user

    # Through the module's import path: run with -m, this file is __main__, which the worker cannot import.
    from vanhoa.core.tests.sqlite_stress import touch_audit as job
    from vanhoa.testing.actors import TEST

    try:
        job.enqueue(index)
        user, _ = create_user(
            actor=TEST,
            username=f"stress{index:03d}",
            full_name=f"Người thử {index}",
            role=Role.SYSTEM_ADMIN,
            unit=None,
            password="mot-mat-khau-du-dai-2026",
        )
        results.append(user.pk)
    except Exception as exc:  # noqa: BLE001 - the point is to count every failure
        errors.append(f"{type(exc).__name__}: {exc}")
    finally:
        connection.close()


def main(n_users: int, n_threads: int) -> dict:
    results: list = []
    errors: list = []
    indexes = list(range(n_users))
    batches = [indexes[i::n_threads] for i in range(n_threads)]

    def run(batch: list[int]) -> None:
        for index in batch:
            _create(index, results, errors)

    threads = [threading.Thread(target=run, args=(batch,)) for batch in batches]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return {"created": len(results), "failed": len(errors), "errors": sorted(set(errors))[:5]}


if __name__ == "__main__":
    import django

    django.setup()
    print(json.dumps(main(int(sys.argv[1]), int(sys.argv[2]))))
