"""Every service writes its audit entry, with the acting user, on the unit the record belongs to."""

from __future__ import annotations

import inspect
from datetime import date

import pytest

from vanhoa.core.models import AuditEntry
from vanhoa.registry import services as registry
from vanhoa.registry.models import Street
from vanhoa.testing.actors import TEST
from vanhoa.titles import services
from vanhoa.titles.models import Candidacy, CommendationRule, RuleSet
from vanhoa.titles.tests.conftest import recognise

pytestmark = pytest.mark.django_db

# service -> the audit actions it writes
EXPECTED = {
    "register": {"titles.candidacy.registered"},
    "register_group_households": {"titles.candidacy.registered"},
    "record_street_commitments": {"titles.street_commitment.created"},
    "record_self_assessment": {"titles.candidacy.self_assessed"},
    "withdraw": {"titles.candidacy.withdrawn"},
    "start_review_meeting": {"titles.meeting.started"},
    "save_review_draft": {"titles.meeting.draft_saved"},
    "submit_review_meeting": {"titles.meeting.submitted", "titles.candidacy.reviewed", "titles.candidacy.not_proposed"},
    "record_review_meeting": {"titles.meeting.submitted"},
    "open_public_notice": {"titles.notice.opened", "titles.candidacy.on_notice"},
    "record_notice_comment": {"titles.notice.comment"},
    "close_public_notice": {"titles.notice.closed"},
    "submit_proposal": {"titles.proposal.submitted", "titles.candidacy.proposed"},
    "complete_proposal": {"titles.proposal.completed"},
    "return_proposal": {"titles.proposal.returned", "titles.candidacy.returned"},
    "return_for_rework": {"titles.candidacy.returned_for_rework"},
    "issue_decision": {"titles.decision.issued", "titles.candidacy.decided", "titles.proposal.decided"},
    "issue_certificates": {"titles.candidacy.certified"},
    "publish_list": {"titles.decision.published"},
    "revoke_title": {"titles.candidacy.revoked"},
    "carry_streak": {"titles.streak.carried"},
    "record_commendation_meeting": {"titles.commendation_meeting.recorded"},
    "propose_commendations": {"titles.commendation.proposed"},
    "issue_commendation_decision": {"titles.commendation.awarded"},
    "update_rule_set": {"titles.rule_set.updated"},
    "update_commendation_rule": {"titles.commendation_rule.updated"},
    "set_calendar_day": {"titles.calendar_day.set"},
    "remove_calendar_day": {"titles.calendar_day.removed"},
    "enrol_agency": {"titles.agency.enrolled"},
    "record_agency_report": {"titles.agency.reported"},
}


def test_every_public_service_that_changes_state_is_listed_here():
    public = {
        name
        for name, fn in inspect.getmembers(services, inspect.isfunction)
        if fn.__module__.startswith(services.__name__ + ".") and not name.startswith("_") and hasattr(fn, "__wrapped__")
    }
    assert public == set(EXPECTED)


def _actions_since(mark: int, user) -> set[str]:
    entries = AuditEntry.objects.filter(pk__gt=mark)
    assert all(e.actor == user for e in entries), [(e.action, e.actor) for e in entries if e.actor != user]
    return set(entries.values_list("action", flat=True))


def test_every_service_writes_its_audit_entries_with_the_acting_user(world):
    user = world.users["ward_head"]
    admin = world.users["system_admin"]
    g = world.groups[0]
    seen: dict[str, set[str]] = {}

    def run(name, fn, *args, who=user, **kwargs):
        mark = AuditEntry.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
        result = fn(*args, actor=who, **kwargs)
        seen[name] = _actions_since(mark, who)
        return result

    hs = [world.household(g, f"Lò Văn Hộ{i}", since=date(2015, 1, 1)) for i in range(4)]
    # 2020: NĐ 122/2018
    created = run("register", services.register, title="gdvh", year=2020, subjects=hs[:1], on=date(2020, 2, 1))
    run("register_group_households", services.register_group_households, group=g, year=2020, on=date(2020, 2, 2))
    run("record_self_assessment", services.record_self_assessment, created[0], on=date(2020, 3, 1), points=90)
    last = Candidacy.objects.get(household=hs[3], year=2020)
    run("withdraw", services.withdraw, last, on=date(2020, 4, 1), reason="Chuyển đi nơi khác")
    m = run(
        "start_review_meeting", services.start_review_meeting, title="gdvh", year=2020, unit=g, on=date(2020, 11, 5)
    )
    run(
        "save_review_draft",
        services.save_review_draft,
        m,
        all_pass=True,
        facts_={
            "place": "Nhà văn hóa",
            "chair": "Lò Văn Tổ",
            "invited": 10,
            "present": 8,
            "voting_method": "show_of_hands",
        },
        entries={Candidacy.objects.get(household=hs[2], year=2020).pk: {"votes_for": 2}},
    )
    run("submit_review_meeting", services.submit_review_meeting, m)
    p = run(
        "submit_proposal",
        services.submit_proposal,
        title="gdvh",
        year=2020,
        unit=g,
        on=date(2020, 11, 9),
        documents=["proposal", "minutes", "registration"],
    )
    run("complete_proposal", services.complete_proposal, p, on=date(2020, 11, 10), documents=["self_assessment"])
    run("return_proposal", services.return_proposal, p, on=date(2020, 11, 11), reason="Thiếu chữ ký")
    services.submit_proposal(actor=user, title="gdvh", year=2020, unit=g, on=date(2020, 11, 12))
    d = run(
        "issue_decision",
        services.issue_decision,
        title="gdvh",
        year=2020,
        ward=world.ward,
        number="12",
        signed_on=date(2020, 11, 16),
        signer_name="Nguyễn Văn An",
    )
    run("issue_certificates", services.issue_certificates, d, on=date(2020, 11, 18))
    run("publish_list", services.publish_list, d, on=date(2020, 11, 20), place="Bảng tin phường")
    run(
        "revoke_title",
        services.revoke_title,
        Candidacy.objects.get(household=hs[1], year=2020),
        on=date(2021, 2, 1),
        reason="Vi phạm",
        number="30",
        signer_name="Nguyễn Văn An",
    )
    recognise(hs[:1], [2018, 2019])
    others = [world.household(world.groups[1], f"Tòng Văn Hộ{i}", since=date(2015, 1, 1)) for i in range(7)]
    recognise(others, [2018, 2019, 2020])  # 7 eligible in group 2 → cap 1
    cm = run(
        "record_commendation_meeting",
        services.record_commendation_meeting,
        title="gdvh",
        year=2020,
        unit=world.groups[1],
        held_on=date(2020, 11, 25),
        place="Nhà văn hóa",
        chair="Tòng Văn Tổ",
        invited=20,
        present=15,
        voting_method="show_of_hands",
    )
    run("propose_commendations", services.propose_commendations, cm, on=date(2020, 11, 26), proposer_name="Tòng Văn Tổ")
    run(
        "issue_commendation_decision",
        services.issue_commendation_decision,
        title="gdvh",
        ward=world.ward,
        year=2020,
        number="40",
        signed_on=date(2020, 12, 1),
        signer_name="Nguyễn Văn An",
    )
    # 2024: NĐ 86/2023 (notice), review of one household sent back by the ward
    services.register_group_households(actor=user, group=g, year=2024, on=date(2024, 3, 1))
    run(
        "record_review_meeting",
        services.record_review_meeting,
        title="gdvh",
        year=2024,
        unit=g,
        held_on=date(2024, 10, 15),
        place="Nhà văn hóa",
        chair="Lò Văn Tổ",
        present=20,
    )
    n = run(
        "open_public_notice",
        services.open_public_notice,
        title="gdvh",
        year=2024,
        unit=g,
        opened_on=date(2024, 10, 16),
        place="Nhà văn hóa tổ",
    )
    run(
        "record_notice_comment",
        services.record_notice_comment,
        n,
        received_on=date(2024, 10, 18),
        content="Đề nghị xem lại hộ Lò Văn Hộ0",
    )
    run(
        "return_for_rework",
        services.return_for_rework,
        Candidacy.objects.get(household=hs[0], year=2024),
        on=date(2024, 10, 20),
        reason="Cần xác minh ý kiến",
    )
    run("close_public_notice", services.close_public_notice, n, on=date(2024, 10, 26))
    # streets, splits, rules
    street = Street.objects.get(
        pk=registry.create_street(actor=TEST, ward=world.ward, name="Đường Lê Duẩn", groups=[g]).pk
    )
    run(
        "record_street_commitments",
        services.record_street_commitments,
        street=street,
        year=2024,
        commitments=[{"signer_name": "Lò Văn Páo", "frontage": "Số 1", "signed_on": date(2024, 2, 1)}],
    )
    new = registry.split_household(hs[2], actor=TEST, new_head_name="Lò Văn Con", member_count=2, on=date(2021, 3, 1))
    run("carry_streak", services.carry_streak, new, reason="Tiếp nối nếp nhà", on=date(2021, 4, 1))
    run(
        "update_rule_set",
        services.update_rule_set,
        RuleSet.objects.get(code="nd86-2023/household"),
        who=admin,
        note="Đã đối chiếu",
    )
    run(
        "update_commendation_rule",
        services.update_commendation_rule,
        CommendationRule.objects.first(),
        who=admin,
        note="Đã đối chiếu",
    )
    day = date(2026, 1, 2)
    entry = {"day": day, "kind": "off", "name": "Nghỉ bù Tết"}
    run("set_calendar_day", lambda *, actor: services.set_calendar_day(actor=actor, **entry), who=admin)
    run("remove_calendar_day", services.remove_calendar_day, day=day, who=admin)
    # agencies (TT 08/2014)
    agency = registry.create_agency(actor=TEST, ward=world.ward, name="Trạm Y tế phường", kind="don_vi", group=g)
    run("enrol_agency", services.enrol_agency, agency=agency, registered_on=date(2019, 3, 1))
    run(
        "record_agency_report",
        services.record_agency_report,
        agency=agency,
        year=2020,
        kind="yearly",
        reported_on=date(2020, 12, 1),
        union_name="Công đoàn Trạm Y tế phường",
        head_name="Lò Thị Hạnh",
    )

    assert set(seen) == set(EXPECTED)
    for name, actions in EXPECTED.items():
        missing = actions - seen[name]
        assert not missing, f"{name} did not write {missing}"
    # Entries of ward data carry the unit they belong to, so the history is scoped like the data.
    assert not AuditEntry.objects.filter(action__startswith="titles.candidacy.", unit__isnull=True).exists()
