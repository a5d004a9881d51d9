"""Roles held by users on units."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from vanhoa.accounts.roles import Role, role_label
from vanhoa.core.models import NormalisedModel
from vanhoa.core.scoping import ScopedQuerySet


class MembershipQuerySet(ScopedQuerySet["Membership"]):
    scope_field = "unit"

    def active(self) -> MembershipQuerySet:
        return self.filter(active=True)


class Membership(NormalisedModel):
    """A user's role on one unit, e.g. 'group leader of Tổ dân phố số 1' or 'viewer on Thành phố Lai Châu'.

    `unit` is empty only for a system administrator of the whole installation.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="người dùng", on_delete=models.CASCADE, related_name="memberships"
    )
    unit = models.ForeignKey(
        "units.Unit", verbose_name="đơn vị", null=True, blank=True, on_delete=models.PROTECT, related_name="memberships"
    )
    role = models.CharField("vai trò", max_length=32, choices=Role.choices)
    position = models.CharField(
        "chức vụ", max_length=120, blank=True, help_text="Ghi trên văn bản, ví dụ: Phó Chủ tịch UBND phường"
    )
    active = models.BooleanField("đang hiệu lực", default=True)

    objects = MembershipQuerySet.as_manager()

    class Meta:
        ordering = ["user__username", "role"]
        verbose_name = "vai trò"
        verbose_name_plural = "vai trò"
        constraints = [
            models.UniqueConstraint(fields=["user", "unit", "role"], name="membership_unique_role_per_unit"),
        ]

    def __str__(self) -> str:
        where = self.unit.name if self.unit is not None else "toàn hệ thống"
        return f"{self.role_name} – {where}"

    @property
    def role_name(self) -> str:
        """The role in the words of its unit: "Trưởng bản / Ban công tác Mặt trận bản" on a bản."""
        return role_label(self.role, self.unit if self.unit_id else None)


class PasswordState(models.Model):
    """Whether a user's password was set by someone else (a temporary password handed over on paper or by
    phone) and must be replaced by the user at the next sign-in, before anything else (#21 F9, #16 item 6)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name="người dùng",
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="password_state",
    )
    must_change = models.BooleanField("phải đổi mật khẩu khi đăng nhập", default=False)
    changed_at = models.DateTimeField("đặt mật khẩu lúc", null=True, blank=True)

    class Meta:
        verbose_name = "trạng thái mật khẩu"
        verbose_name_plural = "trạng thái mật khẩu"

    def __str__(self) -> str:
        return f"{self.user}: {'mật khẩu tạm' if self.must_change else 'mật khẩu riêng'}"
