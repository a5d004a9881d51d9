"""The page of a PDF being made in the background: progress, then the file."""

from __future__ import annotations

from typing import Any

from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse

from vanhoa.accounts.decorators import login_only
from vanhoa.documents import jobs
from vanhoa.documents.models import PdfJob, PdfStatus
from vanhoa.documents.responses import download


def _job(request: Any, pk: int) -> PdfJob:
    """Only those who asked for the file see it (404 for anyone else)."""
    return get_object_or_404(PdfJob, pk=pk, requested_by=request.user)


@login_only
def pdf_job(request: Any, pk: int) -> HttpResponse:
    job = _job(request, pk)
    return render(request, "documents/pdf_job.html", {"job": job, "autodownload": request.GET.get("tai") == "1"})


@login_only
def pdf_job_progress(request: Any, pk: int) -> HttpResponse:
    """Polled every second while the file is made; when it is ready the page reloads and fetches the file."""
    job = _job(request, pk)
    response = render(request, "documents/fragment_pdf_progress.html", {"job": job})
    if not job.is_running:
        response["HX-Redirect"] = reverse("pdf-job", kwargs={"pk": job.pk}) + "?tai=1"
    return response


@login_only
def pdf_job_file(request: Any, pk: int) -> HttpResponse:
    job = _job(request, pk)
    if job.status != PdfStatus.DONE or not jobs.storage().exists(job.path):
        return redirect("pdf-job", pk=job.pk)
    return download(jobs.read(job), job.filename, "application/pdf")
