"""Bearer-token authentication: `Authorization: Bearer vh_…` makes the request act as the token's owner."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.utils import timezone
from ninja.security import HttpBearer

from vanhoa.accounts.permissions import Cap, has_cap
from vanhoa.api.framework import ApiError
from vanhoa.api.models import ApiToken, hash_token

# `last_used_at` is written at most once a minute per token, so a busy portal does not write on every call.
LAST_USED_RESOLUTION = timedelta(minutes=1)


class TokenAuth(HttpBearer):
    """The token, then (when given) the operation's capability: checked before the input is validated, so a
    caller without the capability gets 403 whatever it sends, as the web pages' capability_required does."""

    openapi_description = "Khóa truy cập API cá nhân (tạo ở menu tài khoản › Khóa truy cập API)."

    def __init__(self, cap: Cap | None = None) -> None:
        super().__init__()
        self.cap = cap

    def __call__(self, request: Any) -> Any:
        user = super().__call__(request)
        if user and self.cap is not None and not has_cap(user, self.cap):
            raise ApiError(403, "forbidden", "Tài khoản của khóa này không có quyền dùng chức năng này.")
        return user

    def authenticate(self, request: Any, token: str) -> Any:
        if not token or len(token) > 200:
            return None
        row = ApiToken.objects.usable().select_related("owner").filter(token_hash=hash_token(token)).first()
        if row is None:
            return None
        now = timezone.now()
        if row.last_used_at is None or now - row.last_used_at > LAST_USED_RESOLUTION:
            ApiToken.objects.filter(pk=row.pk).update(last_used_at=now)
        request.user = row.owner
        request.api_token = row
        return row.owner
