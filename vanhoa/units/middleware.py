"""The words of the work ward ("xã", "thôn, bản" …) for the forms built during a request (units.words)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, cast

from django.http import HttpRequest, HttpResponse
from django.utils.functional import SimpleLazyObject

from vanhoa.units import words


class UnitWordsMiddleware:
    """Costs nothing unless a form reads the words (then the work ward's groups, once per request)."""

    def __init__(self, get_response: Callable[[Any], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        work = getattr(request, "work", None)
        lazy = SimpleLazyObject(lambda: words.words_for(getattr(work, "ward", None)))
        token = words.set_current(cast(words.UnitWords, lazy))
        try:
            return self.get_response(request)
        finally:
            words.reset_current(token)
