from django.apps import AppConfig


class PlansConfig(AppConfig):
    name = "vanhoa.plans"
    label = "plans"
    verbose_name = "Kế hoạch năm"

    def ready(self) -> None:
        from vanhoa.core import menu
        from vanhoa.documents import exports
        from vanhoa.plans.documents import build

        menu.register("Việc tháng này", "plan-todo", "check2-square", "plans.view", 15)
        menu.register("Kế hoạch", "plan-list", "calendar3", "plans.view", 20, section="Kế hoạch, hoạt động")
        exports.register("plan", "Kế hoạch năm", build)
