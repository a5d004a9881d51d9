from django.apps import AppConfig


class ImportsConfig(AppConfig):
    name = "vanhoa.imports"
    label = "imports"
    verbose_name = "Nhập, xuất Excel"
