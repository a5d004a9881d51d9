"""The demo ward's titles: 2020 matches the seed plan's target (1 187 of 1 206 = 98,4%, 8/8 groups), the 2020
Giấy khen respects the cap, and 2024 went through NĐ 86/2023 to its decision (nothing of 2024 left due)."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command

from vanhoa.core.models import AuditEntry
from vanhoa.testing.demo import load_demo_fast
from vanhoa.titles import facts, figures
from vanhoa.titles.choices import CommendationStatus, State
from vanhoa.titles.models import Candidacy, Commendation, CommendationMeeting, Decision
from vanhoa.units.models import Unit

pytestmark = pytest.mark.django_db


@pytest.mark.slow
def test_demo_titles_match_the_seed_plan_and_run_twice_changes_nothing():
    load_demo_fast()  # the demo's rows (vanhoa/testing/demo.py); the real command runs over them below
    qt = Unit.objects.get(code_scheme="pre2025", code="03388")
    rate = figures.household_figures(qt, 2020)
    assert (rate.recognised, rate.residents, rate.text) == (1187, 1206, "1.187/1.206 hộ (98,4%)")
    group3 = Unit.objects.get(code="QT-TDP03")
    assert figures.household_figures(group3, 2020).text == "147/152 hộ (96,7%)"
    groups_2020 = Candidacy.objects.filter(year=2020, title_type__code="tdpvh", state=State.CERTIFIED)
    assert groups_2020.count() == 8
    # Group certificates carry their number from the city's book of certificates, never "Số vào sổ: ……".
    assert sorted(groups_2020.values_list("certificate_number", flat=True)) == [f"{n:04d}" for n in range(1, 9)]
    assert Decision.objects.get(year=2020, title_type__code="tdpvh").issuer_name == "Ủy ban nhân dân thành phố Lai Châu"
    not_recognised = Candidacy.objects.filter(year=2020, title_type__code="gdvh", state=State.NOT_PROPOSED)
    assert not_recognised.count() == 19 and all(c.reason for c in not_recognised)
    eligible = sum(
        s >= 3
        for s in facts.streaks_for_households(
            list(
                Candidacy.objects.filter(
                    year=2020, title_type__code="gdvh", state__in=["decided", "certified"]
                ).values_list("household_id", flat=True)
            ),
            2020,
            restart=False,
        ).values()
    )
    # Giấy khen 2020: each group's own meeting kept at most 15% of its own eligible (TTHC 1.001120), so the ward's
    # total is the sum of the groups' caps (not 15% of the ward's eligible), less those under 60% approval
    assert eligible >= 1000
    awarded = Commendation.objects.filter(year=2020, status=CommendationStatus.AWARDED)
    meetings = CommendationMeeting.objects.filter(year=2020)
    assert meetings.count() == 8 and all(m.proposed_on for m in meetings)
    for m in meetings:
        assert awarded.filter(meeting=m).count() <= m.cap == m.eligible * 15 // 100
    assert 0.9 * sum(m.cap for m in meetings) <= awarded.count() <= sum(m.cap for m in meetings)
    # Agencies (TT 08/2014): each path has an agency; the company still builds in 2020.
    from vanhoa.registry.models import Agency
    from vanhoa.titles.services import agencies

    standing = {a.name: agencies.standing(a, 2020) for a in Agency.objects.all()}
    assert {n: (s.status, s.recognition) for n, s in standing.items() if s.status == "recognised"} == {
        "Trường Tiểu học Quyết Tiến": ("recognised", "renewal"),
        "Trường THCS Quyết Tiến": ("recognised", "renewal"),
        "Trạm Y tế phường Quyết Tiến": ("recognised", "first"),
        "Trường Mầm non Hoa Ban": ("recognised", "first"),
    }
    assert standing["Ủy ban nhân dân phường Quyết Tiến"].status == "kept"
    assert standing["Công ty TNHH Xây dựng Tam Đường (mẫu)"].status == "building"
    renewal = Decision.objects.get(year=2020, title_type__code="cqvh", issuer_level="province")
    assert renewal.issuer_name == "Ủy ban nhân dân tỉnh Lai Châu" and renewal.candidacies.count() == 2
    assert figures.Records(2020, units=[qt]).agencies_recognised(qt.pk) == (6, 7)
    y2024 = Candidacy.objects.filter(year=2024, title_type__code="gdvh")
    assert {c.rule_set.legal_short for c in y2024.select_related("rule_set")} == {"NĐ 86/2023/NĐ-CP"}
    # #13/#14: the 2024 cycle is closed as a ward closed it: every notice closed, the returned dossier sent again,
    # the decision of 04/11/2024 (within 10 days of the first full dossier), its list published, certificates.
    assert set(y2024.values_list("state", flat=True)) == {State.CERTIFIED, State.NOT_PROPOSED}
    d2024 = Decision.objects.get(year=2024, title_type__code="gdvh")
    assert (d2024.number_text, d2024.signed_on.isoformat(), d2024.published_on.isoformat()) == (
        "159/QĐ-UBND", "2024-11-04", "2024-11-08")
    from vanhoa.titles.models import Proposal, PublicNotice

    assert not PublicNotice.objects.filter(year=2024, closed_on__isnull=True).exists()
    assert all(p.submitted_on <= d2024.signed_on for p in Proposal.objects.filter(year=2024, status="decided"))
    from django.contrib.auth import get_user_model

    from vanhoa.core import clock
    from vanhoa.deadlines import due

    head = get_user_model().objects.get(username="truongban")
    assert not [i for i in due.due_for(head) if i.year == 2024], "the ward head's list holds nothing of 2024"
    since = clock.today().replace(month=1, day=1, year=clock.today().year - 1)
    assert all(i.due >= since for i in due.due_for(head))  # no duty of a long-closed year
    before = (Candidacy.objects.count(), AuditEntry.objects.count(), Decision.objects.count())
    call_command("load_demo", stdout=StringIO())
    assert (Candidacy.objects.count(), AuditEntry.objects.count(), Decision.objects.count()) == before
