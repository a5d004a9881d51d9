"""The decision (services/decision.py): recognition with its annex list, certificates, publishing, revocation;
every refusal says what is wrong and nothing is half-written."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied

from vanhoa.core.models import AuditEntry
from vanhoa.testing.actors import TEST
from vanhoa.titles import services
from vanhoa.titles.choices import ProposalStatus, State
from vanhoa.titles.models import Candidacy, Decision
from vanhoa.titles.services import TitleError

pytestmark = pytest.mark.django_db


@pytest.fixture
def proposed(world, reviewed):
    """Two households of group 1 reviewed in 2020 and proposed on 09/11/2020."""
    cands = reviewed(2020)
    proposal = services.submit_proposal(
        actor=TEST, title="gdvh", year=2020, unit=world.groups[0], on=date(2020, 11, 9)
    )
    return cands, proposal


def decide(world, actor=TEST, **kw):
    data = {"number": "152", "signed_on": date(2020, 11, 13), "signer_name": "Nguyễn Văn An"} | kw
    return services.issue_decision(actor=actor, title="gdvh", year=2020, ward=world.ward, **data)


def test_a_decision_needs_a_dossier_waiting(world):
    with pytest.raises(
        TitleError, match="Chưa có hồ sơ đề nghị nào chờ quyết định công nhận «Gia đình văn hóa» năm 2020"
    ):
        decide(world)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"number": "152/KH-BCĐ"}, "Số quyết định: «152/KH-BCĐ» có ký hiệu KH-BCĐ, khác ký hiệu QĐ-UBND"),
        ({"number": "abc"}, r"Số quyết định: chỉ nhập số thứ tự \(ví dụ 125\); ký hiệu QĐ-UBND do hệ thống ghi."),
        ({"signer_name": "An"}, "Người ký: nhập đủ họ và tên."),
        (
            {"signed_on": date(2020, 11, 8)},
            r"Ngày ký \(08/11/2020\) trước ngày gửi hồ sơ của Tổ dân phố số 1 \(09/11/2020\)",
        ),
    ],
)
def test_a_decision_refuses_bad_input_and_writes_nothing(world, proposed, data, message):
    with pytest.raises(TitleError, match=message):
        decide(world, **data)
    assert not Decision.objects.exists()
    assert set(Candidacy.objects.values_list("state", flat=True)) == {State.PROPOSED}


def test_a_decision_number_is_used_once_a_year_at_a_ward(world, proposed, reviewed):
    decide(world)
    reviewed(2020, 1, group=1)
    services.submit_proposal(actor=TEST, title="gdvh", year=2020, unit=world.groups[1], on=date(2020, 11, 20))
    with pytest.raises(TitleError, match="Số 152 năm 2020 trong sổ đăng ký văn bản đi của Ủy ban nhân dân phường"):
        decide(world, signed_on=date(2020, 11, 25))
    assert decide(world, number="153", signed_on=date(2020, 11, 25)).number == "153"


def test_the_number_field_takes_the_number_alone_and_a_blank_takes_the_next_from_the_register(
    world, proposed, reviewed
):
    # A number typed with its symbol by habit prints once: 125/QĐ-UBND, never 125/QĐ-UBND/QĐ-UBND.
    first = decide(world, number="125/QĐ-UBND")
    assert (first.number, first.number_text) == ("125", "125/QĐ-UBND")
    reviewed(2020, 1, group=1)
    services.submit_proposal(actor=TEST, title="gdvh", year=2020, unit=world.groups[1], on=date(2020, 11, 20))
    second = decide(world, number="", signed_on=date(2020, 11, 25))
    assert second.number_text == "126/QĐ-UBND"
    from vanhoa.documents import register

    assert register.entry_for(second).summary == "Quyết định công nhận danh hiệu «Gia đình văn hóa» năm 2020"


def test_a_dossier_already_decided_is_not_decided_again(world, proposed):
    _cands, proposal = proposed
    decide(world)
    proposal.refresh_from_db()
    with pytest.raises(TitleError, match="không còn chờ quyết định"):
        decide(world, number="160", proposals=[proposal])


def test_left_out_candidates_need_a_reason_and_go_back_a_step(world, proposed):
    (a, b), proposal = proposed
    with pytest.raises(TitleError, match="Hồ sơ không được công nhận cần ghi lý do"):
        decide(world, excluded={a.pk: " "})
    decision = decide(world, excluded={a.pk: "Vi phạm quy ước"})
    a.refresh_from_db()
    b.refresh_from_db()
    proposal.refresh_from_db()
    assert (a.state, a.resume_state, a.proposal) == (State.RETURNED, State.REVIEWED, None)
    assert a.reason == "Không được công nhận: Vi phạm quy ước"
    assert (b.state, b.decision) == (State.DECIDED, decision)
    assert (proposal.status, proposal.decision) == (ProposalStatus.DECIDED, decision)
    issued = AuditEntry.objects.get(action="titles.decision.issued")
    assert issued.changes["_"] == {"recognised": 1, "excluded": 1}


def test_the_decision_is_issued_by_the_commune_of_the_time_and_signed_by_its_chairman(world, proposed):
    decision = decide(world, signing_authority="KT. CHỦ TỊCH")
    assert decision.ward == world.ward_2020
    assert decision.issuer_name == "Ủy ban nhân dân phường Quyết Tiến"
    assert decision.signer_position.endswith("Ủy ban nhân dân phường Quyết Tiến")
    assert decision.signing_authority == "KT. CHỦ TỊCH"
    assert decision.proposer == "Trưởng ban Công tác Mặt trận và Tổ trưởng các tổ dân phố"


def test_only_the_decider_issues_a_decision(world, proposed):
    with pytest.raises(PermissionDenied, match="ra quyết định công nhận"):
        decide(world, actor=world.users["leader_group1"])
    with pytest.raises(PermissionDenied):
        decide(world, actor=world.users["front_officer"])
    assert decide(world, actor=world.users["ward_head"]).candidacies.count() == 2


def test_certificates_are_numbered_once_from_the_decision_date(world, proposed):
    decision = decide(world)
    with pytest.raises(TitleError, match="Ngày cấp giấy công nhận không được trước ngày ký quyết định"):
        services.issue_certificates(decision, actor=TEST, on=date(2020, 11, 12))
    with pytest.raises(PermissionDenied, match="cấp giấy công nhận"):
        services.issue_certificates(decision, actor=world.users["leader_group1"], on=date(2020, 11, 18))
    done = services.issue_certificates(decision, actor=TEST, on=date(2020, 11, 18))
    assert [c.certificate_number for c in done] == ["0001", "0002"]
    assert {c.state for c in done} == {State.CERTIFIED}
    with pytest.raises(TitleError, match="Mọi hộ trong quyết định đã được cấp giấy công nhận"):
        services.issue_certificates(decision, actor=TEST, on=date(2020, 11, 19))


def test_the_list_is_published_with_a_place_from_the_decision_date(world, proposed):
    decision = decide(world)
    with pytest.raises(TitleError, match="Ngày công bố không được trước ngày ký quyết định"):
        services.publish_list(decision, actor=TEST, on=date(2020, 11, 1), place="Bảng tin")
    with pytest.raises(TitleError, match="Nơi công bố: chưa nhập"):
        services.publish_list(decision, actor=TEST, on=date(2020, 11, 15), place="")
    with pytest.raises(PermissionDenied, match="công bố danh sách"):
        services.publish_list(decision, actor=world.users["leader_group1"], on=date(2020, 11, 15), place="Bảng tin")
    decision = services.publish_list(decision, actor=TEST, on=date(2020, 11, 15), place=" Bảng  tin ")
    assert (decision.published_on, decision.publish_place) == (date(2020, 11, 15), "Bảng tin")


def test_only_a_granted_title_is_revoked_with_a_reason_after_the_decision(world, proposed):
    (a, b), _proposal = proposed
    kw = {"number": "201", "signer_name": "Nguyễn Văn An"}
    with pytest.raises(TitleError, match="chỉ thu hồi được danh hiệu đã công nhận"):
        services.revoke_title(a, actor=TEST, on=date(2020, 12, 1), reason="Vi phạm", **kw)
    decide(world)
    with pytest.raises(TitleError, match="Lý do thu hồi: chưa nhập"):
        services.revoke_title(a, actor=TEST, on=date(2020, 12, 1), reason=" ", **kw)
    with pytest.raises(TitleError, match="Ngày thu hồi không được trước ngày quyết định công nhận"):
        services.revoke_title(a, actor=TEST, on=date(2020, 11, 12), reason="Vi phạm", **kw)
    with pytest.raises(PermissionDenied, match="thu hồi danh hiệu"):
        services.revoke_title(a, actor=world.users["leader_group1"], on=date(2020, 12, 1), reason="Vi phạm", **kw)
    a = services.revoke_title(a, actor=TEST, on=date(2020, 12, 1), reason="Vi phạm quy ước", **kw)
    assert (a.state, a.revoked_on, a.reason) == (State.REVOKED, date(2020, 12, 1), "Vi phạm quy ước")
    revocation = a.revoke_decision
    assert (revocation.kind, revocation.note, revocation.number_text) == (
        "revocation",
        "Vi phạm quy ước",
        "201/QĐ-UBND",
    )


def test_carrying_a_streak_needs_the_review_right_on_the_households_group(world):
    household = world.household(world.groups[1], "Lò Văn Gốc", since=date(2015, 1, 1))
    with pytest.raises(PermissionDenied, match="tính kế thừa số năm liên tục"):
        services.carry_streak(household, actor=world.users["leader_group1"], reason="x", on=date(2021, 4, 1))
