"""Title registrations (with review results) and decisions: scoped like the title pages; households show only
the head's name and group."""

from datetime import date

import pytest
from django.contrib.auth import get_user_model

from vanhoa.accounts.models import Membership
from vanhoa.accounts.permissions import Role
from vanhoa.reports.tests.conftest import decision, results
from vanhoa.titles.choices import Outcome, State
from vanhoa.titles.models import ReviewEntry, ReviewMeeting


@pytest.fixture
def titles(world):
    from vanhoa.titles.rules_data import load_rules

    load_rules()
    duc = world.household(world.groups[0], "Nguyễn Văn Đức", phone="0912345678", address="Số 5 đường Trần Phú")
    an = world.household(world.groups[1], "Hoàng Văn An", phone="0987654321")
    pao = world.household(world.other_group, "Lò Văn Páo")
    signed = decision(world.ward, 2025, "gdvh", date(2025, 12, 10), number="5")
    recognised = results([duc, an], 2025, signed=signed)
    registered = results([duc], 2026, state=State.REVIEWED)[0]
    c = registered
    meeting = ReviewMeeting.objects.create(
        title_type=c.title_type, rule_set=c.rule_set, year=2026, unit=world.groups[0], ward=world.ward,
        held_on=date(2026, 11, 15),
    )  # fmt: skip
    entry = ReviewEntry.objects.create(
        meeting=meeting, candidacy=c, criteria_met=True, votes_for=30, votes_against=2, outcome=Outcome.PASSED
    )
    c.review_entry = entry
    c.save()
    far_decision = decision(world.other_ward, 2025, "gdvh", date(2025, 12, 1))
    far = results([pao], 2025, signed=far_decision)[0]
    return {"duc_2025": recognised[0], "an_2025": recognised[1], "duc_2026": c, "decision": signed,
            "far": far, "far_decision": far_decision}  # fmt: skip


def test_registrations_scope_fields_and_filters(world, api_as, titles):
    leader = api_as("leader_group1")
    body = leader.get("/titles/registrations").json()
    assert body["count"] == 2 and {r["subject_name"] for r in body["items"]} == {"Nguyễn Văn Đức"}
    now = leader.get(f"/titles/registrations/{titles['duc_2026'].pk}").json()
    assert now["title_type"] == "gdvh" and now["year"] == 2026 and now["state"] == "reviewed"
    assert now["group_id"] == world.groups[0].pk and now["group_name"] == world.groups[0].name
    assert now["review"]["outcome"] == "passed" and now["review"]["votes_for"] == 30
    assert now["review"]["criteria_met"] is True and now["review"]["held_on"] == "2026-11-15"
    text = str(now)
    assert "0912345678" not in text and "Trần Phú" not in text and "phone" not in now and "address" not in now
    old = leader.get(f"/titles/registrations/{titles['duc_2025'].pk}").json()
    assert old["decision_number"] == "05/QĐ-UBND" and old["decision_date"] == "2025-12-10" and old["review"] is None
    # another group's household: 404 for this leader, visible to the ward
    assert leader.get(f"/titles/registrations/{titles['an_2025'].pk}").status_code == 404
    head = api_as("ward_head")
    assert head.get("/titles/registrations").json()["count"] == 3
    assert head.get("/titles/registrations", {"year": 2025}).json()["count"] == 2
    assert head.get("/titles/registrations", {"state": "reviewed"}).json()["count"] == 1
    assert head.get("/titles/registrations", {"unit": world.groups[1].pk}).json()["count"] == 1
    assert head.get("/titles/registrations", {"title_type": "tdpvh"}).json()["count"] == 0
    assert head.get(f"/titles/registrations/{titles['far'].pk}").status_code == 404
    assert api_as("anonymous").get("/titles/registrations").status_code == 401


def test_decisions_with_the_count_recognised(world, api_as, titles):
    head = api_as("front_officer")
    body = head.get("/titles/decisions").json()
    assert [d["id"] for d in body["items"]] == [titles["decision"].pk]
    d = head.get(f"/titles/decisions/{titles['decision'].pk}").json()
    assert d["number"] == "05/QĐ-UBND" and d["signed_on"] == "2025-12-10" and d["signer_name"] == "Nguyễn Văn An"
    assert d["title_type"] == "gdvh" and d["ward_id"] == world.ward.pk and d["recognised_count"] == 2
    assert head.get("/titles/decisions", {"year": 2024}).json()["count"] == 0
    assert head.get(f"/titles/decisions/{titles['far_decision'].pk}").status_code == 404
    user = get_user_model().objects.create_user(username="leader_him_lam", password="x")
    Membership.objects.create(user=user, unit=world.other_ward, role=Role.WARD_HEAD)
    him_lam = api_as(user)
    assert [x["id"] for x in him_lam.get("/titles/decisions").json()["items"]] == [titles["far_decision"].pk]
    assert him_lam.get(f"/titles/decisions/{titles['decision'].pk}").status_code == 404
    assert api_as("anonymous").get(f"/titles/decisions/{titles['decision'].pk}").status_code == 401
