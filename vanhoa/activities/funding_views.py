"""Pages of the money (Kinh phí): balances, allocations, contributions, expenses with vouchers, the public list
of contributions (page, PDF, XLSX) and the funding report (DOCX, PDF). Thin views over vanhoa.activities.funding."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from vanhoa.accounts.decorators import capability_required
from vanhoa.accounts.permissions import Cap, has_cap
from vanhoa.accounts.scoping import get_for_user
from vanhoa.activities import documents, exports, funding
from vanhoa.activities.forms import AllocationForm, ContributionRecordForm, ExpenseForm
from vanhoa.activities.models import Allocation, Contribution, Expense, Festival, Voucher
from vanhoa.activities.places import existed_in
from vanhoa.activities.views import (
    DOCX,
    XLSX,
    covered,
    form_page,
    initial_activity,
    plan_activities,
    record_ward,
    require_work_ward,
)
from vanhoa.core import audit, versioning
from vanhoa.core.files import serve_stored
from vanhoa.core.params import int_param, year_of
from vanhoa.core.text import fold
from vanhoa.documents import DocumentConversionError
from vanhoa.documents.exports import DocumentNotAvailable
from vanhoa.documents.responses import download, pdf_response
from vanhoa.units.choices import UnitKind
from vanhoa.units.models import Unit


def _wards_of_year(request: Any, year: int) -> list[Unit]:
    """The communes whose money of `year` the page shows: the work ward when it existed that year, and those of
    its predecessors that existed then and have money records (a merged ward had several)."""
    communes = Unit.objects.filter(kind=UnitKind.COMMUNE, id__in=covered(request)).order_by("valid_to", "sort_key")
    with_money = set()
    for model in (Allocation, Contribution, Expense):
        with_money |= set(model.objects.filter(ward__in=covered(request), year=year).values_list("ward_id", flat=True))
    return [
        u
        for u in communes
        if existed_in(u, year)
        and (u == request.work.ward or u.pk in with_money)
        and has_cap(request.user, Cap.FUNDING_VIEW, u)
    ]


def _festivals(request: Any, year: int) -> Any:
    return (
        Festival.objects.visible_to(request.user, Cap.ACTIVITIES_VIEW)
        .filter(ward__in=covered(request), year=year)
        .select_related("group")
        .order_by("group__order")
    )


@capability_required(Cap.FUNDING_VIEW)
def home(request: Any) -> HttpResponse:
    """Balances per pool and per plan activity, and every allocation, contribution and expense of the year."""
    year, user, ids = year_of(request), request.user, covered(request)
    wards = _wards_of_year(request, year)
    blocks = [funding.balances(w, year) for w in wards]
    visible = {"ward__in": ids, "year": year}
    allocations = Allocation.objects.visible_to(user, Cap.FUNDING_VIEW).filter(**visible).select_related("activity")
    contributions = (
        Contribution.objects.visible_to(user, Cap.FUNDING_VIEW)
        .filter(**visible)
        .select_related("festival__group")
        .order_by("received_on", "pk")
    )
    expenses = (
        Expense.objects.visible_to(user, Cap.FUNDING_VIEW)
        .filter(**visible)
        .select_related("activity", "festival__group")
        .order_by("spent_on", "pk")
    )
    ward = request.work.ward
    return render(
        request,
        "activities/funding_home.html",
        {
            "year": year,
            "blocks": blocks,
            "allocations": allocations,
            "contributions": contributions,
            "expenses": expenses,
            "can_change": ward is not None and has_cap(user, Cap.FUNDING_CHANGE, ward),
        },
    )


def _prefill(request: Any, year: int) -> dict[str, Any]:
    initial: dict[str, Any] = {"activity": initial_activity(request, year)}
    festival = int_param(request.GET.get("ngay-hoi"))
    if festival is not None:
        found = _festivals(request, year).filter(pk=festival).first()
        if found is not None:
            initial["festival"] = found
            initial["activity"] = initial["activity"] or found.activity
    return initial


def _form(
    form_class: Any, request: Any, year: int, initial: dict[str, Any], files: bool = False, data: Any = "post"
) -> Any:
    data = (request.POST or None) if data == "post" else data
    form = form_class(data, request.FILES or None if files and data is not None else None, initial=initial)
    form.set_choices(plan_activities(request, year), _festivals(request, year))
    return form


def _save(request: Any, form: Any, day_field: str, create: Any, update: Any, obj: Any = None, **extra: Any) -> Any:
    """Create or update through the service; the ward of a new record follows its date."""
    data = {**form.cleaned_data, **extra}
    if obj is not None:
        return update(obj, actor=request.user, **data)
    ward = record_ward(request, form, data[day_field], Cap.FUNDING_CHANGE, day_field)
    if ward is None:
        return None
    return create(actor=request.user, ward=ward, **data)


def _money_form(
    request: Any,
    *,
    form_class: Any,
    model: Any,
    day_field: str,
    create: Any,
    update: Any,
    title: str,
    pk: int | None = None,
    files: bool = False,
    success: str = "Đã lưu.",
) -> HttpResponse:
    obj = None
    if pk is None:
        require_work_ward(request, Cap.FUNDING_CHANGE)
        year = year_of(request)
        initial = _prefill(request, year)
    else:
        obj = get_for_user(
            model.objects.select_related("ward"), request.user, Cap.FUNDING_VIEW, Cap.FUNDING_CHANGE, pk=pk
        )
        year = obj.year
        initial = {f: getattr(obj, f) for f in form_class.base_fields if hasattr(obj, f) and f != "files"}
        initial["allow_overdraw"] = bool(getattr(obj, "overdraw_reason", ""))
    form, current = versioning.bind(request, lambda data: _form(form_class, request, year, initial, files, data))
    conflict: dict[str, Any] = {}
    if request.method == "POST" and form.is_valid():
        try:  # an edit is saved over the version its page was loaded from (core.versioning)
            saved = versioning.save_or_conflict(
                request, obj, form, current, lambda: _save(request, form, day_field, create, update, obj)
            )
        except funding.FundingError as exc:
            form.add_error(None, str(exc))
        else:
            if isinstance(saved, dict):
                conflict = saved
            elif saved is not None:
                messages.success(request, success)
                if isinstance(saved, Expense):
                    return redirect("expense-detail", pk=saved.pk)
                return redirect(reverse("funding-home") + f"?nam={saved.year}")
    history = audit.history(obj)[:20] if obj is not None else []
    state = versioning.page_state(request, obj, [current]) if obj is not None else {}
    back = reverse("funding-home") + f"?nam={year}"
    return form_page(request, form, title, back, multipart=files, history=history, **state, **conflict)


@capability_required(Cap.FUNDING_CHANGE)
def allocation_create(request: Any) -> HttpResponse:
    return _money_form(
        request,
        form_class=AllocationForm,
        model=Allocation,
        day_field="decision_date",
        create=funding.record_allocation,
        update=funding.update_allocation,
        title="Ghi nhận kinh phí ngân sách",
        success="Đã ghi nhận kinh phí ngân sách.",
    )


@capability_required(Cap.FUNDING_CHANGE)
def allocation_edit(request: Any, pk: int) -> HttpResponse:
    return _money_form(
        request,
        form_class=AllocationForm,
        model=Allocation,
        day_field="decision_date",
        create=funding.record_allocation,
        update=funding.update_allocation,
        title="Sửa kinh phí ngân sách",
        pk=pk,
    )


@capability_required(Cap.FUNDING_CHANGE)
def contribution_create(request: Any) -> HttpResponse:
    return _money_form(
        request,
        form_class=ContributionRecordForm,
        model=Contribution,
        day_field="received_on",
        create=funding.record_contribution,
        update=funding.update_contribution,
        title="Ghi nhận khoản ủng hộ (xã hội hóa)",
        success="Đã ghi nhận khoản ủng hộ.",
    )


@capability_required(Cap.FUNDING_CHANGE)
def contribution_edit(request: Any, pk: int) -> HttpResponse:
    return _money_form(
        request,
        form_class=ContributionRecordForm,
        model=Contribution,
        day_field="received_on",
        create=funding.record_contribution,
        update=funding.update_contribution,
        title="Sửa khoản ủng hộ",
        pk=pk,
    )


@capability_required(Cap.FUNDING_CHANGE)
def expense_create(request: Any) -> HttpResponse:
    return _money_form(
        request,
        form_class=ExpenseForm,
        model=Expense,
        day_field="spent_on",
        create=funding.record_expense,
        update=funding.update_expense,
        title="Ghi khoản chi",
        files=True,
        success="Đã ghi khoản chi.",
    )


@capability_required(Cap.FUNDING_CHANGE)
def expense_edit(request: Any, pk: int) -> HttpResponse:
    return _money_form(
        request,
        form_class=ExpenseForm,
        model=Expense,
        day_field="spent_on",
        create=funding.record_expense,
        update=funding.update_expense,
        title="Sửa khoản chi",
        pk=pk,
        files=True,
    )


@capability_required(Cap.FUNDING_VIEW)
def expense_detail(request: Any, pk: int) -> HttpResponse:
    expense = get_for_user(
        Expense.objects.select_related("ward", "activity__plan", "festival__group"),
        request.user,
        Cap.FUNDING_VIEW,
        pk=pk,
    )
    can_change = has_cap(request.user, Cap.FUNDING_CHANGE, expense.ward_id)
    return render(
        request,
        "activities/expense_detail.html",
        {
            "expense": expense,
            "vouchers": expense.vouchers.all(),
            "balances": funding.balances(expense.ward, expense.year),
            "can_change": can_change,
            "history": audit.history(expense)[:20] if can_change else [],
        },
    )


@capability_required(Cap.FUNDING_VIEW)
def voucher_download(request: Any, pk: int) -> HttpResponse:
    return serve_stored(get_for_user(Voucher.objects.all(), request.user, Cap.FUNDING_VIEW, pk=pk), request)


# --------------------------------------------------------------------------- published list and report


def _public_rows(request: Any, year: int) -> tuple[list[dict[str, Any]], int]:
    rows, total = [], 0
    qs = (
        Contribution.objects.visible_to(request.user, Cap.FUNDING_VIEW)
        .filter(ward__in=covered(request), year=year)
        .order_by("anonymous", "donor_sort_key", "received_on", "pk")
    )
    q = fold(request.GET.get("q", ""))
    for c in qs:
        if q and q not in fold(c.public_name):
            continue
        rows.append(
            {"name": c.public_name, "what": c.what, "in_kind": not c.is_cash, "value": c.value, "on": c.received_on}
        )
        total += c.value
    return rows, total


@capability_required(Cap.FUNDING_VIEW)
def public_list(request: Any) -> HttpResponse:
    """The list published to residents (donors who asked stay "Nhà hảo tâm (ẩn danh)"), printable."""
    year = year_of(request)
    rows, total = _public_rows(request, year)
    return render(
        request, "activities/public_list.html", {"rows": rows, "total": total, "year": year, "ward": request.work.ward}
    )


@capability_required(Cap.FUNDING_VIEW)
def public_list_pdf(request: Any) -> HttpResponse:
    year = year_of(request)
    rows, total = _public_rows(request, year)
    data = exports.public_list_pdf(request.work.ward, year, rows, total)
    return download(data, f"cong-khai-ung-ho-{year}.pdf", "application/pdf")


@capability_required(Cap.FUNDING_VIEW)
def public_list_xlsx(request: Any) -> HttpResponse:
    year = year_of(request)
    rows, total = _public_rows(request, year)
    return download(
        exports.public_list_xlsx(request.work.ward, year, rows, total), f"cong-khai-ung-ho-{year}.xlsx", XLSX
    )


def _report_ward(request: Any, year: int) -> Unit:
    """The commune whose report is asked for; 404 (DocumentNotAvailable) when the user may not see its money."""
    if request.work.ward is None:
        raise DocumentNotAvailable("Chưa chọn xã, phường.")
    wards = _wards_of_year(request, year)
    ward = documents.funding_ward(request.work.ward, year)
    if ward not in wards:
        raise DocumentNotAvailable("Bạn không xem được kinh phí của đơn vị này.")
    return ward


@capability_required(Cap.FUNDING_VIEW)
def report_docx(request: Any) -> HttpResponse:
    year = year_of(request)
    try:
        data = documents.funding_report(_report_ward(request, year), year).to_bytes()
    except DocumentNotAvailable as exc:
        raise Http404(str(exc)) from exc
    return download(data, f"bao-cao-kinh-phi-{year}.docx", DOCX)


@capability_required(Cap.FUNDING_VIEW)
def report_pdf(request: Any) -> HttpResponse:
    year = year_of(request)
    try:
        ward = _report_ward(request, year)
    except DocumentNotAvailable as exc:
        raise Http404(str(exc)) from exc
    try:
        return pdf_response(
            request,
            documents.funding_report(ward, year),
            filename=f"bao-cao-kinh-phi-{year}.pdf",
            title=f"Báo cáo kinh phí năm {year} của {ward.name}",
        )
    except DocumentConversionError as exc:
        messages.error(request, str(exc))
        return redirect("funding-home")
