"""The pieces every API endpoint is built from.

- `Router`: a ninja Router whose get/post/patch/put/delete REQUIRE `cap=`: a `Cap` (the user must hold it on
  some unit, else 403), `PUBLIC` (no token) or `LOGIN` (any valid token). The capability is checked before
  the endpoint runs and published in the OpenAPI schema as `x-capability`.
- `ApiError` and the JSON error shape `{"code", "message", "details"}` with a Vietnamese message.
- `Page` / `paginate`: limit/offset pages with the total count.
- `get_scoped`: a detail read through visible_to (404 outside the user's units, 403 without the write cap).
- `units_filter`: the `unit` / `unit_code` filter (a unit and everything that rolls up to it).
"""

from collections.abc import Callable, Iterable
from datetime import date, datetime
from functools import wraps
from typing import Annotated, Any, Generic, TypeVar

import ninja
import orjson
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.http import HttpResponse
from ninja.constants import NOT_SET
from pydantic import Field

from vanhoa.accounts.permissions import Cap, has_cap
from vanhoa.accounts.scoping import ScopedQuerySet, _scope_unit_id
from vanhoa.units.models import Unit
from vanhoa.units.tree import get_graph

PUBLIC = "public"
LOGIN = "login"

# Ids as the database stores them (bigint): larger numbers can only be "not found", never a crash.
Id = Annotated[int, Field(ge=1, le=2**63 - 1)]
# Free text in query strings: no NUL characters (PostgreSQL rejects them).
QueryText = Annotated[str, Field(max_length=200, pattern=r"^[^\x00]*$")]
Year = Annotated[int, Field(ge=1900, le=2100)]

MAX_LIMIT = 500
DEFAULT_LIMIT = 50


class ApiError(Exception):
    """An error answered as JSON: {"code": code, "message": message, "details": details}."""

    def __init__(self, status: int, code: str, message: str, details: Any = None) -> None:
        super().__init__(message)
        self.status, self.code, self.message, self.details = status, code, message, details


def not_found(message: str) -> ApiError:
    return ApiError(404, "not_found", message)


def forbidden(message: str = "Bạn không có quyền thực hiện việc này.") -> ApiError:
    return ApiError(403, "forbidden", message)


def invalid(field: str | None, message: str) -> ApiError:
    """A 422 about one input field (None: the request as a whole)."""
    return ApiError(422, "validation_error", message, [{"field": field, "message": message}])


class ErrorOut(ninja.Schema):
    code: str = Field(description="Mã lỗi ổn định: unauthorized, forbidden, not_found, validation_error, …")
    message: str = Field(description="Thông báo tiếng Việt cho người dùng")
    details: Any = Field(None, description="Với validation_error: danh sách {field, message}")


ERROR_RESPONSES = {401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut}


# --- capability guard ----------------------------------------------------------------------------


def guard(cap: Cap | str) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Check the capability before the endpoint runs; mark the endpoint with it."""

    def decorator(func: Callable[..., Any]) -> Callable[..., Any]:
        @wraps(func)
        def wrapped(request: Any, *args: Any, **kwargs: Any) -> Any:
            if cap not in (PUBLIC, LOGIN) and not has_cap(request.user, cap):
                raise forbidden("Tài khoản của khóa này không có quyền dùng chức năng này.")
            return func(request, *args, **kwargs)

        wrapped.capability = cap  # type: ignore[attr-defined]
        return wrapped

    return decorator


class Router(ninja.Router):
    """A ninja Router whose operations must declare their capability (a TypeError at import otherwise)."""

    def get(self, path: str, *, cap: Cap | str, **kw: Any) -> Callable[..., Any]:  # type: ignore[override]
        return self._operation("GET", path, cap, kw)

    def post(self, path: str, *, cap: Cap | str, **kw: Any) -> Callable[..., Any]:  # type: ignore[override]
        return self._operation("POST", path, cap, kw)

    def patch(self, path: str, *, cap: Cap | str, **kw: Any) -> Callable[..., Any]:  # type: ignore[override]
        return self._operation("PATCH", path, cap, kw)

    def put(self, path: str, *, cap: Cap | str, **kw: Any) -> Callable[..., Any]:  # type: ignore[override]
        return self._operation("PUT", path, cap, kw)

    def delete(self, path: str, *, cap: Cap | str, **kw: Any) -> Callable[..., Any]:  # type: ignore[override]
        return self._operation("DELETE", path, cap, kw)

    def _operation(self, method: str, path: str, cap: Cap | str, kw: dict[str, Any]) -> Callable[..., Any]:
        if not (isinstance(cap, Cap) or cap in (PUBLIC, LOGIN)):
            raise TypeError(f"{method} {path}: cap must be a Cap, PUBLIC or LOGIN, not {cap!r}")
        extra = dict(kw.pop("openapi_extra", None) or {})
        extra["x-capability"] = str(cap)
        response = kw.pop("response", NOT_SET)
        if cap == PUBLIC:
            kw["auth"] = None
        else:
            from vanhoa.api.auth import TokenAuth

            kw.setdefault("auth", TokenAuth(cap if isinstance(cap, Cap) else None))
        if response is not NOT_SET and cap != PUBLIC:
            codes = dict(response) if isinstance(response, dict) else {200: response}
            response = {**codes, **ERROR_RESPONSES}

        def decorator(func: Callable[..., Any]) -> Callable[..., Any]:
            guarded = guard(cap)(func)
            self.api_operation([method], path, response=response, openapi_extra=extra, **kw)(guarded)
            return guarded

        return decorator


# --- pagination ----------------------------------------------------------------------------------

T = TypeVar("T")


class Page(ninja.Schema, Generic[T]):
    count: int = Field(description="Tổng số bản ghi thỏa điều kiện lọc")
    limit: int
    offset: int
    items: list[T]


class PageParams(ninja.Schema):
    limit: int = Field(DEFAULT_LIMIT, ge=1, le=MAX_LIMIT, description=f"Số bản ghi mỗi trang (tối đa {MAX_LIMIT})")
    offset: int = Field(0, ge=0, le=10**9, description="Bỏ qua bao nhiêu bản ghi đầu")


#: List pages whose items are made by a `convert` function are sent as they are (orjson), without running
#: the response schema over every item: a test checks each list against its schema
#: (vanhoa/api/tests/test_fast_pages.py). False = validate every page (what the test compares with).
FAST_PAGES = True


def _json_default(value: Any) -> Any:
    """Dates, times and decimals exactly as Django's JSON encoder writes them (the schema path's output)."""
    return _DJANGO_JSON.default(value)


_DJANGO_JSON = DjangoJSONEncoder()


def json_time(value: date | None) -> str | None:
    """A date or datetime as Django's JSON encoder writes it (milliseconds, 'Z' for UTC); None stays None. A hot
    list formats its rows' times itself, so its page is dumped without a Python call back per value."""
    if value is None:
        return None
    if isinstance(value, datetime):
        r = value.isoformat()
        if value.microsecond:
            r = r[:23] + r[26:]
        if r.endswith("+00:00"):
            r = r[:-6] + "Z"
        return r
    return value.isoformat()


def json_response(data: Any, status: int = 200) -> HttpResponse:
    body = orjson.dumps(data, default=_json_default, option=orjson.OPT_PASSTHROUGH_DATETIME)
    return HttpResponse(body, status=status, content_type="application/json; charset=utf-8")


def paginate(
    qs: Any, params: PageParams, convert: Callable[[Any], Any] | None = None, fields: Iterable[str] | None = None
) -> Any:
    """A page of `qs` with its total count; with `fields`, the rows are read as `.values(*fields)` dicts (no model
    instances) and handed to `convert`."""
    count = qs.count()
    if fields is not None:
        qs = qs.values(*fields)
    rows = list(qs[params.offset : params.offset + params.limit]) if params.offset < count else []
    page = {
        "count": count,
        "limit": params.limit,
        "offset": params.offset,
        "items": [convert(r) for r in rows] if convert else rows,
    }
    if FAST_PAGES and convert is not None:
        return json_response(page)
    return page


# --- scoping helpers -----------------------------------------------------------------------------


def get_scoped(queryset: ScopedQuerySet, user: Any, view_cap: Cap, change_cap: Cap | None, label: str, pk: int) -> Any:
    """The object if the user may see it; 404 (not found or out of scope, indistinguishable) otherwise;
    with `change_cap`, 403 when the user may only look at it. Same rules as the web pages (get_for_user)."""
    obj = queryset.visible_to(user, view_cap).filter(pk=pk).first()
    if obj is None:
        raise not_found(f"Không tìm thấy {label} số {pk} trong phạm vi của bạn.")
    if change_cap is not None and not has_cap(user, change_cap, _scope_unit_id(obj, queryset.scope_field)):
        raise forbidden(f"Bạn chỉ được xem, không được sửa {label} này.")
    return obj


def resolve_units(unit: int | None, unit_code: str | None) -> list[int] | None:
    """Unit ids named by `unit` (an id) or `unit_code` ('03388' or '2025:03388'); None when neither is given.
    A unit that does not exist is a 404; a code may name several units (the same code in two schemes)."""
    ids: list[int] = []
    if unit is not None:
        if not Unit.objects.filter(pk=unit).exists():
            raise not_found(f"Không tìm thấy đơn vị số {unit}.")
        ids.append(unit)
    if unit_code:
        scheme, _, code = unit_code.rpartition(":")
        qs = Unit.objects.filter(code=code.strip())
        if scheme:
            qs = qs.filter(code_scheme=scheme.strip())
        found = list(qs.values_list("id", flat=True))
        if not found:
            raise not_found(f"Không tìm thấy đơn vị có mã {unit_code}.")
        ids.extend(found)
    return ids if (unit is not None or unit_code) else None


def covered(unit_ids: Iterable[int]) -> frozenset[int]:
    """The units and every unit whose records roll up to them (children, former children, predecessors)."""
    graph = get_graph()
    out: set[int] = set()
    for uid in unit_ids:
        out |= graph.covered(uid)
    return frozenset(out)


def units_in(unit: int | None, unit_code: str | None) -> frozenset[int] | None:
    """The units named by `unit` / `unit_code` and every unit that rolls up to them; None when neither is given."""
    ids = resolve_units(unit, unit_code)
    return None if ids is None else covered(ids)


def units_filter(qs: models.QuerySet, field: str, unit: int | None, unit_code: str | None) -> models.QuerySet:
    return filter_units(qs, field, units_in(unit, unit_code))


def filter_units(qs: models.QuerySet, field: str, units: frozenset[int] | None) -> models.QuerySet:
    return qs if units is None else qs.filter(**{f"{field}__in": units})
