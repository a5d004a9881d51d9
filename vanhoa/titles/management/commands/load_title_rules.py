"""`manage.py load_title_rules`: create the shipped rule sets that are missing (administrators' edits stay)."""

from typing import Any

from django.core.management.base import BaseCommand

from vanhoa.titles.rules_data import load_rules


class Command(BaseCommand):
    help = "Nạp các bộ quy định xét tặng danh hiệu văn hóa còn thiếu (không ghi đè chỉnh sửa của quản trị)."

    def handle(self, *args: Any, **options: Any) -> None:
        created = load_rules()
        self.stdout.write(f"Đã tạo {created} mục quy định.")
