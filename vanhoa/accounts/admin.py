"""The users in the Django admin: changes audited like every admin change, and no deletion (a user who leaves
is locked, so their role history and the author of their past entries stay) (#21 F11)."""

from __future__ import annotations

import copy
from typing import TYPE_CHECKING, Any

from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin
from django.contrib.auth.forms import AdminPasswordChangeForm
from django.contrib.auth.models import User as AuthUser
from django.db.models import ProtectedError
from django.db.models.signals import pre_delete
from django.dispatch import receiver
from django.http import HttpRequest

from vanhoa.core import audit
from vanhoa.core.admin_audit import AuditedAdmin

User = get_user_model()

if TYPE_CHECKING:
    _PasswordChangeForm = AdminPasswordChangeForm[AuthUser]
else:
    _PasswordChangeForm = AdminPasswordChangeForm


class AuditedUserAdmin(AuditedAdmin[AuthUser], UserAdmin[AuthUser]):
    actions = None  # no "delete selected"

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def user_change_password(self, request: HttpRequest, id: str, form_url: str = "") -> Any:
        """The admin's "change password" form sets the password through `reset_password`, as the ward's own
        page does: audited, temporary (the user replaces it at the next sign-in), sessions and tokens ended."""
        page = copy.copy(self)  # one admin instance serves every request: the actor goes on a copy
        page.change_password_form = _password_form_for(request.user)
        return UserAdmin.user_change_password(page, request, id, form_url)


def _password_form_for(actor: Any) -> type[AdminPasswordChangeForm[AuthUser]]:
    class ServicePasswordForm(_PasswordChangeForm):
        def save(self, commit: bool = True) -> Any:
            from vanhoa.accounts import services

            password = self.cleaned_data.get("password1")
            if not password:  # "password-based authentication: disabled" has no service: saved and audited here
                user = super().save(commit=commit)
                audit.record(actor, "accounts.user.password_disabled", user)
                return user
            services.reset_password(self.user, actor=actor, password=password)
            return self.user

    return ServicePasswordForm


admin.site.unregister(User)
admin.site.register(User, AuditedUserAdmin)


@receiver(pre_delete, sender=User, dispatch_uid="vanhoa-users-are-not-deleted")
def refuse_user_deletion(sender: Any, instance: Any, **kwargs: Any) -> None:
    raise ProtectedError(
        f"Không xóa tài khoản {instance.get_username()}: hãy khóa tài khoản để giữ lịch sử vai trò và nhật ký.",
        {instance},
    )
