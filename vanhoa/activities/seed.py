"""The two checklist templates the seed plan's inspections used (activities 5 and 6) before the titles app's
criteria sets fed the checklists (vanhoa.titles.checklists). Kept, with their dates and not offered any more
(`active` False), because inspections of that time name them. Used by migration 0002 and a few tests
(idempotent)."""

from __future__ import annotations

from datetime import date
from typing import Any

ND86 = "NĐ 86/2023/NĐ-CP, Phụ lục II"
TT08 = "TT 08/2014/TT-BVHTTDL"

TEMPLATES: list[dict[str, Any]] = [
    {
        "code": "tdp-nd86-2023",
        "title": "Kiểm tra tổ dân phố thực hiện phong trào",
        "subject_kind": "group",
        "legal_basis": "Nghị định số 86/2023/NĐ-CP, Phụ lục II: khung tiêu chuẩn danh hiệu “Thôn, tổ dân phố văn hóa”",
        "valid_from": date(2024, 1, 30),
        "active": False,
        "order": 1,
        "items": [
            ("I", "Đời sống kinh tế ổn định và phát triển", f"{ND86}, tiêu chuẩn I"),
            ("II", "Đời sống văn hóa, tinh thần lành mạnh, phong phú", f"{ND86}, tiêu chuẩn II"),
            ("III", "Môi trường an toàn, thân thiện, cảnh quan sạch đẹp", f"{ND86}, tiêu chuẩn III"),
            (
                "IV",
                "Chấp hành tốt chủ trương của Đảng, chính sách, pháp luật của Nhà nước; giữ vững trật tự, an toàn xã "
                "hội; tích cực tham gia các phong trào thi đua của địa phương",
                f"{ND86}, tiêu chuẩn IV",
            ),
            ("V", "Tinh thần đoàn kết, tương trợ, giúp đỡ lẫn nhau trong cộng đồng", f"{ND86}, tiêu chuẩn V"),
        ],
    },
    {
        "code": "co-quan-tt08-2014",
        "title": "Kiểm tra cơ quan đạt chuẩn văn hóa",
        "subject_kind": "agency",
        "legal_basis": "Thông tư số 08/2014/TT-BVHTTDL: tiêu chuẩn “Cơ quan, đơn vị đạt chuẩn văn hóa”",
        "valid_from": date(2014, 10, 1),
        "active": False,
        "order": 2,
        "items": [
            ("1", "Hoàn thành tốt nhiệm vụ, kế hoạch công tác hằng năm", TT08),
            (
                "2",
                "Cán bộ, công chức, viên chức, người lao động đạt danh hiệu “Lao động tiên tiến” theo tỷ lệ Thông tư "
                "quy định",
                TT08,
            ),
            (
                "3",
                "Từ 80% cán bộ, công chức, viên chức trở lên thường xuyên tự học tập hoặc tham gia các lớp bồi dưỡng "
                "chính trị, chuyên môn, nghiệp vụ",
                TT08,
            ),
            (
                "4",
                "Cán bộ, công chức, viên chức có đạo đức, lối sống lành mạnh; nâng cao chất lượng phục vụ Nhân dân",
                TT08,
            ),
            ("5", "Có sáng kiến, cải tiến được áp dụng trong công tác", TT08),
            (
                "6",
                "Thực hiện nếp sống văn minh công sở, văn hóa công sở; từ 90% cán bộ, công chức, viên chức trở lên "
                "không vi phạm quy định",
                TT08,
            ),
            ("7", "Gương mẫu chấp hành chủ trương của Đảng, chính sách, pháp luật của Nhà nước", TT08),
        ],
    },
]


def seed_templates(template_model: Any, item_model: Any) -> int:
    """Create the templates that are missing (by code); returns how many were created. Fields the (historical)
    model does not have yet are left out; migration 0003 sets them."""
    created = 0
    known = {f.name for f in template_model._meta.get_fields()}
    for data in TEMPLATES:
        if template_model.objects.filter(code=data["code"]).exists():
            continue
        fields = {k: v for k, v in data.items() if k != "items" and k in known}
        template = template_model.objects.create(**fields)
        item_model.objects.bulk_create(
            item_model(template=template, order=n, code=code, text=text, source=source)
            for n, (code, text, source) in enumerate(data["items"], start=1)
        )
        created += 1
    return created


def ensure_templates() -> int:
    from vanhoa.activities.models import ChecklistItem, ChecklistTemplate

    return seed_templates(ChecklistTemplate, ChecklistItem)
