"""manage.py import_ward FILE [--merge-users]: load a ward exported by `manage.py export_ward`."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from vanhoa.backup import ward_import
from vanhoa.backup.archive import ArchiveError
from vanhoa.core.actors import IMPORT_WARD_CLI
from vanhoa.core.text import format_number


class Command(BaseCommand):
    help = "Nạp dữ liệu một xã, phường từ tệp do «manage.py export_ward» tạo (ghi tất cả hoặc không ghi gì)."

    def add_arguments(self, parser):  # type: ignore[no-untyped-def]
        parser.add_argument("archive", help="tệp .zip do «manage.py export_ward» tạo")
        parser.add_argument(
            "--merge-users",
            action="store_true",
            help="gắn dữ liệu vào tài khoản cùng tên đăng nhập đã có ở đây (mặc định: coi là trùng, không nạp)",
        )

    def handle(self, *args, **options):  # type: ignore[no-untyped-def]
        try:
            with open(options["archive"], "rb") as source:
                pkmap = ward_import.import_ward(
                    source, actor=IMPORT_WARD_CLI, merge_users=options["merge_users"]
                )
        except FileNotFoundError as exc:
            raise CommandError(f"Không tìm thấy tệp {options['archive']}.") from exc
        except ArchiveError as exc:
            raise CommandError(str(exc)) from exc
        rows = sum(len(m) for m in pkmap.values())
        self.stdout.write(f"Đã nạp {format_number(rows)} bản ghi.")
