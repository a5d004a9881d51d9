"""`manage.py indicators --unit "Quyết Tiến" --year 2020 [--on 31/12/2020] [--json]`: every indicator of a unit
(residential group, ward, city, province) with its numerator, denominator, value, target and status."""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from vanhoa.core.text import fold
from vanhoa.reports import indicators as ind
from vanhoa.reports.forms import parse_date
from vanhoa.units.models import Unit


def find_unit(name_or_code: str) -> Unit:
    """A unit by code or (accent-insensitive) name; a current unit first, then the larger one (ward before group)."""
    qs = Unit.objects.all()
    found = list(qs.filter(code=name_or_code)) if name_or_code.strip() else []
    if not found:
        wanted = fold(name_or_code)
        found = [u for u in qs if wanted in (fold(u.name), fold(u.short_name))]
    if not found:
        raise CommandError(f"Không tìm thấy đơn vị «{name_or_code}».")
    order = {"province": 0, "district": 1, "commune": 2, "group": 3}
    return sorted(found, key=lambda u: (u.valid_to is not None, order.get(u.kind, 9), u.pk))[0]


class Command(BaseCommand):
    help = "In các chỉ tiêu (tử số, mẫu số, giá trị, chỉ tiêu kế hoạch, đánh giá) của một đơn vị trong một năm."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--unit", required=True, help="Tên hoặc mã đơn vị (tổ dân phố, xã, phường, huyện, tỉnh)")
        parser.add_argument("--year", type=int, required=True)
        parser.add_argument("--on", default="", help="Tính đến ngày (dd/mm/yyyy); mặc định 31/12 hoặc hôm nay")
        parser.add_argument("--json", action="store_true", help="In dạng JSON")

    def handle(self, *args: Any, unit: str, year: int, on: str, json: bool, **options: Any) -> None:
        found = find_unit(unit)
        day = parse_date(on) if on else None
        if on and day is None:
            raise CommandError("--on: ghi ngày theo dạng ngày/tháng/năm, ví dụ 31/12/2020.")
        figures = ind.Figures(year, day, [found])
        items = figures.all(found.pk)
        if json:
            out = {
                "unit": {"id": found.pk, "name": found.name, "kind": found.kind, "code": found.code},
                "year": year,
                "on": figures.on.isoformat(),
                "indicators": [i.to_json() for i in items.values()],
            }
            self.stdout.write(_dumps(out))
            return
        self.stdout.write(f"{found.name} – năm {year}, tính đến {figures.on:%d/%m/%Y}")
        for i in items.values():
            target = f"  chỉ tiêu {i.target_text}: {i.status_label.lower()}" if i.target_text else ""
            fraction = f" ({i.fraction_text})" if i.fraction_text and i.has_data else ""
            self.stdout.write(f"- {i.label}: {i.value_text}{fraction}{target}")


def _dumps(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2)
