"""On an installation with no account yet, the home and login pages lead to the first administrator's page."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.http import HttpResponse
from django.shortcuts import redirect
from django.urls import reverse


class FirstRunMiddleware:
    """One indexed `exists()` query per anonymous GET of "/" or of the login page; nothing on other requests."""

    def __init__(self, get_response: Callable[[Any], HttpResponse]) -> None:
        self.get_response = get_response
        self.paths: set[str] | None = None

    def __call__(self, request: Any) -> HttpResponse:
        if request.method == "GET" and not request.user.is_authenticated:
            if self.paths is None:
                self.paths = {reverse("home"), reverse("login")}
            if request.path in self.paths:
                from vanhoa.setup.services import has_users

                if not has_users():
                    return redirect("setup-first-admin")
        return self.get_response(request)
