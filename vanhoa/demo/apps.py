from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "vanhoa.demo"
    label = "demo"
    verbose_name = "Dữ liệu mẫu"
