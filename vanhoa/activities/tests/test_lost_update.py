"""No silent lost update on the inspection, event and festival pages (issue 21, F4)."""

from __future__ import annotations

import re
from datetime import date

from vanhoa.activities import services
from vanhoa.activities.models import Event, Festival, Inspection
from vanhoa.activities.tests.conftest import group_inspection
from vanhoa.testing.actors import TEST
from vanhoa.testing.forms import page_data

ROWS = re.compile(r'<tr data-field="(\w+)">')


def test_a_stale_save_of_an_event_is_not_applied(world, today, client_for):
    event = services.create_event(actor=TEST, ward=world.ward, kind="training", held_on=date(2026, 10, 2),
                                  topic="Tập huấn", audience="Tổ trưởng")  # fmt: skip
    client = client_for(world.users["culture_officer"])
    url = f"/hoat-dong/buoi/{event.pk}/sua/"
    opened = client.get(url).content.decode()
    services.update_event(event, actor=TEST, topic="Tập huấn nghiệp vụ")
    html = client.post(url, page_data(opened, audience="Trưởng ban công tác Mặt trận")).content.decode()
    assert 'id="version-conflict"' in html and ROWS.findall(html) == ["topic", "audience"]
    assert Event.objects.get(pk=event.pk).audience == "Tổ trưởng"


def test_a_stale_save_of_an_inspection_is_not_applied(world, today, client_for):
    inspection = group_inspection(world, planned_on=date(2026, 12, 10))
    client = client_for(world.users["culture_officer"])
    url = f"/hoat-dong/kiem-tra/{inspection.pk}/sua/"
    opened = client.get(url).content.decode()
    services.update_inspection(inspection, actor=TEST, place="Nhà văn hóa tổ 1")
    html = client.post(url, page_data(opened, subject="Kiểm tra việc thực hiện quy ước")).content.decode()
    assert 'id="version-conflict"' in html and ROWS.findall(html) == ["subject", "place"]
    assert Inspection.objects.get(pk=inspection.pk).subject == inspection.subject


def test_a_festival_recorded_by_someone_else_after_the_page_opened_is_not_overwritten(world, today, client_for):
    client = client_for(world.users["leader_group1"])
    url = f"/hoat-dong/ngay-hoi/to/{world.groups[0].pk}/?nam=2026"
    opened = client.get(url).content.decode()
    assert 'name="_version" value="new"' in opened
    services.record_festival(actor=TEST, group=world.groups[0], year=2026, held_on=date(2026, 11, 15),
                             participants=160, households_attending=100)  # fmt: skip
    html = client.post(url, page_data(opened, participants="120", households_attending="90")).content.decode()
    assert 'id="version-conflict"' in html and "participants" in ROWS.findall(html)
    assert Festival.objects.get().participants == 160


def test_a_stale_save_of_a_budget_allocation_is_not_applied(world, today, client_for):
    from decimal import Decimal

    from vanhoa.activities import funding
    from vanhoa.activities.models import Allocation

    allocation = funding.record_allocation(
        actor=TEST, ward=world.ward, decision_date=date(2026, 3, 1), amount=Decimal(5_000_000),
        decision_number="12/QĐ-UBND", source="Ngân sách phường",
    )  # fmt: skip
    client = client_for(world.users["ward_head"])
    url = f"/hoat-dong/kinh-phi/ngan-sach/{allocation.pk}/sua/"
    opened = client.get(url).content.decode()
    funding.update_allocation(allocation, actor=TEST, amount=Decimal(6_000_000))
    html = client.post(url, page_data(opened, decision_number="13/QĐ-UBND")).content.decode()
    assert 'id="version-conflict"' in html and ROWS.findall(html) == ["decision_number", "amount"]
    assert "6.000.000" in html and "5.000.000" in html
    saved = Allocation.objects.get(pk=allocation.pk)
    assert (saved.amount, saved.decision_number) == (Decimal(6_000_000), "12/QĐ-UBND")
