"""The first day with the system, in Chromium: upload the ward's list, fix the rejected row, commit, watch."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from vanhoa.imports.tests.sheets import xlsx
from vanhoa.registry.models import Household
from vanhoa.testing.browser import open_menu

pytestmark = pytest.mark.browser

ROWS = [
    [1, "QT-001", "Lò Văn Páo", "Tổ 1", "Số 3, bản Nà Nọi", 4, "0912345678", "15/03/2019"],
    [2, None, "Đỗ Thị Dung", "TDP số 2", "Số 8 Trần Phú", 3, None, None],
    [3, None, "Vàng A Sáng", "Tổ 9", "Số 1 Lê Duẩn", 5, None, None],  # row 6: no Tổ 9 in this ward
]


def file(rows, name="danh-sach-ho.xlsx"):
    return {"name": name, "mimeType": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            "buffer": xlsx(rows)}  # fmt: skip


def run_worker():
    """What `manage.py db_worker` does in the background, done here once."""
    call_command("db_worker", "--batch", "--no-startup-delay", "--interval", "0", verbosity=0)


def test_officer_imports_the_ward_list_fixes_a_rejected_row_commits_and_watches_progress(
    live_world, login, settings
):
    # files go through the database task queue, as on the ward's server
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    settings.VANHOA_IMPORT_INLINE_MAX_BYTES = 0
    page = login("front_officer")
    page.on("dialog", lambda dialog: dialog.accept())
    open_menu(page, "Nhập Excel")
    expect(page.get_by_role("heading", name="Nhập dữ liệu từ Excel")).to_be_visible()

    # the first upload has a row with a group that does not exist
    page.get_by_label("Tệp Excel").set_input_files(file(ROWS))
    page.get_by_role("button", name="Tải lên và xem trước").click()
    expect(page.locator("#progress")).to_contain_text("Đang đọc tệp")
    run_worker()
    expect(page.locator("#rejected-table")).to_contain_text("Không tìm thấy tổ dân phố «Tổ 9»", timeout=10_000)
    expect(page.locator("#rejected-table")).to_contain_text("Dòng 6")
    expect(page.get_by_test_id("count-rejected")).to_have_text("1")
    expect(page.get_by_role("button", name="Ghi vào sổ")).to_have_count(0)
    page.screenshot(path="var/screenshots/import-rejected.png", full_page=True)

    # the corrected file
    fixed = [*ROWS[:2], [3, None, "Vàng A Sáng", "Tổ 3", "Số 1 Lê Duẩn", 5, None, None]]
    page.get_by_label("Tệp đã sửa").set_input_files(file(fixed, "danh-sach-ho-da-sua.xlsx"))
    page.get_by_role("button", name="Tải lên và xem trước").click()
    run_worker()
    expect(page.get_by_test_id("count-created")).to_have_text("3", timeout=10_000)
    expect(page.get_by_test_id("count-rejected")).to_have_text("0")
    expect(page.locator("#created-table")).to_contain_text("Vàng A Sáng")
    page.screenshot(path="var/screenshots/import-preview.png", full_page=True)

    # commit, and watch it run in the background
    page.get_by_role("button", name="Ghi vào sổ").click()
    expect(page.locator("#progress")).to_contain_text("Đang chờ ghi")
    page.screenshot(path="var/screenshots/import-progress.png", full_page=True)
    assert Household.objects.count() == 0
    run_worker()
    expect(page.locator("#job-result")).to_contain_text("Đã ghi vào sổ", timeout=10_000)
    expect(page.locator("#job-result")).to_contain_text("thêm 3, cập nhật 0, 0 không đổi")
    page.screenshot(path="var/screenshots/import-committed.png", full_page=True)

    # the households are in the list
    page.get_by_role("link", name="Xem danh sách hộ gia đình").click()
    expect(page.locator("#result-count")).to_have_text("3 hộ")
    expect(page.get_by_role("link", name="Vàng A Sáng")).to_be_visible()
    assert Household.objects.get(head_name="Vàng A Sáng").group == live_world.groups[2]
    page.screenshot(path="var/screenshots/import-households-list.png", full_page=True)
    # the record of both uploads stays
    open_menu(page, "Nhập Excel")
    expect(page.locator("#jobs tbody tr")).to_have_count(2)
    expect(page.locator("#jobs")).to_contain_text("Đã ghi vào sổ")
    expect(page.locator("#jobs")).to_contain_text("Có dòng lỗi, chưa ghi")
    page.screenshot(path="var/screenshots/import-list.png", full_page=True)


def test_a_group_leader_on_a_phone_has_no_import_menu_but_can_export_their_group(live_world, login):
    live_world.household(live_world.groups[0], "Lò Văn Páo")
    page = login("leader_group1", phone=True)
    page.get_by_role("button", name="Mở menu").click()
    expect(page.get_by_role("link", name="Nhập Excel")).to_have_count(0)
    open_menu(page, "Hộ gia đình")
    with page.expect_download() as download:
        page.get_by_role("link", name="Xuất Excel").click()
    name = download.value.suggested_filename
    assert name.startswith("ho-gia-dinh-doan-ket-") and name.endswith(".xlsx")


def test_officer_imports_a_years_registrations_and_results_from_the_prefilled_template(live_world, login, tmp_path):
    from datetime import date

    from openpyxl import load_workbook

    from vanhoa.titles.models import Candidacy, ReviewMeeting
    from vanhoa.titles.rules_data import load_rules

    load_rules()  # the shipped rules (a data migration) are flushed by other browser tests
    g1, g2, _g3 = live_world.groups
    for name, group in (("Lò Văn Páo", g1), ("Đỗ Thị Dung", g1), ("Vàng A Sáng", g2)):
        live_world.household(group, name, since=date(2015, 1, 1))
    page = login("front_officer")
    open_menu(page, "Nhập Excel")
    options = page.locator("#options-registrations")
    expect(options).to_be_hidden()  # only the chosen kind's options are shown
    page.get_by_label("Loại dữ liệu").select_option(label="Đăng ký và kết quả bình xét Gia đình văn hóa")
    expect(options).to_be_visible()
    page.get_by_label("Năm xét danh hiệu").fill("2025")
    page.get_by_label("Ngày đăng ký (cho các dòng không ghi ngày)").fill("15/02/2025")
    page.screenshot(path="var/screenshots/import-registrations-upload.png", full_page=True)

    # the template already lists the households, group by group
    with page.expect_download() as download:
        page.get_by_role("link", name="Tải tệp mẫu: đăng ký và kết quả bình xét gia đình văn hóa").click()
    template = tmp_path / download.value.suggested_filename
    download.value.save_as(template)
    assert template.name == "mau-dang-ky-va-binh-xet-gia-dinh-van-hoa-doan-ket-2025.xlsx"
    book = load_workbook(template)
    ws = book.active
    assert [ws.cell(r, 3).value for r in range(5, 8)] == ["Đỗ Thị Dung", "Lò Văn Páo", "Vàng A Sáng"]
    for r in range(5, 8):
        ws.cell(r, 6, "x")
    ws.cell(5, 8, "Đạt")
    ws.cell(6, 8, "Không đạt")  # row 6: no reason written yet
    path = tmp_path / "dang-ky-2025.xlsx"
    book.save(path)

    page.get_by_label("Tệp Excel").set_input_files(str(path))
    page.get_by_role("button", name="Tải lên và xem trước").click()
    expect(page.locator("#rejected-table")).to_contain_text("Dòng 6")
    expect(page.locator("#rejected-table")).to_contain_text("Không đạt thì cần ghi lý do (cột «Lý do không đạt»)")
    expect(page.get_by_text("Gia đình văn hóa năm 2025, ngày đăng ký mặc định 15/02/2025")).to_be_visible()
    page.screenshot(path="var/screenshots/import-registrations-rejected.png", full_page=True)

    # the corrected file, uploaded from the same page, keeps the year and the date
    ws.cell(6, 10, "Chưa hoàn thành nghĩa vụ đóng góp quỹ tổ")
    book.save(path)
    page.get_by_label("Tệp đã sửa").set_input_files(str(path))
    page.get_by_role("button", name="Tải lên và xem trước").click()
    expect(page.get_by_test_id("count-created")).to_have_text("3")
    expect(page.get_by_test_id("count-rejected")).to_have_text("0")
    expect(page.locator("#groups-table")).to_contain_text("Tổ dân phố số 1")
    expect(page.locator("#minutes-note")).to_contain_text("2 kết quả bình xét sẽ được ghi")
    page.screenshot(path="var/screenshots/import-registrations-preview.png", full_page=True)
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Ghi vào sổ").click()
    expect(page.locator("#job-result")).to_contain_text("đăng ký 3, ghi kết quả 2, 0 không đổi")
    page.screenshot(path="var/screenshots/import-registrations-committed.png", full_page=True)
    assert Candidacy.objects.filter(year=2025, registered_on=date(2025, 2, 15)).count() == 3

    # the group's draft minutes hold the imported lines, for the leader to complete and close
    page.locator("#groups-table").get_by_role("link", name="Xem đăng ký và biên bản").first.click()
    meeting = ReviewMeeting.objects.get(unit=g1, year=2025)
    page.get_by_role("link", name=f"Biên bản họp ngày {meeting.held_on:%d/%m/%Y}").click()
    line = ReviewMeeting.objects.get(pk=meeting.pk).entries.get(candidacy__household__head_name="Lò Văn Páo")
    expect(page.locator(f"#text-{line.candidacy_id}")).to_have_value("Chưa hoàn thành nghĩa vụ đóng góp quỹ tổ")
    page.screenshot(path="var/screenshots/import-registrations-minutes.png", full_page=True)


def test_a_hostile_file_is_refused_with_a_message_and_the_server_keeps_answering(live_world, login):
    """Issue 21 F2: the 1,7 KB workbook with a value at XFD1048576 used to kill the server process."""
    from vanhoa.imports.tests import hostile

    page = login("front_officer")
    open_menu(page, "Nhập Excel")
    page.get_by_label("Tệp Excel").set_input_files(
        {"name": "danh-sach.xlsx", "mimeType": "application/octet-stream", "buffer": hostile.far_cell()}
    )
    page.get_by_role("button", name="Tải lên và xem trước").click()
    expect(page.locator("body")).to_contain_text("Không nhập được")
    expect(page.locator("body")).to_contain_text("có dữ liệu ở ô XFD1048576, quá xa")
    expect(page.locator("#no-original")).to_have_text("tệp không được lưu lại")
    page.screenshot(path="var/screenshots/import-hostile-refused.png", full_page=True)
    # the server still answers: a good file goes through
    page.get_by_label("Tệp đã sửa").set_input_files(file(ROWS[:2]))
    page.get_by_role("button", name="Tải lên và xem trước").click()
    expect(page.get_by_test_id("count-created")).to_have_text("2", timeout=10_000)


def test_a_commit_whose_worker_died_can_be_written_again(live_world, login, settings):
    """Issue 21 F8: the job stuck at "45 %" comes back to its preview, and "Ghi vào sổ" works."""
    import json
    import subprocess
    import sys

    from vanhoa.imports import recovery
    from vanhoa.imports.choices import ImportStatus
    from vanhoa.imports.models import ImportJob

    page = login("front_officer")
    page.on("dialog", lambda dialog: dialog.accept())
    open_menu(page, "Nhập Excel")
    page.get_by_label("Tệp Excel").set_input_files(file(ROWS[:2]))
    page.get_by_role("button", name="Tải lên và xem trước").click()
    expect(page.get_by_test_id("count-created")).to_have_text("2", timeout=10_000)
    job = ImportJob.objects.order_by("-pk").first()
    # the worker starts the commit and is killed at 45 %
    ImportJob.objects.filter(pk=job.pk).update(status=ImportStatus.COMMITTING, progress_done=45, progress_total=100)
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    beat = recovery.beat_path(job)
    beat.parent.mkdir(parents=True, exist_ok=True)
    beat.write_text(json.dumps({"pid": dead.pid, "started": "", "host": __import__("socket").gethostname()}))
    page.reload()
    expect(page.locator("body")).to_contain_text("Lần ghi trước bị gián đoạn")
    page.screenshot(path="var/screenshots/import-interrupted.png", full_page=True)
    page.get_by_role("button", name="Ghi vào sổ").click()
    expect(page.locator("#job-result")).to_contain_text("Đã ghi vào sổ", timeout=10_000)
    assert Household.objects.count() == 2
