"""An agency's page under TT 08/2014: its registration to build the title, where it stands each year (building,
due, recognised, kept, due for re-recognition) and its union's reports."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from vanhoa.accounts.decorators import capability_required
from vanhoa.accounts.permissions import Cap, has_cap
from vanhoa.accounts.scoping import get_for_user
from vanhoa.core.params import year_of
from vanhoa.registry.models import Agency
from vanhoa.titles import agency_forms, clock
from vanhoa.titles.models import AgencyEnrolment, AgencyReport
from vanhoa.titles.services import TitleError, agencies
from vanhoa.titles.views.common import need


@capability_required(Cap.TITLES_VIEW)
def agency(request: Any, pk: int) -> HttpResponse:
    a = get_for_user(Agency.objects.select_related("ward", "group"), request.user, Cap.TITLES_VIEW, pk=pk)
    year = year_of(request)
    enrolment = AgencyEnrolment.objects.filter(agency=a).first()
    enrol_form: forms.Form = agency_forms.EnrolForm(prefix="enrol", initial=_enrol_initial(a, enrolment))
    report_form: forms.Form = agency_forms.ReportForm(
        prefix="report", initial={"year": year, "reported_on": clock.today(), "union_name": _union(a, enrolment)}
    )
    if request.method == "POST":
        need(request, Cap.TITLES_REVIEW, a.ward)
        action = request.POST.get("action")
        form: forms.Form = (
            agency_forms.EnrolForm(request.POST, prefix="enrol")
            if action == "enrol"
            else agency_forms.ReportForm(request.POST, prefix="report")
        )
        if form.is_valid():
            try:
                _save(request, a, action, form.cleaned_data)
            except TitleError as exc:
                form.add_error(None, str(exc))
            else:
                return redirect(reverse("titles-agency", kwargs={"pk": a.pk}) + f"?nam={year}")
        enrol_form, report_form = (form, report_form) if action == "enrol" else (enrol_form, form)
    start = min(enrolment.registered_on.year if enrolment else year, year - 1)
    rows = agencies.history(a, range(start, year + 2))
    return render(
        request,
        "titles/agency.html",
        {
            "agency": a,
            "title": agencies.title_for(a),
            "year": year,
            "enrolment": enrolment,
            "rows": rows,
            "now": next((r for r in rows if r.year == year), None),
            "reports": AgencyReport.objects.filter(agency=a).order_by("-year", "kind"),
            "enrol_form": enrol_form,
            "report_form": report_form,
            "can_change": has_cap(request.user, Cap.TITLES_REVIEW, a.ward_id),
        },
    )


def _union(a: Agency, enrolment: AgencyEnrolment | None) -> str:
    return enrolment.union_name if enrolment and enrolment.union_name else f"Công đoàn {a.name}"


def _enrol_initial(a: Agency, enrolment: AgencyEnrolment | None) -> dict[str, Any]:
    if enrolment is None:
        return {"union_name": _union(a, None)}
    return {
        "registered_on": enrolment.registered_on,
        "union_name": enrolment.union_name,
        "prior_year": enrolment.prior_year,
        "prior_decision": enrolment.prior_decision,
    }


def _save(request: Any, a: Agency, action: str | None, data: dict[str, Any]) -> None:
    if action == "enrol":
        agencies.enrol_agency(
            actor=request.user, agency=a, registered_on=data["registered_on"], union_name=data["union_name"],
            prior_year=data["prior_year"], prior_recognition="first" if data["prior_year"] else "",
            prior_decision=data["prior_decision"],
        )  # fmt: skip
        messages.success(request, f"Đã ghi nhận {a.name} đăng ký xây dựng «{agencies.title_for(a)}».")
        return
    report = agencies.record_agency_report(actor=request.user, agency=a, **data)
    messages.success(request, f"Đã ghi nhận {report.get_kind_display().lower()} năm {report.year}.")
