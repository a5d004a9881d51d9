"""The phone app's server side (issue 20): the group's data holds only the leader's own group; queued changes
are applied through the same services with the offline time in their audit entries; a change to something
changed meanwhile comes back as a conflict with both values; closing the minutes is all or nothing; a revoked
account is refused."""

from __future__ import annotations

import json

import pytest

from vanhoa.accounts.models import Membership
from vanhoa.core.models import AuditEntry
from vanhoa.offline import attendance as offline_attendance
from vanhoa.offline import snapshot
from vanhoa.offline.tests.conftest import open_meeting_for
from vanhoa.registry import services as registry
from vanhoa.registry.models import Household
from vanhoa.testing.actors import TEST
from vanhoa.titles.choices import MeetingStatus, State
from vanhoa.titles.models import ReviewMeeting

pytestmark = pytest.mark.django_db
JSON = {"Accept": "application/json"}
AT = "2026-10-15T19:30:00+07:00"


def post(client, changes):
    body = json.dumps({"changes": changes})
    return client.post("/ung-dung/dong-bo/", body, content_type="application/json", headers=JSON)


def test_the_data_holds_the_leaders_own_group_only(world, client_for):
    mine = world.household(world.groups[0], "Lò Văn Páo")
    other = world.household(world.groups[1], "Tòng Thị Xuân")
    far = world.household(world.other_group, "Quàng Văn Minh")
    body = client_for(world.users["leader_group1"]).get("/ung-dung/du-lieu/")
    assert body.status_code == 200
    assert "no-store" in body["Cache-Control"] and "private" in body["Cache-Control"]
    data = body.json()
    assert data["group"]["id"] == world.groups[0].pk
    assert [h["id"] for h in data["households"]] == [mine.pk]
    text = json.dumps(data, ensure_ascii=False)
    assert "Tòng Thị Xuân" not in text and "Quàng Văn Minh" not in text
    data2 = client_for(world.users["leader_group2"]).get("/ung-dung/du-lieu/").json()
    assert [h["id"] for h in data2["households"]] == [other.pk]
    assert far.pk not in [h["id"] for h in data2["households"]]


def test_the_data_is_refused_to_the_signed_out_and_to_those_who_lead_no_group(world, client_for):
    assert client_for(None).get("/ung-dung/du-lieu/", headers=JSON).status_code == 401
    refused = client_for(world.users["city_viewer"]).get("/ung-dung/du-lieu/", headers=JSON)
    assert refused.status_code == 403
    assert "quyền của tổ trưởng" in refused.json()["error"]
    officer = client_for(world.users["front_officer"]).get("/ung-dung/du-lieu/", headers=JSON).json()
    assert officer["group"] is None and officer["households"] == [] and "không phụ trách" in officer["error"]


def test_a_member_count_changed_offline_is_applied_with_the_offline_time_in_its_audit_entry(world, client_for):
    h = world.household(world.groups[0], "Lò Văn Páo", member_count=4)
    client = client_for(world.users["leader_group1"])
    version = client.get("/ung-dung/du-lieu/").json()["households"][0]["version"]
    change = {"id": "members:1", "kind": "household.update", "household": h.pk, "version": version, "at": AT}
    r = post(client, [{**change, "data": {"member_count": "6"}}])
    assert r.json()["results"] == [{"id": "members:1", "status": "applied"}]
    assert Household.objects.get(pk=h.pk).member_count == 6
    entry = AuditEntry.objects.filter(action="registry.household.updated", object_id=str(h.pk)).get()
    assert entry.actor == world.users["leader_group1"]
    assert entry.changes["member_count"] == [4, 6]
    assert entry.changes["_"]["offline_at"] == "2026-10-15T19:30:00+07:00"


def test_a_household_changed_meanwhile_comes_back_as_a_conflict_and_nothing_is_lost(world, client_for):
    h = world.household(world.groups[0], "Lò Văn Páo", member_count=4)
    client = client_for(world.users["leader_group1"])
    version = client.get("/ung-dung/du-lieu/").json()["households"][0]["version"]
    registry.update_household(h, actor=world.users["front_officer"], member_count=5)  # the ward, meanwhile
    change = {"id": "m", "kind": "household.update", "household": h.pk, "version": version, "at": AT}
    result = post(client, [{**change, "data": {"member_count": 6}}]).json()["results"][0]
    assert result["status"] == "conflict"
    assert result["fields"] == [{"field": "member_count", "label": "Số nhân khẩu", "mine": "6", "current": "5"}]
    assert Household.objects.get(pk=h.pk).member_count == 5
    # the leader keeps theirs, resubmitting with the version now seen
    again = post(client, [{**change, "version": result["version"], "data": {"member_count": 6}}]).json()
    assert again["results"][0]["status"] == "applied"
    assert Household.objects.get(pk=h.pk).member_count == 6
    changes = [e.changes["member_count"] for e in AuditEntry.objects.filter(action="registry.household.updated")]
    assert sorted(changes) == [[4, 5], [5, 6]]


def test_a_change_to_another_groups_household_is_refused(world, client_for):
    other = world.household(world.groups[1], "Tòng Thị Xuân", member_count=3)
    client = client_for(world.users["leader_group1"])
    r = post(client, [{"id": "x", "kind": "household.update", "household": other.pk, "data": {"member_count": 9}}])
    assert r.json()["results"][0]["status"] == "refused"
    assert Household.objects.get(pk=other.pk).member_count == 3


def test_new_household_and_moved_out_go_through_the_registry(world, client_for):
    h = world.household(world.groups[0], "Lò Văn Páo")
    client = client_for(world.users["leader_group1"])
    version = snapshot.household_version(h)
    r = post(
        client,
        [
            {
                "id": "n",
                "kind": "household.create",
                "at": AT,
                "data": {"head_name": "Lường Văn Tâm", "member_count": 3},
            },
            {
                "id": "o",
                "kind": "household.moved_out",
                "household": h.pk,
                "version": version,
                "data": {"on": "2026-10-01"},
            },
        ],
    )
    assert [x["status"] for x in r.json()["results"]] == ["applied", "applied"]
    new = Household.objects.get(head_name="Lường Văn Tâm")
    assert new.group == world.groups[0] and new.member_count == 3
    assert Household.objects.get(pk=h.pk).status == "moved_out"
    assert AuditEntry.objects.filter(action="registry.household.moved_out", object_id=str(h.pk)).count() == 1


def _meeting_changes(meeting, failing: dict[int, str]):
    changes = [
        {
            "id": "facts",
            "kind": "meeting.facts",
            "meeting": meeting.pk,
            "version": snapshot.facts_version(meeting),
            "at": AT,
            "data": {"invited": "40", "present": "32", "secretary": "Lường Thị Thư"},
        }
    ]
    for e in meeting.entries.all():
        reason = failing.get(e.candidacy_id)
        changes.append(
            {
                "id": f"line:{e.candidacy_id}",
                "kind": "meeting.line",
                "meeting": meeting.pk,
                "candidacy": e.candidacy_id,
                "version": snapshot.line_version(e),
                "at": AT,
                "data": {"criteria_met": reason is None, "reason_text": reason or ""},
            }
        )
    people = [
        {"role": "leader", "name": "Lò Văn Thắng", "position": "Tổ trưởng"},
        {"role": "front", "name": "Quàng Thị Hoa", "position": "Trưởng ban Công tác Mặt trận"},
        {"role": "unions", "name": "Lường Văn Phong", "position": "Chi hội trưởng Hội Cựu chiến binh"},
    ]
    changes.append({"id": "people", "kind": "meeting.attendees", "meeting": meeting.pk, "at": AT,
                    "version": offline_attendance.version(meeting), "data": {"people": people}})
    changes.append({"id": "close", "kind": "meeting.close", "meeting": meeting.pk, "at": AT, "data": {}})
    return changes


def test_a_meeting_recorded_offline_is_closed_with_one_audit_entry_per_change(world, client_for):
    meeting = open_meeting_for(world, 5)
    ids = sorted(meeting.entries.values_list("candidacy_id", flat=True))
    client = client_for(world.users["leader_group1"])
    results = post(client, _meeting_changes(meeting, {ids[0]: "Vi phạm vệ sinh môi trường"})).json()["results"]
    assert {r["status"] for r in results} == {"applied"}, results
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.SUBMITTED and meeting.present == 32
    saved = AuditEntry.objects.filter(action="titles.meeting.draft_saved", object_id=str(meeting.pk))
    assert saved.count() == 7  # the facts, the people and five lines
    assert [a.name for a in meeting.attendees.all()] == ["Lò Văn Thắng", "Quàng Thị Hoa", "Lường Văn Phong"]
    assert all(e.changes["_"]["offline_at"] == "2026-10-15T19:30:00+07:00" for e in saved)
    assert AuditEntry.objects.filter(action="titles.meeting.submitted", object_id=str(meeting.pk)).count() == 1
    states = sorted(e.candidacy.state for e in meeting.entries.select_related("candidacy"))
    assert states.count(State.NOT_PROPOSED) == 1 and states.count(State.REVIEWED) == 4


def test_closing_fails_as_a_whole_with_the_reason(world, client_for):
    meeting = open_meeting_for(world, 3)
    client = client_for(world.users["leader_group1"])
    changes = [c for c in _meeting_changes(meeting, {}) if c["kind"] != "meeting.facts"]  # no attendance entered
    result = post(client, changes).json()["results"][-1]
    assert result["status"] == "refused"
    assert "Số người dự họp: chưa nhập." in result["message"]
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.DRAFT
    assert not AuditEntry.objects.filter(action="titles.meeting.submitted").exists()
    assert {e.candidacy.state for e in meeting.entries.select_related("candidacy")} == {State.REGISTERED}


def test_closing_is_not_tried_when_a_line_conflicted(world, client_for):
    from vanhoa.titles import services as titles

    meeting = open_meeting_for(world, 3)
    changes = _meeting_changes(meeting, {})
    first = meeting.entries.order_by("candidacy_id").first()
    line = {first.candidacy_id: {"criteria_met": False, "reason_text": "Nợ đóng góp"}}
    titles.save_review_draft(meeting, actor=TEST, entries=line)
    results = post(client_for(world.users["leader_group1"]), changes).json()["results"]
    by_id = {r["id"]: r for r in results}
    assert by_id[f"line:{first.candidacy_id}"]["status"] == "conflict"
    assert by_id["close"]["status"] == "refused" and "chưa được áp dụng" in by_id["close"]["message"]
    assert ReviewMeeting.objects.get(pk=meeting.pk).status == MeetingStatus.DRAFT


def test_a_revoked_account_is_refused_and_nothing_is_applied(world, client_for):
    h = world.household(world.groups[0], "Lò Văn Páo", member_count=4)
    leader = world.users["leader_group1"]
    client = client_for(leader)
    change = [{"id": "m", "kind": "household.update", "household": h.pk, "data": {"member_count": 7}}]
    Membership.objects.filter(user=leader).update(active=False)
    from vanhoa.accounts import permissions

    permissions.forget(leader)
    assert post(client, change).status_code == 403
    leader.is_active = False
    leader.save()
    assert post(client, change).status_code == 401
    assert Household.objects.get(pk=h.pk).member_count == 4


def test_signing_out_clears_the_phone(world, client_for):
    client = client_for(world.users["leader_group1"])
    r = client.post("/dang-xuat/")
    assert r["Clear-Site-Data"] == '"cache", "storage"'
    assert r.url == "/ung-dung/da-dang-xuat/"
    page = client.get(r.url)
    assert b"offline-clear.js" in page.content


def test_the_manifest_and_the_service_worker_are_served_by_the_app(client):
    m = client.get("/manifest.webmanifest")
    assert m["Content-Type"] == "application/manifest+json"
    assert m.json()["start_url"] == "/ung-dung/" and len(m.json()["icons"]) == 2
    for icon in m.json()["icons"]:
        assert client.get(icon["src"]).status_code in (200, 302) or icon["src"].startswith("/static/")
    sw = client.get("/sw.js?u=abc")
    assert sw["Content-Type"].startswith("application/javascript")
    assert sw["Service-Worker-Allowed"] == "/"
    body = sw.content.decode()
    assert '"/ung-dung/"' in body and "du-lieu" not in body.split("const SHELL")[1].split(";")[0]
