"""Pages of inspections, the 18/11 festival and training/outreach: thin views that read through visible_to()
and change through services.

Who may write (see docs/activities.md): inspections, title flags, trainings and outreach are the ward's work
(activities.change on the ward); a group's festival is recorded by whoever holds activities.change on the
group, which includes its leader. A group leader therefore sees the inspections of their group (404 for
other groups) but answers 403 on every inspection form.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from vanhoa.accounts.decorators import capability_required
from vanhoa.accounts.permissions import Cap, has_cap
from vanhoa.accounts.scoping import get_for_user
from vanhoa.activities import checklists, documents, exports, services
from vanhoa.activities.choices import EventKind, FindingResult, FollowUp, InspectionStatus, SubjectKind
from vanhoa.activities.forms import (
    EventRecordForm,
    FestivalForm,
    FindingForm,
    FlagForm,
    FollowUpForm,
    InspectionForm,
    ResolveFlagForm,
    ResultsForm,
)
from vanhoa.activities.funding import funds_by_festival
from vanhoa.activities.models import ActivityFile, Event, Festival, Finding, Inspection, TitleFlag, today
from vanhoa.activities.places import AmbiguousWard, festival_day, ward_for
from vanhoa.activities.reports import festival_summary
from vanhoa.core import audit, versioning
from vanhoa.core.files import serve_stored
from vanhoa.core.params import int_param, year_of
from vanhoa.documents import DocumentConversionError
from vanhoa.documents.responses import download, pdf_response
from vanhoa.plans.models import Activity
from vanhoa.registry.choices import HouseholdStatus
from vanhoa.registry.models import Agency, Household
from vanhoa.units.choices import UnitKind
from vanhoa.units.models import Unit
from vanhoa.units.tree import get_graph
from vanhoa.units.words import localise_text

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
KIND_URLS = {EventKind.TRAINING: "training", EventKind.OUTREACH: "outreach"}


# --------------------------------------------------------------------------- helpers shared with funding_views


def covered(request: Any) -> frozenset[int]:
    ward = request.work.ward
    return get_graph().covered(ward.pk) if ward else frozenset()


def require_work_ward(request: Any, cap: Cap) -> Unit:
    """The work ward, when the user may change records of it with `cap` (403 otherwise)."""
    ward = request.work.ward
    if ward is None or not has_cap(request.user, cap, ward):
        raise PermissionDenied("Bạn không có quyền ghi nhận ở đơn vị này.")
    return ward


def record_ward(request: Any, form: Any, day: date, cap: Cap, field: str) -> Unit | None:
    """The commune a record dated `day` belongs to: the ward of the plan activity it fulfils, else the work ward
    or its predecessor of that day; a form error on `field` when there is none (or several to choose from)."""
    activity = form.cleaned_data.get("activity")
    if activity is not None and activity.plan.ward.is_active_on(day):
        ward = activity.plan.ward
    else:
        try:
            ward = ward_for(request.work.ward, day)
        except AmbiguousWard as exc:
            form.add_error(field, str(exc))
            return None
    if ward is None:
        form.add_error(field, f"{request.work.ward.name} (và các đơn vị tiền thân) không hoạt động vào ngày này.")
        return None
    if not has_cap(request.user, cap, ward):
        raise PermissionDenied("Bạn không có quyền ghi nhận ở đơn vị này.")
    return ward


def plan_activities(request: Any, year: int) -> Any:
    return (
        Activity.objects.visible_to(request.user, Cap.PLANS_VIEW)
        .filter(plan__ward__in=covered(request), plan__year=year)
        .select_related("plan")
        .order_by("plan__ward__sort_key", "order", "pk")
    )


def initial_activity(request: Any, year: int) -> Activity | None:
    """?hoat-dong=<id>: the plan activity a record is created from (pre-fills the link)."""
    pk = int_param(request.GET.get("hoat-dong"))
    return plan_activities(request, year).filter(pk=pk).first() if pk is not None else None


def form_page(request: Any, form: Any, title: str, back: str, **extra: Any) -> HttpResponse:
    return render(request, "activities/form.html", {"form": form, "title": title, "back": back, **extra})


# --------------------------------------------------------------------------- overview


@capability_required(Cap.ACTIVITIES_VIEW)
def home(request: Any) -> HttpResponse:
    """What was done this year: inspections, festivals, trainings, outreach, open title flags."""
    year, user, ids = year_of(request), request.user, covered(request)
    inspections = Inspection.objects.visible_to(user, Cap.ACTIVITIES_VIEW).filter(ward__in=ids, year=year)
    events = Event.objects.visible_to(user, Cap.ACTIVITIES_VIEW).filter(ward__in=ids, year=year)
    event_counts = dict(events.values_list("kind").annotate(n=Count("id")).values_list("kind", "n"))
    summary = festival_summary(request.work.ward, year, user=user, with_funds=False) if request.work.ward else None
    flags = TitleFlag.objects.visible_to(user, Cap.ACTIVITIES_VIEW).filter(ward__in=ids).open()
    return render(
        request,
        "activities/home.html",
        {
            "year": year,
            "inspections_done": inspections.filter(status=InspectionStatus.DONE).count(),
            "inspections_planned": inspections.filter(status=InspectionStatus.PLANNED).count(),
            "trainings": event_counts.get(EventKind.TRAINING, 0),
            "outreach": event_counts.get(EventKind.OUTREACH, 0),
            "summary": summary,
            "flags": flags.select_related("group", "agency", "household", "inspection")[:20],
            "sees_ward": request.work.ward is not None and has_cap(user, Cap.ACTIVITIES_VIEW, request.work.ward),
        },
    )


# --------------------------------------------------------------------------- inspections


def _inspection(request: Any, pk: int, change: bool = False) -> Inspection:
    """404 outside the user's scope; with `change`, 403 unless activities.change on the inspection's ward
    (a group leader sees their group's inspections but does not write them)."""
    inspection = get_for_user(
        Inspection.objects.select_related("ward", "unit", "group", "agency", "activity__plan"),
        request.user,
        Cap.ACTIVITIES_VIEW,
        pk=pk,
    )
    if change and not has_cap(request.user, Cap.ACTIVITIES_CHANGE, inspection.ward_id):
        raise PermissionDenied("Cuộc kiểm tra do phường ghi nhận; bạn chỉ được xem.")
    return inspection


def _finding(request: Any, pk: int) -> Finding:
    finding = get_for_user(
        Finding.objects.select_related(
            "inspection__ward", "inspection__unit", "inspection__group", "inspection__agency"
        ),
        request.user,
        Cap.ACTIVITIES_VIEW,
        pk=pk,
    )
    if not has_cap(request.user, Cap.ACTIVITIES_CHANGE, finding.inspection.ward_id):
        raise PermissionDenied("Cuộc kiểm tra do phường ghi nhận; bạn chỉ được xem.")
    return finding


@capability_required(Cap.ACTIVITIES_VIEW)
def inspection_list(request: Any) -> HttpResponse:
    year, user, ids = year_of(request), request.user, covered(request)
    inspections = (
        Inspection.objects.visible_to(user, Cap.ACTIVITIES_VIEW)
        .filter(ward__in=ids, year=year)
        .select_related("group", "agency", "ward")
        .annotate(
            failed=Count("findings", filter=Q(findings__result=FindingResult.FAIL)),
            still_open=Count(
                "findings", filter=Q(findings__result=FindingResult.FAIL) & ~Q(findings__followup=FollowUp.DONE)
            ),
        )
        .order_by("planned_on", "pk")
    )
    overdue = (
        Finding.objects.visible_to(user, Cap.ACTIVITIES_VIEW)
        .filter(inspection__ward__in=ids, result=FindingResult.FAIL, deadline__lt=today())
        .exclude(followup=FollowUp.DONE)
        .exclude(correction="")
        .select_related("inspection__group", "inspection__agency")
    )
    flags = TitleFlag.objects.visible_to(user, Cap.ACTIVITIES_VIEW).filter(ward__in=ids).open()
    ward = request.work.ward
    return render(
        request,
        "activities/inspection_list.html",
        {
            "year": year,
            "inspections": inspections,
            "overdue": overdue,
            "flags": flags.select_related("group", "agency", "household", "inspection"),
            "can_add": ward is not None and has_cap(user, Cap.ACTIVITIES_CHANGE, ward),
            "today": today(),
        },
    )


def _inspection_form(
    request: Any,
    kind: str,
    year: int,
    initial: dict[str, Any],
    editing: bool = False,
    data: Any = "post",
) -> InspectionForm:
    ids = covered(request)
    groups = Unit.objects.filter(kind=UnitKind.GROUP, id__in=ids).exclude(valid_to__lt=date(year, 1, 1))
    agencies = Agency.objects.visible_to(request.user, Cap.AGENCIES_VIEW).filter(ward__in=ids, active=True)
    users = get_user_model().objects.filter(memberships__unit__in=ids, memberships__active=True, is_active=True)
    form = InspectionForm(
        (request.POST or None) if data == "post" else data,
        initial=initial,
        subject_kind=kind,
        groups=groups.order_by("order", "sort_key"),
        agencies=agencies,
        checklists=checklists.choices(kind, year),
        users=users.distinct().order_by("first_name", "username"),
        editing=editing,
    )
    form.set_choices(plan_activities(request, year))
    return form


@capability_required(Cap.ACTIVITIES_CHANGE)
def inspection_create(request: Any) -> HttpResponse:
    require_work_ward(request, Cap.ACTIVITIES_CHANGE)
    kind = SubjectKind.AGENCY if request.GET.get("loai") == "co-quan" else SubjectKind.GROUP
    year = year_of(request)
    activity = initial_activity(request, year)
    initial: dict[str, Any] = {"activity": activity, "subject": activity.content if activity else ""}
    if int_param(request.GET.get("to")) is not None:
        initial["group"] = int_param(request.GET.get("to"))
    if int_param(request.GET.get("co-quan")) is not None:
        initial["agency"] = int_param(request.GET.get("co-quan"))
    choices = checklists.choices(kind, year)
    if choices:
        initial["checklist"] = choices[0][0]
    form = _inspection_form(request, kind, year, initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        ward = record_ward(request, form, data["planned_on"], Cap.ACTIVITIES_CHANGE, "planned_on")
        if ward is not None:
            try:
                inspection = services.create_inspection(
                    actor=request.user,
                    ward=ward,
                    planned_on=data["planned_on"],
                    subject_kind=kind,
                    group=data.get("group"),
                    agency=data.get("agency"),
                    subject=data["subject"],
                    checklist=data["checklist"],
                    members=form.member_list(),
                    place=data["place"],
                    representative_name=data["representative_name"],
                    representative_position=data["representative_position"],
                    activity=data["activity"],
                )
            except services.ActivityError as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(request, f"Đã lập kế hoạch {inspection}.")
                return redirect("inspection-detail", pk=inspection.pk)
    what = "cơ quan, đơn vị" if kind == SubjectKind.AGENCY else localise_text("tổ dân phố")
    title = f"Lập kế hoạch kiểm tra {what}"
    return form_page(request, form, title, reverse("inspection-list"))


@capability_required(Cap.ACTIVITIES_VIEW)
def inspection_detail(request: Any, pk: int) -> HttpResponse:
    inspection = _inspection(request, pk)
    findings = inspection.findings.prefetch_related("files", "title_flags")
    flags = TitleFlag.objects.visible_to(request.user, Cap.ACTIVITIES_VIEW).filter(inspection=inspection)
    can_change = has_cap(request.user, Cap.ACTIVITIES_CHANGE, inspection.ward_id)
    return render(
        request,
        "activities/inspection_detail.html",
        {
            "inspection": inspection,
            "members": inspection.members.all(),
            "findings": findings,
            "flags": flags.select_related("household", "group", "agency"),
            "can_change": can_change,
            "today": today(),
            "history": audit.history(inspection)[:20] if can_change else [],
        },
    )


@capability_required(Cap.ACTIVITIES_CHANGE)
def inspection_edit(request: Any, pk: int) -> HttpResponse:
    inspection = _inspection(request, pk, change=True)
    initial = {
        "planned_on": inspection.planned_on,
        "subject": inspection.subject,
        "members": [str(m) for m in inspection.members.all()],
        "users": [m.user_id for m in inspection.members.all() if m.user_id],
        "place": inspection.place,
        "representative_name": inspection.representative_name,
        "representative_position": inspection.representative_position,
        "activity": inspection.activity,
    }
    form, current = versioning.bind(
        request,
        lambda data: _inspection_form(request, inspection.subject_kind, inspection.year, initial, True, data),
    )
    saved: Any = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:

            def save() -> Any:
                return services.update_inspection(
                    inspection,
                    actor=request.user,
                    members=form.member_list(),
                    planned_on=data["planned_on"],
                    subject=data["subject"],
                    place=data["place"],
                    representative_name=data["representative_name"],
                    representative_position=data["representative_position"],
                    activity=data["activity"],
                )

            saved = versioning.save_or_conflict(request, inspection, form, current, save)
        except services.ActivityError as exc:
            form.add_error(None, str(exc))
        if saved is not None and not isinstance(saved, dict):
            messages.success(request, "Đã lưu cuộc kiểm tra.")
            return redirect("inspection-detail", pk=inspection.pk)
    return form_page(
        request,
        form,
        f"Sửa: {inspection}",
        reverse("inspection-detail", args=[inspection.pk]),
        **versioning.page_state(request, inspection, [current]),
        **(saved or {}),
    )


@capability_required(Cap.ACTIVITIES_CHANGE)
def inspection_results(request: Any, pk: int) -> HttpResponse:
    """Record the result of each criterion, corrections with deadlines, evidence and the conclusion."""
    inspection = _inspection(request, pk, change=True)
    findings = list(inspection.findings.all())
    head = ResultsForm(
        request.POST or None,
        initial={
            "held_on": inspection.held_on or min(inspection.planned_on, today()),
            "representative_name": inspection.representative_name,
            "representative_position": inspection.representative_position,
            "conclusion": inspection.conclusion,
        },
        prefix="kq",
    )
    rows = [
        FindingForm(
            request.POST or None,
            request.FILES or None,
            prefix=f"tc{f.pk}",
            finding=f,
            initial={"result": f.result, "note": f.note, "correction": f.correction, "deadline": f.deadline},
        )
        for f in findings
    ]
    error = ""
    if request.method == "POST" and head.is_valid() and all([r.is_valid() for r in rows]):
        try:
            services.record_findings(
                inspection,
                actor=request.user,
                held_on=head.cleaned_data["held_on"],
                conclusion=head.cleaned_data["conclusion"],
                representative_name=head.cleaned_data["representative_name"],
                representative_position=head.cleaned_data["representative_position"],
                results=[
                    services.FindingInput(
                        r.finding,
                        r.cleaned_data["result"],
                        r.cleaned_data["note"],
                        r.cleaned_data["correction"],
                        r.cleaned_data["deadline"],
                        r.cleaned_data["files"],
                    )
                    for r in rows
                ],
            )
        except services.ActivityError as exc:
            error = str(exc)
        else:
            messages.success(request, "Đã ghi kết quả kiểm tra.")
            return redirect("inspection-detail", pk=inspection.pk)
    elif request.method == "POST":
        error = "Có mục chưa hợp lệ, hãy xem các thông báo màu đỏ bên dưới."
    return render(
        request,
        "activities/inspection_results.html",
        {"inspection": inspection, "head": head, "rows": rows, "error": error},
    )


@capability_required(Cap.ACTIVITIES_CHANGE)
def finding_followup(request: Any, pk: int) -> HttpResponse:
    finding = _finding(request, pk)
    form = FollowUpForm(
        request.POST or None,
        initial={
            "followup": finding.followup or FollowUp.DONE,
            "on": finding.followup_on or today(),
            "note": finding.followup_note,
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.record_followup(finding, actor=request.user, **form.cleaned_data)
        except services.ActivityError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, "Đã ghi kết quả khắc phục.")
            return redirect("inspection-detail", pk=finding.inspection_id)
    return form_page(
        request,
        form,
        "Kết quả khắc phục",
        reverse("inspection-detail", args=[finding.inspection_id]),
        intro=f"Tiêu chí {finding}: {finding.correction} (thời hạn {finding.deadline:%d/%m/%Y})."
        if finding.deadline
        else f"Tiêu chí {finding}.",
    )


@capability_required(Cap.ACTIVITIES_CHANGE)
def finding_flag(request: Any, pk: int) -> HttpResponse:
    """A failed criterion blocks a title this year or opens a revocation (flag_title_consequence)."""
    finding = _finding(request, pk)
    inspection = finding.inspection
    households = Household.objects.none()
    if inspection.group_id:
        households = Household.objects.visible_to(request.user, Cap.HOUSEHOLDS_VIEW).filter(
            group=inspection.group, status=HouseholdStatus.ACTIVE
        )
    form = FlagForm(
        request.POST or None,
        households=households,
        initial={"year": inspection.year, "reason": f"Tiêu chí {finding}: {finding.note}".strip()},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            flag = services.flag_title_consequence(
                finding,
                consequence=data["consequence"],
                reason=data["reason"],
                actor=request.user,
                household=data.get("household"),
                year=data["year"],
            )
        except services.ActivityError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, f"Đã ghi cảnh báo: {flag}.")
            return redirect("inspection-detail", pk=inspection.pk)
    return form_page(
        request,
        form,
        "Cảnh báo danh hiệu",
        reverse("inspection-detail", args=[inspection.pk]),
        intro=f"{inspection.subject_name} – tiêu chí không đạt: {finding}.",
    )


@capability_required(Cap.ACTIVITIES_CHANGE)
def flag_resolve(request: Any, pk: int) -> HttpResponse:
    flag = get_for_user(
        TitleFlag.objects.select_related("inspection", "group", "agency", "household"),
        request.user,
        Cap.ACTIVITIES_VIEW,
        pk=pk,
    )
    if not has_cap(request.user, Cap.ACTIVITIES_CHANGE, flag.ward_id):
        raise PermissionDenied("Cảnh báo do phường giải quyết; bạn chỉ được xem.")
    form = ResolveFlagForm(request.POST or None, initial={"on": today()})
    if request.method == "POST" and form.is_valid():
        try:
            services.resolve_title_flag(
                flag, actor=request.user, note=form.cleaned_data["note"], on=form.cleaned_data["on"]
            )
        except services.ActivityError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, "Đã giải quyết cảnh báo.")
            return redirect("inspection-detail", pk=flag.inspection_id)
    return form_page(
        request,
        form,
        "Giải quyết cảnh báo danh hiệu",
        reverse("inspection-detail", args=[flag.inspection_id]),
        intro=str(flag),
    )


@capability_required(Cap.ACTIVITIES_VIEW)
def inspection_minutes_docx(request: Any, pk: int) -> HttpResponse:
    inspection = _inspection(request, pk)
    data = documents.inspection_minutes(inspection).to_bytes()
    return download(data, f"bien-ban-kiem-tra-{inspection.pk}.docx", DOCX)


@capability_required(Cap.ACTIVITIES_VIEW)
def inspection_minutes_pdf(request: Any, pk: int) -> HttpResponse:
    inspection = _inspection(request, pk)
    try:
        return pdf_response(
            request,
            documents.inspection_minutes(inspection),
            filename=f"bien-ban-kiem-tra-{inspection.pk}.pdf",
            title=f"Biên bản kiểm tra: {inspection}",
        )
    except DocumentConversionError as exc:
        messages.error(request, str(exc))
        return redirect("inspection-detail", pk=inspection.pk)


@capability_required(Cap.ACTIVITIES_VIEW)
def activity_file(request: Any, pk: int) -> HttpResponse:
    stored = get_for_user(ActivityFile.objects.all(), request.user, Cap.ACTIVITIES_VIEW, pk=pk)
    return serve_stored(stored, request)


# --------------------------------------------------------------------------- the 18/11 festival


@capability_required(Cap.ACTIVITIES_VIEW)
def festival_list(request: Any) -> HttpResponse:
    """The ward summary: every group, held or not, participants, funds, photos (a group leader sees their
    group's row and records it from here)."""
    year, ward = year_of(request), request.work.ward
    if ward is None:
        raise Http404("Chưa chọn xã, phường.")
    summary = festival_summary(ward, year, user=request.user, with_funds=has_cap(request.user, Cap.FUNDING_VIEW))
    for row in summary.rows:
        row.can_record = has_cap(request.user, Cap.ACTIVITIES_CHANGE, row.group)  # type: ignore[attr-defined]
    return render(
        request, "activities/festival_list.html", {"summary": summary, "year": year, "day": festival_day(year)}
    )


@capability_required(Cap.ACTIVITIES_VIEW)
def festival_xlsx(request: Any) -> HttpResponse:
    year, ward = year_of(request), request.work.ward
    if ward is None:
        raise Http404("Chưa chọn xã, phường.")
    summary = festival_summary(ward, year, user=request.user, with_funds=has_cap(request.user, Cap.FUNDING_VIEW))
    return download(exports.festival_xlsx(summary), f"ngay-hoi-dai-doan-ket-{year}.xlsx", XLSX)


@capability_required(Cap.ACTIVITIES_CHANGE)
def festival_record(request: Any, group: int) -> HttpResponse:
    """Record (or correct) a group's festival of the year, with photos: the group leader does it on a phone."""
    unit = get_for_user(
        Unit.objects.filter(kind=UnitKind.GROUP), request.user, Cap.ACTIVITIES_VIEW, Cap.ACTIVITIES_CHANGE, pk=group
    )
    year = year_of(request)
    festival = Festival.objects.filter(group=unit, year=year).first()
    initial: dict[str, Any] = {"held": "1", "held_on": festival_day(year) if festival_day(year) <= today() else None}
    if festival is not None:
        initial = {
            "held": "1" if festival.held else "0",
            "held_on": festival.held_on,
            "place": festival.place,
            "participants": festival.participants,
            "households_attending": festival.households_attending,
            "programme": festival.programme,
            "note": festival.note,
            "commendations": [f"{c['name']} – {c['by']}" if c.get("by") else c["name"] for c in festival.commendations],
        }
    form, current = versioning.bind(
        request, lambda data: FestivalForm(data, request.FILES if data is not None else None, initial=initial)
    )
    saved: Any = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:  # a page opened before anyone recorded the festival carries version "new": a record now conflicts

            def save() -> Any:
                return services.record_festival(
                    actor=request.user,
                    group=unit,
                    year=year,
                    held=data["held"],
                    held_on=data["held_on"],
                    place=data["place"],
                    participants=data["participants"],
                    households_attending=data["households_attending"],
                    programme=data["programme"],
                    commendations=data["commendations"],
                    note=data["note"],
                    files=data["files"],
                )

            saved = versioning.save_or_conflict(request, festival, form, current, save)
        except services.ActivityError as exc:
            form.add_error(None, str(exc))
        if saved is not None and not isinstance(saved, dict):
            messages.success(request, f"Đã ghi nhận {saved}.")
            return redirect("festival-detail", pk=saved.pk)
    return form_page(
        request,
        form,
        f"Ngày hội Đại đoàn kết {year} – {unit.name}",
        reverse("festival-list") + f"?nam={year}",
        multipart=True,
        narrow=True,
        **versioning.page_state(request, festival, [current]),
        **(saved or {}),
    )


@capability_required(Cap.ACTIVITIES_VIEW)
def festival_detail(request: Any, pk: int) -> HttpResponse:
    festival = get_for_user(
        Festival.objects.select_related("group", "ward", "activity__plan"), request.user, Cap.ACTIVITIES_VIEW, pk=pk
    )
    sees_money = has_cap(request.user, Cap.FUNDING_VIEW, festival.ward_id)
    return render(
        request,
        "activities/festival_detail.html",
        {
            "festival": festival,
            "photos": [f for f in festival.files.all() if f.is_image],
            "files": [f for f in festival.files.all() if not f.is_image],
            "funds": funds_by_festival([festival.pk], user=request.user)[festival.pk] if sees_money else None,
            "can_change": has_cap(request.user, Cap.ACTIVITIES_CHANGE, festival.group_id),
            "can_fund": has_cap(request.user, Cap.FUNDING_CHANGE, festival.ward_id),
        },
    )


# --------------------------------------------------------------------------- training and outreach


def _event(request: Any, pk: int, change: bool = False) -> Event:
    return get_for_user(
        Event.objects.select_related("ward", "group", "activity__plan"),
        request.user,
        Cap.ACTIVITIES_VIEW,
        Cap.ACTIVITIES_CHANGE if change else None,
        pk=pk,
    )


@capability_required(Cap.ACTIVITIES_VIEW)
def event_list(request: Any, kind: str) -> HttpResponse:
    year = year_of(request)
    events = (
        Event.objects.visible_to(request.user, Cap.ACTIVITIES_VIEW)
        .filter(ward__in=covered(request), year=year, kind=kind)
        .select_related("group")
        .annotate(n_files=Count("files"))
        .order_by("held_on", "pk")
    )
    ward = request.work.ward
    return render(
        request,
        "activities/event_list.html",
        {
            "events": events,
            "kind": kind,
            "kind_label": EventKind(kind).label,
            "year": year,
            "create_url": reverse(f"{KIND_URLS[kind]}-create"),
            "can_add": ward is not None and has_cap(request.user, Cap.ACTIVITIES_CHANGE, ward),
            "total": sum(e.attendance or 0 for e in events),
        },
    )


def _event_form(request: Any, kind: str, year: int, initial: dict[str, Any], data: Any = "post") -> EventRecordForm:
    groups = Unit.objects.filter(kind=UnitKind.GROUP, id__in=covered(request)).exclude(valid_to__lt=date(year, 1, 1))
    data = (request.POST or None) if data == "post" else data
    form = EventRecordForm(
        data,
        (request.FILES or None) if data is not None else None,
        initial=initial,
        kind=kind,
        groups=groups.order_by("order", "sort_key"),
    )
    form.set_choices(plan_activities(request, year))
    return form


def _event_data(form: EventRecordForm) -> dict[str, Any]:
    data = dict(form.cleaned_data)
    data.setdefault("attendees", [])
    return data


@capability_required(Cap.ACTIVITIES_CHANGE)
def event_create(request: Any, kind: str) -> HttpResponse:
    require_work_ward(request, Cap.ACTIVITIES_CHANGE)
    year = year_of(request)
    activity = initial_activity(request, year)
    initial = {"activity": activity, "topic": activity.content[:300] if activity else ""}
    form = _event_form(request, kind, year, initial)
    if request.method == "POST" and form.is_valid():
        data = _event_data(form)
        ward = record_ward(request, form, data["held_on"], Cap.ACTIVITIES_CHANGE, "held_on")
        if ward is not None:
            try:
                event = services.create_event(actor=request.user, ward=ward, kind=kind, **data)
            except services.ActivityError as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(request, f"Đã ghi nhận buổi {event.get_kind_display().lower()}.")
                return redirect("event-detail", pk=event.pk)
    label = EventKind(kind).label.lower()
    return form_page(request, form, f"Ghi nhận buổi {label}", reverse(f"{KIND_URLS[kind]}-list"), multipart=True)


@capability_required(Cap.ACTIVITIES_VIEW)
def event_detail(request: Any, pk: int) -> HttpResponse:
    event = _event(request, pk)
    can_change = has_cap(request.user, Cap.ACTIVITIES_CHANGE, event.ward_id)
    return render(
        request,
        "activities/event_detail.html",
        {
            "event": event,
            "files": event.files.all(),
            "can_change": can_change,
            "list_url": reverse(f"{KIND_URLS[event.kind]}-list") + f"?nam={event.year}",
            "history": audit.history(event)[:20] if can_change else [],
        },
    )


@capability_required(Cap.ACTIVITIES_CHANGE)
def event_edit(request: Any, pk: int) -> HttpResponse:
    event = _event(request, pk, change=True)
    fields = ["held_on", "topic", "audience", "form", "place", "group", "attendance", "attendees", "note", "activity"]
    initial = {f: getattr(event, f) for f in fields}
    form, current = versioning.bind(request, lambda data: _event_form(request, event.kind, event.year, initial, data))
    saved: Any = None
    if request.method == "POST" and form.is_valid():
        data = _event_data(form)
        if event.kind != EventKind.TRAINING:
            data.pop("attendees", None)
        try:
            saved = versioning.save_or_conflict(
                request, event, form, current, lambda: services.update_event(event, actor=request.user, **data)
            )
        except services.ActivityError as exc:
            form.add_error(None, str(exc))
        if saved is not None and not isinstance(saved, dict):
            messages.success(request, "Đã lưu.")
            return redirect("event-detail", pk=event.pk)
    return form_page(
        request,
        form,
        f"Sửa: {event}",
        reverse("event-detail", args=[event.pk]),
        multipart=True,
        **versioning.page_state(request, event, [current]),
        **(saved or {}),
    )
