"""API test helpers: a token per persona and a JSON client that sends it."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client

from vanhoa.api import services
from vanhoa.testing.actors import TEST


class ApiClient:
    """Django's test client speaking JSON with `Authorization: Bearer <token>` (no token: anonymous)."""

    def __init__(self, token: str | None) -> None:
        self.client = Client()
        self.headers = {"Authorization": f"Bearer {token}"} if token else {}

    def get(self, path: str, params: dict[str, Any] | None = None) -> Any:
        return self.client.get("/api/v1" + path, params or {}, headers=self.headers)

    def post(self, path: str, data: Any) -> Any:
        return self.client.post(
            "/api/v1" + path, json.dumps(data), content_type="application/json", headers=self.headers
        )

    def patch(self, path: str, data: Any) -> Any:
        return self.client.patch(
            "/api/v1" + path, json.dumps(data), content_type="application/json", headers=self.headers
        )


def token_for(user: Any, name: str = "Cổng thông tin thử nghiệm") -> str:
    _, raw = services.create_token(actor=TEST, owner=user, name=name)
    return raw


@pytest.fixture
def api_as(world):
    """api_as("ward_head") → an ApiClient holding a fresh token of that persona ("anonymous": no token)."""

    def make(persona_or_user: Any) -> ApiClient:
        user = world.users[persona_or_user] if isinstance(persona_or_user, str) else persona_or_user
        return ApiClient(token_for(user) if user is not None else None)

    return make
