"""The decision: the decider's page choosing dossiers, the decision page (certificates, publishing)."""

from __future__ import annotations

from collections import Counter
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render

from vanhoa.accounts.decorators import capability_required
from vanhoa.accounts.permissions import Cap, has_cap
from vanhoa.accounts.scoping import get_for_user
from vanhoa.titles import clock, facts, forms, services
from vanhoa.titles.choices import ProposalStatus, State
from vanhoa.titles.models import (
    Candidacy,
    Decision,
    Proposal,
)
from vanhoa.titles.views.common import (
    _need,
    _title,
    _year,
)


@capability_required(Cap.TITLES_DECIDE)
def decide(request: Any, title: str) -> HttpResponse:
    tt = _title(title)
    year = _year(request)
    ward = request.work.ward
    if ward is None:
        raise Http404("Chưa chọn xã, phường.")
    _need(request, Cap.TITLES_DECIDE, ward)
    scope = facts.lineage_ids(ward.pk)
    pending = list(
        Proposal.objects.visible_to(request.user, Cap.TITLES_DECIDE)
        .filter(title_type=tt, year=year, ward__in=scope, status=ProposalStatus.SUBMITTED)
        .select_related("unit", "ward")
        .order_by("unit__order", "pk")
    )
    counts = Counter(
        Candidacy.objects.filter(proposal__in=pending, state=State.PROPOSED).values_list("proposal_id", flat=True)
    )
    decider = services.decider_for(tt, clock.today())
    form = forms.DecisionForm(request.POST or None, initial={"signed_on": clock.today()})
    if request.method == "POST" and form.is_valid():
        chosen = {int(v) for v in request.POST.getlist("proposal") if v.isdigit()}
        picked = [p for p in pending if p.pk in chosen]
        try:
            if not picked:
                raise services.TitleError("Chưa chọn hồ sơ đề nghị nào.")
            d = services.issue_decision(
                actor=request.user, title=tt, year=year, ward=ward, proposals=picked, **form.cleaned_data
            )
        except services.TitleError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, f"Đã ghi quyết định số {d.number_text}: công nhận {d.candidacies.count()} hồ sơ.")
            return redirect("titles-decision", pk=d.pk)
    return render(
        request,
        "titles/decide.html",
        {
            "tt": tt,
            "year": year,
            "pending": [(p, counts.get(p.pk, 0)) for p in pending],
            "form": form,
            "decider": decider,
            "total": sum(counts.values()),
        },
    )


@capability_required(Cap.TITLES_VIEW)
def decision(request: Any, pk: int) -> HttpResponse:
    d = get_for_user(
        Decision.objects.select_related("ward", "title_type", "rule_set"), request.user, Cap.TITLES_VIEW, pk=pk
    )
    can_decide = has_cap(request.user, Cap.TITLES_DECIDE, d.ward)
    action = request.POST.get("action")
    cert_form = forms.CertificateForm(
        request.POST if action == "certify" else None, initial={"on": max(clock.today(), d.signed_on)}
    )
    publish_form = forms.PublishForm(
        request.POST if action == "publish" else None, initial={"on": max(clock.today(), d.signed_on)}
    )
    if request.method == "POST":
        if not can_decide:
            raise PermissionDenied("Bạn không có quyền thực hiện việc này.")
        form = cert_form if action == "certify" else publish_form
        if form.is_valid():
            try:
                if action == "certify":
                    done = services.issue_certificates(d, actor=request.user, **form.cleaned_data)
                    messages.success(request, f"Đã cấp {len(done)} giấy công nhận.")
                else:
                    services.publish_list(d, actor=request.user, **form.cleaned_data)
                    messages.success(request, "Đã ghi nhận việc công bố danh sách.")
            except services.TitleError as exc:
                form.add_error(None, str(exc))
            else:
                return redirect("titles-decision", pk=d.pk)
    if d.kind == "commendation":
        cands = [c.candidacy for c in d.commendations.select_related("candidacy", "candidacy__review_unit")]
    elif d.kind == "revocation":
        cands = list(d.revoked.select_related("review_unit"))
    else:
        cands = list(d.candidacies.select_related("review_unit").order_by("review_unit__order", "sort_key"))
    publish = facts.publish_deadline(d.rule_set, d.signed_on, d.published_on)
    return render(
        request,
        "titles/decision.html",
        {
            "d": d,
            "cands": cands,
            "can_decide": can_decide,
            "cert_form": cert_form,
            "publish_form": publish_form,
            "uncertified": sum(c.state == State.DECIDED for c in cands),
            "publish": publish,
            "publish_late": publish.is_late() if publish else False,
        },
    )
