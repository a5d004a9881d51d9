"""The decision: the decider's page choosing dossiers, the decision page (certificates, publishing)."""

from __future__ import annotations

from collections import Counter

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render

from vanhoa.accounts.decorators import capability_required
from vanhoa.accounts.permissions import Cap, has_cap
from vanhoa.accounts.scoping import get_for_user
from vanhoa.core.params import int_param, year_of
from vanhoa.core.workcontext import SignedInRequest
from vanhoa.titles import clock, facts, forms, services
from vanhoa.titles.choices import ProposalStatus, Recognition, State, SubjectKind
from vanhoa.titles.models import Candidacy, Decision, Proposal
from vanhoa.titles.views.common import need, title_or_404


@capability_required(Cap.TITLES_DECIDE)
def decide(request: SignedInRequest, title: str) -> HttpResponse:
    title_type = title_or_404(title)
    year = year_of(request)
    ward = request.work.ward
    if ward is None:
        raise Http404("Chưa chọn xã, phường.")
    need(request, Cap.TITLES_DECIDE, ward)
    scope = facts.lineage_ids(ward.pk)
    pending = list(
        Proposal.objects.visible_to(request.user, Cap.TITLES_DECIDE)
        .filter(title_type=title_type, year=year, ward__in=scope, status=ProposalStatus.SUBMITTED)
        .select_related("unit", "ward")
        .order_by("unit__order", "pk")
    )
    counts = Counter(
        Candidacy.objects.filter(proposal__in=pending, state=State.PROPOSED).values_list("proposal_id", flat=True)
    )
    decider = services.decider_for(title_type, clock.today())
    kinds = _recognitions(pending) if title_type.subject_kind == SubjectKind.AGENCY else {}
    renewal_decider = services.decider_for(title_type, clock.today(), renewal=True) if kinds else None
    form = forms.DecisionForm(request.POST or None, initial={"signed_on": clock.today()})
    if request.method == "POST" and form.is_valid():
        chosen = {int_param(v) for v in request.POST.getlist("proposal")} - {None}
        picked = [p for p in pending if p.pk in chosen]
        try:
            if not picked:
                raise services.TitleError("Chưa chọn hồ sơ đề nghị nào.")
            decision = services.issue_decision(
                actor=request.user, title=title_type, year=year, ward=ward, proposals=picked, **form.cleaned_data
            )
        except services.TitleError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(
                request, f"Đã ghi quyết định số {decision.number_text}: công nhận {decision.candidacies.count()} hồ sơ."
            )
            return redirect("titles-decision", pk=decision.pk)
    return render(
        request,
        "titles/decide.html",
        {
            "title_type": title_type,
            "year": year,
            "pending": [(p, counts.get(p.pk, 0), kinds.get(p.pk, "")) for p in pending],
            "form": form,
            "decider": decider,
            "renewal_decider": renewal_decider,
            "total": sum(counts.values()),
        },
    )


def _recognitions(pending: list[Proposal]) -> dict[int, str]:
    """Agencies (TT 08/2014): which dossiers are for a first recognition and which for a re-recognition (the
    province's), so the decider signs one decision per kind."""
    out: dict[int, set[str]] = {}
    for pid, kind in Candidacy.objects.filter(proposal__in=pending, state=State.PROPOSED).values_list(
        "proposal_id", "recognition"
    ):
        out.setdefault(pid, set()).add(Recognition(kind).label if kind else "")
    return {pid: ", ".join(sorted(k for k in ks if k)) for pid, ks in out.items()}


@capability_required(Cap.TITLES_VIEW)
def decision(request: SignedInRequest, pk: int) -> HttpResponse:
    decision = get_for_user(
        Decision.objects.select_related("ward", "title_type", "rule_set"), request.user, Cap.TITLES_VIEW, pk=pk
    )
    can_decide = has_cap(request.user, Cap.TITLES_DECIDE, decision.ward)
    action = request.POST.get("action")
    cert_form = forms.CertificateForm(
        request.POST if action == "certify" else None, initial={"on": max(clock.today(), decision.signed_on)}
    )
    publish_form = forms.PublishForm(
        request.POST if action == "publish" else None, initial={"on": max(clock.today(), decision.signed_on)}
    )
    if request.method == "POST":
        if not can_decide:
            raise PermissionDenied("Bạn không có quyền thực hiện việc này.")
        form = cert_form if action == "certify" else publish_form
        if form.is_valid():
            try:
                if action == "certify":
                    done = services.issue_certificates(decision, actor=request.user, **form.cleaned_data)
                    messages.success(request, f"Đã cấp {len(done)} giấy công nhận.")
                else:
                    services.publish_list(decision, actor=request.user, **form.cleaned_data)
                    messages.success(request, "Đã ghi nhận việc công bố danh sách.")
            except services.TitleError as exc:
                form.add_error(None, str(exc))
            else:
                return redirect("titles-decision", pk=decision.pk)
    if decision.kind == "commendation":
        candidacies = [
            candidacy.candidacy
            for candidacy in decision.commendations.select_related("candidacy", "candidacy__review_unit")
        ]
    elif decision.kind == "revocation":
        candidacies = list(decision.revoked.select_related("review_unit"))
    else:
        candidacies = list(
            decision.candidacies.select_related("review_unit").order_by("review_unit__order", "sort_key")
        )
    publish = facts.publish_deadline(decision.rule_set, decision.signed_on, decision.published_on)
    return render(
        request,
        "titles/decision.html",
        {
            "decision": decision,
            "candidacies": candidacies,
            "can_decide": can_decide,
            "cert_form": cert_form,
            "publish_form": publish_form,
            "uncertified": sum(candidacy.state == State.DECIDED for candidacy in candidacies),
            "publish": publish,
            "publish_late": publish.is_late() if publish else False,
        },
    )
