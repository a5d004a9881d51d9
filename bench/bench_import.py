"""Benchmark: preview and commit of a 10,000-household file, as ratios to a raw read of the same file.

    make bench          (or: .venv/bin/python bench/bench_import.py [--rows N])

The floor is python-calamine reading every row of the file (CalamineWorkbook → to_python), measured in the
same run on the same machine. Target: preview ≤ 3× and commit ≤ 3× the floor. Runs on a throwaway SQLite
database (or on PostgreSQL when DATABASE_URL is set: a database named *_bench is created and dropped).
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import os
import random
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

NAMES = ["Nguyễn Văn", "Lò Văn", "Đỗ Thị", "Hoàng Thị", "Vàng A", "Tòng Thị", "Lò Thị", "Giàng A", "Tẩn Láo",
         "Chẻo Lở", "Bàn Văn", "Phạm Văn"]  # fmt: skip
GIVEN = ["Anh", "Páo", "Dung", "Ánh", "Sáng", "Phương", "Xuân", "Chư", "Lở", "Mẩy", "Hải", "Quyết", "Đức", "Bình"]
GROUP_FORMS = ["Tổ dân phố số {n}", "Tổ {n}", "TDP số 0{n}", "{n}"]


def make_file(n: int) -> bytes:
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
        ws.append(
            [
                i + 1,
                f"QT-{i + 1:05d}",
                f"{rnd.choice(NAMES)} {rnd.choice(GIVEN)}",
                GROUP_FORMS[i % 4].format(n=g),
                f"Số {i + 1}, đường Trần Phú",
                rnd.choice([rnd.randint(1, 9), f"{rnd.randint(1, 9)} người", float(rnd.randint(1, 9))]),
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


def best(fn, repeat: int = 3) -> float:
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return min(times)


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
        return units.create_unit(actor="bench", kind=kind, name=name, parent=parent, **extra)

    province = unit(UnitKind.PROVINCE, "Tỉnh Lai Châu")
    ward = unit(UnitKind.COMMUNE, "Phường Quyết Tiến", province)
    for n in range(1, 9):
        unit(UnitKind.GROUP, f"Tổ dân phố số {n}", ward, type_label="Tổ dân phố", short_name=f"Tổ dân phố số {n}",
             order=n)  # fmt: skip
    return ward


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--rows", type=int, default=10_000)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmpdir:
        tmp = Path(tmpdir)
        db_kind = setup_django(tmp)
        from django.db import transaction
        from python_calamine import CalamineWorkbook

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

        def preview_job() -> tuple[float, ImportJob]:
            """services.run_preview as the worker runs it: read the kept file, parse, plan, store the preview."""
            job = services.create_job(actor="bench", ward=ward, kind="households", data=data, filename="10k.xlsx")
            ImportJob.objects.filter(pk=job.pk).update(status="previewing")
            t0 = time.perf_counter()
            services.run_preview(job.pk)
            elapsed = time.perf_counter() - t0
            job.refresh_from_db()
            assert job.status == "previewed" and not job.rejected, (job.status, job.error, job.preview["rejected"][:3])
            return elapsed, job

        def commit_job() -> tuple[float, ImportJob]:
            """services.run_commit as the worker runs it: check, write all, audit, mark the job."""
            _, job = preview_job()
            ImportJob.objects.filter(pk=job.pk).update(status="committing")
            t0 = time.perf_counter()
            services.run_commit(job.pk, actor="bench")
            elapsed = time.perf_counter() - t0
            job.refresh_from_db()
            assert job.status == "committed", (job.status, job.error)
            return elapsed, job

        def best_of(fn, repeat=3):
            return min((rolled_back(fn) for _ in range(repeat)), key=lambda x: x[0])

        # small files are handled inline by create_job; the bench drives preview and commit itself
        services.inline_max_bytes = lambda: -1
        services._run = lambda task_name, job: None

        t_raw = best(raw_read, 5)
        t_preview_new, job = best_of(preview_job)
        assert job.created == args.rows
        t_commit_new, job = best_of(commit_job)
        assert job.created == args.rows
        # a real first import, then the same file again (everything unchanged)
        commit_job()
        assert Household.objects.count() == args.rows
        t_preview_again, job = best_of(preview_job)
        assert job.unchanged == args.rows and job.created == job.updated == 0
        t_commit_again, job = best_of(commit_job)
        assert job.unchanged == args.rows and job.created == job.updated == 0

        def line(label: str, t: float) -> str:
            ratio = t / t_raw
            mark = "ok" if ratio <= 3 else "OVER TARGET"
            return f"  {label:<44} {t * 1000:7.0f} ms  {ratio:5.2f}×  {mark}"

        print(f"Nhập {args.rows:,} hộ ({len(data) // 1024} KB .xlsx), {db_kind}".replace(",", "."))
        print(f"  {'floor: raw calamine read of all rows':<44} {t_raw * 1000:7.0f} ms  1.00×")
        print(line("preview, empty ward (parse + plan)", t_preview_new))
        print(line("commit, empty ward (10k created)", t_commit_new))
        print(line("preview, same file again (all unchanged)", t_preview_again))
        print(line("commit, same file again (nothing written)", t_commit_again))
        if db_kind == "PostgreSQL":
            from django.db import connections

            connections.close_all()


if __name__ == "__main__":
    main()
