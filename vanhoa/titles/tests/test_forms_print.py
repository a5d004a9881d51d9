"""Every form of the dossier (#15 item 4): each kind is listed by `export_document --help`, exports for the demo's
years (2020 under NĐ 122/2018, the current year under NĐ 86/2023), cites its form number, and passes
check_nd30.py — except the forms that are not administrative papers, listed in forms_print.ND30_EXCEPTIONS with
their reason and the checks they may fail. The "hồ sơ" PDF holds the papers in the law's order behind a cover."""

from __future__ import annotations

import io
import subprocess
import time
from datetime import date
from io import StringIO
from pathlib import Path

import docx
import pytest

from vanhoa.demo.context import DemoContext
from vanhoa.documents import exports
from vanhoa.testing.actors import TEST
from vanhoa.titles import forms_print
from vanhoa.titles.demo_current import load_current_year
from vanhoa.titles.forms_print.dossier import build_dossier, cover_document
from vanhoa.titles.models import Candidacy, ReviewMeeting
from vanhoa.titles.rules_data import load_rules
from vanhoa.titles.tests.test_documents import checker, cycle_2020, text_of  # noqa: F401 - fixtures

pytestmark = pytest.mark.django_db

#: Which check_nd30 message each exempted check stands for.
CHECKS = {"type": "no document type line", "number": "no 'Số:' line"}


@pytest.fixture
def year_2026(world, monkeypatch):
    """The demo's current year on 07/12/2026 (vanhoa.titles.demo_current): every group reviewed, posted and
    proposed, the households' decision of 13/11; the groups' title reviewed by the ward's council on 20/11,
    posted 21/11–30/11, the Tờ trình of 02/12 and the decision of 04/12."""
    monkeypatch.setattr("vanhoa.core.clock.today", lambda: date(2026, 12, 7))
    load_rules()
    for i, g in enumerate(world.groups):
        for k in range(4):
            world.household(g, f"Lò Văn Hộ{i}{k}", since=date(2015, 1, 1))
    ctx = DemoContext(households=4 * len(world.groups), stdout=StringIO(), ward=world.ward, groups=world.groups,
                      actor=TEST)  # fmt: skip
    load_current_year(ctx)
    return world


def _errors(checker, data: bytes, tmp_path: Path, name: str) -> list[str]:  # noqa: F811
    path = tmp_path / f"{name}.docx"
    path.write_bytes(data)
    return [msg for level, msg in checker.check(str(path)) if level == "ERROR"]


def _assert_nd30(checker, key: str, data: bytes, tmp_path: Path) -> None:  # noqa: F811
    errors = _errors(checker, data, tmp_path, key)
    allowed, reason = forms_print.ND30_EXCEPTIONS.get(key, (frozenset(), ""))
    unexpected = [e for e in errors if not any(e.startswith(CHECKS[c]) for c in allowed)]
    assert unexpected == [], (key, unexpected)
    assert not allowed or reason  # an exception always says why


def test_export_document_help_lists_a_kind_for_each_form():
    from vanhoa.documents.management.commands.export_document import Command

    text = " ".join(Command().create_parser("manage.py", "export_document").format_help().split())
    for key in [*forms_print.KINDS, "title-dossier"]:
        assert key in text, key
    assert "Mẫu số 06" in text and "Hội đồng Thi đua - Khen thưởng" in text


def test_nd86_forms_of_the_demo_year_cite_their_number_and_pass_the_checker(year_2026, checker, tmp_path):  # noqa: F811
    ward, g1 = year_2026.ward, year_2026.groups[0]
    wanted = {
        "nd86-mau-01": ("Mẫu số 01 (Phụ lục IV kèm theo Nghị định số 86/2023/NĐ-CP)", {"group": str(g1.pk)}),
        "nd86-mau-02": ("Mẫu số 02 (Phụ lục IV", {"group": str(g1.pk)}),
        "nd86-mau-03": ("Mẫu số 03 (Phụ lục IV", {"group": str(g1.pk)}),
        "nd86-mau-04": ("Mẫu số 04 (Phụ lục IV", {}),
        "nd86-mau-05": ("Mẫu số 05 (Phụ lục IV", {"group": str(g1.pk)}),
        "nd86-mau-06": ("Mẫu số 06 (Phụ lục IV", {}),
        "nd86-mau-10": ("Mẫu số 10 (Phụ lục IV", {}),
        "nd86-mau-11": ("Mẫu số 11 (Phụ lục IV", {}),
    }
    texts = {}
    for key, (citation, options) in wanted.items():
        data = exports.render(key, "docx", ward=ward, year=2026, **options)
        _assert_nd30(checker, key, data, tmp_path)
        texts[key] = text_of(data)
        assert citation in texts[key], key
    assert "VĂN BẢN ĐỀ NGHỊ" in texts["nd86-mau-01"] and "Kính gửi: Chủ tịch Ủy ban nhân dân phường Đoàn Kết" in (
        texts["nd86-mau-01"]
    )
    assert "BẢNG TỔNG HỢP" in texts["nd86-mau-02"] and "và kết quả lấy ý kiến người dân" in texts["nd86-mau-02"]
    # Mẫu 06: the commune's emulation council, not a UBND paper (#15: it was printed "Số: /BB-UBND").
    minutes = texts["nd86-mau-06"]
    assert "HỘI ĐỒNG THI ĐUA - KHEN THƯỞNG" in minutes and "/BB-HĐTĐKT" in minutes and "BB-UBND" not in minutes
    # Mẫu 04 after 01/07/2025: the council proposes, the ward's chairman decides (NĐ 129/2025).
    submission = texts["nd86-mau-04"]
    assert "TỜ TRÌNH" in submission and "Số: 12/TTr-HĐTĐKT" in submission
    assert "Kính gửi: Chủ tịch Ủy ban nhân dân phường Đoàn Kết." in submission
    failed = ReviewMeeting.objects.get(year=2026, unit=ward).entries.exclude(outcome="passed").get().candidacy
    assert failed.subject_name not in submission
    assert "BÁO CÁO" in texts["nd86-mau-05"] and "I. ĐẶC ĐIỂM TÌNH HÌNH" in texts["nd86-mau-05"]
    # the standards under "II. KẾT QUẢ …" are 1., 2. …; Roman I–V there clashed with the sections I–III
    lines = texts["nd86-mau-05"].splitlines()
    results = lines[lines.index("II. KẾT QUẢ THỰC HIỆN CÁC TIÊU CHUẨN") : lines.index("III. DANH HIỆU ĐÃ ĐẠT")]
    assert [line[:3] for line in results if line[:1].isdigit()][:2] == ["1. ", "2. "], results
    assert not any(line.startswith(("I. ", "II. ", "IV. ", "V. ")) for line in results[1:]), results
    # Mẫu 11's annex lists tổ dân phố, which have no address: no empty "Địa chỉ" column is printed
    annex = docx.Document(io.BytesIO(exports.render("nd86-mau-11", "docx", ward=ward, year=2026))).tables[-1]
    assert [c.text for c in annex.rows[0].cells] == ["STT", "Tên", "Ghi chú"]
    assert all(r.cells[1].text for r in annex.rows)


def test_nd122_forms_of_2020_cite_their_number_and_only_citizens_papers_skip_the_checks(
    world,
    cycle_2020,  # noqa: F811
    checker,  # noqa: F811
    tmp_path,
):
    g1 = str(cycle_2020["group"].pk)
    wanted = {
        "nd122-de-nghi": ("", {"group": g1}),
        "nd122-mau-01": ("Mẫu số 01 (Ban hành kèm theo Nghị định số 122/2018/NĐ-CP)", {"group": g1}),
        "nd122-mau-03": ("Mẫu số 03 (Ban hành kèm theo Nghị định số 122/2018/NĐ-CP)", {"group": g1}),
        "nd122-mau-07": ("Mẫu số 07 (Ban hành kèm theo Nghị định số 122/2018/NĐ-CP)", {"group": g1}),
        "nd122-mau-11": ("Mẫu số 11 (Ban hành kèm theo Nghị định số 122/2018/NĐ-CP)", {}),
    }
    for key, (citation, options) in wanted.items():
        data = exports.render(key, "docx", ward=world.ward, year=2020, **options)
        _assert_nd30(checker, key, data, tmp_path)
        text = text_of(data)
        assert citation in text, key
    registrations = text_of(exports.render("nd122-mau-01", "docx", ward=world.ward, year=2020, group=g1))
    assert registrations.count("BẢN ĐĂNG KÝ") == 4  # one page per household of the group
    assert "Kính gửi: Ban Công tác Mặt trận và Tổ trưởng Tổ dân phố số 1." in registrations
    assert "Lò Văn Páo" in registrations and "0912345678" not in registrations
    # A form of the other decree says which one applies.
    with pytest.raises(exports.DocumentNotAvailable, match="năm 2020 áp dụng NĐ 122/2018"):
        exports.render("nd86-mau-01", "docx", ward=world.ward, year=2020, group=g1)


def test_a_groups_dossier_holds_its_papers_in_the_order_of_the_law(year_2026, monkeypatch):
    d = build_dossier(ward=year_2026.ward, year=2026, title="gdvh", group=str(year_2026.groups[0].pk))
    assert [p.form for p in d.parts] == ["Mẫu số 01", "Mẫu số 02", "Mẫu số 03"]
    assert all(p.doc is not None for p in d.parts)
    ward = build_dossier(ward=year_2026.ward, year=2026, title="tdpvh")
    groups = Candidacy.objects.filter(year=2026, title_type__code="tdpvh").count()
    assert [p.form for p in ward.parts] == ["Mẫu số 04"] + ["Mẫu số 05"] * groups + ["Mẫu số 06"]
    with pytest.raises(exports.DocumentNotAvailable, match="chỉ xuất được bản PDF"):
        d.to_bytes()
    # The same papers asked for again, seconds later, give the same PDF job (made once per content).
    first_key, clock_now = d.pdf_recipe().key, time.time
    monkeypatch.setattr(time, "time", lambda: clock_now() + 30)
    again = build_dossier(ward=year_2026.ward, year=2026, title="gdvh", group=str(year_2026.groups[0].pk))
    assert again.pdf_recipe().key == first_key


def test_the_cover_lists_each_paper_with_its_form_and_pages():
    parts = [
        {"label": "Văn bản đề nghị", "form": "Mẫu số 01", "missing": ""},
        {"label": "Bảng tổng hợp", "form": "Mẫu số 02", "missing": ""},
        {"label": "Biên bản họp bình xét", "form": "Mẫu số 03", "missing": "Chưa chốt biên bản."},
    ]
    cover = {"place": "Đoàn Kết", "year": 2026, "summary": "Hồ sơ", "basis": "Thành phần hồ sơ theo NĐ 86/2023 Điều 7",
             "made_on": "07/12/2026"}  # fmt: skip
    text = text_of(cover_document(cover, parts, [1, 3, 0], 1).to_bytes())
    assert "DANH MỤC HỒ SƠ" in text
    assert "2\nVăn bản đề nghị" not in text  # rows: STT, paper, form, pages
    assert "Mẫu số 01\n2" in text and "Mẫu số 02\n3–5" in text
    assert "Chưa có: Chưa chốt biên bản." in text


@pytest.mark.slow
def test_the_dossier_pdf_starts_with_its_cover_and_holds_every_paper(year_2026, tmp_path):
    from vanhoa.documents import soffice_available
    from vanhoa.documents.convert import document_pdf

    if not soffice_available():
        pytest.skip("LibreOffice not installed")
    d = build_dossier(ward=year_2026.ward, year=2026, title="gdvh", group=str(year_2026.groups[0].pk))
    path = tmp_path / "ho-so.pdf"
    path.write_bytes(document_pdf(d))
    text = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, check=True).stdout.decode()
    pages = text.split("\f")
    assert "DANH MỤC HỒ SƠ" in pages[0] and "Mẫu số 03" in pages[0]
    order = [text.index(s) for s in ("VĂN BẢN ĐỀ NGHỊ", "BẢNG TỔNG HỢP", "BIÊN BẢN")]
    assert order == sorted(order)


def test_the_submission_before_the_2025_reform_goes_from_the_ward_to_the_city_chairman(world, checker, tmp_path):  # noqa: F811
    """Words fit the issuer and the date: in 2024 the Chủ tịch UBND cấp huyện decides the groups' title, so the
    Tờ trình (Mẫu 04) is the ward committee's, to the city's chairman, signed "TM. ỦY BAN NHÂN DÂN"; the review is
    still the ward council's (Mẫu 06)."""
    from vanhoa.titles import services

    load_rules()
    services.register(actor=TEST, title="tdpvh", year=2024, subjects=world.groups, on=date(2024, 3, 1))
    services.record_review_meeting(
        actor=TEST, title="tdpvh", year=2024, unit=world.ward_2020, held_on=date(2024, 11, 20), place="Hội trường",
        chair="Nguyễn Văn An", secretary="Phạm Thị Văn Hóa", invited=15, present=13, voting_method="show_of_hands",
    )  # fmt: skip
    meeting = ReviewMeeting.objects.get(year=2024, title_type__code="tdpvh")
    notice = services.open_public_notice(
        actor=TEST, title="tdpvh", year=2024, unit=meeting.unit, opened_on=date(2024, 11, 21), place="Trang web"
    )
    services.close_public_notice(notice, actor=TEST, on=date(2024, 12, 1))
    services.submit_proposal(actor=TEST, title="tdpvh", year=2024, unit=meeting.unit, on=date(2024, 12, 2))
    data = exports.render("nd86-mau-04", "docx", ward=world.ward, year=2024)
    _assert_nd30(checker, "nd86-mau-04", data, tmp_path)
    text = text_of(data)
    assert "ỦY BAN NHÂN DÂN\nPHƯỜNG QUYẾT TIẾN" in text and "/TTr-UBND" in text and "HỘI ĐỒNG" not in text
    assert "Kính gửi: Chủ tịch Ủy ban nhân dân thành phố Lai Châu." in text
    assert "TM. ỦY BAN NHÂN DÂN" in text and "Quyết Tiến, ngày 02 tháng 12 năm 2024" in text
    minutes = text_of(exports.render("nd86-mau-06", "docx", ward=world.ward, year=2024))
    assert "HỘI ĐỒNG THI ĐUA - KHEN THƯỞNG" in minutes and "PHƯỜNG QUYẾT TIẾN" in minutes
