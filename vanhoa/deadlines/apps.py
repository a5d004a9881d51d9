from django.apps import AppConfig


class DeadlinesConfig(AppConfig):
    name = "vanhoa.deadlines"
    label = "deadlines"
    verbose_name = "Việc cần làm và nhắc hạn"

    def ready(self) -> None:
        from vanhoa.core import audit, menu

        menu.register("Nhắc hạn", "reminders", "alarm", "login", 980)
        audit.register_labels(
            {
                "deadlines.reminders.digest_set": "Bật/tắt thư tóm tắt việc đến hạn",
                "deadlines.reminders.feed_reset": "Tạo lại liên kết lịch việc cần làm",
            }
        )
