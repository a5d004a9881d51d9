from typing import Any

from vanhoa.accounts.permissions import user_capabilities
from vanhoa.core import menu


def work_context(request: Any) -> dict[str, Any]:
    user = getattr(request, "user", None)
    caps = user_capabilities(user) if user is not None else set()
    signed_in = user is not None and user.is_authenticated
    items = menu.items_for(caps | {"login"} if signed_in else caps)  # "login": entries for every signed-in user
    return {
        "work": getattr(request, "work", None),
        "caps": caps,
        "menu": menu.entries([i for i in items if i.order < 900]),
        "user_menu": [i for i in items if i.order >= 900],
    }
