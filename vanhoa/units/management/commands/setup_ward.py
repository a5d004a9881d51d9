"""Set a commune up from the official list of units: `manage.py setup_ward "quyet tien lai chau"`."""

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from vanhoa.units import catalog
from vanhoa.units.services import UnitError, setup_from_catalog


class Command(BaseCommand):
    help = "Tạo xã, phường (kèm tỉnh, huyện và lịch sử sắp xếp 2025) từ danh mục đơn vị hành chính."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("query", help="Tên hoặc mã xã, phường, ví dụ 'Quyết Tiến Lai Châu' hoặc 03388")
        parser.add_argument("--scheme", choices=catalog.SCHEMES, default=None)

    def handle(self, *args: Any, query: str, scheme: str | None, **options: Any) -> None:
        if query.isdigit():
            found = [u for s in ([scheme] if scheme else list(catalog.SCHEMES)) if (u := catalog.get(s, query))]
        else:
            found = catalog.search(query, scheme=scheme, kind="commune", limit=10)
        if not found:
            raise CommandError(f"Không tìm thấy xã, phường «{query}».")
        if len(found) > 1:
            lines = "\n".join(f"  {u.scheme} {u.code} {catalog.full_label(u.scheme, u.code)}" for u in found)
            raise CommandError(f"Có nhiều kết quả, hãy ghi rõ mã và --scheme:\n{lines}")
        entry = found[0]
        try:
            unit = setup_from_catalog(entry.scheme, entry.code, actor="setup_ward")
        except UnitError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(f"Đã thiết lập {catalog.full_label(entry.scheme, entry.code)} (id {unit.pk}).")
