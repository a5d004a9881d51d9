from django.apps import AppConfig


class RegistryConfig(AppConfig):
    name = "vanhoa.registry"
    label = "registry"
    verbose_name = "Sổ hộ gia đình, cơ quan, tuyến phố"

    def ready(self) -> None:
        from vanhoa.core import menu

        menu.register("Hộ gia đình", "household-list", "people", "households.view", 10, section="Sổ theo dõi")
        menu.register("Cơ quan, đơn vị", "agency-list", "building", "agencies.view", 60, section="Sổ theo dõi")
        menu.register("Tuyến phố", "street-list", "signpost-split", "streets.view", 70, section="Sổ theo dõi")
