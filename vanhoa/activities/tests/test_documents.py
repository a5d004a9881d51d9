"""The inspection minutes (BIÊN BẢN) and the funding report (BÁO CÁO, amounts in words) in the NĐ 30/2020
format: they pass ../shared/tools/check_nd30.py with no error and say what happened."""

from __future__ import annotations

import io
from datetime import date
from pathlib import Path

import docx
import pytest
from django.core.management import CommandError, call_command

from vanhoa.activities import documents, funding, services
from vanhoa.testing.actors import TEST
from vanhoa.testing.nd30 import nd30_errors

from .conftest import agency_inspection, group_inspection, hold


def texts(data: bytes) -> str:
    d = docx.Document(io.BytesIO(data))
    parts = [p.text for p in d.paragraphs]
    for t in d.tables:
        for row in t.rows:
            parts += [c.text for c in row.cells]
    return "\n".join(parts)


def test_the_inspection_minutes_pass_the_nd30_checker_and_record_the_findings(world, today, tmp_path):
    inspection = group_inspection(world, group=world.groups[2], place="Nhà văn hóa tổ dân phố số 3",
                                  representative_name="Tòng Văn Hưng", representative_position="Tổ trưởng")
    services.update_inspection(inspection, actor=TEST, number="8")
    hold(inspection, failed={"2"}, conclusion="Cơ bản thực hiện tốt phong trào.")
    out = tmp_path / "bb.docx"
    call_command("export_document", "inspection-minutes", ward="Đoàn Kết", year=2020, option=[f"id={inspection.pk}"],
                 output=str(out), stdout=io.StringIO())
    assert nd30_errors(out) == []
    text = texts(out.read_bytes())
    for expected in [
        "UBND PHƯỜNG QUYẾT TIẾN", "Số: 08/BB-BCĐ", "Quyết Tiến, ngày 15 tháng 7 năm 2020", "BIÊN BẢN",
        "Kiểm tra việc thực hiện phong trào", "tại Tổ dân phố số 3", "Hôm nay, 15/07/2020, tại Nhà văn hóa",
        "Nguyễn Thị Hoa, Chủ tịch Ủy ban MTTQ phường – Trưởng đoàn;", "Tòng Văn Hưng, Tổ trưởng.",
        "2. Đời sống văn hóa, tinh thần lành mạnh, phong phú", "Không đạt",
        "Tổng hợp: đạt 4/5 tiêu chí; không đạt 1; không áp dụng 0.",
        "Tiêu chí 2: Sửa chữa nhà văn hóa, lập tủ sách. Thời hạn hoàn thành: 14/08/2020.",
        "Cơ bản thực hiện tốt phong trào.", "TRƯỞNG ĐOÀN KIỂM TRA", "ĐẠI DIỆN TỔ DÂN PHỐ SỐ 3",
    ]:
        assert expected in text, expected


def test_a_planned_inspection_prints_blank_day_and_the_agency_version_passes_too(world, today):
    planned = agency_inspection(world)
    data = documents.inspection_minutes(planned).to_bytes()
    assert nd30_errors(data) == []
    text = texts(data)
    assert "Số:      /BB-BCĐ" in text and "Đoàn Kết, ngày      tháng      năm 2025" in text
    assert "“Cơ quan, đơn vị đạt chuẩn văn hóa” tại Trường Tiểu học Đoàn Kết" in text.replace("\n", " ")
    assert "Chưa đánh giá" in text


def test_the_minutes_of_another_ward_are_not_exported(world, today):
    inspection = group_inspection(world)
    with pytest.raises(CommandError, match=f"Không có cuộc kiểm tra số {inspection.pk} của Phường Him Lam"):
        call_command("export_document", "inspection-minutes", ward="Him Lam", year=2020,
                     option=[f"id={inspection.pk}"], output="/dev/null", stdout=io.StringIO())


def test_the_funding_report_passes_the_checker_and_says_the_amounts_in_words(world, today, plan_2020, tmp_path):
    ward = world.ward_2020
    funding.record_allocation(actor=TEST, ward=ward, source="Ngân sách phường giao cho BCĐ",
                              decision_number="05/QĐ-UBND", decision_date=date(2020, 1, 15), amount=12_500_000)
    funding.record_contribution(actor=TEST, ward=ward, donor_name="Hội Cựu chiến binh phường", value=1_005_000,
                                received_on=date(2020, 11, 12), donor_kind="organisation")
    funding.record_contribution(actor=TEST, ward=ward, donor_name="Bà Lường Thị Xuân", value=500_000,
                                received_on=date(2020, 11, 10), anonymous=True)
    training = plan_2020.ordered_activities()[1]
    funding.record_expense(actor=TEST, ward=ward, spent_on=date(2020, 5, 14), description="Tài liệu tập huấn",
                           amount=3_500_000, source="budget", activity=training)
    out = tmp_path / "bc.docx"
    call_command("export_document", "funding-report", ward="Đoàn Kết", year=2020, output=str(out),
                 stdout=io.StringIO())
    assert nd30_errors(out) == []
    text = texts(out.read_bytes())
    for expected in [
        "BÁO CÁO", "Số:      /BC-BCĐ", "1. Ngân sách: 12.500.000 đ", "Bằng chữ: Mười hai triệu năm trăm nghìn đồng.",
        "2. Xã hội hóa: 1.505.000 đ (2 lượt ủng hộ)", "Tiền mặt: 1.505.000 đ;",
        "Tổng số đã chi: 3.500.000 đ. Bằng chữ: Ba triệu năm trăm nghìn đồng.",
        "Ngân sách: 9.000.000 đ. Bằng chữ: Chín triệu đồng.",
        "Xã hội hóa: 1.505.000 đ. Bằng chữ: Một triệu năm trăm linh năm nghìn đồng.",
        "DANH SÁCH CÁC TỔ CHỨC, CÁ NHÂN ỦNG HỘ", "Hội Cựu chiến binh phường", "Nhà hảo tâm (ẩn danh)", "1.005.000",
        "TM. BAN CHỈ ĐẠO", "Hàng A Vàng",
        "- TT Đảng ủy, HĐND, UBND phường;",  # the kind of commune in lower case, as in running text
    ]:
        assert expected in text, expected
    assert "Lường Thị Xuân" not in text


def test_minutes_docx_and_pdf_are_downloaded_by_whoever_sees_the_inspection(world, today, client_for):
    inspection = hold(group_inspection(world))
    url = f"/hoat-dong/kiem-tra/{inspection.pk}/bien-ban.docx"
    response = client_for(world.users["leader_group1"]).get(url)
    assert response.status_code == 200 and nd30_errors(response.content) == []
    assert client_for(world.users["leader_group2"]).get(url).status_code == 404


def test_the_documents_render_to_pdf(world, today, tmp_path):
    from vanhoa.documents import docx_to_pdf, pdf_to_png_pages, soffice_available

    if not soffice_available():
        pytest.skip("LibreOffice (soffice) not installed")
    inspection = hold(group_inspection(world), failed={"2"})
    pdf = docx_to_pdf(documents.inspection_minutes(inspection).to_bytes())
    assert pdf.startswith(b"%PDF")
    pages = pdf_to_png_pages(pdf, dpi=60)
    assert len(pages) in (1, 2)
    shots = Path(__file__).resolve().parents[3] / "var" / "screenshots"
    shots.mkdir(parents=True, exist_ok=True)
    for n, png in enumerate(pages, start=1):
        (shots / f"inspection-minutes-{n}.png").write_bytes(png)
