"""The system administrators' backup page: only they see it, the download is a full backup, and it is audited."""

from __future__ import annotations

import io
import json
import zipfile

import pytest
from django.urls import reverse

from vanhoa.core.models import AuditEntry


def test_a_system_administrator_downloads_a_backup_and_the_download_is_in_the_audit_trail(world, media, client_for):
    (media / "anh.jpg").write_bytes(b"\xff\xd8" * 50)
    admin = world.users["system_admin"]
    client = client_for(admin)

    response = client.post(reverse("backup-download"))

    assert response.status_code == 200 and response["Cache-Control"] == "private, no-store"
    assert response["Content-Disposition"].startswith('attachment; filename="vanhoa-sao-luu-')
    with zipfile.ZipFile(io.BytesIO(response.content)) as zf:
        manifest = json.loads(zf.read("manifest.json"))
    assert manifest["kind"] == "installation" and "files/media/anh.jpg" in manifest["files"]
    entry = AuditEntry.objects.get(action="backup.installation.created")
    assert entry.actor == admin and entry.extra["files"] == 1
    page = client.get(reverse("backup-page"))
    assert "Sao lưu toàn bộ hệ thống" in page.content.decode()


@pytest.mark.parametrize("persona", ["ward_head", "front_officer", "leader_group1", "city_viewer"])
def test_nobody_else_sees_the_page_or_gets_a_backup(world, media, client_for, persona):
    client = client_for(world.users[persona])
    assert client.get(reverse("backup-page")).status_code == 403
    assert client.post(reverse("backup-download")).status_code == 403
    assert not AuditEntry.objects.filter(action="backup.installation.created").exists()


def test_the_download_answers_only_a_post(world, media, client_for):
    assert client_for(world.users["system_admin"]).get(reverse("backup-download")).status_code == 405
