"""The review meeting: start the minutes, the meeting page (a group leader's phone screen)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect, render

from vanhoa.accounts.decorators import capability_required
from vanhoa.accounts.permissions import Cap, has_cap
from vanhoa.accounts.scoping import get_for_user
from vanhoa.core import versioning
from vanhoa.core.params import year_of
from vanhoa.core.workcontext import SignedInRequest
from vanhoa.titles import attendance, clock, facts, forms, overview, services
from vanhoa.titles.models import ReviewEntry, ReviewMeeting, RuleSet
from vanhoa.titles.views.common import (
    confirm_page,
    cycle_url,
    need,
    show_error,
    title_or_404,
    visible_unit_or_404,
)


@capability_required(Cap.TITLES_REVIEW)
def meeting_start(request: SignedInRequest, title: str, unit: int) -> HttpResponse:
    title_type = title_or_404(title)
    unit_obj = visible_unit_or_404(request, unit)
    need(request, Cap.TITLES_REVIEW, unit_obj)
    year = year_of(request)
    if request.method != "POST":
        return confirm_page(
            request,
            "Họp bình xét",
            f"Lập biên bản họp bình xét {title_type.name} năm {year} – {unit_obj.name}.",
            "Lập biên bản họp",
            cycle_url(title_type, unit_obj, year),
        )
    defaults = services.meeting_defaults(unit_obj, request.user, year, clock.today())
    try:
        meeting = services.start_review_meeting(
            actor=request.user, title=title_type, year=year, unit=unit_obj, on=defaults["held_on"], **defaults
        )
    except services.TitleError as exc:
        show_error(request, exc)
        return redirect(cycle_url(title_type, unit_obj, year))
    return redirect("titles-meeting", pk=meeting.pk)


def _entries(meeting: ReviewMeeting) -> list[ReviewEntry]:
    return list(meeting.entries.select_related("candidacy").order_by("candidacy__sort_key", "pk"))


def _pairs(form: Any, formset: Any, current_form: Any, current_set: Any) -> list[versioning.Pair]:
    """The page's forms (posted) with their twins showing the minutes as they are now, a line matched by its
    candidacy (core.versioning)."""
    current_lines = {f.entry.candidacy_id: f for f in current_set if f.entry is not None}
    pairs = [versioning.Pair(form, current_form)]
    for line in formset:
        twin = current_lines.get(line.entry.candidacy_id) if line.entry is not None else None
        if twin is not None:
            pairs.append(versioning.Pair(line, twin, label=line.subject_name))
    return pairs


def _forms(
    request: SignedInRequest, meeting: ReviewMeeting, entries: list[ReviewEntry], rule_set: RuleSet
) -> tuple[Any, ...]:
    """(facts form, lines, their twins showing the current minutes); a POST's answers from the conflict page are
    applied to its data."""

    def build(data: Any) -> tuple[Any, Any]:
        initial = {k: getattr(meeting, k) for k in forms.MEETING_FACTS}
        return (
            forms.MeetingFactsForm(data, initial=initial),
            forms.ReviewEntryFormSet(data, entries=entries, rule_set=rule_set),
        )

    current = build(None)
    if request.method != "POST":
        return (*current, current)
    data = versioning.apply_choices(request.POST, _pairs(*build(request.POST), *current))
    return (*build(data), current)


def _conflict(meeting: ReviewMeeting, exc: versioning.VersionConflict, pairs: list[Any], data: Any) -> dict[str, Any]:
    replay = data.copy()
    replay["action"] = "save"  # the answers are saved as a draft; closing the minutes is asked again
    return versioning.conflict_context(meeting, exc, pairs, replay)


def _save(
    request: SignedInRequest, meeting: ReviewMeeting, form: Any, formset: forms.BaseReviewEntryFormSet, current: Any
) -> HttpResponse | list[str] | dict[str, Any]:
    """Save the draft (or mark all, or close the minutes): the redirect on success, else the problems to show,
    or the conflict with a newer version of the minutes."""
    action = request.POST.get("action", "save")
    all_pass = action == "all_pass"
    form_ok, lines_ok = form.is_valid(), formset.is_valid()
    problems = formset.problems()
    if not (form_ok and lines_ok):
        return problems
    try:
        services.save_review_draft(
            meeting,
            actor=request.user,
            facts_=form.cleaned_data,
            entries=formset.changes(all_pass),
            all_pass=all_pass,
            attendees=forms.posted_attendees(request.POST),
            expected_version=versioning.posted(request.POST),
        )
        if action == "submit":
            services.submit_review_meeting(meeting, actor=request.user, require_attendance=True)
            passed = meeting.entries.filter(outcome="passed").count()
            messages.success(request, f"Đã chốt kết quả: {passed}/{len(formset.entries)} hồ sơ bình xét đạt.")
            return redirect("titles-meeting", pk=meeting.pk)
    except services.TitleError as exc:
        return [str(exc)]
    except versioning.VersionConflict as exc:
        return _conflict(meeting, exc, _pairs(form, formset, *current), form.data)
    messages.success(request, "Đã đánh dấu tất cả đạt." if all_pass else "Đã lưu bản nháp.")
    return redirect("titles-meeting", pk=meeting.pk)


@capability_required(Cap.TITLES_VIEW)
def meeting(request: SignedInRequest, pk: int) -> HttpResponse:
    """The minutes of a review meeting: the facts and one line per candidate while a draft (a group leader fills
    it in on a phone), the results once closed."""
    meeting = get_for_user(
        ReviewMeeting.objects.select_related("unit", "rule_set", "title_type"), request.user, Cap.TITLES_VIEW, pk=pk
    )
    can_edit = meeting.is_draft and has_cap(request.user, Cap.TITLES_REVIEW, meeting.unit)
    entries = _entries(meeting)
    rule_set = meeting.rule_set
    if meeting.held_on:
        rule_set = services.rule_set_or_none(meeting.title_type, meeting.unit, meeting.held_on) or rule_set
    if request.method == "POST" and not can_edit:
        raise PermissionDenied("Biên bản đã chốt hoặc bạn không có quyền sửa.")
    form, formset, current = _forms(request, meeting, entries, rule_set)
    problems: list[str] = []
    conflict: dict[str, Any] = {}
    if request.method == "POST":
        saved = _save(request, meeting, form, formset, current)
        if isinstance(saved, HttpResponse):
            return saved
        problems, conflict = (saved, {}) if isinstance(saved, list) else ([], saved)
        entries = _entries(meeting)
    last = overview.last_year_results(meeting.title_type, meeting.year, [e.candidacy.subject_key for e in entries])
    people = attendance.lines_of(meeting)
    if request.method == "POST" and forms.posted_attendees(request.POST) is not None:
        people = forms.posted_attendees(request.POST) or []  # what was typed, shown again with the problems
    return render(
        request,
        "titles/meeting.html",
        {
            "meeting": meeting,
            "rule_set": rule_set,
            "form": form,
            "formset": formset,
            "lines": [(f, last.get(f.entry.candidacy.subject_key, "–")) for f in formset if f.entry is not None],
            "entries": entries,
            "can_edit": can_edit,
            "slots": attendance.slots(rule_set, people),
            "people": attendance.minutes_text(rule_set, attendance.lines_of(meeting)),
            "attendance_gap": attendance.missing_text(rule_set, people),
            "scores": bool(formset.areas),
            "problems": problems,
            "assessed": sum(e.criteria_met is not None for e in entries),
            "passing": sum(bool(e.criteria_met) for e in entries),
            "cutoff": facts.cutoff_deadline(rule_set, meeting.year, meeting.held_on),
            "unit_name": meeting.unit.name_on(meeting.held_on or services.review_season(meeting.year)),
            "cycle_url": cycle_url(meeting.title_type, meeting.unit, meeting.year),
            **versioning.page_state(request, meeting, [current[0], *current[1]]),
            **conflict,
        },
    )
