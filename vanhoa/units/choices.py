from django.db import models


class UnitKind(models.TextChoices):
    PROVINCE = "province", "Tỉnh, thành phố trực thuộc trung ương"
    DISTRICT = "district", "Huyện, quận, thị xã, thành phố thuộc tỉnh"
    COMMUNE = "commune", "Xã, phường, thị trấn"
    GROUP = "group", "Tổ dân phố, thôn, bản"


class CodeScheme(models.TextChoices):
    PRE2025 = "pre2025", "Danh mục trước 01/07/2025 (ba cấp)"
    S2025 = "2025", "Danh mục từ 01/07/2025 (QĐ 19/2025/QĐ-TTg)"
    LOCAL = "local", "Mã do phường đặt"


class LineageKind(models.TextChoices):
    MERGE = "merge", "Sáp nhập"
    SPLIT = "split", "Chia tách"
    RENAME = "rename", "Đổi tên"
    TRANSFER = "transfer", "Chuyển về đơn vị cấp trên khác"
