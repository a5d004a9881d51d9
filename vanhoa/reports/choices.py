from django.db import models


class Status(models.TextChoices):
    """How an indicator compares with the plan's target (none when there is no target)."""

    MET = "met", "Đạt"
    NOT_MET = "not_met", "Chưa đạt"
    EXCEEDED = "exceeded", "Vượt"


class IndicatorKind(models.TextChoices):
    PERCENT = "percent", "Tỷ lệ (%)"
    RATIO = "ratio", "Tỷ số x/y"
    COUNT = "count", "Số lượng"
    MONEY = "money", "Số tiền (đồng)"


class ReportKind(models.TextChoices):
    SEMIANNUAL = "semiannual", "Báo cáo sơ kết 6 tháng đầu năm"
    ANNUAL = "annual", "Báo cáo tổng kết năm"


class ReportStatus(models.TextChoices):
    DRAFT = "draft", "Đang soạn"
    SUBMITTED = "submitted", "Đã gửi, chờ cấp trên tiếp nhận"
    RECEIVED = "received", "Cấp trên đã tiếp nhận"
    RETURNED = "returned", "Bị trả lại, cần sửa và gửi lại"


#: A report can be edited (and sent) in these states.
EDITABLE = frozenset({ReportStatus.DRAFT, ReportStatus.RETURNED})

#: Document kinds registered in vanhoa.documents.exports.
EXPORT_KINDS = {ReportKind.SEMIANNUAL: "report-semiannual", ReportKind.ANNUAL: "report-annual"}
