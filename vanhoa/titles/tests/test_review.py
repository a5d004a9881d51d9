"""The review meeting (services/review.py): the draft, its defaults, each line's evaluation against the rule set
in force on the meeting date, and every check before the minutes close."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied

from vanhoa.testing.actors import TEST
from vanhoa.titles import services
from vanhoa.titles.choices import MeetingStatus, Outcome, State
from vanhoa.titles.models import Candidacy, ReviewEntry, ReviewMeeting, RuleSet
from vanhoa.titles.services import TitleError

pytestmark = pytest.mark.django_db

FACTS = {
    "place": "Nhà văn hóa",
    "chair": "Lò Văn Chủ Trì",
    "invited": 40,
    "present": 25,
    "voting_method": "show_of_hands",
}


@pytest.fixture
def registered(world, make_households):
    """Three households of group 1 registered for 2020 (NĐ 122/2018: quorum 50%, approval 60%)."""
    make_households(world.groups[0], 3)
    created, _ = services.register_group_households(
        actor=TEST, group=world.groups[0], year=2020, on=date(2020, 2, 10)
    )
    return sorted(created, key=lambda c: c.sort_key)


def start(world, **facts):
    return services.start_review_meeting(
        actor=TEST, title="gdvh", year=2020, unit=world.groups[0], on=date(2020, 11, 5), **facts
    )


# --------------------------------------------------------------------------- the draft


def test_a_meeting_needs_someone_waiting_for_review(world):
    with pytest.raises(TitleError, match="Tổ dân phố số 1: không có hồ sơ nào đang chờ bình xét"):
        start(world)


def test_the_draft_lists_everyone_waiting_and_takes_the_facts_given(world, registered):
    meeting = start(world, place="Nhà văn hóa tổ 1", chair="Lò Văn Tổ", unknown="ignored")
    assert meeting.status == MeetingStatus.DRAFT and meeting.held_on == date(2020, 11, 5)
    assert (meeting.place, meeting.chair, meeting.ward) == ("Nhà văn hóa tổ 1", "Lò Văn Tổ", world.ward_2020)
    assert set(meeting.entries.values_list("candidacy_id", flat=True)) == {c.pk for c in registered}
    assert meeting.rule_set.code == "nd122-2018/household"


def test_returned_candidates_wait_for_review_again(world, registered):
    services.record_review_meeting(
        actor=TEST, title="gdvh", year=2020, unit=world.groups[0], held_on=date(2020, 11, 5), **FACTS
    )
    assert not services.reviewable(registered[0].title_type, 2020, world.groups[0]).exists()
    services.return_for_rework(registered[0], actor=TEST, on=date(2020, 11, 6), reason="Xem lại tiêu chuẩn 2")
    assert list(services.reviewable(registered[0].title_type, 2020, world.groups[0])) == [registered[0]]


def test_reviewing_needs_the_review_right_on_the_group(world, registered):
    with pytest.raises(PermissionDenied, match="lập biên bản họp bình xét"):
        services.start_review_meeting(
            actor=world.users["leader_group2"], title="gdvh", year=2020, unit=world.groups[0], on=date(2020, 11, 5)
        )
    meeting = start(world)
    with pytest.raises(PermissionDenied):
        services.save_review_draft(meeting, actor=world.users["leader_group2"], all_pass=True)
    with pytest.raises(PermissionDenied):
        services.submit_review_meeting(meeting, actor=world.users["city_viewer"])


@pytest.mark.parametrize(
    ("today", "expected_day"),
    [(date(2020, 10, 20), date(2020, 10, 20)), (date(2026, 3, 4), date(2020, 11, 1))],
)
def test_a_new_draft_starts_with_today_in_the_current_year_else_the_review_season(world, today, expected_day):
    defaults = services.meeting_defaults(world.groups[0], world.users["leader_group1"], 2020, today)
    assert defaults == {
        "held_on": expected_day,
        "place": "Nhà văn hóa Tổ dân phố số 1",
        "chair": "leader_group1",
        "voting_method": "show_of_hands",
    }


def test_a_commune_meets_in_the_peoples_committee_hall_and_a_system_actor_chairs_nobody(world):
    defaults = services.meeting_defaults(world.ward_2020, "import", 2020, date(2020, 11, 3))
    assert defaults["place"] == "Hội trường Ủy ban nhân dân" and defaults["chair"] == ""


def test_the_draft_refuses_fields_it_does_not_have_and_lines_of_another_meeting(world, registered):
    meeting = start(world)
    with pytest.raises(TitleError, match="Không sửa được trường status"):
        services.save_review_draft(meeting, actor=TEST, facts_={"status": MeetingStatus.SUBMITTED})
    with pytest.raises(TitleError, match="Không sửa được trường outcome"):
        services.save_review_draft(meeting, actor=TEST, entries={registered[0].pk: {"outcome": Outcome.PASSED}})
    with pytest.raises(TitleError, match="Có hộ không thuộc cuộc họp này"):
        services.save_review_draft(meeting, actor=TEST, entries={999999: {"criteria_met": True}})


def test_saving_the_draft_normalises_text_and_keeps_the_lines(world, registered):
    meeting = start(world)
    services.save_review_draft(
        meeting,
        actor=TEST,
        facts_={"place": "  Nhà  văn hóa  ", "present": 20},
        entries={registered[1].pk: {"criteria_met": False, "reason_text": " Chưa  đóng góp "}},
    )
    meeting.refresh_from_db()
    line = meeting.entries.get(candidacy=registered[1])
    assert (meeting.place, meeting.present) == ("Nhà văn hóa", 20)
    assert (line.criteria_met, line.reason_text) == (False, "Chưa đóng góp")
    assert meeting.entries.get(candidacy=registered[0]).criteria_met is None


# --------------------------------------------------------------------------- evaluating one line


def line(meeting: ReviewMeeting | None = None, **kw) -> ReviewEntry:
    return ReviewEntry(meeting=meeting or meeting_of(), **({"criteria_met": True} | kw))


def nd122() -> RuleSet:
    return RuleSet.objects.get(code="nd122-2018/household")


def meeting_of(present=25, invited=40, rule_set=None) -> ReviewMeeting:
    return ReviewMeeting(present=present, invited=invited, rule_set=rule_set or nd122())


def test_an_invalid_meeting_proposes_nobody():
    ok, reason = services.evaluate_entry(line(), meeting_of(present=19), nd122())
    assert not ok and reason == "Cuộc họp không hợp lệ: số người dự họp chưa đạt 60% số người được mời (19/40, 47,5%)"


def test_an_excluded_case_cites_the_rule():
    ok, reason = services.evaluate_entry(line(criteria_met=False, exclusion_code="6"), meeting_of(), nd122())
    assert not ok and reason.startswith("Thuộc trường hợp không xét tặng: ") and "(NĐ 122/2018" in reason


def test_an_exclusion_code_the_rule_set_lacks_is_shown_as_typed():
    ok, reason = services.evaluate_entry(line(exclusion_code="zz"), meeting_of(), nd122())
    assert not ok and reason == "Thuộc trường hợp không xét tặng: zz"


def test_failed_standards_are_named_with_their_title():
    ok, reason = services.evaluate_entry(
        line(criteria_met=False, failed_criteria=["2"], reason_text="Có mâu thuẫn"), meeting_of(), nd122()
    )
    assert not ok and reason.startswith("Không đạt tiêu chuẩn 2 (") and reason.endswith("; Có mâu thuẫn")
    # The reason is never cut: the standard's whole title is there, ending with its closing bracket.
    title = nd122().criteria.get(code="2").title
    assert f"({title}); Có mâu thuẫn" in reason and len(title) > 60
    ok, reason = services.evaluate_entry(line(criteria_met=False), meeting_of(), nd122())
    assert reason == "Không đạt tiêu chuẩn"


def test_points_under_the_mark_fail_when_the_rule_set_counts_points():
    rs = nd122()
    rs.pass_kind, rs.pass_marks = "points", {"default": 85, "mountain": 80}
    ok, reason = services.evaluate_entry(line(points=Decimal(82)), meeting_of(), rs)
    assert not ok and reason == "Đạt 82 điểm, dưới mức 85 điểm"
    assert services.evaluate_entry(line(points=Decimal(82), area="mountain"), meeting_of(), rs) == (True, "")


def test_approval_is_counted_on_those_present_with_everyone_agreeing_by_default():
    meeting = meeting_of()
    assert services.evaluate_entry(line(meeting=meeting, votes_for=15), meeting, nd122()) == (True, "")  # 60,0%
    ok, reason = services.evaluate_entry(line(meeting=meeting, votes_for=14), meeting, nd122())
    assert not ok and reason == "Không đủ 60% số người dự họp tán thành (14/25, 56,0%)"
    assert services.evaluate_entry(line(meeting=meeting), meeting, nd122()) == (True, "")  # all agreed


def test_nd86_counts_neither_quorum_nor_votes():
    rs = RuleSet.objects.get(code="nd86-2023/household")
    meeting = meeting_of(2, 40, rs)
    assert services.evaluate_entry(line(meeting=meeting, votes_for=1), meeting, rs) == (True, "")


# --------------------------------------------------------------------------- closing the minutes


@pytest.mark.parametrize(
    ("facts", "message"),
    [
        ({"place": ""}, "Địa điểm: chưa nhập."),
        ({"chair": ""}, "Chủ trì: chưa nhập họ tên người chủ trì."),
        ({"present": None}, "Số người dự họp: chưa nhập."),
        ({"invited": None}, "Số người được mời: chưa nhập (cần để tính tỷ lệ dự họp)."),
        ({"voting_method": ""}, "Hình thức biểu quyết: chưa chọn."),
    ],
)
def test_the_minutes_close_only_with_their_facts(world, registered, facts, message):
    meeting = start(world, **(FACTS | facts))
    services.save_review_draft(meeting, actor=TEST, all_pass=True)
    with pytest.raises(TitleError, match=message.replace("(", r"\(").replace(")", r"\)")):
        services.submit_review_meeting(meeting, actor=TEST)
    assert not Candidacy.objects.filter(state=State.REVIEWED).exists()


def test_every_line_must_be_assessed_and_a_failed_one_explained(world, registered):
    meeting = start(world, **FACTS)
    name = registered[0].subject_name
    with pytest.raises(TitleError, match=f"{name}: chưa đánh giá"):
        services.submit_review_meeting(meeting, actor=TEST)
    services.save_review_draft(
        meeting, actor=TEST, all_pass=True, entries={registered[0].pk: {"criteria_met": False}}
    )
    with pytest.raises(TitleError, match=f"{name}: bỏ đánh dấu «đạt» thì cần chọn hoặc ghi lý do không đạt"):
        services.submit_review_meeting(meeting, actor=TEST)
    services.save_review_draft(meeting, actor=TEST, entries={registered[0].pk: {"exclusion_code": "zz"}})
    with pytest.raises(TitleError, match=f"{name}: trường hợp không xét «zz» không có trong NĐ 122/2018"):
        services.submit_review_meeting(meeting, actor=TEST)
    services.save_review_draft(
        meeting, actor=TEST, entries={registered[0].pk: {"exclusion_code": "", "votes_for": 20, "votes_against": 6}}
    )
    with pytest.raises(TitleError, match=r"số người tán thành \(20\) và không tán thành \(6\) cộng lại vượt"):
        services.submit_review_meeting(meeting, actor=TEST)


def test_closed_minutes_cannot_be_closed_or_changed_again(world, registered):
    meeting = services.record_review_meeting(
        actor=TEST, title="gdvh", year=2020, unit=world.groups[0], held_on=date(2020, 11, 5), **FACTS
    )
    assert meeting.status == MeetingStatus.SUBMITTED and meeting.submitted_on == date(2020, 11, 5)
    with pytest.raises(TitleError, match="Biên bản này đã chốt."):
        services.submit_review_meeting(meeting, actor=TEST)
    with pytest.raises(TitleError, match="Biên bản này đã chốt, không sửa được nữa."):
        services.save_review_draft(meeting, actor=TEST, all_pass=True)


def test_a_meeting_without_a_date_cannot_close(world, registered):
    meeting = start(world, **FACTS)
    ReviewMeeting.objects.filter(pk=meeting.pk).update(held_on=None)
    with pytest.raises(TitleError, match="Ngày họp: chưa nhập."):
        services.submit_review_meeting(meeting, actor=TEST)


def test_a_household_that_withdrew_after_the_draft_leaves_the_minutes(world, registered):
    meeting = start(world, **FACTS)
    services.save_review_draft(meeting, actor=TEST, all_pass=True)
    services.withdraw(registered[2], actor=TEST, on=date(2020, 11, 1), reason="Chuyển đi")
    services.submit_review_meeting(meeting, actor=TEST)
    assert meeting.entries.count() == 2
    assert set(Candidacy.objects.values_list("state", flat=True)) == {State.REVIEWED, State.WITHDRAWN}


def test_the_minutes_apply_the_rule_set_of_the_meeting_date(world, make_households):
    make_households(world.groups[0], 2)
    services.register_group_households(actor=TEST, group=world.groups[0], year=2024, on=date(2024, 1, 10))
    meeting = services.record_review_meeting(
        actor=TEST, title="gdvh", year=2024, unit=world.groups[0], held_on=date(2024, 1, 29), **FACTS
    )
    assert meeting.rule_set.code == "nd122-2018/household"  # the last day of NĐ 122/2018
    assert {c.rule_set.code for c in Candidacy.objects.all()} == {"nd122-2018/household"}
