"""The demo snapshot (vanhoa/testing/demo.py) restores exactly what a real `load_demo` wrote."""

from __future__ import annotations

import pytest
from django.db import transaction

from vanhoa.testing import demo

pytestmark = [pytest.mark.django_db, pytest.mark.slow]


class _Rollback(Exception):
    pass


def test_a_restored_snapshot_equals_a_real_load_table_by_table(monkeypatch):
    options = {"households": 16}
    demo._snapshots.clear()  # this test's first call must be the real command
    pristine = demo.database_hashes()
    try:
        with transaction.atomic():
            demo.load_demo_fast(**options)  # the real load_demo, then the snapshot of what it wrote
            real = demo.database_hashes()
            raise _Rollback
    except _Rollback:
        pass
    assert demo.database_hashes() == pristine
    changed = {t for t in real if real[t] != pristine[t]}
    assert len(changed) > 20 and "units_unit" in changed and real["units_unit"][0] > 10

    def no_second_load(*args, **kwargs):
        raise AssertionError("the second call must restore the snapshot, not run load_demo")

    monkeypatch.setattr(demo, "call_command", no_second_load)
    demo.load_demo_fast(**options)
    restored = demo.database_hashes()
    assert {t: restored[t][0] for t in real} == {t: real[t][0] for t in real}  # row counts, table by table
    assert restored == real  # and every row
    snapshot = next(iter(demo._snapshots.values()))
    assert snapshot.files  # the demo's photo
    assert all((demo._roots()[root] / name).read_bytes() == data for (root, name), data in snapshot.files.items())
