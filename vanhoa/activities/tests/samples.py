"""Objects for the URL walk (vanhoa/accounts/tests/test_url_walk.py): url name -> (kwargs, unit of the object).

Group records (an inspection of Tổ dân phố số 1, its festival, a festival photo) belong to world.groups[0]; ward
records (an agency inspection, a training, money) to world.ward. The pages that write inspections are walked
with the agency inspection: a group leader sees their group's inspections (200) but answers 403 on every
inspection form, which the walk cannot express for a group object; vanhoa/activities/tests/test_access.py
checks it instead.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from vanhoa.testing.actors import TEST

#: Pages acting on the work ward that group leaders reach (they hold activities.change on their group) and are
#: refused with 403: recording a training, outreach session or inspection is the ward's work.
VISIBLE_TO_GROUP_LEADERS_OF_THE_WARD = {"inspection-create", "training-create", "outreach-create"}

PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89"
    b"\x00\x00\x00\rIDATx\x9cc\xf8\xcf\xc0\xf0\x1f\x00\x05\x00\x01\xff\x89\x99=\x1d\x00\x00\x00\x00IEND\xaeB`\x82"
)


def samples(world: Any) -> dict[str, tuple[dict[str, Any], Any]]:
    from django.core.files.uploadedfile import SimpleUploadedFile

    from vanhoa.activities import funding, services
    from vanhoa.activities.seed import ensure_templates
    from vanhoa.registry import services as registry

    ensure_templates()
    ward, group = world.ward, world.groups[0]
    members = ["Nguyễn Thị Hoa – Chủ tịch Ủy ban MTTQ phường"]
    in_group = services.create_inspection(
        actor=TEST, ward=ward, planned_on=date(2025, 9, 10), subject_kind="group", group=group,
        subject="Kiểm tra tổ dân phố", checklist="danh-hieu:tdpvh", members=members,
    )
    rows = [services.FindingInput(f, "pass") for f in in_group.findings.all()]
    rows[0].files = [SimpleUploadedFile("anh.png", PNG, "image/png")]
    services.record_findings(in_group, actor=TEST, held_on=date(2025, 9, 10), results=rows)
    evidence = in_group.findings.get(code="I").files.get()
    agency = registry.create_agency(actor=TEST, ward=ward, name="Trường Mầm non Hoa Ban")
    at_agency = services.create_inspection(
        actor=TEST, ward=ward, planned_on=date(2025, 9, 20), subject_kind="agency", agency=agency,
        subject="Kiểm tra cơ quan", checklist="danh-hieu:cqvh", members=members,
    )
    rows = [services.FindingInput(f, "pass") for f in at_agency.findings.all()]
    rows[0] = services.FindingInput(rows[0].finding, "fail", "Chưa hoàn thành kế hoạch", "Bổ sung kế hoạch",
                                    date(2025, 10, 20))
    services.record_findings(at_agency, actor=TEST, held_on=date(2025, 9, 20), results=rows)
    failed = at_agency.findings.get(result="fail")
    flag = services.flag_title_consequence(failed, consequence="block", reason="Chưa đạt tiêu chí 1", actor=TEST)
    festival = services.record_festival(actor=TEST, group=group, year=2025, held_on=date(2025, 11, 16),
                                        participants=120, households_attending=90)
    event = services.create_event(actor=TEST, ward=ward, kind="training", held_on=date(2025, 10, 2),
                                  topic="Tập huấn", audience="Tổ trưởng tổ dân phố", attendance=30)
    allocation = funding.record_allocation(actor=TEST, ward=ward, source="Ngân sách phường",
                                           decision_date=date(2025, 8, 1), amount=5_000_000)
    contribution = funding.record_contribution(actor=TEST, ward=ward, donor_name="Nguyễn Văn An", value=500_000,
                                               received_on=date(2025, 11, 2))
    expense = funding.record_expense(actor=TEST, ward=ward, spent_on=date(2025, 11, 16), description="Quà",
                                     amount=1_000_000, source="budget",
                                     files=[SimpleUploadedFile("phieu-chi.png", PNG, "image/png")])
    voucher = expense.vouchers.get()
    return {
        "inspection-create": ({}, ward),
        "training-create": ({}, ward),
        "outreach-create": ({}, ward),
        "allocation-create": ({}, ward),
        "contribution-create": ({}, ward),
        "expense-create": ({}, ward),
        "funding-report-docx": ({}, ward),
        "funding-report-pdf": ({}, ward),
        "inspection-detail": ({"pk": in_group.pk}, group, in_group.planned_on),
        "inspection-minutes-docx": ({"pk": in_group.pk}, group, in_group.planned_on),
        "inspection-minutes-pdf": ({"pk": in_group.pk}, group, in_group.planned_on),
        "activity-file": ({"pk": evidence.pk}, group),
        "inspection-edit": ({"pk": at_agency.pk}, ward),
        "inspection-results": ({"pk": at_agency.pk}, ward),
        "finding-followup": ({"pk": failed.pk}, ward),
        "finding-flag": ({"pk": failed.pk}, ward),
        "flag-resolve": ({"pk": flag.pk}, ward),
        "festival-record": ({"group": group.pk}, group),
        "festival-detail": ({"pk": festival.pk}, group, festival.held_on),
        "event-detail": ({"pk": event.pk}, ward),
        "event-edit": ({"pk": event.pk}, ward),
        "allocation-edit": ({"pk": allocation.pk}, ward),
        "contribution-edit": ({"pk": contribution.pk}, ward),
        "expense-detail": ({"pk": expense.pk}, ward),
        "expense-edit": ({"pk": expense.pk}, ward),
        "voucher-download": ({"pk": voucher.pk}, ward),
    }
