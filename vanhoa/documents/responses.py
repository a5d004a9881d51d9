"""The one way a page sends a generated file: `download(...)`, and `pdf_response(...)` for PDFs of documents."""

from __future__ import annotations

from typing import Any

from django.http import HttpResponse
from django.shortcuts import redirect
from django.utils.http import content_disposition_header

from vanhoa.documents import jobs
from vanhoa.documents.models import PdfStatus
from vanhoa.documents.pdf import DocumentConversionError

__all__ = ["CONTENT_TYPES", "download", "pdf_response"]

CONTENT_TYPES = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pdf": "application/pdf",
    "json": "application/json",
    "zip": "application/zip",
}


def download(data: bytes, filename: str, content_type: str | None = None) -> HttpResponse:
    """A file to save ("attachment"), never kept by a browser or proxy cache: generated files carry names,
    addresses and phone numbers. `content_type` defaults from the file name's extension."""
    if content_type is None:
        content_type = CONTENT_TYPES.get(filename.rsplit(".", 1)[-1].lower(), "application/octet-stream")
    response = HttpResponse(data, content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(True, filename)
    response["Cache-Control"] = "private, no-store"
    return response


def pdf_response(request: Any, doc: Any, *, filename: str, title: str) -> HttpResponse:
    """The document's PDF if it is ready within jobs.WAIT_SECONDS (made before, or quick), else the page of
    its conversion (progress, then the file). Raises DocumentConversionError when the conversion failed."""
    job = jobs.wait_for(jobs.request_pdf(doc, title=title, filename=filename, user=request.user))
    if job.status == PdfStatus.DONE:
        return download(jobs.read(job), filename, "application/pdf")
    if job.status == PdfStatus.FAILED:
        raise DocumentConversionError(job.error)
    return redirect("pdf-job", pk=job.pk)
