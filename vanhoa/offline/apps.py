from django.apps import AppConfig


class OfflineConfig(AppConfig):
    name = "vanhoa.offline"
    label = "offline"
    verbose_name = "Ứng dụng tổ trưởng (làm việc không cần mạng)"

    def ready(self) -> None:
        from vanhoa.core import menu

        menu.register("Ứng dụng tổ trưởng", "offline-app", "phone", "titles.review", 15)
