from django.apps import AppConfig


class ImportsConfig(AppConfig):
    name = "vanhoa.imports"
    label = "imports"
    verbose_name = "Nhập, xuất Excel"

    def ready(self) -> None:
        from vanhoa.core import menu
        from vanhoa.imports import importers
        from vanhoa.imports.households import HouseholdImporter

        importers.register(HouseholdImporter())
        menu.register("Nhập Excel", "import-list", "file-earmark-arrow-up", "imports.run", 85, section="Sổ theo dõi")
