from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "vanhoa.core"
    label = "core"
    verbose_name = "Hệ thống"
