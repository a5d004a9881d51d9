"""Reports stay true (#13): a sent report is frozen; when the records change after the committee above received it,
its page shows which figures differ and the ward sends a corrected version (gửi bổ sung) through the same send,
return and resubmit path. A browser test walks it in Chromium."""

from __future__ import annotations

import re
from datetime import date

import pytest
from playwright.sync_api import expect

from vanhoa.core.models import AuditEntry
from vanhoa.reports import services
from vanhoa.reports.choices import ReportKind, ReportStatus
from vanhoa.reports.tests.conftest import decision, results
from vanhoa.testing.actors import TEST


def _received(world):
    """Quyết Tiến's 2020 annual report, sent and received, over 5 households of which 3 recognised."""
    g1, g2, _ = world.groups
    homes = [world.household(g, f"Lò Văn Hộ{i}", since=date(2015, 1, 1)) for i, g in enumerate([g1, g1, g1, g2, g2])]
    signed = decision(world.ward_2020, 2020, "gdvh", date(2020, 11, 13))
    results(homes[:3], 2020, signed=signed)
    report = services.create_report(actor=TEST, ward=world.ward_2020, kind=ReportKind.ANNUAL, year=2020)
    services.submit_report(report, actor=TEST, on=date(2020, 12, 30))
    services.receive_report(report, actor=TEST, on=date(2021, 1, 5))
    report.refresh_from_db()
    return report, homes, signed


@pytest.mark.django_db
def test_a_received_report_whose_records_changed_shows_the_differences_and_is_corrected_by_a_new_version(world):
    report, homes, signed = _received(world)
    assert services.stale_figures(report) == []
    with pytest.raises(services.ReportError, match="vẫn khớp"):
        services.start_supplement(report, actor=TEST)
    # A recognition entered late: the records now hold 4 recognised households of 5.
    results(homes[3:4], 2020, signed=signed)
    stale = services.stale_figures(report)
    family = next(r for r in stale if r["label"] == "Hộ gia đình văn hóa")
    assert family["old"].startswith("3/5 hộ") and family["new"].startswith("4/5 hộ")
    assert any(r["label"] == "Tổ dân phố số 2" for r in stale)
    # The version sent stays frozen.
    assert report.latest_version().snapshot["indicators"][0]["numerator"] == 3

    services.start_supplement(report, actor=TEST)
    report.refresh_from_db()
    assert report.status == ReportStatus.DRAFT
    assert AuditEntry.objects.filter(action="reports.report.supplement_started").count() == 1
    version = services.submit_report(report, actor=TEST, on=date(2021, 2, 1))
    assert version.number == 2 and version.snapshot["supplement"] is True
    assert version.snapshot["indicators"][0]["numerator"] == 4
    services.return_report(report, actor=TEST, reason="Ghi rõ lý do bổ sung.")
    version = services.submit_report(report, actor=TEST, on=date(2021, 2, 3))
    services.receive_report(report, actor=TEST)
    report.refresh_from_db()
    assert (report.status, version.number, services.stale_figures(report)) == (ReportStatus.RECEIVED, 3, [])
    assert report.versions.get(number=1).snapshot["indicators"][0]["numerator"] == 3


@pytest.mark.browser
def test_the_ward_sees_the_changed_figures_and_sends_a_supplement_as_version_2(live_world, login, live_server):
    report, homes, signed = _received(live_world)
    results(homes[3:4], 2020, signed=signed)
    page = login("ward_head")
    page.goto(f"{live_server.url}/bao-cao/{report.pk}/")
    stale = page.locator("#stale")
    expect(stale).to_contain_text("Dữ liệu đã thay đổi sau khi gửi báo cáo")
    expect(stale.get_by_test_id("stale-figures")).to_contain_text("4/5 hộ")
    stale.get_by_role("link", name="Lập báo cáo bổ sung").click()
    page.get_by_role("button", name="Lập báo cáo bổ sung").click()
    expect(page.get_by_text("Đã mở bản bổ sung")).to_be_visible()
    page.get_by_role("link", name="Gửi lại cấp trên").click()
    page.get_by_role("button", name="Gửi báo cáo").click()
    expect(page.get_by_text(re.compile(r"\(lần 2\) đến Thành phố Lai Châu"))).to_be_visible()
    expect(page.locator("#stale")).to_have_count(0)
    expect(page.locator('tr[data-version="2"]')).to_contain_text("bổ sung")
    page.screenshot(path="var/screenshots/reports-supplement-sent.png", full_page=True)
