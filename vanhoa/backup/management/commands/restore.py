"""manage.py restore FILE --yes: replace the whole installation with a backup made by `manage.py backup`."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from vanhoa.backup import installation
from vanhoa.backup.archive import ArchiveError
from vanhoa.core.actors import RESTORE_CLI
from vanhoa.core.text import format_number


class Command(BaseCommand):
    help = "Khôi phục toàn bộ hệ thống từ một bản sao lưu (xóa và thay toàn bộ dữ liệu, tệp hiện có)."

    def add_arguments(self, parser):  # type: ignore[no-untyped-def]
        parser.add_argument("archive", help="tệp .zip do «manage.py backup» tạo")
        parser.add_argument("--yes", action="store_true", help="xác nhận thay toàn bộ dữ liệu hiện có")

    def handle(self, *args, **options):  # type: ignore[no-untyped-def]
        if not options["yes"]:
            raise CommandError(
                "Khôi phục sẽ xóa toàn bộ dữ liệu và tệp hiện có rồi thay bằng bản sao lưu. "
                "Chạy lại với --yes để xác nhận."
            )
        try:
            with open(options["archive"], "rb") as source:
                manifest = installation.restore(source, actor=RESTORE_CLI)
        except FileNotFoundError as exc:
            raise CommandError(f"Không tìm thấy tệp {options['archive']}.") from exc
        except ArchiveError as exc:
            raise CommandError(str(exc)) from exc
        rows = sum(t["rows"] for t in manifest["tables"].values())
        self.stdout.write(
            f"Đã khôi phục bản sao lưu lúc {manifest.get('created_at')}: {format_number(rows)} dòng, "
            f"{format_number(len(manifest['files']))} tệp."
        )
