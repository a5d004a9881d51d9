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
        row = usable_token(hash_token(token))
        if row is None:
            return None
        now = timezone.now()
        if row.last_used_at is None or now - row.last_used_at > LAST_USED_RESOLUTION:
            ApiToken.objects.filter(pk=row.pk).update(last_used_at=now)
        request.user = row.owner
        request.api_token = row
        return row.owner


def usable_token(token_hash: str) -> ApiToken | None:
    """The usable token with this hash and its owner (`ApiToken.objects.usable()`; a test compares both paths).

    On PostgreSQL one plain SQL read whose values psycopg already types as the ORM would (booleans, aware
    datetimes): it runs on every API call, and compiling the ORM's join cost more than the read itself. The
    token's other fields load on first use. Elsewhere (SQLite, whose raw values are not typed) the ORM."""
    from django.contrib.auth import get_user_model
    from django.db import connection

    if connection.vendor != "postgresql":
        return ApiToken.objects.usable().select_related("owner").filter(token_hash=token_hash).first()
    user_model = get_user_model()
    user_fields = [f.attname for f in user_model._meta.concrete_fields]
    user_columns = [f"u.{user_model._meta.get_field(f).column}" for f in user_fields]
    wanted = {"id", "name", "last_used_at", "owner_id"}  # from_db wants them in the model's field order
    token_fields = [f.attname for f in ApiToken._meta.concrete_fields if f.attname in wanted]
    sql = (
        f"SELECT {', '.join(['t.' + c for c in token_fields] + user_columns)} FROM {ApiToken._meta.db_table} t "
        f"JOIN {user_model._meta.db_table} u ON u.id = t.owner_id "
        "WHERE t.token_hash = %s AND t.revoked_at IS NULL AND u.is_active LIMIT 1"
    )  # noqa: S608 (names from the models; the hash is a parameter)
    with connection.cursor() as cur:
        cur.execute(sql, [token_hash])
        found = cur.fetchone()
    if found is None:
        return None
    n = len(token_fields)
    row = ApiToken.from_db(connection.alias, token_fields, list(found[:n]))
    row.owner = user_model.from_db(connection.alias, user_fields, list(found[n:]))
    return row
