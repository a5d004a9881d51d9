"""Who attended the review meeting and the households' scores, recorded on the phone (issue 20 with #15): saved
through save_review_draft like the meeting page, not over a list changed meanwhile, and the minutes are not
closed without the capacities the rule set requires, nor a met line without its score where it scores."""

from __future__ import annotations

from decimal import Decimal

import pytest

from vanhoa.core.models import AuditEntry
from vanhoa.offline import attendance, sync
from vanhoa.offline.tests.conftest import open_meeting_for
from vanhoa.offline.tests.test_sync import AT, post
from vanhoa.titles import services as titles
from vanhoa.titles.choices import MeetingStatus

pytestmark = pytest.mark.django_db
FRONT = {"role": "front", "name": "Quàng Thị Hoa", "position": "Trưởng ban Công tác Mặt trận"}
UNIONS = [{"role": "unions", "name": "Lường Văn Phong", "position": "Hội Cựu chiến binh"},
          {"role": "unions", "name": "Tòng Thị Lan", "position": "Chi hội Phụ nữ"}]


def _people(meeting, people, version=None):
    return {"id": f"people:{meeting.pk}", "kind": "meeting.attendees", "meeting": meeting.pk, "at": AT,
            "version": version or attendance.version(meeting), "data": {"people": people}}


def test_the_phone_keeps_the_roles_and_records_who_attended(world, client_for):
    meeting = open_meeting_for(world, 2)
    client = client_for(world.users["leader_group1"])
    phone = client.get("/ung-dung/du-lieu/").json()["meeting"]
    roles = {r["code"]: (r["required"], r["many"]) for r in phone["attendance"]["roles"]}
    assert roles == {"leader": (True, False), "front": (True, False), "unions": (True, True)}
    chair = phone["attendance"]["people"]
    assert [p["role"] for p in chair] == ["leader"]  # the new draft starts with its chair
    result = post(client, [_people(meeting, chair + [FRONT, *UNIONS], phone["attendance"]["version"])])
    assert result.json()["results"][0]["status"] == "applied"
    assert [a.name for a in meeting.attendees.all()] == [chair[0]["name"], "Quàng Thị Hoa", "Lường Văn Phong",
                                                         "Tòng Thị Lan"]
    entry = AuditEntry.objects.filter(action="titles.meeting.draft_saved", object_id=str(meeting.pk)).get()
    assert entry.changes["_"]["via"] == "offline_sync" and len(entry.changes["_"]["attendees"]) == 4


def test_the_minutes_are_not_closed_without_the_required_capacities(world, client_for):
    meeting = open_meeting_for(world, 2)
    titles.save_review_draft(meeting, actor=world.users["leader_group1"], all_pass=True,
                             facts_={"invited": 20, "present": 18})
    client = client_for(world.users["leader_group1"])
    close = {"id": "close", "kind": "meeting.close", "meeting": meeting.pk, "at": AT, "data": {}}
    result = post(client, [close]).json()["results"][0]
    assert result["status"] == "refused"
    assert "Thành phần dự họp: chưa ghi Trưởng ban Công tác Mặt trận" in result["message"]
    assert "NĐ 86/2023 Điều 8 khoản 1" in result["message"]
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.DRAFT
    people = attendance.for_phone(meeting)["people"]
    results = post(client, [_people(meeting, people + [FRONT, UNIONS[0]]), close]).json()["results"]
    assert [r["status"] for r in results] == ["applied", "applied"]
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.SUBMITTED


def test_a_list_changed_on_the_server_meanwhile_comes_back_with_both(world, client_for):
    meeting = open_meeting_for(world, 2)
    client = client_for(world.users["leader_group1"])
    seen = attendance.version(meeting)
    chair = attendance.for_phone(meeting)["people"]
    titles.save_review_draft(meeting, actor=world.users["union_officer"], attendees=chair + [UNIONS[1]])
    result = post(client, [_people(meeting, chair + [FRONT], seen)]).json()["results"][0]
    assert result["status"] == "conflict" and result["label"] == "Thành phần dự họp"
    row = result["fields"][0]
    assert "Trưởng ban Công tác Mặt trận (cùng chủ trì): Quàng Thị Hoa" in row["mine"]
    assert "Đại diện các đoàn thể: Tòng Thị Lan" in row["current"]
    assert [a.name for a in meeting.attendees.all()][-1] == "Tòng Thị Lan"  # nothing applied
    again = post(client, [_people(meeting, chair + [FRONT, UNIONS[1]], result["version"])]).json()["results"][0]
    assert again["status"] == "applied"
    assert [a.name for a in meeting.attendees.all()][1:] == ["Quàng Thị Hoa", "Tòng Thị Lan"]


def test_where_the_rule_set_scores_the_phone_sends_each_households_points(world):
    meeting = open_meeting_for(world, 2, year=2022)  # NĐ 122/2018: households are scored
    assert attendance.scores(meeting)
    leader = world.users["leader_group1"]
    a, b = meeting.entries.order_by("candidacy_id")
    lines = [
        {"id": f"line:{e.candidacy_id}", "kind": "meeting.line", "meeting": meeting.pk, "candidacy": e.candidacy_id,
         "at": AT, "data": {"criteria_met": True, "points": p}}
        for e, p in ((a, "92,5"), (b, ""))
    ]
    results = sync.apply_all(leader, lines)
    assert [r["status"] for r in results] == ["applied", "applied"]
    a.refresh_from_db()
    assert a.points == Decimal("92.50")
    snapshot_lines = {x["candidacy"]: x["points"] for x in _phone_meeting(meeting)["lines"]}
    assert snapshot_lines == {a.candidacy_id: "92.5", b.candidacy_id: ""}


def _phone_meeting(meeting):
    from vanhoa.offline.snapshot import _meeting

    return _meeting(meeting)
