"""Commendations (Giấy khen): the plan, the proposal and the decision."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from vanhoa.accounts.decorators import capability_required
from vanhoa.accounts.permissions import Cap, has_cap
from vanhoa.core.params import year_of
from vanhoa.titles import clock, facts, forms, overview, services
from vanhoa.titles.choices import CommendationStatus
from vanhoa.titles.models import Commendation, TitleType
from vanhoa.titles.views.common import title_or_404


@capability_required(Cap.TITLES_VIEW)
def commendations(request: Any) -> HttpResponse:
    year = year_of(request)
    wards = overview.wards_for_year(request.user, request.work.ward, year)
    ward = request.work.ward
    if ward is None or not wards:
        raise Http404("Chưa chọn xã, phường.")
    title = request.GET.get("danh_hieu") or request.POST.get("danh_hieu") or "gdvh"
    title_type = title_or_404(title)
    plan = error = None
    try:
        plan = services.plan_commendations(title=title_type, ward=ward, year=year)
    except services.TitleError as exc:
        error = str(exc)
    stored = (
        Commendation.objects.visible_to(request.user, Cap.TITLES_VIEW)
        .filter(year=year, ward__in=facts.lineage_ids(ward.pk), rule__rule_set__title_type=title_type)
        .select_related("candidacy", "candidacy__review_unit", "decision")
        .order_by("rank")
    )
    can_propose = has_cap(request.user, Cap.TITLES_REVIEW, wards[0])
    can_decide = has_cap(request.user, Cap.TITLES_DECIDE, wards[0])
    decided = stored.filter(decision__isnull=False).exists()
    stored_ties = stored.filter(tie=True).count()
    form = forms.DecisionForm(
        request.POST if request.POST.get("action") == "decide" else None, initial={"signed_on": clock.today()}
    )
    if request.method == "POST":
        action = request.POST.get("action")
        if (
            (action == "propose" and not can_propose)
            or (action == "decide" and not can_decide)
            or action not in ("propose", "decide")
        ):
            raise PermissionDenied("Bạn không có quyền thực hiện việc này.")
        try:
            if action == "propose":
                services.propose_commendations(actor=request.user, title=title_type, ward=ward, year=year)
                messages.success(request, "Đã lập danh sách đề nghị theo tỷ lệ.")
                return redirect(reverse("titles-commendations") + f"?nam={year}&danh_hieu={title_type.code}")
            if form.is_valid():
                data = dict(form.cleaned_data)
                data.pop("signing_authority", None)
                decision = services.issue_commendation_decision(
                    actor=request.user, title=title_type, ward=ward, year=year, **data
                )
                messages.success(request, f"Đã ghi quyết định số {decision.number_text}.")
                return redirect("titles-decision", pk=decision.pk)
        except services.TitleError as exc:
            form.add_error(None, str(exc))
    return render(
        request,
        "titles/commendations.html",
        {
            "year": year,
            "title_type": title_type,
            "plan": plan,
            "error": error,
            "stored": stored,
            "can_propose": can_propose and not decided,
            "can_decide": can_decide and stored.filter(status=CommendationStatus.WITHIN_CAP).exists(),
            "form": form,
            "titles": TitleType.objects.filter(code__in=["gdvh", "tdpvh"]),
            "unconfirmed": plan.rule.unconfirmed if plan else {},
            "stored_ties": stored_ties,
            "tie_votes": stored.filter(tie=True).values_list("votes_for", flat=True).first(),
        },
    )
