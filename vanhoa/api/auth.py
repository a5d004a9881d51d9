"""Bearer-token authentication: `Authorization: Bearer vh_…` makes the request act as the token's owner."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.utils import timezone
from ninja.security import HttpBearer

from vanhoa.accounts.models import Membership
from vanhoa.accounts.permissions import Cap, has_cap, remember_memberships
from vanhoa.api.compiled import binary_cursor
from vanhoa.api.framework import ApiError
from vanhoa.api.models import ApiToken, hash_token
from vanhoa.units import tree
from vanhoa.units.models import GraphVersion

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
    same statement reads what every call reads next: the owner's active roles (what `permissions._memberships`
    reads, remembered on the owner) and the unit graph's version (`tree.prime_version`), so a call pays one
    round trip for its authentication, not three. The token's other fields load on first use. Elsewhere
    (SQLite, whose raw values are not typed) the ORM."""
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
        f"SELECT {', '.join(['t.' + c for c in token_fields] + user_columns)}, ({MEMBERSHIPS_SQL}), ({VERSION_SQL}) "
        f"FROM {ApiToken._meta.db_table} t JOIN {user_model._meta.db_table} u ON u.id = t.owner_id "
        "WHERE t.token_hash = %s AND t.revoked_at IS NULL AND u.is_active LIMIT 1"
    )  # noqa: S608 (names from the models; the hash is a parameter)
    with binary_cursor(connection.alias) as cur:
        cur.execute(sql, [token_hash])
        found = cur.fetchone()
    if found is None:
        return None
    n, m = len(token_fields), len(token_fields) + len(user_fields)
    row = ApiToken.from_db(connection.alias, token_fields, list(found[:n]))
    row.owner = user_model.from_db(connection.alias, user_fields, list(found[n:m]))
    remember_memberships(row.owner, [(role, unit_id) for role, unit_id in found[m]])
    tree.prime_version(found[m + 1])
    return row


# The owner's active roles as `permissions._memberships` reads them (a test compares both), as one JSON array
# of [role, unit id]; and the unit graph's version as `tree._version` reads it.
MEMBERSHIPS_SQL = (
    f"SELECT coalesce(json_agg(json_build_array(m.role, m.unit_id)), '[]'::json) FROM {Membership._meta.db_table} m "
    "WHERE m.active AND m.user_id = u.id"
)  # noqa: S608 (names from the models)
VERSION_SQL = f"SELECT g.version FROM {GraphVersion._meta.db_table} g WHERE g.id = 1"  # noqa: S608
