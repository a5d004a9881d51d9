import contextlib

from django.apps import AppConfig


class DocumentsConfig(AppConfig):
    name = "vanhoa.documents"
    label = "documents"
    verbose_name = "Văn bản"

    def ready(self) -> None:
        from vanhoa.documents import scratch

        with contextlib.suppress(OSError):  # files left by a process that was killed mid-conversion
            scratch.sweep()
