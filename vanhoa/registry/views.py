"""Registry pages: thin views that read through visible_to() and change through services."""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import EmptyResultSet, PermissionDenied
from django.core.paginator import Page, Paginator
from django.db import connection
from django.db.models.expressions import RawSQL
from django.http import HttpResponse
from django.shortcuts import redirect, render

from vanhoa.accounts.decorators import capability_required
from vanhoa.accounts.permissions import Cap, has_cap
from vanhoa.accounts.personal_data import PhoneDisclosure
from vanhoa.accounts.scoping import get_for_user
from vanhoa.core import audit, versioning
from vanhoa.core.links import url_maker
from vanhoa.core.params import int_param
from vanhoa.registry import services
from vanhoa.registry.choices import HouseholdStatus
from vanhoa.registry.forms import AgencyForm, HouseholdForm, HouseholdSplitForm, HouseholdStatusForm, StreetForm
from vanhoa.registry.models import Agency, Household, Street
from vanhoa.units.choices import UnitKind
from vanhoa.units.models import Unit
from vanhoa.units.tree import get_graph, per_graph, units_copied

PAGE_SIZE = 50


def _ward_scope(request: Any) -> frozenset[int]:
    ward = request.work.ward
    return get_graph().covered(ward.pk) if ward else frozenset()


def _kept_groups(request: Any, cap: Cap, current_only: bool) -> list[Unit]:
    """Residential groups of the work ward on which the user holds `cap`, as kept with the unit graph (shared:
    not to be changed). The ward's groups are read once per version of the units; the user's scope is applied
    here, as `Unit.objects.visible_to` would."""
    ward = request.work.ward
    if ward is None:
        return []
    covered = _ward_scope(request)

    def read() -> list[Unit]:
        return list(Unit.objects.filter(kind=UnitKind.GROUP, id__in=covered).order_by("order", "sort_key"))

    ids, limits = Unit.objects.scope_of(request.user, cap)
    if limits:  # units carry no day: never the case, but then the queryset says what the user sees
        seen = set(Unit.objects.visible_to(request.user, cap).filter(id__in=covered).values_list("pk", flat=True))
        ids = frozenset(seen)
    kept = per_graph(("ward_groups", ward.pk), read)
    return [g for g in kept if (ids is None or g.pk in ids) and (not current_only or g.valid_to is None)]


def _groups(request: Any, cap: Cap, current_only: bool = True) -> list[Unit]:
    """Residential groups of the work ward on which the user holds `cap` (the request's own copies)."""
    return units_copied(_kept_groups(request, cap, current_only))


def _form_error(form: Any, exc: Exception) -> None:
    form.add_error(None, str(exc))


# --- households ---------------------------------------------------------------------------------


def filtered_households(request: Any) -> tuple[Any, dict[str, str]]:
    """The households of the work ward the user may see, with the list page's filters (q, group, status)
    applied; the Excel export uses the same function so it exports what the list shows."""
    qs = Household.objects.visible_to(request.user, Cap.HOUSEHOLDS_VIEW, within=_ward_scope(request))
    filters = _filters(request)
    q, group, status = filters["q"], filters["group"], filters["status"]
    if q:
        qs = qs.search(q)
    if group:  # a number beyond any id, or not a number: nothing matches (#21 F15)
        qs = qs.filter(group_id=int_param(group)) if int_param(group) is not None else qs.none()
    if status in HouseholdStatus.values:
        qs = qs.filter(status=status)
    return qs, filters


def _filters(request: Any) -> dict[str, str]:
    """The list page's filters as the request gives them (q, group, status)."""
    q = request.GET.get("q", "").strip()
    return {"q": q, "group": request.GET.get("group", ""), "status": request.GET.get("status", HouseholdStatus.ACTIVE)}


#: What a row of the list shows, read as plain values (the rest of a household is not read for a list page, and
#: no model instance is made for a row). The group's name comes from the unit graph: no join, for the page nor
#: for its count.
LIST_FIELDS = ("id", "head_name", "code", "address", "member_count", "phone", "status", "group_id")


# The statement of a list page (its rows and their count), kept per process for the next request with the same
# inputs: compiling it through the ORM cost more than running it. Only SQL is kept, never rows: it is a function
# of the key alone (scope, ward, filters, page), as vanhoa.api.compiled does for the API's lists.
_kept: OrderedDict[Hashable, tuple[str, tuple[Any, ...]]] = OrderedDict()
_kept_lock = threading.Lock()
KEPT_PAGES = 1024


def _kept_statement(key: Hashable | None) -> tuple[str, tuple[Any, ...]] | None:
    if key is None:
        return None
    with _kept_lock:
        found = _kept.get(key)
        if found is not None:
            _kept.move_to_end(key)
        return found


def _keep_statement(key: Hashable | None, statement: tuple[str, tuple[Any, ...]]) -> None:
    if key is None:
        return
    with _kept_lock:
        _kept[key] = statement
        _kept.move_to_end(key)
        while len(_kept) > KEPT_PAGES:
            _kept.popitem(last=False)


def _page_statement(qs: Any, wanted: int) -> tuple[str, tuple[Any, ...]]:
    """The SELECT of page `wanted` of `qs` in Vietnamese order, each row ending with the count of every row of
    `qs` (a scalar subquery, computed once). EmptyResultSet for qs.none()."""
    count_sql, count_params = qs.order_by().values("pk").query.sql_with_params()
    total = RawSQL(f"SELECT COUNT(*) FROM ({count_sql}) filtered", count_params)  # noqa: S611 (the ORM's)
    bottom = (wanted - 1) * PAGE_SIZE
    rows = qs.in_vietnamese_order().annotate(filtered_count=total).values_list(*LIST_FIELDS, "filtered_count")
    sql, params = rows[bottom : bottom + PAGE_SIZE].query.sql_with_params()
    return sql, tuple(params)


def _page_and_count(build: Callable[[], Any], number: str | None, key: Hashable | None = None) -> Page:
    """`Paginator(rows, PAGE_SIZE).get_page(number)` of the queryset `build()` makes, in Vietnamese order, with
    the page's rows and the count of every filtered household read in ONE statement, not two; with `key` (every
    input `build` reads), the statement is kept for the next request of that key and `build` not called. Only a
    page beyond the last, or below 1, pays the count on its own and reads the last page, as get_page does."""
    try:
        wanted = int(number) if number is not None else 1
    except (TypeError, ValueError):
        wanted = 1  # as get_page: not a number, the first page
    if 1 <= wanted <= 10_000_000:  # beyond: surely past the last page (and an OFFSET no database takes)
        statement = _kept_statement(key)
        if statement is None:
            try:
                statement = _page_statement(build(), wanted)
            except EmptyResultSet:  # qs.none(): nothing to count
                statement = None
        if statement is not None:
            with connection.cursor() as cur:
                cur.execute(*statement)
                found = cur.fetchall()
            if found or wanted == 1:
                _keep_statement(key, statement)
                paginator = Paginator([], PAGE_SIZE)  # its rows are read: only its count is asked
                vars(paginator)["count"] = found[0][-1] if found else 0  # its cached count: the one read
                return Page([tuple(row[:-1]) for row in found], wanted, paginator)
    return Paginator(build().in_vietnamese_order().values_list(*LIST_FIELDS), PAGE_SIZE).get_page(number)


@capability_required(Cap.HOUSEHOLDS_VIEW)
def household_list(request: Any) -> HttpResponse:
    filters = _filters(request)
    q, group, status = filters["q"], filters["group"], filters["status"]
    number = request.GET.get("page")
    scope = Household.objects.scope_of(request.user, Cap.HOUSEHOLDS_VIEW)
    key = ("household-list", scope, _ward_scope(request), q, group, status, number)
    page = _page_and_count(lambda: filtered_households(request)[0], number, key)
    phones = PhoneDisclosure(request.user)
    units = get_graph().nodes
    detail = url_maker("household-detail")
    context = {
        "page": page,
        "q": q,
        "group": group,
        "status": status,
        "statuses": HouseholdStatus.choices,
        "groups": [(str(g.pk), g.name) for g in _kept_groups(request, Cap.HOUSEHOLDS_VIEW, current_only=False)],
        "can_add": has_cap(request.user, Cap.HOUSEHOLDS_CHANGE),
        "rows": [
            (detail(pk), name, state, code, units[group_id].name, address, members, phones.show(phone, group_id))
            for pk, name, code, address, members, phone, state, group_id in page
        ],
        "export_query": urlencode({k: v for k, v in filters.items() if v}),
    }
    if request.htmx:
        return render(request, "registry/fragment_household_table.html", context)
    return render(request, "registry/household_list.html", context)


@capability_required(Cap.HOUSEHOLDS_VIEW)
def household_detail(request: Any, pk: int) -> HttpResponse:
    household = get_for_user(
        Household.objects.select_related("group", "ward", "origin"), request.user, Cap.HOUSEHOLDS_VIEW, pk=pk
    )
    return render(
        request,
        "registry/household_detail.html",
        {
            "household": household,
            "phone": PhoneDisclosure(request.user).show(household.phone, household.group_id),
            "can_change": has_cap(request.user, Cap.HOUSEHOLDS_CHANGE, household.group_id),
            "can_export_personal_data": has_cap(request.user, Cap.PRIVACY_EXPORT, household.group_id),
            "placements": household.placements.select_related("group"),
            "derived": household.derived.all(),
            "history": audit.history(household)[:50],
        },
    )


@capability_required(Cap.HOUSEHOLDS_CHANGE)
def household_create(request: Any) -> HttpResponse:
    groups = _groups(request, Cap.HOUSEHOLDS_CHANGE)
    form = HouseholdForm(
        request.POST or None,
        groups=groups,
        initial={"group": request.GET.get("group")} if request.GET.get("group") else None,
    )
    if request.method == "POST" and form.is_valid():
        try:
            household = services.create_household(actor=request.user, **form.cleaned_data)
        except services.RegistryError as exc:
            _form_error(form, exc)
        else:
            messages.success(request, f"Đã thêm hộ {household.head_name} ({household.code}).")
            return redirect("household-detail", pk=household.pk)
    return render(request, "registry/household_form.html", {"form": form, "title": "Thêm hộ gia đình"})


@capability_required(Cap.HOUSEHOLDS_CHANGE)
def household_edit(request: Any, pk: int) -> HttpResponse:
    household = get_for_user(Household.objects.all(), request.user, Cap.HOUSEHOLDS_VIEW, Cap.HOUSEHOLDS_CHANGE, pk=pk)
    groups = _groups(request, Cap.HOUSEHOLDS_CHANGE)
    if household.group not in groups:
        groups.append(household.group)
    form, current = versioning.bind(
        request, lambda data: HouseholdForm(data, instance=Household.objects.get(pk=pk), groups=groups)
    )
    context = {"household": household, "title": f"Sửa hộ {household.head_name}"}
    if request.method == "POST" and form.is_valid():
        data = {f: form.cleaned_data[f] for f in form.Meta.fields}
        try:
            services.update_household(
                household, actor=request.user, expected_version=versioning.posted(request.POST), **data
            )
        except services.RegistryError as exc:
            _form_error(form, exc)
        except versioning.VersionConflict as exc:
            context.update(versioning.conflict_context(household, exc, [versioning.Pair(form, current)], form.data))
        else:
            messages.success(request, "Đã lưu thay đổi.")
            return redirect("household-detail", pk=household.pk)
    context.update(form=form, **versioning.page_state(request, household, [current]))
    return render(request, "registry/household_form.html", context)


@capability_required(Cap.HOUSEHOLDS_CHANGE)
def household_status(request: Any, pk: int) -> HttpResponse:
    household = get_for_user(Household.objects.all(), request.user, Cap.HOUSEHOLDS_VIEW, Cap.HOUSEHOLDS_CHANGE, pk=pk)
    form = HouseholdStatusForm(request.POST or None, user=request.user, household=household)
    if request.method == "POST" and form.is_valid():
        try:
            services.change_household_status(
                household,
                actor=request.user,
                status=form.cleaned_data["status"],
                on=form.cleaned_data["on"],
                reason=form.cleaned_data["reason"],
                other=form.cleaned_data["other"],
            )
        except services.RegistryError as exc:
            _form_error(form, exc)
        else:
            messages.success(request, "Đã cập nhật tình trạng hộ.")
            return redirect("household-detail", pk=household.pk)
    return render(
        request,
        "registry/household_action.html",
        {"form": form, "household": household, "title": "Thay đổi tình trạng hộ"},
    )


@capability_required(Cap.HOUSEHOLDS_CHANGE)
def household_split(request: Any, pk: int) -> HttpResponse:
    household = get_for_user(Household.objects.all(), request.user, Cap.HOUSEHOLDS_VIEW, Cap.HOUSEHOLDS_CHANGE, pk=pk)
    form = HouseholdSplitForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            new = services.split_household(household, actor=request.user, **form.cleaned_data)
        except services.RegistryError as exc:
            _form_error(form, exc)
        else:
            messages.success(request, f"Đã tách hộ mới {new.head_name} ({new.code}).")
            return redirect("household-detail", pk=new.pk)
    return render(request, "registry/household_action.html", {"form": form, "household": household, "title": "Tách hộ"})


# --- agencies -------------------------------------------------------------------------------------


@capability_required(Cap.AGENCIES_VIEW)
def agency_list(request: Any) -> HttpResponse:
    qs = Agency.objects.visible_to(request.user, Cap.AGENCIES_VIEW).filter(ward__in=_ward_scope(request))
    q = request.GET.get("q", "").strip()
    if q:
        qs = qs.search(q)
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    ward = request.work.ward
    return render(
        request,
        "registry/agency_list.html",
        {
            "page": page,
            "q": q,
            "can_add": ward is not None and has_cap(request.user, Cap.AGENCIES_CHANGE, ward),
        },
    )


@capability_required(Cap.AGENCIES_VIEW)
def agency_detail(request: Any, pk: int) -> HttpResponse:
    agency = get_for_user(Agency.objects.select_related("ward", "group"), request.user, Cap.AGENCIES_VIEW, pk=pk)
    return render(
        request,
        "registry/agency_detail.html",
        {
            "agency": agency,
            "can_change": has_cap(request.user, Cap.AGENCIES_CHANGE, agency.ward_id),
            "history": audit.history(agency)[:50],
        },
    )


@capability_required(Cap.AGENCIES_CHANGE)
def agency_create(request: Any) -> HttpResponse:
    ward = request.work.ward
    if ward is None or not has_cap(request.user, Cap.AGENCIES_CHANGE, ward):
        raise PermissionDenied("Bạn không có quyền thêm ở đơn vị này.")
    form = AgencyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.create_agency(actor=request.user, ward=ward, **form.cleaned_data)
        except services.RegistryError as exc:
            _form_error(form, exc)
        else:
            messages.success(request, "Đã thêm cơ quan, đơn vị.")
            return redirect("agency-list")
    return render(
        request, "registry/simple_form.html", {"form": form, "title": "Thêm cơ quan, đơn vị", "back": "agency-list"}
    )


@capability_required(Cap.AGENCIES_CHANGE)
def agency_edit(request: Any, pk: int) -> HttpResponse:
    agency = get_for_user(Agency.objects.all(), request.user, Cap.AGENCIES_VIEW, Cap.AGENCIES_CHANGE, pk=pk)
    form, current = versioning.bind(request, lambda data: AgencyForm(data, instance=Agency.objects.get(pk=pk)))
    context: dict[str, Any] = {}
    if request.method == "POST" and form.is_valid():
        try:
            services.update_agency(
                agency, actor=request.user, expected_version=versioning.posted(request.POST), **form.cleaned_data
            )
        except versioning.VersionConflict as exc:
            context = versioning.conflict_context(agency, exc, [versioning.Pair(form, current)], form.data)
        else:
            messages.success(request, "Đã lưu thay đổi.")
            return redirect("agency-detail", pk=agency.pk)
    return render(
        request,
        "registry/simple_form.html",
        {
            "form": form,
            "title": f"Sửa: {agency.name}",
            "back": "agency-list",
            "history": audit.history(agency)[:30],
            **versioning.page_state(request, agency, [current]),
            **context,
        },
    )


# --- streets --------------------------------------------------------------------------------------


@capability_required(Cap.STREETS_VIEW)
def street_list(request: Any) -> HttpResponse:
    qs = Street.objects.visible_to(request.user, Cap.STREETS_VIEW).filter(ward__in=_ward_scope(request))
    ward = request.work.ward
    return render(
        request,
        "registry/street_list.html",
        {
            "streets": qs.prefetch_related("groups"),
            "can_add": ward is not None and has_cap(request.user, Cap.STREETS_CHANGE, ward),
        },
    )


@capability_required(Cap.STREETS_VIEW)
def street_detail(request: Any, pk: int) -> HttpResponse:
    street = get_for_user(Street.objects.select_related("ward"), request.user, Cap.STREETS_VIEW, pk=pk)
    return render(
        request,
        "registry/street_detail.html",
        {
            "street": street,
            "groups": street.groups.order_by("order", "sort_key"),
            "can_change": has_cap(request.user, Cap.STREETS_CHANGE, street.ward_id),
            "history": audit.history(street)[:50],
        },
    )


def _ward_groups(request: Any) -> list[Unit]:
    return list(
        Unit.objects.filter(kind=UnitKind.GROUP, id__in=_ward_scope(request), valid_to__isnull=True).order_by(
            "order", "sort_key"
        )
    )


@capability_required(Cap.STREETS_CHANGE)
def street_create(request: Any) -> HttpResponse:
    ward = request.work.ward
    if ward is None or not has_cap(request.user, Cap.STREETS_CHANGE, ward):
        raise PermissionDenied("Bạn không có quyền thêm ở đơn vị này.")
    form = StreetForm(request.POST or None, groups=_ward_groups(request))
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        groups = list(data.pop("groups"))
        services.create_street(actor=request.user, ward=ward, groups=groups, **data)
        messages.success(request, "Đã thêm tuyến phố.")
        return redirect("street-list")
    return render(
        request, "registry/simple_form.html", {"form": form, "title": "Thêm tuyến phố", "back": "street-list"}
    )


@capability_required(Cap.STREETS_CHANGE)
def street_edit(request: Any, pk: int) -> HttpResponse:
    street = get_for_user(Street.objects.all(), request.user, Cap.STREETS_VIEW, Cap.STREETS_CHANGE, pk=pk)
    groups = _ward_groups(request)
    form, current = versioning.bind(
        request, lambda data: StreetForm(data, instance=Street.objects.get(pk=pk), groups=groups)
    )
    context: dict[str, Any] = {}
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        chosen = list(data.pop("groups"))
        try:
            services.update_street(
                street, actor=request.user, groups=chosen, expected_version=versioning.posted(request.POST), **data
            )
        except versioning.VersionConflict as exc:
            context = versioning.conflict_context(street, exc, [versioning.Pair(form, current)], form.data)
        else:
            messages.success(request, "Đã lưu thay đổi.")
            return redirect("street-detail", pk=street.pk)
    return render(
        request,
        "registry/simple_form.html",
        {
            "form": form,
            "title": f"Sửa: {street.name}",
            "back": "street-list",
            "history": audit.history(street)[:30],
            **versioning.page_state(request, street, [current]),
            **context,
        },
    )
