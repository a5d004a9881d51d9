"""Send the daily digest of what is due (for cron: `0 6 * * * manage.py send_due_digest`)."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from vanhoa.deadlines import digest


class Command(BaseCommand):
    help = "Gửi thư tóm tắt việc quá hạn và việc đến hạn trong 7 ngày tới cho từng người dùng."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--ngay", dest="on", help="Tính cho ngày (dd/mm/yyyy); mặc định hôm nay.")

    def handle(self, *args: Any, on: str | None = None, **options: Any) -> None:
        today = None
        if on:
            try:
                d, m, y = (int(x) for x in on.split("/"))
                today = date(y, m, d)
            except ValueError as exc:
                raise CommandError(f"--ngay: «{on}» không phải ngày dạng dd/mm/yyyy.") from exc
        sent = digest.send_digests(today)
        self.stdout.write("Đã gửi: " + ", ".join(f"{code} {n}" for code, n in sent.items()))
