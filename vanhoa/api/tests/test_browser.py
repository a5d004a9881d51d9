import json
import urllib.request

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


def test_ward_head_creates_a_token_uses_it_then_revokes_it(live_world, login, live_server):
    live_world.household(live_world.groups[0], "Nguyễn Văn Đức")
    page = login("ward_head")
    page.get_by_role("button", name="ward_head").click()
    page.get_by_role("link", name="Khóa truy cập API").click()
    page.get_by_label("Tên gợi nhớ của khóa mới").fill("Cổng thông tin thành phố")
    page.get_by_role("button", name="Tạo khóa").click()
    expect(page.locator("#new-token-box")).to_contain_text("lần duy nhất")
    raw = page.locator("#new-token").input_value()
    page.screenshot(path="var/screenshots/api-token-created.png", full_page=True)

    def call() -> int:
        request = urllib.request.Request(
            live_server.url + "/api/v1/households", headers={"Authorization": f"Bearer {raw}"}
        )
        try:
            with urllib.request.urlopen(request) as response:
                assert json.load(response)["items"][0]["head_name"] == "Nguyễn Văn Đức"
                return response.status
        except urllib.error.HTTPError as exc:
            return exc.code

    assert call() == 200
    page.reload()
    expect(page.locator("#new-token")).to_have_count(0)
    page.get_by_text("Thu hồi", exact=True).click()
    page.get_by_role("button", name="Xác nhận thu hồi «Cổng thông tin thành phố»").click()
    expect(page.get_by_role("alert")).to_contain_text("Đã thu hồi khóa «Cổng thông tin thành phố»")
    expect(page.locator("#tokens")).to_contain_text("Đã thu hồi")
    page.screenshot(path="var/screenshots/api-token-revoked.png", full_page=True)
    assert call() == 401


def test_the_api_docs_page_renders_under_our_content_security_policy(live_world, page, live_server):
    errors = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.goto(live_server.url + "/api/v1/docs")
    expect(page.get_by_text("vanhoa API").first).to_be_visible()
    expect(page.get_by_text("/api/v1/households").first).to_be_visible()
    page.screenshot(path="var/screenshots/api-docs.png")
    assert not [e for e in errors if "Content Security Policy" in e]
