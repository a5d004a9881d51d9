from django.apps import AppConfig


class UnitsConfig(AppConfig):
    name = "vanhoa.units"
    label = "units"
    verbose_name = "Đơn vị hành chính"

    def ready(self) -> None:
        from django.db.models.signals import post_delete, post_save

        from vanhoa.core import menu
        from vanhoa.units import tree
        from vanhoa.units.models import Unit, UnitLineage

        for model in (Unit, UnitLineage):
            post_save.connect(tree.bump, sender=model, dispatch_uid=f"unit-graph-{model.__name__}-save")
            post_delete.connect(tree.bump, sender=model, dispatch_uid=f"unit-graph-{model.__name__}-delete")

        menu.register("Đơn vị", "unit-list", "diagram-3", "units.view", 80, section="Sổ theo dõi")
