"""User management by the ward head: accounts, roles within their own ward, locking, passwords."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model

from vanhoa.accounts import services
from vanhoa.accounts.models import Membership
from vanhoa.accounts.permissions import Cap, Role, has_cap
from vanhoa.core.models import AuditEntry
from vanhoa.registry.models import Household
from vanhoa.testing.world import PASSWORD

User = get_user_model()


def fresh(user):
    return User.objects.get(pk=user.pk)


def test_the_ward_head_creates_a_group_leader_for_a_group_of_their_ward(world):
    head = world.users["ward_head"]
    user, password = services.create_user(
        actor=head, username=" ToTruong3 ", full_name="Hoàng  Văn Ba", role=Role.GROUP_LEADER, unit=world.groups[2]
    )
    assert user.username == "totruong3" and user.get_full_name() == "Hoàng Văn Ba"
    assert len(password) == 14 and user.check_password(password)
    assert has_cap(fresh(user), Cap.HOUSEHOLDS_CHANGE, world.groups[2])
    assert not has_cap(fresh(user), Cap.HOUSEHOLDS_VIEW, world.groups[0])


@pytest.mark.parametrize(
    "role,unit_name,message",
    [
        (Role.SYSTEM_ADMIN, None, "Bạn không được giao vai trò «Quản trị hệ thống» tại toàn hệ thống."),
        (Role.VIEWER, "city", "Bạn không được giao vai trò «Ban Chỉ đạo cấp trên (chỉ xem)» tại Thành phố Lai Châu."),
        (
            Role.GROUP_LEADER,
            "other_group",
            "Bạn không được giao vai trò «Tổ trưởng / Ban công tác Mặt trận tổ dân phố»",
        ),
        (Role.GROUP_LEADER, "ward", "chỉ gắn được với cấp: tổ dân phố, thôn, bản"),
        (Role.FRONT_OFFICER, "ward_2020", "Phường Quyết Tiến đã hết hiệu lực từ 30/06/2025"),
    ],
)
def test_the_ward_head_cannot_grant_above_the_ward_outside_it_or_on_the_wrong_unit(world, role, unit_name, message):
    unit = getattr(world, unit_name) if unit_name else None
    with pytest.raises(services.AccountError, match=message.replace("(", r"\(").replace(")", r"\)")):
        services.create_user(
            actor=world.users["ward_head"], username="nguoimoi", full_name="Người Mới", role=role, unit=unit
        )
    assert not User.objects.filter(username="nguoimoi").exists()  # nothing half-written


def test_officers_and_leaders_cannot_manage_users(world):
    for persona in ("front_officer", "leader_group1", "city_viewer"):
        with pytest.raises(services.AccountError, match="Bạn không được giao vai trò"):
            services.create_user(
                actor=world.users[persona],
                username="x" + persona[:5],
                full_name="A B",
                role=Role.GROUP_LEADER,
                unit=world.groups[0],
            )


def test_usernames_are_unique_whatever_the_case_and_plain_ascii(world):
    head = world.users["ward_head"]
    with pytest.raises(services.AccountError, match="Tên đăng nhập «leader_group1» đã có người dùng"):
        services.create_user(
            actor=head, username="Leader_Group1", full_name="A B", role="group_leader", unit=world.groups[0]
        )
    with pytest.raises(services.AccountError, match="chỉ gồm chữ không dấu"):
        services.create_user(
            actor=head, username="tổ trưởng", full_name="A B", role="group_leader", unit=world.groups[0]
        )


def test_a_chosen_password_must_pass_the_rules_with_vietnamese_messages(world):
    head = world.users["ward_head"]
    with pytest.raises(services.AccountError) as exc:
        services.create_user(
            actor=head,
            username="totruong3",
            full_name="Hoàng Văn Ba",
            role="group_leader",
            unit=world.groups[2],
            password="1234567",
        )
    assert str(exc.value) == (
        "Mật khẩu: Mật khẩu quá ngắn: cần ít nhất 12 ký tự. Mật khẩu này quá phổ biến, dễ bị đoán. "
        "Mật khẩu không được chỉ gồm chữ số."
    )
    with pytest.raises(services.AccountError, match="quá giống tên đăng nhập"):
        services.reset_password(world.users["leader_group1"], actor=head, password="leader_group1")


def test_roles_are_assigned_and_withdrawn_and_a_withdrawn_role_can_come_back(world):
    head, leader = world.users["ward_head"], world.users["leader_group1"]
    m = services.assign_role(leader, actor=head, role=Role.GROUP_LEADER, unit=world.groups[2])
    assert has_cap(fresh(leader), Cap.HOUSEHOLDS_VIEW, world.groups[2])
    with pytest.raises(services.AccountError, match="đã có vai trò"):
        services.assign_role(leader, actor=head, role=Role.GROUP_LEADER, unit=world.groups[2])
    services.withdraw_role(m, actor=head)
    assert not has_cap(fresh(leader), Cap.HOUSEHOLDS_VIEW, world.groups[2])
    with pytest.raises(services.AccountError, match="đã được thu hồi"):
        services.withdraw_role(m, actor=head)
    again = services.assign_role(leader, actor=head, role=Role.GROUP_LEADER, unit=world.groups[2])
    assert again.pk == m.pk and again.active
    assert Membership.objects.filter(user=leader).count() == 2


def test_the_ward_head_cannot_touch_an_account_with_a_role_above_the_ward(world):
    head = world.users["ward_head"]
    # a leader of group 1 who also sits on the city committee: only the system administrator manages them
    leader = world.users["leader_group1"]
    Membership.objects.create(user=leader, unit=world.city, role=Role.VIEWER)
    assert services.users_visible_to(head).filter(pk=leader.pk).exists()  # listed, read only
    assert not services.may_manage(head, leader)
    for action in (services.deactivate_user, services.reset_password):
        with pytest.raises(services.AccountError, match="có vai trò ngoài phạm vi của bạn"):
            action(leader, actor=head)
    with pytest.raises(services.AccountError):
        services.assign_role(leader, actor=head, role=Role.GROUP_LEADER, unit=world.groups[2])
    assert services.may_manage(world.users["system_admin"], leader)


def test_nobody_locks_or_re_roles_themselves_here(world):
    head = world.users["ward_head"]
    with pytest.raises(services.AccountError, match="Tài khoản của tôi"):
        services.deactivate_user(head, actor=head)
    with pytest.raises(services.AccountError, match="Không tự thu hồi"):
        services.withdraw_role(head.memberships.get(), actor=head)


def test_the_ward_head_sees_the_people_of_their_ward_only(world):
    visible = set(services.users_visible_to(world.users["ward_head"]).values_list("username", flat=True))
    assert visible == {
        "ward_head",
        "front_officer",
        "union_officer",
        "culture_officer",
        "leader_group1",
        "leader_group2",
    }
    assert services.users_visible_to(world.users["front_officer"]).count() == 0
    assert services.users_visible_to(world.users["system_admin"]).count() == 8


def test_a_locked_account_cannot_sign_in_and_its_open_session_ends(world, client):
    leader = world.users["leader_group1"]
    client.force_login(leader)
    assert client.get("/ho-gia-dinh/").status_code == 200
    services.deactivate_user(leader, actor=world.users["ward_head"], reason="Thôi làm tổ trưởng")
    assert client.get("/ho-gia-dinh/").status_code == 302  # back to the login page
    assert not client.login(username="leader_group1", password=PASSWORD)
    services.reactivate_user(fresh(leader), actor=world.users["ward_head"])
    assert client.login(username="leader_group1", password=PASSWORD)


def test_a_system_administrator_of_the_whole_installation_is_a_django_superuser(world):
    admin = world.users["system_admin"]
    user, _ = services.create_user(
        actor=admin, username="quantri2", full_name="Quản Trị Hai", role="system_admin", unit=None
    )
    assert user.is_superuser and user.is_staff
    services.withdraw_role(user.memberships.get(), actor=admin)
    user = fresh(user)
    assert not user.is_superuser and not user.is_staff


def test_changing_ones_own_password_checks_the_old_one(world):
    leader = world.users["leader_group1"]
    with pytest.raises(services.AccountError, match="Mật khẩu hiện tại không đúng."):
        services.change_own_password(leader, old_password="sai", new_password="Hoa-ban-no-2026")
    with pytest.raises(services.AccountError, match="phải khác mật khẩu hiện tại"):
        services.change_own_password(leader, old_password=PASSWORD, new_password=PASSWORD)
    services.change_own_password(leader, old_password=PASSWORD, new_password="Hoa-ban-no-2026")
    assert fresh(leader).check_password("Hoa-ban-no-2026")


# --- pages ---------------------------------------------------------------------------------------------


def test_the_user_list_shows_the_people_of_the_ward_with_their_roles(world, client_for):
    html = client_for(world.users["ward_head"]).get("/nguoi-dung/").content.decode()
    assert "leader_group2" in html and "Tổ dân phố số 2" in html and "system_admin" not in html
    assert "city_viewer" not in html
    html = client_for(world.users["ward_head"]).get("/nguoi-dung/", {"q": "LEADER group"}).content.decode()
    assert "2 người dùng" in html


def test_creating_a_user_through_the_form_shows_the_temporary_password_once(world, client_for):
    client = client_for(world.users["ward_head"])
    form = client.get("/nguoi-dung/them/").content.decode()
    assert "Quản trị hệ thống" not in form and "Ban Chỉ đạo cấp trên" not in form  # not grantable
    assert "Phường Him Lam" not in form and "Tổ dân phố số 3 – Phường Đoàn Kết" in form
    response = client.post(
        "/nguoi-dung/them/",
        {
            "username": "totruong3",
            "full_name": "Hoàng Văn Ba",
            "role": "group_leader",
            "unit": world.groups[2].pk,
            "position": "Tổ trưởng",
            "password_mode": "generate",
        },
    )
    html = response.content.decode()
    assert response.status_code == 200 and "no-store" in response["Cache-Control"]
    user = User.objects.get(username="totruong3")
    password = html.split('id="temporary-password">')[1].split("<")[0]
    assert user.check_password(password)
    assert password not in client.get(f"/nguoi-dung/{user.pk}/").content.decode()


def test_the_create_form_explains_what_is_wrong_in_vietnamese(world, client_for):
    client = client_for(world.users["ward_head"])
    html = client.post(
        "/nguoi-dung/them/",
        {
            "username": "",
            "full_name": "",
            "role": "group_leader",
            "unit": world.ward.pk,
            "password_mode": "set",
            "password1": "abc",
            "password2": "abd",
        },
    ).content.decode()
    assert "Tên đăng nhập: Vui lòng nhập tên đăng nhập." in html
    assert "Họ và tên: Vui lòng nhập họ và tên." in html
    assert "chỉ gắn được với cấp: tổ dân phố, thôn, bản" in html
    assert "Hai lần nhập mật khẩu không khớp." in html
    html = client.post(
        "/nguoi-dung/them/",
        {
            "username": "x1",
            "full_name": "A B",
            "role": "group_leader",
            "unit": world.other_group.pk,
            "password_mode": "generate",
        },
    ).content.decode()
    assert "Đơn vị này nằm ngoài phạm vi quản lý của bạn." in html
    assert User.objects.count() == 8


def test_roles_pages_lock_reset_and_history(world, client_for):
    client = client_for(world.users["ward_head"])
    leader = world.users["leader_group2"]
    r = client.post(f"/nguoi-dung/{leader.pk}/giao-vai-tro/", {"role": "group_leader", "unit": world.groups[2].pk})
    assert r.status_code == 302
    m = leader.memberships.get(unit=world.groups[2])
    client.post(f"/nguoi-dung/{leader.pk}/vai-tro/{m.pk}/thu-hoi/")
    assert not Membership.objects.get(pk=m.pk).active
    client.post(f"/nguoi-dung/{leader.pk}/khoa/", {"reason": "Chuyển công tác"})
    assert not fresh(leader).is_active
    client.post(f"/nguoi-dung/{leader.pk}/mo-khoa/")
    assert fresh(leader).is_active
    html = client.post(
        f"/nguoi-dung/{leader.pk}/dat-lai-mat-khau/",
        {"password_mode": "set", "password1": "Nam-2026-mua-xuan", "password2": "Nam-2026-mua-xuan"},
    ).content.decode()
    assert "Mật khẩu bạn vừa đặt đã có hiệu lực" in html and fresh(leader).check_password("Nam-2026-mua-xuan")
    detail = client.get(f"/nguoi-dung/{leader.pk}/").content.decode()
    for label in ("Giao vai trò", "Thu hồi vai trò", "Khóa tài khoản", "Mở khóa tài khoản", "Đặt lại mật khẩu"):
        assert label in detail


def test_my_account_changes_the_password_and_keeps_me_signed_in(world, client_for):
    client = client_for(world.users["leader_group1"])
    html = client.post(
        "/tai-khoan/",
        {"old_password": PASSWORD, "new_password1": "12345678", "new_password2": "12345678"},
    ).content.decode()
    assert "Mật khẩu không được chỉ gồm chữ số." in html
    r = client.post(
        "/tai-khoan/",
        {"old_password": PASSWORD, "new_password1": "Hoa-ban-no-2026", "new_password2": "Hoa-ban-no-2026"},
    )
    assert r.status_code == 302 and client.get("/tai-khoan/").status_code == 200
    assert fresh(world.users["leader_group1"]).check_password("Hoa-ban-no-2026")


def test_the_menu_offers_user_management_to_the_ward_head_and_my_account_to_everyone(world, client_for):
    head = client_for(world.users["ward_head"]).get("/").content.decode()
    assert 'href="/nguoi-dung/"' in head and 'href="/nhat-ky/"' in head and 'href="/tai-khoan/"' in head
    leader = client_for(world.users["leader_group1"]).get("/").content.decode()
    assert 'href="/nguoi-dung/"' not in leader and 'href="/nhat-ky/"' not in leader
    assert 'href="/tai-khoan/"' in leader


def test_the_load_demo_accounts_are_made_through_the_services_and_stay_idempotent(db):
    from io import StringIO

    from django.core.management import call_command

    call_command("load_demo", households=20, stdout=StringIO())
    counts = (User.objects.count(), Membership.objects.count(), AuditEntry.objects.count())
    call_command("load_demo", households=20, stdout=StringIO())
    assert (User.objects.count(), Membership.objects.count(), AuditEntry.objects.count()) == counts
    head = User.objects.get(username="truongban")
    assert head.get_full_name() == "Nguyễn Văn Trưởng (demo)"
    assert AuditEntry.objects.filter(action="accounts.user.created", actor_name="load_demo").count() == 9
    assert User.objects.get(username="quantri").is_superuser
    assert Household.objects.exists()
