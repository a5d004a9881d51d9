"""The user's own API tokens: create (shown once), list, revoke."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render

from vanhoa.accounts.decorators import login_only
from vanhoa.api import services
from vanhoa.api.models import ApiToken
from vanhoa.core.params import int_param

SESSION_KEY = "api_new_token"


@login_only
def tokens(request: Any) -> HttpResponse:
    """GET: the list (and a token just created, once). POST action=create|revoke."""
    error = ""
    if request.method == "POST":
        action = request.POST.get("action")
        if action == "create":
            try:
                token, raw = services.create_token(
                    actor=request.user, owner=request.user, name=request.POST.get("name", "")
                )
            except services.TokenError as exc:
                error = str(exc)
            else:
                request.session[SESSION_KEY] = {"id": token.pk, "raw": raw}
                return redirect("api-tokens")
        elif action == "revoke":
            token_id = request.POST.get("token", "")
            token = ApiToken.objects.filter(owner=request.user, pk=int_param(token_id) or 0).first()
            if token is None:
                raise Http404("Không tìm thấy khóa này trong các khóa của bạn.")
            try:
                services.revoke_token(token, actor=request.user)
            except services.TokenError as exc:
                error = str(exc)
            else:
                messages.success(request, f"Đã thu hồi khóa «{token.name}»; hệ thống dùng khóa này sẽ bị từ chối.")
                return redirect("api-tokens")
    new = request.session.pop(SESSION_KEY, None)
    return render(
        request,
        "api/tokens.html",
        {
            "tokens": ApiToken.objects.filter(owner=request.user),
            "new": new,
            "error": error,
            "name": request.POST.get("name", "") if error else "",
        },
    )
