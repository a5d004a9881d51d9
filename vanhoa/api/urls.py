"""URL patterns of /api/v1/: the NinjaAPI's own, each marked as an API view.

Every callback carries `capability = "api"`: the token auth and the per-operation capability (`x-capability`)
guard it, and vanhoa/api/tests check them; a walk of the web pages (session login) should skip these.
Unknown addresses and wrong methods under /api/v1/ also answer in JSON.
"""

from __future__ import annotations

from functools import wraps
from typing import Any

from django.http import HttpResponse
from django.urls import URLPattern, path
from django.views.decorators.csrf import csrf_exempt

from vanhoa.api.errors import HTTP_CODES, error_response
from vanhoa.api.main import api

API_MARK = "api"


def _mark(view: Any) -> Any:
    @wraps(view)
    def wrapped(request: Any, *args: Any, **kwargs: Any) -> HttpResponse:
        response = view(request, *args, **kwargs)
        if response.status_code == 405 and not response.get("Content-Type", "").startswith("application/json"):
            allow = response.get("Allow", "")
            response = error_response(405, *HTTP_CODES[405])
            response["Allow"] = allow
        return response

    wrapped.capability = API_MARK  # type: ignore[attr-defined]
    wrapped.csrf_exempt = True  # type: ignore[attr-defined]
    return wrapped


@csrf_exempt
def not_found(request: Any, rest: str = "") -> HttpResponse:
    return error_response(404, "not_found", f"Không có địa chỉ /api/v1/{rest} trong API.")


not_found.capability = API_MARK  # type: ignore[attr-defined]

app_name = "api"  # the namespace: reverse("api:…"); NinjaAPI(urls_namespace="api")
patterns = api.urls[0]
urlpatterns = [
    URLPattern(p.pattern, _mark(p.callback), p.default_args, p.name)
    for p in patterns  # type: ignore[union-attr]
] + [path("<path:rest>", not_found, name="not-found")]
