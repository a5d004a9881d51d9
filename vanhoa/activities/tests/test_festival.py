"""The 18/11 festival: one record per group and year, photos, funds linked to it, and the ward summary (page and
XLSX) of every group: held, not held, not reported."""

from __future__ import annotations

import io
from datetime import date, datetime

import pytest
from openpyxl import load_workbook

from vanhoa.activities import funding, services
from vanhoa.activities.models import Festival
from vanhoa.activities.reports import festival_summary
from vanhoa.core.models import AuditEntry
from vanhoa.testing.actors import TEST
from vanhoa.units import services as units

from .conftest import jpeg


def test_a_group_records_its_festival_once_a_year_and_can_correct_it(world, today, media, plan_2020):
    festival = services.record_festival(
        actor=TEST, group=world.groups[0], year=2020, held_on=date(2020, 11, 15), place="Nhà văn hóa tổ 1",
        participants=160, households_attending=118, programme=["Văn nghệ", "", "Biểu dương gia đình văn hóa"],
        commendations=["Hộ ông Lò Văn Páo – UBND phường", {"name": "Bà Tòng Thị Phương", "by": "Ủy ban MTTQ"}],
        files=[jpeg("ngay-hoi.jpg")],
    )
    assert festival.ward == world.ward_2020 and festival.activity.category == "unity_festival"
    assert festival.programme == ["Văn nghệ", "Biểu dương gia đình văn hóa"]
    assert festival.commendations == [{"name": "Hộ ông Lò Văn Páo", "by": "UBND phường"},
                                      {"name": "Bà Tòng Thị Phương", "by": "Ủy ban MTTQ"}]
    assert festival.files.get().unit == world.groups[0]
    again = services.record_festival(actor=TEST, group=world.groups[0], year=2020, held_on=date(2020, 11, 15),
                                     participants=165, households_attending=118)
    assert again.pk == festival.pk and Festival.objects.count() == 1 and again.participants == 165
    entry = AuditEntry.objects.get(action="activities.festival.updated")
    assert entry.changes["participants"] == [160, 165] and entry.unit == world.groups[0]


def test_festival_input_is_checked(world, today):
    g = world.groups[0]
    cases = [
        (dict(held_on=None), "Ngày tổ chức: vui lòng nhập"),
        (dict(held_on=date(2021, 11, 18)), "Ngày tổ chức: 18/11/2021 không thuộc năm 2020"),
        (dict(held_on=date(2020, 11, 18), participants=50, households_attending=80), "Số hộ tham dự: 80 hộ nhiều hơn"),
        (dict(held=False, files=[jpeg()]), "Ảnh: Ngày hội chưa tổ chức thì chưa đính kèm ảnh"),
    ]
    for kwargs, message in cases:
        with pytest.raises(services.ActivityError, match=message):
            services.record_festival(actor=TEST, group=g, year=2020, **kwargs)
    with pytest.raises(services.ActivityError, match="Năm: Tổ dân phố số 1 không còn"):
        units.merge_units([g], into=world.groups[1], effective=date(2022, 1, 1), actor=TEST)
        g.refresh_from_db()
        services.record_festival(actor=TEST, group=g, year=2023, held_on=date(2023, 11, 18))
    assert not Festival.objects.exists()


def test_the_ward_summary_counts_every_group_held_or_not(world, today, media, client_for):
    g1, g2, g3 = world.groups
    f1 = services.record_festival(actor=TEST, group=g1, year=2020, held_on=date(2020, 11, 15), participants=160,
                                  households_attending=118, files=[jpeg("a.jpg"), jpeg("b.jpg")])
    services.record_festival(actor=TEST, group=g2, year=2020, held=False, note="Mưa lũ, dời sang năm sau")
    funding.record_allocation(actor=TEST, ward=world.ward_2020, source="Ngân sách phường hỗ trợ các tổ",
                              decision_date=date(2020, 10, 20), amount=3_000_000)
    funding.record_expense(actor=TEST, ward=world.ward_2020, spent_on=date(2020, 11, 14), amount=1_000_000,
                           description="Hỗ trợ tổ 1 tổ chức Ngày hội", source="budget", festival=f1)
    funding.record_contribution(actor=TEST, ward=world.ward_2020, donor_name="Ông Nguyễn Văn Thắng",
                                value=2_000_000, received_on=date(2020, 11, 9), festival=f1)
    funding.record_expense(actor=TEST, ward=world.ward_2020, spent_on=date(2020, 11, 15), amount=1_800_000,
                           description="Liên hoan", source="donation", festival=f1)
    summary = festival_summary(world.ward, 2020)
    assert [r.status for r in summary.rows] == ["Đã tổ chức", "Không tổ chức", "Chưa báo cáo"]
    assert (summary.held, summary.total, summary.not_reported, summary.participants, summary.photos) == (1, 3, 1,
                                                                                                        160, 2)
    assert summary.rows[0].funds == {"budget": 1_000_000, "donation_cash": 2_000_000, "donation_in_kind": 0,
                                     "spent": 2_800_000}
    # a group leader sees their own row; the union officer sees the festivals but not the money
    mine = festival_summary(world.ward, 2020, user=world.users["leader_group1"])
    assert [r.group for r in mine.rows] == [g1]
    officer = festival_summary(world.ward, 2020, user=world.users["union_officer"], with_funds=False)
    assert officer.total == 3 and officer.rows[0].funds is None

    client = client_for(world.users["front_officer"])
    html = client.get("/hoat-dong/ngay-hoi/?nam=2020").content.decode()
    assert "<strong>1/3</strong> tổ dân phố đã tổ chức, 1 tổ chưa báo cáo" in html and "160 người" in html
    wb = load_workbook(io.BytesIO(client.get("/hoat-dong/ngay-hoi/tong-hop.xlsx?nam=2020").content))
    rows = [r for r in wb.active.iter_rows(min_row=5, values_only=True)]
    assert rows[0][:7] == (1, "Tổ dân phố số 1", "Đã tổ chức", datetime(2020, 11, 15), 160, 118, 2)
    # the day is a date shown dd/mm/yyyy; counts and money read 1.130 and 2.800.000 in a Vietnamese Excel
    assert wb.active["D5"].number_format == "DD/MM/YYYY"
    assert {wb.active.cell(5, c).number_format for c in range(5, 12)} == {"#,##0"}
    assert rows[0][7:] == (1_000_000, 2_000_000, 0, 2_800_000)
    assert rows[1][2] == "Không tổ chức" and rows[2][2] == "Chưa báo cáo"
    assert rows[3][1:3] == ("Cộng", "1/3 tổ đã tổ chức")
