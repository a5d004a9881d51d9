"""In Chromium: the certificates of a ward are made in the background; the page shows their progress at once and
the file arrives when the worker has drawn it."""

from __future__ import annotations

import subprocess
import threading
from pathlib import Path

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from vanhoa.documents import jobs
from vanhoa.documents.models import PdfJob, PdfStatus
from vanhoa.titles.tests.test_large_ward import bulk_decision

pytestmark = pytest.mark.browser
SHOTS = Path("var/screenshots")


def test_asking_for_the_wards_certificates_shows_progress_and_the_file_arrives_without_the_page_waiting(
    live_world, login, live_server, settings
):
    from vanhoa.titles.rules_data import load_rules

    load_rules()  # the shipped rules (a data migration) are flushed by other browser tests
    SHOTS.mkdir(parents=True, exist_ok=True)
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}  # as on the ward's server
    decision, ordered = bulk_decision(live_world, 600)
    page = login("ward_head")
    page.goto(f"{live_server.url}/danh-hieu/quyet-dinh/{decision.pk}/")

    page.locator("#certificates-pdf").click()  # no worker yet: the page answers with the file's progress
    expect(page.locator("#pdf-progress")).to_contain_text("Đang chờ chuyển sang PDF", timeout=5_000)
    expect(page.get_by_role("heading", name="Giấy công nhận năm 2020")).to_be_visible()
    page.screenshot(path=str(SHOTS / "pdf-progress.png"), full_page=True)
    job = PdfJob.objects.get()
    assert job.status == PdfStatus.QUEUED and job.progress_total == 600

    seen = []
    # the worker's task body draws the 600 pages in another thread while the page polls; the page then
    # announces the file and fetches it (db_worker itself installs signal handlers: main thread only)
    with page.expect_download(timeout=120_000) as info:
        worker = threading.Thread(target=jobs.run_job, args=(job.pk,))
        worker.start()
        while worker.is_alive():
            seen.append(page.locator("#pdf-progress").inner_text(timeout=10_000))
            page.wait_for_timeout(200)
        worker.join()
        call_command("db_worker", "--batch", "--no-startup-delay", "--interval", "0", verbosity=0)  # the task row
    expect(page.locator("#pdf-ready")).to_contain_text("Tệp PDF đã sẵn sàng")
    page.screenshot(path=str(SHOTS / "pdf-ready.png"), full_page=True)
    pdf = SHOTS / "certificates-600.pdf"
    info.value.save_as(str(pdf))
    assert info.value.suggested_filename == "title-certificates-2020.pdf"
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, check=True).stdout.decode()
    pages = text.split("\f")[:-1]
    assert len(pages) == 600
    assert f"Hộ ông (bà): {ordered[0]}" in pages[0] and f"Hộ ông (bà): {ordered[-1]}" in pages[-1]
    assert any("Đang" in s for s in seen)

    # asked again, the same file is there at once (made once per content)
    with page.expect_download(timeout=10_000) as again:
        page.goto(f"{live_server.url}/danh-hieu/quyet-dinh/{decision.pk}/")
        page.locator("#certificates-pdf").click()
    assert again.value.suggested_filename == "title-certificates-2020.pdf"
    assert PdfJob.objects.count() == 1
