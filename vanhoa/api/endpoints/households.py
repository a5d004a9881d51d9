"""Households: read through visible_to, changed through the same audited services and forms as the UI."""

from datetime import date, datetime
from enum import StrEnum
from typing import Any

import ninja
from django.db.models import Count, Q, Window
from django.http import HttpResponse
from pydantic import Field

from vanhoa.accounts.permissions import Cap, has_cap, scope_unit_ids
from vanhoa.accounts.personal_data import mask_phone
from vanhoa.api import compiled, framework
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
    Year,
    filter_units,
    forbidden,
    get_scoped,
    invalid,
    json_response,
    json_time,
    paginate,
    units_in,
)
from vanhoa.core import versioning
from vanhoa.registry import services
from vanhoa.registry.choices import HouseholdStatus
from vanhoa.registry.forms import HouseholdForm, HouseholdStatusForm
from vanhoa.registry.limits import MAX_MEMBERS
from vanhoa.registry.models import Household
from vanhoa.units.choices import UnitKind
from vanhoa.units.models import Unit

router = Router(tags=["Hộ gia đình"])
status_label = labels(HouseholdStatus)
LABEL = "hộ gia đình"


class HouseholdOut(ninja.Schema):
    id: int
    code: str
    head_name: str
    ward_id: int
    ward_name: str
    group_id: int
    group_name: str
    address: str
    member_count: int
    phone: str = Field(description="Che (091****678) khi người dùng không có quyền households.view_phone")
    phone_masked: bool
    status: HouseholdStatus
    status_label: str
    status_date: date | None
    status_note: str
    since: date | None
    origin_id: int | None = Field(description="Hộ gốc (tách từ) hoặc hộ nhận nhập")
    note: str
    created_at: datetime
    updated_at: datetime
    version: str = Field(
        description="Phiên bản của các trường sửa được (cũng là ETag); gửi lại trong If-Match khi sửa để không ghi "
        "đè thay đổi của người khác"
    )


class HouseholdOrdering(StrEnum):
    NAME = "name"
    NAME_DESC = "-name"
    CODE = "code"
    CODE_DESC = "-code"
    UPDATED = "updated_at"
    UPDATED_DESC = "-updated_at"


ORDERINGS = {
    HouseholdOrdering.NAME: ("head_sort_key", "code", "pk"),
    HouseholdOrdering.NAME_DESC: ("-head_sort_key", "-code", "-pk"),
    HouseholdOrdering.CODE: ("code", "pk"),
    HouseholdOrdering.CODE_DESC: ("-code", "-pk"),
    HouseholdOrdering.UPDATED: ("updated_at", "pk"),
    HouseholdOrdering.UPDATED_DESC: ("-updated_at", "-pk"),
}


class HouseholdFilters(PageParams):
    unit: Id | None = Field(None, description="Xã, phường hoặc tổ dân phố (id), gồm cả đơn vị tiền thân")
    unit_code: QueryText | None = Field(None, description="Như unit nhưng theo mã: '03388' hoặc '2025:03388'")
    status: HouseholdStatus | None = Field(None, description="Bỏ trống: mọi tình trạng")
    year: Year | None = Field(None, description="Các hộ cư trú trong năm này (đến trước 31/12, chưa đi trước 01/01)")
    q: QueryText | None = Field(None, description="Tìm theo tên chủ hộ, mã hộ, địa chỉ; không phân biệt dấu")
    updated_since: datetime | None = Field(None, description="Chỉ các hộ thay đổi từ thời điểm này (đồng bộ dần)")
    ordering: HouseholdOrdering = Field(HouseholdOrdering.NAME, description="name: theo tên (Tên, Họ, Đệm)")


#: The columns a list page reads (no model instances, no columns of the ward and group rows but their names:
#: a page 81 of 5,000 households then sorts narrow rows in memory instead of wide ones on disk).
ROW_FIELDS = (
    "id", "code", "head_name", "ward_id", "ward__name", "group_id", "group__name", "address", "member_count",
    "phone", "status", "status_date", "status_note", "since", "origin_id", "note", "created_at", "updated_at",
)  # fmt: skip


def household_out(h: Household, phone_ids: frozenset[int] | None) -> dict[str, Any]:
    """One household as the API shows it (a detail read: the same dict as a list row)."""
    row = {name: getattr(h, name) for name in ROW_FIELDS if "__" not in name}
    row["ward__name"], row["group__name"] = h.ward.name, h.group.name
    return household_row_out(row, phone_ids)


def household_row_out(r: dict[str, Any], phone_ids: frozenset[int] | None, times: bool = False) -> dict[str, Any]:
    """A list row (`ROW_FIELDS` of `.values()`) as the API shows it; its version is `versioning.token` of the
    household (test_fast_pages compares them). `times=True`: dates and times already as JSON writes them."""
    shows_phone = phone_ids is None or r["group_id"] in phone_ids
    phone = r["phone"]
    text = json_time if times else _same
    return {
        "id": r["id"],
        "code": r["code"],
        "head_name": r["head_name"],
        "ward_id": r["ward_id"],
        "ward_name": r["ward__name"],
        "group_id": r["group_id"],
        "group_name": r["group__name"],
        "address": r["address"],
        "member_count": r["member_count"],
        "phone": phone if shows_phone else mask_phone(phone),
        "phone_masked": bool(phone) and not shows_phone,
        "status": r["status"],
        "status_label": status_label(r["status"]),
        "status_date": text(r["status_date"]),
        "status_note": r["status_note"],
        "since": text(r["since"]),
        "origin_id": r["origin_id"],
        "note": r["note"],
        "created_at": text(r["created_at"]),
        "updated_at": text(r["updated_at"]),
        "version": versioning.token_of_row(Household, r),
    }


def _same(value: Any) -> Any:
    return value


def resident_in(year: int) -> Q:
    """Households living in the ward at some time during `year`."""
    return (Q(since__isnull=True) | Q(since__lte=date(year, 12, 31))) & (
        Q(status=HouseholdStatus.ACTIVE) | Q(status_date__isnull=True) | Q(status_date__gte=date(year, 1, 1))
    )


@router.get("/households", cap=Cap.HOUSEHOLDS_VIEW, response=Page[HouseholdOut], summary="Danh sách hộ gia đình")
def list_households(request: Any, filters: ninja.Query[HouseholdFilters]) -> Any:
    user = request.user
    units = units_in(filters.unit, filters.unit_code)
    q = filters.q if filters.q and filters.q.strip() else None
    ordering = ORDERINGS[filters.ordering]

    def filtered() -> Any:
        qs = Household.objects.visible_to(user, Cap.HOUSEHOLDS_VIEW)
        qs = filter_units(qs, "group", units)
        if filters.status:
            qs = qs.filter(status=filters.status)
        if filters.year is not None:
            qs = qs.filter(resident_in(filters.year))
        if q is not None:
            qs = qs.search(q)
        if filters.updated_since is not None:
            qs = qs.filter(updated_at__gte=filters.updated_since)
        return qs.order_by(*ordering)

    phone_ids = scope_unit_ids(user, Cap.HOUSEHOLDS_PHONE)
    if not (compiled.HOT_LISTS and framework.FAST_PAGES):
        return paginate(filtered(), filters, lambda r: household_row_out(r, phone_ids), fields=ROW_FIELDS)

    def build() -> tuple[Any, Any]:
        """The filtered households (counted) and the page: the page's ids are found on the narrow rows of the
        filtered households (index columns only), then only those rows are read with their columns and the names
        of their ward and group, again through visible_to (page 81 of a 5,000-household ward sorts 4,050 narrow
        rows, not wide ones with two joins)."""
        qs = filtered()
        ids = qs.values("pk")[filters.offset : filters.offset + filters.limit]
        page = Household.objects.visible_to(user, Cap.HOUSEHOLDS_VIEW).filter(pk__in=ids)
        return qs, page.order_by(*ordering).values(*ROW_FIELDS)

    if q is not None:  # a search: its matches are counted in the scan that finds the page's ids
        key = ("households:q", Household.objects.scope_of(user, Cap.HOUSEHOLDS_VIEW), units, filters.status,
               filters.year, q, filters.updated_since, filters.ordering, filters.limit, filters.offset)  # fmt: skip
        count, rows = compiled.read_counted_page(key, lambda: _search_build(filtered(), user, ordering, filters),
                                                 filters.offset, filters.limit)  # fmt: skip
        return _page_response(count, rows, filters, phone_ids)

    key = (
        "households",
        Household.objects.scope_of(user, Cap.HOUSEHOLDS_VIEW),
        units,
        filters.status,
        filters.year,
        q,
        filters.updated_since,
        filters.ordering,
        filters.limit,
        filters.offset,
    )
    count, rows = compiled.read_page(key, build, filters.offset)
    return _page_response(count, rows, filters, phone_ids)


def _search_build(qs: Any, user: Any, ordering: tuple[str, ...], filters: HouseholdFilters) -> tuple[Any, Any, Any]:
    """A search's querysets for `compiled.read_counted_page`: the filtered households (counted only past the
    end), the page's ids with the count of all matches (`COUNT(*) OVER ()`; the `total > 0`, always true, makes
    the ORM put the window in a subquery, so PostgreSQL counts and sorts only the matches, found by an index-only
    scan of the scope's entries in `household_search`, instead of walking the order index for the first 50), and
    the page's rows for those ids, again through visible_to."""
    ids = qs.annotate(total=Window(Count("pk"))).filter(total__gt=0).values("pk", "total")
    page = Household.objects.visible_to(user, Cap.HOUSEHOLDS_VIEW).order_by(*ordering)
    return (
        qs,
        ids[filters.offset : filters.offset + filters.limit],
        lambda pks: page.filter(pk__in=pks).values(*ROW_FIELDS),
    )


def _page_response(count: int, rows: list[dict[str, Any]], filters: HouseholdFilters, phone_ids: Any) -> Any:
    return json_response(
        {
            "count": count,
            "limit": filters.limit,
            "offset": filters.offset,
            "items": [household_row_out(r, phone_ids, times=True) for r in rows],
        }
    )


def _out(request: Any, h: Household) -> dict[str, Any]:
    return household_out(h, scope_unit_ids(request.user, Cap.HOUSEHOLDS_PHONE))


def _household(request: Any, household_id: int, change: bool = False) -> Household:
    return get_scoped(
        Household.objects.select_related("ward", "group"),
        request.user,
        Cap.HOUSEHOLDS_VIEW,
        Cap.HOUSEHOLDS_CHANGE if change else None,
        LABEL,
        household_id,
    )


@router.get("/households/{household_id}", cap=Cap.HOUSEHOLDS_VIEW, response=HouseholdOut, summary="Một hộ")
def get_household(request: Any, household_id: Id, response: HttpResponse) -> dict[str, Any]:
    out = _out(request, _household(request, household_id))
    response["ETag"] = f'"{out["version"]}"'
    return out


@router.get(
    "/households/{household_id}/history", cap=Cap.HOUSEHOLDS_VIEW, response=HistoryPage, summary="Lịch sử thay đổi"
)
def household_history(request: Any, household_id: Id, page: ninja.Query[PageParams]) -> dict[str, Any]:
    return history_page(_household(request, household_id), page)


# --- writes --------------------------------------------------------------------------------------


class HouseholdIn(ninja.Schema):
    group: Id = Field(description="Tổ dân phố (id) đang hoạt động")
    head_name: str = Field(max_length=120, description="Họ và tên chủ hộ (ít nhất hai chữ)")
    member_count: int = Field(ge=1, le=MAX_MEMBERS)
    code: str = Field("", max_length=32, description="Bỏ trống để hệ thống tự đánh mã (HGĐ-00001 …)")
    address: str = Field("", max_length=255)
    phone: str = Field("", max_length=20, description="10–11 chữ số, bắt đầu bằng 0 (hoặc +84)")
    since: date | None = None
    note: str = Field("", max_length=2000)


class HouseholdPatch(ninja.Schema):
    group: Id | None = Field(None, description="Chuyển sang tổ dân phố khác trong cùng phường")
    moved_on: date | None = Field(None, description="Ngày chuyển tổ (mặc định: hôm nay)")
    head_name: str | None = Field(None, max_length=120)
    member_count: int | None = Field(None, ge=1, le=MAX_MEMBERS)
    code: str | None = Field(None, max_length=32)
    address: str | None = Field(None, max_length=255)
    phone: str | None = Field(None, max_length=20)
    since: date | None = None
    note: str | None = Field(None, max_length=2000)


FORM_FIELDS = HouseholdForm.Meta.fields


def _group_for_change(request: Any, group_id: int) -> Unit:
    """A residential group the user may add households to: not visible → 422 on 'group'; visible but
    read-only → 403."""
    group = Unit.objects.filter(pk=group_id, kind=UnitKind.GROUP).first()
    visible = scope_unit_ids(request.user, Cap.HOUSEHOLDS_VIEW)
    if group is None or (visible is not None and group.pk not in visible):
        raise invalid("group", f"Tổ dân phố: không tìm thấy tổ dân phố số {group_id} trong phạm vi của bạn.")
    if not has_cap(request.user, Cap.HOUSEHOLDS_CHANGE, group.pk):
        raise forbidden(f"Bạn không được thêm, sửa hộ của {group.name}.")
    return group


def _validated(form: HouseholdForm) -> dict[str, Any]:
    if not form.is_valid():
        details = form_error_details(form)
        raise ApiError(422, "validation_error", " ".join(d["message"] for d in details), details)
    return {f: form.cleaned_data[f] for f in FORM_FIELDS}


@router.post(
    "/households",
    cap=Cap.HOUSEHOLDS_CHANGE,
    response={201: HouseholdOut},
    summary="Thêm hộ gia đình",
    description="Cùng kiểm tra và cùng hàm nghiệp vụ (có ghi nhật ký) như màn hình Thêm hộ.",
)
def create_household(request: Any, payload: HouseholdIn) -> tuple[int, dict[str, Any]]:
    group = _group_for_change(request, payload.group)
    data = payload.model_dump()
    data["group"] = group.pk
    cleaned = _validated(HouseholdForm(data, groups=[group]))
    with service_errors(services.RegistryError):
        household = services.create_household(actor=request.user, **cleaned)
    return 201, _out(request, _household(request, household.pk))


@router.patch(
    "/households/{household_id}",
    cap=Cap.HOUSEHOLDS_CHANGE,
    response={200: HouseholdOut, 409: ErrorOut},
    summary="Sửa hộ gia đình (chỉ các trường gửi lên)",
    description="Gửi `If-Match` với `version` (ETag) đã đọc: nếu hộ đã được người khác sửa sau đó, không ghi gì và "
    "trả về 409 `version_conflict` với từng trường khác nhau và bản hiện tại (xem docs/api.md).",
)
def update_household(request: Any, household_id: Id, payload: HouseholdPatch, response: HttpResponse) -> dict[str, Any]:
    household = _household(request, household_id, change=True)
    patch = payload.model_dump(exclude_unset=True)
    moved_on = patch.pop("moved_on", None)
    groups = [household.group]
    if patch.get("group") is not None and patch["group"] != household.group_id:
        groups.append(_group_for_change(request, patch["group"]))
    current = {f: getattr(household, f) for f in FORM_FIELDS if f != "group"}
    data = {**current, "group": household.group_id, **patch}
    form = HouseholdForm(data, instance=Household.objects.get(pk=household.pk), groups=groups)
    cleaned = _validated(form)
    expected = if_match(request)
    try:
        with service_errors(services.RegistryError):
            services.update_household(
                household, actor=request.user, moved_on=moved_on, expected_version=expected, **cleaned
            )
    except versioning.VersionConflict as exc:
        current = _household(request, household.pk)
        twin = HouseholdForm(instance=Household.objects.get(pk=household.pk), groups=groups)
        raise version_conflict(exc, [versioning.Pair(form, twin)], _out(request, current)) from None
    out = _out(request, _household(request, household.pk))
    response["ETag"] = f'"{out["version"]}"'
    return out


class StatusIn(ninja.Schema):
    status: HouseholdStatus
    on: date = Field(description="Ngày thay đổi")
    reason: str = Field("", max_length=255)
    other_code: str = Field("", max_length=32, description="Khi nhập hộ: mã hộ nhận nhập (cùng phường)")


@router.post(
    "/households/{household_id}/status",
    cap=Cap.HOUSEHOLDS_CHANGE,
    response=HouseholdOut,
    summary="Đổi tình trạng hộ (chuyển đi, nhập hộ, không còn hộ, cư trú trở lại)",
)
def change_status(request: Any, household_id: Id, payload: StatusIn) -> dict[str, Any]:
    household = _household(request, household_id, change=True)
    form = HouseholdStatusForm(payload.model_dump(), user=request.user, household=household)
    if not form.is_valid():
        details = form_error_details(form)
        raise ApiError(422, "validation_error", " ".join(d["message"] for d in details), details)
    with service_errors(services.RegistryError):
        services.change_household_status(
            household,
            actor=request.user,
            status=form.cleaned_data["status"],
            on=form.cleaned_data["on"],
            reason=form.cleaned_data["reason"],
            other=form.cleaned_data["other"],
        )
    return _out(request, _household(request, household.pk))
