"""The registers of outgoing documents: the books of the units in the user's scope, one book with its gaps, and
the book printed (XLSX, PDF)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect, render

from vanhoa.accounts.decorators import capability_required
from vanhoa.accounts.permissions import Cap, has_cap
from vanhoa.accounts.scoping import get_for_user
from vanhoa.core.forms import date_field
from vanhoa.documents import recipes, register, register_book
from vanhoa.documents.models import RegisterBook
from vanhoa.documents.responses import download, pdf_response
from vanhoa.imports.xlsx import filename as xlsx_name


class GapForm(forms.Form):
    number = forms.IntegerField(label="Số chưa dùng", min_value=1, error_messages={"invalid": "Phải là một số."})
    reason = forms.CharField(label="Lý do không sử dụng", max_length=400, help_text="Ví dụ: dự thảo bị hủy.")
    on = date_field("Ngày ghi")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.widget.attrs.setdefault("class", "form-control")


@capability_required(Cap.REPORTS_VIEW)
def books(request: Any) -> HttpResponse:
    qs = RegisterBook.objects.visible_to(request.user, Cap.REPORTS_VIEW).select_related("issuer")
    return render(request, "documents/register_books.html", {"books": qs.order_by("-year", "issuer__name", "series")})


@capability_required(Cap.REPORTS_VIEW)
def book(request: Any, pk: int) -> HttpResponse:
    book = get_for_user(RegisterBook.objects.select_related("issuer"), request.user, Cap.REPORTS_VIEW, pk=pk)
    fmt = request.GET.get("dinh-dang")
    name = f"so-van-ban-di-{book.series}-{book.year}"
    if fmt == "xlsx":
        return download(register_book.xlsx_bytes(book), xlsx_name(name))
    if fmt == "pdf":
        doc = recipes.Docx(register_book.docx_bytes(book))
        return pdf_response(request, doc, filename=xlsx_name(name, ".pdf"), title=register_book.title_of(book))
    can_explain = has_cap(request.user, Cap.REPORTS_CHANGE, book.issuer_id)
    if request.method == "POST" and not can_explain:
        raise PermissionDenied("Bạn không có quyền ghi vào sổ này.")
    form = GapForm(request.POST or None) if can_explain else None
    if request.method == "POST" and form is not None and form.is_valid():
        try:
            register.explain_gap(
                book,
                form.cleaned_data["number"],
                reason=form.cleaned_data["reason"],
                on=form.cleaned_data["on"],
                actor=request.user,
            )
        except register.RegisterError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, f"Đã ghi lý do số {form.cleaned_data['number']:02d} không sử dụng.")
            return redirect("register-book", pk=book.pk)
    return render(
        request,
        "documents/register_book.html",
        {
            "book": book,
            "title": register_book.title_of(book),
            "rows": register_book.rows(book),
            "form": form,
            "gaps": register.unexplained_gaps(book),
        },
    )
