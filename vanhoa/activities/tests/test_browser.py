"""Real Chromium: an officer records an inspection with a failed criterion and flags the title; an officer records a
donation and an expense and sees the balance; a group leader records their group's 18/11 festival with a photo
on a phone (390×844)."""

from pathlib import Path

import pytest
from playwright.sync_api import expect

from vanhoa.activities import hooks
from vanhoa.testing.browser import open_menu

from .conftest import jpeg_bytes

pytestmark = pytest.mark.browser
SHOTS = Path(__file__).resolve().parents[3] / "var" / "screenshots"
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def shots():
    SHOTS.mkdir(parents=True, exist_ok=True)
    return SHOTS


def test_officer_records_an_inspection_with_a_failed_criterion_and_the_title_is_flagged(live_world, login, today,
                                                                                       media, shots):
    flagged = []
    hooks.on_title_flag.append(lambda flag, actor: flagged.append((flag.subject.name, flag.consequence)))
    try:
        page = login("front_officer")
        open_menu(page, "Hoạt động")
        page.get_by_role("link", name="Kiểm tra, giám sát").click()
        page.get_by_role("link", name="Kiểm tra tổ dân phố").click()
        page.get_by_label("Ngày kiểm tra (dự kiến)").fill("12/08/2026")
        page.get_by_label("Tổ dân phố được kiểm tra").select_option(label="Tổ dân phố số 3")
        page.get_by_label("Nội dung kiểm tra").fill("Kiểm tra việc thực hiện phong trào tại tổ dân phố số 3")
        page.get_by_label("Thành viên đoàn kiểm tra").fill(
            "Nguyễn Thị Hoa – Chủ tịch Ủy ban MTTQ phường\nLò Văn Minh – Công chức Văn hóa - Xã hội")
        page.get_by_role("button", name="Lưu").click()
        expect(page.get_by_role("alert").first).to_contain_text("Đã lập kế hoạch Kiểm tra Tổ dân phố số 3")
        expect(page.locator("#inspection-status")).to_have_text("Đã lên kế hoạch")

        page.get_by_role("link", name="Ghi kết quả kiểm tra").click()
        for code in ("I", "II", "IV", "V"):
            page.get_by_test_id(f"criterion-{code}").get_by_label("Đạt", exact=True).check()
        failed = page.get_by_test_id("criterion-III")
        failed.get_by_label("Không đạt").check()
        page.get_by_role("button", name="Lưu kết quả").click()
        expect(failed.get_by_role("alert")).to_contain_text("Nhận xét: Không đạt: hãy ghi rõ vì sao.")
        failed.get_by_label("Nhận xét").fill("Điểm tập kết rác chưa đúng nơi quy định.")
        failed.get_by_label("Yêu cầu khắc phục").fill("Di chuyển điểm tập kết rác, tổng vệ sinh hằng tuần")
        failed.get_by_label("Thời hạn khắc phục").fill("11/09/2026")
        failed.get_by_label("Tệp minh chứng").set_input_files(
            [{"name": "diem-rac.jpg", "mimeType": "image/jpeg", "buffer": jpeg_bytes()}])
        page.get_by_label("Kết luận").fill("Cơ bản thực hiện tốt; tiêu chuẩn III chưa đạt.")
        page.get_by_role("button", name="Lưu kết quả").click()
        expect(page.locator("#inspection-status")).to_have_text("Đã kiểm tra")
        row = page.locator("#findings tr[data-result=fail]")
        expect(row).to_contain_text("III Môi trường an toàn, thân thiện, cảnh quan sạch đẹp")
        expect(row).to_contain_text("hạn 11/09/2026")
        expect(row.get_by_role("link", name="diem-rac.jpg")).to_be_visible()

        row.get_by_role("link", name="Cảnh báo danh hiệu").click()
        page.get_by_label("Không xét danh hiệu năm nay").check()
        page.get_by_label("Lý do").fill("Tiêu chuẩn III chưa đạt; chờ kết quả khắc phục trước khi bình xét.")
        page.get_by_role("button", name="Lưu").click()
        flags = page.get_by_test_id("title-flags")
        expect(flags).to_contain_text("Không xét danh hiệu năm nay – Tổ dân phố số 3, năm 2026")
        expect(page.locator("#findings")).to_contain_text("Không xét danh hiệu năm nay: Tổ dân phố số 3 (2026)")
        page.screenshot(path=str(shots / "activities-inspection-flagged.png"), full_page=True)
        assert flagged == [("Tổ dân phố số 3", "block")]

        page.goto(page.url.split("/hoat-dong/")[0] + f"/don-vi/{live_world.groups[2].pk}/")
        expect(page.get_by_test_id("title-flags")).to_contain_text("Tiêu chuẩn III chưa đạt")
    finally:
        hooks.on_title_flag.clear()


def test_officer_records_a_donation_and_an_expense_and_sees_the_balance(live_world, login, today, media, shots):
    page = login("culture_officer")
    open_menu(page, "Kinh phí")
    expect(page.get_by_test_id("remaining-donation")).to_have_text("0 đ")
    page.get_by_role("link", name="Ủng hộ").click()
    page.get_by_label("Người, đơn vị ủng hộ").fill("Công ty TNHH Minh Phát")
    page.get_by_label("Cơ quan, doanh nghiệp, tổ chức").check()
    page.get_by_label("Số tiền / giá trị ước tính").fill("5.000.000")
    page.get_by_label("Ngày nhận").fill("10/11/2026")
    page.get_by_label("Số biên nhận").fill("BN-01")
    page.get_by_role("button", name="Lưu").click()
    expect(page.get_by_role("alert").first).to_contain_text("Đã ghi nhận khoản ủng hộ.")
    expect(page.get_by_test_id("remaining-donation")).to_have_text("5.000.000 đ")

    page.get_by_role("link", name="Khoản chi").click()
    page.get_by_label("Ngày chi").fill("18/11/2026")
    page.get_by_label("Nội dung chi").fill("Quà biểu dương gia đình văn hóa tiêu biểu")
    page.get_by_label("Số tiền").fill("6.000.000")
    page.get_by_label("Xã hội hóa").check()
    page.get_by_label("Chứng từ (hóa đơn, phiếu chi, danh sách nhận tiền)").set_input_files(
        [{"name": "phieu-chi.pdf", "mimeType": "application/pdf", "buffer": PDF}])
    page.get_by_role("button", name="Lưu").click()
    expect(page.get_by_role("alert").first).to_contain_text(
        "6.000.000 đ vượt số dư nguồn xã hội hóa năm 2026 còn được chi (5.000.000 đ, thiếu 1.000.000 đ)")
    page.get_by_label("Số tiền").fill("1.200.000")
    page.get_by_label("Chứng từ (hóa đơn, phiếu chi, danh sách nhận tiền)").set_input_files(
        [{"name": "phieu-chi.pdf", "mimeType": "application/pdf", "buffer": PDF}])
    page.get_by_role("button", name="Lưu").click()
    expect(page.locator("#expense-amount")).to_have_text("1.200.000 đ")
    expect(page.locator("#vouchers").get_by_role("link", name="phieu-chi.pdf")).to_be_visible()
    expect(page.locator("#balance-after")).to_contain_text("xã hội hóa 3.800.000 đ")
    page.get_by_role("link", name="Kinh phí năm 2026").click()
    expect(page.get_by_test_id("remaining-donation")).to_have_text("3.800.000 đ")
    expect(page.locator("#expenses")).to_contain_text("Quà biểu dương gia đình văn hóa tiêu biểu")
    page.screenshot(path=str(shots / "activities-funding.png"), full_page=True)


def test_group_leader_records_their_groups_festival_with_a_photo_on_a_phone(live_world, login, today, media, shots):
    page = login("leader_group1", phone=True)
    open_menu(page, "Hoạt động")
    page.get_by_role("link", name="Ngày hội 18/11", exact=True).click()
    rows = page.locator("#festivals tbody tr")
    expect(rows).to_have_count(1)  # only their own group
    expect(rows.first).to_contain_text("Chưa báo cáo")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.screenshot(path=str(shots / "activities-festival-list-phone.png"), full_page=True)
    rows.first.get_by_role("link", name="Ghi nhận").click()
    expect(page.get_by_role("heading", name="Ngày hội Đại đoàn kết 2026 – Tổ dân phố số 1")).to_be_visible()
    page.get_by_label("Đã tổ chức").check()
    page.get_by_label("Ngày tổ chức").fill("16/11/2026")
    page.get_by_label("Địa điểm").fill("Nhà văn hóa tổ dân phố số 1")
    page.get_by_label("Số người tham gia").fill("150")
    page.get_by_label("Số hộ tham dự").fill("112")
    page.get_by_label("Các hoạt động").fill("Văn nghệ\nBiểu dương gia đình văn hóa tiêu biểu")
    page.get_by_label("Khen thưởng tại ngày hội").fill("Hộ ông Lò Văn Páo – Ủy ban MTTQ phường")
    page.get_by_label("Ảnh ngày hội").set_input_files(
        [{"name": "ngay-hoi-to-1.jpg", "mimeType": "image/jpeg", "buffer": jpeg_bytes()}])
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.screenshot(path=str(shots / "activities-festival-form-phone.png"), full_page=True)
    page.get_by_role("button", name="Lưu").click()
    expect(page.get_by_role("alert").first).to_contain_text("Đã ghi nhận Ngày hội Đại đoàn kết 2026 – Tổ dân phố số 1")
    expect(page.locator("#festival-people")).to_have_text("150 người, 112 hộ")
    expect(page.locator("#photos img")).to_have_count(1)
    expect(page.locator("#festival")).to_contain_text("Hộ ông Lò Văn Páo – Ủy ban MTTQ phường")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.screenshot(path=str(shots / "activities-festival-phone.png"), full_page=True)
    page.get_by_role("link", name="Ngày hội 2026").click()
    expect(page.locator("#festivals tbody tr").first).to_have_attribute("data-status", "held")
