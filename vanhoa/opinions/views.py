"""Public pages (no login, kept out of search engines): a group's notice with its proposed list and the opinion
form; and the officer's action that settles an opinion."""

from __future__ import annotations

import hashlib
from typing import Any

from django.contrib import messages
from django.core.cache import cache
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from vanhoa.accounts.decorators import capability_required, public
from vanhoa.accounts.permissions import Cap
from vanhoa.accounts.scoping import get_for_user
from vanhoa.core import clock
from vanhoa.opinions import forms, services
from vanhoa.opinions.models import ResidentOpinion
from vanhoa.titles.models import Candidacy, PublicNotice
from vanhoa.titles.services import TitleError
from vanhoa.units.tree import get_graph

ROBOTS = "noindex, nofollow, noarchive"
PER_ADDRESS = (5, 3600)  # opinions from one network address per hour
PER_HOUSEHOLD = (10, 86400)  # opinions about one household per day


def _public(response: HttpResponse) -> HttpResponse:
    response["X-Robots-Tag"] = ROBOTS
    return response


def _over_limit(key: str, limit: tuple[int, int]) -> bool:
    """Count one more under `key`; True when the limit was already reached (nothing counted then)."""
    count, seconds = limit
    if cache.get(key, 0) >= count:
        return True
    if not cache.add(key, 1, seconds):
        cache.incr(key)
    return False


def _address_key(request: Any) -> str:
    ip = request.META.get("REMOTE_ADDR", "")
    return "opinions:ip:" + hashlib.sha256(ip.encode()).hexdigest()[:32]


def listed(notice: PublicNotice) -> list[tuple[int, str, str]]:
    """(candidacy id, head of household's name, group) of the notice's list: nothing else is ever shown."""
    group = get_graph().name_on(notice.unit_id, notice.opened_on)
    rows = Candidacy.objects.filter(notice=notice).order_by("sort_key", "pk").values_list("pk", "subject_name")
    return [(pk, name, group) for pk, name in rows]


@public
def notice_page(request: Any, pk: int) -> HttpResponse:
    notice = PublicNotice.objects.filter(pk=pk).select_related("title_type").first()
    if notice is None:
        raise Http404("Không có đợt niêm yết này.")
    today = clock.today()
    rows = listed(notice)
    receiving = services.is_receiving(notice, today)
    form = forms.OpinionForm(request.POST or None, choices=[(pk_, name) for pk_, name, _ in rows])
    if request.method == "POST" and receiving and form.is_valid():
        data = form.cleaned_data
        if data["website"]:  # a robot: thanked, nothing kept
            return redirect(reverse("public-notice", args=[notice.pk]) + "?da-gui=1")
        household_key = f"opinions:household:{notice.pk}:{data['candidacy'] or 0}"
        if _over_limit(_address_key(request), PER_ADDRESS) or _over_limit(household_key, PER_HOUSEHOLD):
            return _public(render(request, "opinions/too_many.html", {"notice": notice}, status=429))
        try:
            services.receive_opinion(
                notice,
                on=today,
                sender_name=data["sender_name"],
                sender_group=data["sender_group"],
                content=data["content"],
                candidacy_id=data["candidacy"],
            )
        except TitleError as exc:
            form.add_error(None, str(exc))
        else:
            return redirect(reverse("public-notice", args=[notice.pk]) + "?da-gui=1")
    context = {
        "notice": notice,
        "group_name": get_graph().name_on(notice.unit_id, notice.opened_on),
        "rows": rows,
        "receiving": receiving,
        "form": form,
        "sent": request.GET.get("da-gui") == "1",
        "robots": ROBOTS,
        "decisions": _signed(today).filter(candidacies__notice=notice).distinct(),
    }
    return _public(render(request, "opinions/notice.html", context))


@capability_required(Cap.TITLES_REVIEW)
@require_POST
def settle(request: Any, pk: int) -> HttpResponse:
    opinion = get_for_user(ResidentOpinion.objects.all(), request.user, Cap.TITLES_VIEW, Cap.TITLES_REVIEW, pk=pk)
    form = forms.SettleForm(request.POST)
    if form.is_valid():
        try:
            services.settle_opinion(
                opinion,
                actor=request.user,
                resolution=form.cleaned_data["resolution"],
                upheld=form.cleaned_data["upheld"],
            )
            messages.success(request, f"Đã ghi nhận cách xử lý ý kiến của {opinion.sender_name}.")
        except TitleError as exc:
            messages.error(request, str(exc))
    else:
        messages.error(request, "Cách xử lý: chưa nhập.")
    return redirect("titles-notice", pk=opinion.notice_id)


@capability_required(Cap.TITLES_VIEW)
def printable(request: Any, pk: int) -> HttpResponse:
    """The notice to pin up at the cultural house: the list, the dates and a QR code of the public page."""
    import segno
    from django.utils.safestring import mark_safe

    notice = get_for_user(PublicNotice.objects.select_related("title_type"), request.user, Cap.TITLES_VIEW, pk=pk)
    url = request.build_absolute_uri(reverse("public-notice", args=[notice.pk]))
    qr = mark_safe(segno.make(url, error="m").svg_inline(scale=5, omitsize=False))  # our own SVG, no user text
    context = {
        "notice": notice,
        "group_name": get_graph().name_on(notice.unit_id, notice.opened_on),
        "rows": listed(notice),
        "url": url,
        "qr": qr,
        "robots": ROBOTS,
    }
    return render(request, "opinions/printable.html", context)


def _signed(today: Any) -> Any:
    from vanhoa.titles.choices import DecisionKind
    from vanhoa.titles.models import Decision

    return Decision.objects.filter(kind=DecisionKind.RECOGNITION, signed_on__lte=today)


@public
def decision_page(request: Any, pk: int) -> HttpResponse:
    """The published list of a recognition decision: its number and date, and who was recognised (the head of
    household's name and the group; a group, agency or street by its name)."""
    from vanhoa.titles.choices import RECOGNISED

    decision = _signed(clock.today()).filter(pk=pk).select_related("title_type").first()
    if decision is None:
        raise Http404("Không có quyết định này.")
    graph = get_graph()
    cands = Candidacy.objects.filter(decision=decision, state__in=RECOGNISED).order_by("unit__order", "sort_key", "pk")
    rows = [(c.subject_name, graph.name_on(c.unit_id, decision.signed_on)) for c in cands]
    context = {"decision": decision, "rows": rows, "robots": ROBOTS}
    return _public(render(request, "opinions/decision.html", context))


@public
def ward_index(request: Any, ward: int, year: int) -> HttpResponse:
    """A ward's public page for a year: the groups' notices (open ones first) and the published lists."""
    from vanhoa.titles import facts
    from vanhoa.units.choices import UnitKind
    from vanhoa.units.models import Unit

    unit = Unit.objects.filter(pk=ward, kind=UnitKind.COMMUNE).first()
    if unit is None:
        raise Http404("Không có xã, phường này.")
    lineage = facts.lineage_ids(unit.pk)
    today = clock.today()
    graph = get_graph()
    notices = [
        (n, graph.name_on(n.unit_id, n.opened_on), services.is_receiving(n, today))
        for n in PublicNotice.objects.filter(ward__in=lineage, year=year).select_related("title_type")
    ]
    notices.sort(key=lambda row: (not row[2], row[1]))
    decisions = _signed(today).filter(ward__in=lineage, year=year).select_related("title_type")
    context = {"ward": unit, "year": year, "notices": notices, "decisions": decisions, "robots": ROBOTS}
    return _public(render(request, "opinions/ward.html", context))
