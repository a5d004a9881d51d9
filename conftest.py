"""Shared fixtures: the test world with its personas, and Playwright driving Debian's Chromium."""

from __future__ import annotations

import os

import pytest

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--headless",
    "--disable-gpu",
    "--disable-quic",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def pytest_collection_modifyitems(config, items):
    """The tests marked slow first (stable otherwise): under xdist (scripts/test.sh: --dist worksteal) the long ones
    start at once on every worker and the short ones fill the gaps, instead of a long one starting last alone."""
    items.sort(key=lambda item: item.get_closest_marker("slow") is None)


@pytest.fixture
def world(db):
    from vanhoa.testing.world import build_world

    return build_world()


@pytest.fixture
def live_world(transactional_db):
    from vanhoa.testing.world import build_world

    return build_world()


@pytest.fixture
def page(page):
    """Playwright's page with generous timeouts: CI machines are small and sometimes busy."""
    from playwright.sync_api import expect

    expect.set_options(timeout=15_000)
    page.set_default_timeout(20_000)
    return page


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {**browser_type_launch_args, "executable_path": "/usr/bin/chromium", "args": CHROMIUM_ARGS}


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    return {**browser_context_args, "locale": "vi-VN", "timezone_id": "Asia/Ho_Chi_Minh"}


@pytest.fixture
def login(page, live_server):
    """login(persona, phone=False): sign a persona in through the real login form."""
    from vanhoa.testing.world import PASSWORD

    def do(username: str, phone: bool = False):
        if phone:
            page.set_viewport_size({"width": 390, "height": 844})
        page.goto(live_server.url + "/dang-nhap/")
        page.get_by_label("Tên đăng nhập").fill(username)
        page.get_by_label("Mật khẩu").fill(PASSWORD)
        page.get_by_role("button", name="Đăng nhập").click()
        page.wait_for_url(lambda url: "/dang-nhap/" not in url)
        return page

    return do


@pytest.fixture
def client_for(client):
    """client_for(user): the Django test client signed in as `user` (None = anonymous)."""

    def do(user):
        client.logout()
        if user is not None:
            client.force_login(user)
        return client

    return do


@pytest.fixture
def menu(page):
    """menu(label): go to a page through the top bar (see open_menu)."""
    from vanhoa.testing.browser import open_menu

    return lambda label: open_menu(page, label)
