"""The title cycle, step by step, with every number derived from the rule set in force
(title-cycle.md §4 worked examples)."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied

from vanhoa.core.models import AuditEntry
from vanhoa.registry import services as registry
from vanhoa.testing.actors import TEST
from vanhoa.titles import clock, facts, services
from vanhoa.titles.choices import MeetingStatus, ProposalStatus, State
from vanhoa.titles.models import Candidacy, StreetCommitment
from vanhoa.titles.services import TitleError

pytestmark = pytest.mark.django_db


def register_all(world, group, year, on):
    created, _ = services.register_group_households(actor=TEST, group=group, year=year, on=on)
    return created


# --------------------------------------------------------------------------- example 1: quorum and approval


def test_example_1_nd122_meeting_valid_with_25_of_40_and_proposes_only_with_60_percent_agreeing(world, make_households):
    group3 = world.groups[2]
    a, b, c = make_households(group3, 3)
    cands = {x.household_id: x for x in register_all(world, group3, 2020, date(2020, 2, 10))}
    meeting = services.record_review_meeting(
        actor=TEST,
        title="gdvh",
        year=2020,
        unit=group3,
        held_on=date(2020, 11, 5),
        place="Nhà văn hóa tổ dân phố số 3",
        chair="Lò Văn Chủ Trì",
        secretary="Lò Thị Thư Ký",
        invited=40,
        present=25,
        voting_method="show_of_hands",
        results={
            cands[a.pk]: {"votes_for": 16, "votes_against": 9},
            cands[b.pk]: {"votes_for": 14, "votes_against": 11},
        },
    )
    assert meeting.rule_set.code == "nd122-2018/household"
    assert meeting.attendance_text == "25/40 người (62,5%)" and meeting.is_valid
    for x in cands.values():
        x.refresh_from_db()
    assert cands[a.pk].state == State.REVIEWED  # 16/25 = 64% ≥ 60%
    assert cands[b.pk].state == State.NOT_PROPOSED  # 14/25 = 56% < 60%
    assert "không đủ 60% số người dự họp tán thành" in cands[b.pk].reason.lower()
    assert "14/25, 56,0%" in cands[b.pk].reason
    assert cands[c.pk].state == State.REVIEWED  # not listed: every attendee agreed (25/25)


def test_example_1_with_23_of_40_present_the_meeting_is_invalid_and_nobody_is_proposed(world, make_households):
    group3 = world.groups[2]
    make_households(group3, 2)
    cands = register_all(world, group3, 2020, date(2020, 2, 10))
    services.record_review_meeting(
        actor=TEST,
        title="gdvh",
        year=2020,
        unit=group3,
        held_on=date(2020, 11, 5),
        place="Nhà văn hóa",
        chair="Lò Văn Chủ Trì",
        invited=40,
        present=23,
        voting_method="secret_ballot",
    )
    for x in cands:
        x.refresh_from_db()
        assert x.state == State.NOT_PROPOSED
        assert "Cuộc họp không hợp lệ" in x.reason and "23/40, 57,5%" in x.reason


def test_nd86_years_have_no_quorum_or_vote_threshold(world, make_households):
    group = world.groups[0]
    make_households(group, 2)
    cands = register_all(world, group, 2024, date(2024, 3, 1))
    services.record_review_meeting(
        actor=TEST,
        title="gdvh",
        year=2024,
        unit=group,
        held_on=date(2024, 10, 15),
        place="Nhà văn hóa",
        chair="Lò Văn Chủ Trì",
        invited=40,
        present=10,
        voting_method="show_of_hands",
        results={cands[0]: {"votes_for": 3}},
    )
    for x in cands:
        x.refresh_from_db()
        assert x.state == State.REVIEWED, x.reason


def test_bad_meeting_input_gets_clear_messages_and_nothing_changes(world, make_households):
    group = world.groups[0]
    make_households(group, 2)
    cands = register_all(world, group, 2020, date(2020, 2, 10))
    with pytest.raises(TitleError, match=r"Số người dự họp \(30\) lớn hơn số người được mời \(25\)"):
        services.record_review_meeting(
            actor=TEST,
            title="gdvh",
            year=2020,
            unit=group,
            held_on=date(2020, 11, 5),
            place="Nhà văn hóa",
            chair="Lò Văn Chủ Trì",
            invited=25,
            present=30,
            voting_method="show_of_hands",
        )
    with pytest.raises(TitleError, match="vượt số người dự họp"):
        services.record_review_meeting(
            actor=TEST,
            title="gdvh",
            year=2020,
            unit=group,
            held_on=date(2020, 11, 5),
            place="Nhà văn hóa",
            chair="Lò Văn Chủ Trì",
            invited=30,
            present=20,
            voting_method="show_of_hands",
            results={cands[0]: {"votes_for": 15, "votes_against": 10}},
        )
    with pytest.raises(TitleError, match="cần chọn hoặc ghi lý do"):
        services.record_review_meeting(
            actor=TEST,
            title="gdvh",
            year=2020,
            unit=group,
            held_on=date(2020, 11, 5),
            place="Nhà văn hóa",
            chair="Lò Văn Chủ Trì",
            invited=30,
            present=20,
            voting_method="show_of_hands",
            results={cands[0]: {"criteria_met": False}},
        )
    assert set(Candidacy.objects.values_list("state", flat=True)) == {State.REGISTERED}
    assert not AuditEntry.objects.filter(action="titles.meeting.submitted").exists()


def test_exclusion_and_failed_standard_are_the_reasons_of_the_rule_set(world, make_households):
    group = world.groups[0]
    make_households(group, 3)
    a, b, c = register_all(world, group, 2024, date(2024, 3, 1))
    services.record_review_meeting(
        actor=TEST,
        title="gdvh",
        year=2024,
        unit=group,
        held_on=date(2024, 10, 15),
        place="Nhà văn hóa",
        chair="Lò Văn Chủ Trì",
        present=20,
        results={
            a: {"criteria_met": False, "exclusion_code": "b"},
            b: {"criteria_met": False, "failed_criteria": ["III"]},
            c: {"criteria_met": False, "reason_text": "Chưa tham gia sinh hoạt tổ"},
        },
    )
    for x in (a, b, c):
        x.refresh_from_db()
    assert a.reason.startswith("Thuộc trường hợp không xét tặng: Có thành viên không hoàn thành nghĩa vụ quân sự")
    assert "NĐ 86/2023 Điều 6 khoản 4 điểm b" in a.reason
    assert b.reason.startswith("Không đạt tiêu chuẩn III")
    assert c.reason == "Không đạt Chưa tham gia sinh hoạt tổ"


# --------------------------------------------------------------------------- steps the rule set does not have


def test_nd122_years_have_no_public_notice_and_nd86_years_no_self_assessment(world, make_households):
    group = world.groups[0]
    make_households(group, 1)
    (c2020,) = register_all(world, group, 2020, date(2020, 2, 10))
    services.record_self_assessment(c2020, actor=TEST, on=date(2020, 3, 1), points=92)
    c2020.refresh_from_db()
    assert c2020.state == State.SELF_ASSESSED and c2020.self_points == 92
    services.record_review_meeting(
        actor=TEST,
        title="gdvh",
        year=2020,
        unit=group,
        held_on=date(2020, 11, 5),
        place="Nhà văn hóa",
        chair="Lò Văn Chủ Trì",
        invited=10,
        present=8,
        voting_method="show_of_hands",
    )
    with pytest.raises(TitleError, match="không có bước niêm yết công khai"):
        services.open_public_notice(
            actor=TEST, title="gdvh", year=2020, unit=group, opened_on=date(2020, 11, 6), place="Bảng tin"
        )
    proposal = services.submit_proposal(actor=TEST, title="gdvh", year=2020, unit=group, on=date(2020, 11, 9))
    assert proposal.candidacies.count() == 1
    (c2024,) = register_all(world, group, 2024, date(2024, 3, 1))
    with pytest.raises(TitleError, match="không có bước tự đánh giá"):
        services.record_self_assessment(c2024, actor=TEST, on=date(2024, 3, 2))


# --------------------------------------------------------------------------- example 7: regime switch


def test_example_7_review_on_15_10_2024_uses_nd86_with_notice_16_10_to_25_10(world, make_households, monkeypatch):
    group = world.groups[0]
    make_households(group, 3)
    # Registered in January 2024, still under NĐ 122/2018 …
    cands = register_all(world, group, 2024, date(2024, 1, 20))
    assert {c.rule_set.code for c in cands} == {"nd122-2018/household"}
    # … but the meeting of 15/10/2024 is under NĐ 86/2023, which then governs the candidacies.
    services.record_review_meeting(
        actor=TEST,
        title="gdvh",
        year=2024,
        unit=group,
        held_on=date(2024, 10, 15),
        place="Nhà văn hóa",
        chair="Lò Văn Chủ Trì",
        present=30,
    )
    assert {c.rule_set.code for c in Candidacy.objects.all()} == {"nd86-2023/household"}
    with pytest.raises(TitleError, match="phải niêm yết công khai 10 ngày"):
        services.submit_proposal(actor=TEST, title="gdvh", year=2024, unit=group, on=date(2024, 10, 16))
    notice = services.open_public_notice(
        actor=TEST, title="gdvh", year=2024, unit=group, opened_on=date(2024, 10, 16), place="Nhà văn hóa tổ"
    )
    assert (notice.opened_on, notice.ends_on, notice.days) == (date(2024, 10, 16), date(2024, 10, 25), 10)
    a = Candidacy.objects.order_by("sort_key").first()
    with pytest.raises(TitleError, match="trong thời gian niêm yết"):
        services.record_notice_comment(notice, actor=TEST, received_on=date(2024, 10, 26), content="Muộn")
    services.record_notice_comment(
        notice,
        actor=TEST,
        received_on=date(2024, 10, 20),
        content="Hộ này lấn chiếm vỉa hè, đã bị xử phạt",
        candidacy=a,
        upheld=True,
        resolution="Tổ đã xác minh: đúng",
    )
    # The clock is frozen at 24/10: the notice is still running, nobody is late.
    monkeypatch.setattr(clock, "today", lambda: date(2024, 10, 24))
    assert not facts.notice_deadline(notice).is_late()
    with pytest.raises(TitleError, match=r"đến hết ngày 25/10/2024; chỉ kết thúc được từ ngày 26/10/2024"):
        services.close_public_notice(notice, actor=TEST, on=date(2024, 10, 25))
    monkeypatch.setattr(clock, "today", lambda: date(2024, 10, 28))
    assert facts.notice_deadline(notice).is_late()  # over and nobody closed it
    services.close_public_notice(notice, actor=TEST, on=date(2024, 10, 26))
    notice.refresh_from_db()
    assert not facts.notice_deadline(notice).is_late()
    a.refresh_from_db()
    assert a.state == State.NOT_PROPOSED and "Ý kiến người dân" in a.reason
    proposal = services.submit_proposal(actor=TEST, title="gdvh", year=2024, unit=group, on=date(2024, 10, 28))
    assert proposal.candidacies.count() == 2 and proposal.complete_on == date(2024, 10, 28)
    due = facts.decision_deadline(proposal.candidacies.first().rule_set, proposal.complete_on)
    assert due.due == date(2024, 11, 7)  # 10 calendar days
    monkeypatch.setattr(clock, "today", lambda: date(2024, 11, 8))
    assert due.is_late()
    cutoff = facts.cutoff_deadline(proposal.candidacies.first().rule_set, 2024, date(2024, 10, 15))
    assert cutoff.due_text == "trước ngày 25/11/2024" and not cutoff.is_late()
    decision = services.issue_decision(
        actor=TEST,
        title="gdvh",
        year=2024,
        ward=world.ward,
        number="215",
        signed_on=date(2024, 11, 6),
        signer_name="Nguyễn Văn An",
    )
    assert decision.ward == world.ward_2020 and decision.issuer_name == "Ủy ban nhân dân phường Quyết Tiến"
    assert not facts.decision_deadline(decision.rule_set, proposal.complete_on, decision.signed_on).is_late()
    publish = facts.publish_deadline(decision.rule_set, decision.signed_on)
    assert publish.due == date(2024, 11, 21)
    monkeypatch.setattr(clock, "today", lambda: date(2024, 11, 22))
    assert publish.is_late()
    services.publish_list(decision, actor=TEST, on=date(2024, 11, 15), place="Bảng tin tổ dân phố")
    decision.refresh_from_db()
    assert not facts.publish_deadline(decision.rule_set, decision.signed_on, decision.published_on).is_late()


# --------------------------------------------------------------------------- proposal, decision, certificates


def _reviewed_2020(world, group, n, make_households, held_on=date(2020, 11, 5)):
    make_households(group, n, prefix=f"Tòng Văn {group.order}")
    register_all(world, group, 2020, date(2020, 2, 10))
    services.record_review_meeting(
        actor=TEST,
        title="gdvh",
        year=2020,
        unit=group,
        held_on=held_on,
        place="Nhà văn hóa",
        chair="Lò Văn Chủ Trì",
        invited=n + 1,
        present=n,
        voting_method="show_of_hands",
    )


def test_nd122_deadlines_count_working_days_and_a_decision_covers_every_group(world, make_households):
    g1, g2 = world.groups[0], world.groups[1]
    _reviewed_2020(world, g1, 3, make_households, held_on=date(2020, 11, 5))  # a Thursday
    _reviewed_2020(world, g2, 2, make_households, held_on=date(2020, 11, 6))
    rs = Candidacy.objects.first().rule_set
    filing = facts.filing_deadline(rs, date(2020, 11, 5), date(2020, 11, 10))
    assert filing.due == date(2020, 11, 10) and not filing.is_late()  # Fri, Mon, Tue
    late = facts.filing_deadline(rs, date(2020, 11, 5), date(2020, 11, 11))
    assert late.is_late()
    p1 = services.submit_proposal(actor=TEST, title="gdvh", year=2020, unit=g1, on=date(2020, 11, 9))
    p2 = services.submit_proposal(actor=TEST, title="gdvh", year=2020, unit=g2, on=date(2020, 11, 9))
    assert facts.decision_deadline(rs, p1.complete_on).due == date(2020, 11, 16)  # 5 working days
    # 30/4 and 1/5 are holidays: 3 working days from Wed 29/04/2020 is Wed 06/05/2020.
    assert facts.add_days(date(2020, 4, 29), 3, "working") == date(2020, 5, 6)
    decision = services.issue_decision(
        actor=TEST,
        title="gdvh",
        year=2020,
        ward=world.ward,
        number="152",
        signed_on=date(2020, 11, 13),
        signer_name="Nguyễn Văn An",
    )
    assert decision.candidacies.count() == 5
    assert {p.status for p in (p1, p2) if p.refresh_from_db() is None} == {ProposalStatus.DECIDED}
    with pytest.raises(TitleError, match="Số 152 năm 2020 trong sổ đăng ký văn bản đi của Ủy ban nhân dân phường"):
        services.revoke_title(
            decision.candidacies.first(),
            actor=TEST,
            on=date(2020, 12, 1),
            reason="Vi phạm",
            number="152",
            signer_name="Nguyễn Văn An",
        )
    certified = services.issue_certificates(decision, actor=TEST, on=date(2020, 11, 18))
    assert [c.certificate_number for c in certified][:2] == ["0001", "0002"]
    assert {c.state for c in Candidacy.objects.all()} == {State.CERTIFIED}
    with pytest.raises(TitleError, match="đã được cấp giấy công nhận"):
        services.issue_certificates(decision, actor=TEST, on=date(2020, 11, 18))


def test_a_returned_proposal_goes_back_one_step_and_can_be_sent_again(world, make_households):
    g = world.groups[0]
    _reviewed_2020(world, g, 2, make_households)
    proposal = services.submit_proposal(actor=TEST, title="gdvh", year=2020, unit=g, on=date(2020, 11, 9))
    with pytest.raises(TitleError, match="Lý do trả lại"):
        services.return_proposal(proposal, actor=TEST, on=date(2020, 11, 10), reason=" ")
    services.return_proposal(proposal, actor=TEST, on=date(2020, 11, 10), reason="Thiếu biên bản họp có chữ ký")
    states = set(Candidacy.objects.values_list("state", "resume_state"))
    assert states == {(State.RETURNED, State.REVIEWED)}
    assert Candidacy.objects.first().reason == "Hồ sơ bị trả lại: Thiếu biên bản họp có chữ ký"
    again = services.submit_proposal(actor=TEST, title="gdvh", year=2020, unit=g, on=date(2020, 11, 11))
    assert again.pk != proposal.pk and again.candidacies.count() == 2
    assert set(Candidacy.objects.values_list("state", flat=True)) == {State.PROPOSED}


def test_the_ward_returns_one_household_for_rework_without_reopening_the_group(world, make_households):
    g = world.groups[0]
    _reviewed_2020(world, g, 3, make_households)
    services.submit_proposal(actor=TEST, title="gdvh", year=2020, unit=g, on=date(2020, 11, 9))
    one = Candidacy.objects.order_by("sort_key").first()
    with pytest.raises(PermissionDenied):  # a group leader cannot return results: that is the ward's call
        services.return_for_rework(one, actor=world.users["leader_group1"], on=date(2020, 11, 10), reason="x")
    services.return_for_rework(
        one,
        actor=world.users["front_officer"],
        on=date(2020, 11, 10),
        reason="Hộ có thành viên bị xử phạt về trật tự công cộng",
    )
    one.refresh_from_db()
    assert (one.state, one.resume_state, one.proposal_id) == (State.RETURNED, State.REGISTERED, None)
    assert Candidacy.objects.filter(state=State.PROPOSED).count() == 2  # the rest of the group is untouched
    # A supplementary meeting reviews only that household.
    meeting = services.start_review_meeting(
        actor=world.users["leader_group1"], title="gdvh", year=2020, unit=g, on=date(2020, 11, 11)
    )
    assert [e.candidacy_id for e in meeting.entries.all()] == [one.pk]
    services.save_review_draft(
        meeting,
        actor=world.users["leader_group1"],
        facts_={
            "place": "Nhà văn hóa",
            "chair": "Lò Văn Chủ Trì",
            "invited": 20,
            "present": 15,
            "voting_method": "show_of_hands",
        },
        entries={one.pk: {"criteria_met": False, "exclusion_code": "7"}},
    )
    services.submit_review_meeting(meeting, actor=world.users["leader_group1"])
    one.refresh_from_db()
    assert one.state == State.NOT_PROPOSED and "tụ tập đông người" in one.reason


def test_revoke_and_withdraw(world, make_households):
    g = world.groups[0]
    _reviewed_2020(world, g, 2, make_households)
    services.submit_proposal(actor=TEST, title="gdvh", year=2020, unit=g, on=date(2020, 11, 9))
    decision = services.issue_decision(
        actor=TEST,
        title="gdvh",
        year=2020,
        ward=world.ward,
        number="7",
        signed_on=date(2020, 11, 13),
        signer_name="Nguyễn Văn An",
    )
    c = decision.candidacies.first()
    with pytest.raises(PermissionDenied):
        services.revoke_title(
            c,
            actor=world.users["front_officer"],
            on=date(2021, 3, 1),
            reason="x",
            number="9",
            signer_name="Nguyễn Văn An",
        )
    services.revoke_title(
        c,
        actor=world.users["ward_head"],
        on=date(2021, 3, 1),
        reason="Thành viên bị truy cứu trách nhiệm hình sự",
        number="9",
        signer_name="Nguyễn Văn An",
    )
    c.refresh_from_db()
    assert c.state == State.REVOKED and c.revoke_decision.number_text == "09/QĐ-UBND"
    assert c.revoked_on == date(2021, 3, 1)
    with pytest.raises(TitleError, match="Tổ dân phố số 2 không có hộ nào đang cư trú vào ngày 01/02/2021"):
        register_all(world, world.groups[1], 2021, date(2021, 2, 1))
    h = world.household(world.groups[1], "Quàng Văn Rút", since=date(2015, 1, 1))
    (w,) = services.register(actor=TEST, title="gdvh", year=2021, subjects=[h], on=date(2021, 2, 1))
    services.withdraw(w, actor=TEST, on=date(2021, 5, 1), reason="Gia đình chuyển đi nơi khác")
    w.refresh_from_db()
    assert w.state == State.WITHDRAWN


# --------------------------------------------------------------------------- registration


def test_a_whole_group_registers_with_exceptions_and_twice_is_an_error(world, make_households):
    g = world.groups[2]
    hs = make_households(g, 5)
    moved = hs[4]
    registry.change_household_status(moved, actor=TEST, status="moved_out", on=date(2019, 6, 1), reason="Chuyển đi")
    created, skipped = services.register_group_households(
        actor=TEST, group=g, year=2020, on=date(2020, 2, 10), exclude=[hs[0].pk]
    )
    assert {c.household_id for c in created} == {hs[1].pk, hs[2].pk, hs[3].pk}  # not the exception, not the leaver
    again, skipped = services.register_group_households(actor=TEST, group=g, year=2020, on=date(2020, 2, 12))
    assert [c.household_id for c in again] == [hs[0].pk] and skipped == 3
    with pytest.raises(TitleError, match="đã đăng ký danh hiệu «Gia đình văn hóa» năm 2020"):
        services.register(actor=TEST, title="gdvh", year=2020, subjects=[hs[1]], on=date(2020, 3, 1))
    c = Candidacy.objects.get(household=hs[1])
    assert (c.unit, c.review_unit, c.ward) == (g, g, world.ward_2020)


def test_group_leaders_register_and_review_only_their_own_group(world, make_households):
    h1 = make_households(world.groups[0], 1)[0]
    h2 = make_households(world.groups[1], 1, prefix="Tòng Thị")[0]
    leader = world.users["leader_group1"]
    services.register(actor=leader, title="gdvh", year=2024, subjects=[h1], on=date(2024, 3, 1))
    with pytest.raises(PermissionDenied):
        services.register(actor=leader, title="gdvh", year=2024, subjects=[h2], on=date(2024, 3, 1))
    with pytest.raises(PermissionDenied):
        services.start_review_meeting(actor=leader, title="gdvh", year=2024, unit=world.groups[1], on=date(2024, 10, 1))
    with pytest.raises(PermissionDenied):
        services.register(
            actor=world.users["culture_officer"], title="gdvh", year=2024, subjects=[h2], on=date(2024, 3, 1)
        )


def test_a_street_registers_only_with_signed_commitments_of_its_frontages(world):
    from vanhoa.registry.models import Street

    street = registry.create_street(actor=TEST, ward=world.ward, name="Đường Trần Phú", groups=[world.groups[0]])
    street = Street.objects.get(pk=street.pk)
    with pytest.raises(TitleError, match="chưa có bản cam kết"):
        services.register(actor=TEST, title="tpvm", year=2024, subjects=[street], on=date(2024, 3, 1))
    services.record_street_commitments(
        actor=TEST,
        street=street,
        year=2024,
        commitments=[
            {"signer_name": "Lò Văn Páo", "frontage": "Số 12 Trần Phú", "signed_on": date(2024, 2, 20)},
            {
                "signer_name": "Cửa hàng Hoa Ban",
                "frontage": "Số 14 Trần Phú",
                "kind": "business",
                "signed_on": date(2024, 2, 21),
            },
        ],
    )
    (c,) = services.register(actor=TEST, title="tpvm", year=2024, subjects=[street], on=date(2024, 3, 1))
    assert c.rule_set.code == "provincial-lc/street" and c.rule_set.is_unconfirmed("legal_basis")
    assert StreetCommitment.objects.filter(street=street, year=2024).count() == 2


def test_group_title_under_nd86_is_reviewed_by_the_ward_and_decided_by_the_district_until_mid_2025(world):
    g = world.groups[0]
    (c,) = services.register(actor=TEST, title="tdpvh", year=2024, subjects=[g], on=date(2024, 3, 1))
    assert (c.unit, c.review_unit, c.ward) == (g, world.ward_2020, world.ward_2020)
    with pytest.raises(PermissionDenied):  # reviewed by the ward's council, not by the group
        services.start_review_meeting(
            actor=world.users["leader_group1"], title="tdpvh", year=2024, unit=world.ward_2020, on=date(2024, 10, 1)
        )
    services.record_review_meeting(
        actor=world.users["front_officer"],
        title="tdpvh",
        year=2024,
        unit=world.ward_2020,
        held_on=date(2024, 10, 20),
        place="Hội trường UBND phường",
        chair="Nguyễn Văn An",
        present=9,
    )
    services.open_public_notice(
        actor=TEST,
        title="tdpvh",
        year=2024,
        unit=world.ward_2020,
        opened_on=date(2024, 10, 21),
        place="Trang thông tin điện tử phường",
    )
    notice = Candidacy.objects.get(pk=c.pk).notice
    services.close_public_notice(notice, actor=TEST, on=date(2024, 10, 31))
    services.submit_proposal(actor=TEST, title="tdpvh", year=2024, unit=world.ward_2020, on=date(2024, 11, 1))
    decision = services.issue_decision(
        actor=TEST,
        title="tdpvh",
        year=2024,
        ward=world.ward,
        number="1234",
        signed_on=date(2024, 11, 8),
        signer_name="Trần Văn Bình",
    )
    assert decision.issuer_name == "Ủy ban nhân dân thành phố Lai Châu"
    assert decision.signer_position == "Chủ tịch Ủy ban nhân dân thành phố Lai Châu"


def test_meeting_drafts_are_saved_and_submitted_once(world, make_households):
    g = world.groups[0]
    make_households(g, 2)
    a, b = register_all(world, g, 2024, date(2024, 3, 1))
    leader = world.users["leader_group1"]
    m = services.start_review_meeting(actor=leader, title="gdvh", year=2024, unit=g, on=date(2024, 10, 15))
    assert services.start_review_meeting(actor=leader, title="gdvh", year=2024, unit=g, on=date(2024, 10, 15)) == m
    services.save_review_draft(
        m,
        actor=leader,
        facts_={"place": "Nhà văn hóa", "chair": "Lò Văn Tổ"},
        all_pass=True,
        entries={b.pk: {"criteria_met": False, "reason_text": "Chưa đóng góp quỹ"}},
    )
    a.refresh_from_db()
    assert a.state == State.REGISTERED  # still a draft
    with pytest.raises(TitleError, match="Số người dự họp: chưa nhập"):
        services.submit_review_meeting(m, actor=leader)
    services.save_review_draft(m, actor=leader, facts_={"present": 20})
    late = world.household(g, "Lò Văn Rút", since=date(2015, 1, 1))
    (w,) = services.register(actor=leader, title="gdvh", year=2024, subjects=[late], on=date(2024, 3, 5))
    assert services.start_review_meeting(actor=leader, title="gdvh", year=2024, unit=g, on=date(2024, 10, 15)) == m
    services.save_review_draft(m, actor=leader, all_pass=True)
    services.withdraw(w, actor=leader, on=date(2024, 10, 1), reason="Chuyển đi")
    services.save_review_draft(m, actor=leader, entries={b.pk: {"criteria_met": False, "reason_text": "Chưa đóng góp"}})
    services.submit_review_meeting(m, actor=leader)
    assert m.entries.count() == 2  # the household that withdrew left the minutes
    m.refresh_from_db()
    assert m.status == MeetingStatus.SUBMITTED
    with pytest.raises(TitleError, match="đã chốt"):
        services.save_review_draft(m, actor=leader, facts_={"present": 21})
    assert list(Candidacy.objects.order_by("pk").values_list("state", flat=True)) == [
        State.REVIEWED,
        State.NOT_PROPOSED,
        State.WITHDRAWN,
    ]
