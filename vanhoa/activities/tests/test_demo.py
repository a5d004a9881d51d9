from datetime import date
from io import StringIO

from django.core.management import call_command

from vanhoa.activities import funding
from vanhoa.activities.choices import FindingResult, InspectionStatus
from vanhoa.activities.models import Contribution, Event, Festival, Finding, Inspection, TitleFlag
from vanhoa.activities.reports import activity_counts
from vanhoa.core.models import AuditEntry
from vanhoa.testing.demo import load_demo_fast
from vanhoa.units.models import Unit


def test_demo_carries_out_the_seed_plan_and_loading_twice_changes_nothing(db, today, media):
    load_demo_fast(households=16)  # the demo's rows (vanhoa/testing/demo.py); the real command runs over them below
    quyet_tien = Unit.objects.get(name="Phường Quyết Tiến")
    doan_ket = Unit.objects.get(name="Phường Đoàn Kết", valid_to__isnull=True)
    inspections = Inspection.objects.filter(ward=quyet_tien, year=2020)
    assert inspections.count() == 3 and set(inspections.values_list("status", flat=True)) == {InspectionStatus.DONE}
    assert all(i.activity and i.activity.plan.year == 2020 for i in inspections)
    failed = Finding.objects.get(inspection__ward=quyet_tien, result=FindingResult.FAIL)
    assert failed.followup == "done" and not failed.is_overdue()
    assert TitleFlag.objects.get(ward=quyet_tien).resolved
    # #14: the inspections of 2020 cite the rules of 2020 (the checklist in force on their date), never NĐ 86/2023
    for inspection in inspections:
        cited = " ".join([inspection.checklist_title, inspection.checklist_basis,
                          *inspection.findings.values_list("source", flat=True)])
        assert "86/2023" not in cited and "2025" not in cited, cited
    on_21_07 = inspections.get(planned_on=date(2020, 7, 21))
    assert "122/2018" in on_21_07.checklist_basis
    festivals = Festival.objects.filter(ward=quyet_tien, year=2020)
    assert festivals.count() == 8 and all(f.held and f.files.count() == 1 for f in festivals)
    assert Event.objects.filter(ward=quyet_tien, kind="training").get().activity.order == 2
    b = funding.balances(quyet_tien, 2020)
    assert b.budget.remaining >= 0 and b.donation.remaining >= 0 and not b.negative
    assert Contribution.objects.filter(ward=quyet_tien, anonymous=True).count() == 1
    counts = activity_counts(doan_ket, date(2020, 1, 1), date(2020, 12, 31))
    assert (counts["trainings"], counts["outreach_sessions"], counts["inspections_done"]) == (1, 4, 3)
    assert (counts["festival_groups_held"], counts["festival_groups_total"]) == (8, 8)
    # this year: an open, overdue correction with its title flag
    open_flag = TitleFlag.objects.get(ward=doan_ket)
    assert not open_flag.resolved and open_flag.finding.is_overdue()

    before = (Inspection.objects.count(), Festival.objects.count(), Event.objects.count(), AuditEntry.objects.count())
    call_command("load_demo", households=16, stdout=StringIO())
    after = (Inspection.objects.count(), Festival.objects.count(), Event.objects.count(), AuditEntry.objects.count())
    assert after == before
