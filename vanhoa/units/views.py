"""Units: the ward's tree with its history, new groups, renames, and setting a ward up from the official list."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from vanhoa.accounts.decorators import capability_required
from vanhoa.accounts.permissions import Cap, has_cap, scope_unit_ids
from vanhoa.accounts.scoping import get_for_user
from vanhoa.core import audit
from vanhoa.core.workcontext import SignedInRequest
from vanhoa.units import catalog, services
from vanhoa.units.choices import CodeScheme, UnitKind
from vanhoa.units.forms import CatalogSearchForm, GroupForm, RenameForm
from vanhoa.units.models import Unit, UnitLineage
from vanhoa.units.tree import get_graph
from vanhoa.units.words import words_for


@capability_required(Cap.UNITS_VIEW)
def unit_list(request: SignedInRequest) -> HttpResponse:
    ward = request.work.ward
    if ward is None:
        return render(request, "core/no_ward.html")
    covered = get_graph().covered(ward.pk)
    units = (
        Unit.objects.visible_to(request.user, Cap.UNITS_VIEW)
        .filter(id__in=covered)
        .select_related("parent")
        .order_by("kind", "valid_to", "order", "sort_key")
    )
    lineage = UnitLineage.objects.filter(to_unit__in=covered).select_related("from_unit", "to_unit", "old_parent")
    return render(
        request,
        "units/unit_list.html",
        {
            "ward": ward,
            "units": units,
            "lineage": lineage,
            "can_change": has_cap(request.user, Cap.UNITS_CHANGE, ward),
        },
    )


@capability_required(Cap.UNITS_VIEW)
def unit_detail(request: SignedInRequest, pk: int) -> HttpResponse:
    unit = get_for_user(Unit.objects.select_related("parent"), request.user, Cap.UNITS_VIEW, pk=pk)
    return render(
        request,
        "units/unit_detail.html",
        {
            "unit": unit,
            "lineage_in": unit.lineage_in.select_related("from_unit", "old_parent"),
            "lineage_out": unit.lineage_out.exclude(to_unit=unit).select_related("to_unit"),
            "children": unit.children.order_by("valid_to", "order", "sort_key"),
            "history": audit.history(unit)[:30],
            "can_change": has_cap(request.user, Cap.UNITS_CHANGE, unit),
        },
    )


@capability_required(Cap.UNITS_CHANGE)
def group_create(request: SignedInRequest) -> HttpResponse:
    ward = request.work.ward
    if ward is None or ward.valid_to is not None or not has_cap(request.user, Cap.UNITS_CHANGE, ward):
        raise PermissionDenied("Chỉ thêm thôn, tổ cho xã, phường đang hoạt động mà bạn quản lý.")
    form = GroupForm(request.POST or None, initial={"order": ward.children.count() + 1})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            unit = services.create_unit(
                actor=request.user,
                kind=UnitKind.GROUP,
                parent=ward,
                type_label=data["type_label"],
                name=data["name"],
                short_name=data["name"],
                code=data["code"],
                code_scheme=CodeScheme.LOCAL,
                order=data["order"],
                valid_from=data["valid_from"],
            )
        except services.UnitError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, f"Đã thêm {unit.name}.")
            return redirect("unit-detail", pk=unit.pk)
    return render(request, "units/form.html", {"form": form, "title": f"{words_for(ward).add_group} cho {ward.name}"})


@capability_required(Cap.UNITS_CHANGE)
def unit_rename(request: SignedInRequest, pk: int) -> HttpResponse:
    unit = get_for_user(Unit.objects.all(), request.user, Cap.UNITS_VIEW, Cap.UNITS_CHANGE, pk=pk)
    form = RenameForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.rename_unit(unit, actor=request.user, **form.cleaned_data)
        except services.UnitError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, "Đã đổi tên; văn bản trước ngày hiệu lực vẫn in tên cũ.")
            return redirect("unit-detail", pk=unit.pk)
    return render(request, "units/form.html", {"form": form, "title": f"Đổi tên {unit.name}"})


def _require_whole_installation(request: SignedInRequest) -> None:
    """A system administrator bound to one province may not create communes elsewhere: only the
    administrator of the whole installation sets communes up from the official list."""
    if scope_unit_ids(request.user, Cap.SYSTEM_SETUP) is not None:
        raise PermissionDenied("Chỉ quản trị hệ thống được thiết lập xã, phường mới.")


@capability_required(Cap.SYSTEM_SETUP)
def catalog_search(request: SignedInRequest) -> HttpResponse:
    _require_whole_installation(request)
    form = CatalogSearchForm(request.GET or None)
    results = []
    if form.is_valid():
        results = [(u, catalog.full_label(u.scheme, u.code)) for u in catalog.search(form.cleaned_data["q"], limit=30)]
    return render(request, "units/catalog.html", {"form": form, "results": results})


@capability_required(Cap.SYSTEM_SETUP)
@require_POST
def catalog_setup(request: SignedInRequest) -> HttpResponse:
    _require_whole_installation(request)
    scheme, code = request.POST.get("scheme", ""), request.POST.get("code", "")
    if scheme not in catalog.SCHEMES:
        raise Http404("Danh mục không hợp lệ.")
    try:
        unit = services.setup_from_catalog(scheme, code, actor=request.user)
    except services.UnitError as exc:
        messages.error(request, str(exc))
        return redirect("unit-catalog")
    messages.success(request, f"Đã thiết lập {unit.name} cùng lịch sử sắp xếp năm 2025.")
    return redirect("unit-detail", pk=unit.pk)
