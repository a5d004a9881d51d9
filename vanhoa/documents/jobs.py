"""PDFs for web pages: asked for once per content, converted by the background worker, kept for the next asker.

``request_pdf(doc, …)`` makes (or finds) the ``PdfJob`` of the document's content and queues it; the worker's
``run_job`` converts it with this worker's long-lived LibreOffice (long annexes and certificates are drawn
directly) and keeps the file. ``vanhoa.documents.responses.pdf_response`` waits at most ``WAIT_SECONDS`` for
it, then sends the page to the job's progress page, which announces the file when it is ready.
"""

from __future__ import annotations

import logging
import time
from datetime import timedelta
from typing import Any

from django.core.files.base import ContentFile
from django.db.models import F
from django.utils import timezone

from vanhoa.documents.models import PdfJob, PdfStatus
from vanhoa.documents.pdf import DocumentConversionError
from vanhoa.documents.recipes import Recipe, recipe_of

logger = logging.getLogger(__name__)

WAIT_SECONDS = 1.5  # a page never waits longer than this for a PDF
STALL_MINUTES = 15  # a job running this long without progress is taken up again
KEEP_DAYS = 7
MSG_UNEXPECTED = "Không chuyển được văn bản sang PDF do lỗi không mong muốn; quản trị viên đã được ghi nhận lỗi."


def storage() -> Any:
    from vanhoa.imports.models import private_storage

    return private_storage()


def request_pdf(doc: Any, *, title: str, filename: str, user: Any = None) -> PdfJob:
    """The PdfJob of `doc`'s content, queued for the worker unless it is done or under way."""
    recipe = recipe_of(doc)
    job, created = PdfJob.objects.get_or_create(
        key=recipe.key,
        defaults={"title": title[:200], "filename": filename[:200], "recipe": recipe.to_bytes(),
                  "progress_total": recipe.size},
    )  # fmt: skip
    if getattr(user, "pk", None):
        job.requested_by.add(user)
    if created:
        _prune()
    stale = job.is_running and timezone.now() - job.updated_at > timedelta(minutes=STALL_MINUTES)
    lost = job.status == PdfStatus.DONE and not storage().exists(job.path)
    if created or stale or lost or job.status == PdfStatus.FAILED:
        PdfJob.objects.filter(pk=job.pk).update(
            status=PdfStatus.QUEUED, progress_done=0, error="", updated_at=timezone.now()
        )
        _enqueue(job.pk)
        job.refresh_from_db()
    return job


def _enqueue(job_id: int) -> None:
    """The task row is written in the same transaction as the job (database task backend), so a worker never
    sees one without the other."""
    from vanhoa.documents import tasks

    tasks.convert_pdf.enqueue(job_id)


def wait_for(job: PdfJob, seconds: float = WAIT_SECONDS) -> PdfJob:
    deadline = time.monotonic() + seconds
    while job.is_running and time.monotonic() < deadline:
        time.sleep(0.1)
        job.refresh_from_db(fields=["status", "progress_done", "progress_total", "error", "updated_at"])
    return job


def read(job: PdfJob) -> bytes:
    with storage().open(job.path, "rb") as f:
        return f.read()


class _Progress:
    """Writes the progress to the job row at most twice a second."""

    def __init__(self, job: PdfJob) -> None:
        self.job_id = job.pk
        self.last = 0.0

    def __call__(self, done: int, total: int) -> None:
        now = time.monotonic()
        if now - self.last < 0.5 and done < total:
            return
        self.last = now
        PdfJob.objects.filter(pk=self.job_id).update(
            progress_done=done, progress_total=total, updated_at=timezone.now()
        )


def run_job(job_id: int) -> None:
    """The worker's task: convert the job's recipe (does nothing unless the job is queued)."""
    if not PdfJob.objects.filter(pk=job_id, status=PdfStatus.QUEUED).update(
        status=PdfStatus.RUNNING, updated_at=timezone.now()
    ):
        return
    job = PdfJob.objects.get(pk=job_id)
    started = time.perf_counter()
    try:
        pdf = Recipe.from_bytes(bytes(job.recipe)).render(progress=_Progress(job))
    except DocumentConversionError as exc:
        _finish(job, PdfStatus.FAILED, error=str(exc))
        return
    except Exception:
        logger.exception("PDF job %s failed", job_id)
        _finish(job, PdfStatus.FAILED, error=MSG_UNEXPECTED)
        return
    store = storage()
    if store.exists(job.path):
        store.delete(job.path)
    store.save(job.path, ContentFile(pdf))
    _finish(job, PdfStatus.DONE, size=len(pdf), seconds=round(time.perf_counter() - started, 2))


def _finish(job: PdfJob, status: str, **fields: Any) -> None:
    if status == PdfStatus.DONE:
        fields["progress_done"] = F("progress_total")
    PdfJob.objects.filter(pk=job.pk).update(status=status, updated_at=timezone.now(), **fields)


def _prune() -> None:
    """Files nobody asked for in KEEP_DAYS days go (at most 50 at a time, when a new job is made)."""
    old = PdfJob.objects.filter(updated_at__lt=timezone.now() - timedelta(days=KEEP_DAYS)).exclude(
        status__in=[PdfStatus.QUEUED, PdfStatus.RUNNING]
    )[:50]
    store = storage()
    for job in old:
        if store.exists(job.path):
            store.delete(job.path)
        job.delete()
