"""The proposal: send the dossier up, the dossier page (return it with a reason)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import HttpResponse
from django.shortcuts import redirect, render

from vanhoa.accounts.decorators import capability_required
from vanhoa.accounts.permissions import Cap, has_cap
from vanhoa.accounts.scoping import get_for_user
from vanhoa.core.params import year_of
from vanhoa.core.workcontext import SignedInRequest
from vanhoa.titles import clock, facts, forms, services
from vanhoa.titles.choices import ProposalStatus
from vanhoa.titles.models import Candidacy, Proposal
from vanhoa.titles.views.common import (
    confirm_page,
    cycle_url,
    need,
    show_error,
    title_or_404,
    visible_unit_or_404,
)


@capability_required(Cap.TITLES_REVIEW)
def proposal_submit(request: SignedInRequest, title: str, unit: int) -> HttpResponse:
    title_type = title_or_404(title)
    unit_obj = visible_unit_or_404(request, unit)
    need(request, Cap.TITLES_REVIEW, unit_obj)
    year = year_of(request)
    if request.method != "POST":
        return confirm_page(
            request,
            "Gửi hồ sơ đề nghị",
            f"Gửi hồ sơ đề nghị công nhận – {unit_obj.name}, năm {year}.",
            "Gửi hồ sơ đề nghị",
            cycle_url(title_type, unit_obj, year),
            form=forms.ProposalForm(initial={"on": clock.today()}),
        )
    form = forms.ProposalForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Ngày gửi hồ sơ: " + " ".join(str(e) for e in form.errors.get("on", ["không hợp lệ."])))
        return redirect(cycle_url(title_type, unit_obj, year))
    try:
        proposal = services.submit_proposal(
            actor=request.user, title=title_type, year=year, unit=unit_obj, **form.cleaned_data
        )
    except services.TitleError as exc:
        show_error(request, exc)
        return redirect(cycle_url(title_type, unit_obj, year))
    messages.success(request, f"Đã gửi hồ sơ đề nghị công nhận {proposal.candidacies.count()} hồ sơ.")
    return redirect("titles-proposal", pk=proposal.pk)


@capability_required(Cap.TITLES_VIEW)
def proposal(request: SignedInRequest, pk: int) -> HttpResponse:
    proposal = get_for_user(
        Proposal.objects.select_related("unit", "ward", "title_type", "decision"), request.user, Cap.TITLES_VIEW, pk=pk
    )
    can_return = proposal.status == ProposalStatus.SUBMITTED and has_cap(request.user, Cap.TITLES_DECIDE, proposal.ward)
    form = forms.ReturnForm(request.POST or None, initial={"on": clock.today()})
    if request.method == "POST":
        if not can_return:
            raise PermissionDenied("Bạn không có quyền trả lại hồ sơ này.")
        if form.is_valid():
            try:
                services.return_proposal(proposal, actor=request.user, **form.cleaned_data)
            except services.TitleError as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(request, "Đã trả lại hồ sơ.")
                return redirect("titles-proposal", pk=proposal.pk)
    candidacies = (
        Candidacy.objects.filter(Q(proposal=proposal) | Q(decision__proposals=proposal)).distinct().order_by("sort_key")
    )
    first = candidacies.first()
    rule_set = first.rule_set if first else None
    dossier = []
    if rule_set is not None:
        dossier = [(item, item.code in proposal.documents) for item in rule_set.dossier_items.all()]
    deadline = (
        facts.decision_deadline(
            rule_set, proposal.complete_on, proposal.decision.signed_on if proposal.decision is not None else None
        )
        if rule_set
        else None
    )
    return render(
        request,
        "titles/proposal.html",
        {
            "proposal": proposal,
            "candidacies": candidacies,
            "form": form,
            "can_return": can_return,
            "dossier": dossier,
            "rule_set": rule_set,
            "deadline": deadline,
            "late": deadline.is_late() if deadline else False,
            "can_decide": proposal.status == ProposalStatus.SUBMITTED
            and has_cap(request.user, Cap.TITLES_DECIDE, proposal.ward),
        },
    )
