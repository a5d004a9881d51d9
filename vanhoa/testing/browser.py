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
