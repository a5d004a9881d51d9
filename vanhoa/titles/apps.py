from django.apps import AppConfig


class TitlesConfig(AppConfig):
    name = "vanhoa.titles"
    label = "titles"
    verbose_name = "Danh hiệu văn hóa"

    def ready(self) -> None:
        from vanhoa.core import menu
        from vanhoa.titles import documents

        menu.register("Danh hiệu", "titles-home", "award", "titles.view", 30)
        documents.register_all()
