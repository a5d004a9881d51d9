"""The titles home page (groups and the ward at a glance) and one cycle's page (a title at a review unit).
What they show is read by vanhoa.titles.overview."""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpResponse
from django.shortcuts import render

from vanhoa.accounts.decorators import capability_required
from vanhoa.accounts.permissions import Cap, has_cap
from vanhoa.core.params import year_of
from vanhoa.core.workcontext import SignedInRequest
from vanhoa.deadlines import due
from vanhoa.opinions.models import ResidentOpinion
from vanhoa.titles import clock, facts, forms, overview
from vanhoa.titles.choices import SubjectKind
from vanhoa.titles.models import TitleType
from vanhoa.titles.views.common import title_or_404, visible_unit_or_404
from vanhoa.units.choices import UnitKind
from vanhoa.units.models import Unit


@capability_required(Cap.TITLES_VIEW)
def home(request: SignedInRequest) -> HttpResponse:
    year = year_of(request)
    ward = request.work.ward
    page = overview.home(request.user, ward, year, title_or_404("gdvh"))
    today = clock.today()
    lineage = facts.lineage_ids(ward.pk) if ward else frozenset()
    items = [
        i
        for i in due.due_for(request.user, today, year=year, titles_only=True)
        if i.year == year and i.unit_id in lineage
    ]
    late = {i.unit_id: i.status_text(today) for i in items if i.kind == due.REVIEW and i.is_overdue(today)}
    return render(
        request,
        "titles/home.html",
        {"year": year, "overview": page, "warnings": due.item_warnings(items, today), "late_review": late},
    )


@capability_required(Cap.TITLES_VIEW)
def cycle(request: SignedInRequest, title: str, unit: int) -> HttpResponse:
    title_type = title_or_404(title)
    unit_obj = visible_unit_or_404(request, unit)
    year = year_of(request)
    expected = UnitKind.GROUP if title_type.subject_kind == SubjectKind.HOUSEHOLD else UnitKind.COMMUNE
    if unit_obj.kind != expected:
        raise Http404("Danh hiệu này không bình xét ở đơn vị này.")
    page = overview.cycle(title_type, unit_obj, year)
    today = clock.today()
    return render(
        request,
        "titles/cycle.html",
        {
            "cycle": page,
            "title_type": title_type,
            "unit": unit_obj,
            "year": year,
            "rule_set": page.rule_set,
            "deadlines": [(d, d.is_late(today)) for d in page.deadlines],
            "warnings": due.deadline_warnings(page.deadlines, today),
            "pending_opinions": ResidentOpinion.objects.filter(
                notice__in=[n.pk for n in page.notices], comment__isnull=True
            ).count(),
            "can_register": has_cap(request.user, Cap.TITLES_REGISTER, unit_obj),
            "can_review": has_cap(request.user, Cap.TITLES_REVIEW, unit_obj),
            "notice_form": forms.NoticeOpenForm(initial={"opened_on": today, "place": f"Nhà văn hóa {unit_obj.name}"}),
            "proposal_form": forms.ProposalForm(initial={"on": today}),
            "dossier_forms": _dossier_forms(page, title_type, unit_obj, year),
            "agency_rows": _agency_rows(title_type, unit_obj, year),
        },
    )


def _dossier_forms(page: overview.CycleOverview, title_type: TitleType, unit: Unit, year: int) -> list[dict[str, str]]:
    """The printable forms of the year's dossier for this page (vanhoa.titles.forms_print), once a meeting exists."""
    from vanhoa.titles import forms_print

    if not page.meetings:
        return []
    groups = []
    if title_type.subject_kind == SubjectKind.GROUP:
        groups = [row.candidacy.group for row in page.rows if row.candidacy.group_id]
    return forms_print.page_forms(page.rule_set, unit, groups)


def _agency_rows(title_type: TitleType, unit: Unit, year: int) -> list[tuple[Any, str, Any]]:
    """Agencies (TT 08/2014): every agency reviewed here, its title by kind and where it stands this year."""
    if title_type.subject_kind != SubjectKind.AGENCY:
        return []
    from vanhoa.titles.services import agencies

    found = overview.eligible_subjects(title_type, unit, year)
    by_id = agencies.standings(found, year)
    return [(a, agencies.title_for(a), by_id[a.pk]) for a in found]
