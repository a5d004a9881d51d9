"""Sample objects for the URL walk (vanhoa/accounts/tests/test_url_walk.py).

Note for the walk: plans belong to a ward, and group leaders of that ward's residential groups may SEE them
(plan, timeline, preview, downloads, activities, attachments: 200 for leader_group1 and leader_group2), though
their roles are bound to a group; they may not change them (403). Every other persona follows the usual rule
(200 with the capability on the unit, 404 outside it, 403 in scope without the write capability).
"""

from __future__ import annotations

from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile

from vanhoa.testing.actors import TEST

#: URL names whose objects group leaders of the ward see (see the module docstring).
VISIBLE_TO_GROUP_LEADERS_OF_THE_WARD = {
    "plan-detail",
    "plan-timeline",
    "plan-preview",
    "plan-docx",
    "plan-pdf",
    "activity-detail",
    "attachment-download",
}

# A 1×1 PNG.
PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89"
    b"\x00\x00\x00\rIDATx\x9cc\xf8\xcf\xc0\xf0\x1f\x00\x05\x00\x01\xff\x89\x99=\x1d\x00\x00\x00\x00IEND\xaeB`\x82"
)


def samples(world: Any) -> dict[str, tuple[dict[str, Any], Any]]:
    from vanhoa.plans import services
    from vanhoa.plans.choices import OrganisationKind
    from vanhoa.plans.models import today

    year = max(2026, today().year)
    plan = services.create_plan(actor=TEST, ward=world.ward, year=year)
    orgs = services.ensure_default_organisations(world.ward, actor=TEST)
    activity = services.create_activity(
        plan,
        actor=TEST,
        content="Triển khai tổ chức các hoạt động Ngày hội Đại đoàn kết toàn dân tộc (18/11)",
        lead=[orgs[OrganisationKind.FATHERLAND_FRONT]],
        coordinating=[orgs[OrganisationKind.RESIDENTIAL_GROUPS]],
        periods=[11],
    )
    note = services.report_progress(
        activity, actor=TEST, note="Ảnh ngày hội", files=[SimpleUploadedFile("anh.png", PNG, "image/png")]
    )
    attachment = note.attachments.get()
    ward = world.ward
    pk = {"pk": plan.pk}
    return {
        "plan-create": ({}, ward),
        "organisation-create": ({}, ward),
        "plan-detail": (pk, ward),
        "plan-edit": (pk, ward),
        "plan-timeline": (pk, ward),
        "plan-preview": (pk, ward),
        "plan-docx": (pk, ward),
        "plan-pdf": (pk, ward),
        "plan-copy": (pk, ward),
        "plan-targets": (pk, ward),
        "plan-funding": (pk, ward),
        "plan-responsibilities": (pk, ward),
        "activity-create": (pk, ward),
        "activity-detail": ({"pk": activity.pk}, ward),
        "activity-edit": ({"pk": activity.pk}, ward),
        "activity-delete": ({"pk": activity.pk}, ward),
        "attachment-download": ({"pk": attachment.pk}, ward),
        "attachment-delete": ({"pk": attachment.pk}, ward),
        "organisation-edit": ({"pk": orgs[OrganisationKind.TRADE_UNION].pk}, ward),
    }
