"""Who sees and writes what: the ward writes inspections, trainings, outreach and money; a group leader records
their own group's festival and sees their group's inspections (read only); out of scope is 404, in scope
without the write capability 403."""

from __future__ import annotations

from datetime import date

from vanhoa.activities import funding, services
from vanhoa.activities.models import Festival, Inspection
from vanhoa.testing.actors import TEST

from .conftest import agency_inspection, group_inspection, hold


def test_a_group_leader_sees_their_groups_inspection_but_does_not_write_it(world, today, client_for):
    mine = hold(group_inspection(world, group=world.groups[0]), failed={"2"})
    theirs = group_inspection(world, group=world.groups[1])
    failed = mine.findings.get(code="2")
    client = client_for(world.users["leader_group1"])
    assert client.get(f"/hoat-dong/kiem-tra/{mine.pk}/").status_code == 200
    assert client.get(f"/hoat-dong/kiem-tra/{theirs.pk}/").status_code == 404
    for url in [f"/hoat-dong/kiem-tra/{mine.pk}/sua/", f"/hoat-dong/kiem-tra/{mine.pk}/ket-qua/",
                f"/hoat-dong/kiem-tra/tieu-chi/{failed.pk}/khac-phuc/",
                f"/hoat-dong/kiem-tra/tieu-chi/{failed.pk}/canh-bao/"]:
        assert client.get(url).status_code == 403, url
        assert client.post(url, {}).status_code == 403, url
    for url in [f"/hoat-dong/kiem-tra/{theirs.pk}/sua/", f"/hoat-dong/kiem-tra/{theirs.pk}/ket-qua/"]:
        assert client.get(url).status_code == 404, url
    html = client.get("/hoat-dong/kiem-tra/?nam=2020").content.decode()
    assert "Tổ dân phố số 1" in html and "Tổ dân phố số 2" not in html
    assert "Kiểm tra tổ dân phố</a>" not in html  # no "add" button


def test_a_group_leader_records_only_their_own_groups_festival(world, today, client_for, media):
    client = client_for(world.users["leader_group1"])
    url = "/hoat-dong/ngay-hoi/to/{}/?nam=2020"
    assert client.get(url.format(world.groups[0].pk)).status_code == 200
    assert client.get(url.format(world.groups[1].pk)).status_code == 404
    response = client.post(url.format(world.groups[0].pk), {
        "held": "1", "held_on": "15/11/2020", "participants": "160", "households_attending": "118",
        "programme": "Văn nghệ\nBiểu dương gia đình văn hóa", "commendations": "Hộ ông Lò Văn Páo – UBND phường",
    })
    festival = Festival.objects.get()
    assert response.status_code == 302 and response.url == f"/hoat-dong/ngay-hoi/{festival.pk}/"
    assert festival.recorded_by_name == "leader_group1" and festival.participants == 160
    other = services.record_festival(actor=TEST, group=world.groups[1], year=2020, held=False)
    assert client.get(f"/hoat-dong/ngay-hoi/{other.pk}/").status_code == 404
    page = client.get("/hoat-dong/ngay-hoi/?nam=2020").content.decode()
    assert "Tổ dân phố số 1" in page and "Tổ dân phố số 2" not in page
    # no money for a group leader
    assert client.get("/hoat-dong/kinh-phi/").status_code == 403
    assert "Ngân sách hỗ trợ" not in client.get(f"/hoat-dong/ngay-hoi/{festival.pk}/").content.decode()


def test_ward_records_stay_in_their_ward(world, today, client_for):
    event = services.create_event(actor=TEST, ward=world.ward, kind="training", held_on=date(2025, 10, 2),
                                  topic="Tập huấn", audience="Tổ trưởng")
    elsewhere = services.create_event(actor=TEST, ward=world.other_ward, kind="training", held_on=date(2025, 10, 2),
                                      topic="Tập huấn ở Him Lam", audience="Tổ trưởng")
    client = client_for(world.users["culture_officer"])
    assert client.get(f"/hoat-dong/buoi/{event.pk}/sua/").status_code == 200
    assert client.get(f"/hoat-dong/buoi/{elsewhere.pk}/").status_code == 404
    assert client_for(world.users["leader_group1"]).get(f"/hoat-dong/buoi/{event.pk}/").status_code == 404
    assert "Tập huấn ở Him Lam" not in client.get("/hoat-dong/tap-huan/?nam=2025").content.decode()


def test_money_is_written_by_the_front_and_culture_officers_and_read_by_the_union(world, today, client_for):
    allocation = funding.record_allocation(actor=TEST, ward=world.ward, source="Ngân sách phường",
                                           decision_date=date(2025, 8, 1), amount=5_000_000)
    url = f"/hoat-dong/kinh-phi/ngan-sach/{allocation.pk}/sua/"
    assert client_for(world.users["front_officer"]).get(url).status_code == 200
    assert client_for(world.users["culture_officer"]).get(url).status_code == 200
    union = client_for(world.users["union_officer"])
    assert union.get(url).status_code == 403
    assert union.get("/hoat-dong/kinh-phi/?nam=2025").status_code == 200
    assert client_for(world.users["city_viewer"]).get(url).status_code == 403


def test_title_flags_show_on_the_inspected_units_page(world, today, client_for):
    inspection = hold(group_inspection(world, group=world.groups[0]), failed={"3"})
    services.flag_title_consequence(inspection.findings.get(code="3"), consequence="block",
                                    reason="Môi trường chưa sạch đẹp", actor=TEST)
    agency = hold(agency_inspection(world), failed={"2"})
    services.flag_title_consequence(agency.findings.get(code="2"), consequence="revoke",
                                    reason="Vi phạm văn hóa công sở", actor=TEST)
    officer = client_for(world.users["front_officer"])
    unit_page = officer.get(f"/don-vi/{world.groups[0].pk}/").content.decode()
    assert "Không xét danh hiệu năm nay" in unit_page and "Môi trường chưa sạch đẹp" in unit_page
    agency_page = officer.get(f"/co-quan/{agency.agency.pk}/").content.decode()
    assert "Đề nghị thu hồi danh hiệu" in agency_page and "Vi phạm văn hóa công sở" in agency_page
    assert "Môi trường chưa sạch đẹp" not in officer.get(f"/don-vi/{world.groups[1].pk}/").content.decode()
    assert Inspection.objects.count() == 2
