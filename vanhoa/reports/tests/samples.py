"""URL-walk samples: a draft report and a report sent up, both of Phường Đoàn Kết (world.ward)."""

from __future__ import annotations

from typing import Any

from vanhoa.reports import services
from vanhoa.reports.choices import ReportKind
from vanhoa.testing.actors import TEST
from vanhoa.titles.rules_data import load_rules

YEAR = 2026


def samples(world: Any) -> dict[str, tuple[dict[str, Any], Any]]:
    load_rules()  # a transactional test elsewhere may have flushed the shipped rules
    ward = world.ward
    draft = services.create_report(actor=TEST, ward=ward, kind=ReportKind.SEMIANNUAL, year=YEAR)
    sent = services.create_report(actor=TEST, ward=ward, kind=ReportKind.ANNUAL, year=YEAR)
    version = services.submit_report(sent, actor=TEST)  # to Tỉnh Lai Châu (world.province)
    return {
        "reports-dashboard-unit": ({"unit": ward.pk}, ward),
        "reports-dashboard-trend": ({"unit": ward.pk}, ward),
        "report-create": ({}, ward),
        "report-detail": ({"pk": sent.pk}, ward),
        "report-edit": ({"pk": draft.pk}, ward),
        "report-submit": ({"pk": draft.pk}, ward),
        "report-download": ({"pk": sent.pk, "fmt": "docx"}, ward),
        "report-version": ({"pk": sent.pk, "number": version.number}, ward),
        "report-version-download": ({"pk": sent.pk, "number": version.number, "fmt": "xlsx"}, ward),
        # Answering is for the unit the report was sent to.
        "report-receive": ({"pk": sent.pk}, version.recipient),
        "report-return": ({"pk": sent.pk}, version.recipient),
        "report-supplement": ({"pk": sent.pk}, ward),
    }
