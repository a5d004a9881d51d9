from django.apps import AppConfig


class ImportsConfig(AppConfig):
    name = "vanhoa.imports"
    label = "imports"
    verbose_name = "Nhập, xuất Excel"

    def ready(self) -> None:
        from vanhoa.core import menu
        from vanhoa.imports import importers
        from vanhoa.imports.households import HouseholdImporter
        from vanhoa.imports.registrations import RegistrationImporter

        importers.register(HouseholdImporter())
        importers.register(RegistrationImporter())
        menu.register("Nhập Excel", "import-list", "file-earmark-arrow-up", "imports.run", 85, section="Sổ theo dõi")
