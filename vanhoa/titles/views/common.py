"""What the title pages share: the year, the title and unit from the URL, the capability check on a unit, the
cycle page's address, the one-button confirm page."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import reverse

from vanhoa.accounts.permissions import Cap, has_cap, scope_unit_ids
from vanhoa.core.params import year_of
from vanhoa.core.workcontext import SignedInRequest
from vanhoa.titles.models import TitleType
from vanhoa.units.choices import UnitKind
from vanhoa.units.models import Unit


def title_or_404(code: str) -> TitleType:
    title_type = TitleType.objects.filter(code=code).first()
    if title_type is None:
        raise Http404("Không có danh hiệu này.")
    return title_type


def visible_unit_or_404(request: SignedInRequest, pk: int) -> Unit:
    """A group or commune the user may see titles of; anything else is 404."""
    unit = Unit.objects.filter(pk=pk, kind__in=[UnitKind.GROUP, UnitKind.COMMUNE]).select_related("parent").first()
    ids = scope_unit_ids(request.user, Cap.TITLES_VIEW)
    if unit is None or (ids is not None and unit.pk not in ids):
        raise Http404("Không tìm thấy.")
    return unit


def need(request: SignedInRequest, cap: Cap, unit: Unit | int) -> None:
    if not has_cap(request.user, cap, unit):
        raise PermissionDenied("Bạn không có quyền thực hiện việc này ở đơn vị này.")


def show_error(request: SignedInRequest, exc: Exception) -> None:
    messages.error(request, str(exc))


def cycle_url(title_type: TitleType, unit: Unit, year: int) -> str:
    return reverse("titles-cycle", kwargs={"title": title_type.code, "unit": unit.pk}) + f"?nam={year}"


def confirm_page(
    request: SignedInRequest, title: str, text: str, button: str, back: str, form: Any = None
) -> HttpResponse:
    """GET on an action URL: a one-button page (with the action's form) that POSTs to the same URL; nothing changes
    on GET."""
    return render(
        request,
        "titles/confirm.html",
        {"title": title, "text": text, "button": button, "back": back, "year": year_of(request), "form": form},
    )
