"""Benchmark: preview and commit of a 10,000-household file, as ratios to a raw read of the same file.

    make bench          (or: .venv/bin/python bench/bench_import.py [--rows N])

The floor is python-calamine reading every row of the file (CalamineWorkbook → to_python), measured in the
same run on the same machine. Target: preview ≤ 3× and commit ≤ 3× the floor. Runs on a throwaway SQLite
database (or on PostgreSQL when DATABASE_URL is set: a database named *_bench is created and dropped).
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import io
import os
import random
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from benchlib import bench_actor  # noqa: E402 (after the path)

NAMES = ["Nguyễn Văn", "Lò Văn", "Đỗ Thị", "Hoàng Thị", "Vàng A", "Tòng Thị", "Lò Thị", "Giàng A", "Tẩn Láo",
         "Chẻo Lở", "Bàn Văn", "Phạm Văn"]  # fmt: skip
GIVEN = ["Anh", "Páo", "Dung", "Ánh", "Sáng", "Phương", "Xuân", "Chư", "Lở", "Mẩy", "Hải", "Quyết", "Đức", "Bình"]
GROUP_FORMS = ["Tổ dân phố số {n}", "Tổ {n}", "TDP số 0{n}", "{n}"]


def make_file(n: int, bump: bool = False) -> bytes:
    """n households (codes QT-00001…); with `bump`, every 10th has another member count."""
    from openpyxl import Workbook

    wb = Workbook(write_only=True)
    ws = wb.create_sheet("Danh sách")
    ws.append(["UBND PHƯỜNG QUYẾT TIẾN"])
    ws.append(["DANH SÁCH HỘ GIA ĐÌNH NĂM 2024"])
    ws.append([])
    ws.append(["STT", "Mã hộ", "Họ và tên chủ hộ", "Tổ dân phố", "Địa chỉ", "Số nhân khẩu", "Số điện thoại",
               "Ngày đến", "Ghi chú"])  # fmt: skip
    rnd = random.Random(2024)
    for i in range(n):
        g = i % 8 + 1
        count = rnd.choice([rnd.randint(1, 9), f"{rnd.randint(1, 9)} người", float(rnd.randint(1, 9))])
        ws.append(
            [
                i + 1,
                f"QT-{i + 1:05d}",
                f"{rnd.choice(NAMES)} {rnd.choice(GIVEN)}",
                GROUP_FORMS[i % 4].format(n=g),
                f"Số {i + 1}, đường Trần Phú",
                count if not (bump and i % 10 == 0) else 10 + i % 7,
                f"09{rnd.randint(10_000_000, 99_999_999)}"
                if i % 3
                else int(f"{rnd.choice('35789')}{rnd.randint(10**7, 10**8 - 1)}"),
                dt.date(2000, 1, 1) + dt.timedelta(days=rnd.randint(0, 8000)) if i % 2 else "15/03/2019",
                "" if i % 5 else "Hộ mới",
            ]
        )
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


class Clock:
    """Wall time, and this process's CPU time (not slowed down by other processes on a busy machine;
    PostgreSQL's own work is not in it)."""

    def __enter__(self) -> Clock:
        gc.collect()  # every measured run starts without garbage left by the previous one
        self.wall, self.cpu = time.perf_counter(), time.process_time()
        return self

    def __exit__(self, *exc: object) -> None:
        self.wall, self.cpu = time.perf_counter() - self.wall, time.process_time() - self.cpu


def best(fn, repeat: int = 3) -> tuple[float, float]:
    """(best wall time, best CPU time) of `repeat` runs."""
    walls, cpus = [], []
    for _ in range(repeat):
        with Clock() as c:
            fn()
        walls.append(c.wall)
        cpus.append(c.cpu)
    return min(walls), min(cpus)


def setup_django(tmp: Path) -> str:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ["MEDIA_ROOT"] = str(tmp / "media")
    os.environ["TASKS_BACKEND"] = "django_tasks.backends.immediate.ImmediateBackend"
    url = os.environ.get("DATABASE_URL")
    if url:
        import psycopg

        base, name = url.rsplit("/", 1)
        bench_name = f"{name}_bench"
        with psycopg.connect(f"{base}/postgres", autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{bench_name}"')
            conn.execute(f'CREATE DATABASE "{bench_name}"')
        os.environ["DATABASE_URL"] = f"{base}/{bench_name}"
        kind = "PostgreSQL"
    else:
        os.environ["SQLITE_PATH"] = str(tmp / "bench.sqlite3")
        kind = "SQLite"
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    return kind


def build_ward():
    from vanhoa.units import services as units
    from vanhoa.units.choices import UnitKind

    def unit(kind, name, parent=None, **extra):
        extra.setdefault("short_name", name.split(" ", 1)[-1])
        extra.setdefault("type_label", name.split(" ")[0])
        return units.create_unit(actor=bench_actor(), kind=kind, name=name, parent=parent, **extra)

    province = unit(UnitKind.PROVINCE, "Tỉnh Lai Châu")
    ward = unit(UnitKind.COMMUNE, "Phường Quyết Tiến", province)
    for n in range(1, 9):
        unit(UnitKind.GROUP, f"Tổ dân phố số {n}", ward, type_label="Tổ dân phố", short_name=f"Tổ dân phố số {n}",
             order=n)  # fmt: skip
    return ward


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--rows", type=int, default=10_000)
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmpdir:
        tmp = Path(tmpdir)
        db_kind = setup_django(tmp)
        from django.db import transaction
        from python_calamine import CalamineWorkbook

        from vanhoa.core.text import format_number as vn
        from vanhoa.imports import services
        from vanhoa.imports.models import ImportJob
        from vanhoa.registry.models import Household

        ward = build_ward()
        data = make_file(args.rows)

        def raw_read():
            wb = CalamineWorkbook.from_filelike(io.BytesIO(data))
            return wb.get_sheet_by_index(0).to_python(skip_empty_area=False)

        class Rollback(Exception):
            pass

        def rolled_back(fn):
            """Run fn() in a transaction rolled back afterwards (the next run starts from the same data)."""
            out = []
            try:
                with transaction.atomic():
                    out.append(fn())
                    raise Rollback
            except Rollback:
                return out[0]

        def preview_job() -> tuple[Clock, ImportJob]:
            """services.run_preview as the worker runs it: read the kept file, parse, plan, store the preview."""
            job = services.create_job(actor=bench_actor(), ward=ward, kind="households", data=data, filename="10k.xlsx")
            ImportJob.objects.filter(pk=job.pk).update(status="previewing")
            with Clock() as elapsed:
                services.run_preview(job.pk)
            job.refresh_from_db()
            assert job.status == "previewed" and not job.rejected, (job.status, job.error, job.preview["rejected"][:3])
            return elapsed, job

        def commit_job() -> tuple[Clock, ImportJob]:
            """services.run_commit as the worker runs it: check, write all, audit, mark the job."""
            _, job = preview_job()
            ImportJob.objects.filter(pk=job.pk).update(status="committing")
            with Clock() as elapsed:
                services.run_commit(job.pk, actor=bench_actor())
            job.refresh_from_db()
            assert job.status == "committed", (job.status, job.error)
            return elapsed, job

        def measured(fn, repeat: int) -> tuple[tuple[float, float], tuple[float, float], ImportJob]:
            """((wall, cpu), (floor wall, floor cpu), job), bests of `repeat` runs, each run right after a
            floor read so that both see the same load."""
            walls, cpus, floor_walls, floor_cpus, job = [], [], [], [], None
            for _ in range(repeat):
                fw, fc = best(raw_read, 2)
                floor_walls.append(fw)
                floor_cpus.append(fc)
                clock, job = rolled_back(fn)
                walls.append(clock.wall)
                cpus.append(clock.cpu)
            return (min(walls), min(cpus)), (min(floor_walls), min(floor_cpus)), job

        # small files are handled inline by create_job; the bench drives preview and commit itself
        services.inline_max_bytes = lambda: -1
        services._run = lambda task_name, job, inline=False: None

        results = []
        t, f, job = measured(preview_job, args.repeat)
        assert job.created == args.rows
        results.append(("preview, empty ward (read, parse, plan, store)", t, f))
        t, f, job = measured(commit_job, args.repeat)
        assert job.created == args.rows and Household.objects.count() == 0
        results.append((f"commit, empty ward ({vn(args.rows)} created)", t, f))
        # a real first import, then the same file again (everything unchanged), then with 1 row in 10 changed
        commit_job()
        assert Household.objects.count() == args.rows
        t, f, job = measured(preview_job, args.repeat)
        assert job.unchanged == args.rows and job.created == job.updated == 0
        results.append(("preview, same file again (all unchanged)", t, f))
        t, f, job = measured(commit_job, args.repeat)
        assert job.unchanged == args.rows and job.created == job.updated == 0
        results.append(("commit, same file again (nothing written)", t, f))
        data = make_file(args.rows, bump=True)
        t, f, job = measured(preview_job, args.repeat)
        n_changed = job.updated
        assert n_changed == args.rows // 10 and job.unchanged == args.rows - n_changed
        results.append((f"preview, {vn(n_changed)} of them changed", t, f))
        t, f, job = measured(commit_job, args.repeat)
        assert job.updated == n_changed
        results.append((f"commit, {vn(n_changed)} updated (+1 audit entry each)", t, f))

        floor_wall = min(f[0] for _, _, f in results)
        floor_cpu = min(f[1] for _, _, f in results)
        print(f"Nhập {vn(args.rows)} hộ ({vn(len(data) // 1024)} KB .xlsx), {db_kind}, "
              f"tải máy {os.getloadavg()[0]:.1f} trên {os.cpu_count()} CPU")  # fmt: skip
        print(f"  {'':<50} {'wall':>8}  {'ratio':>6}  {'CPU ratio':>9}")
        print(f"  {'floor: raw calamine read of all rows':<50} {floor_wall * 1000:5.0f} ms  {1:5.2f}×  {1:8.2f}×"
              f"   (CPU {floor_cpu * 1000:.0f} ms)")  # fmt: skip
        for label, (wall, cpu), (fwall, fcpu) in results:
            ratio = wall / fwall
            mark = "ok (≤ 3×)" if ratio <= 3 else "over the 3× target"
            print(f"  {label:<50} {wall * 1000:5.0f} ms  {ratio:5.2f}×  {cpu / fcpu:8.2f}×  {mark}")
        print("  (best of the runs; each ratio uses the floor read just before its runs. The CPU ratio counts")
        print("   only this process: unaffected by other load, but without PostgreSQL's own work.)")
        if db_kind == "PostgreSQL":  # drop the throwaway database
            import psycopg
            from django.db import connections

            connections.close_all()
            base, name = os.environ["DATABASE_URL"].rsplit("/", 1)
            with psycopg.connect(f"{base}/postgres", autocommit=True) as conn:
                conn.execute(f'DROP DATABASE IF EXISTS "{name}"')


if __name__ == "__main__":
    main()
