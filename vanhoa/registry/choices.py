from django.db import models


class HouseholdStatus(models.TextChoices):
    ACTIVE = "active", "Đang cư trú"
    MOVED_OUT = "moved_out", "Đã chuyển đi"
    SPLIT = "split", "Đã tách hộ"
    MERGED = "merged", "Đã nhập vào hộ khác"
    DISSOLVED = "dissolved", "Không còn hộ"


class AgencyKind(models.TextChoices):
    AGENCY = "co_quan", "Cơ quan"
    UNIT = "don_vi", "Đơn vị"
    ENTERPRISE = "doanh_nghiep", "Doanh nghiệp"
