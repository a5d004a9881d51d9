"""Helpers for browser tests (Playwright)."""

from __future__ import annotations


def open_menu(page, label: str) -> None:
    """Click a top-bar entry the way a person does: open the phone menu if it is collapsed, and the entry's
    section drop-down when the link sits in one."""
    nav = page.locator("nav.navbar")
    toggler = nav.locator(".navbar-toggler")
    if toggler.is_visible() and toggler.get_attribute("aria-expanded") != "true":
        toggler.click()
    in_section = nav.locator(".dropdown-menu a", has_text=label)
    if in_section.count():
        item = page.locator("a.dropdown-item", has_text=label)  # `has` is matched inside each <li>
        nav.locator("li.dropdown", has=item).first.locator(".dropdown-toggle").click()
        in_section.first.click()
    else:
        nav.get_by_role("link", name=label).first.click()


def open_user_menu(page, name: str, item: str) -> None:
    """Click an entry of the signed-in user's drop-down (under the button with the user's name). On a phone
    the top-bar menu is opened first and its slide-down animation allowed to finish: a tap on the user button
    while the menu is still sliding can be lost."""
    import re

    from playwright.sync_api import expect

    nav = page.locator("nav.navbar")
    toggler = nav.locator(".navbar-toggler")
    if toggler.is_visible() and toggler.get_attribute("aria-expanded") != "true":
        toggler.click()
        expect(page.locator("#menu")).to_have_class(re.compile(r"(^|\s)show(\s|$)"))
        expect(page.locator("#menu")).not_to_have_class(re.compile(r"collapsing"))
    link = page.get_by_role("link", name=item)
    button = nav.get_by_role("button", name=name)
    button.click()
    if not link.is_visible():  # the drop-down did not open (a tap lost during a transition): tap again
        page.wait_for_timeout(300)
        if not link.is_visible():
            button.click()
    link.click()
