"""Title pages: thin views that read through visible_to() and change state only through services.

The year is the one in the top bar (`request.work.year`); `?nam=` overrides it for links. A group's households
are reviewed on the group's page (/danh-hieu/gdvh/<group>/); groups, agencies and streets on the ward's page
(/danh-hieu/<title>/<ward of the time>/).
"""

from __future__ import annotations

from collections import Counter
from datetime import date
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from vanhoa.accounts.decorators import capability_required
from vanhoa.accounts.permissions import Cap, has_cap, scope_unit_ids
from vanhoa.accounts.scoping import get_for_user
from vanhoa.core import audit
from vanhoa.core.text import format_date, nfc
from vanhoa.registry.models import Agency, Household, Street
from vanhoa.titles import clock, facts, forms, services
from vanhoa.titles.choices import RECOGNISED, CommendationStatus, MeetingStatus, ProposalStatus, State, SubjectKind
from vanhoa.titles.models import (
    Candidacy,
    Commendation,
    DeciderRule,
    Decision,
    Proposal,
    PublicNotice,
    ReviewEntry,
    ReviewMeeting,
    RuleSet,
    StreetCommitment,
    TitleType,
)
from vanhoa.units.choices import UnitKind
from vanhoa.units.models import Unit
from vanhoa.units.tree import get_graph

# --------------------------------------------------------------------------- helpers


def _year(request: Any) -> int:
    raw = request.GET.get("nam") or request.POST.get("nam") or ""
    if raw.isdigit() and 2000 <= int(raw) <= 2100:
        return int(raw)
    return int(request.work.year)


def _title(code: str) -> TitleType:
    tt = TitleType.objects.filter(code=code).first()
    if tt is None:
        raise Http404("Không có danh hiệu này.")
    return tt


def _visible_unit(request: Any, pk: int) -> Unit:
    unit = Unit.objects.filter(pk=pk, kind__in=[UnitKind.GROUP, UnitKind.COMMUNE]).select_related("parent").first()
    ids = scope_unit_ids(request.user, Cap.TITLES_VIEW)
    if unit is None or (ids is not None and unit.pk not in ids):
        raise Http404("Không tìm thấy.")
    return unit


def _need(request: Any, cap: Cap, unit: Unit | int) -> None:
    if not has_cap(request.user, cap, unit):
        raise PermissionDenied("Bạn không có quyền thực hiện việc này ở đơn vị này.")


def _error(request: Any, exc: Exception) -> None:
    messages.error(request, str(exc))


def _active_in_year(unit_ids: frozenset[int] | set[int], year: int) -> list[int]:
    graph = get_graph()
    start, end = date(year, 1, 1), date(year, 12, 31)
    out = []
    for uid in unit_ids:
        n = graph.nodes[uid]
        if (n.valid_from is None or n.valid_from <= end) and (n.valid_to is None or n.valid_to >= start):
            out.append(uid)
    return out


def groups_for_year(request: Any, year: int) -> list[Unit]:
    """The work ward's residential groups that existed in the year and that the user may see."""
    ward = request.work.ward
    if ward is None:
        return []
    graph = get_graph()
    ids = {uid for uid in graph.covered(ward.pk) if graph.nodes[uid].kind == UnitKind.GROUP}
    visible = scope_unit_ids(request.user, Cap.TITLES_VIEW)
    if visible is not None:
        ids &= visible
    return list(Unit.objects.filter(pk__in=_active_in_year(ids, year)).order_by("order", "sort_key"))


def wards_for_year(request: Any, year: int) -> list[Unit]:
    """The commune(s) of the time running the year's ward-level reviews (1 November of the year)."""
    ward = request.work.ward
    if ward is None:
        return []
    graph = get_graph()
    season = services.review_season(year)
    ids = [
        uid
        for uid in graph.covered(ward.pk)
        if graph.nodes[uid].kind == UnitKind.COMMUNE
        and (graph.nodes[uid].valid_from is None or graph.nodes[uid].valid_from <= season)
        and (graph.nodes[uid].valid_to is None or graph.nodes[uid].valid_to >= season)
    ]
    visible = scope_unit_ids(request.user, Cap.TITLES_VIEW)
    if visible is not None:
        ids = [i for i in ids if i in visible]
    return list(Unit.objects.filter(pk__in=ids).order_by("sort_key"))


def _state_counts(qs: Any) -> Counter[str]:
    return Counter(qs.values_list("state", flat=True))


def _next_step(counts: Counter[str], rs: RuleSet | None) -> str:
    if not counts:
        return "Chưa đăng ký"
    if counts[State.REGISTERED] or counts[State.SELF_ASSESSED]:
        return "Chờ họp bình xét"
    if counts[State.RETURNED]:
        return "Có hồ sơ bị trả lại"
    if counts[State.REVIEWED]:
        return "Chờ niêm yết" if rs is not None and rs.has_public_notice else "Chờ gửi hồ sơ đề nghị"
    if counts[State.ON_NOTICE]:
        return "Đang niêm yết / chờ gửi hồ sơ"
    if counts[State.PROPOSED]:
        return "Chờ quyết định công nhận"
    if counts[State.DECIDED]:
        return "Chờ cấp giấy công nhận"
    return "Hoàn thành"


# --------------------------------------------------------------------------- overview


@capability_required(Cap.TITLES_VIEW)
def home(request: Any) -> HttpResponse:
    year = _year(request)
    ward = request.work.ward
    gdvh = _title("gdvh")
    groups = groups_for_year(request, year)
    rates = facts.household_rates_by_group([g.pk for g in groups], year)
    group_rows = []
    for g in groups:
        qs = Candidacy.objects.filter(title_type=gdvh, year=year, review_unit=g)
        counts = _state_counts(qs)
        rs = services.rule_set_or_none(gdvh, g, services.review_season(year))
        group_rows.append(
            {
                "group": g,
                "name": g.name_on(services.review_season(year)),
                "counts": counts,
                "rate": rates[g.pk],
                "next": _next_step(counts, rs),
            }
        )
    total = facts.Rate(
        sum(r["rate"].recognised for r in group_rows),
        sum(r["rate"].residents for r in group_rows),
        sum(r["rate"].registered for r in group_rows),
    )
    wards = wards_for_year(request, year)
    ward_rows = []
    graph = get_graph()
    with_groups = [w for w in wards if any(graph.nodes[c].kind == UnitKind.GROUP for c in graph.children.get(w.pk, ()))]
    for tt in TitleType.objects.filter(active=True).exclude(subject_kind=SubjectKind.HOUSEHOLD):
        for w in wards:
            qs = Candidacy.objects.filter(title_type=tt, year=year, review_unit=w)
            counts = _state_counts(qs)
            if not counts and w not in with_groups:
                continue  # a predecessor commune the system holds no data for
            ward_rows.append(
                {
                    "title": tt,
                    "ward": w,
                    "counts": counts,
                    "total": sum(counts.values()),
                    "recognised": counts[State.DECIDED] + counts[State.CERTIFIED],
                    "next": _next_step(counts, services.rule_set_or_none(tt, w, services.review_season(year))),
                }
            )
    scope = facts.lineage_ids(ward.pk) if ward else frozenset()
    decisions = Decision.objects.visible_to(request.user, Cap.TITLES_VIEW).filter(year=year, ward__in=scope)
    pending = (
        Proposal.objects.visible_to(request.user, Cap.TITLES_VIEW)
        .filter(year=year, ward__in=scope, status=ProposalStatus.SUBMITTED)
        .select_related("unit", "title_type")
    )
    can_decide = ward is not None and any(has_cap(request.user, Cap.TITLES_DECIDE, w) for w in [ward, *wards])
    commendation = None
    if ward is not None and wards:
        rs = services.rule_set_or_none(gdvh, wards[0], services.review_season(year))
        commendation = rs.commendation if rs else None
    return render(
        request,
        "titles/home.html",
        {
            "year": year,
            "groups": group_rows,
            "total": total,
            "ward_rows": ward_rows,
            "decisions": decisions,
            "pending": pending,
            "can_decide": can_decide,
            "gdvh": gdvh,
            "commendation": commendation,
            "pending_titles": sorted(
                {p.title_type.code: p.title_type for p in pending}.values(), key=lambda t: t.order
            ),
            "ward_view": ward is not None and has_cap(request.user, Cap.TITLES_VIEW, ward),
        },
    )


def _last_year_results(tt: TitleType, year: int, keys: list[str]) -> dict[str, str]:
    out = {}
    for key, state in Candidacy.objects.filter(title_type=tt, year=year - 1, subject_key__in=keys).values_list(
        "subject_key", "state"
    ):
        out[key] = "Đạt" if state in RECOGNISED else ("Không đạt" if state != State.WITHDRAWN else "Rút")
    return out


@capability_required(Cap.TITLES_VIEW)
def cycle(request: Any, title: str, unit: int) -> HttpResponse:
    tt = _title(title)
    unit_obj = _visible_unit(request, unit)
    year = _year(request)
    expected = UnitKind.GROUP if tt.subject_kind == SubjectKind.HOUSEHOLD else UnitKind.COMMUNE
    if unit_obj.kind != expected:
        raise Http404("Danh hiệu này không bình xét ở đơn vị này.")
    season = services.review_season(year)
    rs = services.rule_set_or_none(tt, unit_obj, season)
    cands = list(
        Candidacy.objects.filter(title_type=tt, year=year, review_unit=unit_obj)
        .select_related("review_entry", "decision", "household")
        .order_by("sort_key", "pk")
    )
    counts = Counter(c.state for c in cands)
    if cands:
        rs = cands[0].rule_set
    last = _last_year_results(tt, year, [c.subject_key for c in cands])
    streaks = (  # consecutive years up to the year before: what the meeting weighs
        facts.streaks_for_households([c.household_id for c in cands], year - 1)
        if tt.subject_kind == SubjectKind.HOUSEHOLD
        else {}
    )
    rows = [{"c": c, "last": last.get(c.subject_key, "–"), "streak": streaks.get(c.household_id)} for c in cands]
    meetings = ReviewMeeting.objects.filter(title_type=tt, year=year, unit=unit_obj).order_by("held_on", "pk")
    notices = PublicNotice.objects.filter(title_type=tt, year=year, unit=unit_obj)
    proposals = Proposal.objects.filter(title_type=tt, year=year, unit=unit_obj).select_related("decision")
    draft = meetings.filter(status=MeetingStatus.DRAFT).first()
    waiting = services.reviewable(tt, year, unit_obj).count()
    unregistered = _unregistered(tt, unit_obj, year, cands)
    ready = services._ready_for_proposal(tt, year, unit_obj)
    open_notice = notices.filter(closed_on__isnull=True).first()
    today = clock.today()
    deadlines = []
    if rs is not None:
        submitted = [m for m in meetings if m.status == MeetingStatus.SUBMITTED and m.held_on]
        d = facts.cutoff_deadline(rs, year, submitted[0].held_on if submitted else None)
        if d:
            deadlines.append(d)
        if submitted:
            first_p = proposals.order_by("submitted_on").first()
            d = facts.filing_deadline(rs, submitted[-1].held_on, first_p.submitted_on if first_p else None)
            if d:
                deadlines.append(d)
        for n in notices:
            deadlines.append(facts.notice_deadline(n))
        for p in proposals:
            d = facts.decision_deadline(rs, p.complete_on, p.decision.signed_on if p.decision_id else None)
            if d and p.status != ProposalStatus.RETURNED:
                deadlines.append(d)
    can_register = has_cap(request.user, Cap.TITLES_REGISTER, unit_obj)
    can_review = has_cap(request.user, Cap.TITLES_REVIEW, unit_obj)
    return render(
        request,
        "titles/cycle.html",
        {
            "tt": tt,
            "unit": unit_obj,
            "unit_name": unit_obj.name_on(season),
            "year": year,
            "rs": rs,
            "rows": rows,
            "counts": counts,
            "total": len(cands),
            "meetings": meetings,
            "notices": notices,
            "proposals": proposals,
            "draft": draft,
            "waiting": waiting,
            "unregistered": unregistered,
            "ready": len(ready),
            "open_notice": open_notice,
            "deadlines": [(d, d.is_late(today)) for d in deadlines],
            "can_register": can_register,
            "can_review": can_review,
            "rate": facts.household_rate(unit_obj, year) if tt.subject_kind == SubjectKind.HOUSEHOLD else None,
            "notice_form": forms.NoticeOpenForm(initial={"opened_on": today, "place": f"Nhà văn hóa {unit_obj.name}"}),
            "proposal_form": forms.ProposalForm(initial={"on": today}),
            "next": _next_step(counts, rs),
        },
    )


def _subjects(tt: TitleType, unit: Unit, year: int) -> list[Any]:
    """Who can register for a title at a review unit in a year."""
    season = services.review_season(year)
    if tt.subject_kind == SubjectKind.HOUSEHOLD:
        return list(facts.residents([unit.pk], season).order_by("head_sort_key", "pk"))
    graph = get_graph()
    if tt.subject_kind == SubjectKind.GROUP:
        ids = [uid for uid in graph.covered(unit.pk) if graph.nodes[uid].kind == UnitKind.GROUP]
        groups = Unit.objects.filter(pk__in=_active_in_year(frozenset(ids), year)).order_by("order", "sort_key")
        return [g for g in groups if g.is_active_on(season)]
    near = set(graph.covered(unit.pk)) | graph.current(unit.pk)
    group_ids = [uid for uid in near if graph.nodes[uid].kind == UnitKind.GROUP]
    if tt.subject_kind == SubjectKind.AGENCY:
        qs = Agency.objects.filter(Q(ward__in=near) | Q(group__in=group_ids), active=True).distinct()
    elif tt.subject_kind == SubjectKind.STREET:
        qs = Street.objects.filter(Q(ward__in=near) | Q(groups__in=group_ids), active=True).distinct()
    else:
        return []
    return [obj for obj in qs if services.describe(obj, year, season).review_unit == unit]


def _unregistered(tt: TitleType, unit: Unit, year: int, cands: list[Candidacy]) -> list[Any]:
    done = {c.subject_key for c in cands}
    season = services.review_season(year)
    return (
        [s for s in _subjects(tt, unit, year) if services.describe(s, year, season).key not in done]
        if (tt.subject_kind != SubjectKind.HOUSEHOLD)
        else [h for h in _subjects(tt, unit, year) if f"household:{h.pk}" not in done]
    )


# --------------------------------------------------------------------------- registration


@capability_required(Cap.TITLES_REGISTER)
def register(request: Any, title: str, unit: int) -> HttpResponse:
    tt = _title(title)
    unit_obj = _visible_unit(request, unit)
    _need(request, Cap.TITLES_REGISTER, unit_obj)
    year = _year(request)
    existing = list(Candidacy.objects.filter(title_type=tt, year=year, review_unit=unit_obj))
    subjects = _unregistered(tt, unit_obj, year, existing)
    form = forms.RegisterForm(request.POST or None, initial={"on": clock.today()})
    commitments = {}
    if tt.subject_kind == SubjectKind.STREET:
        commitments = Counter(
            StreetCommitment.objects.filter(year=year, street__in=subjects).values_list("street_id", flat=True)
        )
    if request.method == "POST" and form.is_valid():
        chosen = {int(v) for v in request.POST.getlist("subject") if v.isdigit()}
        picked = [s for s in subjects if s.pk in chosen]
        try:
            if not picked:
                raise services.TitleError("Chưa chọn đối tượng nào để đăng ký.")
            created = services.register(
                actor=request.user, title=tt, year=year, subjects=picked, on=form.cleaned_data["on"]
            )
        except services.TitleError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, f"Đã đăng ký {len(created)} {SubjectKind(tt.subject_kind).label.lower()}.")
            return redirect(_cycle_url(tt, unit_obj, year))
    return render(
        request,
        "titles/register.html",
        {
            "tt": tt,
            "unit": unit_obj,
            "year": year,
            "subjects": subjects,
            "form": form,
            "commitments": commitments,
            "registered": len(existing),
        },
    )


def _cycle_url(tt: TitleType, unit: Unit, year: int) -> str:
    return reverse("titles-cycle", kwargs={"title": tt.code, "unit": unit.pk}) + f"?nam={year}"


@capability_required(Cap.TITLES_REGISTER)
def street_commitments(request: Any, pk: int) -> HttpResponse:
    street = get_for_user(Street.objects.all(), request.user, Cap.STREETS_VIEW, pk=pk)
    year = _year(request)
    ward = services.describe(street, year, services.review_season(year)).ward
    _need(request, Cap.TITLES_REGISTER, ward)
    error = ""
    if request.method == "POST":
        rows = []
        for i, line in enumerate(request.POST.get("lines", "").splitlines(), start=1):
            if not line.strip():
                continue
            parts = [p.strip() for p in line.split(";")]
            try:
                signed = date(*reversed([int(x) for x in parts[2].split("/")])) if len(parts) > 2 else None
            except (ValueError, TypeError):
                signed = None
            if len(parts) < 3 or signed is None:
                error = f"Dòng {i}: cần dạng «Họ tên người ký; số nhà hoặc tên cơ sở; dd/mm/yyyy»."
                break
            rows.append(
                {
                    "signer_name": parts[0],
                    "frontage": parts[1],
                    "signed_on": signed,
                    "kind": "business" if request.POST.get(f"business-{i}") else "household",
                }
            )
        if not error:
            try:
                services.record_street_commitments(actor=request.user, street=street, year=year, commitments=rows)
            except services.TitleError as exc:
                error = str(exc)
            else:
                messages.success(request, f"Đã ghi nhận {len(rows)} bản cam kết.")
                return redirect(request.path + f"?nam={year}")
    return render(
        request,
        "titles/street_commitments.html",
        {
            "street": street,
            "year": year,
            "error": error,
            "lines": request.POST.get("lines", ""),
            "items": StreetCommitment.objects.filter(street=street, year=year),
            "ward": ward,
        },
    )


# --------------------------------------------------------------------------- review meeting


def _confirm(request: Any, title: str, text: str, button: str, back: str, form: Any = None) -> HttpResponse:
    """GET on an action URL: a one-button page (with the action's form) that POSTs to the same URL; nothing changes
    on GET."""
    return render(
        request,
        "titles/confirm.html",
        {"title": title, "text": text, "button": button, "back": back, "year": _year(request), "form": form},
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


# --------------------------------------------------------------------------- public notice


@capability_required(Cap.TITLES_REVIEW)
def notice_open(request: Any, title: str, unit: int) -> HttpResponse:
    tt = _title(title)
    unit_obj = _visible_unit(request, unit)
    _need(request, Cap.TITLES_REVIEW, unit_obj)
    year = _year(request)
    if request.method != "POST":
        return _confirm(
            request,
            "Niêm yết công khai",
            f"Niêm yết danh sách bình xét đạt – {unit_obj.name}, năm {year}.",
            "Niêm yết",
            _cycle_url(tt, unit_obj, year),
            form=forms.NoticeOpenForm(initial={"opened_on": clock.today(), "place": f"Nhà văn hóa {unit_obj.name}"}),
        )
    form = forms.NoticeOpenForm(request.POST)
    if not form.is_valid():
        for field, errs in form.errors.items():
            label = form.fields[field].label if field in form.fields else ""
            messages.error(request, f"{label}: {' '.join(errs)}" if label else " ".join(errs))
        return redirect(_cycle_url(tt, unit_obj, year))
    try:
        notice = services.open_public_notice(
            actor=request.user, title=tt, year=year, unit=unit_obj, **form.cleaned_data
        )
    except services.TitleError as exc:
        _error(request, exc)
        return redirect(_cycle_url(tt, unit_obj, year))
    messages.success(request, f"Đã niêm yết từ {format_date(notice.opened_on)} đến hết {format_date(notice.ends_on)}.")
    return redirect("titles-notice", pk=notice.pk)


@capability_required(Cap.TITLES_VIEW)
def notice(request: Any, pk: int) -> HttpResponse:
    n = get_for_user(PublicNotice.objects.select_related("unit", "title_type"), request.user, Cap.TITLES_VIEW, pk=pk)
    can_edit = n.is_open and has_cap(request.user, Cap.TITLES_REVIEW, n.unit)
    cands = list(n.candidacies.order_by("sort_key"))
    choices = [(c.pk, c.subject_name) for c in cands]
    today = clock.today()
    comment_form = forms.NoticeCommentForm(
        request.POST if request.POST.get("action") == "comment" else None,
        choices=choices,
        initial={"received_on": min(today, n.ends_on)},
    )
    close_form = forms.CloseNoticeForm(
        request.POST if request.POST.get("action") == "close" else None,
        initial={"on": max(today, facts.add_days(n.ends_on, 1))},
    )
    if request.method == "POST":
        if not can_edit:
            raise PermissionDenied("Đợt niêm yết đã kết thúc hoặc bạn không có quyền.")
        form = comment_form if request.POST.get("action") == "comment" else close_form
        if form.is_valid():
            try:
                if form is comment_form:
                    data = dict(form.cleaned_data)
                    cid = data.pop("candidacy")
                    c = next((x for x in cands if x.pk == cid), None)
                    services.record_notice_comment(n, actor=request.user, candidacy=c, **data)
                    messages.success(request, "Đã ghi nhận ý kiến.")
                else:
                    services.close_public_notice(n, actor=request.user, **form.cleaned_data)
                    messages.success(request, "Đã kết thúc niêm yết.")
                    return redirect(_cycle_url(n.title_type, n.unit, n.year))
            except services.TitleError as exc:
                form.add_error(None, str(exc))
            else:
                return redirect("titles-notice", pk=n.pk)
    deadline = facts.notice_deadline(n)
    return render(
        request,
        "titles/notice.html",
        {
            "n": n,
            "cands": cands,
            "comments": n.comments.select_related("candidacy"),
            "can_edit": can_edit,
            "comment_form": comment_form,
            "close_form": close_form,
            "deadline": deadline,
            "late": deadline.is_late(today),
            "cycle_url": _cycle_url(n.title_type, n.unit, n.year),
        },
    )


# --------------------------------------------------------------------------- proposal and decision


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


# --------------------------------------------------------------------------- one candidacy


@capability_required(Cap.TITLES_VIEW)
def candidacy(request: Any, pk: int) -> HttpResponse:
    c = get_for_user(
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
        "rework": has_cap(request.user, Cap.TITLES_REVIEW, c.ward)
        and c.state in (State.REVIEWED, State.ON_NOTICE, State.PROPOSED, State.NOT_PROPOSED),
        "withdraw": has_cap(request.user, Cap.TITLES_REGISTER, c.unit)
        and c.state in (State.REGISTERED, State.SELF_ASSESSED, State.REVIEWED, State.ON_NOTICE, State.RETURNED),
        "revoke": has_cap(request.user, Cap.TITLES_DECIDE, c.ward) and c.state in RECOGNISED,
    }
    if request.method == "POST":
        if action not in perms or not perms[action]:
            raise PermissionDenied("Bạn không có quyền thực hiện việc này.")
        form = {"rework": rework_form, "withdraw": withdraw_form, "revoke": revoke_form}[action]
        if form.is_valid():
            try:
                if action == "rework":
                    services.return_for_rework(c, actor=request.user, **form.cleaned_data)
                elif action == "withdraw":
                    services.withdraw(c, actor=request.user, **form.cleaned_data)
                else:
                    services.revoke_title(c, actor=request.user, **form.cleaned_data)
            except services.TitleError as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(request, "Đã cập nhật hồ sơ.")
                return redirect("titles-candidacy", pk=c.pk)
    streak = facts.streak(c.household, c.year) if c.household_id else None
    return render(
        request,
        "titles/candidacy.html",
        {
            "c": c,
            "entries": c.review_entries.select_related("meeting"),
            "history": audit.history(c)[:50],
            "perms": perms,
            "rework_form": rework_form,
            "withdraw_form": withdraw_form,
            "revoke_form": revoke_form,
            "streak": streak,
            "comments": c.comments.all(),
        },
    )


@capability_required(Cap.HOUSEHOLDS_CHANGE)
def carry_streak(request: Any, pk: int) -> HttpResponse:
    """Carrying a streak changes what the household's record says: those who may change the household
    (and hold the title review right on its group, checked by the service) may do it."""
    household = get_for_user(
        Household.objects.all(), request.user, Cap.HOUSEHOLDS_VIEW, Cap.HOUSEHOLDS_CHANGE, pk=pk
    )
    _need(request, Cap.TITLES_REVIEW, household.group)
    if request.method != "POST":
        return _confirm(
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
        _error(request, exc)
    else:
        messages.success(request, "Đã tính kế thừa số năm liên tục từ hộ gốc.")
    return redirect("household-detail", pk=household.pk)


# --------------------------------------------------------------------------- commendations


@capability_required(Cap.TITLES_VIEW)
def commendations(request: Any) -> HttpResponse:
    year = _year(request)
    wards = wards_for_year(request, year)
    ward = request.work.ward
    if ward is None or not wards:
        raise Http404("Chưa chọn xã, phường.")
    title = request.GET.get("danh_hieu") or request.POST.get("danh_hieu") or "gdvh"
    tt = _title(title)
    plan = error = None
    try:
        plan = services.plan_commendations(title=tt, ward=ward, year=year)
    except services.TitleError as exc:
        error = str(exc)
    stored = (
        Commendation.objects.visible_to(request.user, Cap.TITLES_VIEW)
        .filter(year=year, ward__in=facts.lineage_ids(ward.pk), rule__rule_set__title_type=tt)
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
                services.propose_commendations(actor=request.user, title=tt, ward=ward, year=year)
                messages.success(request, "Đã lập danh sách đề nghị theo tỷ lệ.")
                return redirect(reverse("titles-commendations") + f"?nam={year}&danh_hieu={tt.code}")
            if form.is_valid():
                data = dict(form.cleaned_data)
                data.pop("signing_authority", None)
                d = services.issue_commendation_decision(actor=request.user, title=tt, ward=ward, year=year, **data)
                messages.success(request, f"Đã ghi quyết định số {d.number_text}.")
                return redirect("titles-decision", pk=d.pk)
        except services.TitleError as exc:
            form.add_error(None, str(exc))
    return render(
        request,
        "titles/commendations.html",
        {
            "year": year,
            "tt": tt,
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


# --------------------------------------------------------------------------- rules


@capability_required(Cap.TITLES_VIEW)
def rules(request: Any) -> HttpResponse:
    sets = RuleSet.objects.select_related("title_type").prefetch_related(
        "criteria", "exclusions", "dossier_items", "commendation_rules"
    )
    return render(
        request,
        "titles/rules.html",
        {
            "sets": sets,
            "can_edit": has_cap(request.user, Cap.UNITS_CHANGE),
            "deciders": DeciderRule.objects.select_related("title_type"),
        },
    )


@capability_required(Cap.UNITS_CHANGE)
def rule_edit(request: Any, pk: int) -> HttpResponse:
    rs = RuleSet.objects.filter(pk=pk).select_related("title_type").first()
    if rs is None:
        raise Http404("Không tìm thấy.")
    form = forms.RuleSetForm(request.POST or None, instance=RuleSet.objects.get(pk=pk))
    rule = rs.commendation
    cform = forms.CommendationRuleForm(request.POST or None, instance=rule, prefix="kt") if rule else None
    if request.method == "POST" and form.is_valid() and (cform is None or cform.is_valid()):
        data = {k: form.cleaned_data[k] for k in form.Meta.fields}
        data["unconfirmed"] = form.cleaned_data["unconfirmed_text"]
        data["pass_marks"] = form.cleaned_data["pass_marks_text"]
        try:
            services.update_rule_set(rs, actor=request.user, **data)
            if cform is not None:
                cdata = {k: cform.cleaned_data[k] for k in cform.Meta.fields}
                services.update_commendation_rule(rule, actor=request.user, **cdata)
        except services.TitleError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, "Đã lưu quy định.")
            return redirect("titles-rules")
    return render(
        request, "titles/rule_edit.html", {"rs": rs, "form": form, "cform": cform, "history": audit.history(rs)[:30]}
    )


# --------------------------------------------------------------------------- documents

DOCUMENT_KINDS = {
    "title-registration": "Báo cáo kết quả đăng ký",
    "title-minutes": "Biên bản họp bình xét",
    "title-proposal": "Danh sách đề nghị",
    "title-decision": "Quyết định công nhận",
    "title-certificates": "Giấy công nhận",
    "commendation-decision": "Quyết định tặng Giấy khen",
}


@capability_required(Cap.TITLES_VIEW)
def document(request: Any, kind: str) -> HttpResponse:
    """Download a document of the cycle for the work ward and year (DOCX, PDF, or XLSX for lists)."""
    from vanhoa.documents import exports
    from vanhoa.documents.pdf import DocumentConversionError
    from vanhoa.documents.responses import download, pdf_response
    from vanhoa.titles import documents

    if kind not in DOCUMENT_KINDS:
        raise Http404("Không có văn bản này.")
    year = _year(request)
    ward = request.work.ward
    if ward is None:
        raise Http404("Chưa chọn xã, phường.")
    fmt = request.GET.get("format", "docx")
    options: dict[str, Any] = {"title": request.GET.get("danh_hieu", "gdvh")}
    if request.GET.get("group", "").isdigit():
        group = _visible_unit(request, int(request.GET["group"]))
        options["group"] = str(group.pk)
    for key in ("decision", "meeting"):
        if request.GET.get(key, "").isdigit():
            options[key] = request.GET[key]
    if "decision" in options:
        d = get_for_user(Decision.objects.all(), request.user, Cap.TITLES_VIEW, pk=int(options["decision"]))
        year, ward = d.year, d.ward
    elif "meeting" in options:
        m = get_for_user(ReviewMeeting.objects.all(), request.user, Cap.TITLES_VIEW, pk=int(options["meeting"]))
        year = m.year
    elif "group" not in options and not has_cap(request.user, Cap.TITLES_VIEW, ward):
        raise Http404("Không tìm thấy.")  # a ward-wide document is outside a group leader's scope
    name = f"{kind}-{year}.{fmt}"
    try:
        if fmt == "xlsx":
            title, headers, rows = documents.list_rows(kind, ward=ward, year=year, **options)
            return download(documents.xlsx(title, headers, rows), name)
        if fmt not in ("docx", "pdf"):
            raise exports.DocumentNotAvailable("Định dạng không hỗ trợ.")
        doc = exports.kinds()[kind].build(ward=ward, year=year, **options)
        if fmt == "pdf":  # made once per content by the worker; a long one shows its progress
            return pdf_response(request, doc, filename=name, title=f"{DOCUMENT_KINDS[kind]} năm {year}")
        return download(doc.to_bytes(), name)
    except (exports.DocumentNotAvailable, DocumentConversionError, services.TitleError) as exc:
        return render(
            request,
            "titles/confirm.html",
            {
                "title": DOCUMENT_KINDS[kind],
                "text": str(exc),
                "back": reverse("titles-home") + f"?nam={year}",
                "year": year,
            },
        )
