from io import StringIO

from django.core.management import call_command

from vanhoa.core.models import AuditEntry
from vanhoa.plans.choices import OVERDUE, ActivityStatus
from vanhoa.plans.models import Activity, Plan
from vanhoa.testing.demo import load_demo_fast


def test_demo_holds_the_seed_plan_and_this_years_plan_and_loading_twice_changes_nothing(db, today, media):
    load_demo_fast(households=16)  # the demo's rows (vanhoa/testing/demo.py); the real command runs over them below
    plan_2020 = Plan.objects.get(year=2020)
    assert plan_2020.ward.name == "Phường Quyết Tiến" and plan_2020.ward.code_scheme == "pre2025"
    assert plan_2020.activities.count() == 9 and plan_2020.targets.count() == 4
    assert plan_2020.funding_sources.count() == 2 and plan_2020.responsibilities.count() == 4
    assert [len(r.tasks) for r in plan_2020.responsibilities.all()] == [6, 3, 1, 1]
    assert len(plan_2020.recipients) == 5
    assert (plan_2020.signature_authority, plan_2020.signer_title, plan_2020.signer_name) == (
        ["TM. BAN CHỈ ĐẠO", "KT. TRƯỞNG BAN", "PHÓ TRƯỞNG BAN"], "PHÓ CHỦ TỊCH UBND PHƯỜNG", "Hàng A Vàng")
    lead = [a.lead_text for a in plan_2020.ordered_activities()]
    assert lead[5] == "Công đoàn Phường" and lead[4] == "Ủy Ban mặt trận Tổ quốc Phường"

    current = Plan.objects.get(year=2026)
    assert current.ward.name == "Phường Đoàn Kết" and current.copied_from == plan_2020
    statuses = [a.display_status() for a in current.ordered_activities()]
    assert statuses.count(ActivityStatus.DONE) == 5 and OVERDUE in statuses
    assert AuditEntry.objects.filter(action="plans.plan.copied").count() == 1

    counts = (Plan.objects.count(), Activity.objects.count(), AuditEntry.objects.count())
    call_command("load_demo", households=16, stdout=StringIO())
    assert (Plan.objects.count(), Activity.objects.count(), AuditEntry.objects.count()) == counts
