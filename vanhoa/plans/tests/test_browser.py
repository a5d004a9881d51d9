"""Real Chromium: an officer records progress with a note and a photo and sees it on the timeline; a group leader
checks this month's work on a phone (390×844) and reports their group's part."""

from pathlib import Path

import pytest
from playwright.sync_api import expect

from vanhoa.testing.browser import open_menu

from .conftest import demo_context, jpeg_bytes

pytestmark = pytest.mark.browser
SHOTS = Path(__file__).resolve().parents[3] / "var" / "screenshots"


@pytest.fixture
def live_plan(live_world, media, today):
    from vanhoa.plans import demo

    ctx = demo_context(live_world)
    return demo.load_current(ctx, demo.load_2020(ctx))


def test_officer_marks_an_activity_done_with_a_note_and_a_photo_and_the_timeline_shows_it(live_plan, login):
    SHOTS.mkdir(parents=True, exist_ok=True)
    page = login("front_officer")
    open_menu(page, "Kế hoạch")
    page.get_by_role("link", name="Số: 03/KH-BCĐ").click()
    page.get_by_role("link", name="Tiến độ theo tháng").click()
    festival = page.locator(".tl-row", has_text="Triển khai tổ chức các hoạt động Ngày hội")
    expect(festival).to_have_attribute("data-status", "in_progress")
    festival.get_by_role("link").click()

    page.get_by_label("Trạng thái").select_option(label="Hoàn thành")
    page.get_by_label("Ngày").fill("26/11/2026")
    page.get_by_label("Ghi nhận tiến độ").fill("8/8 tổ dân phố đã tổ chức Ngày hội; 1.150 người tham gia.")
    page.get_by_label("Ảnh, biên bản đính kèm").set_input_files(
        [{"name": "ngay-hoi-to-1.jpg", "mimeType": "image/jpeg", "buffer": jpeg_bytes()}]
    )
    page.get_by_role("button", name="Cập nhật tiến độ").click()

    expect(page.get_by_role("alert").first).to_contain_text("Đã cập nhật tiến độ.")
    expect(page.locator("#activity-status")).to_have_text("Hoàn thành")
    expect(page.locator("#completed-on")).to_have_text("26/11/2026")
    expect(page.locator("#notes")).to_contain_text("1.150 người tham gia")
    expect(page.locator("#notes")).to_contain_text("Đang thực hiện → Hoàn thành")
    expect(page.locator("#notes").get_by_role("link", name="ngay-hoi-to-1.jpg")).to_be_visible()
    expect(page.locator("#photos img")).to_have_count(1)
    page.screenshot(path=str(SHOTS / "plans-activity-done.png"), full_page=True)

    page.get_by_role("link", name="Tiến độ").first.click()
    festival = page.locator(".tl-row", has_text="Triển khai tổ chức các hoạt động Ngày hội")
    expect(festival).to_have_attribute("data-status", "done")
    expect(festival.locator(".tl-cell.tl-done")).to_have_count(1)
    expect(festival.locator(".tl-cell.tl-done")).to_have_attribute("title", "Tháng 11: Hoàn thành")
    expect(page.locator("#progress-summary")).to_contain_text("6/9 hoạt động hoàn thành")
    page.screenshot(path=str(SHOTS / "plans-timeline.png"), full_page=True)


def test_group_leader_checks_this_months_work_on_a_phone_and_reports_their_part(live_plan, login):
    SHOTS.mkdir(parents=True, exist_ok=True)
    page = login("leader_group1", phone=True)
    page.get_by_role("button", name="Mở menu").click()
    page.get_by_role("link", name="Việc tháng này").click()
    expect(page.get_by_role("heading", name="Việc cần làm tháng 11/2026")).to_be_visible()
    items = page.locator("#due [data-testid=todo-item]")
    expect(items).to_have_count(2)
    festival = items.filter(has_text="Ngày hội Đại đoàn kết")
    expect(festival).to_contain_text("Phối hợp")
    expect(page.get_by_text("Kiểm tra cơ quan đơn vị")).to_have_count(0)
    assert page.evaluate("document.documentElement.scrollWidth") <= 390  # nothing wider than the phone
    page.screenshot(path=str(SHOTS / "plans-todo-phone.png"), full_page=True)

    festival.get_by_role("link", name="Cập nhật tiến độ").click()
    expect(page.get_by_label("Trạng thái")).to_have_count(0)  # the lead unit sets the status
    page.get_by_label("Ghi nhận tiến độ").fill("Tổ 1 đã tổ chức Ngày hội tối 16/11, 120 hộ tham gia.")
    page.get_by_label("Ảnh, biên bản đính kèm").set_input_files(
        [{"name": "to1.jpg", "mimeType": "image/jpeg", "buffer": jpeg_bytes()}]
    )
    page.get_by_role("button", name="Cập nhật tiến độ").click()
    expect(page.locator("#notes")).to_contain_text("Tổ 1 đã tổ chức Ngày hội tối 16/11")
    expect(page.locator("#activity-status")).to_have_text("Đang thực hiện")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.screenshot(path=str(SHOTS / "plans-report-phone.png"), full_page=True)

    page.goto(page.url.split("/ke-hoach/")[0] + f"/ke-hoach/{live_plan.pk}/tien-do/")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    expect(page.locator(".tl-row[data-status=overdue]")).to_have_count(1)
    page.screenshot(path=str(SHOTS / "plans-timeline-phone.png"), full_page=True)
