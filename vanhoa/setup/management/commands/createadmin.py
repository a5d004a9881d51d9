"""The first administrator, for scripted installs: `manage.py createadmin quantri --full-name "Nông Văn Quản"`.

The password comes from the environment variable VANHOA_ADMIN_PASSWORD (so it stays out of the shell
history and the process list), else it is asked for twice on the terminal. The same service as the first
visit's page: a system administrator of the whole installation, refused once any account exists unless
--force-another is given (a second administrator on an installation already in use).
"""

from __future__ import annotations

import getpass
import os
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from vanhoa.accounts import services as accounts
from vanhoa.accounts.permissions import Role
from vanhoa.core.actors import CREATEADMIN
from vanhoa.setup import services


class Command(BaseCommand):
    help = "Tạo tài khoản quản trị hệ thống đầu tiên (mật khẩu lấy từ biến VANHOA_ADMIN_PASSWORD hoặc hỏi)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("username", help="Tên đăng nhập, ví dụ quantri")
        parser.add_argument("--full-name", default="Quản trị hệ thống", help="Họ và tên")
        parser.add_argument(
            "--force-another", action="store_true", help="Thêm một quản trị viên dù hệ thống đã có tài khoản"
        )

    def handle(self, *args: Any, username: str, full_name: str, force_another: bool, **options: Any) -> None:
        password = os.environ.get("VANHOA_ADMIN_PASSWORD") or self._ask()
        try:
            if force_another:
                user, _ = accounts.create_user(
                    actor=CREATEADMIN, username=username, full_name=full_name, role=Role.SYSTEM_ADMIN, unit=None,
                    password=password,
                )  # fmt: skip
            else:
                user = services.create_first_admin(username=username, full_name=full_name, password=password)
        except (services.SetupError, accounts.AccountError) as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(f"Đã tạo quản trị viên «{user.username}». Đăng nhập rồi mở /cai-dat/ để cài đặt.")

    @staticmethod
    def _ask() -> str:
        first = getpass.getpass("Mật khẩu: ")
        if first != getpass.getpass("Nhập lại mật khẩu: "):
            raise CommandError("Hai lần nhập mật khẩu không giống nhau.")
        return first
