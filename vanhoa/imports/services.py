"""Import jobs: upload → (choose a sheet) → preview → commit, the same for every importer.

Preview and commit run in the background task queue for large files (`tasks.py`), inline for small ones.
The commit is one transaction: the plan made with the preview is checked against the data as it is now
(`Importer.fingerprint`), then written; any error writes nothing. A plan made against data that changed
meanwhile is not written: the job is previewed again and the user is asked to look once more.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import time
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.db import connection, transaction
from django.utils import timezone

from vanhoa.accounts.permissions import Cap
from vanhoa.core import audit
from vanhoa.core.actors import actor_name, require, system_actor
from vanhoa.imports import importers, originals
from vanhoa.imports.choices import ImportStatus
from vanhoa.imports.models import ImportJob
from vanhoa.imports.parsing import ImportFileError
from vanhoa.imports.recovery import Heartbeat
from vanhoa.units.choices import UnitKind
from vanhoa.units.models import Unit

logger = logging.getLogger(__name__)

MAX_FILE_BYTES = 20 * 1024 * 1024
MAX_REJECTED_SHOWN = 10_000  # stored in the preview; the page shows fewer and offers them all as .xlsx
MSG_TOO_LARGE = "Tệp quá lớn ({mb} MB); hãy tách danh sách thành các tệp dưới 20 MB."
MSG_UNEXPECTED = "Có lỗi không mong muốn khi xử lý tệp; chưa ghi gì vào sổ. Hãy thử lại hoặc báo quản trị viên."
MSG_STALE = (
    "Dữ liệu trong sổ đã thay đổi sau khi xem trước (có người vừa thêm hoặc sửa). Chưa ghi gì: "
    "đây là bản xem trước mới, hãy kiểm tra lại rồi bấm ghi."
)
COUNT_FIELDS = ["created", "updated", "unchanged", "rejected", "skipped"]
PROGRESS_FIELDS = ["progress_label", "progress_done", "progress_total"]


class ImportError_(Exception):  # noqa: N801 - "ImportError" is a builtin
    """A request about an import job that cannot be done now; the message is shown to the user."""


class StalePlan(Exception):
    pass


def inline_max_bytes() -> int:
    """Files up to this size are previewed and committed within the request; larger ones in the worker."""
    return int(getattr(settings, "VANHOA_IMPORT_INLINE_MAX_BYTES", 150_000))


def importer_for(job: ImportJob) -> importers.Importer:
    importer = importers.get(job.kind)
    if importer is None:
        raise ImportError_(f"Không có loại dữ liệu nhập «{job.kind}».")
    return importer


def check_target(user: Any, ward: Unit, importer: importers.Importer) -> None:
    if ward.kind != UnitKind.COMMUNE or ward.valid_to is not None:
        raise ImportError_(
            f"{ward.name} đã hết hiệu lực; chỉ nhập được dữ liệu vào xã, phường hiện nay. Hãy chọn đơn vị ở thanh trên."
        )
    if user is not None and not importer.allowed(user, ward):
        raise ImportError_(f"Bạn không có quyền nhập {importer.label.lower()} của {ward.name}.")


# --- progress ---------------------------------------------------------------------------------------


class Progress:
    """Reports a running job's progress at most every 0.3 s: into a small file the status page reads (the
    job row is not visible to other connections while the commit's transaction is open), and into the job
    row itself when no transaction is open."""

    interval = 0.3

    def __init__(self, job: ImportJob, label: str) -> None:
        self.job = job
        self.label = label
        self.path = job.progress_path()
        self.last = 0.0

    def __call__(self, done: int, total: int, force: bool = False) -> None:
        now = time.monotonic()
        if not force and now - self.last < self.interval:
            return
        self.last = now
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            tmp = self.path.with_suffix(".tmp")
            tmp.write_text(json.dumps({"label": self.label, "done": done, "total": total}), encoding="utf-8")
            os.replace(tmp, self.path)
        except OSError:  # progress is a courtesy; never fail an import for it
            logger.warning("cannot write import progress %s", self.path, exc_info=True)
        if not connection.in_atomic_block:
            ImportJob.objects.filter(pk=self.job.pk).update(
                progress_label=self.label, progress_done=done, progress_total=total
            )

    def clear(self) -> None:
        with contextlib.suppress(OSError):
            self.path.unlink(missing_ok=True)


# --- upload -----------------------------------------------------------------------------------------


def create_job(
    *,
    actor: Any,
    ward: Unit,
    kind: str,
    data: bytes,
    filename: str,
    user: Any = None,
    inline: bool = False,
    options: dict[str, Any] | None = None,
) -> ImportJob:
    """Keep the uploaded file with a new job and find its sheets; start the preview when there is one sheet
    to read. A file that cannot be read at all gives a job in status 'failed' with the reason.
    `inline` runs the preview in this process whatever the file's size (the command line)."""
    require(actor, Cap.IMPORTS_RUN, ward, what="nhập dữ liệu")
    importer = importers.get(kind)
    if importer is None:
        raise ImportError_(f"Không có loại dữ liệu nhập «{kind}».")
    check_target(user, ward, importer)
    filename = os.path.basename(filename or "tep.xlsx")[:255]
    refusal = MSG_TOO_LARGE.format(mb=round(len(data) / 2**20)) if len(data) > MAX_FILE_BYTES else ""
    if not refusal:
        try:  # a macro workbook is kept without its macros (originals.py)
            data, filename = originals.without_macros(data, filename)
        except ImportFileError as exc:
            refusal = exc.message
        except Exception:  # a damaged zip: the reader says what is wrong with it
            pass
    job = ImportJob(
        ward=ward,
        kind=kind,
        filename=filename,
        file_size=len(data),
        options=options or {},
        created_by=actor if getattr(actor, "pk", None) else None,
        created_by_name=actor_name(actor),
    )
    if not refusal:
        job.file.save(filename, ContentFile(data), save=False)
    job.save()
    audit.record(
        actor,
        "imports.job.uploaded",
        job,
        unit=ward,
        extra={"kind": kind, "file": filename, "size": len(data), **({"options": job.options} if job.options else {})},
    )
    if refusal:
        return _refuse(job, refusal)
    try:
        sheets = importer.sheets(data, filename)  # in a limited child process (sandbox.py)
    except ImportFileError as exc:
        return _refuse(job, exc.message)
    except Exception:  # a bug must leave a failed job with a message, never one "uploaded" forever
        logger.exception("reading the sheets of job %s failed", job.pk)
        return _refuse(job, MSG_UNEXPECTED)
    job.sheets = [[s.name, s.rows] for s in sheets]
    with_data = [s for s in sheets if s.rows]
    if len(with_data) <= 1:
        job.sheet = (with_data or sheets)[0].name
    job.save(update_fields=["sheets", "sheet", "updated_at"])
    if job.sheet:
        start_preview(job, inline=inline)
    return job


def _fail(job: ImportJob, message: str) -> ImportJob:
    job.status = ImportStatus.FAILED
    job.error = message
    job.progress_label = ""
    job.save(update_fields=["status", "error", "progress_label", "updated_at"])
    return job


def _refuse(job: ImportJob, message: str) -> ImportJob:
    """A file that cannot be imported: the job fails with the reason and the file is not kept."""
    if job.file:
        with contextlib.suppress(OSError):
            job.file.delete(save=False)
        job.file = ""
        job.save(update_fields=["file", "updated_at"])
    return _fail(job, message)


def choose_sheet(job: ImportJob, *, actor: Any, sheet: str, inline: bool = False) -> ImportJob:
    require(actor, Cap.IMPORTS_RUN, job.ward, what="nhập dữ liệu")
    if job.status != ImportStatus.UPLOADED:
        raise ImportError_("Tệp này đã được đọc; hãy tải tệp lên lại nếu muốn chọn trang khác.")
    names = [name for name, _ in job.sheets]
    if sheet not in names:
        raise ImportError_(f"Không có trang tính «{sheet}» trong tệp.")
    job.sheet = sheet
    job.save(update_fields=["sheet", "updated_at"])
    start_preview(job, inline=inline)
    return job


def _run(task_name: str, job: ImportJob, inline: bool = False) -> None:
    """Inline for small files, else through the task queue once the job's state is committed."""
    from vanhoa.imports import tasks

    task = getattr(tasks, task_name)
    if inline or job.file_size <= inline_max_bytes():
        task.call(job.pk)
    else:
        transaction.on_commit(lambda: task.enqueue(job.pk))


# --- preview ----------------------------------------------------------------------------------------


def start_preview(job: ImportJob, inline: bool = False) -> None:
    job.status = ImportStatus.PREVIEWING
    job.progress_label, job.progress_done, job.progress_total = "Đang đọc tệp", 0, 0
    job.error = ""
    job.save(update_fields=["status", "progress_label", "progress_done", "progress_total", "error", "updated_at"])
    _run("preview_import", job, inline)


def run_preview(job_id: int) -> None:
    """Read the file and make the plan (the task body; does nothing unless the job is 'previewing')."""
    job = ImportJob.objects.filter(pk=job_id, status=ImportStatus.PREVIEWING).first()
    if job is None:
        return
    progress = Progress(job, "Đang đọc tệp")
    try:
        with Heartbeat(job):  # a process dying here leaves a job recovery.py takes up again
            _preview(job, progress)
    finally:
        progress.clear()


def _preview(job: ImportJob, progress: Progress) -> None:
    try:
        importer = importer_for(job)
        data = job.read_file()
        progress(0, 0, force=True)
        parsed = importer.parse(data, job.filename, ward=job.ward, sheet=job.sheet or None, options=job.options)
        progress.label = "Đang đối chiếu với sổ"
        plan = importer.plan(parsed, ward=job.ward, progress=progress)
    except ImportFileError as exc:
        _refuse(job, exc.message)
    except Exception:
        logger.exception("import preview failed (job %s)", job.pk)
        _fail(job, MSG_UNEXPECTED)
    else:
        _store_plan(job, plan)


def _store_plan(job: ImportJob, plan: importers.Plan) -> None:
    rejected = plan.rejected_json()
    job.preview = {
        "sheet": plan.sheet,
        "header_row": plan.header_row,
        "columns": plan.columns,
        "rejected": rejected[:MAX_REJECTED_SHOWN],
        "skipped": [list(s) for s in plan.skipped],
        "details": plan.details,
    }
    job.plan = {"payload": plan.payload, "fingerprint": plan.fingerprint}
    job.created, job.updated, job.unchanged = plan.created, plan.updated, plan.unchanged
    job.rejected = len({e["row"] for e in rejected})
    job.skipped = len(plan.skipped)
    job.status = ImportStatus.PREVIEWED
    job.previewed_at = timezone.now()
    job.progress_label, job.progress_done, job.progress_total = "", 0, 0
    job.save()


# --- commit -----------------------------------------------------------------------------------------


def start_commit(job: ImportJob, *, actor: Any, inline: bool = False) -> ImportJob:
    """Mark the job 'committing' (once: a double click starts one commit) and run or enqueue the write."""
    require(actor, Cap.IMPORTS_RUN, job.ward, what="nhập dữ liệu")
    if job.status != ImportStatus.PREVIEWED:
        raise ImportError_("Lần nhập này không ở bước chờ ghi (có thể đã được ghi hoặc đang ghi).")
    if job.rejected:
        raise ImportError_(
            f"Còn {job.rejected} dòng bị từ chối: chưa ghi gì. Hãy sửa tệp theo các lỗi đã nêu rồi tải lên lại."
        )
    claimed = ImportJob.objects.filter(pk=job.pk, status=ImportStatus.PREVIEWED).update(
        status=ImportStatus.COMMITTING,
        committed_by=actor if getattr(actor, "pk", None) else None,
        progress_label="Đang chờ ghi",
        progress_done=0,
        progress_total=job.created + job.updated,
        error="",
        updated_at=timezone.now(),
    )
    if not claimed:
        raise ImportError_("Lần nhập này đang được ghi.")
    job.refresh_from_db()
    _run("commit_import", job, inline)
    job.refresh_from_db()
    return job


def run_commit(job_id: int, actor: Any = None) -> None:
    """Write the plan all at once (the task body; does nothing unless the job is 'committing')."""
    job = ImportJob.objects.filter(pk=job_id, status=ImportStatus.COMMITTING).first()
    if job is None:
        return
    # the user who pressed "ghi" (else who uploaded), or the command line's system actor that started the job
    actor = actor or job.committed_by or job.created_by or system_actor(job.created_by_name)
    if actor is None:
        _fail(job, "Chưa ghi gì vào sổ: không còn biết ai đã yêu cầu ghi lần nhập này. Hãy tải tệp lên lại.")
        return
    importer = importer_for(job)
    progress = Progress(job, "Đang ghi vào sổ")
    try:
        with Heartbeat(job), transaction.atomic():
            # take the write lock first: on SQLite a transaction that reads then writes can fail to upgrade
            ImportJob.objects.filter(pk=job.pk).update(progress_label="Đang ghi vào sổ")
            plan = job.plan
            if importer.fingerprint(job.ward, job.options) != plan.get("fingerprint"):
                raise StalePlan
            total = job.created + job.updated
            progress(0, total, force=True)
            counts = importer.apply(
                plan["payload"],
                ward=job.ward,
                actor=actor,
                note=f"Nhập từ tệp «{job.filename}» (lần nhập số {job.pk})",
                progress=progress,
            )
            job.created, job.updated = counts["created"], counts["updated"]
            audit.record(
                actor,
                f"imports.{importer.audit_noun}.committed",
                job,
                unit=job.ward,
                extra={
                    "job": job.pk,
                    "file": job.filename,
                    "sheet": job.sheet,
                    "created": job.created,
                    "updated": job.updated,
                    "unchanged": job.unchanged,
                },
            )
            job.status = ImportStatus.COMMITTED
            job.committed_at = timezone.now()
            job.progress_label, job.progress_done, job.progress_total = "", total, total
            job.error = ""
            job.save(update_fields=[*COUNT_FIELDS, "status", "committed_at", *PROGRESS_FIELDS, "error", "updated_at"])
    except StalePlan:
        job.refresh_from_db()
        start_preview(job, inline=True)
        job.refresh_from_db()
        if job.status == ImportStatus.PREVIEWED:
            job.error = MSG_STALE
            job.save(update_fields=["error", "updated_at"])
    except (ImportError_, PermissionDenied, *importer.refusals) as exc:
        _fail(job, f"Chưa ghi gì vào sổ: {exc}")
    except Exception:
        logger.exception("import commit failed (job %s)", job_id)
        _fail(job, MSG_UNEXPECTED)
    finally:
        progress.clear()
