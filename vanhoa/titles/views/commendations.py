"""Commendations (Giấy khen, NĐ 122/2018): the ward's page (each khu dân cư's eligible, cap, meeting, proposal;
the decision), and the meeting page of one unit (a group leader's phone screen: facts, who attended, the votes;
then the head's proposal)."""

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
from vanhoa.core.workcontext import SignedInRequest
from vanhoa.titles import attendance, clock, forms, overview, services
from vanhoa.titles.choices import CommendationStatus
from vanhoa.titles.models import CommendationMeeting, TitleType
from vanhoa.titles.views.common import need, title_or_404, visible_unit_or_404
from vanhoa.units.models import Unit


def _page_url(title_type: TitleType, year: int) -> str:
    return reverse("titles-commendations") + f"?nam={year}&danh_hieu={title_type.code}"


@capability_required(Cap.TITLES_VIEW)
def commendations(request: SignedInRequest) -> HttpResponse:
    year = year_of(request)
    wards = overview.wards_for_year(request.user, request.work.ward, year)
    ward = request.work.ward
    if ward is None or not wards:
        raise Http404("Chưa chọn xã, phường.")
    title_type = title_or_404(request.GET.get("danh_hieu") or request.POST.get("danh_hieu") or "gdvh")
    plan = error = None
    try:
        plan = services.plan_commendations(title=title_type, ward=ward, year=year)
    except services.TitleError as exc:
        error = str(exc)
    can_decide = has_cap(request.user, Cap.TITLES_DECIDE, wards[0])
    form = forms.DecisionForm(request.POST or None, initial={"signed_on": clock.today()})
    if request.method == "POST":
        if not can_decide or request.POST.get("action") != "decide":
            raise PermissionDenied("Bạn không có quyền thực hiện việc này.")
        if form.is_valid():
            data = dict(form.cleaned_data)
            data.pop("signing_authority", None)
            try:
                decision = services.issue_commendation_decision(
                    actor=request.user, title=title_type, ward=ward, year=year, **data
                )
            except services.TitleError as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(request, f"Đã ghi quyết định số {decision.number_text}.")
                return redirect("titles-decision", pk=decision.pk)
    units = plan.units if plan else []
    proposed = any(u.meeting and u.meeting.proposed_on for u in units)
    return render(
        request,
        "titles/commendations.html",
        {
            "year": year,
            "title_type": title_type,
            "plan": plan,
            "error": error,
            "units": [(u, has_cap(request.user, Cap.TITLES_REVIEW, u.unit)) for u in units],
            "can_decide": can_decide and proposed,
            "form": form,
            "titles": TitleType.objects.filter(code__in=["gdvh", "tdpvh"]),
            "unconfirmed": plan.rule.unconfirmed if plan else {},
        },
    )


def _meeting_context(title_type: TitleType, unit: Unit, year: int) -> dict[str, Any]:
    """The rule, the unit's eligible and cap, its meeting if held (or the refusal under NĐ 86/2023)."""
    ward = services.ward_on(unit, services.review_season(year))
    try:
        plan = services.plan_commendations(title=title_type, ward=ward, year=year)
    except services.TitleError as exc:
        return {"error": str(exc)}
    mine = next((u for u in plan.units if u.unit.pk == unit.pk), None)
    meeting = mine.meeting if mine else None
    return {
        "rule": plan.rule,
        "eligible": mine.eligible if mine else [],
        "cap": mine.cap if mine else 0,
        "meeting": meeting,
        "rows": mine.rows if mine else [],
        "people": attendance.minutes_text(plan.rule.rule_set, attendance.lines_of(meeting)) if meeting else [],
    }


def _record(request: SignedInRequest, title_type: TitleType, unit: Unit, year: int, ctx: dict[str, Any]) -> None:
    """Posted facts, people and votes → the unit's Giấy khen meeting (raises TitleError / ValueError)."""
    form = forms.CommendationMeetingForm(request.POST)
    if not form.is_valid():
        raise services.TitleError(" ".join(f"{form.fields[k].label}: {e[0]}" for k, e in form.errors.items()))
    votes = {}
    for c in ctx["eligible"]:
        raw = str(request.POST.get(f"votes-{c.pk}", "")).strip()
        if raw and not (raw.isascii() and raw.isdigit()):
            raise services.TitleError(f"{c.subject_name}: số người tán thành phải là số (đã nhập «{raw}»).")
        votes[c.pk] = int(raw) if raw else None
    services.record_commendation_meeting(
        actor=request.user,
        title=title_type,
        year=year,
        unit=unit,
        votes=votes,
        attendees=forms.posted_attendees(request.POST) or [],
        **form.cleaned_data,
    )


@capability_required(Cap.TITLES_VIEW)
def commendation_meeting(request: SignedInRequest, title: str, unit: int) -> HttpResponse:
    title_type = title_or_404(title)
    unit_obj = visible_unit_or_404(request, unit)
    year = year_of(request)
    ctx = _meeting_context(title_type, unit_obj, year)
    can_edit = has_cap(request.user, Cap.TITLES_REVIEW, unit_obj) and "error" not in ctx
    decided = bool(ctx.get("rows")) and any(r.decision_id for r in ctx["rows"])
    problems: list[str] = []
    if request.method == "POST":
        need(request, Cap.TITLES_REVIEW, unit_obj)
        action = request.POST.get("action")
        try:
            if action == "record" and not decided:
                _record(request, title_type, unit_obj, year, ctx)
                messages.success(request, "Đã ghi biên bản họp xét tặng Giấy khen.")
            elif action == "propose" and ctx.get("meeting") is not None:
                pform = forms.CommendationProposalForm(request.POST)
                if not pform.is_valid():
                    raise services.TitleError("Người đề nghị, ngày đề nghị: nhập đủ.")
                services.propose_commendations(ctx["meeting"], actor=request.user, **pform.cleaned_data)
                messages.success(request, "Đã gửi đề nghị tặng Giấy khen lên Ủy ban nhân dân.")
            else:
                raise PermissionDenied("Không thực hiện được việc này.")
            url = reverse("titles-commendation-meeting", kwargs={"title": title, "unit": unit_obj.pk})
            return redirect(url + f"?nam={year}")
        except (services.TitleError, ValueError) as exc:
            problems.append(str(exc))
            ctx = _meeting_context(title_type, unit_obj, year)
    meeting: CommendationMeeting | None = ctx.get("meeting")
    rule = ctx.get("rule")
    slots = attendance.slots(rule.rule_set, attendance.lines_of(meeting) if meeting else []) if rule else []
    initial = {"held_on": clock.today(), "place": f"Nhà văn hóa {unit_obj.name}", "chair": request.user.get_full_name()}
    if meeting is not None:
        initial = {k: getattr(meeting, k) for k in forms.CommendationMeetingForm.base_fields}
    return render(
        request,
        "titles/commendation_meeting.html",
        {
            **ctx,
            "year": year,
            "title_type": title_type,
            "unit": unit_obj,
            "can_edit": can_edit and not decided,
            "can_propose": can_edit and meeting is not None and not meeting.proposed_on and not decided,
            "problems": problems,
            "form": forms.CommendationMeetingForm(request.POST if problems else None, initial=initial),
            "proposal_form": forms.CommendationProposalForm(
                initial={"on": clock.today(), "proposer_name": meeting.chair if meeting else ""}
            ),
            "slots": slots,
            "within": CommendationStatus.WITHIN_CAP,
            "back": _page_url(title_type, year),
        },
    )
