"""Health check and 'who am I' for the system holding the token."""

from typing import Any

import ninja
from pydantic import Field

from vanhoa.accounts.models import Membership
from vanhoa.accounts.permissions import user_capabilities
from vanhoa.api.framework import LOGIN, PUBLIC, Router

router = Router(tags=["Hệ thống"])


class HealthOut(ninja.Schema):
    status: str


@router.get("/health", cap=PUBLIC, response=HealthOut, summary="Kiểm tra máy chủ (không cần khóa)")
def health(request: Any) -> dict[str, str]:
    """Answers without touching the database: the floor of the throughput benchmark."""
    return {"status": "ok"}


class RoleOut(ninja.Schema):
    role: str
    role_label: str
    unit_id: int | None
    unit_name: str = Field(description="'' = toàn hệ thống")


class MeOut(ninja.Schema):
    username: str
    full_name: str
    capabilities: list[str] = Field(description="Các quyền (Cap) mà người dùng có ở ít nhất một đơn vị")
    roles: list[RoleOut]
    token_name: str


@router.get("/me", cap=LOGIN, response=MeOut, summary="Người dùng của khóa, vai trò và quyền")
def me(request: Any) -> dict[str, Any]:
    user = request.user
    memberships = Membership.objects.filter(user=user, active=True).select_related("unit")
    return {
        "username": user.get_username(),
        "full_name": user.get_full_name(),
        "capabilities": sorted(user_capabilities(user)),
        "roles": [
            {
                "role": m.role,
                "role_label": m.role_name,
                "unit_id": m.unit_id,
                "unit_name": m.unit.name if m.unit_id else "",
            }
            for m in memberships
        ],
        "token_name": getattr(getattr(request, "api_token", None), "name", ""),
    }
