"""`manage.py import_registrations PATH --ward NAME_OR_CODE --year YYYY [--registered-on dd/mm/yyyy] [--sheet NAME]
[--dry-run] [--json]`: a year's Gia đình văn hóa registrations and review results, as from the web page.

Same contract as import_households: exit 0 written (or a clean dry run), 1 rows rejected (nothing written), 2 the
file, the ward or the options could not be used. "created" counts registrations, "updated" results written into
the groups' draft minutes.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.management.base import CommandError

from vanhoa.core.actors import IMPORT_REGISTRATIONS_CLI
from vanhoa.imports.management.commands import import_households


class Command(import_households.Command):
    help = "Nhập đăng ký và kết quả bình xét Gia đình văn hóa của một năm từ tệp Excel vào một xã, phường."
    kind = "registrations"
    actor = IMPORT_REGISTRATIONS_CLI

    def add_arguments(self, parser: Any) -> None:
        super().add_arguments(parser)
        parser.add_argument("--year", type=int, required=True, help="Năm xét danh hiệu")
        parser.add_argument("--registered-on", help="Ngày đăng ký cho các dòng không ghi ngày (dd/mm/yyyy)")
        parser.add_argument("--title", help="Mã danh hiệu (mặc định: gdvh)")

    def import_options(self, importer: Any, target: Any, options: dict[str, Any]) -> dict[str, Any]:
        """--year, --registered-on and --title checked by the upload form's own fields, then by the importer."""
        fields = importer.option_fields(target, options["year"])
        data: dict[str, Any] = {"title": options.get("title")}
        for name, label in (("year", "Năm"), ("registered_on", "Ngày đăng ký")):
            try:
                data[name] = fields[name].clean(options.get(name) or "")
            except forms.ValidationError as exc:
                raise CommandError(f"{label} «{options.get(name)}»: {' '.join(exc.messages)}") from exc
        try:
            return importer.clean_options(data, ward=target)
        except forms.ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from exc
