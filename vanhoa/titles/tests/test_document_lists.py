"""The XLSX versions of the cycle's lists (vanhoa.titles.document_lists)."""

from __future__ import annotations

import io
from datetime import date

import openpyxl
import pytest

from vanhoa.documents.exports import DocumentNotAvailable
from vanhoa.titles import document_lists

pytestmark = pytest.mark.django_db


def test_the_registration_list_of_one_group_has_a_line_per_household_with_its_state(world, reviewed):
    cands = reviewed(2020)
    reviewed(2020, 1, group=1)
    title, headers, rows = document_lists.list_rows(
        "title-registration", ward=world.ward, year=2020, group=str(world.groups[0].pk)
    )
    assert title == "Gia đình văn hóa 2020" and headers[:3] == ["STT", "Họ và tên chủ hộ", "Tổ dân phố"]
    assert [r[1] for r in rows] == [c.subject_name for c in cands]
    assert rows[0][2:7] == ["Tổ dân phố số 1", date(2020, 2, 10), "Bình xét đạt", 8, ""]  # everyone present agreed
    everyone = document_lists.list_rows("title-proposal", ward=world.ward, year=2020)[2]
    assert len(everyone) == 3


def test_a_list_becomes_a_workbook_with_a_frozen_bold_header_and_real_dates():
    data = document_lists.xlsx("Danh sách", ["STT", "Ngày"], [[1, date(2020, 11, 13)]])
    sheet = openpyxl.load_workbook(io.BytesIO(data)).active
    assert sheet.title == "Danh sách" and sheet.freeze_panes == "A2" and sheet["A1"].font.bold
    assert sheet["B2"].number_format == "DD/MM/YYYY" and sheet["B2"].value.date() == date(2020, 11, 13)


def test_a_document_without_a_list_has_no_spreadsheet(world):
    with pytest.raises(DocumentNotAvailable, match="Văn bản này không có bản Excel"):
        document_lists.list_rows("title-minutes", ward=world.ward, year=2020)
