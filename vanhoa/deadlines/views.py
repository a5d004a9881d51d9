"""The reminders page (digest on/off, the calendar link) and the calendar feed behind its secret link."""

from __future__ import annotations

from datetime import UTC
from typing import Any

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from vanhoa.accounts.decorators import login_only, public
from vanhoa.core import clock
from vanhoa.deadlines import due, feed, services
from vanhoa.deadlines.models import ReminderSettings


@login_only
def reminders(request: Any) -> HttpResponse:
    row = services.settings_of(request.user)
    link = request.build_absolute_uri(reverse("reminders-feed", args=[row.feed_token])) if row.feed_token else ""
    return render(request, "deadlines/reminders.html", {"row": row, "feed_link": link})


@login_only
@require_POST
def set_digest(request: Any) -> HttpResponse:
    enabled = request.POST.get("email_digest") == "1"
    services.set_email_digest(request.user, actor=request.user, enabled=enabled)
    messages.success(request, "Đã bật thư tóm tắt hằng ngày." if enabled else "Đã tắt thư tóm tắt hằng ngày.")
    return redirect("reminders")


@login_only
@require_POST
def reset_feed(request: Any) -> HttpResponse:
    had = bool(services.settings_of(request.user).feed_token)
    services.reset_feed_token(request.user, actor=request.user)
    messages.success(
        request, "Đã tạo liên kết mới; liên kết cũ không dùng được nữa." if had else "Đã tạo liên kết lịch."
    )
    return redirect("reminders")


@public
def calendar_feed(request: Any, token: str) -> HttpResponse:
    """The feed of the user whose secret this is; an unknown or replaced secret, or an inactive user: 404."""
    row = ReminderSettings.objects.filter(feed_token=token).exclude(feed_token="").select_related("user").first()
    if row is None or not row.user.is_active or len(token) < 20:
        raise Http404("Liên kết lịch không đúng hoặc đã được đổi.")
    today = clock.today()
    body = feed.calendar(due.due_for(row.user, today), today, clock.now().astimezone(UTC))
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="viec-can-lam.ics"'
    response["Cache-Control"] = "private, no-store"
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response
