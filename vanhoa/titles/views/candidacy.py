"""One candidacy (rework, withdraw, revoke) and carrying a split household's streak."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from vanhoa.accounts.decorators import capability_required
from vanhoa.accounts.permissions import Cap, has_cap
from vanhoa.accounts.scoping import get_for_user
from vanhoa.core import audit
from vanhoa.core.workcontext import SignedInRequest
from vanhoa.registry.models import Household
from vanhoa.titles import clock, facts, forms, services
from vanhoa.titles.choices import RECOGNISED, State
from vanhoa.titles.models import Candidacy
from vanhoa.titles.views.common import confirm_page, need, show_error


@capability_required(Cap.TITLES_VIEW)
def candidacy(request: SignedInRequest, pk: int) -> HttpResponse:
    candidacy = get_for_user(
        Candidacy.objects.select_related("title_type", "rule_set", "review_unit", "ward", "decision", "household"),
        request.user,
        Cap.TITLES_VIEW,
        pk=pk,
    )
    action = request.POST.get("action", "")
    today = clock.today()
    rework_form = forms.ReasonForm(request.POST if action == "rework" else None, initial={"on": today}, prefix="rework")
    withdraw_form = forms.ReasonForm(
        request.POST if action == "withdraw" else None, initial={"on": today}, prefix="withdraw"
    )
    revoke_form = forms.RevokeForm(request.POST if action == "revoke" else None, initial={"on": today})
    perms = {
        "rework": has_cap(request.user, Cap.TITLES_REVIEW, candidacy.ward)
        and candidacy.state in (State.REVIEWED, State.ON_NOTICE, State.PROPOSED, State.NOT_PROPOSED),
        "withdraw": has_cap(request.user, Cap.TITLES_REGISTER, candidacy.unit)
        and candidacy.state in (State.REGISTERED, State.SELF_ASSESSED, State.REVIEWED, State.ON_NOTICE, State.RETURNED),
        "revoke": has_cap(request.user, Cap.TITLES_DECIDE, candidacy.ward) and candidacy.state in RECOGNISED,
    }
    if request.method == "POST":
        if action not in perms or not perms[action]:
            raise PermissionDenied("Bạn không có quyền thực hiện việc này.")
        form = {"rework": rework_form, "withdraw": withdraw_form, "revoke": revoke_form}[action]
        if form.is_valid():
            try:
                if action == "rework":
                    services.return_for_rework(candidacy, actor=request.user, **form.cleaned_data)
                elif action == "withdraw":
                    services.withdraw(candidacy, actor=request.user, **form.cleaned_data)
                else:
                    services.revoke_title(candidacy, actor=request.user, **form.cleaned_data)
            except services.TitleError as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(request, "Đã cập nhật hồ sơ.")
                return redirect("titles-candidacy", pk=candidacy.pk)
    streak = facts.streak(candidacy.household, candidacy.year) if candidacy.household_id else None
    return render(
        request,
        "titles/candidacy.html",
        {
            "candidacy": candidacy,
            "entries": candidacy.review_entries.select_related("meeting"),
            "history": audit.history(candidacy)[:50],
            "perms": perms,
            "rework_form": rework_form,
            "withdraw_form": withdraw_form,
            "revoke_form": revoke_form,
            "streak": streak,
            "comments": candidacy.comments.all(),
        },
    )


@capability_required(Cap.HOUSEHOLDS_CHANGE)
def carry_streak(request: SignedInRequest, pk: int) -> HttpResponse:
    """Carrying a streak changes what the household's record says: those who may change the household
    (and hold the title review right on its group, checked by the service) may do it."""
    household = get_for_user(Household.objects.all(), request.user, Cap.HOUSEHOLDS_VIEW, Cap.HOUSEHOLDS_CHANGE, pk=pk)
    need(request, Cap.TITLES_REVIEW, household.group)
    if request.method != "POST":
        return confirm_page(
            request,
            "Tính kế thừa số năm liên tục",
            f"Hộ {household.head_name} tách từ hộ khác: tính các năm liên tục đạt “Gia đình văn hóa” của hộ "
            "gốc cho hộ này (ghi lý do).",
            "Tính kế thừa",
            reverse("household-detail", kwargs={"pk": household.pk}),
            form=forms.CarryForm(),
        )
    try:
        services.carry_streak(household, actor=request.user, reason=request.POST.get("reason", ""), on=clock.today())
    except services.TitleError as exc:
        show_error(request, exc)
    else:
        messages.success(request, "Đã tính kế thừa số năm liên tục từ hộ gốc.")
    return redirect("household-detail", pk=household.pk)
