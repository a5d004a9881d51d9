"""What the title pages share: the year, the title and unit from the URL, the groups and communes of a
year, the next step of a cycle, the confirm page.
"""

from __future__ import annotations

from collections import Counter
from datetime import date
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import reverse

from vanhoa.accounts.permissions import Cap, has_cap, scope_unit_ids
from vanhoa.registry.models import Agency, Street
from vanhoa.titles import facts, services
from vanhoa.titles.choices import RECOGNISED, State, SubjectKind
from vanhoa.titles.models import (
    Candidacy,
    RuleSet,
    TitleType,
)
from vanhoa.units.choices import UnitKind
from vanhoa.units.models import Unit
from vanhoa.units.tree import get_graph


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


def _last_year_results(tt: TitleType, year: int, keys: list[str]) -> dict[str, str]:
    out = {}
    for key, state in Candidacy.objects.filter(title_type=tt, year=year - 1, subject_key__in=keys).values_list(
        "subject_key", "state"
    ):
        out[key] = "Đạt" if state in RECOGNISED else ("Không đạt" if state != State.WITHDRAWN else "Rút")
    return out


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


def _cycle_url(tt: TitleType, unit: Unit, year: int) -> str:
    return reverse("titles-cycle", kwargs={"title": tt.code, "unit": unit.pk}) + f"?nam={year}"


def _confirm(request: Any, title: str, text: str, button: str, back: str, form: Any = None) -> HttpResponse:
    """GET on an action URL: a one-button page (with the action's form) that POSTs to the same URL; nothing changes
    on GET."""
    return render(
        request,
        "titles/confirm.html",
        {"title": title, "text": text, "button": button, "back": back, "year": _year(request), "form": form},
    )
