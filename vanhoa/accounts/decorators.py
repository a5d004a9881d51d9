"""View guards. Every view declares what it needs, so the URL walk test can check them all.

A guarded view keeps its own signature for the type checker: `request: SignedInRequest` (vanhoa.core.workcontext)
behind @capability_required and @login_only, where the user is signed in."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar, cast

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponseBase

from vanhoa.accounts.permissions import Cap, has_cap

View = TypeVar("View", bound=Callable[..., HttpResponseBase])


def _declare(view: Callable[..., HttpResponseBase], capability: str) -> None:
    """What the view needs, read by the URL walk (vanhoa/accounts/tests/test_url_walk.py)."""
    vars(view)["capability"] = capability


def capability_required(cap: Cap) -> Callable[[View], View]:
    """Login required; 403 unless the user holds `cap` on some unit. Row scoping is then the view's job
    (through visible_to / get_for_user), which answers 404 outside the user's units."""

    def decorator(view: View) -> View:
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if not has_cap(request.user, cap):
                raise PermissionDenied("Bạn không có quyền xem trang này.")
            return view(request, *args, **kwargs)

        _declare(wrapped, cap)
        return cast(View, wrapped)

    return decorator


def login_only(view: View) -> View:
    """Any signed-in user (pages that show only what the user's own roles allow)."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        return view(request, *args, **kwargs)

    _declare(wrapped, "login")
    return cast(View, wrapped)


def public(view: View) -> View:
    """Open to anonymous visitors (login page, static health check)."""
    _declare(view, "public")
    return view
