"""The due list (vanhoa/deadlines/due.py) against dates computed by hand, for NĐ 122/2018 (working days) and
NĐ 86/2023 (the 25/11 cut-off, the 10-day notice, 10 days to decide, 15 days to publish)."""

from __future__ import annotations

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from vanhoa.activities.models import Finding, Inspection
from vanhoa.deadlines import due
from vanhoa.testing.actors import TEST
from vanhoa.titles import services
from vanhoa.titles.choices import CalendarDayKind
from vanhoa.titles.models import CalendarDay, Proposal

pytestmark = pytest.mark.django_db


def items(user, today, kind=None):
    return [i for i in due.due_for(user, today) if kind is None or i.kind == kind]


def test_nd122_filing_is_three_working_days_after_the_meeting(world, reviewed):
    # given a meeting of group 1 held on Thursday 05/11/2020 (NĐ 122/2018: dossier within 3 working days)
    reviewed(2020)
    # then the dossier is due Tuesday 10/11/2020 (Sat 7 and Sun 8 do not count), overdue by 1 day on 11/11
    [item] = items(world.users["leader_group1"], date(2020, 11, 11), due.FILING)
    assert (item.due, item.status_text(date(2020, 11, 11))) == (date(2020, 11, 10), "quá hạn 1 ngày")
    assert item.label == "Gửi hồ sơ đề nghị công nhận Gia đình văn hóa năm 2020"
    assert item.place == "Tổ dân phố số 1"
    assert item.url == f"/danh-hieu/gdvh/{world.groups[0].pk}/?nam=2020"
    # an entered day off (Monday 09/11/2020) moves it to Wednesday 11/11/2020
    CalendarDay.objects.create(day=date(2020, 11, 9), kind=CalendarDayKind.OFF, name="Nghỉ bù (thử)")
    [item] = items(world.users["leader_group1"], date(2020, 11, 11), due.FILING)
    assert (item.due, item.status_text(date(2020, 11, 11))) == (date(2020, 11, 11), "đến hạn hôm nay")
    # nobody outside group 1 owns it; once the dossier is sent it is gone
    assert items(world.users["leader_group2"], date(2020, 11, 11), due.FILING) == []
    services.submit_proposal(actor=TEST, title="gdvh", year=2020, unit=world.groups[0], on=date(2020, 11, 9))
    assert items(world.users["leader_group1"], date(2020, 11, 11), due.FILING) == []


def test_nd122_decision_is_five_working_days_across_new_year(world, reviewed):
    # given a complete dossier on Wednesday 30/12/2020
    reviewed(2020)
    p = services.submit_proposal(actor=TEST, title="gdvh", year=2020, unit=world.groups[0], on=date(2020, 12, 30))
    assert p.complete_on == date(2020, 12, 30)
    # then 31/12 (1), Fri 01/01/2021 is Tết Dương lịch, 04/01 (2), 05/01 (3), 06/01 (4), 07/01 (5)
    [item] = items(world.users["ward_head"], date(2021, 1, 11), due.DECISION)
    assert item.due == date(2021, 1, 7)
    assert item.status_text(date(2021, 1, 11)) == "quá hạn 4 ngày"
    assert item.url == f"/danh-hieu/de-nghi/{p.pk}/"
    # only who decides owns it: not the group leader who sent it
    assert items(world.users["leader_group1"], date(2021, 1, 11), due.DECISION) == []


def test_nd86_cutoff_notice_decision_and_publication(world, reviewed):
    ward_head = world.users["ward_head"]
    # given group 1 reviewed on 15/10/2024 and groups 2 and 3 with nothing in 2024
    reviewed(2024)
    review = items(ward_head, date(2024, 12, 6), due.REVIEW)
    # the cut-off "trước ngày 25/11": due 24/11/2024, 12 days overdue on 06/12/2024
    assert [(i.place, i.due, i.label) for i in review] == [
        ("Phường Quyết Tiến", date(2024, 11, 24), "Đăng ký và họp bình xét Tổ dân phố văn hóa năm 2024"),
        ("Tổ dân phố số 2", date(2024, 11, 24), "Đăng ký và họp bình xét Gia đình văn hóa năm 2024"),
        ("Tổ dân phố số 3", date(2024, 11, 24), "Đăng ký và họp bình xét Gia đình văn hóa năm 2024"),
    ]
    assert review[1].status_text(date(2024, 12, 6)) == "quá hạn 12 ngày"
    assert review[1].due_text == "trước ngày 25/11/2024"
    assert [i.place for i in items(world.users["leader_group2"], date(2024, 12, 6), due.REVIEW)] == ["Tổ dân phố số 2"]
    # a notice opened 16/10/2024 for 10 days ends 25/10; it is to be closed on 26/10
    notice = services.open_public_notice(
        actor=TEST, title="gdvh", year=2024, unit=world.groups[0], opened_on=date(2024, 10, 16), place="Nhà văn hóa"
    )
    [item] = items(world.users["leader_group1"], date(2024, 10, 24), due.NOTICE)
    assert (item.due, item.status_text(date(2024, 10, 24))) == (date(2024, 10, 26), "còn 2 ngày")
    services.close_public_notice(notice, actor=TEST, on=date(2024, 10, 26))
    assert items(world.users["leader_group1"], date(2024, 10, 27), due.NOTICE) == []
    # a dossier complete on 28/10/2024: the decision within 10 days (calendar) → 07/11/2024
    services.submit_proposal(actor=TEST, title="gdvh", year=2024, unit=world.groups[0], on=date(2024, 10, 28))
    [item] = items(ward_head, date(2024, 11, 1), due.DECISION)
    assert (item.due, item.status_text(date(2024, 11, 1))) == (date(2024, 11, 7), "còn 6 ngày")
    # signed 05/11/2024: the list is to be published within 15 days → 20/11/2024
    decision = services.issue_decision(
        actor=TEST,
        title="gdvh",
        year=2024,
        ward=world.ward_2020,
        number="12",
        signed_on=date(2024, 11, 5),
        signer_name="Nguyễn Văn An",
    )
    assert items(ward_head, date(2024, 11, 6), due.DECISION) == []
    [item] = items(ward_head, date(2024, 11, 6), due.PUBLISH)
    assert item.due == date(2024, 11, 20)
    assert item.url == f"/danh-hieu/quyet-dinh/{decision.pk}/"
    services.publish_list(decision, actor=TEST, on=date(2024, 11, 8), place="Nhà văn hóa")
    assert items(ward_head, date(2024, 11, 9), due.PUBLISH) == []


def test_an_inspection_correction_reaches_the_inspected_group_and_the_ward(world):
    # given a failed criterion of group 1 to correct by 11/09/2026
    inspection = Inspection.objects.create(
        unit=world.groups[0],
        ward=world.ward,
        subject_kind="group",
        group=world.groups[0],
        year=2026,
        planned_on=date(2026, 8, 1),
        held_on=date(2026, 8, 1),
        subject="Kiểm tra tổ dân phố số 1",
    )
    finding = Finding.objects.create(
        inspection=inspection,
        text="Nhà văn hóa",
        result="fail",
        correction="Sửa chữa nhà văn hóa",
        deadline=date(2026, 9, 11),
    )
    # then on 06/12/2026 it is 86 days overdue for the group leader and the ward, not for group 2
    for persona in ("leader_group1", "ward_head", "culture_officer"):
        [item] = items(world.users[persona], date(2026, 12, 6), due.CORRECTION)
        assert (item.label, item.status_text(date(2026, 12, 6))) == (
            "Khắc phục sau kiểm tra: Sửa chữa nhà văn hóa",
            "quá hạn 86 ngày",
        )
        assert item.url == f"/hoat-dong/kiem-tra/{inspection.pk}/"
    assert items(world.users["leader_group2"], date(2026, 12, 6), due.CORRECTION) == []
    # once put right it is gone
    Finding.objects.filter(pk=finding.pk).update(followup="done")
    assert items(world.users["leader_group1"], date(2026, 12, 6), due.CORRECTION) == []


def test_the_number_of_queries_does_not_grow_with_the_ward(world, reviewed):
    reviewed(2024, group=0)
    with CaptureQueriesContext(connection) as few:
        due.due_for(world.users["ward_head"], date(2024, 12, 6))
    reviewed(2024, group=1)
    reviewed(2024, group=2)
    for g in world.groups:
        services.open_public_notice(
            actor=TEST, title="gdvh", year=2024, unit=g, opened_on=date(2024, 10, 16), place="Nhà văn hóa"
        )
    with CaptureQueriesContext(connection) as many:
        found = due.due_for(world.users["ward_head"], date(2024, 12, 6))
    assert len([i for i in found if i.kind == due.NOTICE]) == 3
    assert len(many) <= len(few) + 1  # the proposals / notices read once, whatever their number


def test_an_anonymous_user_has_nothing_due(world):
    assert due.due_for(None) == []
    assert Proposal.objects.count() == 0


def test_the_home_page_opens_with_the_due_list(world, reviewed, client_for, monkeypatch):
    # given 06/12/2024 and group 1 reviewed, groups 2 and 3 without a meeting
    monkeypatch.setattr("vanhoa.core.clock.today", lambda: date(2024, 12, 6))
    reviewed(2024)
    html = client_for(world.users["ward_head"]).get("/").content.decode()
    # then the first panel is "Việc cần làm", each overdue item says by how many days and links to its page
    assert html.index('id="due-list"') < html.index('id="groups"')
    panel = html[html.index('id="due-list"') : html.index("</section>", html.index('id="due-list"'))]
    assert "Việc cần làm" in panel and "tính đến 06/12/2024" in panel
    # (the same duty on the same day in two groups is one line, each group linked to its cycle page)
    assert panel.count("quá hạn 12 ngày") == 2
    assert "3 việc quá hạn" in panel
    g2, g3 = world.groups[1].pk, world.groups[2].pk
    assert f'<a href="/danh-hieu/gdvh/{g2}/?nam=2024">Tổ dân phố số 2</a>, ' in panel
    assert f'<a href="/danh-hieu/gdvh/{g3}/?nam=2024">Tổ dân phố số 3</a>' in panel
    assert "trước ngày 25/11/2024" in panel
    # a group leader sees only their group's duty
    panel1 = client_for(world.users["leader_group2"]).get("/").content.decode()
    assert "Tổ dân phố số 2 · trước ngày 25/11/2024" in panel1
    assert "Tổ dân phố số 3" not in panel1
