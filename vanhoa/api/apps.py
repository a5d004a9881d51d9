from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "vanhoa.api"
    label = "api"
    verbose_name = "API mở cho thành phố, tỉnh và hệ thống khác"

    def ready(self) -> None:
        from vanhoa.core import menu

        # Every role holds units.view, so every user with a role sees the entry in the account menu.
        menu.register("Khóa truy cập API", "api-tokens", "key", "units.view", 950)
