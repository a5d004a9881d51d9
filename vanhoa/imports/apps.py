import sys

from django.apps import AppConfig


class ImportsConfig(AppConfig):
    name = "vanhoa.imports"
    label = "imports"
    verbose_name = "Nhập, xuất Excel"

    def ready(self) -> None:
        from vanhoa.core import audit, menu
        from vanhoa.imports import importers
        from vanhoa.imports.households import HouseholdImporter
        from vanhoa.imports.registrations import RegistrationImporter

        audit.register_labels({"imports.job.interrupted": "Lần nhập tệp bị gián đoạn, đã xử lý lại"})
        importers.register(HouseholdImporter())
        importers.register(RegistrationImporter())
        menu.register("Nhập Excel", "import-list", "file-earmark-arrow-up", "imports.run", 85, section="Sổ theo dõi")
        from vanhoa.imports import recovery

        recovery.start_in_worker(sys.argv)  # the worker takes up the jobs a dead worker left
