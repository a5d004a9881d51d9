from django.apps import AppConfig


class DocumentsConfig(AppConfig):
    name = "vanhoa.documents"
    label = "documents"
    verbose_name = "Văn bản"
