"""Vietnamese names of this app's audit actions, and what it holds about a household (data-subject export)."""

from __future__ import annotations

from typing import Any

AUDIT_LABELS = {
    "activities.inspection.created": "Lập kế hoạch kiểm tra",
    "activities.inspection.updated": "Sửa thông tin cuộc kiểm tra",
    "activities.inspection.held": "Ghi kết quả kiểm tra",
    "activities.finding.recorded": "Ghi kết quả theo tiêu chí",
    "activities.finding.followed_up": "Ghi kết quả khắc phục",
    "activities.title_flag.created": "Cảnh báo danh hiệu sau kiểm tra",
    "activities.title_flag.resolved": "Giải quyết cảnh báo danh hiệu",
    "activities.festival.created": "Ghi nhận Ngày hội Đại đoàn kết",
    "activities.festival.updated": "Sửa Ngày hội Đại đoàn kết",
    "activities.event.created": "Thêm buổi tập huấn, tuyên truyền",
    "activities.event.updated": "Sửa buổi tập huấn, tuyên truyền",
    "activities.file.added": "Đính kèm tệp",
    "activities.allocation.created": "Ghi nhận kinh phí ngân sách",
    "activities.allocation.updated": "Sửa kinh phí ngân sách",
    "activities.contribution.created": "Ghi nhận khoản ủng hộ",
    "activities.contribution.updated": "Sửa khoản ủng hộ",
    "activities.expense.created": "Ghi khoản chi",
    "activities.expense.updated": "Sửa khoản chi",
    "activities.voucher.added": "Đính kèm chứng từ",
}


def household_flags(household: Any) -> list[dict[str, Any]]:
    """Title flags about the household (for its personal-data export)."""
    from vanhoa.activities.models import TitleFlag

    rows = []
    for flag in TitleFlag.objects.filter(household=household).select_related("inspection").order_by("year", "pk"):
        rows.append(
            {
                "Năm": flag.year,
                "Hệ quả": flag.get_consequence_display(),
                "Lý do": flag.reason,
                "Cuộc kiểm tra": str(flag.inspection),
                "Đã giải quyết": "Có" if flag.resolved else "Chưa",
            }
        )
    return rows
