"""PDFs of web pages: made once per content by the worker, a page waits at most WAIT_SECONDS, only those who
asked see the file, a failure is a message."""

from __future__ import annotations

import time

import pytest

from vanhoa.documents import DocumentConversionError, jobs
from vanhoa.documents.models import PdfJob, PdfStatus
from vanhoa.documents.recipes import Docx, Recipe
from vanhoa.documents.responses import download, pdf_response
from vanhoa.documents.tests.test_nd30 import build_plan


@pytest.fixture
def fake_render(monkeypatch):
    calls = []

    def render(self, *, progress=None, timeout=None):
        calls.append(self.key)
        if progress:
            progress(1, 1)
        return b"%PDF-1.7 " + self.key.encode()

    monkeypatch.setattr(Recipe, "render", render)
    return calls


class Req:
    def __init__(self, user):
        self.user = user


def test_the_same_content_is_converted_once_whoever_asks(world, fake_render):
    doc = build_plan()
    first = pdf_response(Req(world.users["ward_head"]), doc, filename="ke-hoach.pdf", title="Kế hoạch")
    second = pdf_response(Req(world.users["culture_officer"]), build_plan(), filename="ke-hoach.pdf", title="Kế hoạch")
    assert first.content == second.content and first.content.startswith(b"%PDF")
    assert len(fake_render) == 1
    job = PdfJob.objects.get()
    assert set(job.requested_by.all()) == {world.users["ward_head"], world.users["culture_officer"]}
    assert first["Cache-Control"] == "private, no-store"
    assert first["Content-Disposition"] == 'attachment; filename="ke-hoach.pdf"'
    # a changed document is another file
    pdf_response(Req(world.users["ward_head"]), Docx(build_plan(landscape=True).to_bytes()), filename="b.pdf", title="")
    assert len(fake_render) == 2


def test_without_a_worker_the_page_waits_at_most_the_limit_then_shows_the_progress(
    world, settings, fake_render, monkeypatch
):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    class Clock:  # the wait on a virtual clock: no real waiting in a test
        now = 0.0

        def monotonic(self):
            return self.now

        def sleep(self, seconds):
            self.now += seconds

    clock = Clock()
    monkeypatch.setattr(jobs, "time", clock)
    response = pdf_response(Req(world.users["ward_head"]), build_plan(), filename="k.pdf", title="Kế hoạch")
    assert jobs.WAIT_SECONDS <= clock.now <= jobs.WAIT_SECONDS + 0.11
    monkeypatch.setattr(jobs, "time", time)
    job = PdfJob.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/tep-pdf/{job.pk}/"
    assert job.status == PdfStatus.QUEUED and fake_render == []
    jobs.run_job(job.pk)  # what the worker does
    job.refresh_from_db()
    assert job.status == PdfStatus.DONE and job.progress_done == job.progress_total
    jobs.run_job(job.pk)  # a second run of the same task does nothing
    assert len(fake_render) == 1


def test_only_those_who_asked_see_the_file_and_its_progress(world, client_for, settings, fake_render):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    job = jobs.request_pdf(build_plan(), title="Kế hoạch", filename="k.pdf", user=world.users["ward_head"])
    owner = client_for(world.users["ward_head"])
    page = owner.get(f"/tep-pdf/{job.pk}/").content.decode()
    assert 'id="pdf-progress"' in page and "Đang chờ chuyển sang PDF" in page and "every 1s" in page
    assert owner.get(f"/tep-pdf/{job.pk}/tai-ve/").status_code == 302  # not ready: back to the progress
    assert "HX-Redirect" not in owner.get(f"/tep-pdf/{job.pk}/tien-do/")
    jobs.run_job(job.pk)
    done = owner.get(f"/tep-pdf/{job.pk}/tien-do/")
    assert done["HX-Redirect"] == f"/tep-pdf/{job.pk}/?tai=1"
    assert "data-autodownload" in owner.get(f"/tep-pdf/{job.pk}/?tai=1").content.decode()
    assert owner.get(f"/tep-pdf/{job.pk}/tai-ve/").content.startswith(b"%PDF")
    other = client_for(world.users["leader_group1"])
    for path in ("", "tien-do/", "tai-ve/"):
        assert other.get(f"/tep-pdf/{job.pk}/{path}").status_code == 404


def test_a_failed_conversion_is_reported_and_tried_again_on_the_next_request(world, monkeypatch):
    def broken(self, *, progress=None, timeout=None):
        raise DocumentConversionError("Không chuyển được văn bản sang PDF: LibreOffice chạy quá 120 giây.")

    monkeypatch.setattr(Recipe, "render", broken)
    with pytest.raises(DocumentConversionError, match="quá 120 giây"):
        pdf_response(Req(world.users["ward_head"]), build_plan(), filename="k.pdf", title="Kế hoạch")
    assert PdfJob.objects.get().status == PdfStatus.FAILED
    monkeypatch.setattr(Recipe, "render", lambda self, **kw: b"%PDF-1.7")
    assert pdf_response(Req(world.users["ward_head"]), build_plan(), filename="k.pdf", title="").status_code == 200


def test_a_lost_file_or_a_stalled_job_is_made_again(world, fake_render, settings):
    job = jobs.request_pdf(build_plan(), title="Kế hoạch", filename="k.pdf", user=world.users["ward_head"])
    assert job.status == PdfStatus.DONE
    jobs.storage().delete(job.path)
    assert jobs.request_pdf(build_plan(), title="", filename="k.pdf").status == PdfStatus.DONE
    assert len(fake_render) == 2
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    PdfJob.objects.filter(pk=job.pk).update(status=PdfStatus.RUNNING)
    assert jobs.request_pdf(build_plan(), title="", filename="k.pdf").status == PdfStatus.RUNNING  # under way
    from datetime import timedelta

    from django.utils import timezone

    PdfJob.objects.filter(pk=job.pk).update(updated_at=timezone.now() - timedelta(minutes=jobs.STALL_MINUTES + 1))
    assert jobs.request_pdf(build_plan(), title="", filename="k.pdf").status == PdfStatus.QUEUED


def test_download_names_the_file_for_any_language_and_is_never_cached():
    response = download(b"x", "danh-sách hộ.xlsx")
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert "filename*=utf-8''danh-s%C3%A1ch%20h%E1%BB%99.xlsx" in response["Content-Disposition"]
    assert response["Cache-Control"] == "private, no-store"
