"""The group leader's installable app (issue 20): the manifest and the service worker served by the
application itself, the app's page (the shell kept on the phone), the group's data as JSON and the sync."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.contrib.staticfiles import finders
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse, JsonResponse
from django.middleware.csrf import get_token
from django.shortcuts import render
from django.templatetags.static import static
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from vanhoa.accounts.decorators import capability_required, public
from vanhoa.accounts.permissions import Cap, has_cap
from vanhoa.offline import snapshot, sync

APP_URL = "/ung-dung/"
SHELL_ASSETS = ["css/app.css", "js/offline-app.js", "img/app-icon-192.png"]


def user_key(user: Any) -> str:
    """The per-user name of the phone's caches and store (not the user id in clear)."""
    return hashlib.sha256(f"{settings.SECRET_KEY}:offline:{user.pk}".encode()).hexdigest()[:16]


@public
@require_GET
def manifest(request: Any) -> HttpResponse:
    data = {
        "name": "Văn hóa – Tổ trưởng",
        "short_name": "Tổ trưởng",
        "description": "Danh sách hộ, họp bình xét và biến động hộ của tổ dân phố, dùng được khi mất mạng.",
        "lang": "vi",
        "start_url": APP_URL,
        "scope": "/",
        "display": "standalone",
        "background_color": "#ffffff",
        "theme_color": "#b71c1c",
        "icons": [
            {"src": static("img/app-icon-192.png"), "sizes": "192x192", "type": "image/png"},
            {"src": static("img/app-icon-512.png"), "sizes": "512x512", "type": "image/png", "purpose": "any maskable"},
        ],
    }
    return HttpResponse(json.dumps(data, ensure_ascii=False), content_type="application/manifest+json")


@public
@require_GET
def service_worker(request: Any) -> HttpResponse:
    """The service worker, at the root so it may control /ung-dung/; its cache is named per user (`?u=`)."""
    path = finders.find("js/offline-sw.js")
    with open(path, encoding="utf-8") as f:  # type: ignore[arg-type]
        body = f.read()
    assets = [APP_URL] + [static(a) for a in SHELL_ASSETS if finders.find(a)]
    body = body.replace("/*SHELL*/[]", json.dumps(assets))
    response = HttpResponse(body, content_type="application/javascript; charset=utf-8")
    response["Service-Worker-Allowed"] = "/"
    response["Cache-Control"] = "no-cache"
    return response


@capability_required(Cap.TITLES_REVIEW)
@never_cache
def app(request: Any) -> HttpResponse:
    """The app's one page; everything on it is drawn by offline-app.js from the phone's store."""
    try:
        group = snapshot.leader_group(request.user)
    except snapshot.NoGroup as exc:
        return render(request, "offline/app.html", {"refused": str(exc)})
    response = render(request, "offline/app.html", {"group": group, "key": user_key(request.user)})
    response["X-Offline-Key"] = user_key(request.user)  # the service worker keeps only its own account's page
    return response


def _wants_json(request: Any) -> bool:
    return "application/json" in request.headers.get("Accept", "") or request.content_type == "application/json"


def json_capability(cap: Cap) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """capability_required for the phone's script: it gets 401 (signed out, or the account deactivated) and 403
    (no longer a group leader) as JSON with the reason, where a page gets the login redirect and the 403 page."""

    def decorator(view: Callable[..., Any]) -> Callable[..., Any]:
        @wraps(view)
        def wrapped(request: Any, *args: Any, **kwargs: Any) -> Any:
            if not request.user.is_authenticated:
                if _wants_json(request):
                    return JsonResponse({"error": SIGNED_OUT}, status=401)
                return redirect_to_login(request.get_full_path())
            if not has_cap(request.user, cap):
                if _wants_json(request):
                    return JsonResponse({"error": NO_RIGHT}, status=403)
                raise PermissionDenied(NO_RIGHT)
            return view(request, *args, **kwargs)

        wrapped.capability = cap  # type: ignore[attr-defined]
        return wrapped

    return decorator


SIGNED_OUT = "Phiên đăng nhập đã hết hoặc tài khoản đã bị khóa; hãy đăng nhập lại."
NO_RIGHT = "Tài khoản không còn quyền của tổ trưởng; các thay đổi chưa được gửi."


@json_capability(Cap.TITLES_REVIEW)
@never_cache
@require_GET
def data(request: Any) -> JsonResponse:
    try:
        payload = snapshot.group_data(request.user, request.work.year)
    except snapshot.NoGroup as exc:  # a ward officer: nothing to keep on a phone
        payload = {"user": request.user.pk, "group": None, "households": [], "meeting": None, "error": str(exc)}
    payload["key"] = user_key(request.user)
    payload["csrf"] = get_token(request)
    response = JsonResponse(payload)
    response["Cache-Control"] = "private, no-store"
    return response


@json_capability(Cap.TITLES_REVIEW)  # the CSRF check applies: the token comes with the data
@never_cache
@require_POST
def sync_changes(request: Any) -> JsonResponse:
    try:
        body = json.loads(request.body or b"{}")
    except ValueError:
        return JsonResponse({"error": "Dữ liệu gửi lên không đọc được."}, status=400)
    changes = body.get("changes") if isinstance(body, dict) else None
    if not isinstance(changes, list):
        return JsonResponse({"error": "Dữ liệu gửi lên không đọc được."}, status=400)
    results = sync.apply_all(request.user, changes)
    return JsonResponse({"results": results})


@public
def signed_out(request: Any) -> HttpResponse:
    """After signing out: the page's script empties the phone's store and caches (the logout answer also
    sends Clear-Site-Data)."""
    return render(request, "offline/signed_out.html")
