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
from vanhoa.core.text import nfc
from vanhoa.titles import clock, facts, forms, services
from vanhoa.titles.models import (
    ReviewEntry,
    ReviewMeeting,
    RuleSet,
)
from vanhoa.titles.views.common import (
    _confirm,
    _cycle_url,
    _error,
    _last_year_results,
    _need,
    _title,
    _visible_unit,
    _year,
)


@capability_required(Cap.TITLES_REVIEW)
def meeting_start(request: Any, title: str, unit: int) -> HttpResponse:
    tt = _title(title)
    unit_obj = _visible_unit(request, unit)
    _need(request, Cap.TITLES_REVIEW, unit_obj)
    year = _year(request)
    if request.method != "POST":
        return _confirm(
            request,
            "Họp bình xét",
            f"Lập biên bản họp bình xét {tt.name} năm {year} – {unit_obj.name}.",
            "Lập biên bản họp",
            _cycle_url(tt, unit_obj, year),
        )
    defaults = services.meeting_defaults(unit_obj, request.user, year, clock.today())
    try:
        meeting = services.start_review_meeting(
            actor=request.user, title=tt, year=year, unit=unit_obj, on=defaults["held_on"], **defaults
        )
    except services.TitleError as exc:
        _error(request, exc)
        return redirect(_cycle_url(tt, unit_obj, year))
    return redirect("titles-meeting", pk=meeting.pk)


def _reason_choices(rs: RuleSet) -> list[tuple[str, list[tuple[str, str]]]]:
    exclusions = [(f"ex:{e.code}", f"{e.code}) {e.text}") for e in rs.exclusions.all()]
    standards = [
        (f"std:{c.code}", f"Không đạt tiêu chuẩn {c.code}: {c.title}") for c in rs.criteria.filter(standard="")
    ]
    out = []
    if standards:
        out.append(("Không đạt tiêu chuẩn", standards))
    if exclusions:
        out.append((f"Trường hợp không xét tặng ({rs.legal_short})", exclusions))
    out.append(("Khác", [("other", "Lý do khác (ghi rõ bên dưới)")]))
    return out


def _entry_reason_value(e: ReviewEntry) -> str:
    if e.exclusion_code:
        return f"ex:{e.exclusion_code}"
    if e.failed_criteria:
        return f"std:{e.failed_criteria[0]}"
    if e.reason_text:
        return "other"
    return ""


def _parse_entries(
    request: Any, entries: list[ReviewEntry], all_pass: bool
) -> tuple[dict[int, dict[str, Any]], list[str]]:
    out: dict[int, dict[str, Any]] = {}
    problems = []
    for e in entries:
        name = e.candidacy.subject_name
        data: dict[str, Any] = {}
        for key, field in (("for", "votes_for"), ("against", "votes_against")):
            raw = request.POST.get(f"{key}-{e.candidacy_id}", "").strip()
            if raw == "":
                data[field] = None
            elif raw.isdigit():
                data[field] = int(raw)
            else:
                label = "tán thành" if key == "for" else "không tán thành"
                problems.append(f"{name}: số người {label} phải là số (đã nhập «{raw}»).")
        if not all_pass:
            passed = request.POST.get(f"pass-{e.candidacy_id}") == "1"
            reason = request.POST.get(f"reason-{e.candidacy_id}", "")
            text = nfc(request.POST.get(f"text-{e.candidacy_id}", ""))
            if passed:
                data.update(criteria_met=True, failed_criteria=[], exclusion_code="", reason_text="")
            elif reason or text:
                data.update(
                    criteria_met=False,
                    exclusion_code=reason[3:] if reason.startswith("ex:") else "",
                    failed_criteria=[reason[4:]] if reason.startswith("std:") else [],
                    reason_text=text,
                )
            else:
                data.update(
                    criteria_met=None if e.criteria_met is None else False,
                    failed_criteria=[],
                    exclusion_code="",
                    reason_text="",
                )
        out[e.candidacy_id] = data
    return out, problems


@capability_required(Cap.TITLES_VIEW)
def meeting(request: Any, pk: int) -> HttpResponse:
    m = get_for_user(
        ReviewMeeting.objects.select_related("unit", "rule_set", "title_type"), request.user, Cap.TITLES_VIEW, pk=pk
    )
    can_edit = m.is_draft and has_cap(request.user, Cap.TITLES_REVIEW, m.unit)
    entries = list(m.entries.select_related("candidacy").order_by("candidacy__sort_key", "pk"))
    rs = services.rule_set_or_none(m.title_type, m.unit, m.held_on) if m.held_on else m.rule_set
    rs = rs or m.rule_set
    form = forms.MeetingFactsForm(
        request.POST or None,
        initial={
            k: getattr(m, k) for k in ("held_on", "place", "chair", "secretary", "invited", "present", "voting_method")
        },
    )
    problems: list[str] = []
    if request.method == "POST":
        if not can_edit:
            raise PermissionDenied("Biên bản đã chốt hoặc bạn không có quyền sửa.")
        action = request.POST.get("action", "save")
        all_pass = action == "all_pass"
        lines, problems = _parse_entries(request, entries, all_pass)
        if form.is_valid() and not problems:
            try:
                services.save_review_draft(
                    m, actor=request.user, facts_=form.cleaned_data, entries=lines, all_pass=all_pass
                )
                if action == "submit":
                    services.submit_review_meeting(m, actor=request.user)
                    m.refresh_from_db()
                    passed = m.entries.filter(outcome="passed").count()
                    messages.success(request, f"Đã chốt kết quả: {passed}/{len(entries)} hồ sơ bình xét đạt.")
                    return redirect("titles-meeting", pk=m.pk)
            except services.TitleError as exc:
                problems.append(str(exc))
            else:
                messages.success(request, "Đã đánh dấu tất cả đạt." if all_pass else "Đã lưu bản nháp.")
                return redirect("titles-meeting", pk=m.pk)
        entries = list(m.entries.select_related("candidacy").order_by("candidacy__sort_key", "pk"))
    last = _last_year_results(m.title_type, m.year, [e.candidacy.subject_key for e in entries])
    rows = [
        {"e": e, "c": e.candidacy, "last": last.get(e.candidacy.subject_key, "–"), "reason": _entry_reason_value(e)}
        for e in entries
    ]
    assessed = sum(e.criteria_met is not None for e in entries)
    return render(
        request,
        "titles/meeting.html",
        {
            "m": m,
            "rs": rs,
            "form": form,
            "rows": rows,
            "can_edit": can_edit,
            "problems": problems,
            "reason_groups": _reason_choices(rs),
            "assessed": assessed,
            "passing": sum(bool(e.criteria_met) for e in entries),
            "cutoff": facts.cutoff_deadline(rs, m.year, m.held_on),
            "unit_name": m.unit.name_on(m.held_on or services.review_season(m.year)),
            "cycle_url": _cycle_url(m.title_type, m.unit, m.year),
        },
    )
