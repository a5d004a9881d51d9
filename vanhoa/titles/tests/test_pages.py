"""The thin title pages through the Django test client: what each shows from the overview, and each action
posting to its service with Vietnamese messages on bad input."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from vanhoa.testing.actors import TEST
from vanhoa.titles import services
from vanhoa.titles.choices import ProposalStatus, State
from vanhoa.titles.models import Candidacy, ReviewMeeting

pytestmark = pytest.mark.django_db


def html(response) -> str:
    assert response.status_code == 200, response.status_code
    return response.content.decode()


def test_the_home_page_lists_every_group_with_the_next_step_and_the_ward_total(world, client_for, reviewed):
    reviewed(2020, 2, group=0)
    world.household(world.groups[1], "Lò Thị Chưa", since=date(2015, 1, 1))
    page = html(client_for(world.users["ward_head"]).get(reverse("titles-home") + "?nam=2020"))
    assert 'id="group-table"' in page and "Cả phường" in page
    assert "Chờ gửi hồ sơ đề nghị" in page and "Chưa đăng ký" in page
    leader = html(client_for(world.users["leader_group1"]).get(reverse("titles-home") + "?nam=2020"))
    assert 'id="my-group"' in leader and "Tổ dân phố số 2" not in leader


def test_the_cycle_page_offers_the_next_action_to_the_leader(world, client_for, make_households):
    g1 = world.groups[0]
    make_households(g1, 2)
    leader = client_for(world.users["leader_group1"])
    url = reverse("titles-cycle", kwargs={"title": "gdvh", "unit": g1.pk}) + "?nam=2020"
    assert "Đăng ký (2 chưa đăng ký)" in html(leader.get(url))
    services.register_group_households(actor=TEST, group=g1, year=2020, on=date(2020, 2, 10))
    page = html(leader.get(url))
    assert "Họp bình xét (2 hồ sơ)" in page and 'data-testid="next-step">Chờ họp bình xét' in page
    # The ward's page is not a group's: a household title is not reviewed at a commune.
    ward_url = reverse("titles-cycle", kwargs={"title": "gdvh", "unit": world.ward_2020.pk}) + "?nam=2020"
    assert client_for(world.users["ward_head"]).get(ward_url).status_code == 404


def test_a_refused_meeting_page_keeps_what_the_leader_typed(world, client_for, make_households):
    g1 = world.groups[0]
    make_households(g1, 2)
    services.register_group_households(actor=TEST, group=g1, year=2020, on=date(2020, 2, 10))
    meeting = services.start_review_meeting(actor=TEST, title="gdvh", year=2020, unit=g1, on=date(2020, 11, 5))
    cands = list(Candidacy.objects.order_by("sort_key"))
    data = {
        "held_on": "05/11/2020",
        "place": "Nhà văn hóa",
        "chair": "Lò Văn Tổ",
        "present": "20",
        "invited": "30",
        "voting_method": "show_of_hands",
        "action": "save",
        "entries-TOTAL_FORMS": "2",
        "entries-INITIAL_FORMS": "2",
        "entries-MIN_NUM_FORMS": "0",
        "entries-MAX_NUM_FORMS": "5000",
        "entries-0-candidacy": str(cands[0].pk),
        "entries-0-votes_for": "mười",
        "entries-0-reason_text": "Chưa đóng góp",
        "entries-1-candidacy": str(cands[1].pk),
        "entries-1-passed": "on",
    }
    url = reverse("titles-meeting", kwargs={"pk": meeting.pk})
    page = html(client_for(world.users["leader_group1"]).post(url, data))
    assert 'id="problems"' in page and f"{cands[0].subject_name}: số người tán thành phải là số" in page
    assert 'value="mười"' in page and 'value="Chưa đóng góp"' in page
    assert set(meeting.entries.values_list("criteria_met", flat=True)) == {None}  # nothing saved
    # Closing with a line not assessed: the service's message, the draft saved.
    data |= {"entries-0-votes_for": "", "entries-0-reason_text": "", "action": "submit"}
    page = html(client_for(world.users["leader_group1"]).post(url, data))
    assert f"{cands[0].subject_name}: chưa đánh giá" in page
    assert ReviewMeeting.objects.get().place == "Nhà văn hóa"


def test_the_notice_page_records_an_opinion_and_closes_the_notice(world, client_for, reviewed):
    a, _b = reviewed(2024)
    notice = services.open_public_notice(
        actor=TEST, title="gdvh", year=2024, unit=world.groups[0], opened_on=date(2024, 10, 16), place="Nhà văn hóa"
    )
    leader = client_for(world.users["leader_group1"])
    url = reverse("titles-notice", kwargs={"pk": notice.pk})
    page = html(leader.post(url, {"action": "comment", "received_on": "30/10/2024", "content": "Muộn"}))
    assert "Ngày nhận ý kiến phải trong thời gian niêm yết" in page
    r = leader.post(
        url,
        {
            "action": "comment",
            "received_on": "18/10/2024",
            "content": "Lấn chiếm",
            "candidacy": str(a.pk),
            "upheld": "on",
        },
    )
    assert r.status_code == 302 and notice.comments.get().upheld
    page = html(leader.post(url, {"action": "close", "on": "25/10/2024"}))
    assert "chỉ kết thúc được từ ngày 26/10/2024" in page
    assert leader.post(url, {"action": "close", "on": "26/10/2024"}).status_code == 302
    a.refresh_from_db()
    assert a.state == State.NOT_PROPOSED
    assert (
        client_for(world.users["leader_group1"]).post(url, {"action": "close", "on": "27/10/2024"}).status_code == 403
    )


def test_the_proposal_page_lets_the_ward_head_return_a_dossier(world, client_for, reviewed):
    reviewed(2020)
    proposal = services.submit_proposal(
        actor=TEST, title="gdvh", year=2020, unit=world.groups[0], on=date(2020, 11, 9)
    )
    url = reverse("titles-proposal", kwargs={"pk": proposal.pk})
    page = html(client_for(world.users["leader_group1"]).get(url))
    assert "Trả lại hồ sơ" not in page
    assert client_for(world.users["leader_group1"]).post(url, {"on": "10/11/2020", "reason": "x"}).status_code == 403
    head = client_for(world.users["ward_head"])
    assert "Vui lòng ghi lý do." in html(head.post(url, {"on": "10/11/2020", "reason": ""}))
    assert head.post(url, {"on": "10/11/2020", "reason": "Thiếu chữ ký"}).status_code == 302
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.RETURNED


def test_the_decide_and_decision_pages_issue_certify_and_publish(world, client_for, reviewed):
    reviewed(2020)
    proposal = services.submit_proposal(
        actor=TEST, title="gdvh", year=2020, unit=world.groups[0], on=date(2020, 11, 9)
    )
    head = client_for(world.users["ward_head"])
    url = reverse("titles-decide", kwargs={"title": "gdvh"}) + "?nam=2020"
    data = {"nam": "2020", "number": "152", "signed_on": "13/11/2020", "signer_name": "Nguyễn Văn An"}
    assert "Chưa chọn hồ sơ đề nghị nào." in html(head.post(url, data))
    r = head.post(url, data | {"proposal": [str(proposal.pk)]})
    assert r.status_code == 302
    decision_url = r.url
    page = html(head.post(decision_url, {"action": "certify", "on": "12/11/2020"}))
    assert "Ngày cấp giấy công nhận không được trước ngày ký quyết định." in page
    assert head.post(decision_url, {"action": "certify", "on": "18/11/2020"}).status_code == 302
    assert head.post(decision_url, {"action": "publish", "on": "20/11/2020", "place": "Bảng tin"}).status_code == 302
    assert set(Candidacy.objects.values_list("state", flat=True)) == {State.CERTIFIED}
    page = html(head.get(decision_url))
    assert "Cấp giấy công nhận cho" not in page and "Ghi nhận công bố" not in page


def test_the_candidacy_page_offers_only_the_actions_the_user_may_take(world, client_for, reviewed):
    a, _b = reviewed(2020)
    url = reverse("titles-candidacy", kwargs={"pk": a.pk})
    leader = client_for(world.users["leader_group1"])
    page = html(leader.get(url))
    assert "Rút đăng ký" in page and "Thu hồi danh hiệu" not in page and "Trả lại tổ" not in page
    assert leader.post(url, {"action": "revoke", "on": "01/12/2020"}).status_code == 403
    assert leader.post(url, {"action": "nonsense"}).status_code == 403
    r = leader.post(url, {"action": "withdraw", "withdraw-on": "01/12/2020", "withdraw-reason": "Chuyển đi"})
    assert r.status_code == 302
    a.refresh_from_db()
    assert a.state == State.WITHDRAWN and a.reason == "Chuyển đi"
