"""Fixtures for the import pipeline: spreadsheets built in memory, and uploading them as a persona."""

from __future__ import annotations

import io

import pytest
from openpyxl import Workbook

HEADERS = ["STT", "Mã hộ", "Họ và tên chủ hộ", "Tổ dân phố", "Địa chỉ", "Số nhân khẩu", "Số điện thoại", "Ngày đến"]


def xlsx(rows, headers=HEADERS, sheets=None) -> bytes:
    """A workbook with a title row, the header on row 3 and `rows` from row 4 (so row numbers are i + 4)."""
    wb = Workbook()
    ws = wb.active
    ws.title = "Danh sách hộ"
    ws.append(["DANH SÁCH HỘ GIA ĐÌNH"])
    ws.append([])
    ws.append(headers)
    for row in rows:
        ws.append(list(row))
    for name, extra in (sheets or {}).items():
        other = wb.create_sheet(name)
        other.append(headers)
        for row in extra:
            other.append(list(row))
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


@pytest.fixture
def make_xlsx():
    return xlsx


@pytest.fixture
def upload(client_for):
    """upload(user, data, name="ds.xlsx") -> (response, job)"""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from vanhoa.imports.models import ImportJob

    def do(user, data, name="danh-sach.xlsx", follow=False):
        client = client_for(user)
        response = client.post(
            "/excel/", {"kind": "households", "file": SimpleUploadedFile(name, data)}, follow=follow
        )
        return response, ImportJob.objects.order_by("-pk").first()

    return do


@pytest.fixture(autouse=True)
def _private_media(settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = str(tmp_path / "private")
