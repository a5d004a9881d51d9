"""The criteria of "Cơ quan / Đơn vị / Doanh nghiệp đạt chuẩn văn hóa" (TT 08/2014/TT-BVHTTDL), as data for the
rule set `tt08-2014/agency` (vanhoa.titles.rules_data). The inspection checklist of an agency reads the same list,
through `RuleSet.criteria_for(agency)`.
"""

from __future__ import annotations

from typing import Any


def _std(code: str, title: str, source: str, **kw: Any) -> dict[str, Any]:
    return {"code": code, "standard": "", "title": title, "source": source, **kw}


def _item(standard: str, n: int, title: str, source: str, **kw: Any) -> dict[str, Any]:
    return {"code": f"{standard}.{n}", "standard": standard, "title": title, "source": source, **kw}


# TT 08/2014: "Cơ quan đạt chuẩn văn hóa" and "Đơn vị đạt chuẩn văn hóa" have three standards, "Doanh nghiệp đạt
# chuẩn văn hóa" four (`variants` = the agency kinds a criterion applies to). Standards as restated by the Quảng Ngãi
# provincial portal (16/06/2022) and the draft reported by cinet.vn; the items under standards 1 and 2 as reported by
# Báo Khánh Hòa (10/2014). The Thông tư's own text was not opened (legal-brief §6, §13 point 7).
_TT08 = "TT 08/2014/TT-BVHTTDL"
_TT08_AGENCY = ["co_quan", "don_vi"]
_TT08_ENTERPRISE = ["doanh_nghiep"]
_TT08_ITEM_NOTE = "Nội dung theo Báo Khánh Hòa (10/2014); việc xếp tiêu chí vào tiêu chuẩn chưa đối chiếu nguyên văn."
TT08_AGENCY_CRITERIA = [
    _std("1", "Hoàn thành tốt nhiệm vụ", f"{_TT08} (Cổng TTĐT tỉnh Quảng Ngãi, 16/06/2022)", variants=_TT08_AGENCY),
    _item("1", 1, "Hoàn thành tốt nhiệm vụ, kế hoạch công tác hằng năm", _TT08, variants=_TT08_AGENCY),
    _item(
        "1",
        2,
        "Cán bộ, công chức, viên chức, người lao động đạt danh hiệu “Lao động tiên tiến” theo tỷ lệ Thông tư quy định",
        _TT08,
        variants=_TT08_AGENCY,
        unconfirmed=True,
        note="Báo nêu tỷ lệ 100%; cần đối chiếu với Thông tư (legal-brief §6).",
    ),
    _item(
        "1",
        3,
        "Từ 80% cán bộ, công chức, viên chức, người lao động trở lên thường xuyên tự học tập hoặc tham gia các lớp "
        "bồi dưỡng chính trị, chuyên môn, nghiệp vụ",
        _TT08,
        variants=_TT08_AGENCY,
        unconfirmed=True,
        note=_TT08_ITEM_NOTE,
    ),
    _item(
        "1",
        4,
        "Giữ gìn đạo đức công vụ, lối sống lành mạnh; nâng cao chất lượng phục vụ Nhân dân",
        _TT08,
        variants=_TT08_AGENCY,
        unconfirmed=True,
        note=_TT08_ITEM_NOTE,
    ),
    _item("1", 5, "Có sáng kiến, cải tiến được áp dụng trong công tác", _TT08, variants=_TT08_AGENCY,
          unconfirmed=True, note=_TT08_ITEM_NOTE),  # fmt: skip
    _std(
        "2",
        "Thực hiện nếp sống văn minh, môi trường văn hóa công sở",
        f"{_TT08} (Cổng TTĐT tỉnh Quảng Ngãi, 16/06/2022)",
        variants=_TT08_AGENCY,
    ),
    _item(
        "2",
        1,
        "Từ 90% cán bộ, công chức, viên chức, người lao động trở lên không vi phạm quy định về văn hóa công sở",
        _TT08,
        variants=_TT08_AGENCY,
        unconfirmed=True,
        note=_TT08_ITEM_NOTE,
    ),
    _std(
        "3",
        "Gương mẫu chấp hành đường lối, chủ trương của Đảng, chính sách, pháp luật của Nhà nước",
        f"{_TT08} (Cổng TTĐT tỉnh Quảng Ngãi, 16/06/2022)",
        variants=_TT08_AGENCY,
    ),
    _std(
        "DN.1",
        "Hoàn thành nhiệm vụ sản xuất, kinh doanh, dịch vụ",
        f"{_TT08} (Cổng TTĐT tỉnh Quảng Ngãi, 16/06/2022)",
        variants=_TT08_ENTERPRISE,
        unconfirmed=True,
        note="Dự thảo (cinet.vn) ghi “Sản xuất, kinh doanh ổn định và từng bước phát triển”; chưa đối chiếu "
        "nguyên văn Thông tư.",
    ),
    _std(
        "DN.2",
        "Thực hiện nếp sống văn minh, môi trường văn hóa doanh nghiệp",
        f"{_TT08} (Cổng TTĐT tỉnh Quảng Ngãi, 16/06/2022)",
        variants=_TT08_ENTERPRISE,
    ),
    _std(
        "DN.3",
        "Nâng cao đời sống vật chất, văn hóa tinh thần của người lao động",
        f"{_TT08} (Cổng TTĐT tỉnh Quảng Ngãi, 16/06/2022)",
        variants=_TT08_ENTERPRISE,
    ),
    _std(
        "DN.4",
        "Nghiêm chỉnh chấp hành đường lối, chủ trương của Đảng, chính sách, pháp luật của Nhà nước",
        f"{_TT08} (Cổng TTĐT tỉnh Quảng Ngãi, 16/06/2022)",
        variants=_TT08_ENTERPRISE,
    ),
]
