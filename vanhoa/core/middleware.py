from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any, cast

from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.utils.functional import SimpleLazyObject

from vanhoa.core import workcontext
from vanhoa.units import tree

REFRESHED_KEY = "_refreshed"


class SecurityHeadersMiddleware:
    """Content-Security-Policy and Permissions-Policy on every response."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response.headers.setdefault("Content-Security-Policy", settings.CONTENT_SECURITY_POLICY)
        response.headers.setdefault("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
        return response


class BadInputMiddleware:
    """Requests no page can mean answer 400 before any view runs, and a number too large for the database that
    slipped past a view's parsing answers 400, not 500 (#21 F15).

    - A NUL byte in a parameter name or value (GET or form POST): PostgreSQL refuses it in any text, so the
      first query using it would fail.
    - OverflowError / DataError raised by the database driver for an out-of-range number.
    The REST API (/api/) validates its own parameters and answers its errors in JSON.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.path.startswith("/api/"):
            return self.get_response(request)
        if _has_nul(request.GET) or (request.method == "POST" and _has_nul(request.POST)):
            from django.template.loader import render_to_string

            context = {
                "status": 400,
                "heading": "Yêu cầu không hợp lệ",
                "text": "Địa chỉ hoặc biểu mẫu chứa ký tự NUL.",
            }
            return HttpResponseBadRequest(render_to_string("errors/plain.html", context))
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        from django.db import DataError

        if request.path.startswith("/api/") or request.method not in ("GET", "HEAD"):
            return None
        if isinstance(exception, OverflowError | DataError):
            from vanhoa.core.errors import _render

            return _render(request, 400, "Yêu cầu không hợp lệ", "Một số trong địa chỉ vượt quá giới hạn cho phép.")
        return None


def _has_nul(params: Any) -> bool:
    try:
        return any("\x00" in key or any("\x00" in v for v in params.getlist(key)) for key in params)
    except Exception:  # noqa: BLE001 - an unreadable body (too large, broken upload) is Django's to answer
        return False


class SessionRefreshMiddleware:
    """Keep a signed-in session alive without writing it on every request.

    Django either saves the session on every request (SESSION_SAVE_EVERY_REQUEST: one UPDATE per page view)
    or only when it changes, and then an idle session expires SESSION_COOKIE_AGE after the last change even
    if the user kept working. This marks the session changed when its last save is older than
    SESSION_REFRESH_SECONDS (five minutes), so the idle expiry slides with use at the cost of one write per
    five minutes. Sits after SessionMiddleware, which then saves what changed.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        session = getattr(request, "session", None)
        if session is None or SESSION_KEY not in session:  # no one signed in: nothing to keep alive
            return response
        now = int(time.time())
        if session.modified or now - int(session.get(REFRESHED_KEY, 0)) >= settings.SESSION_REFRESH_SECONDS:
            session[REFRESHED_KEY] = now  # saved anyway, or due for its sliding expiry
        return response


class WorkContextMiddleware:
    """Attach `request.work` (the ward and year the user works on), computed only when used."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        work = SimpleLazyObject(lambda: workcontext.build(request))
        cast(workcontext.WorkRequest, request).work = cast(workcontext.WorkContext, work)
        with tree.request_scope():
            return self.get_response(request)
