"""The public notice (NĐ 86/2023): open it, residents' opinions, close it."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect, render

from vanhoa.accounts.decorators import capability_required
from vanhoa.accounts.permissions import Cap, has_cap
from vanhoa.accounts.scoping import get_for_user
from vanhoa.core.text import format_date
from vanhoa.titles import clock, facts, forms, services
from vanhoa.titles.models import (
    PublicNotice,
)
from vanhoa.titles.views.common import (
    _confirm,
    _cycle_url,
    _error,
    _need,
    _title,
    _visible_unit,
    _year,
)


@capability_required(Cap.TITLES_REVIEW)
def notice_open(request: Any, title: str, unit: int) -> HttpResponse:
    tt = _title(title)
    unit_obj = _visible_unit(request, unit)
    _need(request, Cap.TITLES_REVIEW, unit_obj)
    year = _year(request)
    if request.method != "POST":
        return _confirm(
            request,
            "Niêm yết công khai",
            f"Niêm yết danh sách bình xét đạt – {unit_obj.name}, năm {year}.",
            "Niêm yết",
            _cycle_url(tt, unit_obj, year),
            form=forms.NoticeOpenForm(initial={"opened_on": clock.today(), "place": f"Nhà văn hóa {unit_obj.name}"}),
        )
    form = forms.NoticeOpenForm(request.POST)
    if not form.is_valid():
        for field, errs in form.errors.items():
            label = form.fields[field].label if field in form.fields else ""
            messages.error(request, f"{label}: {' '.join(errs)}" if label else " ".join(errs))
        return redirect(_cycle_url(tt, unit_obj, year))
    try:
        notice = services.open_public_notice(
            actor=request.user, title=tt, year=year, unit=unit_obj, **form.cleaned_data
        )
    except services.TitleError as exc:
        _error(request, exc)
        return redirect(_cycle_url(tt, unit_obj, year))
    messages.success(request, f"Đã niêm yết từ {format_date(notice.opened_on)} đến hết {format_date(notice.ends_on)}.")
    return redirect("titles-notice", pk=notice.pk)


@capability_required(Cap.TITLES_VIEW)
def notice(request: Any, pk: int) -> HttpResponse:
    n = get_for_user(PublicNotice.objects.select_related("unit", "title_type"), request.user, Cap.TITLES_VIEW, pk=pk)
    can_edit = n.is_open and has_cap(request.user, Cap.TITLES_REVIEW, n.unit)
    cands = list(n.candidacies.order_by("sort_key"))
    choices = [(c.pk, c.subject_name) for c in cands]
    today = clock.today()
    comment_form = forms.NoticeCommentForm(
        request.POST if request.POST.get("action") == "comment" else None,
        choices=choices,
        initial={"received_on": min(today, n.ends_on)},
    )
    close_form = forms.CloseNoticeForm(
        request.POST if request.POST.get("action") == "close" else None,
        initial={"on": max(today, facts.add_days(n.ends_on, 1))},
    )
    if request.method == "POST":
        if not can_edit:
            raise PermissionDenied("Đợt niêm yết đã kết thúc hoặc bạn không có quyền.")
        form = comment_form if request.POST.get("action") == "comment" else close_form
        if form.is_valid():
            try:
                if form is comment_form:
                    data = dict(form.cleaned_data)
                    cid = data.pop("candidacy")
                    c = next((x for x in cands if x.pk == cid), None)
                    services.record_notice_comment(n, actor=request.user, candidacy=c, **data)
                    messages.success(request, "Đã ghi nhận ý kiến.")
                else:
                    services.close_public_notice(n, actor=request.user, **form.cleaned_data)
                    messages.success(request, "Đã kết thúc niêm yết.")
                    return redirect(_cycle_url(n.title_type, n.unit, n.year))
            except services.TitleError as exc:
                form.add_error(None, str(exc))
            else:
                return redirect("titles-notice", pk=n.pk)
    deadline = facts.notice_deadline(n)
    return render(
        request,
        "titles/notice.html",
        {
            "n": n,
            "cands": cands,
            "comments": n.comments.select_related("candidacy"),
            "can_edit": can_edit,
            "comment_form": comment_form,
            "close_form": close_form,
            "deadline": deadline,
            "late": deadline.is_late(today),
            "cycle_url": _cycle_url(n.title_type, n.unit, n.year),
        },
    )
