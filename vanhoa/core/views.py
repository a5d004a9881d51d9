from __future__ import annotations

from typing import Any

from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from vanhoa.accounts.decorators import login_only, public
from vanhoa.accounts.permissions import Cap, scope_unit_ids
from vanhoa.core import clock
from vanhoa.core.workcontext import SignedInRequest
from vanhoa.deadlines import due
from vanhoa.registry.choices import HouseholdStatus
from vanhoa.registry.models import Agency, Household, Street
from vanhoa.units.choices import UnitKind
from vanhoa.units.models import Unit
from vanhoa.units.tree import get_graph


def groups_of_ward(user: Any, ward: Unit) -> list[Unit]:
    """The ward's residential groups the user may see: today's groups, or those of the time for an old ward."""
    covered = get_graph().covered(ward.pk)
    qs = Unit.objects.visible_to(user, Cap.UNITS_VIEW).filter(kind=UnitKind.GROUP, id__in=covered)
    if ward.valid_to is None:
        qs = qs.filter(valid_to__isnull=True)
    return list(qs.order_by("order", "sort_key"))


@login_only
def home(request: SignedInRequest) -> HttpResponse:
    ward = request.work.ward
    if ward is None:
        return render(request, "core/no_ward.html")
    groups = groups_of_ward(request.user, ward)
    counts = (
        dict(
            Household.objects.visible_to(request.user, Cap.INDICATORS_VIEW)
            .filter(group__in=groups, status=HouseholdStatus.ACTIVE)
            .values_list("group")
            .annotate(n=Count("id"))
            .values_list("group", "n")
        )
        if groups
        else {}
    )
    scope = scope_unit_ids(request.user, Cap.INDICATORS_VIEW)
    in_ward = Q(ward__in=get_graph().covered(ward.pk))
    agencies = Agency.objects.visible_to(request.user, Cap.AGENCIES_VIEW).filter(in_ward, active=True).count()
    streets = Street.objects.visible_to(request.user, Cap.STREETS_VIEW).filter(in_ward, active=True).count()
    predecessors = ward.lineage_in.filter(kind__in=["merge", "split"]).select_related("from_unit")
    successors = ward.lineage_out.filter(kind__in=["merge", "split"]).select_related("to_unit")
    rows = [{"group": g, "households": counts.get(g.pk, 0)} for g in groups]
    today = clock.today()
    due_rows = due.rows(due.due_for(request.user, today), today)
    return render(
        request,
        "core/home.html",
        {
            "ward": ward,
            "rows": rows,
            "total_households": sum(counts.values()),
            "agencies": agencies,
            "streets": streets,
            "predecessors": predecessors,
            "successors": successors,
            "sees_counts": scope is None or bool(scope),
            "due_rows": due_rows,
            "due_today": today,
            "due_overdue": sum(len(r.items) for r in due_rows if r.level == "danger"),
        },
    )


def _back(request: SignedInRequest) -> str:
    target = request.POST.get("next") or request.META.get("HTTP_REFERER") or "/"
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return "/"
    return target


@login_only
@require_POST
def set_year(request: SignedInRequest) -> HttpResponse:
    try:
        year = int(request.POST.get("year", ""))
    except ValueError:
        year = 0
    if 2000 <= year <= 2100:
        request.session["work_year"] = year
    return redirect(_back(request))


@login_only
@require_POST
def set_ward(request: SignedInRequest) -> HttpResponse:
    try:
        ward_id = int(request.POST.get("ward", ""))
    except ValueError:
        ward_id = 0
    if any(w.pk == ward_id for w in request.work.wards):
        request.session["work_ward_id"] = ward_id
    return redirect(_back(request))


@public
def health(request: HttpRequest) -> HttpResponse:
    Unit.objects.exists()
    return JsonResponse({"status": "ok"})
