"""The titles home page (groups and the ward at a glance) and one cycle's page (a title at a review unit)."""

from __future__ import annotations

from collections import Counter
from typing import Any

from django.http import Http404, HttpResponse
from django.shortcuts import render

from vanhoa.accounts.decorators import capability_required
from vanhoa.accounts.permissions import Cap, has_cap
from vanhoa.titles import clock, facts, forms, services
from vanhoa.titles.choices import MeetingStatus, ProposalStatus, State, SubjectKind
from vanhoa.titles.models import (
    Candidacy,
    Decision,
    Proposal,
    PublicNotice,
    ReviewMeeting,
    TitleType,
)
from vanhoa.titles.views.common import (
    _last_year_results,
    _next_step,
    _state_counts,
    _title,
    _unregistered,
    _visible_unit,
    _year,
    groups_for_year,
    wards_for_year,
)
from vanhoa.units.choices import UnitKind
from vanhoa.units.tree import get_graph


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
