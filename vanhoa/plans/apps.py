from django.apps import AppConfig


class PlansConfig(AppConfig):
    name = "vanhoa.plans"
    label = "plans"
    verbose_name = "Kế hoạch năm"
