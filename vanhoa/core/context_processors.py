from typing import Any

from vanhoa.accounts.permissions import user_capabilities
from vanhoa.core import menu


def work_context(request: Any) -> dict[str, Any]:
    user = getattr(request, "user", None)
    caps = user_capabilities(user) if user is not None else set()
    items = menu.items_for(caps)
    return {
        "work": getattr(request, "work", None),
        "caps": caps,
        "menu": [i for i in items if i.order < 900],
        "user_menu": [i for i in items if i.order >= 900],
    }
