"""Fixtures for the import pipeline: spreadsheets built in memory, and uploading them as a persona."""

from __future__ import annotations

import pytest

from vanhoa.imports.tests.sheets import xlsx


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
