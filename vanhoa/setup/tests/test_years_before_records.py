"""A commune that starts its records in 2026 shows "chưa có số liệu" for the years before, not 0; an import
states the date its list was made, and households without an arrival date arrive on that date."""

from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from vanhoa.imports.models import ImportJob
from vanhoa.imports.tests.sheets import xlsx
from vanhoa.registry.models import Household
from vanhoa.reports import dashboard

pytestmark = pytest.mark.django_db


def _upload(client, data, listed_on=""):
    response = client.post(
        "/excel/",
        {"kind": "households", "households__listed_on": listed_on, "file": SimpleUploadedFile("ds.xlsx", data)},
    )
    return response, ImportJob.objects.order_by("-pk").first()


@pytest.fixture(autouse=True)
def _private_media(settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = str(tmp_path / "private")


def test_households_without_an_arrival_date_arrive_on_the_date_the_list_was_made(world, client_for):
    known = world.household(world.groups[0], "Lò Văn Páo", code="QT-001", since=date(2015, 3, 15))
    client = client_for(world.users["front_officer"])
    data = xlsx(
        [
            [1, "QT-001", "Lò Văn Páo", "Tổ 1", "", 4, None, None],  # known household: keeps 15/03/2015
            [2, None, "Vàng A Sáng", "Tổ 3", "Số 1", 6, None, None],  # new, no date: the list's date
            [3, None, "Tòng Thị Phương", "Tổ 1", "Số 2", 2, None, "01/06/2020"],  # new, its own date
        ]
    )
    response, job = _upload(client, data, listed_on="10/01/2026")
    assert job.options == {"listed_on": "2026-01-10"}
    page = client.get(f"/excel/{job.pk}/").content.decode()
    assert "Danh sách lập ngày 10/01/2026" in page
    client.post(f"/excel/{job.pk}/ghi/")
    since = dict(Household.objects.values_list("head_name", "since"))
    assert since["Vàng A Sáng"] == date(2026, 1, 10)
    assert since["Tòng Thị Phương"] == date(2020, 6, 1)
    known.refresh_from_db()
    assert known.since == date(2015, 3, 15)


def test_a_list_date_in_the_future_is_refused_with_the_field_named(world, client_for):
    client = client_for(world.users["front_officer"])
    response, _ = _upload(client, xlsx([[1, None, "Vàng A Sáng", "Tổ 3", "", 6, None, None]]), listed_on="01/01/2099")
    assert "Ngày lập danh sách không được sau hôm nay." in response.content.decode()


def test_years_before_the_records_begin_show_no_figures_instead_of_zero(world, client_for):
    for i in range(3):
        world.household(world.groups[0], f"Hộ {i}", since=date(2026, 1, 10))
    assert dashboard.records_begin(world.ward) == 2026
    d = dashboard.build(world.ward, 2026, trend_to=2026)
    assert {y for y, _ in d.trend if y < 2026} <= d.before_records and 2026 not in d.before_records
    client = client_for(world.users["ward_head"])
    trend = client.get(f"/bao-cao/chi-tieu/{world.ward.pk}/qua-cac-nam/?nam=2026", HTTP_HX_REQUEST="true")
    assert trend.status_code == 200  # the page loads its trend after itself
    assert 'id="trend"' not in trend.content.decode()  # no line of zeros for 2018–2025: nothing to draw


def test_the_records_begin_with_the_earliest_arrival_date(world):
    for i in range(3):
        world.household(world.groups[0], f"Hộ {i}", since=date(2024, 1, 10))
    d = dashboard.build(world.ward, 2026, trend_to=2026)
    assert d.before_records == {y for y, _ in d.trend if y < 2024}
