"""Request guards of the accounts app: a temporary password is replaced before anything else, and no page
or file shown to a signed-in user is kept in a shared or browser cache."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.cache import patch_cache_control

MUST_CHANGE_KEY = "_must_change_password"


def remember_temporary_password(sender: Any, request: HttpRequest, user: Any, **kwargs: Any) -> None:
    """On sign-in (signal user_logged_in): note in the session whether the password is a temporary one."""
    from vanhoa.accounts.services import must_change_password

    if request is not None and hasattr(request, "session"):
        if must_change_password(user):
            request.session[MUST_CHANGE_KEY] = True
        else:
            request.session.pop(MUST_CHANGE_KEY, None)


class TemporaryPasswordMiddleware:
    """A user signed in with a temporary password sees only the page that replaces it (and may sign out)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        session = getattr(request, "session", None)
        if session is not None and session.get(MUST_CHANGE_KEY) and request.user.is_authenticated:
            allowed = (reverse("password-change-required"), reverse("logout"), reverse("login"))
            path = request.path
            if path not in allowed and not path.startswith((settings.STATIC_URL, "/api/")):
                return redirect("password-change-required")
        return self.get_response(request)


class NoStoreMiddleware:
    """`Cache-Control: private, no-store` on every response to a signed-in user (pages, fragments and files
    carry names, phone numbers and results) unless the view set its own caching (#21 F10)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and "no-store" not in response.get("Cache-Control", ""):
            patch_cache_control(response, private=True, no_store=True)
        return response
