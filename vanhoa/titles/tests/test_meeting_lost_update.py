"""No silent lost update on the meeting page (issue 21, F4): two people filling in one set of minutes. A save
from a page loaded before the other's save is not applied; both versions are shown line by line; the audit entry
names the households whose line changed."""

from __future__ import annotations

import re
import threading
from datetime import date

import pytest
from django.db import connection
from django.test import Client

from vanhoa.core.models import AuditEntry
from vanhoa.testing.actors import TEST
from vanhoa.titles import services
from vanhoa.titles.models import ReviewMeeting

VERSION = re.compile(r'name="_version" value="([0-9a-f]*)"')
FACTS = {"held_on": "05/11/2020", "place": "Nhà văn hóa tổ 1", "chair": "Lò Văn Tổ", "invited": "40", "present": "25"}


@pytest.fixture
def draft(world, make_households):
    group = world.groups[0]
    make_households(group, 3)
    services.register_group_households(actor=TEST, group=group, year=2020, on=date(2020, 2, 10))
    meeting = services.start_review_meeting(actor=TEST, title="gdvh", year=2020, unit=group, on=date(2020, 11, 5))
    entries = list(meeting.entries.select_related("candidacy").order_by("candidacy__sort_key", "pk"))
    return meeting, entries


@pytest.fixture
def leaders(world):
    """The browsers of the group leader and of the ward's front officer, both allowed to write the minutes."""
    out = []
    for persona in ("leader_group1", "front_officer"):
        client = Client()
        client.force_login(world.users[persona])
        out.append(client)
    return out


def page(client, meeting):
    return VERSION.search(client.get(f"/danh-hieu/hop/{meeting.pk}/").content.decode()).group(1)


def post(entries, version, action="save", lines=None, **facts):
    data = {
        **FACTS,
        **facts,
        "_version": version,
        "action": action,
        "entries-TOTAL_FORMS": str(len(entries)),
        "entries-INITIAL_FORMS": str(len(entries)),
        "entries-MIN_NUM_FORMS": "0",
        "entries-MAX_NUM_FORMS": "5000",
    }
    for i, e in enumerate(entries):
        data[f"entries-{i}-candidacy"] = str(e.candidacy_id)
        for key, value in (lines or {}).get(i, {"passed": "on"}).items():
            data[f"entries-{i}-{key}"] = value
    return data


def url(meeting):
    return f"/danh-hieu/hop/{meeting.pk}/"


def test_a_stale_tat_ca_dat_does_not_revert_a_khong_dat_verdict(world, draft, leaders):
    meeting, entries = draft
    first, second = leaders
    v = page(first, meeting)
    assert page(second, meeting) == v
    # given the officer records household 2 as "không đạt" (exclusion 6)
    failed = {1: {"reason": "ex:6"}, 0: {"passed": "on"}, 2: {"passed": "on"}}
    assert second.post(url(meeting), post(entries, v, lines=failed)).status_code == 302
    # when the leader, from the page opened before, presses "Tất cả đạt"
    response = first.post(url(meeting), post(entries, v, action="all_pass", chair="Lò Văn Chủ"))
    html = response.content.decode()
    # then nothing is applied, and the page shows the differences: the chair and household 2's line
    assert response.status_code == 200 and 'id="version-conflict"' in html
    line = ReviewMeeting.objects.get().entries.get(candidacy=entries[1].candidacy)
    assert (line.criteria_met, line.exclusion_code) == (False, "6")
    assert ReviewMeeting.objects.get().chair == "Lò Văn Tổ"
    fields = re.findall(r'<tr data-field="([\w-]+)">', html)
    assert fields == ["chair", "entries-1-passed", "entries-1-reason"]
    assert entries[1].candidacy.subject_name in html
    # when the leader keeps their chair and the officer's verdict, then both are in the minutes
    answer = post(entries, VERSION.search(html).group(1), chair="Lò Văn Chủ")
    answer.update({"keep:chair": "mine", "keep:entries-1-passed": "current", "keep:entries-1-reason": "current"})
    assert first.post(url(meeting), answer).status_code == 302
    meeting.refresh_from_db()
    line.refresh_from_db()
    assert meeting.chair == "Lò Văn Chủ" and (line.criteria_met, line.exclusion_code) == (False, "6")


def test_the_draft_saved_entry_names_the_households_whose_line_changed(world, draft, leaders):
    meeting, entries = draft
    first, _ = leaders
    v = page(first, meeting)
    first.post(url(meeting), post(entries, v, lines={0: {"passed": "on"}, 1: {"reason": "ex:6"}, 2: {"passed": "on"}}))
    v = page(first, meeting)
    first.post(url(meeting), post(entries, v, lines={0: {"passed": "on"}, 1: {"passed": "on"}, 2: {"passed": "on"}}))
    last = AuditEntry.objects.filter(action="titles.meeting.draft_saved").order_by("-pk").first()
    changed = last.changes["_"]["changed"]
    assert [c["name"] for c in changed] == [entries[1].candidacy.subject_name]
    assert changed[0]["changes"]["criteria_met"] == [False, True]
    assert changed[0]["changes"]["exclusion_code"] == ["6", ""]
    assert last.changes["_"]["lines"] == 1
    name = entries[1].candidacy.subject_name
    # 2020 scores (NĐ 122/2018): a line ticked without a score is "đạt mọi tiêu chí", 100 points
    assert last.note == f"Thay đổi ở {name}: kết quả không đạt → đạt, trường hợp không xét 6 → –, điểm – → 100."


@pytest.mark.django_db(transaction=True)
def test_two_simultaneous_saves_of_the_minutes_from_stale_pages_one_wins_the_other_is_told(world, draft, leaders):
    """PostgreSQL, two connections: both pages were loaded before either save; both save at the same moment."""
    if connection.vendor != "postgresql":
        pytest.skip("two connections writing at once: PostgreSQL")
    meeting, entries = draft
    clients = list(leaders)
    v = page(clients[0], meeting)
    posts = [
        post(entries, v, lines={0: {"passed": "on"}, 1: {"reason": "ex:6"}, 2: {"passed": "on"}}),
        post(entries, v, action="all_pass", chair="Lò Văn Chủ"),
    ]
    start = threading.Barrier(2, timeout=10)
    results: dict[int, object] = {}

    def save(i):
        try:
            start.wait()
            response = clients[i].post(url(meeting), posts[i])
            results[i] = "conflict" if 'id="version-conflict"' in response.content.decode() else response.status_code
        finally:
            connection.close()

    threads = [threading.Thread(target=save, args=(i,)) for i in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert sorted(map(str, results.values())) == ["302", "conflict"]
    winner = next(i for i, r in results.items() if r == 302)
    meeting.refresh_from_db()
    line = meeting.entries.get(candidacy=entries[1].candidacy)
    if winner == 0:
        assert (line.criteria_met, line.exclusion_code, meeting.chair) == (False, "6", "Lò Văn Tổ")
    else:
        assert (line.criteria_met, meeting.chair) == (True, "Lò Văn Chủ")
    assert AuditEntry.objects.filter(action="titles.meeting.draft_saved").count() == 1
