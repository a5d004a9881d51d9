"""`manage.py export_document plan --ward "Quyết Tiến" --year 2020 --format docx -o plan.docx`."""

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from vanhoa.core.text import fold
from vanhoa.documents import exports
from vanhoa.documents.pdf import DocumentConversionError
from vanhoa.units.choices import UnitKind
from vanhoa.units.models import Unit


def find_ward(name_or_code: str) -> Unit:
    """A commune by code or by (accent-insensitive) name; the one valid in the most recent period first."""
    qs = Unit.objects.filter(kind=UnitKind.COMMUNE)
    found = list(qs.filter(code=name_or_code)) if name_or_code.isdigit() else []
    if not found:
        wanted = fold(name_or_code)
        found = [u for u in qs if wanted in (fold(u.name), fold(u.short_name))]
    if not found:
        raise CommandError(f"Không tìm thấy xã, phường «{name_or_code}».")
    return sorted(found, key=lambda u: (u.valid_to is not None, u.pk))[0]


class Command(BaseCommand):
    help = "Xuất văn bản (DOCX hoặc PDF) theo thể thức Nghị định 30/2020/NĐ-CP."

    def add_arguments(self, parser: Any) -> None:
        kinds = exports.kinds()
        parser.add_argument(
            "kind",
            choices=sorted(kinds),
            metavar="KIND",
            help="Loại văn bản: " + "; ".join(f"{k} – {kinds[k].label}" for k in sorted(kinds)),
        )
        parser.add_argument("--ward", required=True, help="Tên hoặc mã xã, phường")
        parser.add_argument("--year", type=int, required=True)
        parser.add_argument("--format", choices=["docx", "pdf"], default="docx")
        parser.add_argument("-o", "--output", required=True)
        parser.add_argument(
            "--option",
            action="append",
            default=[],
            metavar="KEY=VALUE",
            help="Tùy chọn riêng của loại văn bản, ví dụ group=Tổ dân phố số 3",
        )

    def handle(
        self, *args: Any, kind: str, ward: str, year: int, format: str, output: str, option: list[str], **kw: Any
    ) -> None:
        options = dict(o.split("=", 1) for o in option if "=" in o)
        try:
            data = exports.render(kind, format, ward=find_ward(ward), year=year, **options)
        except (exports.DocumentNotAvailable, DocumentConversionError) as exc:
            raise CommandError(str(exc)) from exc
        Path(output).write_bytes(data)
        self.stdout.write(f"Đã ghi {output} ({len(data):,} byte).".replace(",", "."))
