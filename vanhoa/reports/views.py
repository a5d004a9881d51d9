"""Dashboards and reports: thin views that read through visible_to / has_cap and change through services."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from vanhoa.accounts.decorators import capability_required
from vanhoa.accounts.permissions import Cap, has_cap, scope_unit_ids
from vanhoa.accounts.scoping import get_for_user
from vanhoa.core.params import year_of
from vanhoa.core.templatetags.vn import vnnum, vnpct
from vanhoa.documents import DocumentConversionError
from vanhoa.documents.recipes import Docx
from vanhoa.documents.responses import download, pdf_response
from vanhoa.reports import content, dashboard, documents, services
from vanhoa.reports import indicators as ind
from vanhoa.reports.choices import EDITABLE, ReportKind, ReportStatus
from vanhoa.reports.forms import DueDateForm, ReportCreateForm, ReportForm, ReturnForm, parse_date
from vanhoa.reports.models import Report, ReportDueDate, ReportVersion
from vanhoa.units.choices import UnitKind
from vanhoa.units.models import Unit

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FORMATS = {"docx": DOCX, "pdf": "application/pdf", "xlsx": XLSX}


# --------------------------------------------------------------------------- dashboards


def _breadcrumbs(user: Any, unit: Unit) -> list[tuple[Unit, bool]]:
    """The unit's current ancestors, each with whether the user may open its dashboard."""
    out = []
    parent = unit.parent
    while parent is not None:
        out.insert(0, (parent, has_cap(user, Cap.INDICATORS_VIEW, parent)))
        parent = parent.parent
    return out


@dataclass(frozen=True)
class GroupLine:
    """One row of the table by group with its cells formatted once, as the template's filters would (the template
    only places them: 20 rows of lookups, filters and a {% url %} each cost ~1.5 ms of rendering)."""

    id: str
    name: str
    link: str  # the group's dashboard, when the user may open it
    residents: str
    registered: str
    recognised: str
    rate: str
    titled: bool | None


def _group_lines(user: Any, d: dashboard.Dashboard) -> list[GroupLine]:
    family = d.family
    shown = family is not None and family.has_data
    year = f"?nam={d.year:d}"
    scope = scope_unit_ids(user, Cap.INDICATORS_VIEW)  # has_cap(user, cap, group) for every group, read once
    return [
        GroupLine(
            id=f"{g.id:d}",
            name=g.name,
            link=reverse("reports-dashboard-unit", args=[g.id]) + year if scope is None or g.id in scope else "",
            residents=vnnum(g.residents),
            registered=vnnum(g.registered),
            recognised=vnnum(g.recognised),
            rate=vnpct(g.rate) if shown else "–",
            titled=g.titled,
        )
        for g in d.groups
    ]


def _render_dashboard(request: Any, unit: Unit | None, trend: bool = False) -> HttpResponse:
    if unit is None:
        return render(request, "reports/dashboard_none.html")
    year = year_of(request)
    on = parse_date(request.GET.get("ngay", ""))
    error = ""
    if request.GET.get("ngay") and on is None:
        error = "Ngày tính số liệu: ghi theo dạng ngày/tháng/năm, ví dụ 31/12/2020."
    if on is not None and on.year != year:
        error = f"Ngày tính số liệu phải trong năm {year}."
        on = None
    d = dashboard.build(unit, year, on, trend=trend)  # without it, the page loads the trend after itself
    user = request.user
    return render(
        request,
        "reports/dashboard.html",
        {
            "d": d,
            "unit": unit,
            "error": error,
            "crumbs": _breadcrumbs(user, unit),
            "ward_links": {w.id for w in d.wards if has_cap(user, Cap.INDICATORS_VIEW, w.id)},
            "group_lines": _group_lines(user, d),
            "years": list(range(ind.today().year + 1, 2017, -1)),
            "can_report": unit.kind == UnitKind.COMMUNE and has_cap(user, Cap.REPORTS_VIEW, unit),
            "custom_date": bool(request.GET.get("ngay")) and not error,
            "definitions": ind.definitions((i.code for i in d.indicators), d.year, d.on),
        },
    )


@capability_required(Cap.INDICATORS_VIEW)
def dashboard_home(request: Any) -> HttpResponse:
    """The user's own dashboard: a city or province committee sees the roll-up of its wards, ward officers their
    ward, a group leader the group."""
    return _render_dashboard(request, dashboard.landing_unit(request.user, request.work.ward))


def _unit(request: Any, pk: int) -> Unit | None:
    """The unit with its parent: the work ward the top bar read already when it is that one (no second query)."""
    ward = request.work.ward
    if ward is not None and ward.pk == pk and (ward.parent_id is None or Unit.parent.is_cached(ward)):
        return ward
    return Unit.objects.filter(pk=pk).select_related("parent").first()


@capability_required(Cap.INDICATORS_VIEW)
def dashboard_unit(request: Any, unit: int) -> HttpResponse:
    found = _unit(request, unit)
    if found is None or not has_cap(request.user, Cap.INDICATORS_VIEW, found):
        raise Http404("Không tìm thấy đơn vị.")
    return _render_dashboard(request, found)


@capability_required(Cap.INDICATORS_VIEW)
def dashboard_trend(request: Any, unit: int) -> HttpResponse:
    """The trend over the years of a dashboard (one aggregate per year since 2018), loaded by the page after it
    is shown, so that the page itself costs only its year's figures. Without HTMX (no script): the whole
    dashboard with the trend."""
    found = Unit.objects.filter(pk=unit).select_related("parent").first()  # a fragment: no top bar to share with
    if found is None or not has_cap(request.user, Cap.INDICATORS_VIEW, found):
        raise Http404("Không tìm thấy đơn vị.")
    if not request.htmx:
        return _render_dashboard(request, found, trend=True)
    year, on, _ = dashboard.as_of_for(found, year_of(request))
    d = dashboard.add_trend(dashboard.Dashboard(unit=found, year=year, on=on))
    return render(request, "reports/dashboard_trend.html", {"d": d})


# --------------------------------------------------------------------------- reports: reading


def _receiver_only(user: Any, report: Report) -> bool:
    """The committee above (receives, does not write the ward's reports): it sees only what was sent."""
    return has_cap(user, Cap.REPORTS_RECEIVE, report.ward_id) and not has_cap(user, Cap.REPORTS_CHANGE, report.ward_id)


def _report(request: Any, pk: int, change: bool = False) -> Report:
    report = get_for_user(
        Report.objects.select_related("ward", "recipient"),
        request.user,
        Cap.REPORTS_VIEW,
        Cap.REPORTS_CHANGE if change else None,
        pk=pk,
    )
    if not change and report.status == ReportStatus.DRAFT and _receiver_only(request.user, report):
        raise PermissionDenied("Báo cáo này chưa được gửi lên.")
    return report


def _visible_reports(user: Any) -> Any:
    qs = Report.objects.visible_to(user, Cap.REPORTS_VIEW).select_related("ward", "recipient")
    change = scope_unit_ids(user, Cap.REPORTS_CHANGE)
    receive = scope_unit_ids(user, Cap.REPORTS_RECEIVE)
    if change is None or receive is not None and not receive:
        return qs
    hidden_drafts = Q(status=ReportStatus.DRAFT) & Q(ward__in=receive or []) & ~Q(ward__in=change or [])
    return qs.exclude(hidden_drafts)


@capability_required(Cap.REPORTS_VIEW)
def report_list(request: Any) -> HttpResponse:
    reports = list(_visible_reports(request.user).order_by("-year", "kind", "ward__sort_key"))
    receive = scope_unit_ids(request.user, Cap.REPORTS_RECEIVE)
    waiting = [
        r
        for r in reports
        if r.status == ReportStatus.SUBMITTED and r.recipient_id and (receive is None or r.recipient_id in receive)
    ]
    ward = request.work.ward
    can_create = ward is not None and has_cap(request.user, Cap.REPORTS_CHANGE, ward)
    versions = {}
    for v in (
        ReportVersion.objects.filter(report__in=reports)
        .order_by("report", "-number")
        .values("report_id", "number", "submitted_on")
    ):
        versions.setdefault(v["report_id"], v)
    rows = [(r, versions.get(r.pk)) for r in reports]
    return render(
        request,
        "reports/report_list.html",
        {
            "rows": rows,
            "waiting": waiting,
            "can_create": can_create,
            "can_set_due": receive is None or bool(receive),
            "form": ReportCreateForm(initial={"year": request.work.year, "kind": ReportKind.ANNUAL}),
        },
    )


@capability_required(Cap.REPORTS_CHANGE)
def report_create(request: Any) -> HttpResponse:
    ward = request.work.ward
    if ward is None or not has_cap(request.user, Cap.REPORTS_CHANGE, ward):
        raise PermissionDenied("Bạn không có quyền lập báo cáo của đơn vị đang làm việc.")
    form = ReportCreateForm(request.POST or None, initial={"year": request.work.year, "kind": ReportKind.ANNUAL})
    if request.method == "POST" and form.is_valid():
        existing = Report.objects.filter(ward=ward, **form.cleaned_data).first()
        if existing is not None:
            messages.info(request, f"{existing.title} đã có; mở báo cáo đó để sửa.")
            return redirect("report-detail", pk=existing.pk)
        try:
            report = services.create_report(actor=request.user, ward=ward, **form.cleaned_data)
        except services.ReportError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, f"Đã lập {report.title.lower()} của {ward.name} (bản nháp).")
            return redirect("report-detail", pk=report.pk)
    return render(request, "reports/report_create.html", {"form": form, "ward": ward})


def _charts(snap: dict[str, Any]) -> list[tuple[str, str]]:
    out = []
    for chart in (
        documents.group_chart(snap),
        documents.trend_chart(snap) if snap["kind"] == ReportKind.ANNUAL else None,
    ):
        if chart is not None:
            out.append((chart[0], chart[1].svg(chart[0])))
    return out


def _snapshot_context(snap: dict[str, Any]) -> dict[str, Any]:
    return {
        "snap": snap,
        "inds": content.indicators_of(snap),
        "indicator_rows": documents.indicator_rows(snap),
        "activity_rows": documents.activity_rows(snap),
        "on_time_sentence": content.on_time_sentence(snap),
        "definitions": ind.definitions((i["code"] for i in snap["indicators"]), snap["year"], content.as_of(snap)),
        "provided": documents.provided_lines(snap),
        "annex_rows": documents.annex_rows(snap),
        "charts": _charts(snap),
        "as_of": content.as_of(snap),
        "narrative": [(services.NARRATIVE_LABELS[k], snap["narrative"][k]) for k in services.NARRATIVE_LABELS],
    }


@capability_required(Cap.REPORTS_VIEW)
def report_detail(request: Any, pk: int) -> HttpResponse:
    report = _report(request, pk)
    user = request.user
    versions = list(report.versions.order_by("-number").select_related("recipient"))
    can_change = has_cap(user, Cap.REPORTS_CHANGE, report.ward_id)
    live = report.is_editable and not _receiver_only(user, report)
    snap = services.live_snapshot(report) if live or not versions else versions[0].snapshot
    can_answer = (
        report.status == ReportStatus.SUBMITTED
        and report.recipient_id is not None
        and has_cap(user, Cap.REPORTS_RECEIVE, report.recipient_id)
    )
    stale = services.stale_figures(report) if report.status == ReportStatus.RECEIVED else []
    return render(
        request,
        "reports/report_detail.html",
        {
            "report": report,
            "stale": stale,
            "can_supplement": bool(stale) and can_change,
            "versions": versions,
            "live": live,
            "shown_version": None if live else (versions[0] if versions else None),
            "can_change": can_change and report.is_editable,
            "can_answer": can_answer,
            "recipient": report.recipient or content.recipient_for(report.ward),
            **_snapshot_context(snap),
        },
    )


@capability_required(Cap.REPORTS_VIEW)
def version_detail(request: Any, pk: int, number: int) -> HttpResponse:
    report = _report(request, pk)
    version = report.versions.filter(number=number).select_related("recipient").first()
    if version is None:
        raise Http404("Không có lần gửi này.")
    previous = report.versions.filter(number=number - 1).first() if number > 1 else None
    diff = services.diff_snapshots(previous.snapshot, version.snapshot) if previous else None
    return render(
        request,
        "reports/version_detail.html",
        {
            "report": report,
            "version": version,
            "previous": previous,
            "diff": diff,
            **_snapshot_context(version.snapshot),
        },
    )


def _files(
    request: Any, snap: dict[str, Any], fmt: str, docx: bytes | None, xlsx: bytes | None, number: int | None, back: Any
) -> HttpResponse:
    if fmt not in FORMATS:
        raise Http404("Định dạng không hỗ trợ.")
    if fmt == "xlsx":
        return download(
            bytes(xlsx) if xlsx is not None else documents.xlsx_bytes(snap),
            documents.file_name(snap, "xlsx", number),
            FORMATS[fmt],
        )
    data = bytes(docx) if docx is not None else documents.docx_bytes(snap)
    name = documents.file_name(snap, fmt, number)
    if fmt == "pdf":
        try:
            return pdf_response(request, Docx(data), filename=name, title=name)
        except DocumentConversionError as exc:
            messages.error(request, str(exc))
            return back
    return download(data, name, FORMATS[fmt])


@capability_required(Cap.REPORTS_VIEW)
def report_download(request: Any, pk: int, fmt: str) -> HttpResponse:
    """The report as it reads now (a draft), or as last sent for the committee above."""
    report = _report(request, pk)
    back = redirect("report-detail", pk=report.pk)
    latest = report.latest_version()
    if latest is not None and (not report.is_editable or _receiver_only(request.user, report)):
        return _files(request, latest.snapshot, fmt, latest.docx, latest.xlsx, latest.number, back)
    return _files(request, services.live_snapshot(report), fmt, None, None, None, back)


@capability_required(Cap.REPORTS_VIEW)
def version_download(request: Any, pk: int, number: int, fmt: str) -> HttpResponse:
    report = _report(request, pk)
    version = report.versions.filter(number=number).first()
    if version is None:
        raise Http404("Không có lần gửi này.")
    back = redirect("report-version", pk=report.pk, number=number)
    return _files(request, version.snapshot, fmt, version.docx, version.xlsx, version.number, back)


# --------------------------------------------------------------------------- reports: changing


@capability_required(Cap.REPORTS_CHANGE)
def report_edit(request: Any, pk: int) -> HttpResponse:
    report = _report(request, pk, change=True)
    if not report.is_editable:
        messages.info(request, f"Báo cáo đang ở trạng thái «{report.get_status_display()}»: không sửa được.")
        return render(request, "reports/report_locked.html", {"report": report})
    form = ReportForm(request.POST or None, initial=ReportForm.initial_from(report))
    if request.method == "POST" and form.is_valid():
        try:
            services.update_report(report, actor=request.user, **form.cleaned_data)
        except services.ReportError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, "Đã lưu báo cáo.")
            return redirect("report-detail", pk=report.pk)
    return render(request, "reports/report_form.html", {"report": report, "form": form})


@capability_required(Cap.REPORTS_CHANGE)
def report_submit(request: Any, pk: int) -> HttpResponse:
    report = _report(request, pk, change=True)
    recipient = report.recipient if report.status == ReportStatus.RETURNED and report.recipient else None
    recipient = content.recipient_for(report.ward) if recipient is None else recipient
    if request.method == "POST" and report.status in EDITABLE:
        try:
            version = services.submit_report(report, actor=request.user)
        except services.ReportError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(
                request, f"Đã gửi {report.title.lower()} (lần {version.number}) đến {version.recipient.name}."
            )
            return redirect("report-detail", pk=report.pk)
    return render(
        request,
        "reports/report_action.html",
        {"report": report, "action": "submit", "recipient": recipient, "allowed": report.status in EDITABLE},
    )


@capability_required(Cap.REPORTS_CHANGE)
def report_supplement(request: Any, pk: int) -> HttpResponse:
    """The records changed since the report was received: show what differs and open a corrected version."""
    report = _report(request, pk, change=True)
    stale = services.stale_figures(report) if report.status == ReportStatus.RECEIVED else []
    if request.method == "POST" and stale:
        try:
            services.start_supplement(report, actor=request.user)
        except services.ReportError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, "Đã mở bản bổ sung: số liệu được tính lại từ dữ liệu hiện nay; sửa nội dung nếu "
                             "cần rồi gửi lên cấp trên.")  # fmt: skip
            return redirect("report-detail", pk=report.pk)
    return render(
        request,
        "reports/report_action.html",
        {"report": report, "action": "supplement", "allowed": bool(stale), "stale": stale},
    )


def _answerable(request: Any, pk: int) -> Report:
    report = _report(request, pk)
    if report.recipient_id is not None and not has_cap(request.user, Cap.REPORTS_RECEIVE, report.recipient_id):
        raise PermissionDenied("Bạn không phải nơi nhận báo cáo này.")
    return report


@capability_required(Cap.REPORTS_RECEIVE)
def report_receive(request: Any, pk: int) -> HttpResponse:
    report = _answerable(request, pk)
    allowed = report.status == ReportStatus.SUBMITTED
    if request.method == "POST" and allowed:
        try:
            services.receive_report(report, actor=request.user)
        except services.ReportError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, f"Đã tiếp nhận {report.title.lower()} của {report.ward.name}.")
            return redirect("report-detail", pk=report.pk)
    return render(request, "reports/report_action.html", {"report": report, "action": "receive", "allowed": allowed})


@capability_required(Cap.REPORTS_RECEIVE)
def report_return(request: Any, pk: int) -> HttpResponse:
    report = _answerable(request, pk)
    allowed = report.status == ReportStatus.SUBMITTED
    form = ReturnForm(request.POST or None)
    if request.method == "POST" and allowed and form.is_valid():
        try:
            services.return_report(report, actor=request.user, reason=form.cleaned_data["reason"])
        except services.ReportError as exc:
            form.add_error("reason", str(exc))
        else:
            messages.success(request, f"Đã trả lại {report.title.lower()} cho {report.ward.name}.")
            return redirect("report-detail", pk=report.pk)
    return render(
        request, "reports/report_action.html", {"report": report, "action": "return", "allowed": allowed, "form": form}
    )


# --------------------------------------------------------------------------- sending dates set by the unit above


@capability_required(Cap.REPORTS_RECEIVE)
def due_dates(request: Any) -> HttpResponse:
    """The receiving unit sets and reads the dates by which the wards under it send their reports."""
    units = list(
        Unit.objects.visible_to(request.user, Cap.REPORTS_RECEIVE)
        .filter(kind__in=[UnitKind.PROVINCE, UnitKind.DISTRICT])
        .order_by("kind", "sort_key")
    )
    form = DueDateForm(
        request.POST or None, units=units, initial={"year": request.work.year, "kind": ReportKind.ANNUAL}
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        unit = next(u for u in units if u.pk == data["unit"])
        try:
            row = services.set_report_due_date(
                actor=request.user,
                unit=unit,
                kind=data["kind"],
                year=data["year"],
                due=data["due"],
                note=data["note"],
            )
        except services.ReportError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, f"Đã đặt hạn gửi {row.action_label} của {unit.name}: {row.due:%d/%m/%Y}.")
            return redirect("report-due-dates")
    rows = ReportDueDate.objects.visible_to(request.user, Cap.REPORTS_RECEIVE).select_related("unit")
    return render(request, "reports/due_dates.html", {"form": form, "rows": rows, "has_units": bool(units)})
