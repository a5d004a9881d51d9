"""Friendly error pages in Vietnamese, with the menu, in every mode (403, 404, 500, 400, CSRF failure).

Django shows its technical pages (every URL of the application, settings, tracebacks) only when DEBUG is
on, and DEBUG is on only when a developer asks for it (DJANGO_DEBUG=1). A 404 raised while DEBUG is on still
shows the technical page, by design: the developer asked for it.

The 500 page renders the full page (menu included) when it can; when the failure is in what the menu itself
needs (the database, say) it falls back to a page without the menu rather than failing twice.
"""

from __future__ import annotations

import logging
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string
from django.views.decorators.csrf import requires_csrf_token

log = logging.getLogger(__name__)

MESSAGES = {
    400: (
        "Yêu cầu không hợp lệ",
        "Trình duyệt gửi một yêu cầu mà hệ thống không đọc được. Hãy tải lại trang và làm lại.",
    ),
    403: ("Bạn không có quyền thực hiện việc này", "Trang này cần quyền mà tài khoản của bạn chưa được giao."),
    404: (
        "Không tìm thấy trang hoặc mục này",
        "Có thể mục không tồn tại, đã bị xóa hoặc nằm ngoài phạm vi được giao cho bạn.",
    ),
    500: (
        "Hệ thống gặp lỗi khi xử lý yêu cầu",
        "Lỗi đã được ghi lại. Dữ liệu bạn vừa gửi chưa được lưu; hãy thử lại sau ít phút hoặc báo quản trị viên.",
    ),
}
CSRF_MESSAGE = (
    "Phiên làm việc đã hết hạn hoặc biểu mẫu đã cũ",
    "Biểu mẫu này được mở quá lâu hoặc bạn đã đăng nhập lại ở thẻ khác, nên hệ thống không nhận để bảo vệ dữ "
    "liệu. Hãy quay lại trang trước, tải lại (F5) rồi gửi lại.",
)


def _detail(exception: Any) -> str:
    """The Vietnamese reason a view gave (PermissionDenied("Chỉ …"), Http404("Chưa chọn xã, phường.")), if any;
    Django's own English reasons are not shown."""
    args = getattr(exception, "args", ())
    text = str(args[0]) if args and isinstance(args[0], str) else ""
    return "" if not text or text.isascii() else text


def _render(request: HttpRequest, status: int, title: str, text: str, detail: str = "") -> HttpResponse:
    context = {"status": status, "heading": title, "text": text, "detail": detail}
    try:
        body = render_to_string("errors/error.html", context, request=request)
    except Exception:  # the menu needs the database and the session; the error may be theirs
        log.exception("error page %s rendered without the menu", status)
        body = render_to_string("errors/plain.html", context)
    return HttpResponse(body, status=status)


@requires_csrf_token
def bad_request(request: HttpRequest, exception: Any = None) -> HttpResponse:
    return _render(request, 400, *MESSAGES[400])


@requires_csrf_token
def permission_denied(request: HttpRequest, exception: Any = None) -> HttpResponse:
    return _render(request, 403, *MESSAGES[403], detail=_detail(exception))


@requires_csrf_token
def page_not_found(request: HttpRequest, exception: Any = None) -> HttpResponse:
    return _render(request, 404, *MESSAGES[404], detail=_detail(exception))


@requires_csrf_token
def server_error(request: HttpRequest) -> HttpResponse:
    return _render(request, 500, *MESSAGES[500])


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    return _render(request, 403, *CSRF_MESSAGE)
