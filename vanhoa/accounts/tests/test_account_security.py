"""Accounts (#21 F9/F10, #16 item 6): a temporary password is replaced at the first sign-in before anything
else; a reset, a lock or a withdrawn role ends the user's sessions and revokes their API tokens; passwords
have at least 12 characters; pages and files for a signed-in user are never cached."""

from __future__ import annotations

import pytest
from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from vanhoa.accounts import services
from vanhoa.accounts.models import Membership
from vanhoa.accounts.permissions import Role
from vanhoa.api.models import ApiToken
from vanhoa.api.tests.conftest import ApiClient, token_for
from vanhoa.core.models import AuditEntry

NEW = "hoa-ban-no-tren-doi"


def _sign_in(username: str, password: str) -> Client:
    client = Client()
    response = client.post(reverse("login"), {"username": username, "password": password})
    assert response.status_code == 302, response.content.decode()[:500]
    return client


def _leader3(world):
    user, temporary = services.create_user(
        actor=world.users["ward_head"],
        username="totruong3",
        full_name="Hoàng Văn Ba",
        role=Role.GROUP_LEADER,
        unit=world.groups[2],
    )
    return user, temporary


def test_a_temporary_password_must_be_replaced_before_any_other_page(world):
    user, temporary = _leader3(world)
    client = _sign_in("totruong3", temporary)
    for url in (reverse("home"), reverse("household-list"), reverse("my-account")):
        response = client.get(url)
        assert response.status_code == 302 and response["Location"] == reverse("password-change-required"), url
    page = client.get(reverse("password-change-required"))
    assert page.status_code == 200 and "mật khẩu tạm" in page.content.decode()
    short = client.post(reverse("password-change-required"), {"new_password1": "ngan-qua", "new_password2": "ngan-qua"})
    assert "cần ít nhất 12 ký tự" in short.content.decode()
    same = client.post(reverse("password-change-required"), {"new_password1": temporary, "new_password2": temporary})
    assert "khác mật khẩu tạm" in same.content.decode()
    done = client.post(reverse("password-change-required"), {"new_password1": NEW, "new_password2": NEW})
    assert done.status_code == 302
    assert client.get(reverse("household-list")).status_code == 200  # the same session goes on
    assert not services.must_change_password(user)
    assert AuditEntry.objects.filter(action="accounts.user.password_changed", object_id=str(user.pk)).exists()
    _sign_in("totruong3", NEW).get(reverse("home"))  # the next sign-in goes straight in
    assert _sign_in("totruong3", NEW).get(reverse("home")).status_code == 200


def test_a_password_reset_by_the_ward_head_is_temporary_too(world):
    leader = world.users["leader_group1"]
    temporary = services.reset_password(leader, actor=world.users["ward_head"])
    client = _sign_in("leader_group1", temporary)
    assert client.get(reverse("home"))["Location"] == reverse("password-change-required")


def test_a_password_chosen_by_the_user_or_a_script_is_not_temporary(world):
    assert not services.must_change_password(world.users["ward_head"])
    client = _sign_in("ward_head", "mat-khau-thu-nghiem")
    assert client.get(reverse("home")).status_code == 200


@pytest.mark.parametrize("how", ["reset", "deactivate", "withdraw"])
def test_a_reset_a_lock_or_a_withdrawn_role_ends_sessions_and_revokes_api_tokens(world, how):
    leader = world.users["leader_group1"]
    head = world.users["ward_head"]
    raw = token_for(leader)
    api = ApiClient(raw)
    assert api.get("/households").status_code == 200
    browser = _sign_in("leader_group1", "mat-khau-thu-nghiem")
    assert browser.get(reverse("household-list")).status_code == 200

    if how == "reset":
        services.reset_password(leader, actor=head)
    elif how == "deactivate":
        services.deactivate_user(leader, actor=head, reason="Chuyển công tác")
        services.reactivate_user(leader, actor=head)  # coming back does not revive what was open
    else:
        services.withdraw_role(Membership.objects.get(user=leader, role=Role.GROUP_LEADER), actor=head)
        services.assign_role(leader, actor=head, role=Role.GROUP_LEADER, unit=world.groups[0])

    assert api.get("/households").status_code == 401
    assert not ApiToken.objects.filter(owner=leader, revoked_at__isnull=True).exists()
    revoked = AuditEntry.objects.get(action="api.token.revoked", actor=head)
    assert revoked.unit == world.groups[0]  # filed under the leader's group: the ward sees it
    response = browser.get(reverse("household-list"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


def test_passwords_have_at_least_12_characters(world):
    user = world.users["leader_group1"]
    with pytest.raises(ValidationError, match="ít nhất 12 ký tự"):
        password_validation.validate_password("tao-meo-11c", user)
    password_validation.validate_password("tao-meo-12ch", user)
    with pytest.raises(services.AccountError, match="ít nhất 12 ký tự"):
        services.reset_password(user, actor=world.users["ward_head"], password="ngan-ngan")


@pytest.mark.parametrize(
    "url_name,kwargs",
    [("household-list", None), ("export-households", None), ("user-list", None), ("audit-log", None)],
)
def test_pages_and_files_with_personal_data_are_never_stored(world, client_for, url_name, kwargs):
    world.household(world.groups[0], "Lò Văn Páo", phone="0912345678")
    response = client_for(world.users["ward_head"]).get(reverse(url_name, kwargs=kwargs))
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]
