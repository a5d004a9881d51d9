"""View guards. Every view declares what it needs, so the URL walk test can check them all."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied

from vanhoa.accounts.permissions import Cap, has_cap


def capability_required(cap: Cap) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Login required; 403 unless the user holds `cap` on some unit. Row scoping is then the view's job
    (through visible_to / get_for_user), which answers 404 outside the user's units."""

    def decorator(view: Callable[..., Any]) -> Callable[..., Any]:
        @wraps(view)
        def wrapped(request: Any, *args: Any, **kwargs: Any) -> Any:
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if not has_cap(request.user, cap):
                raise PermissionDenied("Bạn không có quyền xem trang này.")
            return view(request, *args, **kwargs)

        wrapped.capability = cap  # type: ignore[attr-defined]
        return wrapped

    return decorator


def login_only(view: Callable[..., Any]) -> Callable[..., Any]:
    """Any signed-in user (pages that show only what the user's own roles allow)."""

    @wraps(view)
    def wrapped(request: Any, *args: Any, **kwargs: Any) -> Any:
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        return view(request, *args, **kwargs)

    wrapped.capability = "login"  # type: ignore[attr-defined]
    return wrapped


def public(view: Callable[..., Any]) -> Callable[..., Any]:
    """Open to anonymous visitors (login page, static health check)."""
    view.capability = "public"  # type: ignore[attr-defined]
    return view
