import contextlib

from django.apps import AppConfig


class DocumentsConfig(AppConfig):
    name = "vanhoa.documents"
    label = "documents"
    verbose_name = "Văn bản"

    def ready(self) -> None:
        from vanhoa.core import audit, menu
        from vanhoa.documents import scratch

        menu.register("Sổ văn bản đi", "register-books", "journal-text", "reports.view", 910)
        audit.register_labels(
            {
                "documents.register.numbered": "Cấp số văn bản đi",
                "documents.register.recorded": "Vào sổ văn bản đã có số",
                "documents.register.numbered_many": "Cấp số giấy công nhận",
                "documents.register.gap_explained": "Ghi lý do số không sử dụng",
            }
        )

        with contextlib.suppress(OSError):  # files left by a process that was killed mid-conversion
            scratch.sweep()
