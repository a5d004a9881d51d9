from django.apps import AppConfig


class UnitsConfig(AppConfig):
    name = "vanhoa.units"
    label = "units"
    verbose_name = "Đơn vị hành chính"

    def ready(self) -> None:
        from vanhoa.core import menu

        menu.register("Đơn vị", "unit-list", "diagram-3", "units.view", 80)
