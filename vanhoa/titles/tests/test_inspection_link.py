"""An inspection finding acts on the title cycle: a 'block' flag stops the recognition decision for its subject
until the flag is resolved or the subject is left out with a reason; a 'revoke' flag is written into the
history of the recognised candidacy."""

from datetime import date

import pytest

from vanhoa.activities import services as inspections
from vanhoa.activities.tests.conftest import group_inspection, hold
from vanhoa.core.models import AuditEntry
from vanhoa.testing.actors import TEST
from vanhoa.titles import services
from vanhoa.titles.choices import State
from vanhoa.titles.models import Candidacy
from vanhoa.titles.rules_data import load_rules

YEAR = 2026


def _proposed(world):
    load_rules()
    g1 = world.groups[0]
    a = world.household(g1, "Lò Văn Mẫu", since=date(2015, 1, 1))
    b = world.household(g1, "Lò Thị Mẫu", since=date(2015, 1, 1))
    services.register_group_households(actor=TEST, group=g1, year=YEAR, on=date(YEAR, 3, 1))
    services.record_review_meeting(
        actor=TEST,
        title="gdvh",
        year=YEAR,
        unit=g1,
        held_on=date(YEAR, 10, 15),
        place="Nhà văn hóa",
        chair="Lò Văn Tổ",
        present=20,
    )
    notice = services.open_public_notice(
        actor=TEST, title="gdvh", year=YEAR, unit=g1, opened_on=date(YEAR, 10, 16), place="Nhà văn hóa"
    )
    services.close_public_notice(notice, actor=TEST, on=date(YEAR, 10, 26))
    services.submit_proposal(actor=TEST, title="gdvh", year=YEAR, unit=g1, on=date(YEAR, 10, 27))
    return a, b


def _decide(world, **kw):
    return services.issue_decision(
        actor=TEST,
        title="gdvh",
        year=YEAR,
        ward=world.ward,
        number="88",
        signed_on=date(YEAR, 11, 2),
        signer_name="Nguyễn Văn An",
        **kw,
    )


def test_a_blocking_finding_stops_the_decision_until_the_household_is_left_out_with_a_reason(world):
    a, b = _proposed(world)
    inspection = hold(group_inspection(world, planned_on=date(YEAR, 9, 10)), failed={"IV"})
    inspections.flag_title_consequence(
        inspection.findings.get(code="IV"),
        consequence="block",
        reason="Vi phạm quy ước tổ dân phố",
        actor=TEST,
        household=a,
        year=YEAR,
    )
    with pytest.raises(services.TitleError, match="Lò Văn Mẫu.*Vi phạm quy ước tổ dân phố"):
        _decide(world)
    candidacy = Candidacy.objects.get(household=a, year=YEAR)
    _decide(world, excluded={candidacy.pk: "Chưa khắc phục kết quả kiểm tra ngày 10/09/2026"})
    assert Candidacy.objects.get(household=b, year=YEAR).state == State.DECIDED
    assert Candidacy.objects.get(household=a, year=YEAR).state != State.DECIDED


def test_a_resolved_flag_no_longer_blocks(world):
    a, _ = _proposed(world)
    inspection = hold(group_inspection(world, planned_on=date(YEAR, 9, 10)), failed={"IV"})
    flag = inspections.flag_title_consequence(
        inspection.findings.get(code="IV"),
        consequence="block",
        reason="Vi phạm quy ước",
        actor=TEST,
        household=a,
        year=YEAR,
    )
    inspections.resolve_title_flag(flag, actor=TEST, note="Đã khắc phục", on=date(YEAR, 10, 30))
    _decide(world)
    assert Candidacy.objects.get(household=a, year=YEAR).state == State.DECIDED


def test_a_revoke_flag_is_written_into_the_recognised_candidacy_history(world):
    a, _ = _proposed(world)
    _decide(world)
    inspection = hold(group_inspection(world, planned_on=date(YEAR, 11, 20)), failed={"IV"})
    inspections.flag_title_consequence(
        inspection.findings.get(code="IV"),
        consequence="revoke",
        reason="Hộ vi phạm sau khi được công nhận",
        actor=TEST,
        household=a,
        year=YEAR,
    )
    candidacy = Candidacy.objects.get(household=a, year=YEAR)
    entry = AuditEntry.objects.get(action="titles.candidacy.revocation_requested", object_id=str(candidacy.pk))
    assert entry.note == "Hộ vi phạm sau khi được công nhận"
