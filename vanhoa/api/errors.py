"""Every error the API answers is JSON: {"code": stable code, "message": Vietnamese, "details": …}."""

from __future__ import annotations

import logging
from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, ValidationError

from vanhoa.api.framework import ApiError

logger = logging.getLogger("vanhoa.api")

# API field name -> Vietnamese label, for messages such as "Số nhân khẩu: phải từ 1 trở lên."
FIELD_LABELS: dict[str, str] = {
    "limit": "Số bản ghi mỗi trang",
    "offset": "Vị trí bắt đầu",
    "unit": "Đơn vị",
    "unit_code": "Mã đơn vị",
    "ward": "Xã, phường",
    "group": "Tổ dân phố",
    "groups": "Các tổ dân phố",
    "year": "Năm",
    "status": "Tình trạng",
    "q": "Từ khóa tìm kiếm",
    "ordering": "Sắp xếp",
    "updated_since": "Cập nhật từ",
    "kind": "Loại",
    "parent": "Đơn vị cấp trên",
    "active": "Đang hoạt động",
    "id": "Mã số",
    "code": "Mã",
    "name": "Tên",
    "head_name": "Họ và tên chủ hộ",
    "member_count": "Số nhân khẩu",
    "address": "Địa chỉ",
    "phone": "Số điện thoại",
    "since": "Cư trú từ ngày",
    "note": "Ghi chú",
    "on": "Từ ngày",
    "reason": "Lý do",
    "other_code": "Mã hộ nhận nhập",
    "moved_on": "Ngày chuyển tổ",
    "lead_union": "Công đoàn phụ trách",
    "staff_count": "Số cán bộ, người lao động",
    "stretch": "Đoạn",
    "length_m": "Chiều dài (m)",
}

_PARAM_CONTAINERS = {"body", "query", "path", "header", "cookie", "form", "payload", "filters", "params", "page"}


def _label(field: str | None) -> str:
    if not field:
        return "Yêu cầu"
    return FIELD_LABELS.get(field.split(".")[-1], field)


def _message(err: dict[str, Any]) -> str:
    """One pydantic error in Vietnamese."""
    kind = err.get("type", "")
    ctx = err.get("ctx") or {}
    if kind == "missing":
        return "bắt buộc phải có."
    if kind in {"int_parsing", "int_type", "int_from_float"}:
        return "phải là số nguyên."
    if kind in {"float_parsing", "float_type", "decimal_parsing"}:
        return "phải là số."
    if kind in {"bool_parsing", "bool_type"}:
        return "phải là true hoặc false."
    if kind.startswith("date") or kind.startswith("datetime"):
        return "ngày không hợp lệ; dùng dạng YYYY-MM-DD (ngày giờ: YYYY-MM-DDTHH:MM:SS+07:00)."
    if kind in {"greater_than_equal", "greater_than"}:
        return f"phải từ {ctx.get('ge', ctx.get('gt'))} trở lên."
    if kind in {"less_than_equal", "less_than"}:
        return f"không được lớn hơn {ctx.get('le', ctx.get('lt'))}."
    if kind == "string_too_long":
        return f"dài quá {ctx.get('max_length')} ký tự."
    if kind == "string_too_short":
        return f"phải có ít nhất {ctx.get('min_length')} ký tự."
    if kind == "string_pattern_mismatch":
        return "có ký tự không hợp lệ."
    if kind in {"string_type", "string_unicode"}:
        return "phải là chuỗi ký tự."
    if kind in {"enum", "literal_error"}:
        expected = ctx.get("expected", "")
        return f"giá trị không hợp lệ; chọn một trong: {expected}."
    if kind in {"list_type", "too_long", "too_short"}:
        return "danh sách không hợp lệ."
    if kind in {"json_invalid", "json_type"}:
        return "nội dung JSON không hợp lệ."
    if kind in {"model_type", "model_attributes_type", "dict_type"}:
        return "phải là một đối tượng JSON."
    if kind == "extra_forbidden":
        return "trường này không được dùng."
    return "giá trị không hợp lệ."


def _field(loc: Any) -> str | None:
    parts = [str(p) for p in (loc or []) if str(p) not in _PARAM_CONTAINERS]
    return ".".join(parts) or None


def validation_details(errors: list[dict[str, Any]]) -> list[dict[str, Any]]:
    out = []
    for err in errors:
        field = _field(err.get("loc"))
        out.append({"field": field, "message": f"{_label(field)}: {_message(err)}"})
    return out


def form_error_details(form: Any) -> list[dict[str, Any]]:
    """Django form errors (already Vietnamese) as details: the UI and the API say the same thing."""
    out = []
    for field, messages in form.errors.items():
        for message in messages:
            if field == "__all__":
                out.append({"field": None, "message": str(message)})
            else:
                out.append({"field": field, "message": f"{_label(field)}: {message}"})
    return out


def error_response(status: int, code: str, message: str, details: Any = None) -> JsonResponse:
    response = JsonResponse(
        {"code": code, "message": message, "details": details},
        status=status,
        json_dumps_params={"ensure_ascii": False},
    )
    if status == 401:
        response["WWW-Authenticate"] = 'Bearer realm="vanhoa"'
    return response


HTTP_CODES = {
    400: ("bad_request", "Yêu cầu không hợp lệ."),
    401: ("unauthorized", "Thiếu hoặc sai khóa truy cập API (Authorization: Bearer …)."),
    403: ("forbidden", "Bạn không có quyền thực hiện việc này."),
    404: ("not_found", "Không tìm thấy."),
    405: ("method_not_allowed", "Phương thức HTTP này không dùng được ở địa chỉ này."),
    409: ("conflict", "Dữ liệu đã thay đổi; hãy tải lại rồi thử lại."),
    422: ("validation_error", "Dữ liệu gửi lên không hợp lệ."),
    429: ("too_many_requests", "Gửi quá nhiều yêu cầu; hãy thử lại sau."),
}


def install(api: NinjaAPI) -> None:
    """Register the JSON error handlers on `api`."""

    def on_api_error(request: HttpRequest, exc: ApiError) -> HttpResponse:
        return error_response(exc.status, exc.code, exc.message, exc.details)

    def on_validation(request: HttpRequest, exc: ValidationError) -> HttpResponse:
        details = validation_details(exc.errors)
        message = " ".join(d["message"] for d in details) or HTTP_CODES[422][1]
        return error_response(422, "validation_error", message, details)

    def on_auth(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
        return error_response(401, *HTTP_CODES[401])

    def on_http(request: HttpRequest, exc: HttpError) -> HttpResponse:
        code, message = HTTP_CODES.get(exc.status_code, ("error", str(exc)))
        return error_response(exc.status_code, code, message)

    def on_404(request: HttpRequest, exc: Http404) -> HttpResponse:
        return error_response(404, "not_found", str(exc) or HTTP_CODES[404][1])

    def on_403(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
        return error_response(403, "forbidden", str(exc) or HTTP_CODES[403][1])

    def on_django_validation(request: HttpRequest, exc: DjangoValidationError) -> HttpResponse:
        messages = " ".join(exc.messages)
        return error_response(422, "validation_error", messages, [{"field": None, "message": messages}])

    def on_crash(request: HttpRequest, exc: Exception) -> HttpResponse:
        logger.exception("API error on %s %s", request.method, request.path)
        return error_response(500, "server_error", "Lỗi máy chủ; đã ghi lại để kiểm tra. Vui lòng thử lại sau.")

    api.add_exception_handler(ApiError, on_api_error)
    api.add_exception_handler(ValidationError, on_validation)
    api.add_exception_handler(AuthenticationError, on_auth)
    api.add_exception_handler(HttpError, on_http)
    api.add_exception_handler(Http404, on_404)
    api.add_exception_handler(PermissionDenied, on_403)
    api.add_exception_handler(DjangoValidationError, on_django_validation)
    api.add_exception_handler(Exception, on_crash)
