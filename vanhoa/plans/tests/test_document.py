"""The plan printed in the NĐ 30/2020 format: exported with `manage.py export_document plan …`, it reads like the
seed document and passes ../shared/tools/check_nd30.py."""

from __future__ import annotations

import importlib.util
import io
import os
import shutil
import subprocess
import sys
import unicodedata
from pathlib import Path

import docx
import pytest
from django.core.management import CommandError, call_command
from docx.shared import Mm

from vanhoa.documents import pdf_to_png_pages, soffice_available
from vanhoa.plans import services
from vanhoa.plans.demo import ACTIVITIES_2020
from vanhoa.testing.actors import TEST

REPO_ROOT = Path(__file__).resolve().parents[3]
CHECKER_CANDIDATES = [
    os.environ.get("VANHOA_ND30_CHECKER", ""),
    REPO_ROOT.parent / "shared" / "tools" / "check_nd30.py",  # /work/main → /work/shared
    REPO_ROOT.parent.parent / "shared" / "tools" / "check_nd30.py",  # /work/wt/<branch> → /work/shared
]
needs_soffice = pytest.mark.skipif(not soffice_available(), reason="LibreOffice (soffice) not installed")
needs_poppler = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils not installed")
ACTIVITY_2 = (
    "Tổ chức tập huấn bồi dưỡng, nâng cao nghiệp vụ về phong trào “TĐĐKXDĐSVH” cho thành viên BCD phong trào "
    "“TĐĐKXDĐSVH”; Trưởng ban Vận động phong trào “TĐĐKXDĐSVH”, Tổ trưởng tổ dân phố"
)


def nfc(s: str) -> str:
    return unicodedata.normalize("NFC", s)


@pytest.fixture(scope="module")
def checker():
    path = next((Path(p) for p in CHECKER_CANDIDATES if p and Path(p).is_file()), None)
    if path is None:
        pytest.skip("check_nd30.py not found (set VANHOA_ND30_CHECKER)")
    spec = importlib.util.spec_from_file_location("check_nd30", path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def export(tmp_path: Path, ward: str, year: int, fmt: str = "docx") -> Path:
    out = tmp_path / f"plan-{year}.{fmt}"
    call_command("export_document", "plan", ward=ward, year=year, format=fmt, output=str(out), stdout=io.StringIO())
    return out


def cell_texts(table) -> list[list[str]]:
    return [[nfc(c.text) for c in row.cells] for row in table.rows]


def test_the_exported_2020_plan_reads_like_the_seed(plan_2020, tmp_path):
    d = docx.Document(str(export(tmp_path, "Quyết Tiến", 2020)))

    section = d.sections[0]
    assert (round(section.page_width / Mm(1)), round(section.page_height / Mm(1))) == (210, 297)
    margins = [round(m / Mm(1)) for m in (section.top_margin, section.bottom_margin, section.left_margin,
                                           section.right_margin)]
    assert margins == [20, 20, 30, 15]
    fonts = {r.font.name for p in d.paragraphs for r in p.runs if r.text.strip()}
    fonts |= {r.font.name for t in d.tables for row in t.rows for c in row.cells for p in c.paragraphs
              for r in p.runs if r.text.strip()}
    assert fonts == {"Times New Roman"}

    header, activities, closing = d.tables
    left, right = cell_texts(header)[0]
    assert left.splitlines() == ["UBND PHƯỜNG QUYẾT TIẾN", "BAN CHỈ ĐẠO PHONG TRÀO", "“TDĐKXDĐSVH”"]
    assert right.splitlines()[:2] == ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc"]
    number, date_line = cell_texts(header)[1]
    assert number == "Số:      /KH-BCĐ"
    assert date_line == "Quyết Tiến, ngày      tháng      năm 2020"
    assert all(r.font.italic for r in header.cell(1, 1).paragraphs[0].runs)

    body = [nfc(p.text) for p in d.paragraphs if p.text.strip()]
    assert body[0] == "KẾ HOẠCH"
    assert " ".join(body[1:3]) == "Triển khai thực hiện phong trào “TĐĐKXDĐSVH” trên địa phương Quyết Tiến năm 2020"
    assert body[3].startswith("Căn cứ Quyết định số 1972/QĐ-UBND, ngày 18/12/2019")
    headings = [t for t in body if t[:3] in ("I. ", "II.", "III", "IV.", "V. ")]
    assert headings == ["I. MỤC ĐÍCH, YÊU CẦU", "II. NỘI DUNG, THỜI GIAN THỰC HIỆN", "III. CHỈ TIÊU PHẤN ĐẤU",
                        "IV. KINH PHÍ THỰC HIỆN", "V. TỔ CHỨC THỰC HIỆN"]

    rows = cell_texts(activities)
    assert rows[0] == ["TT", "Nội dung", "Đơn vị chủ trì", "Đơn vị phối hợp", "Thời gian"]
    assert len(rows) == 10 and [r[0] for r in rows[1:]] == [str(n) for n in range(1, 10)]
    assert [r[1] for r in rows[1:]] == [a[0] for a in ACTIVITIES_2020]
    assert rows[2][1] == ACTIVITY_2
    assert rows[1][2] == "Ban chỉ đạo phong trào “TĐĐKXDĐSVH” Phường;\nỦy Ban mặt trận Tổ quốc Phường"
    assert rows[1][3] == "Các thành viên BCĐ cấp Thành phố"
    assert rows[5][3] == "Các thành viên BCD Phường;\nCác tổ dân phố"
    assert [r[4] for r in rows[1:]] == ["Tháng 2,3", "Tháng 4,5", "Cả năm", "Tháng 6,7", "Tháng 7,8", "Tháng 9",
                                        "Tháng 10", "Tháng 11", "Tháng 12"]

    for target in ("- Gia đình văn hóa đạt: 98,4%",
                   "- Tổ dân phố văn hóa đạt: 8/8 tổ dân phố duy trì danh hiệu tổ dân phố văn hóa.",
                   "- Cơ quan, đơn vị văn hóa đạt: 100%",
                   "- Tuyến phố đạt tuyến phố văn minh đô thị: duy trì 9 tuyến phố văn minh",
                   "- Kinh phí được huy động từ nguồn xã hội hóa tại địa phương.",
                   "1. Ủy ban MTTQ Phường", "2. Đề nghị Công đoàn Phường", "4. Thành viên BCĐ Phường"):
        assert target in body
    assert body[-1].startswith("Trên đây là Kế hoạch") and body[-1].endswith("của kế hoạch này./.")

    recipients, signature = (c.split("\n") for c in cell_texts(closing)[0])
    assert recipients == ["Nơi nhận:", "- BCĐ PT “TĐĐKXDĐSVH” Thành phố;", "- TT Đảng ủy, HĐND, UBND Phường;",
                          "- Thành viên BCĐ PT “TĐĐKXDĐSVH” Phường;", "- Ban Vận động các tổ dân phố;", "- Lưu VT."]
    lines = [s for s in signature if s.strip()]
    assert lines == ["TM. BAN CHỈ ĐẠO", "KT. TRƯỞNG BAN", "PHÓ TRƯỞNG BAN", "PHÓ CHỦ TỊCH UBND PHƯỜNG",
                     "Hàng A Vàng"]
    name = closing.cell(0, 1).paragraphs[-1]
    assert all(r.font.bold for r in name.runs) and all(r.font.bold for r in closing.cell(0, 1).paragraphs[-2].runs)


def test_todays_ward_finds_the_plan_of_its_predecessor_and_prints_the_names_of_the_time(plan_2020, tmp_path):
    d = docx.Document(str(export(tmp_path, "Đoàn Kết", 2020)))
    assert "UBND PHƯỜNG QUYẾT TIẾN" in d.tables[0].cell(0, 0).text
    assert "Quyết Tiến, ngày" in d.tables[0].cell(1, 1).text
    assert "ĐOÀN KẾT" not in d.tables[0].cell(0, 0).text


def test_no_plan_for_that_year_is_a_clear_error(plan_2020, tmp_path):
    with pytest.raises(CommandError, match="Chưa có kế hoạch năm 2019 của Phường Quyết Tiến"):
        export(tmp_path, "Quyết Tiến", 2019)


def test_exported_plans_pass_the_nd30_checker(plan_now, checker, tmp_path):
    services.update_plan(plan_now, actor=TEST, number="3")
    for ward, year in (("Quyết Tiến", 2020), ("Đoàn Kết", 2026)):
        path = export(tmp_path, ward, year)
        findings = checker.check(str(path))
        assert [m for level, m in findings if level == "ERROR"] == [], (ward, year)
    d = docx.Document(str(tmp_path / "plan-2026.docx"))
    assert d.tables[0].cell(1, 0).text == "Số: 03/KH-BCĐ"
    assert d.tables[0].cell(1, 1).text == "Đoàn Kết, ngày 20 tháng 01 năm 2026"
    assert "UBND PHƯỜNG ĐOÀN KẾT" in d.tables[0].cell(0, 0).text


@needs_soffice
@needs_poppler
def test_the_pdf_export_has_the_seed_content_and_renders(plan_2020, tmp_path):
    path = export(tmp_path, "Quyết Tiến", 2020, "pdf")
    data = path.read_bytes()
    assert data.startswith(b"%PDF")
    text = nfc(subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, check=True)
               .stdout.decode())
    for needle in ("UBND PHƯỜNG QUYẾT TIẾN", "KẾ HOẠCH", "98,4%", "8/8 tổ dân phố", "100%", "duy trì 9 tuyến phố",
                   "PHÓ CHỦ TỊCH UBND PHƯỜNG", "Hàng A Vàng", "Lưu VT."):
        assert needle in text
    pages = pdf_to_png_pages(data, dpi=60)
    assert 3 <= len(pages) <= 5
    shots = REPO_ROOT / "var" / "screenshots"
    shots.mkdir(parents=True, exist_ok=True)
    for n, png in enumerate(pages, start=1):
        (shots / f"plan-2020-page{n}.png").write_bytes(png)
