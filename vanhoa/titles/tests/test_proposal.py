"""The proposal (services/proposal.py): which candidates a dossier carries, its documents, and sending it back."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied

from vanhoa.testing.actors import TEST
from vanhoa.titles import services
from vanhoa.titles.choices import ProposalStatus, State
from vanhoa.titles.models import TitleType
from vanhoa.titles.services import TitleError

pytestmark = pytest.mark.django_db


def gdvh() -> TitleType:
    return TitleType.objects.get(code="gdvh")


def submit(world, year=2020, on=date(2020, 11, 9), actor=TEST, **kw):
    return services.submit_proposal(actor=actor, title="gdvh", year=year, unit=world.groups[0], on=on, **kw)


def test_without_a_notice_step_the_reviewed_are_ready(world, reviewed):
    cands = reviewed(2020)
    assert services.ready_for_proposal(gdvh(), 2020, world.groups[0]) == cands
    assert services.ready_for_proposal(gdvh(), 2020, world.groups[1]) == []


def test_with_a_notice_step_only_those_through_a_closed_notice_are_ready(world, reviewed):
    reviewed(2024)
    group = world.groups[0]
    assert services.ready_for_proposal(gdvh(), 2024, group) == []
    notice = services.open_public_notice(
        actor=TEST, title="gdvh", year=2024, unit=group, opened_on=date(2024, 10, 16), place="Nhà văn hóa"
    )
    assert services.ready_for_proposal(gdvh(), 2024, group) == []
    with pytest.raises(TitleError, match="Đợt niêm yết đến hết ngày 25/10/2024 chưa kết thúc"):
        submit(world, year=2024, on=date(2024, 10, 20))
    services.close_public_notice(notice, actor=TEST, on=date(2024, 10, 26))
    assert len(services.ready_for_proposal(gdvh(), 2024, group)) == 2


def test_nothing_ready_is_said_plainly(world):
    with pytest.raises(TitleError, match="Tổ dân phố số 1: chưa có hồ sơ nào sẵn sàng để đề nghị công nhận"):
        submit(world)


def test_a_dossier_lists_its_documents_and_is_complete_only_with_all_of_them(world, reviewed):
    reviewed(2020)
    with pytest.raises(TitleError, match="Thành phần hồ sơ không có trong quy định: photo"):
        submit(world, documents=["minutes", "photo"])
    proposal = submit(world, documents=["minutes", "registration"], number=" 05 ")
    assert (proposal.number, proposal.complete_on, proposal.status) == ("05", None, ProposalStatus.SUBMITTED)
    assert proposal.ward == world.ward_2020 and proposal.candidacies.count() == 2
    proposal = services.complete_proposal(proposal, actor=TEST, on=date(2020, 11, 12), documents=["proposal"])
    assert proposal.complete_on is None  # the self-assessment is still missing
    proposal = services.complete_proposal(proposal, actor=TEST, on=date(2020, 11, 13), documents=["self_assessment"])
    assert proposal.complete_on == date(2020, 11, 13)
    assert proposal.documents == ["minutes", "proposal", "registration", "self_assessment"]
    proposal = services.complete_proposal(proposal, actor=TEST, on=date(2020, 11, 20), documents=["minutes"])
    assert proposal.complete_on == date(2020, 11, 13)  # the first complete day stays


def test_a_dossier_sent_with_every_document_is_complete_on_the_day(world, reviewed):
    reviewed(2020)
    proposal = submit(world)
    assert proposal.complete_on == date(2020, 11, 9)
    assert sorted(proposal.documents) == ["minutes", "proposal", "registration", "self_assessment"]


def test_sending_and_completing_a_dossier_needs_the_review_right(world, reviewed):
    reviewed(2020)
    with pytest.raises(PermissionDenied, match="gửi hồ sơ đề nghị"):
        submit(world, actor=world.users["leader_group2"])
    proposal = submit(world, actor=world.users["leader_group1"], documents=["minutes"])
    with pytest.raises(PermissionDenied, match="bổ sung hồ sơ"):
        services.complete_proposal(proposal, actor=world.users["city_viewer"], on=date(2020, 11, 10), documents=[])


def test_only_the_decider_returns_a_waiting_dossier_and_with_a_reason(world, reviewed):
    cands = reviewed(2020)
    proposal = submit(world)
    with pytest.raises(PermissionDenied, match="trả lại hồ sơ đề nghị"):
        services.return_proposal(proposal, actor=world.users["leader_group1"], on=date(2020, 11, 10), reason="x")
    with pytest.raises(TitleError, match="Lý do trả lại: chưa nhập"):
        services.return_proposal(proposal, actor=TEST, on=date(2020, 11, 10), reason=" ")
    proposal = services.return_proposal(proposal, actor=world.users["ward_head"], on=date(2020, 11, 10), reason="Thiếu")
    assert (proposal.status, proposal.return_reason) == (ProposalStatus.RETURNED, "Thiếu")
    for c in cands:
        c.refresh_from_db()
        assert (c.state, c.resume_state, c.reason) == (State.RETURNED, State.REVIEWED, "Hồ sơ bị trả lại: Thiếu")
    with pytest.raises(TitleError, match="Chỉ trả lại được hồ sơ đang chờ quyết định"):
        services.return_proposal(proposal, actor=TEST, on=date(2020, 11, 11), reason="Lần nữa")


def test_a_candidate_is_returned_for_rework_only_between_review_and_decision(world, reviewed):
    a, b = reviewed(2020)
    with pytest.raises(TitleError, match="Lý do trả lại: chưa nhập"):
        services.return_for_rework(a, actor=TEST, on=date(2020, 11, 6), reason="")
    with pytest.raises(PermissionDenied, match="trả lại kết quả bình xét"):
        services.return_for_rework(a, actor=world.users["leader_group1"], on=date(2020, 11, 6), reason="Xem lại")
    a = services.return_for_rework(a, actor=world.users["ward_head"], on=date(2020, 11, 6), reason="Xem lại")
    assert (a.state, a.resume_state, a.reason) == (State.RETURNED, State.REGISTERED, "Trả lại để bình xét lại: Xem lại")
    with pytest.raises(TitleError, match="không trả lại được khi đang «Bị trả lại»"):
        services.return_for_rework(a, actor=TEST, on=date(2020, 11, 7), reason="Lần nữa")
    proposal = submit(world)
    assert list(proposal.candidacies.all()) == [b]  # the returned one waits for a supplementary meeting
