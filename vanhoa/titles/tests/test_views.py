"""Title pages through the Django test client: scoping (404 out of scope, 403 without the right), forms with
Vietnamese messages, the household page's title history."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from vanhoa.testing.actors import TEST
from vanhoa.titles.choices import State
from vanhoa.titles.models import Candidacy, ReviewMeeting
from vanhoa.titles.tests.samples import YEAR, build_cycle, samples

pytestmark = pytest.mark.django_db

EXPECT = {  # persona -> status for a URL of group 1 (GET)
    "ward_head": 200,
    "front_officer": 200,
    "leader_group1": 200,
    "leader_group2": 404,
    "city_viewer": 403,
}


def test_every_sample_url_answers_by_scope(world, client_for):
    urls = samples(world)
    for name, (kwargs, _unit) in urls.items():
        url = reverse(name, kwargs=kwargs) + f"?nam={YEAR}"
        for persona in ("ward_head", "front_officer", "leader_group2", "city_viewer"):
            status = client_for(world.users[persona]).get(url).status_code
            if persona == "city_viewer":
                assert status == 403, (name, persona, status)
            elif persona == "leader_group2":
                assert status in (403, 404), (name, persona, status)
            else:
                assert status in (200, 302, 403), (name, persona, status)
        assert client_for(None).get(url).status_code == 302  # to the login page
    assert client_for(world.users["ward_head"]).get(reverse("titles-home")).status_code == 200
    assert client_for(world.users["leader_group1"]).get(reverse("titles-home") + f"?nam={YEAR}").status_code == 200


def test_pages_of_one_cycle_render_for_the_people_who_work_on_it(world, client_for):
    o = build_cycle(world)
    g1 = o["group"]
    leader = client_for(world.users["leader_group1"])
    page = leader.get(reverse("titles-cycle", kwargs={"title": "gdvh", "unit": g1.pk}) + f"?nam={YEAR}")
    html = page.content.decode()
    assert page.status_code == 200 and "Lò Văn Mẫu" in html and "2/2 hộ (100,0%)" in html
    assert "NĐ 86/2023/NĐ-CP" in html and "niêm yết công khai 10 ngày" in html
    # The leader cannot see the decision page (ward data) but sees the household's history with the decision.
    assert leader.get(reverse("titles-decision", kwargs={"pk": o["decision"].pk})).status_code == 404
    hpage = leader.get(reverse("household-detail", kwargs={"pk": o["household"].pk})).content.decode()
    assert "Danh hiệu văn hóa qua các năm" in hpage and "Số 88/QĐ-UBND ngày 02/11/2026" in hpage
    head = client_for(world.users["ward_head"])
    dpage = head.get(reverse("titles-decision", kwargs={"pk": o["decision"].pk})).content.decode()
    assert "Quyết định số 88/QĐ-UBND ngày 02/11/2026" in dpage and "Lò Thị Mẫu" in dpage
    # Union officer: no household data at all, so no household title history either.
    union = client_for(world.users["union_officer"])
    assert union.get(reverse("household-detail", kwargs={"pk": o["household"].pk})).status_code == 403


def bump_ids(model, start: int) -> None:
    """Make the next ids of a table large (≥ 1000), where a localised {{ pk }} would print "12.001"."""
    from django.db import connection

    table = model._meta.db_table
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT setval(pg_get_serial_sequence(%s, 'id'), %s)", [table, start])
        else:  # AUTOINCREMENT keeps the highest id ever used in sqlite_sequence
            cursor.execute("DELETE FROM sqlite_sequence WHERE name = %s", [table])
            cursor.execute("INSERT INTO sqlite_sequence (name, seq) VALUES (%s, %s)", [table, start])


def entry_lines(cands, lines=None):
    """The meeting page's formset as the browser posts it: one line per candidacy in the page's order."""
    data = {
        "entries-TOTAL_FORMS": str(len(cands)),
        "entries-INITIAL_FORMS": str(len(cands)),
        "entries-MIN_NUM_FORMS": "0",
        "entries-MAX_NUM_FORMS": "5000",
    }
    for i, c in enumerate(cands):
        data[f"entries-{i}-candidacy"] = str(c.pk)
        for key, value in (lines or {}).get(c.pk, {}).items():
            data[f"entries-{i}-{key}"] = value
    return data


def test_the_meeting_form_saves_a_draft_marks_all_then_submits(world, client_for):
    bump_ids(Candidacy, 12000)  # ids ≥ 1000 must not be printed with a thousands separator in the form
    g1 = world.groups[0]
    hs = [world.household(g1, f"Lò Văn Hộ{i}", since=date(2015, 1, 1)) for i in range(3)]
    client = client_for(world.users["leader_group1"])
    r = client.post(
        reverse("titles-register", kwargs={"title": "gdvh", "unit": g1.pk}),
        {"nam": "2020", "on": "10/02/2020", "subject": [h.pk for h in hs]},
    )
    assert r.status_code == 302 and Candidacy.objects.filter(year=2020).count() == 3
    r = client.post(reverse("titles-meeting-start", kwargs={"title": "gdvh", "unit": g1.pk}), {"nam": "2020"})
    m = ReviewMeeting.objects.get()
    assert r.status_code == 302 and r.url == reverse("titles-meeting", kwargs={"pk": m.pk})
    url = r.url
    cands = list(Candidacy.objects.order_by("sort_key"))
    assert min(c.pk for c in cands) > 12000
    form_html = client.get(url).content.decode()
    assert f'name="entries-0-candidacy" value="{cands[0].pk}"' in form_html
    assert 'name="entries-0-passed"' in form_html and f'id="pass-{cands[0].pk}"' in form_html
    assert f'id="reason-{cands[0].pk}"' in form_html and f'for="text-{cands[0].pk}"' in form_html
    facts = {
        "held_on": "05/11/2020",
        "place": "Nhà văn hóa",
        "chair": "Lò Văn Tổ",
        "secretary": "Lò Thị Thư",
        "invited": "40",
        "present": "25",
        "voting_method": "show_of_hands",
    }
    # Bad input: a Vietnamese message that says where and what; nothing changes.
    r = client.post(url, {**facts, **entry_lines(cands), "present": "hai mươi", "action": "save"})
    assert "Số người dự họp: Phải là một số nguyên." in r.content.decode()
    r = client.post(url, {**facts, **entry_lines(cands, {cands[1].pk: {"votes_for": "mười"}}), "action": "save"})
    assert f"{cands[1].subject_name}: số người tán thành phải là số (đã nhập «mười»)." in r.content.decode()
    assert set(m.entries.values_list("criteria_met", flat=True)) == {None}
    r = client.post(url, {**facts, **entry_lines(cands), "action": "all_pass"})
    assert r.status_code == 302
    assert set(m.entries.values_list("criteria_met", flat=True)) == {True}
    lines = {
        cands[0].pk: {"passed": "on"},
        cands[1].pk: {"passed": "on", "votes_for": "14", "votes_against": "11"},
        cands[2].pk: {"reason": "ex:6"},
    }
    # Closing needs who attended in each capacity NĐ 122/2018 Điều 9 khoản 2 requires
    r = client.post(url, {**facts, **entry_lines(cands, lines), "action": "submit"})
    assert r.status_code == 200 and "Thành phần dự họp: chưa ghi Đại diện cấp ủy (chi bộ)" in r.content.decode()
    people = {
        "att-role": ["party", "leader", "front", "unions"],
        "att-name": ["Lò Văn Bí", "Lò Văn Tổ", "Tòng Thị Mặt", "Lường Thị Nữ"],
        "att-position": ["", "", "", ""],
    }
    r = client.post(url, {**facts, **entry_lines(cands, lines), **people, "action": "submit"})
    assert r.status_code == 302, r.content.decode()[:2000]
    states = dict(Candidacy.objects.values_list("pk", "state"))
    assert states == {cands[0].pk: State.REVIEWED, cands[1].pk: State.NOT_PROPOSED, cands[2].pk: State.NOT_PROPOSED}
    page = client.get(url).content.decode()
    assert "Không đủ 60% số người dự họp tán thành (14/25, 56,0%)" in page
    assert "tệ nạn xã hội" in page
    # Submitted minutes cannot be changed any more.
    assert client.post(url, {**facts, **entry_lines(cands), "action": "save"}).status_code == 403


def test_documents_download_for_the_people_in_scope(world, client_for):
    o = build_cycle(world)
    head = client_for(world.users["ward_head"])
    r = head.get(reverse("titles-document", kwargs={"kind": "title-decision"}) + f"?decision={o['decision'].pk}")
    assert r.status_code == 200 and r["Content-Type"].endswith("wordprocessingml.document")
    r = head.get(
        reverse("titles-document", kwargs={"kind": "title-decision"}) + f"?decision={o['decision'].pk}&format=xlsx"
    )
    assert r.status_code == 200 and r["Content-Type"].endswith("spreadsheetml.sheet")
    leader = client_for(world.users["leader_group1"])
    r = leader.get(reverse("titles-document", kwargs={"kind": "title-minutes"}) + f"?meeting={o['meeting'].pk}")
    assert r.status_code == 200
    assert (
        leader.get(
            reverse("titles-document", kwargs={"kind": "title-decision"}) + f"?decision={o['decision'].pk}"
        ).status_code
        == 404
    )
    leader2 = client_for(world.users["leader_group2"])
    assert (
        leader2.get(
            reverse("titles-document", kwargs={"kind": "title-minutes"}) + f"?meeting={o['meeting'].pk}"
        ).status_code
        == 404
    )
    head = client_for(world.users["ward_head"])
    r = head.get(reverse("titles-document", kwargs={"kind": "title-minutes"}) + "?nam=2019")
    assert r.status_code == 200 and "chưa có biên bản" in r.content.decode()


def test_rule_edit_page_is_for_administrators_and_is_audited(world, client_for):
    from vanhoa.core.models import AuditEntry
    from vanhoa.titles.models import RuleSet

    rs = RuleSet.objects.get(code="nd86-2023/household")
    url = reverse("titles-rule-edit", kwargs={"pk": rs.pk})
    assert client_for(world.users["front_officer"]).get(url).status_code == 403
    admin = client_for(world.users["system_admin"])
    assert admin.get(url).status_code == 200
    r = admin.post(
        url,
        {
            "valid_from": "30/01/2024",
            "valid_to": "",
            "quorum_pct": "",
            "approval_pct": "",
            "public_notice_days": "10",
            "file_days": "",
            "file_day_count": "working",
            "decide_days": "10",
            "decide_day_count": "working",
            "cutoff_month": "11",
            "cutoff_day": "25",
            "publish_days": "15",
            "note": "Đã đối chiếu",
            "unconfirmed_text": "cutoff_source: còn chờ văn bản gốc",
            "pass_marks_text": "",
        },
    )
    assert r.status_code == 302, r.content.decode()[:3000]
    rs.refresh_from_db()
    assert rs.decide_day_count == "working" and rs.unconfirmed == {"cutoff_source": "còn chờ văn bản gốc"}
    assert AuditEntry.objects.filter(action="titles.rule_set.updated", actor=world.users["system_admin"]).exists()
    assert client_for(world.users["ward_head"]).get(reverse("titles-rules")).status_code == 200


def test_ward_level_titles_groups_agencies_and_streets_through_the_pages(world, client_for):
    from vanhoa.registry import services as registry
    from vanhoa.titles.models import StreetCommitment

    office = client_for(world.users["front_officer"])
    qt = world.ward_2020
    registry.create_agency(actor=TEST, ward=world.ward, name="Trạm Y tế phường", kind="don_vi", group=world.groups[0])
    street = registry.create_street(actor=TEST, ward=world.ward, name="Đường Lê Duẩn", groups=[world.groups[1]])
    # Groups: reviewed by the ward of the time (2024: Quyết Tiến).
    url = reverse("titles-register", kwargs={"title": "tdpvh", "unit": qt.pk})
    page = office.get(url + "?nam=2024").content.decode()
    assert "Tổ dân phố số 1" in page and "Tổ dân phố số 3" in page
    r = office.post(url, {"nam": "2024", "on": "01/03/2024", "subject": [g.pk for g in world.groups]})
    assert r.status_code == 302 and Candidacy.objects.filter(title_type__code="tdpvh").count() == 3
    cycle = office.get(reverse("titles-cycle", kwargs={"title": "tdpvh", "unit": qt.pk}) + "?nam=2024")
    assert "Họp bình xét (3 hồ sơ)" in cycle.content.decode()
    # The leader of group 1 cannot work on the ward's page.
    leader = client_for(world.users["leader_group1"])
    assert (
        leader.get(reverse("titles-cycle", kwargs={"title": "tdpvh", "unit": qt.pk}) + "?nam=2024").status_code == 404
    )
    # Agencies (TT 08/2014).
    office = client_for(world.users["front_officer"])
    url = reverse("titles-register", kwargs={"title": "cqvh", "unit": qt.pk})
    page = office.get(url + "?nam=2024").content.decode()
    assert "Trạm Y tế phường" in page
    # Streets need the frontages' commitments first.
    url = reverse("titles-street-commitments", kwargs={"pk": street.pk})
    r = office.post(url + "?nam=2024", {"nam": "2024", "lines": "Lò Văn Páo; Số 12 Lê Duẩn; 20/02/2024\nsai dòng"})
    assert "Dòng 2: cần dạng" in r.content.decode() and not StreetCommitment.objects.exists()
    r = office.post(url + "?nam=2024", {"nam": "2024", "lines": "Lò Văn Páo; Số 12 Lê Duẩn; 20/02/2024"})
    assert r.status_code == 302 and StreetCommitment.objects.get().frontage == "Số 12 Lê Duẩn"
    r = office.post(
        reverse("titles-register", kwargs={"title": "tpvm", "unit": qt.pk}),
        {"nam": "2024", "on": "01/03/2024", "subject": [street.pk]},
    )
    assert r.status_code == 302
    c = Candidacy.objects.get(title_type__code="tpvm")
    assert c.rule_set.code == "provincial-lc/street" and c.ward == qt
