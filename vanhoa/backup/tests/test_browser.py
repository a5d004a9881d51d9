"""The backup page in real Chromium: the administrator finds it in the menu, downloads, sees it listed."""

from __future__ import annotations

import json
import zipfile

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


def test_the_administrator_downloads_a_backup_from_the_menu_and_sees_it_in_the_list(
    live_world, login, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path / "media"
    page = login("system_admin")
    page.get_by_role("button", name="system_admin").click()
    page.get_by_role("link", name="Sao lưu dữ liệu").click()
    expect(page.get_by_role("heading", name="Sao lưu dữ liệu")).to_be_visible()
    expect(page.get_by_text("Chưa có lần sao lưu nào.")).to_be_visible()

    with page.expect_download() as info:
        page.get_by_role("button", name="Tải bản sao lưu (.zip)").click()
    download = info.value
    assert download.suggested_filename.startswith("vanhoa-sao-luu-")
    saved = tmp_path / download.suggested_filename
    download.save_as(saved)
    with zipfile.ZipFile(saved) as zf:
        manifest = json.loads(zf.read("manifest.json"))
    assert manifest["tables"]["auth_user"]["rows"] == 8

    page.reload()
    expect(page.locator("table")).to_contain_text("Sao lưu toàn bộ hệ thống")
    expect(page.locator("table")).to_contain_text("system_admin")
    page.screenshot(path="var/screenshots/backup-page.png", full_page=True)
