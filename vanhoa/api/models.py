"""API access tokens: how a city portal or a provincial system signs in as one user."""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.db import models

from vanhoa.core.models import NormalisedModel

TOKEN_PREFIX = "vh_"


def hash_token(raw: str) -> str:
    """SHA-256 of the token. Tokens are 256-bit random, so a plain fast hash is enough (no salt needed)."""
    return hashlib.sha256(raw.encode()).hexdigest()


class ApiTokenQuerySet(models.QuerySet):
    def usable(self) -> ApiTokenQuerySet:
        return self.filter(revoked_at__isnull=True, owner__is_active=True)


class ApiToken(NormalisedModel):
    """A personal access token of one user, e.g. 'Cổng thông tin thành phố'. The system that holds it acts
    as that user: exactly the user's roles, units and capabilities. Only its hash is stored; the token itself
    is shown once when it is created."""

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="chủ khóa", on_delete=models.CASCADE, related_name="api_tokens"
    )
    name = models.CharField("tên gợi nhớ", max_length=100, help_text="Ví dụ: Cổng thông tin thành phố")
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    prefix = models.CharField("đầu khóa", max_length=16, editable=False)
    last_used_at = models.DateTimeField("dùng lần cuối", null=True, blank=True)
    revoked_at = models.DateTimeField("thu hồi lúc", null=True, blank=True)

    objects = ApiTokenQuerySet.as_manager()

    class Meta:
        ordering = ["revoked_at", "-created_at", "-id"]
        verbose_name = "khóa truy cập API"
        verbose_name_plural = "khóa truy cập API"

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None
