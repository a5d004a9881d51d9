"""manage.py export_ward "Đoàn Kết" [-o FILE]: one ward with its history, for another installation to load."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from vanhoa.backup import ward_export
from vanhoa.backup.management.commands.backup import default_path, write_atomically
from vanhoa.core.actors import EXPORT_WARD_CLI
from vanhoa.core.text import fold, format_number
from vanhoa.units.choices import UnitKind
from vanhoa.units.models import Unit


def find_ward(text: str) -> Unit:
    """The ward by id, code or name (accents optional); today's ward first."""
    wards = Unit.objects.filter(kind=UnitKind.COMMUNE)
    if text.isdigit():
        found = list(wards.filter(pk=int(text))) or list(wards.filter(code=text))
    else:
        wanted = fold(text)
        found = [w for w in wards if wanted in (fold(w.name), fold(w.short_name))]
    found.sort(key=lambda w: (w.valid_to is not None, w.pk))
    if not found:
        raise CommandError(f"Không tìm thấy xã, phường «{text}».")
    if len({w.valid_to is None for w in found}) == 1 and len(found) > 1:
        names = ", ".join(f"{w.name} (mã số {w.pk})" for w in found)
        raise CommandError(f"Có nhiều xã, phường khớp «{text}»: {names}. Hãy ghi mã số.")
    return found[0]


class Command(BaseCommand):
    help = "Xuất dữ liệu một xã, phường cùng lịch sử (đơn vị trước sáp nhập, tổ, hộ, danh hiệu …) ra tệp .zip."

    def add_arguments(self, parser):  # type: ignore[no-untyped-def]
        parser.add_argument("ward", help="tên, mã hoặc mã số của xã, phường, ví dụ «Đoàn Kết»")
        parser.add_argument("-o", "--output", help="tệp .zip sẽ ghi (mặc định var/backups/phuong-<mã số>-….zip)")

    def handle(self, *args, **options):  # type: ignore[no-untyped-def]
        ward = find_ward(options["ward"])
        path = Path(options["output"]) if options["output"] else default_path(f"phuong-{ward.pk}")
        manifest = write_atomically(path, lambda p: ward_export.export_ward(ward, p, actor=EXPORT_WARD_CLI))
        rows = sum(t["rows"] for t in manifest["tables"].values())
        self.stdout.write(
            f"Đã xuất {ward.name} vào {path}: {format_number(rows)} dòng, {format_number(len(manifest['files']))} tệp."
        )
