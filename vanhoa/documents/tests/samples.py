"""Sample objects for the URL walk (vanhoa/accounts/tests/test_url_walk.py).

A PDF's page is shown to whoever asked for the file (and answers 404 to anyone else: see test_pdf_jobs.py);
for the walk every persona has asked for the sample, so every signed-in persona gets 200.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.files.base import ContentFile

from vanhoa.testing.actors import TEST


def samples(world: Any) -> dict[str, tuple[dict[str, Any], Any]]:
    from vanhoa.documents import jobs
    from vanhoa.documents.models import PdfJob, PdfStatus

    job = PdfJob.objects.create(key="walk" * 16, title="Văn bản mẫu", filename="van-ban.pdf", status=PdfStatus.DONE)
    store = jobs.storage()
    if store.exists(job.path):
        store.delete(job.path)
    store.save(job.path, ContentFile(b"%PDF-1.4 walk"))
    job.requested_by.add(*[u for u in world.users.values() if u is not None])
    kwargs = {"pk": job.pk}
    from vanhoa.documents import register

    entry = register.take_number(world.ward, 2026, "KH", issued_on=date(2026, 1, 5), summary="Kế hoạch", actor=TEST,
                                 series=register.BCD)
    return {
        "pdf-job": (kwargs, None),
        "pdf-job-progress": (kwargs, None),
        "pdf-job-file": (kwargs, None),
        "register-book": ({"pk": entry.book_id}, world.ward),
    }
