"""`manage.py load_demo [--households N]`: the demo ward, phường Quyết Tiến (Lai Châu) as it stood in 2020,
and its successor since 1/7/2025, phường Đoàn Kết. Running it twice changes nothing.

Each installed app may add its part in `<app>/demo.py` with a `load(ctx: DemoContext)` function and an
`ORDER` number (units 10, registry 20, accounts 30, then the domain apps); they run in that order, inside
one transaction.
"""

from importlib import import_module
from importlib.util import find_spec
from typing import Any

from django.apps import apps
from django.core.management.base import BaseCommand
from django.db import transaction

from vanhoa.demo.context import DemoContext


class Command(BaseCommand):
    help = "Nạp dữ liệu mẫu: phường Quyết Tiến năm 2020 và phường Đoàn Kết từ 01/07/2025."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument(
            "--households",
            type=int,
            default=1206,
            help="Số hộ gia đình mẫu (mặc định 1.206, như phường Quyết Tiến năm 2020)",
        )

    def handle(self, *args: Any, households: int, **options: Any) -> None:
        ctx = DemoContext(households=households, stdout=self.stdout)
        modules = []
        for config in apps.get_app_configs():
            name = f"{config.name}.demo"
            if config.name.startswith("vanhoa.") and find_spec(name) is not None:
                module = import_module(name)
                if hasattr(module, "load"):
                    modules.append(module)
        with transaction.atomic():
            for module in sorted(modules, key=lambda m: getattr(m, "ORDER", 100)):
                module.load(ctx)
        self.stdout.write(self.style.SUCCESS("Đã nạp dữ liệu mẫu."))
