"""The household import as a ward uses it: upload, preview, commit all at once, import again."""

from __future__ import annotations

from datetime import date

import pytest

from vanhoa.core.models import AuditEntry
from vanhoa.core.text import fold, name_key
from vanhoa.imports import services
from vanhoa.imports.choices import ImportStatus
from vanhoa.imports.models import ImportJob
from vanhoa.registry import services as registry
from vanhoa.registry.models import Household, HouseholdPlacement
from vanhoa.testing.actors import TEST

T1, T2, T3 = "Tổ dân phố số 1", "Tổ dân phố số 2", "Tổ dân phố số 3"


def household_audit():
    return AuditEntry.objects.filter(object_type="registry.household")


@pytest.fixture
def officer(world):
    return world.users["front_officer"]


@pytest.fixture
def registry_of_ward(world):
    """Two households already in the registry (typed in by hand before the import)."""
    paos = world.household(world.groups[0], "Lò Văn Páo", member_count=4, code="QT-001", address="Số 3, bản Nà Nọi")
    dung = world.household(world.groups[1], "Đỗ Thị Dung", member_count=3, code="QT-002", address="Số 8 Trần Phú")
    return paos, dung


def test_preview_says_what_would_be_created_updated_unchanged_rejected_and_skipped_and_writes_nothing(
    world, officer, registry_of_ward, make_xlsx, upload
):
    # given a ward with two households and a file that keeps one, changes one, adds two, has a bad row and a total
    data = make_xlsx(
        [
            [1, "QT-001", "Lò Văn Páo", "Tổ 1", "Số 3, bản Nà Nọi", 4, None, None],  # row 4: unchanged
            [2, "QT-002", "Đỗ Thị Dung", "TDP số 02", "Số 8 Trần Phú", 5, "0912 345 678", None],  # 5: updated
            [3, None, "Vàng A Sáng", "Tổ 3", "Số 1 Lê Duẩn", 6, None, "15/03/2019"],  # 6: new
            [4, "QT-010", "Tòng Thị Phương", "Tổ dân phố số 1", "", 2, None, None],  # 7: new
            [5, None, "Hoàng Văn Minh", "Tổ 9", "Số 2", 3, None, None],  # 8: rejected, no such group
            [],  # 9: blank
            [None, None, "Cộng", None, None, 20, None, None],  # 10: total
        ]
    )
    audit_before = AuditEntry.objects.count()
    response, job = upload(officer, data)
    # then the preview is shown and counts every row
    assert response.status_code == 302 and response["Location"] == f"/excel/{job.pk}/"
    assert job.status == ImportStatus.PREVIEWED
    assert (job.created, job.updated, job.unchanged, job.rejected, job.skipped) == (2, 1, 1, 1, 2)
    html = response.client.get(f"/excel/{job.pk}/").content.decode()
    assert "Dòng 8" in html and "Không tìm thấy tổ dân phố «Tổ 9»" in html and "Tổ dân phố" in html
    assert "Số nhân khẩu: <span class=\"text-body-secondary\">3</span> → <strong>5</strong>" in html
    assert "Vàng A Sáng" in html and "(tự đánh mã)" in html
    assert "Dòng trống: dòng 9" in html and "Dòng cộng/tổng «Cộng»: dòng 10" in html
    assert "chưa thể ghi gì vào sổ" in html and 'id="commit-form"' not in html
    # and nothing was written to the registry (only the job and its upload record)
    assert Household.objects.count() == 2
    new_entries = AuditEntry.objects.all()[: AuditEntry.objects.count() - audit_before]
    assert {e.action for e in new_entries} == {"imports.job.uploaded"}


def test_commit_writes_every_row_at_once_with_the_audit_trail(
    world, officer, registry_of_ward, make_xlsx, upload, client_for
):
    paos, dung = registry_of_ward
    data = make_xlsx(
        [
            [1, "QT-001", "Lò Văn Páo", "Tổ 1", "Số 3, bản Nà Nọi", 4, None, None],
            [2, "QT-002", "Đỗ Thị Dung", "Tổ 3", "Số 8 Trần Phú", 5, "0912345678", None],
            [3, None, "Vàng A Sáng", "Tổ 3", "Số 1 Lê Duẩn", 6, None, "15/03/2019"],
            [4, "QT-010", "Tòng Thị Phương", "Tổ dân phố số 1", "", 2, "84 98 765 4321", None],
        ]
    )
    _, job = upload(officer, data)
    assert job.can_commit
    response = client_for(officer).post(f"/excel/{job.pk}/ghi/", follow=True)
    job.refresh_from_db()
    assert job.status == ImportStatus.COMMITTED and (job.created, job.updated, job.unchanged) == (2, 1, 1)
    assert "Đã ghi vào sổ" in response.content.decode()
    # the new households, with the keys save() computes, their placement and an automatic code when none
    sang = Household.objects.get(head_name="Vàng A Sáng")
    assert sang.code == "HGĐ-00001" and sang.group == world.groups[2] and sang.since == date(2019, 3, 15)
    assert sang.ward == world.ward and sang.member_count == 6 and sang.status == "active"
    assert sang.head_sort_key == name_key("Vàng A Sáng")
    assert sang.search_text == fold("Vàng A Sáng HGĐ-00001 Số 1 Lê Duẩn")
    assert list(sang.placements.values_list("group", "valid_from")) == [(world.groups[2].pk, date(2019, 3, 15))]
    assert Household.objects.get(code="QT-010").phone == "0987654321"
    # the updated one moved group (placement history) and got an audit entry with before/after
    dung.refresh_from_db()
    assert (dung.group, dung.member_count, dung.phone) == (world.groups[2], 5, "0912345678")
    assert list(dung.placements.order_by("pk").values_list("group", "valid_to")) == [
        (world.groups[1].pk, date.today()),
        (world.groups[2].pk, None),
    ]
    (entry,) = household_audit().filter(action="registry.household.updated")
    assert entry.object_id == str(dung.pk) and entry.actor == officer
    assert entry.changes["member_count"] == [3, 5] and entry.changes["group"] == [T2, T3]
    assert entry.changes["phone"] == ["", "***"]  # personal data masked in the trail
    assert f"lần nhập số {job.pk}" in entry.note
    # one summary entry for the whole import
    (summary,) = AuditEntry.objects.filter(action="imports.household.committed")
    assert summary.object_id == str(job.pk) and summary.unit == world.ward
    assert summary.changes["_"] | {} == {
        "job": job.pk, "file": "danh-sach.xlsx", "sheet": "Danh sách hộ", "created": 2, "updated": 1, "unchanged": 1
    }  # fmt: skip
    assert not household_audit().filter(actor=officer, action="registry.household.created").exists()


def test_bulk_created_households_are_stored_exactly_as_the_form_would_store_them(world):
    # the bulk path writes rows with raw INSERTs: compare with create_household field by field
    kwargs = dict(head_name="Nguyễn  Văn\u00a0Đức", member_count=3, address=" Số 5,  Trần Phú ", phone="0912345678")
    one = registry.create_household(actor=TEST, group=world.groups[0], code="A-1", since=date(2020, 1, 2), **kwargs)
    registry.bulk_import_households(
        actor=TEST,
        ward=world.ward,
        new=[registry.NewHousehold(group=world.groups[0], code="A-2", since=date(2020, 1, 2), **kwargs)],
        changes={},
    )
    two = Household.objects.get(code="A-2")
    skip = ("id", "code", "created_at", "updated_at", "search_text")
    fields = [f.name for f in Household._meta.concrete_fields if f.name not in skip]
    assert {f: getattr(one, f) for f in fields} == {f: getattr(two, f) for f in fields}
    assert two.search_text == fold("Nguyễn Văn Đức A-2 Số 5, Trần Phú") and two.head_name == "Nguyễn Văn Đức"
    assert two.created_at is not None and HouseholdPlacement.objects.filter(household=two).count() == 1


@pytest.mark.parametrize("bad", ["code", "phone"])
def test_a_bad_household_after_rows_already_sent_to_the_database_writes_nothing(world, monkeypatch, bad):
    # given 25 new households written 10 at a time, the 23rd with a code already taken or a wrong phone number
    registry.create_household(actor=TEST, group=world.groups[0], head_name="Lò Văn Páo", member_count=2, code="X-1")
    monkeypatch.setattr(registry, "BULK_BATCH", 10)
    monkeypatch.setattr(registry, "COPY_BATCH", 10)
    new = [registry.NewHousehold(group=world.groups[0], head_name=f"Lò Văn {i}", member_count=2, code=f"A-{i}")
           for i in range(25)]  # fmt: skip
    if bad == "code":
        new[22].code = "X-1"
    else:
        new[22].phone = "12345"
    # when the ward's bulk import reaches it
    with pytest.raises(registry.RegistryError, match="X-1" if bad == "code" else "Số điện thoại"):
        registry.bulk_import_households(actor=TEST, ward=world.ward, new=new, changes={})
    # then nothing of the import is written, and the connection is usable
    assert Household.objects.count() == 1 and HouseholdPlacement.objects.count() == 1


def test_rows_for_the_bulk_insert_cannot_query_the_database_while_the_copy_holds_it(world):
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("COPY is PostgreSQL's")

    def rows():
        for i in range(2):
            if i:  # a query while the COPY is open: an error, not a connection waiting for itself forever
                Household.objects.count()
            at = "2024-01-01T00:00:00Z"
            yield (world.ward.pk, world.groups[0].pk, f"A-{i}", "Lò Văn Páo", "", 2, "", "active", None, "", None,
                   None, "", name_key("Lò Văn Páo"), fold("Lò Văn Páo"), at, at)  # fmt: skip

    with pytest.raises(RuntimeError, match="without using the database"):
        registry._insert_many(Household, list(registry._NewHouseholdRow._fields), rows())


@pytest.mark.parametrize("where", ["between two batches of households", "after the households, before placements"])
def test_a_failure_in_the_middle_of_the_commit_writes_nothing(world, officer, make_xlsx, upload, monkeypatch, where):
    # given a previewed file of 30 new households, written in batches of 10, then their placements
    rows = [[i, f"QT-{i:03d}", f"Lò Văn Páo {chr(65 + i)}", "Tổ 1", f"Số {i}", 3, None, None] for i in range(1, 31)]
    _, job = upload(officer, make_xlsx(rows))
    assert job.created == 30
    monkeypatch.setattr(registry, "BULK_BATCH", 10)
    monkeypatch.setattr(registry, "COPY_BATCH", 10)
    written = []
    if where == "between two batches of households":
        report = services.Progress.__call__

        def failing_progress(self, done, total, force=False):
            if self.label == "Đang ghi vào sổ" and done == 20:
                written.append(Household.objects.count())
                raise RuntimeError("mất điện")
            return report(self, done, total, force)

        monkeypatch.setattr(services.Progress, "__call__", failing_progress)
    else:

        def failing_placements(ward, stamp):
            written.append(Household.objects.count())
            raise RuntimeError("ổ đĩa đầy")

        monkeypatch.setattr(registry, "_insert_placements_of_new", failing_placements)
    audit_before = AuditEntry.objects.count()
    # when the commit fails half-way
    services.start_commit(job, actor=officer)
    # then nothing of it is in the database, and the job says so in Vietnamese
    job.refresh_from_db()
    assert written == [20 if where.startswith("between") else 30]  # rows had been written when it failed
    assert Household.objects.count() == 0 and HouseholdPlacement.objects.count() == 0
    assert AuditEntry.objects.count() == audit_before
    assert job.status == ImportStatus.FAILED and "chưa ghi gì vào sổ" in job.error


def test_a_file_with_rejected_rows_cannot_be_committed(world, officer, make_xlsx, upload, client_for):
    _, job = upload(officer, make_xlsx([[1, None, "Lò Văn Páo", "Tổ 1", "", 3, None, None],
                                        [2, None, "Lò Thị Mai", "Tổ 1", "", "ba", None, None],
                                        [3, None, "Páo", "Tổ 1", "", 2, None, None]]))  # fmt: skip
    assert job.rejected == 2 and not job.can_commit
    messages = [e["message"] for e in job.preview["rejected"]]
    assert any("Số nhân khẩu phải là số nguyên dương" in m for m in messages)
    assert any("Họ tên chủ hộ chưa đầy đủ «Páo»" in m for m in messages)
    response = client_for(officer).post(f"/excel/{job.pk}/ghi/", follow=True)
    assert "Còn 2 dòng bị từ chối: chưa ghi gì" in response.content.decode()
    assert Household.objects.count() == 0
    job.refresh_from_db()
    assert job.status == ImportStatus.PREVIEWED


def test_importing_the_same_file_again_changes_nothing(world, officer, registry_of_ward, make_xlsx, upload):
    data = make_xlsx(
        [
            [1, "QT-001", "Lo Van Pao", "Tổ 1", "so 3 ban na noi", 4, None, None],  # typed without diacritics
            [2, None, "Đỗ Thị Dung", "Tổ 2", "Số 8 Trần Phú", 3, "0912345678", "01/02/2003"],
            [3, None, "Vàng A Sáng", "Tổ 3", "Số 1 Lê Duẩn", 6, None, None],
            [4, "QT-010", "Tòng Thị Phương", "Tổ 1", "", 2, None, None],
        ]
    )
    _, first = upload(officer, data)
    services.start_commit(first, actor=officer)
    first.refresh_from_db()
    assert (first.created, first.updated, first.unchanged) == (2, 1, 1)
    # an accent-less copy never overwrites the accented name or address
    assert Household.objects.get(code="QT-001").head_name == "Lò Văn Páo"
    snapshot = list(Household.objects.order_by("pk").values())
    audit_before = set(AuditEntry.objects.values_list("pk", flat=True))
    placements = HouseholdPlacement.objects.count()
    # when the same file is imported again
    _, second = upload(officer, data)
    assert (second.created, second.updated, second.unchanged, second.rejected) == (0, 0, 4, 0)
    services.start_commit(second, actor=officer)
    second.refresh_from_db()
    # then nothing changed: no row written, no placement, no audit entry except the job's own
    assert second.status == ImportStatus.COMMITTED
    assert list(Household.objects.order_by("pk").values()) == snapshot
    assert HouseholdPlacement.objects.count() == placements
    new_entries = AuditEntry.objects.exclude(pk__in=audit_before)
    assert {e.object_type for e in new_entries} == {"imports.importjob"}
    assert {e.object_id for e in new_entries} == {str(second.pk)}


def test_empty_cells_never_erase_what_the_registry_knows(world, officer, make_xlsx, upload):
    h = world.household(world.groups[0], "Lò Văn Páo", code="QT-001", address="Số 3", phone="0912345678")
    _, job = upload(officer, make_xlsx([[1, "QT-001", "Lò Văn Páo", None, None, None, None, None]]))
    assert (job.unchanged, job.updated) == (1, 0)
    services.start_commit(job, actor=officer)
    h.refresh_from_db()
    assert (h.address, h.member_count, h.phone, h.group) == ("Số 3", 4, "0912345678", world.groups[0])


def test_likely_duplicates_are_rejected_with_a_message_saying_what_to_do(world, officer, make_xlsx, upload):
    world.household(world.groups[0], "Lò Văn Páo", code="QT-001", address="Số 3, bản Nà Nọi")
    world.household(world.groups[1], "Đỗ Thị Dung", code="QT-002", address="Số 8")
    rows = [
        [1, None, "Lò Văn Páo", "Tổ 1", "Số 5, bản Nà Nọi", 4, None, None],  # 4: same name+group, other address
        [2, "QT-099", "Lo Van Pao", "Tổ 1", "so 3 ban na noi", 4, None, None],  # 5: same all, other code
        [3, "QT-002", "Đỗ Thị Dung", "Tổ 2", "Số 8", 3, None, None],  # 6 and 7: the same household twice
        [4, None, "Đỗ Thị Dung", "Tổ 2", "Số 8", 3, None, None],
        [5, None, "Hoàng Văn Minh", "Tổ 3", "Số 1", 3, None, None],  # 8 and 9: the same new row twice
        [6, None, "Hoàng Văn Minh", "Tổ 3", "Số 1", 3, None, None],
        [7, None, "Bàn Thị Mai", "Tổ 3", "Số 2", 3, None, None],  # 10 and 11: new, same name, other address
        [8, None, "Bàn Thị Mai", "Tổ 3", "Số 4", 3, None, None],
        [9, "QT-100", "Lò Văn Páo", "Tổ 1", "Số 9, bản Nà Nọi", 2, None, None],  # 12: namesake with its own code
    ]
    _, job = upload(officer, make_xlsx(rows))
    by_row = {}
    for e in job.preview["rejected"]:
        by_row.setdefault(e["row"], []).append(e["message"])
    assert sorted(by_row) == [4, 5, 6, 7, 9, 10, 11]
    assert by_row[4] == [
        "Có thể trùng với hộ Lò Văn Páo (mã QT-001, địa chỉ «Số 3, bản Nà Nọi») đã có trong sổ: cùng họ tên, cùng "
        "tổ dân phố nhưng khác địa chỉ. Nếu là cùng một hộ, hãy ghi mã hộ «QT-001» vào cột Mã hộ; nếu là hộ khác, "
        "hãy ghi cho hộ này một mã hộ mới"
    ]
    assert "khác mã hộ. Nếu là cùng một hộ, hãy sửa mã hộ trong tệp thành «QT-001»" in by_row[5][0]
    assert by_row[6] == by_row[7] == [
        "Dòng 6 và dòng 7 cùng khớp với hộ Đỗ Thị Dung (mã QT-002) trong sổ: mỗi hộ chỉ ghi một dòng"
    ]
    assert by_row[9] == ["Trùng với dòng 8: cùng họ tên, tổ dân phố và địa chỉ"]
    assert "Có thể trùng với dòng 11" in by_row[10][0] and "Có thể trùng với dòng 10" in by_row[11][0]
    assert {e["column"] for e in job.preview["rejected"]} == {"Họ và tên chủ hộ"}
    # a namesake given its own new code is another household: it would be created
    assert job.created == 2 and [c["row"] for c in job.preview["details"]["created"]] == [8, 12]
    assert not job.can_commit


def test_a_change_made_between_preview_and_commit_gives_a_new_preview_instead_of_a_write(
    world, officer, make_xlsx, upload
):
    h = world.household(world.groups[0], "Lò Văn Páo", member_count=4, code="QT-001")
    _, job = upload(officer, make_xlsx([[1, "QT-001", "Lò Văn Páo", "Tổ 1", "", 5, None, None]]))
    assert job.updated == 1
    registry.update_household(h, actor=TEST, member_count=5)  # typed in by a colleague meanwhile
    services.start_commit(job, actor=officer)
    job.refresh_from_db()
    assert job.status == ImportStatus.PREVIEWED and "đã thay đổi sau khi xem trước" in job.error
    assert (job.updated, job.unchanged) == (0, 1)
    assert not AuditEntry.objects.filter(action="imports.household.committed").exists()


def test_a_workbook_with_several_sheets_asks_which_one_to_read(world, officer, make_xlsx, upload, client_for):
    data = make_xlsx(
        [[1, None, "Lò Văn Páo", "Tổ 1", "", 3, None, None]],
        sheets={"Tổ 2": [[1, None, "Đỗ Thị Dung", "Tổ 2", "", 2, None, None], [2, None, "Lê Văn Tám", "Tổ 2", "", 1]]},
    )
    _, job = upload(officer, data)
    assert job.needs_sheet and job.sheets == [["Danh sách hộ", 3], ["Tổ 2", 3]]
    client = client_for(officer)
    html = client.get(f"/excel/{job.pk}/").content.decode()
    assert "chọn trang có danh sách cần nhập" in html and "Tổ 2 <span" in html
    client.post(f"/excel/{job.pk}/chon-trang/", {"sheet": "Tổ 2"})
    job.refresh_from_db()
    assert job.status == ImportStatus.PREVIEWED and job.sheet == "Tổ 2" and job.created == 2
    # a sheet that is not in the file
    response = client.post(f"/excel/{job.pk}/chon-trang/", {"sheet": "Không có"}, follow=True)
    assert "Tệp này đã được đọc" in response.content.decode()


def test_a_file_that_is_not_a_spreadsheet_fails_with_a_clear_message(world, officer, upload):
    response, job = upload(officer, "Họ tên;Tổ\nLò Văn Páo;1\n".encode(), name="ds.xlsx", follow=True)
    assert job.status == ImportStatus.FAILED
    assert "Tệp không phải bảng tính Excel" in job.error and "CSV" in job.error
    assert "Không nhập được." in response.content.decode() and "Tải lên tệp đã sửa" in response.content.decode()


def test_the_original_file_is_kept_with_the_job_and_can_be_downloaded(world, officer, make_xlsx, upload, client_for):
    data = make_xlsx([[1, None, "Lò Văn Páo", "Tổ 1", "", 3, None, None]])
    _, job = upload(officer, data, name="Danh sách tổ 1.xlsx")
    assert job.filename == "Danh sách tổ 1.xlsx" and job.file_size == len(data) and job.read_file() == data
    assert "/media/" not in job.file.path and "private" in job.file.path  # never under the public /media/
    response = client_for(officer).get(f"/excel/{job.pk}/tep-goc/")
    assert response.status_code == 200 and response.content == data
    assert response["Content-Disposition"] == "attachment; filename*=utf-8''Danh%20s%C3%A1ch%20t%E1%BB%95%201.xlsx"


def test_rejected_rows_can_be_downloaded_as_a_spreadsheet(world, officer, make_xlsx, upload, client_for):
    from io import BytesIO

    from openpyxl import load_workbook

    _, job = upload(officer, make_xlsx([[1, None, "Lò Văn Páo", "Tổ 7", "", 3, None, None]]))
    response = client_for(officer).get(f"/excel/{job.pk}/dong-loi/")
    ws = load_workbook(BytesIO(response.content)).active
    assert [c.value for c in ws[1]] == ["Dòng", "Cột", "Lý do"]
    assert [c.value for c in ws[2]] == [4, "Tổ dân phố", "Không tìm thấy tổ dân phố «Tổ 7»"]


def test_the_template_lists_the_current_groups_of_the_ward(world, officer, client_for):
    from io import BytesIO

    from openpyxl import load_workbook

    from vanhoa.imports.parsing import parse_households

    response = client_for(officer).get("/excel/mau/households/")
    assert response.status_code == 200 and "attachment" in response["Content-Disposition"]
    wb = load_workbook(BytesIO(response.content))
    assert [c.value for c in wb["DanhMuc"]["A"]] == [T1, T2, T3]
    # the template as downloaded (with its example row) gives nothing to import
    parsed = parse_households(response.content, "mau.xlsx", groups={str(g.pk): g.name for g in world.groups})
    assert len(parsed.rows) == 1 and parsed.rows[0].note.startswith("Dòng ví dụ")


def test_the_template_example_row_is_skipped_not_imported(world, officer, client_for, upload):
    template = client_for(officer).get("/excel/mau/households/").content
    _, job = upload(officer, template)
    assert (job.created, job.rejected) == (0, 0)
    assert [reason for _, reason in job.preview["skipped"] if "ví dụ" in reason] == ["Dòng ví dụ của tệp mẫu"]


def test_large_files_are_read_and_written_by_the_background_worker(
    world, officer, make_xlsx, upload, settings, django_capture_on_commit_callbacks, client_for
):
    settings.VANHOA_IMPORT_INLINE_MAX_BYTES = 0  # every file goes to the task queue
    data = make_xlsx([[i, None, f"Lò Văn Páo {chr(65 + i)}", "Tổ 1", "", 3, None, None] for i in range(1, 6)])
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        _, job = upload(officer, data)
    assert job.status == ImportStatus.PREVIEWING and len(callbacks) == 1
    html = client_for(officer).get(f"/excel/{job.pk}/").content.decode()
    assert 'hx-trigger="every 1s"' in html and "Đang đọc tệp" in html
    callbacks[0]()  # the worker runs the task (ImmediateBackend in tests)
    job.refresh_from_db()
    assert job.status == ImportStatus.PREVIEWED and job.created == 5
    with django_capture_on_commit_callbacks(execute=True):
        services.start_commit(job, actor=officer)
    job.refresh_from_db()
    assert job.status == ImportStatus.COMMITTED and Household.objects.count() == 5


def test_the_progress_fragment_polls_while_running_and_reloads_the_page_when_done(
    world, officer, make_xlsx, upload, client_for
):
    _, job = upload(officer, make_xlsx([[1, None, "Lò Văn Páo", "Tổ 1", "", 3, None, None]]))
    client = client_for(officer)
    ImportJob.objects.filter(pk=job.pk).update(status=ImportStatus.COMMITTING, progress_total=1)
    job.refresh_from_db()
    services.Progress(job, "Đang ghi vào sổ")(2500, 10000, force=True)  # as the worker reports it
    response = client.get(f"/excel/{job.pk}/tien-do/")
    html = response.content.decode()
    assert 'hx-trigger="every 1s"' in html and "Đang ghi vào sổ" in html and "2.500/10.000" in html
    assert "HX-Refresh" not in response
    ImportJob.objects.filter(pk=job.pk).update(status=ImportStatus.COMMITTED)
    response = client.get(f"/excel/{job.pk}/tien-do/")
    assert response["HX-Refresh"] == "true" and "hx-trigger" not in response.content.decode()


def test_a_double_click_on_commit_writes_once(world, officer, make_xlsx, upload):
    _, job = upload(officer, make_xlsx([[1, None, "Lò Văn Páo", "Tổ 1", "", 3, None, None]]))
    stale_copy = ImportJob.objects.get(pk=job.pk)
    services.start_commit(job, actor=officer)
    with pytest.raises(services.ImportError_):
        services.start_commit(stale_copy, actor=officer)
    assert Household.objects.count() == 1


@pytest.fixture
def eight_groups(world):
    """The ward with tổ 1–8 (as Phường Quyết Tiến had), so the corpus files' groups resolve."""
    from vanhoa.units import services as units

    for n in range(4, 9):
        units.create_unit(actor=TEST, kind="group", name=f"Tổ dân phố số {n}", short_name=f"Tổ dân phố số {n}",
                          type_label="Tổ dân phố", parent=world.ward, order=n)  # fmt: skip
    return world


@pytest.mark.parametrize(
    "name", ["20_legacy.xls", "21_libreoffice.ods", "03_merged_header.xlsx", "22_merged_group_cells.xlsx"]
)
def test_files_in_the_formats_wards_keep_go_through_preview_and_commit(eight_groups, officer, upload, name):
    import json
    from pathlib import Path

    corpus = Path(__file__).resolve().parent / "corpus"
    expected = json.loads((corpus / f"{name}.expected.json").read_text(encoding="utf-8"))
    _, job = upload(officer, (corpus / name).read_bytes(), name=name)
    assert job.status == ImportStatus.PREVIEWED, job.error
    assert job.created + job.rejected >= expected["rows"] and job.skipped >= expected["skipped"]
    if name.endswith((".xls", ".ods")):
        assert job.rejected == 0
    if not job.rejected:
        services.start_commit(job, actor=officer)
        job.refresh_from_db()
        assert job.status == ImportStatus.COMMITTED and Household.objects.count() == expected["rows"]
        assert Household.objects.filter(head_name=expected["first"]["head_name"]).exists()


def test_a_job_that_no_worker_picks_up_says_so_after_a_while(world, officer, make_xlsx, upload, client_for):
    from datetime import timedelta

    from django.utils import timezone

    _, job = upload(officer, make_xlsx([[1, None, "Lò Văn Páo", "Tổ 1", "", 3, None, None]]))
    ImportJob.objects.filter(pk=job.pk).update(status=ImportStatus.PREVIEWING)
    client = client_for(officer)
    assert 'id="job-stalled"' not in client.get(f"/excel/{job.pk}/").content.decode()
    ImportJob.objects.filter(pk=job.pk).update(updated_at=timezone.now() - timedelta(minutes=20))
    html = client.get(f"/excel/{job.pk}/").content.decode()
    assert 'id="job-stalled"' in html and "db_worker" in html and "Tải lên tệp đã sửa" in html
