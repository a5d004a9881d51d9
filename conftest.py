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
    """The tests marked slow first (stable otherwise): under xdist (scripts/test.sh) the long ones
    start at once on every worker and the short ones fill the gaps, instead of a long one starting last alone.

    Within pytest-django's order, never across it: tests in a transaction first, then the transactional ones (a
    live server, `transactional_db`), whose flush at the end empties the tables that migrations filled (title
    types, checklists); a transaction test run after one of them would find no reference data."""
    items.sort(key=lambda item: (_django_group(item), item.get_closest_marker("slow") is None))
    if os.environ.get("VANHOA_TESTS_DATABASE_ONLY") == "1":
        _deselect_database_free(config, items)


def _deselect_database_free(config, items) -> None:
    """The second run of `make test` (PostgreSQL) keeps only the tests that touch the database: a test without
    `db`, `transactional_db`, `live_server` or a django_db mark cannot open Django's connection (pytest-django
    refuses it), so it would only repeat what the SQLite run already proved. A database-free test that still
    depends on the database settings (a subprocess that inherits DATABASE_URL, say) says so with
    `@pytest.mark.every_database`."""
    keep: list[pytest.Item] = []
    drop: list[pytest.Item] = []
    for item in items:
        free = _django_group(item) == 2 and item.get_closest_marker("every_database") is None
        (drop if free else keep).append(item)
    if drop:
        config.hook.pytest_deselected(items=drop)
        items[:] = keep


def _django_group(item) -> int:
    """pytest-django's own grouping (pytest_django.plugin.pytest_collection_modifyitems): 0 in a transaction,
    1 transactional, 2 no database."""
    from django.test import TestCase, TransactionTestCase

    cls = getattr(item, "cls", None)
    if cls and issubclass(cls, TransactionTestCase):
        return 0 if issubclass(cls, TestCase) else 1
    fixtures = getattr(item, "fixturenames", ())
    marker = item.get_closest_marker("django_db")
    transactional = bool(marker and (marker.kwargs.get("transaction") or marker.kwargs.get("reset_sequences")))
    if transactional or "transactional_db" in fixtures or "live_server" in fixtures:
        return 1
    return 0 if marker or "db" in fixtures else 2


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
