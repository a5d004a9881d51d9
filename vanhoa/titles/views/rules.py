"""The rules as data: the list for everyone, the edit page for administrators; the working calendar."""

from __future__ import annotations

from datetime import date

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from vanhoa.accounts.decorators import capability_required
from vanhoa.accounts.permissions import Cap, is_installation_admin
from vanhoa.core import audit
from vanhoa.core.params import year_of
from vanhoa.core.text import format_date
from vanhoa.core.workcontext import SignedInRequest
from vanhoa.titles import bases, forms, services, workdays
from vanhoa.titles.models import DeciderRule, RuleSet


@capability_required(Cap.TITLES_VIEW)
def rules(request: SignedInRequest) -> HttpResponse:
    rule_sets = list(
        RuleSet.objects.select_related("title_type").prefetch_related(
            "criteria", "exclusions", "dossier_items", "commendation_rules"
        )
    )
    for rule_set in rule_sets:
        rule_set.can_edit = services.may_edit_rule_set(request.user, rule_set)  # read by the template
    return render(
        request,
        "titles/rules.html",
        {
            "rule_sets": rule_sets,
            "deciders": DeciderRule.objects.select_related("title_type"),
        },
    )


@capability_required(Cap.SYSTEM_SETUP)  # shared reference data: administrators only (#21 F1)
def rule_edit(request: SignedInRequest, pk: int) -> HttpResponse:
    rule_set = RuleSet.objects.filter(pk=pk).select_related("title_type").first()
    if rule_set is None:
        raise Http404("Không tìm thấy.")
    if not services.may_edit_rule_set(request.user, rule_set):
        raise PermissionDenied("Chỉ quản trị hệ thống (hoặc quản trị của tỉnh, với quy định của tỉnh) được sửa.")
    form = forms.RuleSetForm(request.POST or None, instance=RuleSet.objects.get(pk=pk))
    rule = rule_set.commendation
    cform = forms.CommendationRuleForm(request.POST or None, instance=rule, prefix="kt") if rule else None
    if request.method == "POST" and form.is_valid() and (cform is None or cform.is_valid()):
        data = {k: form.cleaned_data[k] for k in form.Meta.fields}
        data["unconfirmed"] = form.cleaned_data["unconfirmed_text"]
        data["pass_marks"] = form.cleaned_data["pass_marks_text"]
        try:
            services.update_rule_set(rule_set, actor=request.user, **data)
            if cform is not None and rule is not None:
                cdata = {k: cform.cleaned_data[k] for k in cform.Meta.fields}
                services.update_commendation_rule(rule, actor=request.user, **cdata)
        except services.TitleError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, "Đã lưu quy định.")
            return redirect("titles-rules")
    return render(
        request,
        "titles/rule_edit.html",
        {
            "rule_set": rule_set,
            "form": form,
            "cform": cform,
            "history": audit.history(rule_set)[:30],
            "needs_document": bases.is_provincial(rule_set)
            and not (rule_set.document_number and rule_set.document_date),
        },
    )


@capability_required(Cap.TITLES_VIEW)
def calendar(request: SignedInRequest) -> HttpResponse:
    """The year's days off and weekend days worked (package + entered); an administrator enters the changes."""
    year = year_of(request)
    can_edit = is_installation_admin(request.user)
    form = forms.CalendarDayForm(request.POST or None) if can_edit else None
    if request.method == "POST":
        if not can_edit:
            raise PermissionDenied("Bạn không có quyền sửa lịch ngày nghỉ.")
        try:
            if request.POST.get("remove"):
                day = date.fromisoformat(request.POST["remove"])
                services.remove_calendar_day(actor=request.user, day=day)
                messages.success(request, f"Đã bỏ ngày {format_date(day)} khỏi danh sách đã nhập.")
                return redirect(f"{reverse('titles-calendar')}?nam={day.year}")
            if form is not None and form.is_valid():
                row = services.set_calendar_day(actor=request.user, **form.cleaned_data)
                messages.success(request, f"Đã lưu ngày {format_date(row.day)}.")
                return redirect(f"{reverse('titles-calendar')}?nam={row.day.year}")
        except ValueError:
            messages.error(request, "Ngày cần bỏ không hợp lệ.")
        except services.TitleError as exc:
            if form is not None:
                form.add_error(None, str(exc))
    return render(
        request,
        "titles/calendar.html",
        {"year": year, "days": workdays.year_days(year), "form": form, "can_edit": can_edit},
    )
