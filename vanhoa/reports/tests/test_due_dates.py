"""Sending dates set by the unit above (ReportDueDate): who may set them, and how they reach the due list of the
ward that must send and of the unit that receives."""

from __future__ import annotations

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from vanhoa.core.models import AuditEntry
from vanhoa.deadlines import due
from vanhoa.reports import services
from vanhoa.reports.choices import ReportKind
from vanhoa.reports.models import ReportDueDate
from vanhoa.testing.actors import TEST

pytestmark = pytest.mark.django_db
ANNUAL = ReportKind.ANNUAL


def _set(world, due_on=date(2024, 12, 15), kind=ANNUAL, year=2024, note="Công văn số 125/UBND-VHXH"):
    return services.set_report_due_date(
        actor=world.users["city_viewer"], unit=world.city, kind=kind, year=year, due=due_on, note=note
    )


def _items(user, today, kind):
    return [i for i in due.due_for(user, today) if i.kind == kind]


def test_only_who_receives_reports_on_the_unit_sets_a_due_date(world):
    # given the ward head (sends reports, does not receive them) and the city viewer (receives on the city only)
    with pytest.raises(services.ReportError, match="không có quyền đặt hạn gửi báo cáo cho Thành phố Lai Châu"):
        services.set_report_due_date(
            actor=world.users["ward_head"], unit=world.city, kind=ANNUAL, year=2024, due=date(2024, 12, 15), note=""
        )
    with pytest.raises(services.ReportError, match="Tỉnh Lai Châu"):
        services.set_report_due_date(
            actor=world.users["city_viewer"],
            unit=world.province,
            kind=ANNUAL,
            year=2026,
            due=date(2026, 12, 15),
            note="",
        )
    # then nothing is written
    assert not ReportDueDate.objects.exists()
    assert not AuditEntry.objects.filter(action__startswith="reports.due_date").exists()


def test_setting_then_moving_a_due_date_is_audited(world):
    row = _set(world)
    assert (row.unit, row.kind, row.year, row.due, row.note) == (
        world.city,
        ANNUAL,
        2024,
        date(2024, 12, 15),
        "Công văn số 125/UBND-VHXH",
    )
    [entry] = AuditEntry.objects.filter(action="reports.due_date.set")
    assert entry.actor == world.users["city_viewer"] and entry.unit_id == world.city.pk
    moved = _set(world, date(2024, 12, 20))
    assert moved.pk == row.pk and ReportDueDate.objects.count() == 1
    [entry] = AuditEntry.objects.filter(action="reports.due_date.updated")
    assert entry.changes == {"due": ["2024-12-15", "2024-12-20"]}


def test_a_due_date_before_the_period_is_refused_in_vietnamese(world):
    with pytest.raises(services.ReportError, match=r"Hạn gửi: phải là một ngày từ 01/01/2024 trở đi"):
        _set(world, date(2023, 12, 31))
    assert not ReportDueDate.objects.exists()


def test_the_ward_head_sees_the_report_due_until_it_is_sent(world):
    # given the city's date 15/12/2024 for the 2024 annual report (Phường Quyết Tiến was under the city)
    _set(world)
    head = world.users["ward_head"]
    # before the date: "còn 5 ngày", linking to the report list (no report yet)
    [item] = _items(head, date(2024, 12, 10), due.REPORT)
    assert (item.label, item.place, item.due) == (
        "Gửi báo cáo tổng kết năm 2024",
        "Phường Quyết Tiến",
        date(2024, 12, 15),
    )
    assert item.status_text(date(2024, 12, 10)) == "còn 5 ngày"
    assert item.url == "/bao-cao/" and item.source == "Công văn số 125/UBND-VHXH"
    # after the date, with a draft: overdue, linking to the draft
    report = services.create_report(actor=TEST, ward=world.ward_2020, kind=ANNUAL, year=2024)
    [item] = _items(head, date(2024, 12, 20), due.REPORT)
    assert item.status_text(date(2024, 12, 20)) == "quá hạn 5 ngày"
    assert item.url == f"/bao-cao/{report.pk}/"
    # every ward officer who writes reports owns it, a group leader does not
    assert _items(world.users["culture_officer"], date(2024, 12, 20), due.REPORT)[0].place == "Phường Quyết Tiến"
    assert _items(world.users["leader_group1"], date(2024, 12, 20), due.REPORT) == []
    # once sent, it is gone
    services.submit_report(report, actor=TEST, on=date(2024, 12, 18))
    assert _items(head, date(2024, 12, 20), due.REPORT) == []


def test_the_city_sees_which_wards_have_not_sent(world):
    _set(world)
    city = world.users["city_viewer"]
    [item] = _items(city, date(2024, 12, 20), due.REPORT_WAIT)
    assert item.label == "Xã, phường chưa gửi báo cáo tổng kết năm 2024 (Thành phố Lai Châu đặt hạn)"
    assert (item.place, item.status_text(date(2024, 12, 20))) == ("Phường Quyết Tiến", "quá hạn 5 ngày")
    assert item.url == "/bao-cao/han-gui/"
    assert _items(city, date(2024, 12, 20), due.REPORT) == []  # the city does not send the ward's report
    assert _items(world.users["ward_head"], date(2024, 12, 20), due.REPORT_WAIT) == []
    report = services.create_report(actor=TEST, ward=world.ward_2020, kind=ANNUAL, year=2024)
    services.submit_report(report, actor=TEST, on=date(2024, 12, 18))
    assert _items(city, date(2024, 12, 20), due.REPORT_WAIT) == []


def test_the_due_list_reads_report_dates_in_constant_queries(world):
    _set(world)
    head = world.users["ward_head"]
    due.due_for(head, date(2024, 12, 20))  # warm the caches (unit graph, calendar)

    def count() -> int:
        with CaptureQueriesContext(connection) as ctx:
            due.report_items(due._Reader(head, date(2024, 12, 20)))
        return len(ctx.captured_queries)

    one = count()
    _set(world, date(2024, 7, 10), kind=ReportKind.SEMIANNUAL)
    _set(world, date(2025, 1, 10), year=2025, kind=ReportKind.SEMIANNUAL)
    for kind, year in ((ANNUAL, 2024), (ReportKind.SEMIANNUAL, 2025)):
        services.create_report(actor=TEST, ward=world.ward_2020, kind=kind, year=year)
    assert len(due.report_items(due._Reader(head, date(2024, 12, 20)))) == 3
    assert count() == one
