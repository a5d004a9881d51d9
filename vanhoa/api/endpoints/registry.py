"""Agencies (cơ quan, đơn vị, doanh nghiệp) and streets (tuyến phố) of the wards."""

from datetime import datetime
from enum import StrEnum
from typing import Any

import ninja
from pydantic import Field

from vanhoa.accounts.permissions import Cap, has_cap, scope_unit_ids
from vanhoa.api.endpoints.common import HistoryPage, history_page, if_match, labels, service_errors, version_conflict
from vanhoa.api.errors import form_error_details
from vanhoa.api.framework import (
    ApiError,
    ErrorOut,
    Id,
    Page,
    PageParams,
    QueryText,
    Router,
    forbidden,
    get_scoped,
    invalid,
    paginate,
    units_filter,
)
from vanhoa.core import versioning
from vanhoa.registry import services
from vanhoa.registry.choices import AgencyKind
from vanhoa.registry.forms import AgencyForm, StreetForm
from vanhoa.registry.models import Agency, Street
from vanhoa.units.choices import UnitKind
from vanhoa.units.models import Unit
from vanhoa.units.tree import get_graph

router = Router()
kind_label = labels(AgencyKind)


class NameOrdering(StrEnum):
    NAME = "name"
    NAME_DESC = "-name"
    UPDATED = "updated_at"
    UPDATED_DESC = "-updated_at"


ORDERINGS = {
    NameOrdering.NAME: ("sort_key", "pk"),
    NameOrdering.NAME_DESC: ("-sort_key", "-pk"),
    NameOrdering.UPDATED: ("updated_at", "pk"),
    NameOrdering.UPDATED_DESC: ("-updated_at", "-pk"),
}


def _validated(form: Any) -> dict[str, Any]:
    if not form.is_valid():
        details = form_error_details(form)
        raise ApiError(422, "validation_error", " ".join(d["message"] for d in details), details)
    return dict(form.cleaned_data)


def _ward_for_change(request: Any, ward_id: int, view_cap: Cap, change_cap: Cap) -> Unit:
    ward = Unit.objects.filter(pk=ward_id, kind=UnitKind.COMMUNE).first()
    visible = scope_unit_ids(request.user, view_cap)
    if ward is None or (visible is not None and ward.pk not in visible):
        raise invalid("ward", f"Xã, phường: không tìm thấy xã, phường số {ward_id} trong phạm vi của bạn.")
    if not has_cap(request.user, change_cap, ward.pk):
        raise forbidden(f"Bạn chỉ được xem, không được thêm mục ở {ward.name}.")
    return ward


# --- agencies ------------------------------------------------------------------------------------


class AgencyOut(ninja.Schema):
    id: int
    ward_id: int
    ward_name: str
    name: str
    kind: AgencyKind
    kind_label: str
    group_id: int | None
    lead_union: str
    address: str
    head_name: str
    staff_count: int | None
    active: bool
    created_at: datetime
    updated_at: datetime
    version: str = Field(description="Phiên bản (ETag); gửi lại trong If-Match khi sửa (xem docs/api.md)")


def agency_out(a: Agency) -> dict[str, Any]:
    return {
        "id": a.pk,
        "ward_id": a.ward_id,
        "ward_name": a.ward.name,
        "name": a.name,
        "kind": a.kind,
        "kind_label": kind_label(a.kind),
        "group_id": a.group_id,
        "lead_union": a.lead_union,
        "address": a.address,
        "head_name": a.head_name,
        "staff_count": a.staff_count,
        "active": a.active,
        "created_at": a.created_at,
        "updated_at": a.updated_at,
        "version": versioning.token(a),
    }


class AgencyFilters(PageParams):
    unit: Id | None = Field(None, description="Xã, phường (id), gồm cả đơn vị tiền thân")
    unit_code: QueryText | None = Field(None, description="Như unit nhưng theo mã: '03388' hoặc '2025:03388'")
    kind: AgencyKind | None = None
    active: bool | None = None
    q: QueryText | None = Field(None, description="Tìm theo tên, địa chỉ; không phân biệt dấu")
    ordering: NameOrdering = NameOrdering.NAME


@router.get("/agencies", cap=Cap.AGENCIES_VIEW, response=Page[AgencyOut], tags=["Cơ quan, đơn vị"], summary="Danh sách")
def list_agencies(request: Any, filters: ninja.Query[AgencyFilters]) -> dict[str, Any]:
    qs = Agency.objects.visible_to(request.user, Cap.AGENCIES_VIEW)
    qs = units_filter(qs, "ward", filters.unit, filters.unit_code)
    if filters.kind:
        qs = qs.filter(kind=filters.kind)
    if filters.active is not None:
        qs = qs.filter(active=filters.active)
    if filters.q and filters.q.strip():
        qs = qs.search(filters.q)
    return paginate(qs.select_related("ward").order_by(*ORDERINGS[filters.ordering]), filters, agency_out)


def _agency(request: Any, agency_id: int, change: bool = False) -> Agency:
    return get_scoped(
        Agency.objects.select_related("ward"),
        request.user,
        Cap.AGENCIES_VIEW,
        Cap.AGENCIES_CHANGE if change else None,
        "cơ quan, đơn vị",
        agency_id,
    )


@router.get("/agencies/{agency_id}", cap=Cap.AGENCIES_VIEW, response=AgencyOut, tags=["Cơ quan, đơn vị"])
def get_agency(request: Any, agency_id: Id) -> dict[str, Any]:
    return agency_out(_agency(request, agency_id))


@router.get("/agencies/{agency_id}/history", cap=Cap.AGENCIES_VIEW, response=HistoryPage, tags=["Cơ quan, đơn vị"])
def agency_history(request: Any, agency_id: Id, page: ninja.Query[PageParams]) -> dict[str, Any]:
    return history_page(_agency(request, agency_id), page)


class AgencyIn(ninja.Schema):
    ward: Id = Field(description="Xã, phường (id)")
    name: str = Field(max_length=200)
    kind: AgencyKind = AgencyKind.AGENCY
    lead_union: str = Field("Công đoàn phường", max_length=120)
    address: str = Field("", max_length=255)
    head_name: str = Field("", max_length=120)
    staff_count: int | None = Field(None, ge=0, le=1_000_000)
    active: bool = True


class AgencyPatch(ninja.Schema):
    name: str | None = Field(None, max_length=200)
    kind: AgencyKind | None = None
    lead_union: str | None = Field(None, max_length=120)
    address: str | None = Field(None, max_length=255)
    head_name: str | None = Field(None, max_length=120)
    staff_count: int | None = Field(None, ge=0, le=1_000_000)
    active: bool | None = None


@router.post("/agencies", cap=Cap.AGENCIES_CHANGE, response={201: AgencyOut}, tags=["Cơ quan, đơn vị"], summary="Thêm")
def create_agency(request: Any, payload: AgencyIn) -> tuple[int, dict[str, Any]]:
    ward = _ward_for_change(request, payload.ward, Cap.AGENCIES_VIEW, Cap.AGENCIES_CHANGE)
    cleaned = _validated(AgencyForm(payload.model_dump(exclude={"ward"})))
    with service_errors(services.RegistryError):
        agency = services.create_agency(actor=request.user, ward=ward, **cleaned)
    return 201, agency_out(_agency(request, agency.pk))


@router.patch(
    "/agencies/{agency_id}",
    cap=Cap.AGENCIES_CHANGE,
    response={200: AgencyOut, 409: ErrorOut},
    tags=["Cơ quan, đơn vị"],
    description="If-Match: nếu đã có người sửa sau phiên bản gửi lên, trả về 409 version_conflict (docs/api.md).",
)
def update_agency(request: Any, agency_id: Id, payload: AgencyPatch) -> dict[str, Any]:
    agency = _agency(request, agency_id, change=True)
    current = {f: getattr(agency, f) for f in AgencyForm.Meta.fields}
    data = {**current, **payload.model_dump(exclude_unset=True)}
    form = AgencyForm(data, instance=Agency.objects.get(pk=agency.pk))
    cleaned = _validated(form)
    try:
        with service_errors(services.RegistryError):
            services.update_agency(agency, actor=request.user, expected_version=if_match(request), **cleaned)
    except versioning.VersionConflict as exc:
        twin = AgencyForm(instance=Agency.objects.get(pk=agency.pk))
        raise version_conflict(exc, [versioning.Pair(form, twin)], agency_out(_agency(request, agency.pk))) from None
    return agency_out(_agency(request, agency.pk))


# --- streets -------------------------------------------------------------------------------------


class StreetOut(ninja.Schema):
    id: int
    ward_id: int
    ward_name: str
    name: str
    stretch: str
    length_m: int | None
    group_ids: list[int]
    active: bool
    created_at: datetime
    updated_at: datetime
    version: str = Field(description="Phiên bản (ETag); gửi lại trong If-Match khi sửa (xem docs/api.md)")


def street_out(s: Street) -> dict[str, Any]:
    return {
        "id": s.pk,
        "ward_id": s.ward_id,
        "ward_name": s.ward.name,
        "name": s.name,
        "stretch": s.stretch,
        "length_m": s.length_m,
        "group_ids": sorted(g.pk for g in s.groups.all()),
        "active": s.active,
        "created_at": s.created_at,
        "updated_at": s.updated_at,
        "version": versioning.token(s),
    }


class StreetFilters(PageParams):
    unit: Id | None = Field(None, description="Xã, phường (id), gồm cả đơn vị tiền thân")
    unit_code: QueryText | None = Field(None, description="Như unit nhưng theo mã: '03388' hoặc '2025:03388'")
    active: bool | None = None
    ordering: NameOrdering = NameOrdering.NAME


@router.get("/streets", cap=Cap.STREETS_VIEW, response=Page[StreetOut], tags=["Tuyến phố"], summary="Danh sách")
def list_streets(request: Any, filters: ninja.Query[StreetFilters]) -> dict[str, Any]:
    qs = Street.objects.visible_to(request.user, Cap.STREETS_VIEW)
    qs = units_filter(qs, "ward", filters.unit, filters.unit_code)
    if filters.active is not None:
        qs = qs.filter(active=filters.active)
    qs = qs.select_related("ward").prefetch_related("groups").order_by(*ORDERINGS[filters.ordering])
    return paginate(qs, filters, street_out)


def _street(request: Any, street_id: int, change: bool = False) -> Street:
    return get_scoped(
        Street.objects.select_related("ward").prefetch_related("groups"),
        request.user,
        Cap.STREETS_VIEW,
        Cap.STREETS_CHANGE if change else None,
        "tuyến phố",
        street_id,
    )


@router.get("/streets/{street_id}", cap=Cap.STREETS_VIEW, response=StreetOut, tags=["Tuyến phố"])
def get_street(request: Any, street_id: Id) -> dict[str, Any]:
    return street_out(_street(request, street_id))


@router.get("/streets/{street_id}/history", cap=Cap.STREETS_VIEW, response=HistoryPage, tags=["Tuyến phố"])
def street_history(request: Any, street_id: Id, page: ninja.Query[PageParams]) -> dict[str, Any]:
    return history_page(_street(request, street_id), page)


class StreetIn(ninja.Schema):
    ward: Id = Field(description="Xã, phường (id)")
    name: str = Field(max_length=200)
    stretch: str = Field("", max_length=255)
    length_m: int | None = Field(None, ge=0, le=1_000_000)
    group_ids: list[Id] = Field(default_factory=list, max_length=500, description="Các tổ dân phố đi qua")
    active: bool = True


class StreetPatch(ninja.Schema):
    name: str | None = Field(None, max_length=200)
    stretch: str | None = Field(None, max_length=255)
    length_m: int | None = Field(None, ge=0, le=1_000_000)
    group_ids: list[Id] | None = Field(None, max_length=500)
    active: bool | None = None


def _ward_groups(ward_id: int) -> list[Unit]:
    covered = get_graph().covered(ward_id)
    return list(Unit.objects.filter(kind=UnitKind.GROUP, id__in=covered, valid_to__isnull=True))


def _street_data(data: dict[str, Any]) -> dict[str, Any]:
    if "group_ids" in data:
        data["groups"] = data.pop("group_ids") or []
    return data


@router.post("/streets", cap=Cap.STREETS_CHANGE, response={201: StreetOut}, tags=["Tuyến phố"], summary="Thêm")
def create_street(request: Any, payload: StreetIn) -> tuple[int, dict[str, Any]]:
    ward = _ward_for_change(request, payload.ward, Cap.STREETS_VIEW, Cap.STREETS_CHANGE)
    data = _street_data(payload.model_dump(exclude={"ward"}))
    cleaned = _validated(StreetForm(data, groups=_ward_groups(ward.pk)))
    groups = list(cleaned.pop("groups"))
    street = services.create_street(actor=request.user, ward=ward, groups=groups, **cleaned)
    return 201, street_out(_street(request, street.pk))


@router.patch(
    "/streets/{street_id}",
    cap=Cap.STREETS_CHANGE,
    response={200: StreetOut, 409: ErrorOut},
    tags=["Tuyến phố"],
    description="If-Match: nếu đã có người sửa sau phiên bản gửi lên, trả về 409 version_conflict (docs/api.md).",
)
def update_street(request: Any, street_id: Id, payload: StreetPatch) -> dict[str, Any]:
    street = _street(request, street_id, change=True)
    current = {
        "name": street.name,
        "stretch": street.stretch,
        "length_m": street.length_m,
        "groups": [g.pk for g in street.groups.all()],
        "active": street.active,
    }
    data = {**current, **_street_data(payload.model_dump(exclude_unset=True))}
    form = StreetForm(data, instance=Street.objects.get(pk=street.pk), groups=_ward_groups(street.ward_id))
    cleaned = _validated(form)
    groups = list(cleaned.pop("groups"))
    try:
        services.update_street(street, actor=request.user, groups=groups, expected_version=if_match(request), **cleaned)
    except versioning.VersionConflict as exc:
        twin = StreetForm(instance=Street.objects.get(pk=street.pk), groups=_ward_groups(street.ward_id))
        raise version_conflict(exc, [versioning.Pair(form, twin)], street_out(_street(request, street.pk))) from None
    return street_out(_street(request, street.pk))
