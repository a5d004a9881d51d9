"""The users in the Django admin: changes audited like every admin change, and no deletion (a user who leaves
is locked, so their role history and the author of their past entries stay) (#21 F11)."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin
from django.db.models import ProtectedError
from django.db.models.signals import pre_delete
from django.dispatch import receiver

from vanhoa.core.admin_audit import AuditedAdmin

User = get_user_model()


class AuditedUserAdmin(AuditedAdmin, UserAdmin):
    actions = None  # no "delete selected"

    def has_delete_permission(self, request: Any, obj: Any = None) -> bool:
        return False


admin.site.unregister(User)
admin.site.register(User, AuditedUserAdmin)


@receiver(pre_delete, sender=User, dispatch_uid="vanhoa-users-are-not-deleted")
def refuse_user_deletion(sender: Any, instance: Any, **kwargs: Any) -> None:
    raise ProtectedError(
        f"Không xóa tài khoản {instance.get_username()}: hãy khóa tài khoản để giữ lịch sử vai trò và nhật ký.",
        {instance},
    )
