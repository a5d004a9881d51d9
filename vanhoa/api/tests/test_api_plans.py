"""Plans and activities: read through the plan's ward scope, with the computed "overdue" status."""

from datetime import date
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model

from vanhoa.accounts.models import Membership
from vanhoa.accounts.permissions import Role
from vanhoa.plans.choices import ActivityStatus, TargetIndicator, TargetUnit, Timing
from vanhoa.plans.models import Activity, Plan, Target


@pytest.fixture
def plans(world, monkeypatch):
    from django.utils import timezone

    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: date(2026, 11, 27))

    def plan(ward, year):
        return Plan.objects.create(
            ward=ward, year=year, issuer="BAN CHỈ ĐẠO", place="Đoàn Kết", title=f"Kế hoạch {year}"
        )

    old = plan(world.ward_2020, 2020)
    now = plan(world.ward, 2026)
    Target.objects.create(
        plan=now, indicator=TargetIndicator.CULTURAL_FAMILY_RATE, label="Gia đình văn hóa đạt",
        value=Decimal("98.4"), unit=TargetUnit.PERCENT,
    )  # fmt: skip
    acts = {
        "late": Activity.objects.create(
            plan=now, order=1, content="Tuyên truyền", timing=Timing.MONTHS, periods=[2, 3]
        ),
        "dec": Activity.objects.create(
            plan=now, order=2, content="Tổng kết", timing=Timing.MONTHS, periods=[12], status=ActivityStatus.IN_PROGRESS
        ),
        "done": Activity.objects.create(
            plan=now, order=3, content="Ngày hội 18/11", timing=Timing.MONTHS, periods=[11], status=ActivityStatus.DONE
        ),
        "old": Activity.objects.create(plan=old, order=1, content="Đăng ký", timing=Timing.MONTHS, periods=[1]),
    }
    far = plan(world.other_ward, 2026)
    acts["far_act"] = Activity.objects.create(plan=far, order=1, content="Him Lam", timing=Timing.YEAR)
    return {"old_plan": old, "now": now, "far": far, **acts}


def other_leader(world):
    user = get_user_model().objects.create_user(username="leader_him_lam", password="x")
    Membership.objects.create(user=user, unit=world.other_group, role=Role.GROUP_LEADER)
    return user


def test_plans_list_detail_and_scope(world, api_as, plans):
    client = api_as("leader_group1")  # group leaders see their ward's plans (and the predecessor's)
    body = client.get("/plans").json()
    assert [p["year"] for p in body["items"]] == [2026, 2020] and body["count"] == 2
    now = client.get(f"/plans/{plans['now'].pk}").json()
    assert now["ward_name"] == world.ward.name and now["title"] == "Kế hoạch 2026"
    assert now["progress"] == {"not_started": 0, "in_progress": 1, "done": 1, "overdue": 1, "total": 3}
    assert now["targets"][0]["indicator"] == "cultural_family_rate" and now["targets"][0]["unit"] == "percent"
    assert client.get("/plans", {"year": 2020}).json()["count"] == 1
    assert client.get("/plans", {"unit": world.ward_2020.pk}).json()["count"] == 1
    assert client.get("/plans", {"unit": world.ward.pk}).json()["count"] == 2  # rolls up the predecessor
    assert client.get(f"/plans/{plans['far'].pk}").status_code == 404
    him_lam = api_as(other_leader(world))
    assert [p["id"] for p in him_lam.get("/plans").json()["items"]] == [plans["far"].pk]
    assert him_lam.get(f"/plans/{plans['now'].pk}").status_code == 404
    assert api_as("anonymous").get("/plans").status_code == 401
    assert api_as("anonymous").get(f"/plans/{plans['now'].pk}").status_code == 401


def test_activities_with_computed_status(world, api_as, plans):
    client = api_as("ward_head")
    body = client.get("/activities", {"year": 2026}).json()
    assert [(a["content"], a["status"]) for a in body["items"]] == [
        ("Tuyên truyền", "overdue"),
        ("Tổng kết", "in_progress"),
        ("Ngày hội 18/11", "done"),
    ]
    late = client.get(f"/activities/{plans['late'].pk}").json()
    assert late["status_label"] == "Quá hạn" and late["stored_status"] == "not_started"
    assert late["timing"] == "Tháng 2,3" and late["months"] == [2, 3] and late["plan_id"] == plans["now"].pk
    overdue = client.get("/activities", {"status": "overdue"}).json()
    assert {a["id"] for a in overdue["items"]} == {plans["late"].pk, plans["old"].pk} and overdue["count"] == 2
    assert client.get("/activities", {"status": "done"}).json()["count"] == 1
    assert client.get("/activities", {"status": "overdue", "limit": 1, "offset": 1}).json()["items"][0]["id"] in {
        plans["late"].pk,
        plans["old"].pk,
    }
    assert client.get("/activities", {"plan": plans["old_plan"].pk}).json()["count"] == 1
    assert client.get(f"/activities/{plans['far_act'].pk}").status_code == 404
    him_lam = api_as(other_leader(world))
    assert [a["id"] for a in him_lam.get("/activities").json()["items"]] == [plans["far_act"].pk]
    assert him_lam.get(f"/activities/{plans['late'].pk}").status_code == 404
    assert api_as("anonymous").get("/activities").status_code == 401
