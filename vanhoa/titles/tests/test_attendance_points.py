"""Who attended the review meeting in which capacity (issue 15 item 5) and the score of each household where the
rule set scores (item 3): NĐ 122/2018 Điều 9 khoản 2 (cấp ủy, Trưởng khu dân cư, Trưởng ban Công tác Mặt trận,
ngành, đoàn thể; 100-point sheets, pass mark 85/90/60), NĐ 86/2023 Điều 8 khoản 1 (the Tổ trưởng chairs with the
Trưởng ban Công tác Mặt trận and the đoàn thể; no points)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from vanhoa.core.models import AuditEntry
from vanhoa.testing.actors import TEST
from vanhoa.titles import attendance, services
from vanhoa.titles.choices import Outcome, State
from vanhoa.titles.documents import build_minutes
from vanhoa.titles.models import MeetingAttendee
from vanhoa.titles.services import TitleError
from vanhoa.titles.tests.test_documents import checker, errors, text_of  # noqa: F401

pytestmark = pytest.mark.django_db

FACTS = {"place": "Nhà văn hóa", "chair": "Lò Văn Tổ", "invited": 40, "present": 30, "voting_method": "show_of_hands"}
PEOPLE_2020 = [
    {"role": "party", "name": "Lò Văn Bí", "position": "Bí thư chi bộ"},
    {"role": "leader", "name": "Lò Văn Tổ", "position": "Tổ trưởng tổ dân phố"},
    {"role": "front", "name": "Tòng Thị Mặt", "position": "Trưởng ban Công tác Mặt trận"},
    {"role": "unions", "name": "Lường Thị Nữ", "position": "Chi hội trưởng Hội Phụ nữ"},
    {"role": "unions", "name": "Điêu Văn Binh", "position": "Chi hội trưởng Hội Cựu chiến binh"},
]


@pytest.fixture
def group_2020(world, make_households):
    g = world.groups[0]
    make_households(g, 4)
    services.register_group_households(actor=TEST, group=g, year=2020, on=date(2020, 2, 10))
    return g


def start(world, year=2020, held_on=date(2020, 11, 5)):
    return services.start_review_meeting(
        actor=TEST, title="gdvh", year=year, unit=world.groups[0], on=held_on, held_on=held_on, **FACTS
    )


def lines(meeting):
    return list(meeting.entries.select_related("candidacy").order_by("candidacy__sort_key"))


# --------------------------------------------------------------------------- attendance


def test_the_rule_sets_name_the_capacities_each_decree_requires():
    from vanhoa.titles.models import RuleSet

    nd86 = [r.code for r in attendance.roles_of(RuleSet.objects.get(code="nd86-2023/household"))]
    nd122 = attendance.roles_of(RuleSet.objects.get(code="nd122-2018/household"))
    assert nd86 == ["leader", "front", "unions"]
    assert [r.code for r in nd122] == ["party", "leader", "front", "unions"]
    assert all(r.source == "NĐ 122/2018 Điều 9 khoản 2" for r in nd122)
    assert [r.code for r in nd122 if r.chair] == ["leader"]


def test_a_new_draft_starts_with_the_chair_in_the_chairing_capacity(world, group_2020):
    meeting = start(world)
    assert attendance.lines_of(meeting) == [{"role": "leader", "name": "Lò Văn Tổ", "position": ""}]


def test_the_people_are_saved_in_the_rule_sets_order_and_audited(world, group_2020):
    meeting = start(world)
    services.save_review_draft(meeting, actor=TEST, attendees=list(reversed(PEOPLE_2020)) + [{"role": "front"}])
    assert attendance.lines_of(meeting) == sorted(  # by capacity; people of one capacity as typed
        reversed(PEOPLE_2020), key=lambda x: ["party", "leader", "front", "unions"].index(x["role"])
    )
    labels = list(MeetingAttendee.objects.filter(meeting=meeting).values_list("role_label", flat=True))
    assert labels[0] == "Đại diện cấp ủy (chi bộ)"
    entry = AuditEntry.objects.filter(action="titles.meeting.draft_saved").order_by("-pk").first()
    assert [x["name"] for x in entry.changes["_"]["attendees"]][:2] == ["Lò Văn Bí", "Lò Văn Tổ"]


def test_an_unknown_capacity_or_two_chairs_are_refused(world, group_2020):
    meeting = start(world)
    with pytest.raises(TitleError, match="Thành phần «mayor» không có trong quy định áp dụng"):
        services.save_review_draft(meeting, actor=TEST, attendees=[{"role": "mayor", "name": "A"}])
    with pytest.raises(TitleError, match="chỉ ghi một người"):
        services.save_review_draft(
            meeting, actor=TEST, attendees=[{"role": "front", "name": "A"}, {"role": "front", "name": "B"}]
        )


def test_the_screen_cannot_close_minutes_that_miss_a_required_capacity(world, group_2020):
    meeting = start(world)
    services.save_review_draft(meeting, actor=TEST, all_pass=True, attendees=PEOPLE_2020[1:2])
    with pytest.raises(TitleError) as exc:
        services.submit_review_meeting(meeting, actor=TEST, require_attendance=True)
    assert str(exc.value) == (
        "Thành phần dự họp: chưa ghi Đại diện cấp ủy (chi bộ); Trưởng ban Công tác Mặt trận; Đại diện các ngành, "
        "đoàn thể (NĐ 122/2018 Điều 9 khoản 2)."
    )
    services.save_review_draft(meeting, actor=TEST, attendees=PEOPLE_2020)
    services.submit_review_meeting(meeting, actor=TEST, require_attendance=True)
    assert meeting.entries.filter(outcome=Outcome.PASSED).count() == 4


def test_next_years_draft_is_prefilled_with_last_years_people(world, group_2020, make_households):
    meeting = start(world)
    services.save_review_draft(meeting, actor=TEST, all_pass=True, attendees=PEOPLE_2020)
    services.submit_review_meeting(meeting, actor=TEST)
    services.register_group_households(actor=TEST, group=world.groups[0], year=2021, on=date(2021, 2, 10))
    again = start(world, year=2021, held_on=date(2021, 11, 5))
    assert attendance.lines_of(again) == PEOPLE_2020


def test_the_minutes_print_who_attended_in_which_capacity(world, group_2020, checker, tmp_path):  # noqa: F811
    meeting = start(world)
    services.save_review_draft(meeting, actor=TEST, all_pass=True, attendees=PEOPLE_2020[:3])
    services.submit_review_meeting(meeting, actor=TEST)
    data = build_minutes(ward=world.ward_2020, year=2020, meeting=meeting.pk).to_bytes()
    text = text_of(data)
    assert "Đại diện cấp ủy (chi bộ): Lò Văn Bí (Bí thư chi bộ)." in text
    assert "Trưởng ban Công tác Mặt trận: Tòng Thị Mặt (Trưởng ban Công tác Mặt trận)." in text
    assert "Đại diện các ngành, đoàn thể: ……………………." in text  # left blank to be written by hand
    assert errors(checker, data, tmp_path, "bien-ban-thanh-phan") == []


def test_the_meeting_page_takes_the_people_typed(world, group_2020, client_for):
    meeting = start(world)
    client = client_for(world.users["leader_group1"])
    html = client.get(f"/danh-hieu/hop/{meeting.pk}/").content.decode()
    assert "Thành phần dự họp" in html and "Trưởng ban Công tác Mặt trận" in html and 'value="Lò Văn Tổ"' in html
    version = html.split('name="_version" value="')[1].split('"')[0]
    data = {
        "held_on": "05/11/2020",
        "place": "Nhà văn hóa",
        "chair": "Lò Văn Tổ",
        "invited": "40",
        "present": "30",
        "voting_method": "show_of_hands",
        "_version": version,
        "action": "save",
        "entries-TOTAL_FORMS": "4",
        "entries-INITIAL_FORMS": "4",
        "entries-MIN_NUM_FORMS": "0",
        "entries-MAX_NUM_FORMS": "5000",
    }
    for i, e in enumerate(lines(meeting)):
        data[f"entries-{i}-candidacy"] = str(e.candidacy_id)
        data[f"entries-{i}-points"] = ["95", "80", "", "92,5"][i]
        if i == 2:
            data[f"entries-{i}-passed"] = "on"
    roles = ["party", "leader", "front", "unions", "unions", "unions"]
    names = ["Lò Văn Bí", "Lò Văn Tổ", "Tòng Thị Mặt", "Lường Thị Nữ", "", ""]
    response = client.post(
        f"/danh-hieu/hop/{meeting.pk}/",
        {**data, "att-role": roles, "att-name": names, "att-position": [""] * 6},
    )
    assert response.status_code == 302
    assert [x["name"] for x in attendance.lines_of(meeting)] == names[:4]
    assert [e.points for e in lines(meeting)] == [Decimal(95), Decimal(80), Decimal(100), Decimal("92.5")]


# --------------------------------------------------------------------------- points


def test_a_household_under_the_pass_mark_is_not_proposed(world, group_2020):
    meeting = start(world)
    a, b, c, d = lines(meeting)
    services.save_review_draft(
        meeting,
        actor=TEST,
        all_pass=True,
        entries={
            a.candidacy_id: {"points": Decimal(84)},
            b.candidacy_id: {"points": Decimal(85)},
            c.candidacy_id: {"points": Decimal(61), "area": "disadvantaged_or_poor"},
        },
    )
    services.submit_review_meeting(meeting, actor=TEST)
    a, b, c, d = lines(meeting)
    assert [e.outcome for e in (a, b, c, d)] == [Outcome.FAILED, Outcome.PASSED, Outcome.PASSED, Outcome.PASSED]
    assert a.outcome_reason == "Đạt 84 điểm, dưới mức 85 điểm"
    assert d.points == Decimal(100)  # "Tất cả đạt mọi tiêu chí": full marks for a line not scored
    a.candidacy.refresh_from_db()
    assert a.candidacy.state == State.NOT_PROPOSED


def test_a_line_that_met_the_criteria_needs_its_score_where_the_rule_set_scores(world, group_2020):
    meeting = start(world)
    first = lines(meeting)[0]
    services.save_review_draft(meeting, actor=TEST, all_pass=True)
    services.save_review_draft(meeting, actor=TEST, entries={first.candidacy_id: {"points": None}})
    with pytest.raises(TitleError, match=r"Lò Văn Hộ001: chưa chấm điểm \(NĐ 122/2018/NĐ-CP xét theo thang điểm"):
        services.submit_review_meeting(meeting, actor=TEST)
    services.save_review_draft(meeting, actor=TEST, entries={first.candidacy_id: {"points": Decimal(120)}})
    with pytest.raises(TitleError, match="điểm phải từ 0 đến 100"):
        services.submit_review_meeting(meeting, actor=TEST)


def test_a_reviewed_household_below_the_mark_cannot_be_proposed(world, group_2020):
    """Even when its line was closed as passed before its score was corrected, the proposal refuses it."""
    meeting = start(world)
    services.save_review_draft(meeting, actor=TEST, all_pass=True)
    services.submit_review_meeting(meeting, actor=TEST)
    e = lines(meeting)[0]
    type(e).objects.filter(pk=e.pk).update(points=Decimal(70))  # as an old import left it
    with pytest.raises(TitleError) as exc:
        services.submit_proposal(actor=TEST, title="gdvh", year=2020, unit=world.groups[0], on=date(2020, 11, 6))
    assert str(exc.value) == (
        "Lò Văn Hộ001 đạt 70 điểm, dưới mức đạt 85 điểm (NĐ 122/2018/NĐ-CP): không đề nghị công nhận được."
    )


def test_the_minutes_print_the_scores(world, group_2020, checker, tmp_path):  # noqa: F811
    meeting = start(world)
    a = lines(meeting)[0]
    services.save_review_draft(meeting, actor=TEST, all_pass=True, entries={a.candidacy_id: {"points": "92.5"}})
    services.submit_review_meeting(meeting, actor=TEST)
    data = build_minutes(ward=world.ward_2020, year=2020, meeting=meeting.pk).to_bytes()
    text = text_of(data)
    assert "Điểm" in text and "92,5" in text and "100" in text
    assert "thang 100 điểm; mức đạt: 85 điểm (mức chung); 90 điểm (quận, huyện của thành phố trực thuộc" in text
    assert errors(checker, data, tmp_path, "bien-ban-diem") == []


def test_a_2024_meeting_has_no_scores(world, reviewed, client_for):
    cands = reviewed(2024, n=2)
    meeting = cands[0].review_entry.meeting
    assert meeting.rule_set.code == "nd86-2023/household"
    html = client_for(world.users["leader_group1"]).get(f"/danh-hieu/hop/{meeting.pk}/").content.decode()
    assert "points-" not in html
