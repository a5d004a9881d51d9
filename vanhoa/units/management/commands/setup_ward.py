"""Set a commune up from the official list of units: `manage.py setup_ward "Cốc Pàng Cao Bằng"`.

Today's list (from 01/07/2025, `--scheme 2025`) is searched by default; `--scheme pre2025` sets up a commune
of the list before 01/07/2025 (with the 2025 commune it went into). A name found in both lists is no longer
ambiguous: the scheme decides.
"""

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from vanhoa.core.actors import SETUP_WARD
from vanhoa.units import catalog
from vanhoa.units.services import UnitError, setup_from_catalog


class Command(BaseCommand):
    help = "Tạo xã, phường (kèm tỉnh, huyện và lịch sử sắp xếp 2025) từ danh mục đơn vị hành chính."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("query", help="Tên hoặc mã xã, phường, ví dụ 'Cốc Pàng Cao Bằng' hoặc 01324")
        parser.add_argument(
            "--scheme",
            choices=catalog.SCHEMES,
            default=catalog.CURRENT,
            help="Danh mục: 2025 (từ 01/07/2025, mặc định) hoặc pre2025 (trước 01/07/2025, ba cấp)",
        )

    def handle(self, *args: Any, query: str, scheme: str, **options: Any) -> None:
        found = self._find(query, scheme)
        if not found:
            other = catalog.PRE2025 if scheme == catalog.CURRENT else catalog.CURRENT
            hint = ""
            if self._find(query, other):
                label = "trước 01/07/2025" if other == catalog.PRE2025 else "từ 01/07/2025"
                hint = f" Có trong danh mục {label}: thêm --scheme {other}."
            raise CommandError(f"Không tìm thấy xã, phường «{query}» trong danh mục {scheme}.{hint}")
        if len(found) > 1:
            lines = "\n".join(f"  {u.code} {catalog.full_label(u.scheme, u.code)}" for u in found)
            raise CommandError(f"Có nhiều kết quả trong danh mục {scheme}, hãy ghi mã hoặc thêm tên tỉnh:\n{lines}")
        entry = found[0]
        try:
            unit = setup_from_catalog(entry.scheme, entry.code, actor=SETUP_WARD)
        except UnitError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(f"Đã thiết lập {catalog.full_label(entry.scheme, entry.code)} (id {unit.pk}).")
        olds = [catalog.full_label(p.scheme, p.code) for p in catalog.predecessors(entry.code)]
        if entry.scheme == catalog.CURRENT and olds:
            self.stdout.write("Cùng các đơn vị trước 01/07/2025: " + "; ".join(olds) + ".")

    @staticmethod
    def _find(query: str, scheme: str) -> list[catalog.CatalogUnit]:
        if query.strip().isdigit():
            unit = catalog.get(scheme, query.strip())
            return [unit] if unit is not None and unit.kind == "commune" else []
        return catalog.search(query, scheme=scheme, kind="commune", limit=10)
