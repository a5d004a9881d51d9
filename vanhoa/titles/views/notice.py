"""The public notice (NĐ 86/2023): open it, residents' opinions, close it."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect, render

from vanhoa.accounts.decorators import capability_required
from vanhoa.accounts.permissions import Cap, has_cap
from vanhoa.accounts.scoping import get_for_user
from vanhoa.core.params import year_of
from vanhoa.core.text import format_date
from vanhoa.core.workcontext import SignedInRequest
from vanhoa.titles import clock, facts, forms, services
from vanhoa.titles.models import PublicNotice
from vanhoa.titles.views.common import confirm_page, cycle_url, need, show_error, title_or_404, visible_unit_or_404


@capability_required(Cap.TITLES_REVIEW)
def notice_open(request: SignedInRequest, title: str, unit: int) -> HttpResponse:
    title_type = title_or_404(title)
    unit_obj = visible_unit_or_404(request, unit)
    need(request, Cap.TITLES_REVIEW, unit_obj)
    year = year_of(request)
    if request.method != "POST":
        return confirm_page(
            request,
            "Niêm yết công khai",
            f"Niêm yết danh sách bình xét đạt – {unit_obj.name}, năm {year}.",
            "Niêm yết",
            cycle_url(title_type, unit_obj, year),
            form=forms.NoticeOpenForm(initial={"opened_on": clock.today(), "place": f"Nhà văn hóa {unit_obj.name}"}),
        )
    form = forms.NoticeOpenForm(request.POST)
    if not form.is_valid():
        for field, errs in form.errors.items():
            label = form.fields[field].label if field in form.fields else ""
            messages.error(request, f"{label}: {' '.join(map(str, errs))}" if label else " ".join(map(str, errs)))
        return redirect(cycle_url(title_type, unit_obj, year))
    try:
        notice = services.open_public_notice(
            actor=request.user, title=title_type, year=year, unit=unit_obj, **form.cleaned_data
        )
    except services.TitleError as exc:
        show_error(request, exc)
        return redirect(cycle_url(title_type, unit_obj, year))
    messages.success(request, f"Đã niêm yết từ {format_date(notice.opened_on)} đến hết {format_date(notice.ends_on)}.")
    return redirect("titles-notice", pk=notice.pk)


@capability_required(Cap.TITLES_VIEW)
def notice(request: SignedInRequest, pk: int) -> HttpResponse:
    notice = get_for_user(
        PublicNotice.objects.select_related("unit", "title_type"), request.user, Cap.TITLES_VIEW, pk=pk
    )
    can_edit = notice.is_open and has_cap(request.user, Cap.TITLES_REVIEW, notice.unit)
    candidacies = list(notice.candidacies.order_by("sort_key"))
    choices = [(candidacy.pk, candidacy.subject_name) for candidacy in candidacies]
    today = clock.today()
    comment_form = forms.NoticeCommentForm(
        request.POST if request.POST.get("action") == "comment" else None,
        choices=choices,
        initial={"received_on": min(today, notice.ends_on)},
    )
    close_form = forms.CloseNoticeForm(
        request.POST if request.POST.get("action") == "close" else None,
        initial={"on": max(today, facts.add_days(notice.ends_on, 1))},
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
                    candidacy = next((x for x in candidacies if x.pk == cid), None)
                    services.record_notice_comment(notice, actor=request.user, candidacy=candidacy, **data)
                    messages.success(request, "Đã ghi nhận ý kiến.")
                else:
                    services.close_public_notice(notice, actor=request.user, **form.cleaned_data)
                    messages.success(request, "Đã kết thúc niêm yết.")
                    return redirect(cycle_url(notice.title_type, notice.unit, notice.year))
            except services.TitleError as exc:
                form.add_error(None, str(exc))
            else:
                return redirect("titles-notice", pk=notice.pk)
    deadline = facts.notice_deadline(notice)
    return render(
        request,
        "titles/notice.html",
        {
            "notice": notice,
            "candidacies": candidacies,
            "comments": notice.comments.select_related("candidacy"),
            "online_opinions": notice.online_opinions.filter(comment__isnull=True).select_related("candidacy"),
            "can_edit": can_edit,
            "comment_form": comment_form,
            "close_form": close_form,
            "deadline": deadline,
            "late": deadline.is_late(today),
            "cycle_url": cycle_url(notice.title_type, notice.unit, notice.year),
        },
    )
