"""Tests for vanhoa.documents (no Django needed).

Run: .venv/bin/python -m pytest vanhoa/documents -q -p no:django -p no:cacheprovider
"""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
import unicodedata
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import docx
import pytest
from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Mm, Pt
from docx.text.paragraph import Paragraph

from vanhoa.documents import (
    DocumentConversionError,
    DocumentHeader,
    Nd30Document,
    Signature,
    docx_to_pdf,
    nd30_date_line,
    number_line,
    pdf_to_png_pages,
    soffice_available,
)
from vanhoa.documents import pdf as pdf_module
from vanhoa.testing.nd30 import nd30_errors

needs_soffice = pytest.mark.skipif(not soffice_available(), reason="LibreOffice (soffice) not installed")
needs_poppler = pytest.mark.skipif(
    shutil.which("pdftotext") is None or shutil.which("pdftoppm") is None, reason="poppler-utils not installed"
)

BCD = 'BAN CHỈ ĐẠO PHONG TRÀO "TOÀN DÂN ĐOÀN KẾT XÂY DỰNG ĐỜI SỐNG VĂN HÓA"'
PT = "“TĐĐKXDĐSVH”"


def nfc(s: str) -> str:
    return unicodedata.normalize("NFC", s)


# --------------------------------------------------------------------------- sample documents


def build_plan(*, landscape: bool = False) -> Nd30Document:
    """A plan closely following seed/ke-hoach-2020-phuong-quyet-tien.txt."""
    header = DocumentHeader(
        issuer_parent="UBND PHƯỜNG QUYẾT TIẾN",
        issuer=BCD,
        symbol="KH-BCĐ",
        number=None,
        place="Quyết Tiến",
        date=None,
        year=2020,
        doc_type="KẾ HOẠCH",
        summary=f"Triển khai thực hiện phong trào {PT} trên địa phương Quyết Tiến năm 2020",
    )
    doc = Nd30Document(header, landscape=landscape)
    doc.legal_bases([
        ("Căn cứ Quyết định số 1972/QĐ-UBND, ngày 18/12/2019 của UBND thành phố Lai Châu về việc giao "
        "chỉ tiêu Kế hoạch phát triển kinh tế - xã hội năm 2020;"),
        ("Căn cứ Nghị quyết số 53/NQ-HĐND, ngày 20/12/2019 của HĐND phường Quyết Tiến về Kế hoạch phát "
        "triển kinh tế - xã hội năm 2020;"),
        ("Căn cứ Quyết định số 126/QĐ-UBND, ngày 31/12/2019 của UBND phường Quyết Tiến về việc giao chỉ "
        "tiêu Kế hoạch phát triển kinh tế - xã hội năm 2020."),
    ])
    doc.paragraph(
        f"Ban Chỉ đạo phong trào {PT} phường Quyết Tiến xây dựng kế hoạch triển khai thực hiện phong "
        f"trào {PT} trên địa bàn Phường năm 2020 như sau:"
    )
    doc.heading("I. MỤC ĐÍCH, YÊU CẦU")
    doc.heading("1. Mục đích", level=2)
    doc.bullet(
        f"Nâng cao hiệu quả hoạt động của Ban chỉ đạo phong trào {PT} Phường Quyết Tiến; Đẩy mạnh triển "
        f"khai các hoạt động phong trào {PT} trên địa bàn Phường."
    )
    doc.bullet(
        "Đưa phong trào phát triển sâu rộng, toàn diện, tạo được sự quan tâm, tham gia hưởng ứng của "
        "đông đảo quần chúng Nhân dân trên toàn Phường."
    )
    doc.heading("2. Yêu cầu", level=2)
    doc.paragraph(
        "Các hoạt động được triển khai đảm bảo tính thiết thực, hiệu quả, phù hợp với phong tục tập "
        "quán, truyền thống văn hóa, điều kiện thực tế của địa phương và đáp ứng được nhu cầu của Nhân dân."
    )
    doc.heading("II. NỘI DUNG, THỜI GIAN THỰC HIỆN")
    chu_tri = f"Ban chỉ đạo phong trào {PT} Phường; Ủy Ban mặt trận Tổ quốc Phường"
    doc.table(
        [("TT", 10), ("Nội dung", 55), ("Đơn vị chủ trì", 42), ("Đơn vị phối hợp", 34), ("Thời gian", 24)],
        [
            ["1", ("Hướng dẫn các tổ dân phố trên địa bàn Thành phố đăng ký các danh hiệu văn hóa năm 2020, "
                  "và tổng hợp kết quả đăng ký."), chu_tri, "Các thành viên BCĐ cấp Thành phố", "Tháng 2, 3"],
            ["2", (f"Tổ chức tập huấn bồi dưỡng, nâng cao nghiệp vụ về phong trào {PT} cho thành viên BCĐ "
                  f"phong trào {PT}; Trưởng ban Vận động phong trào {PT}, Tổ trưởng tổ dân phố"),
             chu_tri, "Các tổ dân phố", "Tháng 4, 5"],
            ["3", f"Triển khai các hoạt động tuyên truyền về phong trào {PT}", chu_tri, "Các tổ dân phố",
             "Cả năm"],
            ["4", ("Tổ chức họp Sơ kết việc thực hiện phong trào “Toàn dân đoàn kết xây dựng đời sống văn hoá” "
                  "6 tháng đầu năm, triển khai nhiệm vụ 6 tháng cuối năm."), chu_tri, "Các tổ dân phố",
             "Tháng 6, 7"],
            ["5", f"Kiểm tra, giám sát công tác triển khai thực hiện phong trào {PT} tại các tổ dân phố.",
             "Ủy Ban mặt trận Tổ quốc Phường", "Các thành viên BCĐ Phường;\nCác tổ dân phố", "Tháng 7, 8"],
        ],
    )
    doc.heading("III. CHỈ TIÊU PHẤN ĐẤU")
    doc.bullet("Gia đình văn hóa đạt: 98,4%")
    doc.bullet("Tổ dân phố văn hóa đạt: 8/8 tổ dân phố duy trì danh hiệu tổ dân phố văn hóa.")
    doc.bullet("Cơ quan, đơn vị văn hóa đạt: 100%")
    doc.bullet("Tuyến phố đạt tuyến phố văn minh đô thị: duy trì 9 tuyến phố văn minh")
    doc.heading("IV. KINH PHÍ THỰC HIỆN")
    doc.bullet(
        f"Kinh phí triển khai thực hiện phong trào {PT} từ nguồn ngân sách giao cho thường trực và Ban Chỉ "
        f"đạo phong trào {PT} phường Quyết Tiến năm 2020."
    )
    doc.bullet("Kinh phí được huy động từ nguồn xã hội hóa tại địa phương.")
    doc.heading("V. TỔ CHỨC THỰC HIỆN")
    doc.heading("1. Ủy ban MTTQ Phường", level=2)
    doc.bullet(
        f"Tham mưu cho Trưởng BCĐ xây dựng kế hoạch triển khai thực hiện phong trào {PT} trên địa bàn "
        "phường năm 2020."
    )
    doc.bullet(
        "Chủ trì bình xét, tổng hợp và đề nghị công nhận danh hiệu gia đình văn hóa, tổ dân phố văn hóa "
        "năm 2020."
    )
    doc.heading("2. Đề nghị Công đoàn Phường", level=2)
    doc.bullet("Chủ trì bình xét, tổng hợp và đề nghị công nhận cơ quan đơn vị văn hóa năm 2020.")
    doc.paragraph(
        "Trên đây là Kế hoạch triển khai thực hiện phong trào “Toàn dân đoàn kết xây dựng đời sống văn hóa” "
        "trên địa bàn phường Quyết Tiến năm 2020. Yêu cầu các thành viên BCĐ tổ chức triển khai thực hiện "
        "tốt các nội dung của kế hoạch này./."
    )
    doc.closing(
        [
            f"BCĐ PT {PT} Thành phố",
            "TT Đảng ủy, HĐND, UBND Phường",
            f"Thành viên BCĐ PT {PT} Phường",
            "Ban Vận động các tổ dân phố",
        ],
        Signature(["TM. BAN CHỈ ĐẠO", "KT. TRƯỞNG BAN", "PHÓ TRƯỞNG BAN"], "Hàng A Vàng"),
    )
    return doc


def build_decision() -> Nd30Document:
    header = DocumentHeader(
        issuer_parent=None,
        issuer="ỦY BAN NHÂN DÂN\nPHƯỜNG QUYẾT TIẾN",
        symbol="QĐ-UBND",
        number=7,
        place="Quyết Tiến",
        date=dt.date(2020, 11, 18),
        year=None,
        doc_type="QUYẾT ĐỊNH",
        summary="Về việc công nhận danh hiệu “Gia đình văn hóa” năm 2020",
    )
    doc = Nd30Document(header)
    doc.centered("CHỦ TỊCH ỦY BAN NHÂN DÂN PHƯỜNG QUYẾT TIẾN", bold=True)
    doc.legal_bases([
        "Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015;",
        ("Căn cứ Nghị định số 122/2018/NĐ-CP ngày 17 tháng 9 năm 2018 của Chính phủ quy định về xét tặng "
        "danh hiệu “Gia đình văn hóa”; “Thôn văn hóa”, “Làng văn hóa”, “Ấp văn hóa”, “Bản văn hóa”, "
        "“Tổ dân phố văn hóa”;"),
    ])
    doc.paragraph("Xét đề nghị của Ban Chỉ đạo phong trào “Toàn dân đoàn kết xây dựng đời sống văn hóa” phường.")
    doc.centered("QUYẾT ĐỊNH:", bold=True)
    doc.article("Điều 1.", "Công nhận danh hiệu “Gia đình văn hóa” năm 2020 cho 3 hộ gia đình "
                           "(có danh sách kèm theo).")
    doc.article("Điều 2.", "Quyết định này có hiệu lực kể từ ngày ký.")
    doc.article("Điều 3.", "Văn phòng HĐND - UBND phường, Ban Chỉ đạo phong trào và các hộ gia đình có tên "
                           "tại Điều 1 chịu trách nhiệm thi hành Quyết định này./.")
    doc.closing(["Như Điều 3", "TT Đảng ủy, HĐND phường"], Signature(["CHỦ TỊCH"], "Nguyễn Văn An"))
    doc.annex(
        [
            "DANH SÁCH",
            "Hộ gia đình được công nhận danh hiệu Gia đình văn hóa năm 2020",
            "(Kèm theo Quyết định số 07/QĐ-UBND ngày 18/11/2020 của Chủ tịch UBND phường Quyết Tiến)",
        ],
        [("STT", 14), ("Họ và tên chủ hộ", 60), ("Tổ dân phố", 45), ("Ghi chú", 46)],
        [
            ["1", "Lò Văn Bình", "Tổ dân phố số 1", ""],
            ["2", "Nguyễn Thị Hoa", "Tổ dân phố số 2", ""],
            ["3", "Giàng A Páo", "Tổ dân phố số 8", "Gia đình văn hóa 3 năm liền"],
        ],
        align=["center", "left", "left", "left"],
    )
    return doc


def build_minutes() -> Nd30Document:
    header = DocumentHeader(
        "UBND PHƯỜNG QUYẾT TIẾN", "TỔ DÂN PHỐ SỐ 8", "BB-TDP", 3, "Quyết Tiến",
        dt.date(2020, 2, 5), 2020, "BIÊN BẢN", "Họp bình xét danh hiệu “Gia đình văn hóa” năm 2020",
    )
    doc = Nd30Document(header)
    doc.paragraph("Vào hồi 19 giờ 30 phút ngày 05 tháng 02 năm 2020, tại Nhà văn hóa tổ dân phố số 8.")
    doc.heading("I. THÀNH PHẦN")
    doc.bullet("Chủ trì: Ông Lò Văn Bình - Tổ trưởng tổ dân phố.")
    doc.bullet("Thư ký: Bà Nguyễn Thị Hoa.")
    doc.heading("II. NỘI DUNG")
    doc.paragraph("Hội nghị đã bình xét và thống nhất đề nghị công nhận 45/46 hộ đạt danh hiệu "
                  "“Gia đình văn hóa” năm 2020.")
    doc.paragraph("Biên bản kết thúc hồi 21 giờ cùng ngày./.")
    doc.closing(None, Signature(["CHỦ TRÌ"], "Lò Văn Bình"), left_signature=Signature(["THƯ KÝ"], "Nguyễn Thị Hoa"))
    return doc


# --------------------------------------------------------------------------- helpers


@pytest.fixture(scope="module")
def checker() -> None:
    return None


def errors_of(_checker: None, path: Path) -> list[str]:
    return nd30_errors(path)


def all_text(d: docx.document.Document) -> str:
    parts = [p.text for p in d.paragraphs]
    for t in d.tables:
        for row in t.rows:
            for cell in row.cells:
                parts.append(cell.text)
    return nfc("\n".join(parts))


def pdftotext(pdf: bytes, tmp_path: Path) -> str:
    src = tmp_path / "out.pdf"
    src.write_bytes(pdf)
    out = subprocess.run(["pdftotext", "-layout", str(src), "-"], capture_output=True, check=True)
    return nfc(out.stdout.decode("utf-8"))


# --------------------------------------------------------------------------- text helpers


@pytest.mark.parametrize(
    ("d", "expected"),
    [
        (dt.date(2020, 1, 5), "Quyết Tiến, ngày 05 tháng 01 năm 2020"),
        (dt.date(2020, 2, 29), "Quyết Tiến, ngày 29 tháng 02 năm 2020"),
        (dt.date(2020, 11, 18), "Quyết Tiến, ngày 18 tháng 11 năm 2020"),
        (dt.date(2025, 3, 15), "Quyết Tiến, ngày 15 tháng 3 năm 2025"),
        (dt.date(2025, 12, 1), "Quyết Tiến, ngày 01 tháng 12 năm 2025"),
        (dt.date(2025, 10, 9), "Quyết Tiến, ngày 09 tháng 10 năm 2025"),
    ],
)
def test_date_line(d: dt.date, expected: str) -> None:
    assert nd30_date_line("Quyết Tiến", d) == expected


def test_date_line_blank() -> None:
    assert nd30_date_line("Quyết Tiến", None, 2020) == "Quyết Tiến, ngày      tháng      năm 2020"
    assert nd30_date_line(" Quyết Tiến ", dt.date(2020, 1, 5), 2020) == "Quyết Tiến, ngày 05 tháng 01 năm 2020"
    with pytest.raises(ValueError):
        nd30_date_line("Quyết Tiến", None)
    with pytest.raises(ValueError):
        nd30_date_line("Quyết Tiến", dt.date(2020, 1, 5), 2021)


def test_number_line() -> None:
    assert number_line(5, "KH-BCĐ") == "Số: 05/KH-BCĐ"
    assert number_line(12, "QĐ-UBND") == "Số: 12/QĐ-UBND"
    assert number_line(123, "QĐ-UBND") == "Số: 123/QĐ-UBND"
    assert number_line("7", "BC-UBND") == "Số: 07/BC-UBND"
    assert number_line(None, "KH-BCĐ") == "Số:      /KH-BCĐ"
    assert number_line("", "KH-BCĐ") == "Số:      /KH-BCĐ"
    with pytest.raises(ValueError):
        number_line(0, "KH-BCĐ")


def test_header_needs_year_or_date() -> None:
    with pytest.raises(ValueError):
        DocumentHeader(None, "UBND", "KH-UBND", 1, "Quyết Tiến", None, None, "KẾ HOẠCH")
    h = DocumentHeader(None, "UBND", "KH-UBND", 1, "Quyết Tiến", dt.date(2024, 5, 2), None, "KẾ HOẠCH")
    assert h.year == 2024
    assert h.date_text == "Quyết Tiến, ngày 02 tháng 5 năm 2024"


# --------------------------------------------------------------------------- DOCX structure


def test_plan_passes_checker(tmp_path: Path, checker: None) -> None:
    path = build_plan().save(tmp_path / "ke-hoach.docx")
    assert errors_of(checker, path) == []


def test_landscape_passes_checker(tmp_path: Path, checker: None) -> None:
    path = build_plan(landscape=True).save(tmp_path / "ngang.docx")
    assert errors_of(checker, path) == []
    s = docx.Document(str(path)).sections[0]
    assert s.orientation == WD_ORIENT.LANDSCAPE
    assert round(s.page_width / Mm(1)) == 297 and round(s.page_height / Mm(1)) == 210


def test_decision_with_annex_passes_checker(tmp_path: Path, checker: None) -> None:
    path = build_decision().save(tmp_path / "quyet-dinh.docx")
    assert errors_of(checker, path) == []
    d = docx.Document(str(path))
    text = all_text(d)
    for needle in ["Số: 07/QĐ-UBND", "Quyết Tiến, ngày 18 tháng 11 năm 2020", "QUYẾT ĐỊNH:", "Điều 1.",
                   "Điều 3.", "DANH SÁCH", "Giàng A Páo", "- Lưu: VT."]:
        assert needle in text
    article = next(p for p in d.paragraphs if p.text.startswith("Điều 1."))
    assert article.runs[0].bold and not article.runs[1].bold
    # The annex starts on a new page and its header row repeats. The page starts with a 1 pt paragraph that begins
    # it (w:pageBreakBefore), not a break inside a paragraph (w:br), which left page 2 blank when page 1 was full.
    assert 'w:type="page"' not in d.element.body.xml
    breaker = next(p for p in d.paragraphs if p.paragraph_format.page_break_before)
    assert breaker.text == "" and breaker.paragraph_format.line_spacing == Pt(1)
    assert breaker._p.getnext() is next(p for p in d.paragraphs if p.text == "DANH SÁCH")._p
    annex_table = d.tables[-1]
    assert annex_table.rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None


def test_decision_annex_landscape_section(tmp_path: Path, checker: None) -> None:
    doc = build_plan()
    doc.annex(["DANH SÁCH", "Các hoạt động"], [("TT", 15), ("Nội dung", 200), ("Ghi chú", 37)],
              [["1", "Hoạt động", ""]], landscape=True)
    path = doc.save(tmp_path / "phu-luc-ngang.docx")
    assert errors_of(checker, path) == []
    d = docx.Document(str(path))
    assert len(d.sections) == 2
    assert d.sections[1].orientation == WD_ORIENT.LANDSCAPE
    assert round(d.sections[1].left_margin / Mm(1)) == 30
    assert not d.sections[1].different_first_page_header_footer  # page number shown on the annex


def test_minutes_passes_checker(tmp_path: Path, checker: None) -> None:
    path = build_minutes().save(tmp_path / "bien-ban.docx")
    assert errors_of(checker, path) == []
    text = all_text(docx.Document(str(path)))
    assert "BIÊN BẢN" in text and "THƯ KÝ" in text and "CHỦ TRÌ" in text
    assert "Số: 03/BB-TDP" in text and "ngày 05 tháng 02 năm 2020" in text
    assert "Nơi nhận" not in text


def test_page_setup_and_fonts(tmp_path: Path) -> None:
    path = build_plan().save(tmp_path / "ke-hoach.docx")
    d = docx.Document(str(path))
    s = d.sections[0]
    assert s.orientation == WD_ORIENT.PORTRAIT
    assert (round(s.page_width / Mm(1)), round(s.page_height / Mm(1))) == (210, 297)
    assert [round(m / Mm(1)) for m in (s.top_margin, s.bottom_margin, s.left_margin, s.right_margin)] == [
        20, 20, 30, 15]
    # Page number in the header, but not on page 1.
    assert s.different_first_page_header_footer
    assert "PAGE" in s.header._element.xml
    assert "PAGE" not in s.first_page_header._element.xml
    # Normal style and document defaults are Times New Roman 14 with every script slot set.
    normal = d.styles["Normal"]
    assert normal.font.name == "Times New Roman" and normal.font.size == Pt(14)
    rfonts = normal.element.rPr.find(qn("w:rFonts"))
    for attr in ("ascii", "hAnsi", "eastAsia", "cs"):
        assert rfonts.get(qn(f"w:{attr}")) == "Times New Roman"
    defaults = d.styles.element.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr"))
    drf = defaults.find(qn("w:rFonts"))
    assert drf.get(qn("w:eastAsia")) == "Times New Roman" and drf.get(qn("w:asciiTheme")) is None
    # Every run in the body, tables and page header is explicitly Times New Roman, never tiny.
    runs = list(d.element.body.iter(qn("w:r"))) + list(s.header._element.iter(qn("w:r")))
    assert runs
    for r in runs:
        rf = r.find(qn("w:rPr")).find(qn("w:rFonts"))
        assert rf is not None and rf.get(qn("w:eastAsia")) == "Times New Roman"
        sz = r.find(qn("w:rPr")).find(qn("w:sz"))
        assert sz is not None and int(sz.get(qn("w:val"))) >= 22


def test_header_block_and_title(tmp_path: Path) -> None:
    d = docx.Document(str(build_plan().save(tmp_path / "ke-hoach.docx")))
    header = d.tables[0]
    left, right = header.cell(0, 0), header.cell(0, 1)
    assert nfc(left.paragraphs[0].text) == "UBND PHƯỜNG QUYẾT TIẾN"
    assert not left.paragraphs[0].runs[0].bold
    assert nfc(left.paragraphs[1].text) == nfc(BCD)
    assert left.paragraphs[1].runs[0].bold and left.paragraphs[1].runs[0].font.size == Pt(13)
    assert nfc(right.paragraphs[0].text) == "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
    assert nfc(right.paragraphs[1].text) == "Độc lập - Tự do - Hạnh phúc"
    # Short rules: paragraph bottom borders narrowed by indents (not full width).
    for cell in (left, right):
        rule = cell.paragraphs[-1]
        assert rule._p.pPr.find(qn("w:pBdr")) is not None
        assert rule.paragraph_format.left_indent > Mm(5)
    assert nfc(header.cell(1, 0).text) == "Số:      /KH-BCĐ"
    date_p = header.cell(1, 1).paragraphs[0]
    assert nfc(date_p.text) == "Quyết Tiến, ngày      tháng      năm 2020"
    assert date_p.runs[0].italic
    # Column widths are written in the grid (LibreOffice) and in the cells (Word).
    grid = [int(g.get(qn("w:w"))) for g in header._tbl.tblGrid.iter(qn("w:gridCol"))]
    assert abs(sum(grid) * 25.4 / 1440 - 165) < 1
    assert 65 <= grid[0] * 25.4 / 1440 <= 75
    title = next(p for p in d.paragraphs if p.text == "KẾ HOẠCH")
    assert title.alignment == WD_ALIGN_PARAGRAPH.CENTER and title.runs[0].bold
    # Legal bases italic; body justified with a 1 cm first-line indent.
    basis = next(p for p in d.paragraphs if p.text.startswith("Căn cứ"))
    assert basis.runs[0].italic
    body = next(p for p in d.paragraphs if p.text.startswith("Các hoạt động được triển khai"))
    assert body.alignment == WD_ALIGN_PARAGRAPH.JUSTIFY
    assert abs(body.paragraph_format.first_line_indent / Mm(1) - 10) < 0.1
    assert body.runs[0].font.size == Pt(14)
    assert any(p.text.startswith("- Nâng cao hiệu quả") for p in d.paragraphs)


def test_activities_table(tmp_path: Path) -> None:
    d = docx.Document(str(build_plan().save(tmp_path / "ke-hoach.docx")))
    table = next(t for t in d.tables if t.cell(0, 0).text == "TT")
    assert [c.text for c in table.rows[0].cells] == [
        "TT", "Nội dung", "Đơn vị chủ trì", "Đơn vị phối hợp", "Thời gian"]
    assert len(table.rows) == 6
    assert table.rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None
    assert all(r.bold for p in table.rows[0].cells[1].paragraphs for r in p.runs)
    grid = [round(int(g.get(qn("w:w"))) * 25.4 / 1440) for g in table._tbl.tblGrid.iter(qn("w:gridCol"))]
    assert grid == [10, 55, 42, 34, 24]
    tcw = [round(c.width / Mm(1)) for c in table.rows[1].cells]
    assert tcw == grid
    assert table._tbl.tblPr.find(qn("w:tblLayout")).get(qn("w:type")) == "fixed"
    assert all(r._tr.trPr.find(qn("w:cantSplit")) is not None for r in table.rows)
    assert table.cell(1, 1).paragraphs[0].runs[0].font.size == Pt(12)
    # "\n" splits a cell into paragraphs.
    assert len(table.cell(5, 3).paragraphs) == 2


def test_table_validation_and_scaling(tmp_path: Path) -> None:
    doc = build_minutes()
    with pytest.raises(ValueError):
        doc.table([("A", 50)], [["x"]], font_size=10)
    with pytest.raises(ValueError):
        doc.table([("A", 50), ("B", 50)], [["x"]])
    t = doc.table([("A", 200), ("B", 130)], [["x", "y"]])
    grid = [int(g.get(qn("w:w"))) * 25.4 / 1440 for g in t._tbl.tblGrid.iter(qn("w:gridCol"))]
    assert abs(sum(grid) - 165) < 0.5  # scaled to the text width


def test_closing_block(tmp_path: Path) -> None:
    d = docx.Document(str(build_plan().save(tmp_path / "ke-hoach.docx")))
    closing = d.tables[-1]
    left, right = closing.cell(0, 0), closing.cell(0, 1)
    nn = left.paragraphs[0]
    assert nn.text == "Nơi nhận:" and nn.runs[0].bold and nn.runs[0].italic and nn.runs[0].font.size == Pt(12)
    items = [nfc(p.text) for p in left.paragraphs[1:]]
    assert items[0] == nfc(f"- BCĐ PT {PT} Thành phố;")
    assert items[-1] == "- Lưu: VT."
    assert all(p.runs[0].font.size == Pt(11) for p in left.paragraphs[1:])
    lines = [nfc(p.text) for p in right.paragraphs if p.text]
    assert lines == ["TM. BAN CHỈ ĐẠO", "KT. TRƯỞNG BAN", "PHÓ TRƯỞNG BAN", "Hàng A Vàng"]
    for p in right.paragraphs:
        if p.text:
            assert p.alignment == WD_ALIGN_PARAGRAPH.CENTER
            assert p.runs[0].bold and p.runs[0].font.size == Pt(14)
    assert len(right.paragraphs) >= 8  # blank space for signature and seal
    assert closing._tbl.tblPr.find(qn("w:tblBorders")).find(qn("w:top")).get(qn("w:val")) == "nil"


def test_to_bytes_is_docx() -> None:
    data = build_minutes().to_bytes()
    assert data[:2] == b"PK"
    assert len(data) > 5000


# --------------------------------------------------------------------------- PDF


@needs_soffice
@needs_poppler
def test_pdf_conversion(tmp_path: Path) -> None:
    pdf = docx_to_pdf(build_plan().to_bytes())
    assert pdf.startswith(b"%PDF")
    text = pdftotext(pdf, tmp_path)
    for needle in ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc", "Hàng A Vàng",
                   "KẾ HOẠCH", "Nơi nhận:"]:
        assert needle in text
    pages = pdf_to_png_pages(pdf, dpi=30)
    assert len(pages) >= 2
    assert all(p.startswith(b"\x89PNG") for p in pages)
    # Page 1 carries no page number; page 2 does (first line of page 2 is "2").
    page_texts = text.split("\f")
    assert page_texts[1].strip().splitlines()[0].strip() == "2"
    assert not page_texts[0].strip().splitlines()[0].strip().isdigit()


@needs_soffice
def test_pdf_from_path(tmp_path: Path) -> None:
    path = build_decision().save(tmp_path / "quyet dinh (1).docx")
    assert docx_to_pdf(path).startswith(b"%PDF")


@needs_soffice
def test_parallel_conversions() -> None:
    docs = [build_plan().to_bytes(), build_decision().to_bytes()]
    with ThreadPoolExecutor(max_workers=2) as pool:
        results = list(pool.map(docx_to_pdf, docs))
    assert all(r.startswith(b"%PDF") for r in results)


def test_conversion_errors(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    with pytest.raises(DocumentConversionError, match="Không chuyển được"):
        docx_to_pdf(tmp_path / "khong-co.docx")
    monkeypatch.setattr(pdf_module.shutil, "which", lambda name: None)
    assert not soffice_available()
    with pytest.raises(DocumentConversionError, match="LibreOffice"):
        docx_to_pdf(b"PK")


@needs_soffice
def test_conversion_of_garbage_fails_cleanly() -> None:
    """soffice exits 0 without writing a PDF for input it cannot read; that must raise."""
    with pytest.raises(DocumentConversionError, match="Không chuyển được văn bản sang PDF"):
        docx_to_pdf(b"\x00\x01 this is not a document")


def test_signature_block_is_never_alone_on_a_page(tmp_path: Path) -> None:
    """#14 item 4: the paragraph before the signature (or the last row of a table that ends the body) is kept
    with the signature table, whose one row never splits."""
    doc = build_plan()
    d = docx.Document(str(doc.save(tmp_path / "ke-hoach.docx")))
    body = list(d.element.body.iterchildren())
    closing = d.tables[-1]._tbl
    before = body[: body.index(closing)]
    texts = [el for el in before if el.tag == qn("w:p") and "".join(el.itertext()).strip()]
    last_text = texts[-1]
    assert all(
        Paragraph(el, d._body).paragraph_format.keep_with_next
        for el in before[before.index(last_text):]
    )
    assert closing.find(qn("w:tr")).find(qn("w:trPr")).find(qn("w:cantSplit")) is not None

    tdoc = Nd30Document(DocumentHeader("UBND", "BCĐ", "BC-BCĐ", None, "Quyết Tiến", None, 2020, "BÁO CÁO", "Số liệu"))
    tdoc.paragraph("Số liệu như sau:")
    tdoc.table([("STT", 15), ("Nội dung", 100)], [["1", "Một"], ["2", "Hai"]])
    tdoc.closing(["BCĐ Thành phố"], Signature(["TRƯỞNG BAN"], "Hàng A Vàng"))
    t = docx.Document(str(tdoc.save(tmp_path / "bao-cao.docx")))
    header_row, *rows = t.tables[1].rows  # tables[0] is the header block
    assert all(p.paragraph_format.keep_with_next for r in rows for c in r.cells for p in c.paragraphs)
    assert not any(p.paragraph_format.keep_with_next for c in header_row.cells for p in c.paragraphs)


def _signed_list(rows: int) -> Nd30Document:
    """A landscape list signed at its foot, as the Mẫu 02 (Bảng tổng hợp) annexed to the review minutes."""
    header = DocumentHeader("UBND PHƯỜNG QUYẾT TIẾN", "TỔ DÂN PHỐ SỐ 1", "DS-TDP", None, "Quyết Tiến",
                            dt.date(2024, 10, 30), None, "DANH SÁCH", "Hộ gia đình đạt tiêu chuẩn")
    doc = Nd30Document(header, landscape=True)
    doc.paragraph("Tổ dân phố số 1 đã họp bình xét vào ngày 09/10/2024. Kết quả như sau:")
    doc.table([("STT", 12), ("Họ và tên chủ hộ", 60), ("Kết quả bình xét", 40), ("Đề nghị", 40), ("Ghi chú", 60)],
              [[str(i), f"Hộ số {i}", "Đạt", "Đề nghị", ""] for i in range(1, rows + 1)])
    doc.paragraph(f"Tổng số: {rows}; đề nghị công nhận: {rows}.")
    front = Signature(["TRƯỞNG BAN CÔNG TÁC MẶT TRẬN"], "")
    doc.closing(None, Signature(["TỔ TRƯỞNG"], "Lò Văn Tổ"), left_signature=front)
    return doc


def test_a_long_list_keeps_its_last_rows_with_the_total_and_the_signature(tmp_path: Path) -> None:
    """#14: the signature block under a table of several pages goes with the table's last two rows. They stand in
    a short table of their own, every paragraph w:keepNext and every row w:cantSplit (LibreOffice ignores the
    keep-with-next of the last rows of a table that began on an earlier page); the total line is kept too."""
    d = docx.Document(str(_signed_list(146).save(tmp_path / "danh-sach.docx")))
    _, rows_table, tail, closing = d.tables
    assert [r.cells[0].text for r in tail.rows] == ["145", "146"]
    assert len(rows_table.rows) == 1 + 144 and rows_table.rows[-1].cells[0].text == "144"
    assert rows_table.rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None  # the header repeats on every page
    for row in tail.rows:
        assert row._tr.trPr.find(qn("w:cantSplit")) is not None
        for cell in row.cells:
            assert all(p._p.pPr.find(qn("w:keepNext")) is not None for p in cell.paragraphs)
    assert not any(p.paragraph_format.keep_with_next for c in rows_table.rows[-1].cells for p in c.paragraphs)
    body = list(d.element.body.iterchildren())
    between = body[body.index(tail._tbl) + 1 : body.index(closing._tbl)]
    assert any("Tổng số: 146" in "".join(el.itertext()) for el in between)
    assert all(el.find(f"{qn('w:pPr')}/{qn('w:keepNext')}") is not None for el in between)
    joint = body[body.index(rows_table._tbl) + 1]  # two tables that touch would open as one
    assert joint.tag == qn("w:p") and joint.find(f"{qn('w:pPr')}/{qn('w:keepNext')}") is not None
    assert [c.width for c in tail.columns] == [c.width for c in rows_table.columns]
    assert nd30_errors(tmp_path / "danh-sach.docx") == []


@needs_soffice
@needs_poppler
@pytest.mark.parametrize("rows", [8, 30])
def test_the_last_page_of_a_signed_list_holds_its_last_rows_and_the_signature(rows: int) -> None:
    """As LibreOffice lays it out: 8 rows fill page 1 so that the signature would be alone on page 2; 30 rows run
    over two pages and end near the foot of the second."""
    pdf = docx_to_pdf(_signed_list(rows).to_bytes())
    pages = subprocess.run(["pdftotext", "-layout", "-", "-"], input=pdf, capture_output=True, check=True)
    last = nfc(pages.stdout.decode()).split("\f")
    last = [p for p in last if p.strip()][-1]
    assert f"Hộ số {rows - 1}" in last and f"Hộ số {rows}" in last
    assert "TỔ TRƯỞNG" in last and "Lò Văn Tổ" in last and f"Tổng số: {rows}" in last
