"""Documents of the cycle: NĐ 30 format (checked by ../shared/tools/check_nd30.py), names of the time, public
lists without personal contact data, XLSX lists, and `manage.py export_document`."""

from __future__ import annotations

import importlib.util
import io
import sys
import unicodedata
from datetime import date
from pathlib import Path

import docx
import openpyxl
import pytest
from django.core.management import call_command

from vanhoa.documents import exports
from vanhoa.testing.actors import TEST
from vanhoa.titles import document_lists, documents, services
from vanhoa.titles.tests.conftest import recognise
from vanhoa.units.models import Unit
from vanhoa.units.tree import bump

pytestmark = pytest.mark.django_db

REPO = Path(__file__).resolve().parents[3]
CHECKER_CANDIDATES = [
    REPO / ".." / "shared" / "tools" / "check_nd30.py",
    REPO / ".." / ".." / "shared" / "tools" / "check_nd30.py",
    Path("/work/shared/tools/check_nd30.py"),
]


@pytest.fixture(scope="module")
def checker():
    path = next((p for p in CHECKER_CANDIDATES if p.is_file()), None)
    if path is None:
        pytest.skip("check_nd30.py not found")
    spec = importlib.util.spec_from_file_location("check_nd30", path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def text_of(data: bytes) -> str:
    d = docx.Document(io.BytesIO(data))
    parts = [p.text for p in d.paragraphs]
    for t in d.tables:
        for row in t.rows:
            parts.extend(c.text for c in row.cells)
    return unicodedata.normalize("NFC", "\n".join(parts))


def errors(checker, data: bytes, tmp_path: Path, name: str) -> list[str]:
    path = tmp_path / f"{name}.docx"
    path.write_bytes(data)
    return [msg for level, msg in checker.check(str(path)) if level == "ERROR"]


@pytest.fixture
def cycle_2020(world):
    """Group 1 of Quyết Tiến, 2020 (NĐ 122/2018): 4 households, one not proposed; decision; Giấy khen."""
    g1 = world.groups[0]
    hs = [
        world.household(g1, n, since=date(2010, 1, 1), phone="0912345678", address=f"Số nhà {i}")
        for i, n in enumerate(["Lò Văn Páo", "Tòng Thị Ánh", "Nguyễn Văn Đức", "Giàng A Sử"], start=1)
    ]
    services.register_group_households(actor=TEST, group=g1, year=2020, on=date(2020, 2, 10))
    recognise(hs[:3], [2018, 2019])
    extra = [world.household(world.groups[1], f"Lường Văn Hộ{i}", since=date(2010, 1, 1)) for i in range(7)]
    recognise(extra, [2018, 2019, 2020])
    c_sử = services.describe(hs[3], 2020, date(2020, 2, 10))
    from vanhoa.titles.models import Candidacy

    sử = Candidacy.objects.get(subject_key=c_sử.key, year=2020)
    services.record_review_meeting(
        actor=TEST,
        title="gdvh",
        year=2020,
        unit=g1,
        held_on=date(2020, 11, 5),
        place="Nhà văn hóa tổ dân phố số 1",
        chair="Lò Văn Tổ",
        secretary="Lò Thị Thư",
        invited=40,
        present=25,
        voting_method="show_of_hands",
        results={sử: {"votes_for": 12, "votes_against": 13}},
    )
    services.submit_proposal(actor=TEST, title="gdvh", year=2020, unit=g1, on=date(2020, 11, 9))
    decision = services.issue_decision(
        actor=TEST,
        title="gdvh",
        year=2020,
        ward=world.ward,
        number="152",
        signed_on=date(2020, 11, 13),
        signer_name="Nguyễn Văn An",
    )
    services.issue_certificates(decision, actor=TEST, on=date(2020, 11, 18))
    # Group 2's Giấy khen meeting (7 households with 2018–2020: 15% → 1); its head proposes (group 1: 3 → 0)
    for group in (world.groups[1],):
        cm = services.record_commendation_meeting(
            actor=TEST,
            title="gdvh",
            year=2020,
            unit=group,
            held_on=date(2020, 11, 25),
            place="Nhà văn hóa",
            chair="Lò Văn Tổ",
            invited=30,
            present=25,
            voting_method="show_of_hands",
        )
        services.propose_commendations(cm, actor=TEST, on=date(2020, 11, 26), proposer_name="Lò Văn Tổ")
    services.issue_commendation_decision(
        actor=TEST,
        title="gdvh",
        ward=world.ward,
        year=2020,
        number="160",
        signed_on=date(2020, 12, 10),
        signer_name="Nguyễn Văn An",
    )
    return {"group": g1, "households": hs, "decision": decision}


def test_cycle_documents_pass_the_nd30_checker_and_print_the_names_of_2020(world, cycle_2020, checker, tmp_path):
    docs = {
        "title-registration": exports.kinds()["title-registration"].build(ward=world.ward, year=2020, group="1"),
        "title-minutes": documents.build_minutes(ward=world.ward, year=2020, group="Tổ dân phố số 1"),
        "title-proposal": documents.build_proposal(ward=world.ward, year=2020, group="1"),
        "title-decision": documents.build_decision(ward=world.ward, year=2020),
        "commendation-decision": documents.build_commendation_decision(ward=world.ward, year=2020),
    }
    texts = {}
    for key, doc in docs.items():
        data = doc.to_bytes()
        assert errors(checker, data, tmp_path, key) == [], key
        texts[key] = text_of(data)
    minutes = texts["title-minutes"]
    assert "ỦY BAN NHÂN DÂN\nPHƯỜNG QUYẾT TIẾN\nTỔ DÂN PHỐ SỐ 1" in minutes
    assert "BIÊN BẢN" in minutes and "Quyết Tiến, ngày 05 tháng 11 năm 2020" in minutes
    assert "Số người được mời: 40; số người có mặt: 25 (62,5%)" in minutes
    assert "Không đề nghị: Không đủ 60% số người dự họp tán thành (12/25, 48,0%)" in minutes
    assert "CHỦ TRÌ" in minutes and "THƯ KÝ" in minutes and "Lò Thị Thư" in minutes
    decision = texts["title-decision"]
    for needle in [
        "ỦY BAN NHÂN DÂN\nPHƯỜNG QUYẾT TIẾN",
        "Số: 152/QĐ-UBND",
        "Quyết Tiến, ngày 13 tháng 11 năm 2020",
        "CHỦ TỊCH ỦY BAN NHÂN DÂN PHƯỜNG QUYẾT TIẾN",
        "Căn cứ Nghị định số 122/2018/NĐ-CP",
        "Xét đề nghị của",
        "QUYẾT ĐỊNH:",
        "Điều 1.",
        "Điều 2.",
        "Điều 3.",
        "(Có danh sách kèm theo)",
        "cho 3 hộ gia đình",
        "DANH SÁCH",
        "STT",
        "Họ và tên chủ hộ",
        "Địa chỉ, tổ dân phố",
        "Ghi chú",
        "Lò Văn Páo",
        "(Kèm theo Quyết định số 152/QĐ-UBND ngày 13/11/2020 của Chủ tịch Ủy ban nhân dân phường Quyết Tiến)",
    ]:
        assert needle in decision, needle
    assert "Đoàn Kết" not in decision and "Giàng A Sử" not in decision
    # Public lists: head's name and residential group only.
    for key in ("title-decision", "title-proposal", "commendation-decision"):
        assert "0912345678" not in texts[key] and "Số nhà" not in texts[key], key
    assert "Giàng A Sử" not in texts["title-proposal"] and "Không đủ 60%" not in texts["title-proposal"]
    assert "Giấy khen Gia đình văn hóa" in texts["commendation-decision"]
    assert "3 năm liên tục (2018–2020)" in texts["commendation-decision"]
    # The Giấy khen annex gives its note room: "Bằng phiếu, xếp theo ngày đăng ký" on two lines, not four (12 pt
    # Times is ~2.1 mm a character), and "Tổ dân phố số 10" on one.
    annex = docx.Document(io.BytesIO(docs["commendation-decision"].to_bytes())).tables[-1]
    widths = {c.cells[0].text: c.width.mm for c in annex.columns}
    assert widths["Ghi chú"] >= len("Bằng phiếu, xếp theo ngày đăng ký") * 2.1 / 2 + 3
    assert widths["Tổ dân phố"] >= len("Tổ dân phố số 10") * 2.1
    assert sum(widths.values()) == pytest.approx(165, abs=0.5)


def _reviewed_2024(world):
    g1 = world.groups[0]
    a, b = (world.household(g1, n, since=date(2010, 1, 1)) for n in ("Lò Văn Páo", "Tòng Thị Ánh"))
    services.register_group_households(actor=TEST, group=g1, year=2024, on=date(2024, 3, 1))
    services.record_review_meeting(
        actor=TEST,
        title="gdvh",
        year=2024,
        unit=g1,
        held_on=date(2024, 10, 15),
        place="Nhà văn hóa",
        chair="Lò Văn Tổ",
        present=30,
    )
    return g1, b


def test_proposal_list_without_a_notice_never_speaks_of_its_result(world, checker, tmp_path):
    """#14 item 4: group 2 never posted its list, so its list has no 'kết quả lấy ý kiến' (title or column)
    and is dated the meeting day."""
    g1, _ = _reviewed_2024(world)
    data = documents.build_proposal(ward=world.ward, year=2024, group=str(g1.pk)).to_bytes()
    assert errors(checker, data, tmp_path, "proposal-no-notice") == []
    text = text_of(data)
    assert "kết quả lấy ý kiến" not in text.lower() and "niêm yết" not in text
    assert "Quyết Tiến, ngày 15 tháng 10 năm 2024" in text


def test_a_groups_list_is_signed_by_its_head_in_its_own_words(world):
    """The group's list is signed by its head: "TỔ TRƯỞNG" for a tổ dân phố, "TRƯỞNG BẢN" for a bản."""
    g1, _ = _reviewed_2024(world)
    assert "TỔ TRƯỞNG" in text_of(documents.build_proposal(ward=world.ward, year=2024, group=str(g1.pk)).to_bytes())
    Unit.objects.filter(pk=g1.pk).update(type_label="Bản", name="Bản Nà Khum")
    bump()
    g1.refresh_from_db()
    text = text_of(documents.build_proposal(ward=world.ward, year=2024, group=str(g1.pk)).to_bytes())
    assert "TRƯỞNG BẢN" in text and "TỔ TRƯỞNG" not in text


def test_proposal_list_waits_for_its_notice_to_close(world):
    """#14 item 4: while the public notice is open the list cannot be made (it reports the notice's result)."""
    g1, _ = _reviewed_2024(world)
    services.open_public_notice(
        actor=TEST, title="gdvh", year=2024, unit=g1, opened_on=date(2024, 10, 20), place="Nhà văn hóa"
    )
    with pytest.raises(documents.DocumentNotAvailable, match="niêm yết.*chưa kết thúc.*29/10/2024"):
        documents.build_proposal(ward=world.ward, year=2024, group=str(g1.pk))


def test_nd86_proposal_list_is_the_form_02_with_the_notice_result(world, checker, tmp_path):
    """#15 item 4: under NĐ 86/2023 the list after the notice is the Bảng tổng hợp of Mẫu số 02; its type line is the
    decree's own name, not one of NĐ 30's types (forms_print.ND30_EXCEPTIONS), and every other check passes."""
    g1, b = _reviewed_2024(world)
    notice = services.open_public_notice(
        actor=TEST,
        title="gdvh",
        year=2024,
        unit=g1,
        opened_on=date(2024, 10, 16),
        place="Nhà văn hóa tổ dân phố số 1",
    )
    from vanhoa.titles.models import Candidacy

    cb = Candidacy.objects.get(household=b)
    services.record_notice_comment(
        notice,
        actor=TEST,
        received_on=date(2024, 10, 18),
        candidacy=cb,
        content="Gia đình gương mẫu",
        resolution="Ghi nhận",
    )
    services.close_public_notice(notice, actor=TEST, on=date(2024, 10, 26))
    data = documents.build_proposal(ward=world.ward, year=2024, group=str(g1.pk)).to_bytes()
    assert [e[:21] for e in errors(checker, data, tmp_path, "proposal-2024")] == ["no document type line"]
    text = text_of(data)
    assert "BẢNG TỔNG HỢP" in text and "Mẫu số 02 (Phụ lục IV kèm theo Nghị định số 86/2023/NĐ-CP)" in text
    assert "và kết quả lấy ý kiến người dân" in text
    assert "từ ngày 16/10/2024 đến hết ngày 25/10/2024 (10 ngày)" in text
    assert "Gia đình gương mẫu (Ghi nhận)" in text and "Không có ý kiến" in text
    assert "Quyết Tiến, ngày 26 tháng 10 năm 2024" in text


def test_export_document_command_and_xlsx_lists(world, cycle_2020, tmp_path):
    out = tmp_path / "bien-ban.docx"
    call_command(
        "export_document",
        "title-minutes",
        "--ward",
        "Quyết Tiến",
        "--year",
        "2020",
        "--option",
        "group=Tổ dân phố số 1",
        "-o",
        str(out),
    )
    assert "TỔ DÂN PHỐ SỐ 1" in text_of(out.read_bytes())
    for kind in ("title-proposal", "title-decision", "commendation-decision", "title-registration"):
        path = tmp_path / f"{kind}.docx"
        call_command(
            "export_document", kind, "--ward", "Đoàn Kết", "--year", "2020", "--option", "group=1", "-o", str(path)
        )
        assert path.stat().st_size > 5000
    call_command(
        "export_document",
        "title-certificates",
        "--ward",
        "Quyết Tiến",
        "--year",
        "2020",
        "-o",
        str(tmp_path / "gcn.docx"),
    )
    cert = text_of((tmp_path / "gcn.docx").read_bytes())
    assert cert.count("GIA ĐÌNH VĂN HÓA") == 3 and "Số vào sổ: 0001" in cert
    title, headers, rows = document_lists.list_rows("title-decision", ward=world.ward, year=2020)
    wb = openpyxl.load_workbook(io.BytesIO(document_lists.xlsx(title, headers, rows)))
    ws = wb.active
    assert [c.value for c in ws[1]][:3] == ["STT", "Họ và tên chủ hộ", "Tổ dân phố"]
    assert ws.freeze_panes == "A2" and ws.auto_filter.ref.startswith("A1:")
    assert ws["E2"].number_format == "DD/MM/YYYY" and ws["E2"].value.date() == date(2020, 11, 13)


def test_the_registration_report_of_a_xa_speaks_of_its_thon_and_ban_and_sends_to_the_committee_above(
    world, cycle_2020
):
    """The 2020 report of a phường goes to the city's committee and counts tổ dân phố; the same report of a xã
    after 01/07/2025 names its thôn and bản and goes to the province's committee (there is no city any more)."""
    from vanhoa.units.models import Unit
    from vanhoa.units.tree import bump

    text_2020 = text_of(documents.build_registration(ward=world.ward, year=2020).to_bytes())
    assert "- BCĐ phong trào thành phố" in text_2020 and "- Ủy ban MTTQ phường;" in text_2020
    assert "- Các tổ dân phố;" in text_2020 and "\nTổ dân phố\n" in text_2020

    Unit.objects.filter(pk=world.ward.pk).update(name="Xã Đoàn Kết", type_label="Xã")
    for n, g in enumerate(world.groups, start=1):
        Unit.objects.filter(pk=g.pk).update(name=f"Thôn {n}", short_name=f"Thôn {n}", type_label="Thôn")
    bump()
    world.ward.refresh_from_db()
    from vanhoa.titles.models import Candidacy

    for c in Candidacy.objects.filter(year=2020):  # the same households, registered in 2026
        Candidacy.objects.filter(pk=c.pk).update(year=2026, registered_on=c.registered_on.replace(year=2026))
    text = text_of(documents.build_registration(ward=world.ward, year=2026).to_bytes())
    assert "\nThôn\n" in text and "tại thôn vào ngày đó" in text, text
    assert "- BCĐ phong trào tỉnh" in text and "- Ủy ban MTTQ xã;" in text and "- Các thôn;" in text
    assert "tổ dân phố" not in text.lower() and "thành phố" not in text and "phường" not in text


def test_the_proposed_list_of_a_thon_names_its_column_in_the_communes_words(world, cycle_2020):
    """A xã's list of proposals heads its groups' column "Thôn", not "Tổ dân phố"."""
    from vanhoa.units.models import Unit
    from vanhoa.units.tree import bump

    for ward in (world.ward_2020, world.ward):
        Unit.objects.filter(pk=ward.pk).update(type_label="Xã")
    for n, g in enumerate(world.groups, start=1):
        Unit.objects.filter(pk=g.pk).update(name=f"Thôn {n}", short_name=f"Thôn {n}", type_label="Thôn")
    bump()
    world.ward.refresh_from_db()
    data = documents.build_proposal(ward=world.ward, year=2020, group=str(world.groups[0].pk)).to_bytes()
    head = [c.text for c in docx.Document(io.BytesIO(data)).tables[1].rows[0].cells]
    assert head[:3] == ["STT", "Họ và tên chủ hộ", "Thôn"], head
