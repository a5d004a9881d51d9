"""Report lifecycle: draft (header from the plan, narrative suggested), edit, send up to the parent of the time
(city before 01/07/2025, province after), receive or return with a reason, send again; every version frozen and
kept; every step audited; the wrong people refused."""

from __future__ import annotations

from datetime import date

import pytest

from vanhoa.core.models import AuditEntry
from vanhoa.plans import services as plans
from vanhoa.reports import content, services
from vanhoa.reports import indicators as ind
from vanhoa.reports.choices import ReportKind, ReportStatus
from vanhoa.reports.models import Report, ReportVersion
from vanhoa.reports.tests.conftest import decision, results
from vanhoa.testing.actors import TEST

pytestmark = pytest.mark.django_db


@pytest.fixture
def ward_2020(world):
    """Quyết Tiến 2020: a plan, 3 households in group 1 of which 2 recognised."""
    g1 = world.groups[0]
    hh = [world.household(g1, f"Lò Văn Hộ{i}", since=date(2015, 1, 1)) for i in range(3)]
    results(hh[:2], 2020, signed=decision(world.ward_2020, 2020, "gdvh", date(2020, 11, 13)))
    plans.create_plan(
        actor=TEST,
        ward=world.ward_2020,
        year=2020,
        signature_authority=["TM. BAN CHỈ ĐẠO", "TRƯỞNG BAN"],
        signer_name="Hàng A Vàng",
    )
    world.hh = hh
    return world


def actions(report):
    return list(
        AuditEntry.objects.filter(object_type="reports.report", object_id=str(report.pk))
        .order_by("pk")
        .values_list("action", flat=True)
    )


def test_a_ward_drafts_edits_sends_and_resends_after_a_return_and_every_version_is_kept(ward_2020):
    w = ward_2020
    head, viewer = w.users["ward_head"], w.users["city_viewer"]
    report = services.create_report(actor=head, ward=w.ward_2020, kind=ReportKind.ANNUAL, year=2020)
    assert (report.status, report.as_of, report.signer_name) == (ReportStatus.DRAFT, date(2020, 12, 31), "Hàng A Vàng")
    assert report.place == "Quyết Tiến"
    assert "Hộ gia đình văn hóa: 2/3 hộ (66,7%)" not in report.strengths  # no target in this plan: not a strength
    assert "Ban Chỉ đạo phong trào" in report.direction
    services.update_report(report, actor=head, weaknesses="- Còn 1 hộ chưa đạt.", number="15")
    v1 = services.submit_report(report, actor=head, on=date(2020, 12, 20))
    report.refresh_from_db()
    assert (v1.number, v1.recipient, report.status) == (1, w.city, ReportStatus.SUBMITTED)
    assert content.indicator(v1.snapshot, ind.CULTURAL_FAMILY_RATE).fraction_text == "2/3 hộ"
    assert v1.snapshot["narrative"]["weaknesses"] == "- Còn 1 hộ chưa đạt."
    assert bytes(v1.docx)[:2] == b"PK" and bytes(v1.xlsx)[:2] == b"PK"
    with pytest.raises(services.ReportError, match="không sửa được"):
        services.update_report(report, actor=head, tasks="x")
    with pytest.raises(services.ReportError, match="Lý do trả lại"):
        services.return_report(report, actor=viewer, reason="  ")
    services.return_report(report, actor=viewer, reason="Bổ sung số liệu kinh phí.")
    report.refresh_from_db()
    assert report.status == ReportStatus.RETURNED
    # The records change after the first sending: the version keeps what was sent, the draft shows the new figure.
    results([w.hh[2]], 2020, signed=decision(w.ward_2020, 2020, "gdvh", date(2020, 12, 1), "2"))
    services.update_report(report, actor=head, funding_note="Huy động 5.000.000 đồng.")
    v2 = services.submit_report(report, actor=head)
    assert content.indicator(v1.snapshot, ind.CULTURAL_FAMILY_RATE).fraction_text == "2/3 hộ"
    assert content.indicator(v2.snapshot, ind.CULTURAL_FAMILY_RATE).fraction_text == "3/3 hộ"
    services.receive_report(report, actor=viewer)
    report.refresh_from_db()
    assert report.status == ReportStatus.RECEIVED
    versions = list(report.versions.order_by("number").values_list("number", "status", "reason"))
    assert versions == [
        (1, ReportStatus.RETURNED, "Bổ sung số liệu kinh phí."),
        (2, ReportStatus.RECEIVED, ""),
    ]
    with pytest.raises(services.ReportError, match="không gửi lại được"):
        services.submit_report(report, actor=head)
    assert actions(report) == [
        "reports.report.created",
        "reports.report.updated",
        "reports.report.submitted",
        "reports.report.returned",
        "reports.report.updated",
        "reports.report.submitted",
        "reports.report.received",
    ]
    diff = services.diff_snapshots(v1.snapshot, v2.snapshot)
    assert {"label": "Hộ gia đình văn hóa", "old": "2/3 hộ 66,7%", "new": "3/3 hộ 100,0%"} in diff["figures"]
    assert diff["text"][0]["label"] == "Kinh phí" and "<ins>Huy động 5.000.000 đồng.</ins>" in diff["text"][0]["html"]


def test_sent_versions_cannot_be_changed_or_deleted(ward_2020):
    w = ward_2020
    report = services.create_report(actor=TEST, ward=w.ward_2020, kind=ReportKind.ANNUAL, year=2020)
    version = services.submit_report(report, actor=TEST)
    version.snapshot = {}
    with pytest.raises(PermissionError):
        version.save()
    with pytest.raises(PermissionError):
        ReportVersion.objects.filter(pk=version.pk).update(docx=b"")
    with pytest.raises(PermissionError):
        ReportVersion.objects.filter(pk=version.pk).delete()
    with pytest.raises(PermissionError):
        version.delete()
    assert ReportVersion.objects.get(pk=version.pk).snapshot["year"] == 2020


def test_the_recipient_is_the_parent_of_the_time_and_only_it_answers(ward_2020):
    w = ward_2020
    old = services.create_report(actor=TEST, ward=w.ward_2020, kind=ReportKind.SEMIANNUAL, year=2025)
    new = services.create_report(actor=TEST, ward=w.ward, kind=ReportKind.ANNUAL, year=2025)
    assert services.submit_report(old, actor=TEST).recipient == w.city
    assert services.submit_report(new, actor=TEST).recipient == w.province
    with pytest.raises(services.ReportError, match="không phải nơi nhận"):
        services.receive_report(new, actor=w.users["city_viewer"])
    with pytest.raises(services.ReportError, match="không có quyền"):
        services.create_report(actor=w.users["union_officer"], ward=w.ward, kind=ReportKind.SEMIANNUAL, year=2026)
    with pytest.raises(services.ReportError, match="không có quyền lập báo cáo"):
        services.create_report(actor=w.users["city_viewer"], ward=w.ward_2020, kind=ReportKind.SEMIANNUAL, year=2024)


def test_bad_input_gets_a_clear_message_and_changes_nothing(ward_2020):
    w = ward_2020
    with pytest.raises(services.ReportError, match="Phường Quyết Tiến chỉ hoạt động đến 30/06/2025"):
        services.create_report(actor=TEST, ward=w.ward_2020, kind=ReportKind.ANNUAL, year=2026)
    with pytest.raises(services.ReportError, match="báo cáo năm 2020 là của đơn vị tiền thân"):
        services.create_report(actor=TEST, ward=w.ward, kind=ReportKind.ANNUAL, year=2020)
    with pytest.raises(services.ReportError, match="chưa bắt đầu"):
        services.create_report(actor=TEST, ward=w.ward, kind=ReportKind.ANNUAL, year=2027)
    with pytest.raises(services.ReportError, match="xã, phường"):
        services.create_report(actor=TEST, ward=w.city, kind=ReportKind.ANNUAL, year=2020)
    report = services.create_report(actor=TEST, ward=w.ward_2020, kind=ReportKind.SEMIANNUAL, year=2020)
    with pytest.raises(services.ReportError, match="đã có"):
        services.create_report(actor=TEST, ward=w.ward_2020, kind=ReportKind.SEMIANNUAL, year=2020)
    before = Report.objects.get(pk=report.pk).tasks
    with pytest.raises(services.ReportError, match=r"trong kỳ báo cáo \(01/01/2020 – 30/06/2020\)"):
        services.update_report(report, actor=TEST, as_of=date(2020, 9, 1), tasks="mới")
    assert Report.objects.get(pk=report.pk).tasks == before
    with pytest.raises(services.ReportError, match="Ngày ban hành"):
        services.update_report(report, actor=TEST, issued_on=date(2020, 6, 1))
    assert AuditEntry.objects.filter(action="reports.report.updated").count() == 0


def test_a_semiannual_report_counts_the_first_half_and_lists_the_rest_as_tasks(ward_2020):
    w = ward_2020
    plan = w.ward_2020.plans.get(year=2020)
    plans.create_activity(plan, actor=TEST, content="Tập huấn", lead=["MTTQ"], periods=[3])
    plans.create_activity(plan, actor=TEST, content="Ngày hội Đại đoàn kết", lead=["MTTQ"], periods=[11])
    report = services.create_report(actor=TEST, ward=w.ward_2020, kind=ReportKind.SEMIANNUAL, year=2020)
    assert report.as_of == date(2020, 6, 30)
    assert "Ngày hội Đại đoàn kết (Tháng 11)" in report.tasks and "Tập huấn" not in report.tasks
    snap = services.live_snapshot(report)
    family = content.indicator(snap, ind.CULTURAL_FAMILY_RATE)
    assert family.value is None and "chưa có kết quả bình xét" in family.note
    assert content.indicator(snap, ind.REGISTRATION_RATE).fraction_text == "2/3 hộ"
    assert [a["status_text"] for a in snap["activities"]] == ["Quá hạn", "Chưa bắt đầu"]


def test_a_reports_recipients_are_the_bodies_of_its_own_kind_of_commune(world):
    """A xã's report is sent to the Thường trực of the xã and the members of the xã's committee (it said "phường"
    for every commune)."""
    from vanhoa.units.models import Unit

    assert "Thường trực Đảng ủy, HĐND, UBND phường" in content.default_header(world.ward, "annual", 2026)["recipients"]
    Unit.objects.filter(pk=world.ward.pk).update(name="Xã Đoàn Kết", type_label="Xã")
    world.ward.refresh_from_db()
    recipients = content.default_header(world.ward, ReportKind.ANNUAL, 2026)["recipients"]
    assert "Thường trực Đảng ủy, HĐND, UBND xã" in recipients
    assert any(r.startswith("Thành viên Ban Chỉ đạo") and r.endswith(" xã") for r in recipients)
    assert not any("phường" in r for r in recipients)
    # and its default narrative speaks of thôn and bản ("các tổ dân phố" was written for every commune)
    from vanhoa.units.tree import bump

    for n, g in enumerate(world.groups, start=1):
        label = "Bản" if n % 2 else "Thôn"
        Unit.objects.filter(pk=g.pk).update(name=f"{label} {n}", short_name=f"{label} {n}", type_label=label)
    bump()
    narrative = content.build_snapshot(world.ward, ReportKind.ANNUAL, 2026)["narrative"]
    text = "\n".join(narrative.values())
    assert "tổ dân phố" not in text.lower() and "thôn, bản" in text, text
