"""An empty installation leads its first visitor to create the administrator, then through the wizard: the
commune from the catalogue, its groups, its households, its accounts with a printable sheet."""

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import Client

from vanhoa.accounts.models import Membership
from vanhoa.accounts.permissions import Role
from vanhoa.core.models import AuditEntry
from vanhoa.setup import services
from vanhoa.units.models import Unit

pytestmark = pytest.mark.django_db
User = get_user_model()


def test_the_first_visit_of_an_empty_installation_creates_the_administrator():
    client = Client()
    assert client.get("/").url == "/cai-dat/bat-dau/"
    assert client.get("/dang-nhap/").url == "/cai-dat/bat-dau/"
    page = client.get("/cai-dat/bat-dau/").content.decode()
    assert "Hệ thống chưa có tài khoản nào" in page
    response = client.post(
        "/cai-dat/bat-dau/",
        {
            "full_name": "Nông Văn Quản",
            "username": "quantri",
            "password": "Coc-Pang-2026",
            "password2": "Coc-Pang-2026",
        },
    )
    assert response.url == "/cai-dat/"
    admin = User.objects.get(username="quantri")
    assert admin.is_superuser and Membership.objects.filter(user=admin, role=Role.SYSTEM_ADMIN, unit=None).exists()
    assert AuditEntry.objects.filter(action="accounts.user.created").count() == 1
    home = client.get("/").content.decode()
    assert "Bắt đầu cài đặt" in home and "liên hệ quản trị viên" not in home
    # Once an account exists the page is closed: nobody else becomes administrator this way.
    other = Client()
    assert other.get("/cai-dat/bat-dau/").url == "/dang-nhap/"
    other.post("/cai-dat/bat-dau/", {"full_name": "X", "username": "x", "password": "a", "password2": "a"})
    assert User.objects.count() == 1
    assert other.get("/dang-nhap/").status_code == 200


def test_mismatched_passwords_say_which_field():
    page = Client().post(
        "/cai-dat/bat-dau/", {"full_name": "A", "username": "quantri", "password": "Coc-Pang-2026", "password2": "x"}
    )
    assert "Nhập lại mật khẩu: hai lần nhập không giống nhau." in page.content.decode()
    assert not User.objects.exists()


def test_createadmin_makes_the_administrator_for_scripted_installs(capsys, monkeypatch):
    monkeypatch.setenv("VANHOA_ADMIN_PASSWORD", "Coc-Pang-2026")
    call_command("createadmin", "quantri", "--full-name", "Nông Văn Quản")
    admin = User.objects.get(username="quantri")
    assert admin.check_password("Coc-Pang-2026") and admin.is_superuser
    assert "quantri" in capsys.readouterr().out


def test_pasted_names_become_groups_of_the_right_kind():
    parsed = services.parse_group_names("1. Thôn Nà Nọi\n- Bản Khau Pàn\n\nCốc Pàng\n3\nthôn nà nọi", "Thôn")
    assert parsed == [("Thôn", "Thôn Nà Nọi"), ("Bản", "Bản Khau Pàn"), ("Thôn", "Thôn Cốc Pàng"), ("Thôn", "Thôn 3")]
    assert services.parse_group_names("5", "Tổ dân phố") == [("Tổ dân phố", "Tổ dân phố số 5")]


def test_the_wizard_sets_up_a_xa_its_groups_and_accounts_with_a_sheet_to_print():
    admin = services.create_first_admin(username="quantri", full_name="Nông Văn Quản", password="Coc-Pang-2026")
    client = Client()
    client.force_login(admin)
    found = client.get("/cai-dat/xa-phuong/", {"q": "Cốc Pàng Cao Bằng", "scheme": "2025"}).content.decode()
    assert "Xã Cốc Pàng, Tỉnh Cao Bằng" in found and "Xã Đức Hạnh" in found  # its predecessors are shown
    assert client.post("/cai-dat/xa-phuong/", {"scheme": "2025", "code": "01324"}).url == "/cai-dat/thon-to/"
    xa = Unit.objects.get(code_scheme="2025", code="01324")
    page = client.get("/cai-dat/thon-to/").content.decode()
    assert "Thêm các thôn của Xã Cốc Pàng" in page
    client.post("/cai-dat/thon-to/", {"default_type": "Thôn", "names": "Nà Nọi\nBản Khau Pàn\nThôn Cốc Pàng"})
    assert sorted(xa.children.values_list("name", flat=True)) == ["Bản Khau Pàn", "Thôn Cốc Pàng", "Thôn Nà Nọi"]
    form = client.get("/cai-dat/tai-khoan/").content.decode()
    assert "Trưởng ban Chỉ đạo xã" in form and "Trưởng bản" in form
    ban = xa.children.get(name="Bản Khau Pàn")
    sheet = client.post(
        "/cai-dat/tai-khoan/", {"ward_head": "Hoàng Thị Mai", f"leader_{ban.pk}": "Lý Văn Páo"}
    ).content.decode()
    assert "<svg" in sheet and "http://testserver/dang-nhap/" in sheet
    assert "mai.ht" in sheet and "pao.lv" in sheet and "Trưởng bản / Ban công tác Mặt trận bản" in sheet
    leader = User.objects.get(username="pao.lv")
    assert Membership.objects.filter(user=leader, unit=ban, role=Role.GROUP_LEADER).exists()
    steps = client.get("/cai-dat/").content.decode()
    assert steps.count("Xong") == 3  # commune, groups, accounts; households still to do


def test_the_catalogue_and_the_set_up_steps_are_linked_from_the_menu_and_the_django_admin():
    admin = services.create_first_admin(username="quantri", full_name="Nông Văn Quản", password="Coc-Pang-2026")
    client = Client()
    client.force_login(admin)
    home = client.get("/").content.decode()
    assert 'href="/cai-dat/"' in home  # the menu entry "Cài đặt ban đầu"
    admin_index = client.get("/quan-tri-he-thong/").content.decode()
    assert 'href="/cai-dat/"' in admin_index and 'href="/don-vi/danh-muc/"' in admin_index
