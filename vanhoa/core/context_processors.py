from typing import Any

from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from vanhoa.accounts.permissions import user_capabilities
from vanhoa.core import menu
from vanhoa.units.words import words_for


def work_context(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    caps = user_capabilities(user) if user is not None else set()
    signed_in = user is not None and user.is_authenticated
    items = menu.items_for(caps | {"login"} if signed_in else caps)  # "login": entries for every signed-in user
    work = getattr(request, "work", None)
    return {
        "work": work,
        # The words of the work ward ("xã", "thôn, bản", "Cả xã" …): vanhoa.units.words.UnitWords.
        "words": SimpleLazyObject(lambda: _words(work)),
        "caps": caps,
        "menu": menu.entries([i for i in items if i.order < 900]),
        "user_menu": [i for i in items if i.order >= 900],
    }


def _words(work: Any) -> Any:
    return words_for(getattr(work, "ward", None))
