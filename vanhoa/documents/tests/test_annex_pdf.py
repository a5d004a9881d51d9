"""A long annex drawn straight to PDF: the same pages, rows and numbers as LibreOffice's layout of the DOCX."""

from __future__ import annotations

import shutil
import subprocess

import pytest

from vanhoa.documents import DocumentHeader, Nd30Document, Signature, docx_to_pdf, soffice_available
from vanhoa.documents.annex_pdf import page_count
from vanhoa.documents.convert import document_pdf

pytestmark = pytest.mark.skipif(
    not soffice_available() or shutil.which("pdftotext") is None, reason="LibreOffice or poppler not installed"
)


def _decision(rows: int) -> Nd30Document:
    summary = "Về việc công nhận danh hiệu “Gia đình văn hóa” năm 2020"
    header = DocumentHeader("ỦY BAN NHÂN DÂN\nPHƯỜNG QUYẾT TIẾN", "ỦY BAN NHÂN DÂN", "QĐ-UBND", 12, "Quyết Tiến",
                            None, 2020, "QUYẾT ĐỊNH", summary)  # fmt: skip
    doc = Nd30Document(header)
    doc.article("Điều 1.", "Công nhận danh hiệu “Gia đình văn hóa” năm 2020 cho các hộ có tên trong danh sách.")
    doc.closing(["Như Điều 3"], Signature(["CHỦ TỊCH"], "Nguyễn Văn An"))
    doc.annex(
        ["DANH SÁCH", "Hộ gia đình được công nhận", "(Kèm theo Quyết định số 12/QĐ-UBND ngày … của Chủ tịch …)"],
        [("STT", 14), ("Họ và tên chủ hộ", 68), ("Địa chỉ, tổ dân phố", 48), ("Ghi chú", 35)],
        [[str(i), f"Nguyễn Văn Hộ {i}", f"Tổ dân phố số {i % 9 + 1}", "Dài " * (i % 11)] for i in range(1, rows + 1)],
        align=["center", "left", "left", "left"],
    )
    return doc


def _pages(pdf: bytes, tmp_path) -> list[str]:
    (tmp_path / "a.pdf").write_bytes(pdf)
    text = subprocess.run(["pdftotext", "-layout", str(tmp_path / "a.pdf"), "-"], capture_output=True, text=True,
                          check=True).stdout  # fmt: skip
    return text.split("\f")[:-1]


def test_a_long_annex_has_the_pages_libreoffice_gives_it(tmp_path):
    doc = _decision(150)
    assert doc.pdf_parts() is not None
    drawn = document_pdf(doc)
    whole = docx_to_pdf(doc.to_bytes())
    assert page_count(drawn) == page_count(whole)
    pages = _pages(drawn, tmp_path)
    assert "QUYẾT ĐỊNH" in pages[0] and "Nguyễn Văn An" in "".join(pages[:2])
    annex = "\n".join(pages[1:])
    for i in (1, 75, 150):
        assert f"Nguyễn Văn Hộ {i} " in annex or annex.rstrip().endswith(f"Nguyễn Văn Hộ {i}")
    # page numbers continue from the decision, the header row is on every annex page
    for number, page in enumerate(pages[1:], start=2):
        assert page.strip().splitlines()[0].strip() == str(number)
        assert "Họ và tên chủ hộ" in page


def test_a_short_annex_and_a_document_that_goes_on_after_it_stay_with_libreoffice():
    assert _decision(10).pdf_parts() is None
    doc = _decision(100)
    doc.paragraph("Một đoạn sau phụ lục.")
    assert doc.pdf_parts() is None
    assert document_pdf(doc).startswith(b"%PDF")
