from django.apps import AppConfig


class BackupConfig(AppConfig):
    name = "vanhoa.backup"
    label = "backup"
    verbose_name = "Sao lưu và khôi phục"

    def ready(self) -> None:
        from vanhoa.core import menu
        from vanhoa.core.audit import register_labels

        menu.register("Sao lưu dữ liệu", "backup-page", "archive", "system.setup", 920)

        register_labels(
            {
                "backup.installation.created": "Sao lưu toàn bộ hệ thống",
                "backup.installation.restored": "Khôi phục toàn bộ hệ thống từ bản sao lưu",
                "backup.ward.exported": "Xuất dữ liệu một xã, phường",
                "backup.ward.imported": "Nạp dữ liệu một xã, phường",
            }
        )
