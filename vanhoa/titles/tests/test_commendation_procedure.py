"""The Giấy khen procedures of NĐ 122/2018 (issue 15 item 2): the household Giấy khen (3 consecutive years,
TTHC 1.001120) is settled in each khu dân cư by its own meeting (at least 60% of those invited present, at least
60% of those present approving), ranked by approval share within that khu dân cư against 15% of its own eligible,
and proposed by its head; the khu dân cư Giấy khen (5 years) by the ward. NĐ 86/2023 has no such procedure."""

from __future__ import annotations

from datetime import date

import pytest

from vanhoa.core.models import AuditEntry
from vanhoa.testing.actors import TEST
from vanhoa.titles import services
from vanhoa.titles.choices import CommendationStatus
from vanhoa.titles.commendation_documents import build_commendation_certificates, build_commendation_minutes
from vanhoa.titles.models import Commendation
from vanhoa.titles.services import TitleError
from vanhoa.titles.services.commendation import RANK_ORDER
from vanhoa.titles.tests.conftest import recognise
from vanhoa.titles.tests.test_documents import checker, errors, text_of  # noqa: F401

pytestmark = pytest.mark.django_db

FACTS = {"place": "Nhà văn hóa", "chair": "Lò Văn Tổ", "secretary": "Lò Thị Thư", "voting_method": "show_of_hands"}


def meet(world, group, invited, present, votes=None, held_on=date(2020, 11, 20)):
    return services.record_commendation_meeting(
        actor=TEST,
        title="gdvh",
        year=2020,
        unit=group,
        held_on=held_on,
        invited=invited,
        present=present,
        votes=votes,
        **FACTS,
    )


def by_status(meeting):
    out: dict[str, list[str]] = {}
    for c in meeting.commendations.select_related("candidacy").order_by(*RANK_ORDER):
        out.setdefault(c.status, []).append(c.candidacy.subject_name)
    return out


@pytest.fixture
def ward_20_80(world, make_households):
    """Group 1 has 20 households, group 2 has 80, all Gia đình văn hóa 2018–2020."""
    small = make_households(world.groups[0], 20, prefix="Lò Văn Nhỏ")
    big = make_households(world.groups[1], 80, prefix="Tòng Văn Lớn")
    recognise(small + big, [2018, 2019])
    cands = recognise(small + big, [2020])
    return cands[:20], cands[20:]


def test_a_ward_of_groups_of_20_and_80_ranks_its_giay_khen_within_each_group(world, ward_20_80):
    small, big = ward_20_80
    plan = services.plan_commendations(title="gdvh", ward=world.ward, year=2020)
    caps = [(u.unit, len(u.eligible), u.cap) for u in plan.units]
    assert caps == [(world.groups[0], 20, 3), (world.groups[1], 80, 12)]
    # the small group's meeting: 20 present; its households get 19, 18, 17 … votes (95%, 90%, 85% …)
    m1 = meet(world, world.groups[0], 25, 20, {c.pk: 19 - i // 2 for i, c in enumerate(small)})
    # the big one: 60 present; every household gets more votes than any of the small group's (40 to 60)
    m2 = meet(world, world.groups[1], 80, 60, {c.pk: 40 + i // 4 for i, c in enumerate(big)})
    s1, s2 = by_status(m1), by_status(m2)
    # each group keeps 15% of its own eligible: 3 of 20 and 12 of 80, whatever the other group's vote counts
    assert len(s1[CommendationStatus.WITHIN_CAP]) == 3 and len(s2[CommendationStatus.WITHIN_CAP]) == 12
    top1 = m1.commendations.get(rank=1)
    assert (top1.candidacy, top1.votes_for) == (small[0], 19)
    # ranked by approval share: 19/20 = 95% in group 1 ranks first there though 19 < 40
    assert m1.commendations.filter(rank=1).count() == 1 and m2.commendations.filter(rank=1).count() == 1
    assert m2.commendations.get(rank=1).votes_for == 59
    # group 1: 18/20 (90%) twice at the line → a tie shown, broken by the earlier registration
    ties = list(m1.commendations.filter(tie=True).order_by("rank").values_list("votes_for", "status"))
    assert ties == [(18, CommendationStatus.WITHIN_CAP), (18, CommendationStatus.OVER_CAP)]
    # 40/60 = 66,7% ≥ 60%: all of the big group approved; the small group's 11/20 = 55% are not
    assert CommendationStatus.NOT_APPROVED not in s2
    refused = m1.commendations.filter(status=CommendationStatus.NOT_APPROVED).order_by("pk").first()
    assert refused.reason == "Không đủ 60% số người dự họp tán thành (11/20, 55,0%)"
    assert refused.rank is None


def test_a_meeting_without_60_percent_of_those_invited_proposes_nobody(world, make_households):
    hs = make_households(world.groups[0], 4)
    recognise(hs, [2018, 2019, 2020])
    m = meet(world, world.groups[0], 40, 23)  # 57,5%
    assert set(by_status(m)) == {CommendationStatus.NOT_APPROVED}
    assert m.commendations.first().reason == (
        "Cuộc họp không hợp lệ: số người dự họp chưa đạt 60% số người được mời (23/40, 57,5%)"
    )
    with pytest.raises(TitleError, match=r"không hợp lệ \(dự họp 23/40 người \(57,5%\), cần từ 60%\)"):
        services.propose_commendations(m, actor=TEST, on=date(2020, 11, 21), proposer_name="Lò Văn Tổ")


def test_60_percent_present_and_60_percent_approving_are_enough(world, make_households):
    """title-cycle.md example 1 applied to the Giấy khen: 25 of 40 present; 16 votes (64%) pass, 14 (56%) do not."""
    hs = make_households(world.groups[0], 20)
    cands = recognise(hs, [2018, 2019, 2020])[-20:]
    votes = {c.pk: 25 for c in cands}
    votes[cands[0].pk], votes[cands[1].pk] = 16, 14
    m = meet(world, world.groups[0], 40, 25, votes)
    assert m.commendations.get(candidacy=cands[1]).status == CommendationStatus.NOT_APPROVED
    assert m.commendations.get(candidacy=cands[0]).status == CommendationStatus.OVER_CAP  # approved, ranked last
    assert m.commendations.filter(status=CommendationStatus.WITHIN_CAP).count() == 3


def test_the_head_of_each_khu_dan_cu_proposes_and_the_decision_names_them(world, ward_20_80):
    small, big = ward_20_80
    m1 = meet(world, world.groups[0], 25, 20)
    m2 = meet(world, world.groups[1], 80, 60)
    with pytest.raises(TitleError, match="Chưa có khu dân cư nào gửi đề nghị"):
        services.issue_commendation_decision(
            actor=TEST, title="gdvh", ward=world.ward, year=2020, number="", signed_on=date(2020, 12, 10),
            signer_name="Nguyễn Văn An",
        )  # fmt: skip
    services.propose_commendations(m1, actor=TEST, on=date(2020, 11, 21), proposer_name="Lò Văn Tổ", number="01")
    d = services.issue_commendation_decision(
        actor=TEST, title="gdvh", ward=world.ward, year=2020, number="", signed_on=date(2020, 12, 10),
        signer_name="Nguyễn Văn An",
    )  # fmt: skip
    assert d.proposer == "Trưởng khu dân cư (Tổ dân phố số 1)"
    assert d.commendations.count() == 3  # group 2 has not proposed yet: none of its households
    assert d.issuer_level == "commune"
    assert not m2.commendations.filter(decision__isnull=False).exists()
    assert AuditEntry.objects.filter(action="titles.commendation.proposed").count() == 1
    assert AuditEntry.objects.filter(action="titles.commendation_meeting.recorded").count() == 2
    with pytest.raises(TitleError, match="Đã có quyết định"):
        meet(world, world.groups[0], 25, 20)


def test_the_household_giay_khen_is_not_weighed_by_the_ward(world, ward_20_80):
    with pytest.raises(TitleError, match="do từng khu dân cư \\(thôn, tổ dân phố\\) tổ chức"):
        meet(world, world.ward_2020, 25, 20)


def test_votes_over_those_present_and_missing_facts_are_refused(world, ward_20_80):
    small, _ = ward_20_80
    with pytest.raises(TitleError, match="số người tán thành lớn hơn số người dự họp \\(20\\)"):
        meet(world, world.groups[0], 25, 20, {small[0].pk: 21})
    with pytest.raises(TitleError, match="Số người dự họp \\(30\\) lớn hơn số người được mời \\(25\\)"):
        meet(world, world.groups[0], 25, 30)


def test_the_khu_dan_cu_giay_khen_is_weighed_by_the_ward_after_5_years(world):
    recognise([world.groups[0], world.groups[1]], [2019, 2020, 2021, 2022, 2023], title="tdpvh")
    with pytest.raises(TitleError, match="do Ủy ban nhân dân cấp xã tổ chức"):
        services.record_commendation_meeting(
            actor=TEST, title="tdpvh", year=2023, unit=world.groups[0], held_on=date(2023, 12, 1), invited=20,
            present=18, **FACTS,
        )  # fmt: skip
    m = services.record_commendation_meeting(
        actor=TEST, title="tdpvh", year=2023, unit=world.ward_2020, held_on=date(2023, 12, 1), invited=20,
        present=18, **FACTS,
    )  # fmt: skip
    assert m.rule.decider_position == "Chủ tịch Ủy ban nhân dân cấp huyện"
    assert (m.eligible, m.cap) == (2, 0)  # 15% of 2 → 0 (rounding down, a flagged setting)
    assert set(by_status(m)) == {CommendationStatus.OVER_CAP}


def test_nd86_years_have_no_giay_khen_procedure_and_say_so(world):
    with pytest.raises(TitleError) as exc:
        services.plan_commendations(title="gdvh", ward=world.ward, year=2024)
    assert "Nghị định 86/2023/NĐ-CP chỉ quy định khung tiêu chuẩn" in str(exc.value)
    assert "không có thủ tục tặng Giấy khen Gia đình văn hóa 3 năm" in str(exc.value)


def test_the_streak_restarts_after_the_giay_khen(world, make_households):
    hs = make_households(world.groups[0], 10)
    recognise(hs, [2018, 2019, 2020])
    m = meet(world, world.groups[0], 25, 20)
    services.propose_commendations(m, actor=TEST, on=date(2020, 11, 21), proposer_name="Lò Văn Tổ")
    services.issue_commendation_decision(
        actor=TEST, title="gdvh", ward=world.ward, year=2020, number="", signed_on=date(2020, 12, 10),
        signer_name="Nguyễn Văn An",
    )  # fmt: skip
    awarded = Commendation.objects.get(status=CommendationStatus.AWARDED)
    from vanhoa.titles import facts

    recognise([awarded.candidacy.household], [2021])
    assert facts.streak(awarded.candidacy.household, 2021) == 1  # 2018–2020 went into the Giấy khen


def test_the_giay_khen_meeting_minutes_and_the_giay_khen_are_printed(world, ward_20_80, checker, tmp_path):  # noqa: F811
    small, _ = ward_20_80
    people = [
        {"role": "party", "name": "Lò Văn Bí", "position": "Bí thư chi bộ"},
        {"role": "leader", "name": "Lò Văn Tổ", "position": "Tổ trưởng"},
        {"role": "front", "name": "Tòng Thị Mặt", "position": ""},
        {"role": "unions", "name": "Lường Thị Nữ", "position": "Hội Phụ nữ"},
    ]
    m = services.record_commendation_meeting(
        actor=TEST, title="gdvh", year=2020, unit=world.groups[0], held_on=date(2020, 11, 20), invited=25,
        present=20, votes={c.pk: 19 - i for i, c in enumerate(small)}, attendees=people, **FACTS,
    )  # fmt: skip
    services.propose_commendations(m, actor=TEST, on=date(2020, 11, 21), proposer_name="Lò Văn Tổ")
    services.issue_commendation_decision(
        actor=TEST, title="gdvh", ward=world.ward, year=2020, number="", signed_on=date(2020, 12, 10),
        signer_name="Nguyễn Văn An",
    )  # fmt: skip
    data = build_commendation_minutes(ward=world.ward, year=2020, group="1").to_bytes()
    (tmp_path / "bb.docx").write_bytes(data)
    text = text_of(data)
    assert "Họp xét tặng Giấy khen Gia đình văn hóa năm 2020" in text
    assert "Trưởng ban Công tác Mặt trận: Tòng Thị Mặt." in text
    assert "Số người được mời: 25; số người có mặt: 20 (80,0%). Cuộc họp hợp lệ" in text
    assert "95,0%" in text and "Không đủ 60% số người dự họp tán thành (11/20, 55,0%)" in text
    assert errors(checker, data, tmp_path, "bien-ban-giay-khen") == []
    doc = build_commendation_certificates(ward=world.ward, year=2020)
    assert doc.pages == 3
    pdf = tmp_path / "giay-khen.pdf"
    from vanhoa.documents.certificates_pdf import draw

    pdf.write_bytes(draw(doc.pdf_recipe().data["content"]))
    import subprocess

    out = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, check=True).stdout.decode()
    assert out.count("GIẤY KHEN") == 3 and "CÔNG NHẬN" not in out
    assert f"Tặng hộ ông (bà): {small[0].subject_name}" in out
    assert "Đã có thành tích 3 năm liên tục (2018–2020) đạt danh hiệu" in out


def test_the_group_leader_records_and_proposes_on_the_giay_khen_page(world, ward_20_80, client_for):
    small, _ = ward_20_80
    leader = client_for(world.users["leader_group1"])
    url = f"/danh-hieu/gdvh/{world.groups[0].pk}/giay-khen/?nam=2020"
    html = leader.get(url).content.decode()
    assert "20 đủ điều kiện" in html and 'data-testid="cap">3<' in html and "Trưởng ban Công tác Mặt trận" in html
    data = {
        "nam": "2020",
        "action": "record",
        "held_on": "20/11/2020",
        "place": "Nhà văn hóa tổ 1",
        "chair": "Lò Văn Tổ",
        "secretary": "Lò Thị Thư",
        "invited": "25",
        "present": "20",
        "voting_method": "show_of_hands",
        "att-role": ["party", "leader", "front", "unions"],
        "att-name": ["Lò Văn Bí", "Lò Văn Tổ", "Tòng Thị Mặt", "Lường Thị Nữ"],
        "att-position": ["", "", "", ""],
        **{f"votes-{c.pk}": str(19 - i) for i, c in enumerate(small)},
    }
    assert leader.post(url, {**data, f"votes-{small[0].pk}": "mười"}).status_code == 200  # refused, said why
    assert not Commendation.objects.exists()
    assert leader.post(url, data).status_code == 302
    html = leader.get(url).content.decode()
    assert "20/25 người (80,0%) – hợp lệ" in html and "95,0%" in html
    assert "Trưởng ban Công tác Mặt trận: Tòng Thị Mặt." in html
    r = leader.post(url, {"nam": "2020", "action": "propose", "proposer_name": "Lò Văn Tổ", "number": "01/ĐN-TDP",
                          "on": "21/11/2020"})  # fmt: skip
    assert r.status_code == 302
    html = leader.get(url).content.decode()
    assert "Lò Văn Tổ (Trưởng khu dân cư (Trưởng thôn, Tổ trưởng tổ dân phố)), ngày 21/11/2020" in html
    ward_page = client_for(world.users["ward_head"]).get("/danh-hieu/giay-khen/?nam=2020").content.decode()
    assert "Tổ dân phố số 1" in ward_page and "Ghi quyết định tặng Giấy khen" in ward_page


def test_the_giay_khen_pages_of_a_nd86_year_say_there_is_no_such_procedure(world, client_for):
    head = client_for(world.users["ward_head"])
    html = head.get("/danh-hieu/giay-khen/?nam=2024").content.decode()
    assert "không có thủ tục tặng Giấy khen Gia đình văn hóa 3 năm" in html
    html = head.get(f"/danh-hieu/gdvh/{world.groups[0].pk}/giay-khen/?nam=2024").content.decode()
    assert "không có thủ tục tặng Giấy khen Gia đình văn hóa 3 năm" in html and "cm-form" not in html
