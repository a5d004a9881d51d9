"""The first-run path: the first administrator (on an installation with no account), then a wizard whose
steps (commune, groups, households, accounts) can each be skipped and resumed: the checklist reads what is
already done from the records themselves."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.contrib.auth import login as auth_login
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.cache import never_cache

from vanhoa.accounts.decorators import capability_required, public
from vanhoa.accounts.models import Membership
from vanhoa.accounts.permissions import Cap, Role, has_cap
from vanhoa.core.views import groups_of_ward
from vanhoa.registry.models import Household
from vanhoa.setup import qr, services
from vanhoa.setup.forms import AccountsForm, CommuneSearchForm, FirstAdminForm, GroupsForm
from vanhoa.units import catalog
from vanhoa.units import services as unit_services
from vanhoa.units.views import _require_whole_installation
from vanhoa.units.words import words_for


@dataclass
class Step:
    key: str
    title: str
    url_name: str
    done: bool
    summary: str


def steps_for(request: Any) -> list[Step]:
    """The wizard's checklist for the work ward, from the records (so it resumes wherever it was left)."""
    ward = request.work.ward
    words = words_for(ward)
    groups = groups_of_ward(request.user, ward) if ward else []
    households = Household.objects.filter(group__in=groups).count() if groups else 0
    accounts = (
        Membership.objects.filter(Q(unit=ward) | Q(unit__in=groups), active=True).count() if ward is not None else 0
    )
    return [
        Step("commune", f"Chọn {words.commune if ward else 'đơn vị cấp xã'} từ danh mục", "setup-commune",
             ward is not None, ward.name if ward else "Chưa chọn"),
        Step("groups", f"Thêm các {words.groups}", "setup-groups", bool(groups),
             f"{len(groups)} {words.groups}" if groups else "Chưa có"),
        Step("households", "Nhập danh sách hộ gia đình từ Excel", "setup-households", households > 0,
             f"{households} hộ" if households else "Chưa có hộ nào"),
        Step("accounts", "Tạo tài khoản Ban Chỉ đạo và tổ trưởng", "setup-accounts", accounts > 0,
             f"{accounts} vai trò đã giao" if accounts else "Chưa có tài khoản"),
    ]  # fmt: skip


def _next_url(request: Any, key: str) -> str:
    keys = [s.key for s in steps_for(request)]
    following = keys[keys.index(key) + 1 :] if key in keys else []
    return reverse(f"setup-{following[0]}") if following else reverse("setup-wizard")


@public
@never_cache
def first_admin(request: Any) -> HttpResponse:
    """The first visit of an installation with no account creates its administrator."""
    if services.has_users():
        return redirect("login")
    form = FirstAdminForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            user = services.create_first_admin(
                username=data["username"], full_name=data["full_name"], password=data["password"]
            )
        except services.SetupError as exc:
            form.add_error(None, str(exc))
        else:
            auth_login(request, user, backend="django.contrib.auth.backends.ModelBackend")
            messages.success(request, "Đã tạo tài khoản quản trị. Tiếp theo: chọn xã, phường của bạn.")
            return redirect("setup-wizard")
    return render(request, "setup/first_admin.html", {"form": form})


@capability_required(Cap.SYSTEM_SETUP)
def wizard(request: Any) -> HttpResponse:
    steps = steps_for(request)
    todo = next((s for s in steps if not s.done), None)
    return render(request, "setup/wizard.html", {"steps": steps, "todo": todo, "words": words_for(request.work.ward)})


@capability_required(Cap.SYSTEM_SETUP)
def step_commune(request: Any) -> HttpResponse:
    _require_whole_installation(request)
    if request.method == "POST":
        scheme, code = request.POST.get("scheme", ""), request.POST.get("code", "")
        try:
            if scheme not in catalog.SCHEMES:
                raise unit_services.UnitError("Danh mục không hợp lệ.")
            unit = unit_services.setup_from_catalog(scheme, code, actor=request.user)
        except unit_services.UnitError as exc:
            messages.error(request, str(exc))
            return redirect("setup-commune")
        if unit.valid_to is not None:  # an old commune: work on the one it went into
            link = unit.lineage_out.filter(to_unit__valid_to__isnull=True).select_related("to_unit").first()
            unit = link.to_unit if link else unit
        request.session["work_ward_id"] = unit.pk
        messages.success(request, f"Đã thiết lập {unit.name}.")
        return redirect("setup-groups")
    form = CommuneSearchForm(request.GET or None, initial={"scheme": catalog.CURRENT})
    results = []
    if form.is_valid():
        scheme = form.cleaned_data["scheme"] or catalog.CURRENT
        for u in catalog.search(form.cleaned_data["q"], scheme=scheme, limit=20):
            olds = catalog.predecessors(u.code) if u.scheme == catalog.CURRENT else []
            results.append({"unit": u, "label": catalog.full_label(u.scheme, u.code), "olds": olds})
    return render(request, "setup/commune.html", {"form": form, "results": results})


def _work_ward_or_403(request: Any, cap: Cap) -> Any:
    ward = request.work.ward
    if ward is None or ward.valid_to is not None or not has_cap(request.user, cap, ward):
        raise PermissionDenied("Hãy chọn (ở thanh trên) một xã, phường đang hoạt động mà bạn quản lý.")
    return ward


@capability_required(Cap.UNITS_CHANGE)
def step_groups(request: Any) -> HttpResponse:
    ward = _work_ward_or_403(request, Cap.UNITS_CHANGE)
    form = GroupsForm(request.POST or None, initial={"default_type": services.default_group_type(ward)})
    if request.method == "POST" and form.is_valid():
        try:
            made = services.add_groups(
                ward,
                actor=request.user,
                text=form.cleaned_data["names"],
                default_type=form.cleaned_data["default_type"],
            )
        except services.SetupError as exc:
            form.add_error("names", str(exc))
        else:
            messages.success(request, f"Đã thêm {len(made)}: {', '.join(g.name for g in made)}." if made else
                             "Các tên này đã có; không thêm gì.")  # fmt: skip
            return redirect(_next_url(request, "groups"))
    groups = groups_of_ward(request.user, ward)
    return render(request, "setup/groups.html", {"form": form, "groups": groups, "words": words_for(ward)})


@capability_required(Cap.IMPORTS_RUN)
def step_households(request: Any) -> HttpResponse:
    ward = _work_ward_or_403(request, Cap.IMPORTS_RUN)
    groups = groups_of_ward(request.user, ward)
    count = Household.objects.filter(group__in=groups).count() if groups else 0
    return render(
        request,
        "setup/households.html",
        {
            "ward": ward,
            "groups": groups,
            "count": count,
            "words": words_for(ward),
            "next": _next_url(request, "households"),
        },
    )


@capability_required(Cap.USERS_MANAGE)
@never_cache
def step_accounts(request: Any) -> HttpResponse:
    ward = _work_ward_or_403(request, Cap.USERS_MANAGE)
    groups = groups_of_ward(request.user, ward)
    words = words_for(ward)
    form = AccountsForm(request.POST or None, groups=groups, words=words)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        people = [(data["ward_head"], Role.WARD_HEAD, ward), (data["front_officer"], Role.FRONT_OFFICER, ward)]
        people += [(data.get(f"leader_{g.pk}", ""), Role.GROUP_LEADER, g) for g in groups]
        try:
            made = services.create_accounts(actor=request.user, people=people)
        except services.SetupError as exc:
            form.add_error(None, str(exc))
        else:
            if not made:
                form.add_error(None, "Hãy ghi họ và tên ít nhất một người.")
            else:
                url = request.build_absolute_uri(reverse("login"))
                return render(
                    request,
                    "setup/sheet.html",
                    {"accounts": made, "ward": ward, "url": url, "qr": qr.svg(url), "words": words},
                )
    return render(request, "setup/accounts.html", {"form": form, "groups": groups, "words": words, "ward": ward})
