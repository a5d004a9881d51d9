"""Signing in and out, one's own account, user management, the audit log and personal-data exports."""

from __future__ import annotations

import json
from typing import Any

from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth import views as auth_views
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from vanhoa.accounts import personal_data, services
from vanhoa.accounts.decorators import capability_required, login_only, public
from vanhoa.accounts.forms import (
    AuditFilterForm,
    DeactivateForm,
    NewPasswordForm,
    OwnPasswordForm,
    PasswordResetForm,
    RoleAssignForm,
    UserCreateForm,
)
from vanhoa.accounts.models import Membership
from vanhoa.accounts.permissions import Cap
from vanhoa.accounts.scoping import get_for_user
from vanhoa.core import audit
from vanhoa.core.models import AuditEntry
from vanhoa.core.text import fold, name_key
from vanhoa.core.workcontext import SignedInRequest
from vanhoa.documents.responses import download
from vanhoa.registry.models import Household

PAGE_SIZE = 50


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    redirect_authenticated_user = True


login = public(LoginView.as_view())


@login_only
@require_POST
def logout(request: SignedInRequest) -> HttpResponse:
    response = auth_views.LogoutView.as_view()(request)
    # the group leader's app keeps the group's data on the phone (vanhoa.offline): signing out removes it
    response["Clear-Site-Data"] = '"cache", "storage"'
    return response


# --- one's own account -------------------------------------------------------------------------------


@login_only
@never_cache
def my_account(request: SignedInRequest) -> HttpResponse:
    form = OwnPasswordForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.change_own_password(
                request.user,
                old_password=form.cleaned_data["old_password"],
                new_password=form.cleaned_data["new_password1"],
            )
        except services.AccountError as exc:
            form.add_error(None, str(exc))
        else:
            update_session_auth_hash(request, request.user)
            messages.success(request, "Đã đổi mật khẩu.")
            return redirect("my-account")
    roles = Membership.objects.filter(user=request.user, active=True).select_related("unit")
    return render(request, "accounts/my_account.html", {"form": form, "roles": roles})


@login_only
@never_cache
def password_change_required(request: SignedInRequest) -> HttpResponse:
    """The first page after signing in with a temporary password (phone-sized): choose one's own password."""
    from vanhoa.accounts.middleware import MUST_CHANGE_KEY

    if not services.must_change_password(request.user):  # nothing to replace: say where to change it
        request.session.pop(MUST_CHANGE_KEY, None)
        return render(request, "accounts/password_required.html", {"form": None})
    form = NewPasswordForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.replace_temporary_password(request.user, new_password=form.cleaned_data["new_password1"])
        except services.AccountError as exc:
            form.add_error(None, str(exc))
        else:
            update_session_auth_hash(request, request.user)
            request.session.pop(MUST_CHANGE_KEY, None)
            messages.success(request, "Đã đổi mật khẩu. Từ nay hãy đăng nhập bằng mật khẩu mới.")
            return redirect("home")
    return render(request, "accounts/password_required.html", {"form": form})


# --- user management ---------------------------------------------------------------------------------


def _user_for(request: SignedInRequest, pk: int) -> Any:
    user = services.users_visible_to(request.user).filter(pk=pk).first()
    if user is None:
        raise Http404("Không tìm thấy người dùng.")
    return user


def _managed_user(request: SignedInRequest, pk: int) -> Any:
    """The user if the actor may change them: 404 outside their scope, 403 when they may only look."""
    user = _user_for(request, pk)
    if not services.may_manage(request.user, user):
        raise PermissionDenied("Bạn chỉ xem được tài khoản này: tài khoản có vai trò ngoài phạm vi của bạn.")
    return user


def _role_form(request: SignedInRequest, data: Any = None) -> RoleAssignForm:
    return RoleAssignForm(
        data,
        roles=services.grantable_roles(request.user),
        units=list(services.assignable_units(request.user).select_related("parent").order_by("order", "sort_key")),
    )


@capability_required(Cap.USERS_MANAGE)
def user_list(request: SignedInRequest) -> HttpResponse:
    q = request.GET.get("q", "").strip()
    state = request.GET.get("state", "")
    users = list(services.users_visible_to(request.user).prefetch_related("memberships__unit"))
    if q:
        words = fold(q).split()
        users = [u for u in users if all(w in fold(f"{u.get_full_name()} {u.username}") for w in words)]
    if state == "active":
        users = [u for u in users if u.is_active]
    elif state == "locked":
        users = [u for u in users if not u.is_active]
    users.sort(key=lambda u: (name_key(u.get_full_name() or u.username), u.username))
    page = Paginator(users, PAGE_SIZE).get_page(request.GET.get("page"))
    rows = [(u, [m for m in u.memberships.all() if m.active]) for u in page]
    return render(request, "accounts/user_list.html", {"page": page, "rows": rows, "q": q, "state": state})


@capability_required(Cap.USERS_MANAGE)
@never_cache
def user_create(request: SignedInRequest) -> HttpResponse:
    form = UserCreateForm(
        request.POST or None,
        roles=services.grantable_roles(request.user),
        units=list(services.assignable_units(request.user).select_related("parent").order_by("order", "sort_key")),
        initial={"unit": request.GET.get("unit", "")},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            user, generated = services.create_user(
                actor=request.user,
                username=data["username"],
                full_name=data["full_name"],
                role=data["role"],
                unit=data["unit"],
                position=data["position"],
                password=form.chosen_password,
            )
        except services.AccountError as exc:
            form.add_error(None, str(exc))
        else:
            # Rendered, not redirected: the temporary password is shown once and never stored anywhere.
            return render(request, "accounts/password_shown.html", {"target": user, "password": generated, "new": True})
    return render(request, "accounts/user_form.html", {"form": form, "title": "Thêm người dùng"})


@capability_required(Cap.USERS_MANAGE)
def user_detail(request: SignedInRequest, pk: int) -> HttpResponse:
    return _render_user_detail(request, _user_for(request, pk))


def _render_user_detail(request: SignedInRequest, user: Any, role_form: RoleAssignForm | None = None) -> HttpResponse:
    can_manage = services.may_manage(request.user, user)
    memberships = list(user.memberships.select_related("unit").order_by("-active", "role"))
    membership_ids = [str(m.pk) for m in memberships]
    history = (
        AuditEntry.objects.filter(object_type="auth.user", object_id=str(user.pk))
        | AuditEntry.objects.filter(object_type="accounts.membership", object_id__in=membership_ids)
    ).select_related("actor")[:50]
    return render(
        request,
        "accounts/user_detail.html",
        {
            "target": user,
            "memberships": [
                (m, can_manage and m.active and services.may_grant(request.user, m.role, m.unit)) for m in memberships
            ],
            "can_manage": can_manage,
            "is_self": user.pk == request.user.pk,
            "role_form": role_form or _role_form(request),
            "history": history,
        },
    )


@capability_required(Cap.USERS_MANAGE)
@require_POST
def user_role_assign(request: SignedInRequest, pk: int) -> HttpResponse:
    user = _managed_user(request, pk)
    form = _role_form(request, request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.assign_role(
                user, actor=request.user, role=data["role"], unit=data["unit"], position=data["position"]
            )
        except services.AccountError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, "Đã giao vai trò.")
            return redirect("user-detail", pk=user.pk)
    return _render_user_detail(request, user, role_form=form)


@capability_required(Cap.USERS_MANAGE)
@require_POST
def user_role_withdraw(request: SignedInRequest, pk: int, membership_pk: int) -> HttpResponse:
    user = _user_for(request, pk)
    membership = user.memberships.filter(pk=membership_pk).select_related("unit").first()
    if membership is None:
        raise Http404("Không tìm thấy vai trò.")
    try:
        services.withdraw_role(membership, actor=request.user)
    except services.AccountError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, f"Đã thu hồi vai trò {membership}.")
    return redirect("user-detail", pk=user.pk)


@capability_required(Cap.USERS_MANAGE)
def user_deactivate(request: SignedInRequest, pk: int) -> HttpResponse:
    user = _managed_user(request, pk)
    form = DeactivateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.deactivate_user(user, actor=request.user, reason=form.cleaned_data["reason"])
        except services.AccountError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, f"Đã khóa tài khoản {user.username}.")
            return redirect("user-detail", pk=user.pk)
    return render(
        request,
        "accounts/user_form.html",
        {
            "form": form,
            "title": f"Khóa tài khoản {user.get_full_name() or user.username}",
            "target": user,
            "submit": "Khóa tài khoản",
            "danger": True,
        },
    )


@capability_required(Cap.USERS_MANAGE)
@require_POST
def user_reactivate(request: SignedInRequest, pk: int) -> HttpResponse:
    user = _managed_user(request, pk)
    try:
        services.reactivate_user(user, actor=request.user)
    except services.AccountError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, f"Đã mở khóa tài khoản {user.username}.")
    return redirect("user-detail", pk=user.pk)


@capability_required(Cap.USERS_MANAGE)
@never_cache
def user_password_reset(request: SignedInRequest, pk: int) -> HttpResponse:
    user = _managed_user(request, pk)
    form = PasswordResetForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            generated = services.reset_password(user, actor=request.user, password=form.chosen_password)
        except services.AccountError as exc:
            form.add_error(None, str(exc))
        else:
            return render(request, "accounts/password_shown.html", {"target": user, "password": generated})
    return render(
        request,
        "accounts/user_form.html",
        {
            "form": form,
            "title": f"Đặt lại mật khẩu cho {user.get_full_name() or user.username}",
            "target": user,
            "submit": "Đặt lại mật khẩu",
        },
    )


# --- the audit log -----------------------------------------------------------------------------------


@capability_required(Cap.AUDIT_VIEW)
def audit_log(request: SignedInRequest) -> HttpResponse:
    scoped = AuditEntry.objects.visible_to(request.user, Cap.AUDIT_VIEW)
    codes = scoped.order_by("action").values_list("action", flat=True).distinct()
    actions = [(a, f"{audit.action_label(a)} ({a})") for a in codes]
    actor_names = scoped.order_by("actor_name").values_list("actor_name", flat=True).distinct()
    actors = [(n, n or "Hệ thống") for n in actor_names]
    form = AuditFilterForm(request.GET or None, actions=actions, actors=actors)
    qs = scoped.select_related("unit")
    if form.is_valid():
        data = form.cleaned_data
        if data["action"]:
            qs = qs.filter(action=data["action"])
        if data["actor"]:
            qs = qs.filter(actor_name=data["actor"])
        if data["date_from"]:
            qs = qs.filter(at__date__gte=data["date_from"])
        if data["date_to"]:
            qs = qs.filter(at__date__lte=data["date_to"])
        if data["q"]:
            qs = qs.filter(object_repr__icontains=data["q"])
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "accounts/audit_log.html", {"form": form, "page": page})


# --- personal data of one household (data-subject request) --------------------------------------------


def _household_for_export(request: SignedInRequest, pk: int) -> Household:
    return get_for_user(
        Household.objects.select_related("group", "ward", "origin"), request.user, Cap.PRIVACY_EXPORT, pk=pk
    )


@capability_required(Cap.PRIVACY_EXPORT)
@never_cache
def household_personal_data(request: SignedInRequest, pk: int) -> HttpResponse:
    household = _household_for_export(request, pk)
    data = personal_data.export_household(household, actor=request.user, fmt="html")
    return render(request, "accounts/personal_data.html", {"household": household, "data": data})


@capability_required(Cap.PRIVACY_EXPORT)
@never_cache
def household_personal_data_json(request: SignedInRequest, pk: int) -> HttpResponse:
    household = _household_for_export(request, pk)
    data = personal_data.export_household(household, actor=request.user, fmt="json")
    payload = {
        "title": data["title"],
        "generated_at": data["generated_at"],
        "controller": data["controller"],
        "sections": {s["name"]: s["rows"] for s in data["sections"]},
    }
    return download(
        json.dumps(payload, ensure_ascii=False, indent=2).encode(),
        f"du-lieu-ca-nhan-ho-{household.pk}.json",
        "application/json; charset=utf-8",
    )
