"""Decisions worded for their issuer: Điều 3, Nơi nhận and Xét đề nghị follow the issuer's level (phường, thành
phố, tỉnh) and the date (no commune Văn phòng HĐND và UBND before 01/07/2025)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from vanhoa.testing.actors import TEST
from vanhoa.titles import documents, services, wording
from vanhoa.titles.choices import AdminLevel, DecisionKind
from vanhoa.titles.models import Decision, TitleType
from vanhoa.titles.tests.test_documents import checker, text_of  # noqa: F401 - fixture

pytestmark = pytest.mark.django_db
OUT = Path("var/screenshots")


def _decision(ward, title, level, signed_on, proposer=""):
    tt = TitleType.objects.get(code=title)
    issuer = services.issuer_unit(ward, level, signed_on)
    return Decision.objects.create(
        kind=DecisionKind.RECOGNITION, title_type=tt, year=signed_on.year, ward=ward, issuer_level=level,
        issuer_name=f"Ủy ban nhân dân {services.unit_title(issuer, signed_on)}",
        signer_position="Chủ tịch", number="12", signed_on=signed_on, signer_name="Nguyễn Văn An", proposer=proposer,
    )


def _text(d, checker, name):  # noqa: F811
    data = documents.build_decision(ward=d.ward, year=d.year, decision=str(d.pk)).to_bytes()
    OUT.mkdir(parents=True, exist_ok=True)
    path = OUT / f"{name}.docx"
    path.write_bytes(data)
    errors = [f for f in checker.check(str(path)) if f[0] == "ERROR"]
    assert not errors, errors
    return text_of(data)


def test_a_2020_ward_decision_names_the_commune_civil_servant_not_a_2025_office(world, checker):  # noqa: F811
    text = _text(_decision(world.ward_2020, "gdvh", AdminLevel.COMMUNE, date(2020, 11, 13)), checker, "qd-phuong-2020")
    assert "Điều 3. Công chức Văn phòng - Thống kê, Ban Công tác Mặt trận các tổ dân phố và các hộ gia đình" in text
    assert "Văn phòng Hội đồng nhân dân" not in text and "Văn phòng HĐND - UBND" not in text
    assert "Thường trực Đảng ủy, HĐND phường;" in text
    assert "Xét đề nghị của Trưởng ban Công tác Mặt trận và Tổ trưởng các tổ dân phố." in text


def test_a_2020_city_decision_names_the_citys_offices_and_party_committee(world, checker):  # noqa: F811
    text = _text(_decision(world.ward_2020, "tdpvh", AdminLevel.DISTRICT, date(2020, 12, 17),
                           "Ủy ban nhân dân phường Quyết Tiến"), checker, "qd-thanh-pho-2020")
    assert ("Điều 3. Chánh Văn phòng Hội đồng nhân dân và Ủy ban nhân dân thành phố Lai Châu, Trưởng phòng Văn hóa "
            "và Thông tin thành phố Lai Châu, Chủ tịch Ủy ban nhân dân phường Quyết Tiến và các tổ dân phố") in text
    assert "Thường trực Thành ủy, HĐND thành phố;" in text and "Thường trực Đảng ủy" not in text
    assert "Xét đề nghị của Ủy ban nhân dân phường Quyết Tiến." in text


def test_a_provincial_decision_names_the_province(world, checker):  # noqa: F811
    from vanhoa.titles.models import RuleSet

    RuleSet.objects.filter(code="provincial-lc/street").update(  # the province's decision is known (#14)
        document_number="25/2019/QĐ-UBND", document_date=date(2019, 3, 5)
    )
    text = _text(_decision(world.ward_2020, "tpvm", AdminLevel.PROVINCE, date(2020, 12, 28)), checker, "qd-tinh-2020")
    assert "Chánh Văn phòng Ủy ban nhân dân tỉnh, Giám đốc Sở Văn hóa, Thể thao và Du lịch" in text
    assert "Thường trực Tỉnh ủy, HĐND tỉnh;" in text


def test_a_2025_ward_chairman_acts_on_the_emulation_councils_proposal_not_his_own_committees(world, checker):  # noqa: F811
    d = _decision(world.ward, "tdpvh", AdminLevel.COMMUNE, date(2025, 12, 10), "Ủy ban nhân dân phường Đoàn Kết")
    text = _text(d, checker, "qd-phuong-2025")
    assert "Xét đề nghị của Hội đồng Thi đua - Khen thưởng phường Đoàn Kết." in text
    assert "Điều 3. Chánh Văn phòng Hội đồng nhân dân và Ủy ban nhân dân phường Đoàn Kết" in text
    assert "chịu trách nhiệm thi hành Quyết định này./." in text


def test_each_text_cites_its_source_and_a_province_may_override(world):
    d = _decision(world.ward_2020, "gdvh", AdminLevel.COMMUNE, date(2020, 11, 13))
    text, source = wording.executors(d, world.ward_2020, world.ward_2020)
    assert "NĐ 92/2009/NĐ-CP" in source
    own = wording.Row("executors", AdminLevel.COMMUNE, None, None, "Văn phòng {issuer} và {subjects} có tên tại Điều 1",
                      "Quy định của tỉnh")
    wording.PROVINCE_ROWS["lai chau"] = [own]
    try:
        text, source = wording.executors(d, world.ward_2020, world.ward_2020)
        assert text.startswith("Văn phòng phường Quyết Tiến và các hộ gia đình") and source == "Quy định của tỉnh"
    finally:
        wording.PROVINCE_ROWS.clear()


def test_legal_bases_follow_the_date_and_the_issuer(world, checker):  # noqa: F811
    from vanhoa.titles import bases

    text = _text(_decision(world.ward, "tdpvh", AdminLevel.COMMUNE, date(2025, 12, 10)), checker, "qd-phuong-2025")
    assert "Căn cứ Nghị định số 129/2025/NĐ-CP ngày 11 tháng 6 năm 2025" in text
    assert "Luật Tổ chức chính quyền địa phương ngày 16 tháng 6 năm 2025" in text and "năm 2015" not in text
    late_2020 = _text(_decision(world.ward_2020, "gdvh", AdminLevel.COMMUNE, date(2020, 11, 13)), checker, "b")
    assert "bổ sung một số điều của Luật Tổ chức Chính phủ và Luật Tổ chức chính quyền địa phương" in late_2020
    early_2020 = _text(_decision(world.ward_2020, "gdvh", AdminLevel.COMMUNE, date(2020, 3, 2)), checker, "c")
    assert "Luật sửa đổi, bổ sung" not in early_2020 and "129/2025" not in late_2020
    giay_khen = bases.bases_for(on=date(2020, 12, 10), kind="commendation", level="commune", subject="household")
    names = [b.text.split(" ngày")[0] for b in giay_khen]
    assert names[-2:] == ["Luật Thi đua, khen thưởng", "Nghị định số 91/2017/NĐ-CP"]


@pytest.mark.parametrize("kind", ["recognition", "commendation", "revocation"])
@pytest.mark.parametrize("level", ["commune", "district", "province"])
def test_no_paper_cites_a_text_issued_after_its_date(kind, level):
    from datetime import timedelta

    from vanhoa.titles import bases

    on = date(2018, 1, 1)
    while on <= date(2026, 12, 31):
        for subject in ("household", "group", "agency", "street"):
            for b in bases.bases_for(on=on, kind=kind, level=level, subject=subject):
                assert b.issued <= on, (on, b.text)
        on += timedelta(days=10)


def test_minutes_print_votes_only_where_counted_and_never_cut_a_reason(world, checker):  # noqa: F811
    from vanhoa.titles.models import Candidacy, RuleSet

    g1 = world.groups[0]
    hs = [world.household(g1, n, since=date(2010, 1, 1)) for n in ["Lò Văn Páo", "Giàng A Sử", "Tòng Thị Ánh"]]
    services.register_group_households(actor=TEST, group=g1, year=2020, on=date(2020, 2, 10))
    by_name = {c.subject_name: c for c in Candidacy.objects.filter(year=2020, unit=g1)}
    services.record_review_meeting(
        actor=TEST, title="gdvh", year=2020, unit=g1, held_on=date(2020, 11, 5), place="Nhà văn hóa",
        chair="Lò Văn Tổ", secretary="Lò Thị Thư", invited=40, present=25, voting_method="show_of_hands",
        results={
            by_name["Giàng A Sử"]: {"criteria_met": False, "failed_criteria": ["2"]},
            by_name["Tòng Thị Ánh"]: {"votes_for": 12, "votes_against": 13},
        },
    )
    assert len(hs) == 3
    data = documents.build_minutes(ward=world.ward, year=2020, group="Tổ dân phố số 1").to_bytes()
    path = OUT / "bien-ban-2020.docx"
    path.write_bytes(data)
    assert not [f for f in checker.check(str(path)) if f[0] == "ERROR"]
    import io

    import docx as python_docx

    tables = python_docx.Document(io.BytesIO(data)).tables
    table = next(t for t in tables if any("Tán thành" in c.text for c in t.rows[0].cells))
    head = [c.text for c in table.rows[0].cells]
    yes = next(i for i, h in enumerate(head) if "Tán thành" in h)
    no, note = yes + 1, len(head) - 1  # "Không tán thành" follows; the reason is the last column
    rows = {r.cells[1].text: [c.text for c in r.cells] for r in table.rows[1:]}
    assert [rows["Lò Văn Páo"][yes], rows["Lò Văn Páo"][no]] == ["25", "0"]  # all present agreed
    assert [rows["Tòng Thị Ánh"][yes], rows["Tòng Thị Ánh"][no]] == ["12", "13"]  # counted, too few
    assert [rows["Giàng A Sử"][yes], rows["Giàng A Sử"][no]] == ["", ""]  # failed a standard: not put to the vote
    title = RuleSet.objects.get(code="nd122-2018/household").criteria.get(code="2").title
    assert title in rows["Giàng A Sử"][note]  # the reason is whole


def test_a_decision_annex_ends_with_its_total(world, checker):  # noqa: F811
    d = _decision(world.ward_2020, "gdvh", AdminLevel.COMMUNE, date(2020, 11, 13))
    text = _text(d, checker, "qd-tong")
    assert text.rstrip().endswith("Danh sách gồm 0 hộ gia đình./.") or "Danh sách gồm 0 hộ gia đình./." in text


def _signature_block(d, checker, name):  # noqa: F811
    import io

    import docx

    _text(d, checker, name)  # passes the checker (it reads signature blocks)
    data = documents.build_decision(ward=d.ward, year=d.year, decision=str(d.pk)).to_bytes()
    doc = docx.Document(io.BytesIO(data))
    issuer = [p.text for p in doc.tables[0].cell(0, 0).paragraphs if p.text]
    closing = next(t for t in doc.tables if t.cell(0, 0).text.startswith("Nơi nhận:"))
    right = [p.text for p in closing.cell(0, 1).paragraphs if p.text]
    return issuer, right


def test_issuing_body_and_signature_follow_the_issuer_and_date(world, checker):  # noqa: F811
    """#14 item 1: the issuing body and the signature block come from the issuer's level, kind and date (a ward in
    2020 and 2024, a xã after 01/07/2025, a city in 2020, the province); a deputy signs KT. CHỦ TỊCH."""
    from vanhoa.units import services as units

    xa = units.create_unit(
        actor=TEST, kind="commune", name="Xã San Thàng", short_name="San Thàng", type_label="Xã",
        parent=world.province, valid_from=date(2025, 7, 1),
    )
    cases = [
        (world.ward_2020, AdminLevel.COMMUNE, date(2020, 11, 13), "PHƯỜNG QUYẾT TIẾN"),
        (world.ward_2020, AdminLevel.COMMUNE, date(2024, 11, 13), "PHƯỜNG QUYẾT TIẾN"),
        (xa, AdminLevel.COMMUNE, date(2025, 11, 20), "XÃ SAN THÀNG"),
        (world.ward_2020, AdminLevel.DISTRICT, date(2020, 12, 17), "THÀNH PHỐ LAI CHÂU"),
        (world.ward, AdminLevel.PROVINCE, date(2025, 12, 28), "TỈNH LAI CHÂU"),
    ]
    for i, (ward, level, on, body) in enumerate(cases):
        d = _decision(ward, "gdvh" if level == AdminLevel.COMMUNE else "tdpvh", level, on)
        issuer, right = _signature_block(d, checker, f"ky-{i}")
        assert issuer[:2] == ["ỦY BAN NHÂN DÂN", body], (on, issuer)
        assert right == ["CHỦ TỊCH", "Nguyễn Văn An"], (on, right)
        d.signing_authority, d.signer_name = "KT. Chủ tịch", "Lò Văn Bình"
        d.save()
        assert _signature_block(d, checker, f"kt-{i}")[1] == ["KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH", "Lò Văn Bình"]
    lines = wording.signature_lines(xa, date(2025, 11, 20), collective=True)
    assert lines == ["TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH"]
    assert wording.signature_lines(xa, date(2025, 11, 20), collective=True, authority="KT. CHỦ TỊCH") == [
        "TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"
    ]


def test_the_giay_khen_decision_names_the_wards_steering_committee_and_cites_the_emulation_law(world):
    """#14: 'Xét đề nghị của Ban Chỉ đạo … phường Quyết Tiến' (a stored proposer 'Ban Chỉ đạo … phường' names no
    ward); the Giấy khen of 2020 cites the Luật Thi đua, khen thưởng and its decree NĐ 91/2017."""
    from vanhoa.titles import bases

    d = _decision(world.ward_2020, "gdvh", AdminLevel.COMMUNE, date(2020, 12, 10),
                  proposer=f"{documents.BCD} phường")
    d.kind = DecisionKind.COMMENDATION
    assert documents._proposer(d, world.ward_2020) == f"{documents.BCD} phường Quyết Tiến"
    cited = [b.text for b in bases.bases_for(on=d.signed_on, kind=d.kind, level=d.issuer_level, subject="household")]
    assert any(t.startswith("Luật Thi đua, khen thưởng ngày 26 tháng 11 năm 2003") for t in cited)
    assert any(t.startswith("Nghị định số 91/2017/NĐ-CP") for t in cited)
