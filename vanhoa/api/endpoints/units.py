"""Administrative units the user may see: provinces, (former) districts, wards, residential groups."""

from datetime import date
from enum import StrEnum
from typing import Any

import ninja
from django.db.models import Case, IntegerField, Q, Value, When
from pydantic import Field

from vanhoa.accounts.permissions import Cap, scope_unit_ids
from vanhoa.api.endpoints.common import HistoryPage, history_page
from vanhoa.api.framework import Id, Page, PageParams, QueryText, Router, Year, covered, not_found, paginate
from vanhoa.api.framework import resolve_units as _resolve
from vanhoa.core.text import fold
from vanhoa.units.choices import CodeScheme, UnitKind
from vanhoa.units.models import Unit
from vanhoa.units.tree import get_graph

router = Router(tags=["Đơn vị hành chính"])

KIND_RANK = Case(
    *(When(kind=k, then=Value(i)) for i, k in enumerate(UnitKind.values)), default=Value(9), output_field=IntegerField()
)


class UnitOut(ninja.Schema):
    id: int
    kind: UnitKind
    kind_label: str
    type_label: str = Field(description="Phường, Xã, Tổ dân phố, Thôn, Bản …")
    name: str
    short_name: str
    code: str
    code_scheme: CodeScheme
    parent_id: int | None
    valid_from: date | None
    valid_to: date | None = Field(description="null = đang hoạt động")
    order: int
    predecessor_ids: list[int] = Field(description="Các đơn vị đã sáp nhập, chia tách thành đơn vị này")
    successor_ids: list[int] = Field(description="Các đơn vị mà đơn vị này đã sáp nhập, chia tách vào")


def unit_out(u: Unit) -> dict[str, Any]:
    graph = get_graph()
    return {
        "id": u.pk,
        "kind": u.kind,
        "kind_label": u.get_kind_display(),
        "type_label": u.type_label,
        "name": u.name,
        "short_name": u.short_name,
        "code": u.code,
        "code_scheme": u.code_scheme,
        "parent_id": u.parent_id,
        "valid_from": u.valid_from,
        "valid_to": u.valid_to,
        "order": u.order,
        "predecessor_ids": sorted(graph.predecessors.get(u.pk, ())),
        "successor_ids": sorted(graph.successors.get(u.pk, ())),
    }


class UnitOrdering(StrEnum):
    TREE = "tree"
    NAME = "name"
    NAME_DESC = "-name"


class UnitFilters(PageParams):
    kind: UnitKind | None = None
    parent: Id | None = Field(None, description="Chỉ các đơn vị trực thuộc đơn vị này (hiện nay)")
    unit: Id | None = Field(None, description="Đơn vị này và mọi đơn vị thuộc về nó (kể cả đơn vị tiền thân)")
    unit_code: QueryText | None = Field(None, description="Như unit nhưng theo mã: '03388' hoặc '2025:03388'")
    q: QueryText | None = Field(None, description="Tìm theo tên, không phân biệt dấu: 'doan ket'")
    year: Year | None = Field(None, description="Chỉ các đơn vị có hiệu lực trong năm này")
    current: bool | None = Field(None, description="true: chỉ đơn vị đang hoạt động; false: chỉ đơn vị đã giải thể")
    ordering: UnitOrdering = Field(UnitOrdering.TREE, description="tree: cấp, thứ tự, tên; name: theo tên")


def visible_units(user: Any) -> Any:
    ids = scope_unit_ids(user, Cap.UNITS_VIEW)
    qs = Unit.objects.all()
    return qs if ids is None else qs.filter(id__in=ids)


@router.get("/units", cap=Cap.UNITS_VIEW, response=Page[UnitOut], summary="Danh sách đơn vị")
def list_units(request: Any, filters: ninja.Query[UnitFilters]) -> dict[str, Any]:
    qs = visible_units(request.user)
    ids = _resolve(filters.unit, filters.unit_code)
    if ids is not None:
        qs = qs.filter(id__in=covered(ids))
    if filters.kind:
        qs = qs.filter(kind=filters.kind)
    if filters.parent is not None:
        qs = qs.filter(parent_id=filters.parent)
    if filters.current is not None:
        qs = qs.filter(valid_to__isnull=filters.current)
    if filters.year is not None:
        qs = qs.filter(Q(valid_from__isnull=True) | Q(valid_from__lte=date(filters.year, 12, 31))).filter(
            Q(valid_to__isnull=True) | Q(valid_to__gte=date(filters.year, 1, 1))
        )
    if filters.q and filters.q.strip():
        words = fold(filters.q).split()
        nodes = get_graph().nodes.values()
        qs = qs.filter(id__in=[n.id for n in nodes if all(w in fold(n.name) for w in words)])
    if filters.ordering == UnitOrdering.TREE:
        qs = qs.order_by(KIND_RANK, "order", "sort_key", "pk")
    elif filters.ordering == UnitOrdering.NAME:
        qs = qs.order_by("sort_key", "pk")
    else:
        qs = qs.order_by("-sort_key", "-pk")
    return paginate(qs, filters, unit_out)


def _get_unit(request: Any, unit_id: int) -> Unit:
    unit = visible_units(request.user).filter(pk=unit_id).first()
    if unit is None:
        raise not_found(f"Không tìm thấy đơn vị số {unit_id} trong phạm vi của bạn.")
    return unit


@router.get("/units/{unit_id}", cap=Cap.UNITS_VIEW, response=UnitOut, summary="Một đơn vị")
def get_unit(request: Any, unit_id: Id) -> dict[str, Any]:
    return unit_out(_get_unit(request, unit_id))


@router.get("/units/{unit_id}/history", cap=Cap.UNITS_VIEW, response=HistoryPage, summary="Lịch sử thay đổi")
def unit_history(request: Any, unit_id: Id, page: ninja.Query[PageParams]) -> dict[str, Any]:
    return history_page(_get_unit(request, unit_id), page)
