"""The proposal: send the dossier up, the dossier page (return it with a reason)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import HttpResponse
from django.shortcuts import redirect, render

from vanhoa.accounts.decorators import capability_required
from vanhoa.accounts.permissions import Cap, has_cap
from vanhoa.accounts.scoping import get_for_user
from vanhoa.titles import clock, facts, forms, services
from vanhoa.titles.choices import ProposalStatus
from vanhoa.titles.models import (
    Candidacy,
    Proposal,
)
from vanhoa.titles.views.common import (
    _confirm,
    _cycle_url,
    _error,
    _need,
    _title,
    _visible_unit,
    _year,
)


@capability_required(Cap.TITLES_REVIEW)
def proposal_submit(request: Any, title: str, unit: int) -> HttpResponse:
    tt = _title(title)
    unit_obj = _visible_unit(request, unit)
    _need(request, Cap.TITLES_REVIEW, unit_obj)
    year = _year(request)
    if request.method != "POST":
        return _confirm(
            request,
            "Gửi hồ sơ đề nghị",
            f"Gửi hồ sơ đề nghị công nhận – {unit_obj.name}, năm {year}.",
            "Gửi hồ sơ đề nghị",
            _cycle_url(tt, unit_obj, year),
            form=forms.ProposalForm(initial={"on": clock.today()}),
        )
    form = forms.ProposalForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Ngày gửi hồ sơ: " + " ".join(form.errors.get("on", ["không hợp lệ."])))
        return redirect(_cycle_url(tt, unit_obj, year))
    try:
        p = services.submit_proposal(actor=request.user, title=tt, year=year, unit=unit_obj, **form.cleaned_data)
    except services.TitleError as exc:
        _error(request, exc)
        return redirect(_cycle_url(tt, unit_obj, year))
    messages.success(request, f"Đã gửi hồ sơ đề nghị công nhận {p.candidacies.count()} hồ sơ.")
    return redirect("titles-proposal", pk=p.pk)


@capability_required(Cap.TITLES_VIEW)
def proposal(request: Any, pk: int) -> HttpResponse:
    p = get_for_user(
        Proposal.objects.select_related("unit", "ward", "title_type", "decision"), request.user, Cap.TITLES_VIEW, pk=pk
    )
    can_return = p.status == ProposalStatus.SUBMITTED and has_cap(request.user, Cap.TITLES_DECIDE, p.ward)
    form = forms.ReturnForm(request.POST or None, initial={"on": clock.today()})
    if request.method == "POST":
        if not can_return:
            raise PermissionDenied("Bạn không có quyền trả lại hồ sơ này.")
        if form.is_valid():
            try:
                services.return_proposal(p, actor=request.user, **form.cleaned_data)
            except services.TitleError as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(request, "Đã trả lại hồ sơ.")
                return redirect("titles-proposal", pk=p.pk)
    cands = Candidacy.objects.filter(Q(proposal=p) | Q(decision__proposals=p)).distinct().order_by("sort_key")
    first = cands.first()
    rs = first.rule_set if first else None
    dossier = []
    if rs is not None:
        dossier = [(d, d.code in p.documents) for d in rs.dossier_items.all()]
    deadline = (
        facts.decision_deadline(rs, p.complete_on, p.decision.signed_on if p.decision_id else None) if rs else None
    )
    return render(
        request,
        "titles/proposal.html",
        {
            "p": p,
            "cands": cands,
            "form": form,
            "can_return": can_return,
            "dossier": dossier,
            "rs": rs,
            "deadline": deadline,
            "late": deadline.is_late() if deadline else False,
            "can_decide": p.status == ProposalStatus.SUBMITTED and has_cap(request.user, Cap.TITLES_DECIDE, p.ward),
        },
    )
