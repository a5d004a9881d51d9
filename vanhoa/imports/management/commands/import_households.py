"""`manage.py import_households PATH --ward NAME_OR_CODE [--sheet NAME] [--dry-run] [--json]`

Exit status: 0 written (or a clean dry run), 1 rows rejected (nothing written), 2 the file or the ward could
not be used at all (message in Vietnamese on stderr). With --json, stdout is exactly
{"created": n, "updated": n, "unchanged": n, "rejected": [{"row": r, "column": c, "message": m}]}.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from vanhoa.core.actors import IMPORT_HOUSEHOLDS_CLI
from vanhoa.core.text import format_number
from vanhoa.documents.management.commands.export_document import find_ward
from vanhoa.imports import importers, services
from vanhoa.imports.choices import ImportStatus
from vanhoa.imports.parsing import ImportFileError

ACTOR = IMPORT_HOUSEHOLDS_CLI


class Command(BaseCommand):
    help = "Nhập danh sách hộ gia đình từ tệp Excel (.xlsx, .xls) hoặc LibreOffice (.ods) vào một xã, phường."
    kind = "households"
    actor = ACTOR

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("path", help="Tệp cần nhập")
        parser.add_argument("--ward", required=True, help="Tên hoặc mã xã, phường")
        parser.add_argument("--sheet", help="Tên trang tính (mặc định: trang đầu tiên có danh sách)")
        parser.add_argument("--dry-run", action="store_true", help="Chỉ đối chiếu, không ghi gì")
        parser.add_argument("--json", action="store_true", help="In kết quả dạng JSON")

    def import_options(self, importer: Any, target: Any, options: dict[str, Any]) -> dict[str, Any]:
        """The importer's options from the command line (none for the household list)."""
        return {}

    def handle(self, *args: Any, path: str, ward: str, sheet: str | None, dry_run: bool, **options: Any) -> None:
        as_json = options["json"]
        importer = importers.get(self.kind)
        assert importer is not None
        try:
            target = find_ward(ward)
            services.check_target(None, target, importer)
            import_options = self.import_options(importer, target, options)
        except CommandError as exc:
            raise CommandError(str(exc), returncode=2) from exc
        except services.ImportError_ as exc:
            raise CommandError(str(exc), returncode=2) from exc
        file = Path(path)
        try:
            data = file.read_bytes()
        except OSError as exc:
            raise CommandError(f"Không đọc được tệp «{path}»: {exc.strerror or exc}.", returncode=2) from exc

        try:
            plan = importer.build_plan(data, file.name, ward=target, sheet=sheet, options=import_options)
        except ImportFileError as exc:
            raise CommandError(exc.message, returncode=2) from exc
        summary = plan.summary()
        if plan.rejected or dry_run:
            self._report(summary, as_json, written=False, skipped=len(plan.skipped), sheet=plan.sheet)
            if plan.rejected:
                rows = len({e.row for e in plan.rejected})
                raise CommandError(f"Có {rows} dòng bị từ chối: chưa ghi gì. Hãy sửa tệp rồi nhập lại.", returncode=1)
            return

        # the same path as the web: a job that keeps the file, a preview, then the all-or-nothing commit
        try:
            job = services.create_job(
                actor=self.actor,
                ward=target,
                kind=importer.key,
                data=data,
                filename=file.name,
                inline=True,
                options=import_options,
            )
            if job.status == ImportStatus.UPLOADED:  # several sheets: read the one the plan read
                services.choose_sheet(job, actor=self.actor, sheet=plan.sheet, inline=True)
            job.refresh_from_db()
            if job.status == ImportStatus.PREVIEWED and not job.rejected:
                services.start_commit(job, actor=self.actor, inline=True)
                job.refresh_from_db()
        except services.ImportError_ as exc:
            raise CommandError(str(exc), returncode=2) from exc
        if job.status != ImportStatus.COMMITTED:
            raise CommandError(job.error or f"Chưa ghi được (trạng thái: {job.get_status_display()}).", returncode=2)
        summary.update(created=job.created, updated=job.updated, unchanged=job.unchanged)
        self._report(summary, as_json, written=True, skipped=job.skipped, sheet=job.sheet, job=job.pk)

    def _report(self, summary: dict[str, Any], as_json: bool, *, written: bool, skipped: int, sheet: str,
                job: int | None = None) -> None:  # fmt: skip
        if as_json:
            self.stdout.write(json.dumps(summary, ensure_ascii=False))
            return
        n = format_number
        verb = "Đã ghi" if written else "Sẽ ghi (chạy thử, chưa ghi gì)"
        if summary["rejected"]:
            verb = "Chưa ghi gì"
        self.stdout.write(
            f"Trang «{sheet}»: {verb}: thêm {n(summary['created'])}, cập nhật {n(summary['updated'])}, "
            f"không đổi {n(summary['unchanged'])}; bỏ qua {n(skipped)} dòng không phải dữ liệu."
            + (f" (Lần nhập số {job}.)" if job else "")
        )
        for e in summary["rejected"]:
            self.stdout.write(f"  Dòng {e['row']}, cột «{e['column']}»: {e['message']}")
