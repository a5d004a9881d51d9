"""Ways a digest leaves the app. E-mail is built in; other channels (SMS, Zalo OA …) are adapters, one per
provider, that an installation registers in its own code (none is bundled):

    from vanhoa.deadlines import channels

    class ZaloOA:
        code = "zalo"
        def reaches(self, user) -> bool: ...        # has the user an address on this channel?
        def send(self, user, subject, body) -> bool: ...

    channels.register(ZaloOA())
"""

from __future__ import annotations

from typing import Any, Protocol

from django.conf import settings
from django.core.mail import send_mail


class Channel(Protocol):
    code: str

    def reaches(self, user: Any) -> bool: ...

    def send(self, user: Any, subject: str, body: str) -> bool: ...


class EmailChannel:
    """Django's mail (settings from the environment: EMAIL_BACKEND, EMAIL_HOST …)."""

    code = "email"

    def reaches(self, user: Any) -> bool:
        return bool(getattr(user, "email", ""))

    def send(self, user: Any, subject: str, body: str) -> bool:
        return send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [user.email]) == 1


_CHANNELS: dict[str, Channel] = {"email": EmailChannel()}


def register(channel: Channel) -> None:
    _CHANNELS[channel.code] = channel


def unregister(code: str) -> None:
    _CHANNELS.pop(code, None)


def all_channels() -> list[Channel]:
    return list(_CHANNELS.values())
