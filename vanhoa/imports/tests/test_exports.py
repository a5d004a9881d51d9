"""Lists to .xlsx: Vietnamese headers, real dates and numbers, frozen header, autofilter, scoping, masking."""

from __future__ import annotations

import os
import shutil
import subprocess
from datetime import date
from io import BytesIO
from pathlib import Path

import pytest
from openpyxl import load_workbook

from vanhoa.accounts.permissions import ROLE_CAPABILITIES, Cap, Role
from vanhoa.imports.xlsx import Column, filename, sheet_title, write_table
from vanhoa.registry import services as registry
from vanhoa.testing.actors import TEST


def sheet(response):
    assert response.status_code == 200, response.status_code
    assert response["Content-Type"].startswith("application/vnd.openxmlformats-officedocument.spreadsheetml")
    disposition = response["Content-Disposition"]
    assert disposition.startswith('attachment; filename="') and disposition.endswith('.xlsx"')
    return load_workbook(BytesIO(response.content)).active


def values(ws):
    return [[c.value for c in row] for row in ws.iter_rows()]


def test_write_table_makes_a_sheet_offices_can_filter_and_read():
    data = write_table(
        "Kinh phí năm 2020: chi tiết [mẫu]",
        [Column("Nội dung", 30), Column("Số tiền (đồng)", kind="money"), Column("Ngày chi", kind="date"),
         Column("Tỷ lệ", kind="percent"), "Ghi chú"],  # fmt: skip
        [
            ["Liên hoan 18/11", 12_500_000, date(2020, 11, 18), 0.984, "có\x07 hóa đơn"],
            ["Khen thưởng", None, None, None, ""],
        ],
    )
    ws = load_workbook(BytesIO(data)).active
    assert ws.title == "Kinh phí năm 2020 chi tiết mẫu"
    assert ws.freeze_panes == "A2" and ws.auto_filter.ref == "A1:E3"
    assert [c.value for c in ws[1]] == ["Nội dung", "Số tiền (đồng)", "Ngày chi", "Tỷ lệ", "Ghi chú"]
    assert ws[1][0].font.b
    money, day, rate = ws["B2"], ws["C2"], ws["D2"]
    assert money.value == 12_500_000 and money.data_type == "n" and money.number_format == "#,##0"
    assert day.value.date() == date(2020, 11, 18) and day.number_format == "DD/MM/YYYY"
    assert rate.value == 0.984 and rate.number_format == "0.0%"
    assert ws["E2"].value == "có hóa đơn"  # control characters that XML cannot hold are dropped
    assert ws["B3"].value is None and ws["E3"].value is None
    assert ws.column_dimensions["A"].width == 30


def test_names_for_sheets_and_files():
    assert sheet_title("Danh sách: hộ/gia đình?") == "Danh sách hộ gia đình"
    assert sheet_title("Danh sách hộ gia đình Phường Quyết Tiến") == "Danh sách hộ gia đình Phường Qu"
    assert sheet_title(" : ") == "Danh sách"
    assert filename("Danh sách hộ gia đình Quyết Tiến 18-11-2020") == "danh-sach-ho-gia-dinh-quyet-tien-18-11-2020.xlsx"


@pytest.fixture
def households(world):
    a = world.household(world.groups[0], "Lò Văn Páo", member_count=4, code="QT-001", phone="0912345678",
                        since=date(2019, 3, 15), address="Số 3")  # fmt: skip
    b = world.household(world.groups[1], "Đỗ Thị Dung", member_count=3, code="QT-002", phone="0987654321")
    c = world.household(world.groups[0], "Vàng A Sáng", member_count=2, code="QT-003")
    registry.change_household_status(c, actor=TEST, status="moved_out", on=date(2024, 1, 2), reason="Chuyển đi")
    world.household(world.other_group, "Người Phường Khác", code="HL-001")
    return a, b, c


def test_household_export_has_the_list_headers_and_formats(world, households, client_for):
    ws = sheet(client_for(world.users["front_officer"]).get("/excel/xuat/ho-gia-dinh/"))
    assert ws.title == "Danh sách hộ" and ws.freeze_panes == "A2" and ws.auto_filter.ref == "A1:J3"
    assert values(ws)[0] == ["STT", "Mã hộ", "Họ và tên chủ hộ", "Tổ dân phố", "Địa chỉ", "Số nhân khẩu",
                             "Số điện thoại", "Ngày đến", "Tình trạng", "Ghi chú"]  # fmt: skip
    # active households by default (as the list), by given name: Dung before Páo; the other ward never
    assert [r[2] for r in values(ws)[1:]] == ["Đỗ Thị Dung", "Lò Văn Páo"]
    paos = ws[3]
    assert paos[7].value.date() == date(2019, 3, 15) and paos[7].number_format == "DD/MM/YYYY"
    assert paos[5].value == 4 and paos[5].number_format == "#,##0" and paos[0].value == 2
    assert paos[6].value == "0912345678" and paos[6].data_type == "s"  # the leading zero stays


def test_household_export_follows_the_filters_of_the_list_page(world, households, client_for):
    client = client_for(world.users["ward_head"])
    ws = sheet(client.get("/excel/xuat/ho-gia-dinh/", {"group": world.groups[0].pk, "status": "all"}))
    assert [(r[2], r[8]) for r in values(ws)[1:]] == [("Lò Văn Páo", "Đang cư trú"), ("Vàng A Sáng", "Đã chuyển đi")]
    ws = sheet(client.get("/excel/xuat/ho-gia-dinh/", {"q": "do thi dung"}))
    assert [r[2] for r in values(ws)[1:]] == ["Đỗ Thị Dung"]
    # the list page links to the export with its filters
    html = client.get("/ho-gia-dinh/", {"q": "dung", "group": world.groups[1].pk}).content.decode()
    assert f'href="/excel/xuat/ho-gia-dinh/?q=dung&amp;group={world.groups[1].pk}&amp;status=active"' in html


def test_a_group_leader_exports_only_their_group(world, households, client_for):
    ws = sheet(client_for(world.users["leader_group1"]).get("/excel/xuat/ho-gia-dinh/"))
    assert [r[2] for r in values(ws)[1:]] == ["Lò Văn Páo"]


def test_phones_are_masked_for_roles_without_the_phone_capability(world, households, client_for, monkeypatch):
    caps = ROLE_CAPABILITIES[Role.FRONT_OFFICER] - {Cap.HOUSEHOLDS_PHONE}
    monkeypatch.setitem(ROLE_CAPABILITIES, Role.FRONT_OFFICER, caps)
    ws = sheet(client_for(world.users["front_officer"]).get("/excel/xuat/ho-gia-dinh/"))
    assert [r[6] for r in values(ws)[1:]] == ["098****321", "091****678"]


def test_roles_without_households_cannot_export_them(world, households, client_for):
    assert client_for(world.users["union_officer"]).get("/excel/xuat/ho-gia-dinh/").status_code == 403
    assert client_for(world.users["city_viewer"]).get("/excel/xuat/ho-gia-dinh/").status_code == 403


def test_agency_and_street_exports(world, client_for):
    registry.create_agency(actor=TEST, ward=world.ward, name="Trường Tiểu học Quyết Tiến", kind="don_vi",
                           group=world.groups[0], staff_count=1250, address="Số 1")  # fmt: skip
    registry.create_agency(actor=TEST, ward=world.other_ward, name="Trạm Y tế Him Lam")
    registry.create_street(actor=TEST, ward=world.ward, name="Đường Trần Phú", stretch="Từ ngã ba đến cầu",
                           length_m=12500, groups=[world.groups[1], world.groups[0]])  # fmt: skip
    client = client_for(world.users["union_officer"])
    ws = sheet(client.get("/excel/xuat/co-quan/"))
    assert values(ws) == [
        ["STT", "Tên cơ quan, đơn vị", "Loại", "Tổ dân phố", "Địa chỉ", "Thủ trưởng", "Số cán bộ, người lao động",
         "Công đoàn phụ trách", "Tình trạng"],
        [1, "Trường Tiểu học Quyết Tiến", "Đơn vị", "Tổ dân phố số 1", "Số 1", None, 1250, "Công đoàn phường",
         "Đang hoạt động"],
    ]  # fmt: skip
    assert ws["G2"].number_format == "#,##0" and ws.freeze_panes == "A2" and ws.auto_filter.ref == "A1:I2"
    assert len(values(sheet(client.get("/excel/xuat/co-quan/", {"q": "khong co"})))) == 1
    ws = sheet(client_for(world.users["culture_officer"]).get("/excel/xuat/tuyen-pho/"))
    assert values(ws)[1] == [1, "Đường Trần Phú", "Từ ngã ba đến cầu", 12500, "Tổ dân phố số 1, Tổ dân phố số 2",
                             "Đang theo dõi"]  # fmt: skip
    assert ws["D2"].number_format == "#,##0"
    # the city committee sees agencies and streets of every ward below it, read-only
    assert client_for(world.users["city_viewer"]).get("/excel/xuat/tuyen-pho/").status_code == 200
    assert client_for(world.users["leader_group1"]).get("/excel/xuat/co-quan/").status_code == 403


def test_the_list_pages_have_export_buttons(world, client_for):
    client = client_for(world.users["ward_head"])
    assert 'href="/excel/xuat/co-quan/"' in client.get("/co-quan/").content.decode()
    assert 'href="/excel/xuat/tuyen-pho/"' in client.get("/tuyen-pho/").content.decode()
    assert 'id="export-households"' in client.get("/ho-gia-dinh/").content.decode()


def test_an_exported_household_list_imports_back_unchanged(world, households, client_for, upload):
    exported = client_for(world.users["front_officer"]).get("/excel/xuat/ho-gia-dinh/").content
    _, job = upload(world.users["front_officer"], exported, name="xuat.xlsx")
    assert (job.created, job.updated, job.unchanged, job.rejected) == (0, 0, 2, 0)


CALC = Path("/usr/lib/libreoffice/program/libsclo.so")


@pytest.mark.slow
@pytest.mark.skipif(not (CALC.exists() and shutil.which("soffice") and shutil.which("pdftotext")),
                    reason="LibreOffice Calc and pdftotext are needed")  # fmt: skip
def test_libreoffice_in_the_vietnamese_locale_shows_vietnamese_numbers_and_dates(tmp_path):
    data = write_table(
        "Kiểm tra",
        [Column("Nội dung", 20), Column("Số tiền", kind="money"), Column("Ngày", kind="date"),
         Column("Tỷ lệ", kind="percent")],  # fmt: skip
        [["Liên hoan", 12_500_000, date(2020, 11, 18), 0.984]],
    )
    (tmp_path / "t.xlsx").write_bytes(data)
    env = {**os.environ, "LC_ALL": "vi_VN.UTF-8", "LANG": "vi_VN.UTF-8"}
    subprocess.run(
        ["soffice", f"-env:UserInstallation=file://{tmp_path}/profile", "--headless", "--convert-to", "pdf",
         "--outdir", str(tmp_path), str(tmp_path / "t.xlsx")],
        env=env, capture_output=True, timeout=180, check=True,
    )  # fmt: skip
    text = subprocess.run(["pdftotext", "-layout", str(tmp_path / "t.pdf"), "-"], capture_output=True, text=True).stdout
    assert "12.500.000" in text and "18/11/2020" in text and "98,4%" in text
