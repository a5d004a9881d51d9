"""Importing a year's Gia đình văn hóa registrations and the groups' review results, as a ward officer does it:
download the prefilled template (or bring the ward's own list), upload with the year, preview, commit, again."""

from __future__ import annotations

import io
from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl import Workbook, load_workbook

from vanhoa.core.models import AuditEntry
from vanhoa.imports import services
from vanhoa.imports.choices import ImportStatus
from vanhoa.imports.models import ImportJob
from vanhoa.imports.registrations import RegistrationImporter, _count, _mark, _verdict
from vanhoa.testing.actors import TEST
from vanhoa.titles import services as titles
from vanhoa.titles.choices import MeetingStatus, State
from vanhoa.titles.models import Candidacy, ReviewMeeting

YEAR = 2025
HEAD = ["STT", "Mã hộ", "Họ và tên chủ hộ", "Tổ dân phố", "Đăng ký", "Ngày đăng ký", "Kết quả bình xét",
        "Lý do không đạt"]  # fmt: skip


@pytest.fixture(autouse=True)
def title_rules(db):
    from vanhoa.titles.rules_data import load_rules

    load_rules()


@pytest.fixture
def officer(world):
    return world.users["front_officer"]


@pytest.fixture
def homes(world):
    """Six households of Tổ 1 and 2 (two namesakes in different groups), and one that moved out."""
    g1, g2, _g3 = world.groups
    since = date(2015, 1, 1)
    made = {
        "pao": world.household(g1, "Lò Văn Páo", code="QT-001", address="Số 3, bản Nà Nọi", since=since),
        "dung": world.household(g1, "Đỗ Thị Dung", code="QT-002", since=since),
        "anh1": world.household(g1, "Nguyễn Văn Anh", code="QT-003", address="Số 5 Trần Phú", since=since),
        "anh2": world.household(g2, "Nguyễn Văn Anh", code="QT-004", address="Số 9 Lê Lợi", since=since),
        "sang": world.household(g2, "Vàng A Sáng", code="QT-005", since=since),
        "minh": world.household(g2, "Hoàng Văn Minh", code="QT-006", since=since),
    }
    return made


def sheet(rows, headers=HEAD, *, two_row=None) -> bytes:
    """A workbook: title, blank, header on row 3, rows from row 4 (or a two-row header on rows 3–4)."""
    wb = Workbook()
    ws = wb.active
    ws.append(["DANH SÁCH HỘ ĐĂNG KÝ GIA ĐÌNH VĂN HÓA NĂM 2025"])
    ws.append([])
    ws.append(headers)
    if two_row:
        ws.append(two_row[0])
        for cells in two_row[1]:
            ws.merge_cells(cells)
    for row in rows:
        ws.append(list(row))
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def upload(client, data, *, year=YEAR, registered_on="", name="dang-ky.xlsx"):
    response = client.post(
        "/excel/",
        {"kind": "registrations", "file": SimpleUploadedFile(name, data), "registrations__year": year,
         "registrations__registered_on": registered_on},
    )  # fmt: skip
    return response, ImportJob.objects.order_by("-pk").first()


def commit(client, job):
    client.post(f"/excel/{job.pk}/ghi/")
    job.refresh_from_db()
    return job


def cands(year=YEAR):
    return Candidacy.objects.filter(title_type__code="gdvh", year=year)


def rejected(job):
    return {(e["row"], e["message"]) for e in job.preview["rejected"]}


# --- registrations ---------------------------------------------------------------------------------


def test_a_list_of_registered_households_is_registered_with_its_dates_and_audit(world, officer, homes, client_for):
    client = client_for(officer)
    # a ward's own list: no "Đăng ký" column means every listed household registered; names without codes
    data = sheet(
        [
            [1, "QT-001", "Lò Văn Páo", "Tổ 1", "15/02/2025"],
            [2, None, "do thi dung", "TDP số 01", 45703.0],  # an Excel serial: 15/02/2025
            [3, None, "Nguyễn Văn Anh", "to dan pho 2", None],  # the namesake of Tổ 2, dated by the form
            [None, None, "Cộng: 3 hộ", None, None],
        ],
        headers=["STT", "Mã hộ", "Họ và tên chủ hộ", "Tổ", "Ngày đăng ký"],
    )
    response, job = upload(client, data, registered_on="20/02/2025")
    assert response.status_code == 302 and job.status == ImportStatus.PREVIEWED, job.error
    assert (job.created, job.updated, job.unchanged, job.rejected, job.skipped) == (3, 0, 0, 0, 1)
    assert job.options == {"year": 2025, "title": "gdvh", "registered_on": "2025-02-20"}
    html = client.get(f"/excel/{job.pk}/").content.decode()
    assert "Sẽ đăng ký" in html and "Gia đình văn hóa năm 2025" in html and "Tổ dân phố số 2" in html
    assert not cands().exists()  # the preview writes nothing

    job = commit(client, job)
    assert job.status == ImportStatus.COMMITTED, job.error
    got = {c.household.code: (c.state, c.registered_on, c.review_unit.name) for c in cands()}
    assert got == {
        "QT-001": (State.REGISTERED, date(2025, 2, 15), "Tổ dân phố số 1"),
        "QT-002": (State.REGISTERED, date(2025, 2, 15), "Tổ dân phố số 1"),
        "QT-004": (State.REGISTERED, date(2025, 2, 20), "Tổ dân phố số 2"),
    }
    assert AuditEntry.objects.filter(action="titles.candidacy.registered").count() == 3
    summary = AuditEntry.objects.get(action="imports.registration.committed")
    assert summary.actor == officer and summary.extra["created"] == 3


def test_a_registration_column_says_who_registered_and_blank_rows_are_skipped(world, officer, homes, client_for):
    client = client_for(officer)
    data = sheet([[1, "QT-001", "Lò Văn Páo", "Tổ 1", "x", "10/03/2025"],
                  [2, "QT-002", "Đỗ Thị Dung", "Tổ 1", None, None],
                  [3, "QT-005", "Vàng A Sáng", "Tổ 2", "✓", None],
                  [4, "QT-006", "Hoàng Văn Minh", "Tổ 2", "Không", None]])  # fmt: skip
    _response, job = upload(client, data, registered_on="01/03/2025")
    assert (job.created, job.rejected) == (2, 0)
    assert [s for s in job.preview["skipped"] if s[1] == "Hộ không đăng ký"] == [[5, "Hộ không đăng ký"],
                                                                                  [7, "Hộ không đăng ký"]]  # fmt: skip
    commit(client, job)
    assert {(c.household.code, c.registered_on) for c in cands()} == {
        ("QT-001", date(2025, 3, 10)), ("QT-005", date(2025, 3, 1))}  # fmt: skip


def test_importing_the_same_file_again_changes_nothing(world, officer, homes, client_for):
    client = client_for(officer)
    data = sheet([[1, "QT-001", "Lò Văn Páo", "Tổ 1", "x", "10/03/2025", "Đạt"],
                  [2, "QT-005", "Vàng A Sáng", "Tổ 2", "x", "10/03/2025", "Không đạt", "Chưa dọn"]])  # fmt: skip
    commit(client, upload(client, data)[1])

    def state():
        titles_audit = AuditEntry.objects.filter(action__startswith="titles")
        return cands().count(), ReviewMeeting.objects.count(), titles_audit.count()

    before = state()
    _response, again = upload(client, data)
    assert (again.created, again.updated, again.unchanged, again.rejected) == (0, 0, 2, 0)
    commit(client, again)
    assert state() == before


def test_the_preview_rejects_rows_it_cannot_tie_to_one_household_saying_what_to_write(
    world, officer, homes, client_for
):
    client = client_for(officer)
    other = world.household(world.other_group, "Lò Văn Páo", code="HL-001")  # another province's household
    data = sheet(
        [
            [1, "QT-099", "Lò Văn Páo", "Tổ 1", "x", "10/03/2025"],  # 4: unknown code
            [2, "QT-002", "Lò Văn Páo", "Tổ 1", "x", "10/03/2025"],  # 5: the code is somebody else
            [3, None, "Nguyễn Văn Anh", None, "x", "10/03/2025"],  # 6: two namesakes, no group
            [4, None, "Trần Văn Tý", "Tổ 2", "x", "10/03/2025"],  # 7: nobody of that name
            [5, "QT-001", "Lò Văn Páo", "Tổ 1", "có lẽ", "10/03/2025"],  # 8: an unreadable mark
            [6, None, "Đỗ Thị Dung", "Tổ 1", "x", "10/03/2024"],  # 9: a date of another year
            [7, "QT-005", "Vàng A Sáng", "Tổ 2", "x", "10/03/2025", "Không đạt"],  # 10: no reason
            [8, "QT-006", "Hoàng Văn Minh", "Tổ 2", None, None, "Đạt"],  # 11: a result without registration
            [9, "QT-003", "Nguyễn Văn Anh", "Tổ 1", "x", "10/03/2025"],  # 12: fine
            [10, None, "nguyen van anh", "Tổ 1", "x", "10/03/2025"],  # 13: the same household again
            [11, other.code, "Lò Văn Páo", "Tổ 1", "x", "10/03/2025"],  # 14: not this ward's
        ]
    )
    _response, job = upload(client, data)
    assert job.rejected == 10 and job.created == 1
    got = rejected(job)
    assert (4, "Không có hộ mã «QT-099» trong sổ hộ của phường: hãy nhập danh sách hộ trước (Nhập Excel → Danh "
               "sách hộ gia đình) hoặc sửa lại mã hộ") in got  # fmt: skip
    assert (5, "Mã hộ «QT-002» là hộ Đỗ Thị Dung, không phải «Lò Văn Páo»: hãy kiểm tra lại mã hộ hoặc họ tên") in got
    assert (6, "Có 2 hộ tên «Nguyễn Văn Anh» (QT-003, QT-004): hãy ghi mã hộ để chỉ rõ hộ nào") in got
    assert (7, "Không tìm thấy hộ «Trần Văn Tý» ở Tổ dân phố số 2 trong sổ hộ: hãy ghi mã hộ, hoặc thêm hộ vào sổ "
               "trước") in got  # fmt: skip
    assert (8, "Ghi «có lẽ» không rõ: có đăng ký thì ghi «x», không đăng ký thì để trống") in got
    assert (9, "Ngày đăng ký 10/03/2024 không thuộc năm 2025") in got
    assert (10, "Không đạt thì cần ghi lý do (cột «Lý do không đạt»)") in got
    assert (11, "Tệp ghi hộ không đăng ký nhưng lại có kết quả bình xét") in got
    assert (13, "Trùng với dòng 12: cùng là hộ Nguyễn Văn Anh (mã QT-003); mỗi hộ chỉ ghi một dòng") in got
    assert any(row == 14 and "Không có hộ mã «HL-001»" in msg for row, msg in got)
    columns = {e["row"]: e["column"] for e in job.preview["rejected"]}
    assert columns[8] == "Đăng ký" and columns[9] == "Ngày đăng ký" and columns[10] == "Lý do không đạt"
    # nothing can be written while a row is rejected
    response = client.post(f"/excel/{job.pk}/ghi/", follow=True)
    assert "dòng bị từ chối" in response.content.decode() and not cands().exists()


def test_a_household_that_moved_out_or_withdrew_cannot_be_registered_by_file(world, officer, homes, client_for):
    from vanhoa.registry import services as registry

    registry.change_household_status(homes["minh"], actor=TEST, status="moved_out", on=date(2025, 1, 10))
    (c,) = titles.register(actor=TEST, title="gdvh", year=YEAR, subjects=[homes["sang"]], on=date(2025, 2, 1))
    titles.withdraw(c, actor=TEST, on=date(2025, 3, 1), reason="Gia đình xin rút")
    (d,) = titles.register(actor=TEST, title="gdvh", year=YEAR, subjects=[homes["pao"]], on=date(2025, 2, 1))
    client = client_for(officer)
    data = sheet([[1, "QT-006", "Hoàng Văn Minh", "Tổ 2", "x", "10/03/2025"],
                  [2, "QT-005", "Vàng A Sáng", "Tổ 2", "x", "10/03/2025"],
                  [3, "QT-001", "Lò Văn Páo", "Tổ 1", None, None]])  # fmt: skip
    _response, job = upload(client, data)
    got = rejected(job)
    assert (4, "Hộ Hoàng Văn Minh (mã QT-006) đã chuyển đi từ ngày 10/01/2025: không đăng ký được") in got
    assert (5, "Hộ Vàng A Sáng đã rút đăng ký năm 2025 ngày 01/03/2025: không đăng ký lại bằng tệp") in got
    assert (6, "Hộ Lò Văn Páo đã đăng ký năm 2025 (ngày 01/02/2025) nhưng tệp ghi không đăng ký: nhập tệp không rút "
               "đăng ký; hãy sửa tệp, hoặc rút đăng ký ở trang danh hiệu") in got  # fmt: skip
    d.refresh_from_db()
    assert d.state == State.REGISTERED


# --- review results -------------------------------------------------------------------------------


def test_results_go_into_each_groups_draft_minutes_which_the_leader_then_closes(world, officer, homes, client_for):
    client = client_for(officer)
    data = sheet(
        [
            [1, "QT-001", "Lò Văn Páo", "Tổ 1", "x", "10/03/2025", "Đạt", None, "12/11/2025"],
            [2, "QT-002", "Đỗ Thị Dung", "Tổ 1", "x", "10/03/2025", "Không đạt", "Vi phạm quy ước", None],
            [3, "QT-005", "Vàng A Sáng", "Tổ 2", "x", "10/03/2025", "đạt", None, None],
            [4, "QT-006", "Hoàng Văn Minh", "Tổ 2", "x", "10/03/2025", None, None, None],  # no result yet
        ],
        headers=[*HEAD, "Ngày họp"],
    )
    _response, job = upload(client, data)
    assert (job.created, job.updated, job.rejected) == (4, 3, 0), job.preview["rejected"]
    html = client.get(f"/excel/{job.pk}/").content.decode()
    assert "biên bản họp bình xét của từng tổ (bản nháp)" in html
    assert job.preview["details"]["rows_total"] == 4 and "hộ đầu tiên trong" not in html  # all 4 rows are listed
    commit(client, job)

    m1 = ReviewMeeting.objects.get(unit=world.groups[0], year=YEAR)
    m2 = ReviewMeeting.objects.get(unit=world.groups[1], year=YEAR)
    assert m1.status == m2.status == MeetingStatus.DRAFT
    assert m1.held_on == date(2025, 11, 12)  # the date the file gives; Tổ 2 keeps the page's default
    assert m1.place == "Nhà văn hóa Tổ dân phố số 1" and m1.chair == officer.get_full_name()
    entries = [*m1.entries.all(), *m2.entries.all()]
    lines = {e.candidacy.household.code: (e.criteria_met, e.reason_text) for e in entries}
    assert lines == {"QT-001": (True, ""), "QT-002": (False, "Vi phạm quy ước"), "QT-005": (True, ""),
                     "QT-006": (None, "")}  # fmt: skip
    assert all(c.state == State.REGISTERED for c in cands())  # results count once the minutes are closed

    # the leader completes the minutes of Tổ 1 and closes them: the imported lines become outcomes
    titles.save_review_draft(m1, actor=TEST, facts_={"invited": 40, "present": 35})
    titles.submit_review_meeting(m1, actor=TEST)
    states = {c.household.code: c.state for c in cands()}
    assert states["QT-001"] == State.REVIEWED and states["QT-002"] == State.NOT_PROPOSED


def test_a_two_column_result_under_a_merged_header_is_read(world, officer, homes, client_for):
    client = client_for(officer)
    headers = ["STT", "Họ và tên chủ hộ", "Tổ dân phố", "Ngày đăng ký", "Kết quả bình xét", None, "Ghi chú"]
    data = sheet(
        [[1, "Lò Văn Páo", "Tổ 1", "10/03/2025", "x", None, None],
         [2, "Đỗ Thị Dung", "Tổ 1", "10/03/2025", None, "x", "Không tham gia họp tổ cả năm"]],
        headers=headers,
        two_row=([None, None, None, None, "Đạt", "Không đạt", None], ["E3:F3"]),
    )  # fmt: skip
    _response, job = upload(client, data)
    assert (job.created, job.rejected) == (2, 0), job.preview["rejected"]
    commit(client, job)
    lines = {e.candidacy.household.code: (e.criteria_met, e.reason_text)
             for e in ReviewMeeting.objects.get(unit=world.groups[0]).entries.all()}  # fmt: skip
    assert lines == {"QT-001": (True, ""), "QT-002": (False, "Không tham gia họp tổ cả năm")}


def test_a_changed_result_updates_the_draft_but_never_closed_minutes(world, officer, homes, client_for):
    client = client_for(officer)
    rows = [[1, "QT-001", "Lò Văn Páo", "Tổ 1", "x", "10/03/2025", "Đạt"],
            [2, "QT-005", "Vàng A Sáng", "Tổ 2", "x", "10/03/2025", "Đạt"]]  # fmt: skip
    commit(client, upload(client, sheet(rows))[1])
    # Tổ 2 closes its minutes; then the file changes both results
    m2 = ReviewMeeting.objects.get(unit=world.groups[1])
    titles.save_review_draft(m2, actor=TEST, facts_={"invited": 30, "present": 25})
    titles.submit_review_meeting(m2, actor=TEST)
    rows[0][6:] = ["Không đạt", "Nợ quỹ tổ"]
    rows[1][6:] = ["Không đạt", "Vi phạm"]
    _response, job = upload(client, sheet(rows))
    assert job.rejected == 1
    (message,) = [m for r, m in rejected(job) if r == 5]
    assert message.startswith("Biên bản họp bình xét của Tổ dân phố số 2 đã chốt ngày ")
    assert message.endswith(": hộ Vàng A Sáng «Đạt», tệp ghi «Không đạt». Kết quả đã chốt không sửa bằng tệp")
    # the closed result written as it is, the draft line changed: one update, nothing rejected
    rows[1][6:] = ["Đạt", None]
    _response, job = upload(client, sheet(rows))
    assert (job.created, job.updated, job.unchanged, job.rejected) == (0, 1, 1, 0)
    commit(client, job)
    e = ReviewMeeting.objects.get(unit=world.groups[0]).entries.get()
    assert (e.criteria_met, e.reason_text) == (False, "Nợ quỹ tổ")


def test_two_meeting_dates_for_one_group_are_rejected(world, officer, homes, client_for):
    client = client_for(officer)
    data = sheet([[1, "QT-001", "Lò Văn Páo", "Tổ 1", "x", "10/03/2025", "Đạt", None, "12/11/2025"],
                  [2, "QT-002", "Đỗ Thị Dung", "Tổ 1", "x", "10/03/2025", "Đạt", None, "13/11/2025"]],
                 headers=[*HEAD, "Ngày họp bình xét"])  # fmt: skip
    _response, job = upload(client, data)
    assert (5, "Tổ dân phố số 1 có hai ngày họp khác nhau trong tệp: 12/11/2025 (dòng 4) và 13/11/2025 (dòng 5)") in (
        rejected(job)
    )


# --- the whole-job guarantees ----------------------------------------------------------------------


def test_a_failure_while_writing_results_leaves_no_registration_behind(world, officer, homes, client_for, monkeypatch):
    client = client_for(officer)
    data = sheet([[1, "QT-001", "Lò Văn Páo", "Tổ 1", "x", "10/03/2025", "Đạt"]])
    _response, job = upload(client, data)

    def broken(*args, **kwargs):
        raise titles.TitleError("Biên bản đang bị khoá.")

    monkeypatch.setattr(titles, "save_review_draft", broken)
    job = commit(client, job)
    assert job.status == ImportStatus.FAILED and job.error == "Chưa ghi gì vào sổ: Biên bản đang bị khoá."
    assert not cands().exists() and not ReviewMeeting.objects.exists()
    assert not AuditEntry.objects.filter(action__startswith="titles.").exists()


def test_a_registration_made_between_preview_and_commit_gives_a_new_preview(world, officer, homes, client_for):
    client = client_for(officer)
    _response, job = upload(client, sheet([[1, "QT-001", "Lò Văn Páo", "Tổ 1", "x", "10/03/2025"]]))
    titles.register(actor=TEST, title="gdvh", year=YEAR, subjects=[homes["pao"]], on=date(2025, 3, 10))
    job = commit(client, job)
    assert job.status == ImportStatus.PREVIEWED and "đã thay đổi sau khi xem trước" in job.error
    assert (job.created, job.unchanged) == (0, 1)


def test_the_year_and_date_chosen_with_the_upload_are_checked(world, officer, homes, client_for):
    client = client_for(officer)
    data = sheet([[1, "QT-001", "Lò Văn Páo", "Tổ 1", "x", None]])
    response, _job = upload(client, data, year=1999)
    assert "Năm xét danh hiệu: Chỉ nhập từ năm 2000." in response.content.decode()
    response, _job = upload(client, data, registered_on="01/02/2024")
    assert "Ngày đăng ký phải trong năm 2025." in response.content.decode()
    assert not ImportJob.objects.exists()
    # no date in the file and none chosen: the row says so
    _response, job = upload(client, data)
    assert (4, "Thiếu ngày đăng ký: tệp không có cột «Ngày đăng ký» thì hãy chọn ngày đăng ký khi tải tệp lên") in (
        rejected(job)
    )


def test_the_import_is_offered_to_those_who_register_titles_in_the_ward_only(world, client_for, homes):
    ward_head = client_for(world.users["ward_head"]).get("/excel/").content.decode()
    assert "Đăng ký và kết quả bình xét Gia đình văn hóa" in ward_head and 'name="registrations__year"' in ward_head
    culture = client_for(world.users["culture_officer"])
    page = culture.get("/excel/")
    assert page.status_code in (403, 200) and "Đăng ký và kết quả bình xét" not in page.content.decode()
    assert client_for(world.users["union_officer"]).get("/excel/mau/registrations/").status_code in (403, 404)


# --- the template -----------------------------------------------------------------------------------


def test_the_template_lists_the_wards_households_by_group_with_what_is_recorded(world, officer, homes, client_for):
    titles.register(actor=TEST, title="gdvh", year=YEAR, subjects=[homes["dung"]], on=date(2025, 2, 3))
    client = client_for(officer)
    response = client.get("/excel/mau/registrations/?nam=2025")
    assert response.status_code == 200
    ws = load_workbook(io.BytesIO(response.content)).active
    assert ws["A1"].value == "DANH SÁCH ĐĂNG KÝ VÀ KẾT QUẢ BÌNH XÉT GIA ĐÌNH VĂN HÓA NĂM 2025"
    header = [c.value for c in ws[4]]
    assert header[:8] == ["STT", "Mã hộ", "Họ và tên chủ hộ", "Tổ dân phố", "Địa chỉ", "Đăng ký (x)", "Ngày đăng ký",
                          "Kết quả bình xét"]  # fmt: skip
    rows = [[c.value for c in r][:7] for r in ws.iter_rows(min_row=5, max_row=10)]
    # group by group, and by given name inside a group (Anh < Dung < Páo; Anh < Minh < Sáng)
    assert [(r[1], r[3]) for r in rows] == [("QT-003", "Tổ dân phố số 1"), ("QT-002", "Tổ dân phố số 1"),
                                            ("QT-001", "Tổ dân phố số 1"), ("QT-004", "Tổ dân phố số 2"),
                                            ("QT-006", "Tổ dân phố số 2"), ("QT-005", "Tổ dân phố số 2")]  # fmt: skip
    assert rows[1][5] == "x" and rows[1][6].date() == date(2025, 2, 3) and rows[0][5] is None
    assert ws.freeze_panes == "D5"
    # the untouched template imports as "nothing to do"
    _response, job = upload(client, response.content)
    assert (job.created, job.updated, job.unchanged, job.rejected) == (0, 0, 1, 0)


# --- reading marks and results ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [("x", True), ("X", True), ("✓", True), ("Có", True), ("đã đăng ký", True), (1, True), ("", False),
     (None, False), ("không", False), ("0", False), ("có lẽ", None), (2, None)],
)  # fmt: skip
def test_registration_marks(value, expected):
    assert _mark(value) is expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [("Đạt", "pass"), ("ĐẠT", "pass"), ("dat", "pass"), ("GĐVH", "pass"), ("Gia đình văn hóa", "pass"),
     ("Không đạt", "fail"), ("Chưa đạt", "fail"), ("không đạt (nợ quỹ)", "fail"), ("", None), (None, None),
     ("Tốt", False), (7, False)],
)  # fmt: skip
def test_result_words(value, expected):
    assert _verdict(value) == expected


@settings(max_examples=300, deadline=None)
@given(st.one_of(st.none(), st.text(max_size=30), st.integers(), st.floats(allow_nan=True), st.booleans()))
def test_reading_any_cell_never_crashes(value):
    assert _mark(value) in (True, False, None)
    assert _verdict(value) in ("pass", "fail", None, False)
    n, ok = _count(value)
    assert (n is None or n >= 0) and ok in (True, False)


def test_the_importer_is_registered_with_its_options():
    from vanhoa.imports import importers

    assert isinstance(importers.get("registrations"), RegistrationImporter)
    assert services.importer_for(ImportJob(kind="registrations")).created_word == "đăng ký"


REG_HEADERS = {
    "registered": ["Đăng ký", "Đăng ký (x)", "DK", "Có đăng ký", "Ký cam kết"],
    "moved_in": ["Ngày đăng ký", "Ngay dang ky", "Ngày ĐK"],
    "result": ["Kết quả bình xét", "Ket qua", "Xếp loại", "Kết quả"],
    "reason": ["Lý do không đạt", "Ly do", "Nguyên nhân"],
    "votes_for": ["Số người tán thành", "Tán thành", "Đồng ý"],
    "meeting_on": ["Ngày họp", "Ngày bình xét"],
}
ANY_CELL = st.one_of(
    st.none(), st.text(st.characters(blacklist_categories=("Cc", "Cs")), max_size=12),
    st.sampled_from(["x", "Đạt", "Không đạt", "có", "0", "15/02/2025", "-", "✓"]),
    st.integers(-5, 50_000), st.floats(allow_nan=True, allow_infinity=True), st.booleans(),
    st.dates(date(1899, 1, 1), date(2100, 1, 1)),
)  # fmt: skip


@settings(max_examples=80, deadline=None, database=None)
@given(
    st.lists(st.sampled_from(sorted(REG_HEADERS)), min_size=1, max_size=6, unique=True).flatmap(
        lambda fs: st.tuples(
            st.just(fs),
            st.tuples(*[st.sampled_from(REG_HEADERS[f]) for f in fs]),
            st.lists(st.lists(ANY_CELL, min_size=len(fs), max_size=len(fs)), max_size=8),
        )
    )
)
def test_fuzz_any_registration_file_is_read_row_by_row_without_crashing(case):
    from vanhoa.imports import parsing
    from vanhoa.imports.registrations import FIELDS

    fields, headers, body = case
    wb = Workbook()
    ws = wb.active
    ws.append(["STT", "Họ và tên chủ hộ", "Tổ dân phố", *headers])
    for i, cells in enumerate(body, start=1):
        ws.append([i, "Lò Văn Páo", "Tổ 1", *cells])
    buf = io.BytesIO()
    wb.save(buf)
    table = parsing.parse_households(buf.getvalue(), "dk.xlsx", groups={"1": "Tổ dân phố số 1"}, fields=FIELDS)
    importer = RegistrationImporter()
    labels = {**table.columns, "moved_in": table.columns.get("moved_in", "Ngày đăng ký")}
    for row in table.rows:
        r = importer._read_row(row, labels, 2025, date(2025, 2, 1))
        assert r.result in ("pass", "fail", None)
        assert all(col and msg for col, msg in r.errors)
        if r.result is not None and not r.errors:
            assert r.registered


def test_only_who_sees_the_households_and_reviews_titles_may_run_it(world):
    importer = RegistrationImporter()
    may = {p for p, u in world.users.items() if u is not None and importer.allowed(u, world.ward)}
    assert "front_officer" in may and "ward_head" in may
    assert not may & {"union_officer", "culture_officer", "leader_group1", "city_viewer"}


# --- the command line ------------------------------------------------------------------------------


def _cli(*argv):
    """(exit status, stdout, stderr) of manage.py import_registrations."""
    import contextlib

    from django.core.management import execute_from_command_line

    out, err = io.StringIO(), io.StringIO()
    status = 0
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            execute_from_command_line(["manage.py", "import_registrations", *argv])
        except SystemExit as exc:
            status = exc.code
    return status, out.getvalue(), err.getvalue()


@pytest.fixture
def keep_transaction(monkeypatch):
    monkeypatch.setattr("django.db.connections.close_all", lambda: None)


def test_the_command_line_imports_with_the_same_contract(world, homes, tmp_path, keep_transaction):
    import json

    path = tmp_path / "dk.xlsx"
    path.write_bytes(sheet([[1, "QT-001", "Lò Văn Páo", "Tổ 1", "x", None, "Đạt"],
                            [2, "QT-099", "Trần Văn Tý", "Tổ 1", "x", None]]))  # fmt: skip
    status, out, err = _cli(str(path), "--ward", "Đoàn Kết", "--year", "2025", "--registered-on", "01/03/2025",
                            "--json")  # fmt: skip
    assert status == 1 and not cands().exists()
    assert [e["row"] for e in json.loads(out)["rejected"]] == [5]
    path.write_bytes(sheet([[1, "QT-001", "Lò Văn Páo", "Tổ 1", "x", None, "Đạt"]]))
    status, out, err = _cli(str(path), "--ward", "Đoàn Kết", "--year", "2025", "--registered-on", "01/03/2025",
                            "--json")  # fmt: skip
    assert status == 0, err
    assert json.loads(out) == {"created": 1, "updated": 1, "unchanged": 0, "rejected": []}
    (c,) = cands()
    assert c.registered_on == date(2025, 3, 1) and ImportJob.objects.get(kind="registrations").options["year"] == 2025
    # options that cannot be used: exit 2, in Vietnamese
    status, out, err = _cli(str(path), "--ward", "Đoàn Kết", "--year", "2025", "--registered-on", "31/02/2025")
    assert status == 2 and "Ngày đăng ký «31/02/2025»" in err
    status, out, err = _cli(str(path), "--ward", "Đoàn Kết", "--year", "1990")
    assert status == 2 and "Năm «1990»: Chỉ nhập từ năm 2000." in err
