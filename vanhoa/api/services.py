"""Creating and revoking API tokens; each change writes one audit entry."""

from __future__ import annotations

import secrets
from typing import Any

from django.db import transaction
from django.utils import timezone

from vanhoa.accounts.permissions import Cap
from vanhoa.api.models import TOKEN_PREFIX, ApiToken, hash_token
from vanhoa.core import audit
from vanhoa.core.actors import require
from vanhoa.core.text import nfc

MAX_ACTIVE_TOKENS = 20


def _owner_unit(owner: Any) -> Any:
    """The unit a token's entries are filed under: one of its owner's units (so the ward sees them), else none
    (an administrator of the whole installation: administrators see it)."""
    from vanhoa.accounts.models import Membership

    membership = (
        Membership.objects.filter(user=owner, unit__isnull=False)
        .select_related("unit")
        .order_by("-active", "pk")
        .first()
    )
    return membership.unit if membership else None


class TokenError(Exception):
    """A token change that breaks a rule; the message is shown to the user as is."""


def _require_own(actor: Any, owner: Any, what: str) -> None:
    """A user's own tokens; someone else's only by whoever manages accounts (ending a role revokes its holder's
    tokens: accounts.services checks there who may manage whom)."""
    if getattr(actor, "pk", None) is None or actor.pk != getattr(owner, "pk", None):
        require(actor, Cap.USERS_MANAGE, None, what=what)


@transaction.atomic
def create_token(*, actor: Any, owner: Any, name: str) -> tuple[ApiToken, str]:
    """A new token for `owner`. Returns the token row and the raw token, which is never stored."""
    _require_own(actor, owner, "tạo khóa API cho người khác")
    name = nfc(name)
    if not name:
        raise TokenError("Vui lòng đặt tên gợi nhớ cho khóa (ví dụ: Cổng thông tin thành phố).")
    if len(name) > 100:
        raise TokenError("Tên gợi nhớ dài quá 100 ký tự.")
    if ApiToken.objects.filter(owner=owner, revoked_at__isnull=True).count() >= MAX_ACTIVE_TOKENS:
        raise TokenError(f"Mỗi người dùng có tối đa {MAX_ACTIVE_TOKENS} khóa đang dùng; hãy thu hồi khóa cũ trước.")
    raw = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(owner=owner, name=name, token_hash=hash_token(raw), prefix=raw[:10])
    audit.record(actor, "api.token.created", token, after={"name": name, "owner": str(owner)}, unit=_owner_unit(owner))
    return token, raw


@transaction.atomic
def revoke_token(token: ApiToken, *, actor: Any) -> ApiToken:
    _require_own(actor, token.owner, "thu hồi khóa API của người khác")
    token = ApiToken.objects.select_for_update().get(pk=token.pk)
    if token.revoked_at is not None:
        raise TokenError("Khóa này đã được thu hồi trước đó.")
    token.revoked_at = timezone.now()
    token.save(update_fields=["revoked_at", "updated_at"])
    audit.record(
        actor,
        "api.token.revoked",
        token,
        before={"revoked": False},
        after={"revoked": True},
        unit=_owner_unit(token.owner),
    )
    return token
