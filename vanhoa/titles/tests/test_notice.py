"""The public notice (services/notice.py, NĐ 86/2023): who may post it, when, residents' opinions, and closing it."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied

from vanhoa.testing.actors import TEST
from vanhoa.titles import services
from vanhoa.titles.choices import State
from vanhoa.titles.models import NoticeComment
from vanhoa.titles.services import TitleError

pytestmark = pytest.mark.django_db


def open_notice(world, opened_on=date(2024, 10, 16), place="Nhà văn hóa tổ 1", actor=TEST):
    return services.open_public_notice(
        actor=actor, title="gdvh", year=2024, unit=world.groups[0], opened_on=opened_on, place=place
    )


def test_a_notice_needs_candidates_found_eligible(world):
    with pytest.raises(TitleError, match="Tổ dân phố số 1: chưa có hồ sơ nào bình xét đạt để niêm yết"):
        open_notice(world)


def test_a_notice_needs_a_place_and_starts_no_earlier_than_the_meeting(world, reviewed):
    reviewed(2024)
    with pytest.raises(TitleError, match="Nơi niêm yết: chưa nhập"):
        open_notice(world, place="  ")
    with pytest.raises(TitleError, match=r"Ngày niêm yết phải từ ngày họp bình xét \(15/10/2024\) trở đi"):
        open_notice(world, opened_on=date(2024, 10, 14))
    with pytest.raises(PermissionDenied, match="niêm yết danh sách"):
        open_notice(world, actor=world.users["leader_group2"])


def test_a_notice_lasts_the_rule_sets_days_and_puts_its_candidates_on_notice(world, reviewed):
    cands = reviewed(2024, 3)
    notice = open_notice(world, opened_on=date(2024, 10, 15), place=" Nhà  văn hóa ")
    assert (notice.days, notice.ends_on, notice.place, notice.ward) == (
        10,
        date(2024, 10, 24),
        "Nhà văn hóa",
        world.ward_2020,
    )
    for c in cands:
        c.refresh_from_db()
        assert (c.state, c.notice_id, c.state_on) == (State.ON_NOTICE, notice.pk, date(2024, 10, 15))


def test_an_opinion_must_be_received_during_the_notice_and_say_something(world, reviewed):
    cands = reviewed(2024)
    notice = open_notice(world)
    cands[0].refresh_from_db()
    with pytest.raises(TitleError, match=r"trong thời gian niêm yết \(16/10/2024–25/10/2024\)"):
        services.record_notice_comment(notice, actor=TEST, received_on=date(2024, 10, 15), content="Sớm")
    with pytest.raises(TitleError, match="Nội dung ý kiến: chưa nhập"):
        services.record_notice_comment(notice, actor=TEST, received_on=date(2024, 10, 17), content=" ")
    with pytest.raises(TitleError, match="Ý kiến được chấp nhận phải gắn với một hộ trong danh sách"):
        services.record_notice_comment(
            notice, actor=TEST, received_on=date(2024, 10, 17), content="Chung chung", upheld=True
        )
    comment = services.record_notice_comment(
        notice, actor=TEST, received_on=date(2024, 10, 17), content="Hộ gương mẫu", candidacy=cands[0]
    )
    assert (comment.candidacy, comment.upheld, comment.resolution) == (cands[0], False, "")


def test_an_opinion_about_someone_not_on_the_list_is_refused(world, reviewed):
    reviewed(2024)
    other = reviewed(2024, 1, group=1)[0]
    notice = open_notice(world)
    with pytest.raises(TitleError, match=f"{other.subject_name} không có trong danh sách niêm yết này"):
        services.record_notice_comment(
            notice, actor=TEST, received_on=date(2024, 10, 17), content="Ý kiến", candidacy=other
        )
    assert not NoticeComment.objects.exists()


def test_a_closed_notice_takes_no_more_opinions_and_cannot_close_twice(world, reviewed):
    reviewed(2024)
    notice = open_notice(world)
    services.close_public_notice(notice, actor=TEST, on=date(2024, 10, 26))
    notice.refresh_from_db()
    assert notice.result_note == "Không có ý kiến nào của người dân."
    with pytest.raises(TitleError, match="Đợt niêm yết đã kết thúc, không ghi thêm ý kiến được"):
        services.record_notice_comment(notice, actor=TEST, received_on=date(2024, 10, 20), content="Muộn")
    with pytest.raises(TitleError, match="Đợt niêm yết này đã kết thúc"):
        services.close_public_notice(notice, actor=TEST, on=date(2024, 10, 27))


def test_closing_counts_the_opinions_and_drops_only_those_upheld(world, reviewed):
    a, b = reviewed(2024)
    notice = open_notice(world)
    a.refresh_from_db()
    b.refresh_from_db()
    services.record_notice_comment(
        notice, actor=TEST, received_on=date(2024, 10, 18), content="Lấn chiếm vỉa hè", candidacy=a, upheld=True
    )
    services.record_notice_comment(
        notice, actor=TEST, received_on=date(2024, 10, 19), content="Ý kiến khác", candidacy=b
    )
    with pytest.raises(PermissionDenied):
        services.close_public_notice(notice, actor=world.users["leader_group2"], on=date(2024, 10, 26))
    services.close_public_notice(notice, actor=world.users["leader_group1"], on=date(2024, 10, 26))
    notice.refresh_from_db()
    a.refresh_from_db()
    b.refresh_from_db()
    assert notice.result_note == "Nhận 2 ý kiến." and notice.closed_on == date(2024, 10, 26)
    assert a.state == State.NOT_PROPOSED and a.reason == "Ý kiến người dân trong thời gian niêm yết: Lấn chiếm vỉa hè"
    assert b.state == State.ON_NOTICE


def test_the_officer_may_write_the_result_of_the_consultation(world, reviewed):
    reviewed(2024)
    notice = open_notice(world)
    services.close_public_notice(notice, actor=TEST, on=date(2024, 10, 28), result_note=" Nhất trí  toàn bộ ")
    notice.refresh_from_db()
    assert notice.result_note == "Nhất trí toàn bộ"
