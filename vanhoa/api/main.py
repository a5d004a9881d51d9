"""The API v1: one NinjaAPI, one router per domain. Adding a domain = one module in endpoints/ + one line here
(see docs/api.md)."""

from __future__ import annotations

from typing import Any

from ninja import NinjaAPI
from ninja.renderers import JSONRenderer

from vanhoa.api import errors
from vanhoa.api.auth import TokenAuth
from vanhoa.api.endpoints import households, indicators, meta, plans, registry, stats, titles, units


class Utf8JSONRenderer(JSONRenderer):
    """Vietnamese text as UTF-8, not \\u escapes: readable and about a third smaller."""

    json_dumps_params = {"ensure_ascii": False}


class Api(NinjaAPI):
    def get_openapi_operation_id(self, operation: Any) -> str:
        """Short, stable operation ids: the endpoint function's name (list_households, get_household …)."""
        return str(operation.view_func.__name__)


api = Api(
    title="vanhoa API",
    version="1",
    description=(
        "API mở của phần mềm phong trào «Toàn dân đoàn kết xây dựng đời sống văn hóa» cho cổng thông tin "
        "thành phố, tỉnh và hệ thống thi đua, khen thưởng. Xác thực: `Authorization: Bearer <khóa>`; khóa tạo "
        "ở menu tài khoản › Khóa truy cập API. Khóa mang đúng vai trò, đơn vị và quyền của người tạo: ngoài "
        "phạm vi → 404, trong phạm vi nhưng không có quyền sửa → 403, thiếu hoặc sai khóa → 401. Mỗi thao tác "
        "ghi rõ quyền cần có ở `x-capability`. Lỗi: JSON {code, message, details}."
    ),
    auth=TokenAuth(),
    renderer=Utf8JSONRenderer(),
    urls_namespace="api",
    openapi_url="/openapi.json",
    docs_url="/docs",
)
errors.install(api)

api.add_router("", meta.router)
api.add_router("", units.router)
api.add_router("", households.router)
api.add_router("", registry.router)
api.add_router("", stats.router)
api.add_router("", plans.router)
api.add_router("", titles.router)
api.add_router("", indicators.router)
