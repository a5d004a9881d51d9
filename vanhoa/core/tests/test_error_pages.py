"""Refused, missing and failing pages answer in Vietnamese with the menu, never with Django's technical page,
unless a developer asks for it with DJANGO_DEBUG=1."""

import subprocess
import sys
from pathlib import Path

import pytest
from django.test import Client, override_settings
from django.urls import path

from vanhoa.core import errors

ROOT = Path(__file__).resolve().parents[3]
pytestmark = pytest.mark.django_db


def boom(request):
    raise RuntimeError("failure for the test")


urlpatterns = [path("loi/", boom)]


def _urls_with_boom():
    from config import urls as root

    class Conf:
        pass

    conf = Conf()
    conf.urlpatterns = [*root.urlpatterns, *urlpatterns]
    for name in ("handler400", "handler403", "handler404", "handler500"):
        setattr(conf, name, getattr(root, name))
    return conf


def test_a_failing_page_answers_500_in_vietnamese_with_the_menu(world):
    client = Client(raise_request_exception=False)
    client.force_login(world.users["ward_head"])
    with override_settings(ROOT_URLCONF=_urls_with_boom()):
        response = client.get("/loi/")
    html = response.content.decode()
    assert response.status_code == 500
    assert "Hệ thống gặp lỗi khi xử lý yêu cầu" in html and 'id="menu"' in html
    assert "Traceback" not in html and "RuntimeError" not in html


def test_a_stale_form_answers_in_vietnamese_with_the_menu_not_the_csrf_technical_page(world):
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.users["ward_head"])
    response = client.post("/nam-lam-viec/", {"year": "2024"})
    html = response.content.decode()
    assert response.status_code == 403
    assert "Phiên làm việc đã hết hạn hoặc biểu mẫu đã cũ" in html and 'id="menu"' in html
    assert "CSRF verification failed" not in html and "Forbidden" not in html


def test_an_unknown_address_answers_404_for_anonymous_and_signed_in(world, client_for):
    assert "Không tìm thấy trang" in Client().get("/khong-co/").content.decode()
    html = client_for(world.users["front_officer"]).get("/khong-co/").content.decode()
    assert "Không tìm thấy trang" in html and 'id="menu"' in html
    assert "Using the URLconf" not in html


def test_the_view_s_own_vietnamese_reason_is_shown_but_not_django_s_english_one():
    assert errors._detail(PermissionError("Chỉ quản trị hệ thống được thiết lập xã, phường mới.")).startswith("Chỉ")
    assert errors._detail(Exception({"path": "/x/"})) == ""
    assert errors._detail(Exception("No Household matches the given query.")) == ""


@pytest.mark.parametrize(("env", "debug"), [({}, "False"), ({"DJANGO_DEBUG": "1"}, "True")])
def test_debug_is_off_unless_a_developer_asks_for_it(env, debug):
    import os

    clean = {k: v for k, v in os.environ.items() if k not in ("DJANGO_DEBUG", "VANHOA_ENV")}
    code = "import django; django.setup(); from django.conf import settings; print(settings.DEBUG)"
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env={**clean, "DJANGO_SETTINGS_MODULE": "config.settings", **env},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.stdout.strip() == debug, result.stderr
