"""Plan pages: thin views that read through visible_to() and change through services."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from vanhoa.accounts.decorators import capability_required
from vanhoa.accounts.permissions import Cap, has_cap
from vanhoa.accounts.scoping import get_for_user
from vanhoa.core import audit, versioning
from vanhoa.core.files import serve_stored
from vanhoa.core.params import year_param
from vanhoa.documents import DocumentConversionError
from vanhoa.documents.responses import download, pdf_response
from vanhoa.plans import access, documents, services
from vanhoa.plans.choices import (
    DEFAULT_MEMBER_ROLES,
    DISPLAY_STATUS_LABELS,
    OVERDUE,
    ActivityStatus,
    PartyRole,
    Timing,
)
from vanhoa.plans.forms import (
    ActivityForm,
    CopyPlanForm,
    FundingRowForm,
    OrganisationForm,
    PlanCreateForm,
    PlanForm,
    ProgressForm,
    ResponsibilityRowForm,
    TargetRowForm,
    part_formset,
)
from vanhoa.plans.models import Activity, ActivityParty, Attachment, Organisation, Plan, today
from vanhoa.units.choices import UnitKind
from vanhoa.units.models import Unit
from vanhoa.units.tree import get_graph

MONTHS = list(range(1, 13))
ROLE_TEXT = {PartyRole.LEAD: "Chủ trì", PartyRole.COORDINATE: "Phối hợp"}


def _role_texts(roles: set[str]) -> list[str]:
    return [text for role, text in ROLE_TEXT.items() if role in roles]


def _ward_scope(request: Any) -> frozenset[int]:
    ward = request.work.ward
    return get_graph().covered(ward.pk) if ward else frozenset()


def _plan(request: Any, pk: int, change: bool = False) -> Plan:
    return get_for_user(
        Plan.objects.select_related("ward", "issuer_organisation"),
        request.user,
        Cap.PLANS_VIEW,
        Cap.PLANS_CHANGE if change else None,
        pk=pk,
    )


def _activity(request: Any, pk: int, change: bool = False) -> Activity:
    return get_for_user(
        Activity.objects.select_related("plan__ward").prefetch_related("parties__organisation", "parties__unit"),
        request.user,
        Cap.PLANS_VIEW,
        Cap.PLANS_CHANGE if change else None,
        pk=pk,
    )


def _organisations(ward: Unit) -> Any:
    return Organisation.objects.filter(ward=ward, active=True).order_by("order", "pk")


def _groups_of(ward: Unit, year: int) -> Any:
    """Residential groups of the ward in that year (the ward's children then, or since)."""
    covered = get_graph().covered(ward.pk)
    qs = Unit.objects.filter(kind=UnitKind.GROUP, id__in=covered)
    start = date(year, 1, 1)
    return qs.exclude(valid_to__lt=start).order_by("order", "sort_key")


def _candidate_wards(request: Any, year: int) -> list[Unit]:
    """Communes under the work ward (itself and its predecessors) that existed in `year` and that the user
    may plan for."""
    ids = _ward_scope(request)
    out = []
    for unit in Unit.objects.filter(kind=UnitKind.COMMUNE, id__in=ids).order_by("valid_to", "sort_key"):
        if unit.valid_from and unit.valid_from > date(year, 12, 31):
            continue
        if unit.valid_to and unit.valid_to < date(year, 1, 1):
            continue
        if has_cap(request.user, Cap.PLANS_CHANGE, unit):
            out.append(unit)
    return out


def _status_rows(activities: list[Activity], on: date) -> list[dict[str, Any]]:
    rows = []
    for n, a in enumerate(activities, start=1):
        status = a.display_status(on)
        rows.append({"n": n, "activity": a, "status": status, "status_label": DISPLAY_STATUS_LABELS[status]})
    return rows


# --------------------------------------------------------------------------- plans


@capability_required(Cap.PLANS_VIEW)
def plan_list(request: Any) -> HttpResponse:
    on = today()
    plans = list(
        Plan.objects.visible_to(request.user, Cap.PLANS_VIEW)
        .filter(ward__in=_ward_scope(request))
        .select_related("ward")
        .prefetch_related("activities__plan")
        .order_by("-year", "ward__sort_key")
    )
    rows = [{"plan": p, "progress": p.progress(on)} for p in plans]
    year = request.work.year
    can_create = bool(_candidate_wards(request, year)) and not any(p.year == year for p in plans)
    return render(
        request,
        "plans/plan_list.html",
        {"rows": rows, "can_create": can_create, "year": year, "today": on},
    )


@capability_required(Cap.PLANS_CHANGE)
def plan_create(request: Any) -> HttpResponse:
    year = year_param(request.POST.get("year") or request.GET.get("year")) or request.work.year
    wards = _candidate_wards(request, year)
    if not wards:
        raise PermissionDenied(f"Không có xã, phường nào bạn được lập kế hoạch năm {year}.")
    form = PlanCreateForm(request.POST or None, wards=wards, initial={"year": year})
    if request.method == "POST" and form.is_valid():
        try:
            plan = services.create_plan(
                actor=request.user, ward=form.cleaned_data["ward"], year=form.cleaned_data["year"]
            )
        except services.PlanError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, f"Đã lập {plan}. Hãy bổ sung căn cứ, mục đích và các hoạt động.")
            return redirect("plan-detail", pk=plan.pk)
    return render(request, "plans/simple_form.html", {"form": form, "title": "Lập kế hoạch năm"})


@capability_required(Cap.PLANS_VIEW)
def plan_detail(request: Any, pk: int) -> HttpResponse:
    plan = _plan(request, pk)
    on = today()
    activities = plan.ordered_activities()
    can_change = access.can_change_plan(request.user, plan.ward_id)
    return render(
        request,
        "plans/plan_detail.html",
        {
            "plan": plan,
            "rows": _status_rows(activities, on),
            "progress": plan.progress(on),
            "targets": plan.targets.all(),
            "funding": plan.funding_sources.all(),
            "responsibilities": plan.responsibilities.all(),
            "can_change": can_change,
            "history": audit.history(plan)[:20] if can_change else [],
        },
    )


@capability_required(Cap.PLANS_CHANGE)
def plan_edit(request: Any, pk: int) -> HttpResponse:
    plan = _plan(request, pk, change=True)
    fields = list(PlanForm.base_fields)
    initial = {f: getattr(plan, f) for f in fields}
    orgs = _organisations(plan.ward)
    form, current = versioning.bind(request, lambda data: PlanForm(data, initial=initial, organisations=orgs))
    saved: Any = None
    if request.method == "POST" and form.is_valid():
        try:
            data = form.cleaned_data
            saved = versioning.save_or_conflict(
                request, plan, form, current, lambda: services.update_plan(plan, actor=request.user, **data)
            )
        except services.PlanError as exc:
            form.add_error(None, str(exc))
        if saved is not None and not isinstance(saved, dict):
            messages.success(request, "Đã lưu kế hoạch.")
            return redirect("plan-detail", pk=plan.pk)
    context = {"form": form, "plan": plan, "title": f"Sửa {plan}", **versioning.page_state(request, plan, [current])}
    return render(request, "plans/plan_form.html", {**context, **(saved or {})})


@capability_required(Cap.PLANS_VIEW)
def plan_timeline(request: Any, pk: int) -> HttpResponse:
    plan = _plan(request, pk)
    on = today()
    current_month = on.month if on.year == plan.year else None
    rows = []
    for row in _status_rows(plan.ordered_activities(), on):
        months = set(row["activity"].months)
        row["cells"] = [{"month": m, "active": m in months} for m in MONTHS]
        rows.append(row)
    return render(
        request,
        "plans/plan_timeline.html",
        {
            "plan": plan,
            "rows": rows,
            "months": MONTHS,
            "current_month": current_month,
            "progress": plan.progress(on),
            "legend": [(s, DISPLAY_STATUS_LABELS[s]) for s in (*ActivityStatus.values, OVERDUE)],
        },
    )


@capability_required(Cap.PLANS_VIEW)
def plan_preview(request: Any, pk: int) -> HttpResponse:
    plan = _plan(request, pk)
    header = documents.header_of(plan)
    return render(
        request,
        "plans/plan_preview.html",
        {
            "plan": plan,
            "header": header,
            "issuer_parent_lines": (plan.issuer_parent or "").upper().splitlines(),
            "issuer_lines": plan.issuer.upper().splitlines(),
            "summary_lines": (header.summary or "").splitlines(),
            "blocks": documents.plan_blocks(plan),
            "columns": [
                (c, round(100 * w / sum(w for _, w in documents.TABLE_COLUMNS), 1)) for c, w in documents.TABLE_COLUMNS
            ],
            "recipients": documents.printed_recipients(plan),
        },
    )


@capability_required(Cap.PLANS_VIEW)
def plan_docx(request: Any, pk: int) -> HttpResponse:
    plan = _plan(request, pk)
    return download(documents.plan_docx(plan), documents.file_name(plan, "docx"))


@capability_required(Cap.PLANS_VIEW)
def plan_pdf(request: Any, pk: int) -> HttpResponse:
    plan = _plan(request, pk)
    try:
        return pdf_response(
            request, documents.build_plan_document(plan), filename=documents.file_name(plan, "pdf"),
            title=f"Kế hoạch năm {plan.year} của {plan.ward.name}",
        )  # fmt: skip
    except DocumentConversionError as exc:
        messages.error(request, str(exc))
        return redirect("plan-detail", pk=plan.pk)


@capability_required(Cap.PLANS_CHANGE)
def plan_copy(request: Any, pk: int) -> HttpResponse:
    plan = _plan(request, pk, change=True)
    graph = get_graph()
    ward_ids = {plan.ward_id} | graph.current(plan.ward_id)
    wards = [
        w
        for w in Unit.objects.filter(pk__in=ward_ids, kind=UnitKind.COMMUNE).order_by("valid_to", "sort_key")
        if has_cap(request.user, Cap.PLANS_CHANGE, w)
    ]
    next_year = plan.year + 1
    try:
        default_ward = services.successor_ward(plan.ward, next_year)
    except services.PlanError:
        default_ward = plan.ward
    form = CopyPlanForm(request.POST or None, wards=wards, initial={"year": next_year, "ward": default_ward.pk})
    if request.method == "POST" and form.is_valid():
        try:
            new = services.copy_plan(
                plan, actor=request.user, year=form.cleaned_data["year"], ward=form.cleaned_data["ward"]
            )
        except services.PlanError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(
                request,
                f"Đã sao chép sang {new}: {new.activities.count()} hoạt động, {new.targets.count()} chỉ tiêu. "
                "Hãy cập nhật căn cứ, số và ngày ban hành.",
            )
            return redirect("plan-detail", pk=new.pk)
    return render(request, "plans/plan_copy.html", {"form": form, "plan": plan})


PARTS = {
    "targets": (TargetRowForm, "III. Chỉ tiêu phấn đấu", "targets"),
    "funding": (FundingRowForm, "IV. Kinh phí thực hiện", "funding_sources"),
    "responsibilities": (ResponsibilityRowForm, "V. Tổ chức thực hiện", "responsibilities"),
}


def _plain(value: Any) -> Any:
    """Form initial values: 98.40 → 98.4, 8.00 → 8, an organisation → its id."""
    if isinstance(value, Decimal):
        value = value.normalize()
        return value.quantize(Decimal(1)) if value == value.to_integral_value() else value
    if isinstance(value, Organisation):
        return value.pk
    return value


def _edit_part(request: Any, pk: int, part: str) -> HttpResponse:
    plan = _plan(request, pk, change=True)
    form_class, title, service_part = PARTS[part]
    items = list(getattr(plan, service_part).all())
    fields = [f for f in form_class.base_fields if f != "id"]
    initial = [{"id": o.pk, **{f: _plain(getattr(o, f)) for f in fields}} for o in items]
    kwargs = {}
    if part == "responsibilities":
        kwargs["form_kwargs"] = {"organisations": _organisations(plan.ward)}
    formset = part_formset(form_class)(request.POST or None, initial=initial, prefix="rows", **kwargs)
    error = ""
    if request.method == "POST" and formset.is_valid():
        try:
            services.save_parts(plan, service_part, formset.rows(), actor=request.user)
        except services.PlanError as exc:
            error = str(exc)
        else:
            messages.success(request, f"Đã lưu mục {title}.")
            return redirect(reverse("plan-detail", kwargs={"pk": plan.pk}) + f"#{part}")
    return render(
        request,
        "plans/plan_part_form.html",
        {"formset": formset, "plan": plan, "title": title, "error": error},
    )


@capability_required(Cap.PLANS_CHANGE)
def plan_targets(request: Any, pk: int) -> HttpResponse:
    return _edit_part(request, pk, "targets")


@capability_required(Cap.PLANS_CHANGE)
def plan_funding(request: Any, pk: int) -> HttpResponse:
    return _edit_part(request, pk, "funding")


@capability_required(Cap.PLANS_CHANGE)
def plan_responsibilities(request: Any, pk: int) -> HttpResponse:
    return _edit_part(request, pk, "responsibilities")


# --------------------------------------------------------------------------- activities


def _activity_form(request: Any, plan: Plan, activity: Activity | None, data: Any = "post") -> ActivityForm:
    initial: dict[str, Any] = {}
    if activity is not None:
        initial = {
            "content": activity.content,
            "category": activity.category,
            "timing": activity.timing,
            "months": activity.periods if activity.timing == Timing.MONTHS else [],
            "quarters": activity.periods if activity.timing == Timing.QUARTERS else [],
        }
        for role, prefix in ((PartyRole.LEAD, "lead"), (PartyRole.COORDINATE, "coordinating")):
            parties = activity.parties_of(role)
            initial[f"{prefix}_orgs"] = [p.organisation_id for p in parties if p.organisation_id]
            initial[f"{prefix}_groups"] = [p.unit_id for p in parties if p.unit_id]
            initial[f"{prefix}_other"] = [p.label for p in parties if not p.organisation_id and not p.unit_id]
    return ActivityForm(
        (request.POST or None) if data == "post" else data,
        initial=initial,
        organisations=_organisations(plan.ward),
        groups=_groups_of(plan.ward, plan.year),
    )


def _keep_order(activity: Activity | None, form: ActivityForm, prefix: str) -> list[Any]:
    """Selected parties in the order they were (new ones after), so the printed order stays stable."""
    chosen = form.parties(prefix)
    if activity is None:
        return chosen
    role = PartyRole.LEAD if prefix == "lead" else PartyRole.COORDINATE
    position = {}
    for p in activity.parties_of(role):
        key = p.organisation_id and ("o", p.organisation_id) or p.unit_id and ("u", p.unit_id) or ("t", p.label)
        position[key] = p.position

    def key_of(item: Any) -> tuple[str, Any]:
        if isinstance(item, Organisation):
            return ("o", item.pk)
        if isinstance(item, Unit):
            return ("u", item.pk)
        return ("t", item)

    return sorted(chosen, key=lambda item: position.get(key_of(item), 1000))


@capability_required(Cap.PLANS_CHANGE)
def activity_create(request: Any, pk: int) -> HttpResponse:
    plan = _plan(request, pk, change=True)
    form = _activity_form(request, plan, None)
    if request.method == "POST" and form.is_valid():
        try:
            services.create_activity(
                plan,
                actor=request.user,
                content=form.cleaned_data["content"],
                category=form.cleaned_data["category"],
                timing=form.cleaned_data["timing"],
                periods=form.periods(),
                lead=form.parties("lead"),
                coordinating=form.parties("coordinating"),
            )
        except services.PlanError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, "Đã thêm hoạt động.")
            return redirect(reverse("plan-detail", kwargs={"pk": plan.pk}) + "#activities")
    return render(request, "plans/activity_form.html", {"form": form, "plan": plan, "title": "Thêm hoạt động"})


@capability_required(Cap.PLANS_CHANGE)
def activity_edit(request: Any, pk: int) -> HttpResponse:
    activity = _activity(request, pk, change=True)
    plan = activity.plan
    form, current = versioning.bind(request, lambda data: _activity_form(request, plan, activity, data))
    context: dict[str, Any] = {}
    if request.method == "POST" and form.is_valid():
        try:
            with versioning.guard(activity, versioning.posted(request.POST)):
                services.update_activity(
                    activity,
                    actor=request.user,
                    content=form.cleaned_data["content"],
                    category=form.cleaned_data["category"],
                    timing=form.cleaned_data["timing"],
                    periods=form.periods(),
                    lead=_keep_order(activity, form, "lead"),
                    coordinating=_keep_order(activity, form, "coordinating"),
                )
        except services.PlanError as exc:
            form.add_error(None, str(exc))
        except versioning.VersionConflict as exc:
            context = versioning.conflict_context(activity, exc, [versioning.Pair(form, current)], form.data)
        else:
            messages.success(request, "Đã lưu hoạt động.")
            return redirect("activity-detail", pk=activity.pk)
    return render(
        request,
        "plans/activity_form.html",
        {
            "form": form,
            "plan": plan,
            "activity": activity,
            "title": "Sửa hoạt động",
            **versioning.page_state(request, activity, [current]),
            **context,
        },
    )


@capability_required(Cap.PLANS_CHANGE)
def activity_delete(request: Any, pk: int) -> HttpResponse:
    activity = _activity(request, pk, change=True)
    plan = activity.plan
    if request.method == "POST":
        services.delete_activity(activity, actor=request.user)
        messages.success(request, "Đã xóa hoạt động.")
        return redirect(reverse("plan-detail", kwargs={"pk": plan.pk}) + "#activities")
    return render(
        request,
        "plans/confirm.html",
        {
            "title": "Xóa hoạt động",
            "question": f"Xóa hoạt động «{activity}» khỏi {plan}? Các ghi nhận tiến độ và tệp đính kèm cũng bị xóa.",
            "button": "Xóa hoạt động",
            "back": reverse("activity-detail", kwargs={"pk": activity.pk}),
        },
    )


@capability_required(Cap.PLANS_VIEW)
def activity_detail(request: Any, pk: int) -> HttpResponse:
    """The activity, its notes and files; officers who take part report progress here (POST)."""
    activity = _activity(request, pk)
    plan = activity.plan
    on = today()
    can_status = access.can_set_status(request.user, activity)
    can_report = access.can_report(request.user, activity)
    if request.method == "POST" and not can_report:
        raise PermissionDenied("Bạn không tham gia hoạt động này nên không ghi tiến độ được.")
    form = None
    if can_report:
        form = ProgressForm(
            request.POST or None,
            request.FILES or None,
            can_set_status=can_status,
            initial={"status": activity.status, "on": on},
        )
        if request.method == "POST" and form.is_valid():
            data = form.cleaned_data
            try:
                services.report_progress(
                    activity,
                    actor=request.user,
                    status=data.get("status"),
                    on=data["on"],
                    note=data["note"],
                    files=data["files"],
                    kind=data["kind"],
                )
            except services.PlanError as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(request, "Đã cập nhật tiến độ.")
                return redirect("activity-detail", pk=activity.pk)
    status = activity.display_status(on)
    roles = access.involvement(request.user, activity)
    notes = activity.notes.prefetch_related(
        Prefetch("attachments", queryset=Attachment.objects.order_by("created_at", "pk"))
    )
    position = [a.pk for a in plan.ordered_activities()].index(activity.pk) + 1
    return render(
        request,
        "plans/activity_detail.html",
        {
            "activity": activity,
            "plan": plan,
            "position": position,
            "status": status,
            "status_label": DISPLAY_STATUS_LABELS[status],
            "form": form,
            "can_change": access.can_change_plan(request.user, plan.ward_id),
            "involvement": _role_texts(roles),
            "notes": notes,
            "photos": [a for a in activity.attachments.all() if a.is_image],
        },
    )


# --------------------------------------------------------------------------- attachments


@capability_required(Cap.PLANS_VIEW)
def attachment_download(request: Any, pk: int) -> HttpResponse:
    attachment = get_for_user(Attachment.objects.select_related("activity__plan"), request.user, Cap.PLANS_VIEW, pk=pk)
    return serve_stored(attachment, request)


@capability_required(Cap.PLANS_CHANGE)
def attachment_delete(request: Any, pk: int) -> HttpResponse:
    attachment = get_for_user(
        Attachment.objects.select_related("activity__plan"), request.user, Cap.PLANS_VIEW, Cap.PLANS_CHANGE, pk=pk
    )
    back = reverse("activity-detail", kwargs={"pk": attachment.activity_id})
    if request.method == "POST":
        services.delete_attachment(attachment, actor=request.user)
        messages.success(request, f"Đã xóa tệp «{attachment.original_name}».")
        return redirect(back)
    return render(
        request,
        "plans/confirm.html",
        {
            "title": "Xóa tệp đính kèm",
            "question": f"Xóa tệp «{attachment.original_name}» của hoạt động «{attachment.activity}»?",
            "button": "Xóa tệp",
            "back": back,
        },
    )


# --------------------------------------------------------------------------- this month's work


@capability_required(Cap.PLANS_VIEW)
def todo(request: Any) -> HttpResponse:
    """ "Việc cần làm tháng này": activities of this year's plans due this month (and those overdue) whose lead
    or coordinating units include the user's; plan editors can switch to every activity of the ward."""
    on = today()
    show_all = request.GET.get("tat-ca") == "1"
    plans = Plan.objects.visible_to(request.user, Cap.PLANS_VIEW).filter(year=on.year)
    if show_all:
        plans = plans.filter(ward__in=_ward_scope(request))
    activities = list(
        Activity.objects.filter(plan__in=plans)
        .select_related("plan__ward")
        .prefetch_related(Prefetch("parties", queryset=ActivityParty.objects.select_related("organisation")))
        .order_by("plan__ward__sort_key", "order", "pk")
    )
    next_month = on.month + 1 if on.month < 12 else None
    due, overdue, upcoming = [], [], []
    for a in activities:
        roles = access.involvement(request.user, a)
        if not roles and not show_all:
            continue
        item = {
            "activity": a,
            "roles": _role_texts(roles),
            "status": a.display_status(on),
            "status_label": DISPLAY_STATUS_LABELS[a.display_status(on)],
        }
        if on.month in a.months:
            due.append(item)
        elif a.is_overdue(on):
            overdue.append(item)
        elif next_month and next_month in a.months and a.status != ActivityStatus.DONE:
            upcoming.append(item)
    can_see_all = request.work.ward is not None and has_cap(request.user, Cap.PLANS_CHANGE, request.work.ward)
    return render(
        request,
        "plans/todo.html",
        {
            "today": on,
            "due": due,
            "overdue": overdue,
            "upcoming": upcoming,
            "next_month": next_month,
            "show_all": show_all,
            "can_see_all": can_see_all,
            "has_plan": plans.exists(),
        },
    )


# --------------------------------------------------------------------------- organisations


@capability_required(Cap.PLANS_VIEW)
def organisation_list(request: Any) -> HttpResponse:
    orgs = (
        Organisation.objects.visible_to(request.user, Cap.PLANS_VIEW)
        .filter(ward__in=_ward_scope(request))
        .select_related("ward")
        .order_by("ward__valid_to", "ward__sort_key", "order", "pk")
    )
    ward = request.work.ward
    return render(
        request,
        "plans/organisation_list.html",
        {
            "organisations": orgs,
            "can_add": ward is not None and has_cap(request.user, Cap.PLANS_CHANGE, ward),
        },
    )


def _organisation_form_data(form: OrganisationForm) -> dict[str, Any]:
    data = dict(form.cleaned_data)
    if not data.get("member_roles"):
        data["member_roles"] = list(DEFAULT_MEMBER_ROLES.get(data["kind"], []))
    if data.get("order") is None:
        data.pop("order")
    return data


@capability_required(Cap.PLANS_CHANGE)
def organisation_create(request: Any) -> HttpResponse:
    ward = request.work.ward
    if ward is None or not has_cap(request.user, Cap.PLANS_CHANGE, ward):
        raise PermissionDenied("Bạn không có quyền thêm tổ chức ở đơn vị này.")
    form = OrganisationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.create_organisation(actor=request.user, ward=ward, **_organisation_form_data(form))
        except services.PlanError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, "Đã thêm tổ chức.")
            return redirect("organisation-list")
    return render(
        request,
        "plans/simple_form.html",
        {"form": form, "title": f"Thêm tổ chức – {ward.name}", "back": reverse("organisation-list")},
    )


@capability_required(Cap.PLANS_CHANGE)
def organisation_edit(request: Any, pk: int) -> HttpResponse:
    org = get_for_user(
        Organisation.objects.select_related("ward"), request.user, Cap.PLANS_VIEW, Cap.PLANS_CHANGE, pk=pk
    )
    initial = {f: getattr(org, f) for f in ("name", "kind", "member_roles", "order", "active")}
    form, current = versioning.bind(request, lambda data: OrganisationForm(data, initial=initial))
    saved: Any = None
    if request.method == "POST" and form.is_valid():
        try:
            saved = versioning.save_or_conflict(
                request,
                org,
                form,
                current,
                lambda: services.update_organisation(org, actor=request.user, **_organisation_form_data(form)),
            )
        except services.PlanError as exc:
            form.add_error(None, str(exc))
        if saved is not None and not isinstance(saved, dict):
            messages.success(request, "Đã lưu tổ chức.")
            return redirect("organisation-list")
    return render(
        request,
        "plans/simple_form.html",
        {
            "form": form,
            "title": f"Sửa {org.name} – {org.ward.name}",
            "back": reverse("organisation-list"),
            **versioning.page_state(request, org, [current]),
            **(saved or {}),
        },
    )
