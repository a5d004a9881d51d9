from django.apps import AppConfig


class DeadlinesConfig(AppConfig):
    name = "vanhoa.deadlines"
    verbose_name = "Việc cần làm và nhắc hạn"
