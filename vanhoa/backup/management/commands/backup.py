"""manage.py backup [-o FILE]: the whole installation (database and stored files) in one archive."""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils import timezone

from vanhoa.backup import installation
from vanhoa.core.actors import BACKUP_CLI
from vanhoa.core.text import format_number


def default_path(prefix: str) -> Path:
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M%S")
    return Path(settings.BASE_DIR) / "var" / "backups" / f"{prefix}-{stamp}.zip"


def write_atomically(path: Path, write) -> dict:  # type: ignore[no-untyped-def]
    """Write to FILE.part, then rename: a stopped run never leaves a file that looks complete."""
    path.parent.mkdir(parents=True, exist_ok=True)
    part = path.with_name(path.name + ".part")
    try:
        manifest = write(part)
        part.replace(path)
    finally:
        part.unlink(missing_ok=True)
    return manifest


class Command(BaseCommand):
    help = "Sao lưu toàn bộ hệ thống (cơ sở dữ liệu và các tệp đã lưu) vào một tệp .zip."

    def add_arguments(self, parser):  # type: ignore[no-untyped-def]
        parser.add_argument("-o", "--output", help="tệp .zip sẽ ghi (mặc định var/backups/vanhoa-<thời điểm>.zip)")

    def handle(self, *args, **options):  # type: ignore[no-untyped-def]
        path = Path(options["output"]) if options["output"] else default_path("vanhoa")
        manifest = write_atomically(path, lambda p: installation.backup(p, actor=BACKUP_CLI))
        rows = sum(t["rows"] for t in manifest["tables"].values())
        self.stdout.write(
            f"Đã sao lưu vào {path}: {format_number(len(manifest['tables']))} bảng, {format_number(rows)} dòng, "
            f"{format_number(len(manifest['files']))} tệp."
        )
