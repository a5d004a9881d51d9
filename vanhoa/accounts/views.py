from __future__ import annotations

from typing import Any

from django.contrib.auth import views as auth_views
from django.http import HttpResponse
from django.views.decorators.http import require_POST

from vanhoa.accounts.decorators import login_only, public


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    redirect_authenticated_user = True


login = public(LoginView.as_view())


@require_POST
@login_only
def logout(request: Any) -> HttpResponse:
    return auth_views.LogoutView.as_view()(request)
