"""The time limit of a viewer's scope applies to every kind of dated record (#21 F12).

The city viewer's role sits on Thành phố Lai Châu, which ended on 30/06/2025: they see the records of its former
groups up to that day (a 2024 inspection, the 2024 festival), not what those groups did under Phường Đoàn Kết
afterwards (2026). A viewer of today's Tỉnh Lai Châu sees both.
"""

from __future__ import annotations

from datetime import date

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from vanhoa.accounts.models import Membership
from vanhoa.accounts.permissions import Cap, Role
from vanhoa.activities import services
from vanhoa.activities.models import Event, Festival, Finding, Inspection
from vanhoa.testing.actors import TEST


@pytest.fixture
def records(world):
    g1 = world.groups[0]
    out = {}
    for year, ward in ((2024, world.ward_2020), (2026, world.ward)):
        out[("inspection", year)] = services.create_inspection(
            actor=TEST,
            ward=ward,
            planned_on=date(year, 5, 10),
            subject_kind="group",
            group=g1,
            subject=f"Kiểm tra tổ dân phố số 1 năm {year}",
            checklist="danh-hieu:tdpvh",
            members=["Lò Văn Kiểm"],
        )
        out[("festival", year)] = services.record_festival(
            actor=TEST,
            group=g1,
            year=year,
            held_on=date(year, 11, 15),
            place=f"Nhà văn hóa {year}",
            participants=100,
            households_attending=80,
        )
        out[("event", year)] = services.create_event(
            actor=TEST,
            ward=ward,
            kind="training",
            held_on=date(year, 4, 2),
            topic=f"Tập huấn năm {year}",
            audience="Tổ trưởng",
            group=g1,
        )
    return out


def _province_viewer(world):
    user = get_user_model().objects.create_user(username="tinh_laichau", password="mat-khau-thu-nghiem")
    Membership.objects.create(user=user, unit=world.province, role=Role.VIEWER)
    return user


@pytest.mark.parametrize("model,key", [(Inspection, "inspection"), (Festival, "festival"), (Event, "event")])
def test_the_city_viewer_sees_its_former_groups_records_only_up_to_the_citys_last_day(world, records, model, key):
    viewer = world.users["city_viewer"]
    seen = set(model.objects.visible_to(viewer, Cap.ACTIVITIES_VIEW).values_list("pk", flat=True))
    assert records[(key, 2024)].pk in seen
    assert records[(key, 2026)].pk not in seen
    province = set(model.objects.visible_to(_province_viewer(world), Cap.ACTIVITIES_VIEW).values_list("pk", flat=True))
    assert {records[(key, 2024)].pk, records[(key, 2026)].pk} <= province


def test_findings_follow_their_inspection(world, records):
    viewer = world.users["city_viewer"]
    seen = set(Finding.objects.visible_to(viewer, Cap.ACTIVITIES_VIEW).values_list("inspection_id", flat=True))
    assert records[("inspection", 2024)].pk in seen and records[("inspection", 2026)].pk not in seen


def test_the_pages_of_the_city_viewer_hold_nothing_after_the_city_ended(world, records, client_for):
    client = client_for(world.users["city_viewer"])
    inspection = records[("inspection", 2026)]
    assert client.get(reverse("inspection-detail", kwargs={"pk": inspection.pk})).status_code == 404
    assert client.get(reverse("inspection-detail", kwargs={"pk": records[("inspection", 2024)].pk})).status_code == 200
    for url in (reverse("inspection-list"), reverse("festival-list")):
        html = client.get(url, {"nam": 2026}).content.decode()
        assert "Kiểm tra tổ dân phố số 1 năm 2026" not in html and "Nhà văn hóa 2026" not in html
