from django.apps import AppConfig


class TitlesConfig(AppConfig):
    name = "vanhoa.titles"
    label = "titles"
    verbose_name = "Danh hiệu văn hóa"
