"""Excel in and out: upload → choose a sheet → preview → commit, with progress; list exports."""

from __future__ import annotations

from itertools import groupby
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from vanhoa.accounts.decorators import capability_required
from vanhoa.accounts.permissions import Cap
from vanhoa.accounts.scoping import get_for_user
from vanhoa.core.params import year_of
from vanhoa.documents.responses import download
from vanhoa.imports import exports, importers, recovery, services
from vanhoa.imports.models import ImportJob
from vanhoa.imports.xlsx import Column, filename, write_table
from vanhoa.registry.models import Agency, Street
from vanhoa.registry.views import _ward_scope, filtered_households

REJECTED_SHOWN = 200
ACCEPT = ".xlsx,.xlsm,.xls,.ods"


class UploadForm(forms.Form):
    """The file, its kind, and the options of the kinds that have some (named "<kind>__<option>"; only the
    chosen kind's options are checked)."""

    kind = forms.ChoiceField(label="Loại dữ liệu")
    file = forms.FileField(
        label="Tệp Excel (.xlsx, .xls) hoặc LibreOffice (.ods)",
        widget=forms.ClearableFileInput(attrs={"accept": ACCEPT, "class": "form-control"}),
        error_messages={"required": "Hãy chọn tệp cần nhập.", "empty": "Tệp rỗng: không có dữ liệu để nhập."},
    )

    def __init__(
        self, *args: Any, kinds: list[importers.Importer], ward: Any = None, year: int | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.kinds = {i.key: i for i in kinds}
        self.ward = ward
        self.fields["kind"].choices = [(i.key, i.label) for i in kinds]
        self.fields["kind"].widget.attrs["class"] = "form-select js-import-kind"
        if len(kinds) == 1:
            self.fields["kind"].initial = kinds[0].key
            self.fields["kind"].widget = forms.HiddenInput(attrs={"class": "js-import-kind"})
        self.option_names: dict[str, list[str]] = {}
        self.required_options: set[str] = set()
        for importer in kinds if ward is not None and year is not None else []:
            for name, f in importer.option_fields(ward, year).items():
                full = f"{importer.key}__{name}"
                if f.required:
                    self.required_options.add(full)
                f.required = False
                self.fields[full] = f
                self.option_names.setdefault(importer.key, []).append(full)

    def option_groups(self) -> list[tuple[importers.Importer, list[Any]]]:
        """[(importer, its bound option fields)] for the kinds that have options."""
        return [(self.kinds[k], [self[n] for n in names]) for k, names in self.option_names.items()]

    def file_fields(self) -> list[Any]:
        """The bound fields every kind has: the kind and the file."""
        return [self[n] for n in ("kind", "file")]

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        importer = self.kinds.get(data.get("kind", ""))
        if importer is None or self.ward is None:
            return data
        names = self.option_names.get(importer.key, [])
        values = {}
        for full in names:
            value = data.get(full)
            if full in self.required_options and value in (None, ""):
                self.add_error(full, "Chưa nhập.")
            values[full.split("__", 1)[1]] = value
        if not self.errors:
            try:
                data["options"] = importer.clean_options(values, ward=self.ward)
            except forms.ValidationError as exc:
                by_field = exc.error_dict if hasattr(exc, "error_dict") else {None: exc.error_list}
                for name, errors in by_field.items():
                    full = f"{importer.key}__{name}"
                    self.add_error(full if full in self.fields else None, errors)
        return data


def _kinds(request: Any) -> list[importers.Importer]:
    ward = request.work.ward
    return [i for i in importers.all_importers() if ward is not None and i.allowed(request.user, ward)]


def _job(request: Any, pk: int) -> ImportJob:
    """The job if the user may run imports on its ward (404 otherwise); the big plan is not loaded."""
    jobs = ImportJob.objects.defer("plan_data").select_related("ward")
    return get_for_user(jobs, request.user, Cap.IMPORTS_RUN, pk=pk)


@capability_required(Cap.IMPORTS_RUN)
def import_list(request: Any) -> HttpResponse:
    ward = request.work.ward
    kinds = _kinds(request)
    form = UploadForm(request.POST or None, request.FILES or None, kinds=kinds, ward=ward, year=int(request.work.year))
    if request.method == "POST":
        if not kinds:
            raise PermissionDenied("Bạn không có quyền nhập dữ liệu vào đơn vị này.")
        if form.is_valid():
            upload = form.cleaned_data["file"]
            if upload.size > services.MAX_FILE_BYTES:
                form.add_error("file", services.MSG_TOO_LARGE.format(mb=round(upload.size / 2**20)))
            else:
                try:
                    job = services.create_job(
                        actor=request.user,
                        user=request.user,
                        ward=ward,
                        kind=form.cleaned_data["kind"],
                        data=upload.read(),
                        filename=upload.name,
                        options=form.cleaned_data.get("options") or {},
                    )
                except services.ImportError_ as exc:
                    form.add_error(None, str(exc))
                else:
                    return redirect("import-detail", pk=job.pk)
    jobs = (
        ImportJob.objects.visible_to(request.user, Cap.IMPORTS_RUN)
        .filter(ward__in=_ward_scope(request))
        .defer("plan_data", "preview")[:50]
    )
    labels = {i.key: i.label for i in importers.all_importers()}
    jobs = list(jobs)
    for job in jobs:
        job.kind_label = labels.get(job.kind, job.kind)
    return render(
        request,
        "imports/import_list.html",
        {"form": form, "kinds": kinds, "jobs": jobs, "ward": ward, "accept": ACCEPT},
    )


@capability_required(Cap.IMPORTS_RUN)
def import_template(request: Any, kind: str) -> HttpResponse:
    importer = next((i for i in _kinds(request) if i.key == kind), None)
    if importer is None:
        raise Http404("Không có tệp mẫu này.")
    ward = request.work.ward
    year = year_of(request)
    name = f"{importer.template_title} {ward.short_name}" + (f" {year}" if importer.option_fields(ward, year) else "")
    return download(importer.template(ward, year), filename(name))


def _skipped_groups(skipped: list[list[Any]]) -> list[dict[str, Any]]:
    """[[row, reason], …] → [{"reason": …, "rows": "5, 7–9"}], in order of first appearance."""
    by_reason: dict[str, list[int]] = {}
    for row, reason in skipped:
        by_reason.setdefault(reason, []).append(row)
    out = []
    for reason, rows in by_reason.items():
        spans = []
        for _, run in groupby(enumerate(sorted(rows)), key=lambda x: x[1] - x[0]):
            values = [v for _, v in run]
            spans.append(str(values[0]) if len(values) == 1 else f"{values[0]}–{values[-1]}")
        out.append({"reason": reason, "count": len(rows), "rows": ", ".join(spans)})
    return out


def _recovered(request: Any, job: ImportJob) -> ImportJob:
    """The job, taken up again first if the process running it died (recovery.py)."""
    if job.is_running and recovery.recover_stalled_jobs(ImportJob.objects.filter(pk=job.pk)):
        return _job(request, job.pk)
    return job


@capability_required(Cap.IMPORTS_RUN)
def import_detail(request: Any, pk: int) -> HttpResponse:
    job = _recovered(request, _job(request, pk))
    importer = importers.get(job.kind)
    preview = job.preview or {}
    rejected = preview.get("rejected", [])
    kinds = _kinds(request)
    return render(
        request,
        "imports/job_detail.html",
        {
            "job": job,
            "importer": importer,
            "preview": preview,
            "details": preview.get("details", {}),
            "rejected_shown": rejected[:REJECTED_SHOWN],
            "rejected_more": max(0, len(rejected) - REJECTED_SHOWN),
            "rejected_total": len(rejected),
            "skipped_groups": _skipped_groups(preview.get("skipped", [])),
            "progress": job.progress(),
            "form": UploadForm(initial={"kind": job.kind}, kinds=kinds) if kinds else None,
            "options_text": importer.options_text(job.options) if importer and job.options else "",
            "option_inputs": [(f"{job.kind}__{k}", v) for k, v in job.options.items() if v is not None],
            "accept": ACCEPT,
            "can_commit": bool(importer and job.can_commit and importer.allowed(request.user, job.ward)),
        },
    )


@capability_required(Cap.IMPORTS_RUN)
def import_progress(request: Any, pk: int) -> HttpResponse:
    """Polled every second by the status page while a job runs; asks the page to reload when it is done."""
    job = _recovered(request, _job(request, pk))
    response = render(request, "imports/fragment_progress.html", {"job": job, "progress": job.progress()})
    if not job.is_running:
        response["HX-Refresh"] = "true"
    return response


@capability_required(Cap.IMPORTS_RUN)
def import_sheet(request: Any, pk: int) -> HttpResponse:
    if request.method != "POST":
        return import_detail(request, pk)
    job = _job(request, pk)
    try:
        services.choose_sheet(job, actor=request.user, sheet=request.POST.get("sheet", ""))
    except services.ImportError_ as exc:
        messages.error(request, str(exc))
    return redirect("import-detail", pk=job.pk)


@capability_required(Cap.IMPORTS_RUN)
def import_commit(request: Any, pk: int) -> HttpResponse:
    if request.method != "POST":
        return import_detail(request, pk)
    job = _job(request, pk)
    importer = services.importer_for(job)
    if not importer.allowed(request.user, job.ward):
        raise PermissionDenied("Bạn không có quyền ghi dữ liệu này vào sổ.")
    try:
        job = services.start_commit(job, actor=request.user)
    except services.ImportError_ as exc:
        messages.error(request, str(exc))
    return redirect("import-detail", pk=job.pk)


@capability_required(Cap.IMPORTS_RUN)
def import_file(request: Any, pk: int) -> HttpResponse:
    """The original file, as uploaded (a macro workbook without its macros; a refused file is not kept)."""
    job = _job(request, pk)
    if not job.file:
        raise Http404("Tệp này không được lưu lại.")
    try:
        data = job.read_file()
    except OSError as exc:
        raise Http404("Không còn tệp gốc.") from exc
    return download(data, job.filename or "tep", "application/octet-stream")


@capability_required(Cap.IMPORTS_RUN)
def import_rejected(request: Any, pk: int) -> HttpResponse:
    """Every rejected row of the preview as .xlsx (row, column, reason), to fix the file from."""
    job = _job(request, pk)
    rows = [[e["row"], e["column"], e["message"]] for e in (job.preview or {}).get("rejected", [])]
    columns = [Column("Dòng", 8, "int"), Column("Cột", 24), Column("Lý do", 90)]
    title = f"Các dòng bị từ chối – {job.filename}"
    return download(write_table(title, columns, rows, sheet="Dòng bị từ chối"), filename(f"loi {job.filename}"))


# --- exports --------------------------------------------------------------------------------------


def _stamp(request: Any, what: str) -> str:
    ward = request.work.ward
    where = ward.short_name if ward else ""
    return f"{what} {where} {timezone.localdate():%d-%m-%Y}"


@capability_required(Cap.HOUSEHOLDS_VIEW)
def export_households(request: Any) -> HttpResponse:
    qs, _ = filtered_households(request)
    households = qs.select_related("group").in_vietnamese_order()
    ward = request.work.ward
    title = f"Danh sách hộ gia đình – {ward.name}" if ward else "Danh sách hộ gia đình"
    data = exports.households_xlsx(households.iterator(chunk_size=2000), request.user, title)
    return download(data, filename(_stamp(request, "ho gia dinh")))


@capability_required(Cap.AGENCIES_VIEW)
def export_agencies(request: Any) -> HttpResponse:
    qs = Agency.objects.visible_to(request.user, Cap.AGENCIES_VIEW).filter(ward__in=_ward_scope(request))
    q = request.GET.get("q", "").strip()
    if q:
        qs = qs.search(q)
    ward = request.work.ward
    title = f"Cơ quan, đơn vị – {ward.name}" if ward else "Cơ quan, đơn vị"
    return download(exports.agencies_xlsx(qs.select_related("group"), title), filename(_stamp(request, "co quan")))


@capability_required(Cap.STREETS_VIEW)
def export_streets(request: Any) -> HttpResponse:
    qs = Street.objects.visible_to(request.user, Cap.STREETS_VIEW).filter(ward__in=_ward_scope(request))
    ward = request.work.ward
    title = f"Tuyến phố văn minh đô thị – {ward.name}" if ward else "Tuyến phố"
    data = exports.streets_xlsx(qs.prefetch_related("groups"), title)
    return download(data, filename(_stamp(request, "tuyen pho")))
