"""The phone's other records (issue 20): the group's 18/11 festival recorded offline; a household moved out on
one side while changed on the other comes back with both versions; a new household sent twice is created once,
and one that looks like a household of the group is shown to the leader next to it."""

from __future__ import annotations

from datetime import date

import pytest

from vanhoa.activities import services as activities
from vanhoa.activities.models import Festival
from vanhoa.core.models import AuditEntry
from vanhoa.offline import snapshot
from vanhoa.offline.tests.test_sync import AT, post
from vanhoa.registry import services as registry
from vanhoa.registry.models import Household

pytestmark = pytest.mark.django_db
TODAY = date(2026, 11, 27)


@pytest.fixture
def today(monkeypatch):
    from django.utils import timezone

    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: TODAY)
    return TODAY


def _festival_change(version, **data):
    values = {"year": 2026, "held": True, "held_on": "2026-11-18", "place": "Nhà văn hóa tổ 1", "participants": "160",
              "households_attending": "58", "programme": "Văn nghệ\nBiểu dương gia đình văn hóa",
              "commendations": "Hộ ông Lò Văn Páo – UBND phường", "note": ""}
    return {"id": "festival:2026", "key": f"k-{version}", "kind": "festival.record", "version": version, "at": AT,
            "data": {**values, **data}}


def test_the_festival_recorded_offline_is_recorded_through_the_service(world, client_for, today):
    client = client_for(world.users["leader_group1"])
    phone = client.get("/ung-dung/du-lieu/").json()["festival"]
    assert phone["recorded"] is False and phone["held_on"] == "2026-11-18" and phone["version"] == "new"
    result = post(client, [_festival_change(phone["version"])]).json()["results"][0]
    assert result["status"] == "applied", result
    festival = Festival.objects.get(group=world.groups[0], year=2026)
    assert (festival.participants, festival.households_attending) == (160, 58)
    assert festival.programme == ["Văn nghệ", "Biểu dương gia đình văn hóa"]
    assert festival.commendations == [{"name": "Hộ ông Lò Văn Páo", "by": "UBND phường"}]
    entry = AuditEntry.objects.get(action="activities.festival.created")
    assert entry.actor == world.users["leader_group1"] and entry.changes["_"]["offline_at"] == AT
    again = client.get("/ung-dung/du-lieu/").json()["festival"]
    assert again["recorded"] is True and again["participants"] == 160 and again["version"] != "new"


def test_a_festival_recorded_by_the_ward_meanwhile_comes_back_with_both_versions(world, client_for, today):
    client = client_for(world.users["leader_group1"])
    version = client.get("/ung-dung/du-lieu/").json()["festival"]["version"]
    activities.record_festival(actor=world.users["culture_officer"], group=world.groups[0], year=2026,
                               held_on=date(2026, 11, 16), participants=150, households_attending=50)
    result = post(client, [_festival_change(version)]).json()["results"][0]
    assert result["status"] == "conflict" and result["label"] == "Ngày hội Đại đoàn kết 2026"
    rows = {r["field"]: (r["mine"], r["current"]) for r in result["fields"]}
    assert rows["held_on"] == ("18/11/2026", "16/11/2026") and rows["participants"] == ("160", "150")
    assert Festival.objects.get().participants == 150
    again = post(client, [_festival_change(result["version"])]).json()["results"][0]
    assert again["status"] == "applied"
    assert Festival.objects.get().participants == 160
    history = AuditEntry.objects.filter(action__startswith="activities.festival.").order_by("pk")
    assert [e.action for e in history] == ["activities.festival.created", "activities.festival.updated"]


def _household_change(kind, h, version, **data):
    return {"id": f"{kind}:{h.pk}", "kind": kind, "household": h.pk, "version": version, "at": AT, "data": data}


def test_moved_out_on_the_phone_while_the_ward_changed_the_household_shows_both(world, client_for):
    h = world.household(world.groups[0], "Lò Văn Páo", member_count=4)
    client = client_for(world.users["leader_group1"])
    version = snapshot.household_version(h)
    registry.update_household(h, actor=world.users["front_officer"], member_count=5)  # the ward, meanwhile
    change = _household_change("household.moved_out", h, version, on="2026-10-01", seen_member_count=4)
    result = post(client, [change]).json()["results"][0]
    assert result["status"] == "conflict"
    assert result["fields"] == [
        {"field": "status", "label": "Tình trạng", "mine": "Đã chuyển đi (từ 01/10/2026)", "current": "Đang cư trú"},
        {"field": "member_count", "label": "Số nhân khẩu", "mine": "4", "current": "5"},
    ]
    assert Household.objects.get(pk=h.pk).status == "active"
    # the leader keeps theirs: the household moves out, through the registry
    assert post(client, [{**change, "version": result["version"]}]).json()["results"][0]["status"] == "applied"
    assert Household.objects.get(pk=h.pk).status == "moved_out"
    assert AuditEntry.objects.filter(action="registry.household.moved_out", object_id=str(h.pk)).count() == 1


def test_moved_out_by_the_ward_while_the_leader_changed_the_count_shows_both(world, client_for):
    h = world.household(world.groups[0], "Lò Văn Páo", member_count=4)
    client = client_for(world.users["leader_group1"])
    version = snapshot.household_version(h)
    registry.change_household_status(h, actor=world.users["front_officer"], status="moved_out",
                                     on=date(2026, 9, 30), reason="Chuyển vào Điện Biên")
    change = _household_change("household.update", h, version, member_count=6)
    result = post(client, [change]).json()["results"][0]
    assert result["status"] == "conflict"
    rows = {r["field"]: (r["mine"], r["current"]) for r in result["fields"]}
    assert rows == {"status": ("Đang cư trú", "Đã chuyển đi (từ 30/09/2026)"), "member_count": ("6", "4")}
    h.refresh_from_db()
    assert (h.status, h.member_count) == ("moved_out", 4)  # nothing applied to a household that has gone
    # the ward's version kept: the phone drops its change; the leader's kept: still here, with six members
    assert post(client, [{**change, "version": result["version"]}]).json()["results"][0]["status"] == "applied"
    h.refresh_from_db()
    assert (h.status, h.member_count) == ("active", 6)
    actions = list(AuditEntry.objects.filter(object_id=str(h.pk)).order_by("pk").values_list("action", flat=True))
    assert actions[-3:] == ["registry.household.moved_out", "registry.household.active", "registry.household.updated"]


def test_a_new_household_sent_twice_is_created_once(world, client_for):
    client = client_for(world.users["leader_group1"])
    change = {"id": "new:1", "key": "5b1e0c6a-new", "kind": "household.create", "at": AT,
              "data": {"head_name": "Lường Văn Tâm", "member_count": 3, "address": "Số nhà 9"}}
    first = post(client, [change]).json()["results"][0]
    assert first["status"] == "applied"
    # the answer was lost on the way: the phone sends the same entry again, twice in one request
    again = post(client, [change, change]).json()["results"]
    assert [r["status"] for r in again] == ["applied", "applied"] and all(r["repeat"] for r in again)
    assert {r["household"] for r in again} == {first["household"]}
    assert Household.objects.filter(head_name="Lường Văn Tâm").count() == 1
    assert AuditEntry.objects.filter(action="registry.household.created").count() == 1


def test_a_new_household_like_one_of_the_group_is_shown_to_the_leader(world, client_for):
    old = world.household(world.groups[0], "Lò Văn Páo", member_count=4, address="Số nhà 5, bản Nà Khằn")
    world.household(world.groups[1], "Lò Văn Kim", address="Số nhà 7")  # another group: never compared
    client = client_for(world.users["leader_group1"])
    change = {"id": "new:2", "key": "k-dup", "kind": "household.create", "at": AT,
              "data": {"head_name": "lo van  pao", "member_count": 5, "address": "số nhà 5 Bản Nà Khằn"}}
    result = post(client, [change]).json()["results"][0]
    assert result["status"] == "conflict" and result["kind"] == "duplicate"
    assert result["label"] == f"Hộ mới lo van pao giống hộ {old.code} đã có trong tổ"
    rows = {r["field"]: (r["mine"], r["current"]) for r in result["fields"]}
    assert rows["head_name"] == ("lo van pao", "Lò Văn Páo") and rows["member_count"] == ("5", "4")
    assert Household.objects.filter(group=world.groups[0]).count() == 1
    other = {**change, "id": "new:3", "key": "k-3", "data": {"head_name": "Lò Văn Kim", "member_count": 2,
                                                             "address": "Số nhà 7"}}
    assert post(client, [other]).json()["results"][0]["status"] == "applied"  # only the group is compared
    # the leader says it is another household: created
    confirmed = {**change, "data": {**change["data"], "confirmed_new": True}}
    assert post(client, [confirmed]).json()["results"][0]["status"] == "applied"
    assert Household.objects.filter(group=world.groups[0]).count() == 3


def test_only_what_was_applied_is_remembered_so_a_refused_entry_is_tried_again(world, client_for):
    client = client_for(world.users["leader_group1"])
    change = {"id": "new:4", "key": "k-4", "kind": "household.create", "at": AT,
              "data": {"head_name": "Lường Văn Tâm", "member_count": 0}}
    assert post(client, [change]).json()["results"][0]["status"] == "refused"
    fixed = {**change, "data": {**change["data"], "member_count": 2}}
    assert post(client, [fixed]).json()["results"][0] == {
        "id": "new:4", "status": "applied", "household": Household.objects.get(head_name="Lường Văn Tâm").pk,
        "code": Household.objects.get(head_name="Lường Văn Tâm").code,
    }
    # keys are the sender's own: another leader's entry with the same key is not taken for it
    other = client_for(world.users["leader_group2"])
    result = post(other, [{**fixed, "data": {"head_name": "Tòng Văn Sơn", "member_count": 3}}]).json()["results"][0]
    assert result["status"] == "applied" and "repeat" not in result
    assert Household.objects.get(head_name="Tòng Văn Sơn").group == world.groups[1]


def test_the_app_page_names_the_account_its_service_worker_may_keep_it_for(world, client_for):
    page = client_for(world.users["leader_group1"]).get("/ung-dung/")
    key = page["X-Offline-Key"]
    assert f'data-key="{key}"' in page.content.decode()
    assert client_for(world.users["leader_group2"]).get("/ung-dung/")["X-Offline-Key"] != key
