from django.db import models


class ImportStatus(models.TextChoices):
    UPLOADED = "uploaded", "Đã tải lên"
    PREVIEWING = "previewing", "Đang đọc và đối chiếu"
    PREVIEWED = "previewed", "Đã xem trước"
    COMMITTING = "committing", "Đang ghi vào sổ"
    COMMITTED = "committed", "Đã ghi vào sổ"
    FAILED = "failed", "Không nhập được"


RUNNING = (ImportStatus.PREVIEWING, ImportStatus.COMMITTING)
