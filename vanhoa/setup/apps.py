from django.apps import AppConfig


class SetupConfig(AppConfig):
    name = "vanhoa.setup"
    label = "setup"
    verbose_name = "Cài đặt ban đầu"

    def ready(self) -> None:
        from vanhoa.core import menu

        menu.register("Cài đặt ban đầu", "setup-wizard", "magic", "system.setup", 870)
