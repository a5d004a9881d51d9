"""Demo accounts, one per role (they exist only in the demo). Passwords are listed in the README."""

from __future__ import annotations

from django.contrib.auth import get_user_model

from vanhoa.accounts import services
from vanhoa.accounts.models import Membership
from vanhoa.accounts.permissions import Role
from vanhoa.demo.context import DemoContext

DEMO_PASSWORD = "demo-vanhoa-2020"

ACCOUNTS = [
    # username, full name, role, where, position
    ("quantri", "Quản trị hệ thống", Role.SYSTEM_ADMIN, None, ""),
    ("truongban", "Nguyễn Văn Trưởng (demo)", Role.WARD_HEAD, "ward", "Phó Chủ tịch UBND phường"),
    ("mattran", "Lê Thị Mặt Trận (demo)", Role.FRONT_OFFICER, "ward", "Chủ tịch Ủy ban MTTQ phường"),
    ("congdoan", "Trần Văn Công Đoàn (demo)", Role.UNION_OFFICER, "ward", "Chủ tịch Công đoàn phường"),
    ("vanhoa", "Phạm Thị Văn Hóa (demo)", Role.CULTURE_OFFICER, "ward", "Công chức Văn hóa - Xã hội"),
    ("totruong1", "Lò Văn Tổ Một (demo)", Role.GROUP_LEADER, "group1", "Tổ trưởng tổ dân phố số 1"),
    ("totruong2", "Đỗ Thị Tổ Hai (demo)", Role.GROUP_LEADER, "group2", "Tổ trưởng tổ dân phố số 2"),
    ("thanhpho", "Ban Chỉ đạo thành phố (demo)", Role.VIEWER, "city", "Ban Chỉ đạo thành phố Lai Châu"),
    ("tinh", "Ban Chỉ đạo tỉnh (demo)", Role.VIEWER, "province", "Ban Chỉ đạo tỉnh Lai Châu"),
]

ORDER = 30


def load(ctx: DemoContext) -> None:
    """Create the demo accounts through the account services (audited); skip what already exists."""
    where = {
        "ward": ctx.ward,
        "group1": ctx.groups[0],
        "group2": ctx.groups[1],
        "city": ctx.city,
        "province": ctx.province,
        None: None,
    }
    user_model = get_user_model()
    for username, full_name, role, place, position in ACCOUNTS:
        unit = where[place]
        user = user_model.objects.filter(username=username).first()
        if user is None:
            user, _ = services.create_user(
                actor=ctx.actor,
                username=username,
                full_name=full_name,
                role=role,
                unit=unit,
                position=position,
                password=DEMO_PASSWORD,
            )
        elif not Membership.objects.filter(user=user, unit=unit, role=role, active=True).exists():
            services.assign_role(user, actor=ctx.actor, role=role, unit=unit, position=position)
        ctx.users[username] = user
    ctx.say("Tài khoản mẫu: " + ", ".join(a[0] for a in ACCOUNTS) + f" (mật khẩu: {DEMO_PASSWORD})")
