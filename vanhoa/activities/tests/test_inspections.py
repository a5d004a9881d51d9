"""Inspections: a checklist copied into findings, results per criterion, corrections with deadlines and their
follow-up, and the consequence of a finding on a cultural title (a TitleFlag handed to the hook subscribers)."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from vanhoa.activities import checklists, hooks, services
from vanhoa.activities.choices import Consequence, FindingResult, FollowUp, InspectionStatus, SubjectKind
from vanhoa.activities.models import ActivityFile, Finding, TitleFlag
from vanhoa.core.models import AuditEntry
from vanhoa.testing.actors import TEST

from .conftest import agency_inspection, group_inspection, hold, jpeg


def test_planning_an_inspection_copies_the_checklist_of_the_five_standards(world, today):
    inspection = group_inspection(world, group=world.groups[2])
    assert inspection.ward == world.ward_2020 and inspection.unit == world.groups[2]
    assert inspection.status == InspectionStatus.PLANNED and inspection.year == 2020
    assert [f.code for f in inspection.findings.all()] == ["1", "2", "3", "4", "5"]
    assert inspection.findings.first().source == "NĐ 122/2018 Điều 12 khoản 1"
    assert inspection.checklist_basis.startswith("Nghị định số 122/2018/NĐ-CP") and "86/2023" not in str(
        list(inspection.findings.values_list("source", flat=True)))
    assert [m.name for m in inspection.members.all()] == ["Nguyễn Thị Hoa", "Lò Văn Minh"]
    assert inspection.leader.position == "Chủ tịch Ủy ban MTTQ phường"
    entry = AuditEntry.objects.get(action="activities.inspection.created")
    assert entry.unit == world.groups[2] and entry.extra["criteria"] == 5


def test_the_agency_checklist_follows_tt_08_2014(world, today):
    inspection = agency_inspection(world)
    assert inspection.unit == world.ward and inspection.subject_name == "Trường Tiểu học Đoàn Kết"
    from vanhoa.titles.models import RuleSet

    rule_set = RuleSet.objects.get(code=inspection.checklist_ref)  # the agency rule set in force, not a copy by hand
    assert rule_set.title_type.subject_kind == "agency" and "TT 08/2014" in rule_set.legal_short
    # the standards of its own title: a cơ quan, đơn vị checks 1–3, a doanh nghiệp DN.1–DN.4
    standards = [c.code for c in rule_set.criteria_for(inspection.agency) if c.is_standard]
    assert list(inspection.findings.values_list("code", flat=True)) == standards == ["1", "2", "3"]
    assert inspection.checklist_basis == rule_set.legal_basis and "08/2014" in inspection.checklist_basis


def test_a_checklist_source_can_be_plugged_in_by_another_app(world, today):
    class ProvinceLists:
        key = "tinh"
        label = "Danh mục của tỉnh"

        def options(self, subject_kind, year):
            return [("tdp-lai-chau", "Tiêu chí TDP văn hóa tỉnh Lai Châu")] if subject_kind == "group" else []

        def checklist(self, ref, *, on=None, ward=None, subject=None):
            items = [checklists.ChecklistEntry("1.1", "Có hương ước, quy ước được thực hiện", "QĐ tỉnh, 1.1")]
            return checklists.Checklist("Tiêu chí TDP văn hóa tỉnh Lai Châu", "QĐ của UBND tỉnh", items)

    checklists.register(ProvinceLists())
    try:
        assert ("tinh:tdp-lai-chau", "Tiêu chí TDP văn hóa tỉnh Lai Châu") in checklists.choices("group", 2020)
        assert all(not c.startswith("tinh:") for c, _ in checklists.choices("agency", 2020))
        inspection = group_inspection(world, checklist="tinh:tdp-lai-chau")
        assert inspection.checklist_source == "tinh" and inspection.findings.get().code == "1.1"
    finally:
        checklists.unregister("tinh")
    with pytest.raises(services.ActivityError, match="Danh mục tiêu chí «tinh:tdp-lai-chau» không có"):
        group_inspection(world, checklist="tinh:tdp-lai-chau")


def test_the_checklist_is_the_one_in_force_on_the_inspection_date(world, today):
    """#14: a 2020 inspection cites the rules of 2020 (NĐ 122/2018), one of 2024 NĐ 86/2023; a hand-made template
    is refused outside its dates; moving the date across a change of rules takes the other checklist while nothing
    is assessed."""
    first = checklists.choices("group", 2020)[0]
    assert first[0] == "danh-hieu:tdpvh" and "ngày kiểm tra" in first[1]
    assert not any(c.startswith("mau:") for c, _ in checklists.choices("group", 2020))  # the old copies retired
    in_2020 = group_inspection(world, planned_on=date(2020, 7, 21))
    assert in_2020.checklist_ref == "nd122-2018/group" and in_2020.checklist_basis.startswith("Nghị định số 122/2018")
    cited = " ".join([in_2020.checklist_basis, *in_2020.findings.values_list("source", flat=True)])
    assert "122/2018" in cited and "86/2023" not in cited and "2022" not in cited
    in_2024 = group_inspection(world, planned_on=date(2024, 8, 12))
    assert in_2024.checklist_ref == "nd86-2023/group" and in_2024.checklist_basis.startswith("Nghị định số 86/2023")
    assert list(in_2024.findings.values_list("code", flat=True)) == ["I", "II", "III", "IV", "V"]
    # A hand-made list of NĐ 86/2023 cannot serve a 2020 inspection.
    with pytest.raises(services.ActivityError, match="không áp dụng vào ngày 21/07/2020"):
        group_inspection(world, planned_on=date(2020, 7, 21), checklist="mau:tdp-nd86-2023")
    # The date moves into 2024 before anything is assessed: the checklist follows; after assessing it cannot.
    moved = group_inspection(world, planned_on=date(2024, 1, 10))
    assert moved.checklist_ref == "nd122-2018/group"
    services.update_inspection(moved, actor=TEST, planned_on=date(2024, 3, 1))
    moved.refresh_from_db()
    assert moved.checklist_ref == "nd86-2023/group" and moved.findings.first().code == "I"
    hold(moved, held_on=date(2024, 3, 1))
    with pytest.raises(services.ActivityError, match="khác danh mục đã dùng khi đánh giá"):
        services.update_inspection(moved, actor=TEST, planned_on=date(2024, 1, 15))


def test_a_group_of_another_ward_or_time_is_refused(world, today):
    with pytest.raises(services.ActivityError, match="Tổ dân phố: Tổ dân phố số 1 không thuộc Phường Him Lam"):
        services.create_inspection(actor=TEST, ward=world.other_ward, planned_on=date(2026, 3, 1),
                                   subject_kind="group", group=world.groups[0], subject="x",
                                   checklist="danh-hieu:tdpvh", members=["A B"])
    with pytest.raises(services.ActivityError, match="Phường Quyết Tiến chỉ hoạt động đến 30/06/2025"):
        services.create_inspection(actor=TEST, ward=world.ward_2020, planned_on=date(2026, 3, 1),
                                   subject_kind="group", group=world.groups[0], subject="x",
                                   checklist="danh-hieu:tdpvh", members=["A B"])
    with pytest.raises(services.ActivityError, match="Thành viên đoàn kiểm tra"):
        group_inspection(world, members=[])


def test_results_need_every_criterion_a_reason_for_a_failure_and_a_deadline_for_a_correction(world, today):
    inspection = group_inspection(world)
    findings = list(inspection.findings.all())
    passed = [services.FindingInput(f, FindingResult.PASS) for f in findings[1:]]
    cases = [
        ([services.FindingInput(findings[0], "")] + passed,
         "Tiêu chí 1. Đời sống kinh tế ổn định và từng bước phát triển: hãy"),
        ([services.FindingInput(findings[0], FindingResult.FAIL)] + passed, "Tiêu chí 1: không đạt – hãy ghi rõ"),
        ([services.FindingInput(findings[0], FindingResult.FAIL, "Chưa đạt", "Sửa")] + passed,
         "Tiêu chí 1: yêu cầu khắc phục cần thời hạn"),
        ([services.FindingInput(findings[0], FindingResult.FAIL, "Chưa đạt", "Sửa", date(2020, 7, 1))] + passed,
         "thời hạn khắc phục 01/07/2020 trước ngày kiểm tra 15/07/2020"),
        ([services.FindingInput(findings[0], FindingResult.PASS, "", "Sửa", date(2020, 8, 1))] + passed,
         "chỉ tiêu chí không đạt mới có yêu cầu khắc phục"),
    ]
    for rows, message in cases:
        with pytest.raises(services.ActivityError, match=message):
            services.record_findings(inspection, actor=TEST, held_on=date(2020, 7, 15), results=rows)
    assert not Finding.objects.exclude(result="").exists()
    assert not AuditEntry.objects.filter(action__startswith="activities.finding").exists()


def test_an_evidence_file_of_the_wrong_kind_is_refused_and_nothing_is_written(world, today, media):
    inspection = group_inspection(world)
    rows = [services.FindingInput(f, FindingResult.PASS) for f in inspection.findings.all()]
    rows[0].files = [SimpleUploadedFile("bien-ban.exe", b"MZ\x90\x00", content_type="application/octet-stream")]
    with pytest.raises(services.ActivityError, match="Tiêu chí 1, tệp minh chứng: Tệp «bien-ban.exe»: loại tệp"):
        services.record_findings(inspection, actor=TEST, held_on=date(2020, 7, 15), results=rows)
    inspection.refresh_from_db()
    assert inspection.status == InspectionStatus.PLANNED and not ActivityFile.objects.exists()
    rows[0].files = [jpeg("nha-van-hoa.jpg")]
    services.record_findings(inspection, actor=TEST, held_on=date(2020, 7, 15), results=rows)
    stored = ActivityFile.objects.get()
    assert stored.finding.code == "1" and stored.unit == world.groups[0] and (media / stored.file.name).exists()


def test_a_failed_criterion_gets_a_correction_a_follow_up_and_is_overdue_until_done(world, freeze, today):
    inspection = hold(group_inspection(world), failed={"2"})
    assert inspection.status == InspectionStatus.DONE and inspection.held_on == date(2020, 7, 15)
    failed = inspection.findings.get(code="2")
    assert failed.is_open and failed.deadline == date(2020, 8, 14)
    assert not failed.is_overdue(date(2020, 8, 14)) and failed.is_overdue(date(2020, 8, 15))
    assert failed.is_overdue()  # today is 27/11/2026
    with pytest.raises(services.ActivityError, match="Kết quả khắc phục: chỉ ghi cho tiêu chí không đạt"):
        services.record_followup(inspection.findings.get(code="1"), actor=TEST, followup="done",
                                 on=date(2020, 8, 10))
    with pytest.raises(services.ActivityError, match="Ngày kiểm tra lại: 10/07/2020 trước ngày kiểm tra 15/07/2020"):
        services.record_followup(failed, actor=TEST, followup="done", on=date(2020, 7, 10))
    services.record_followup(failed, actor=TEST, followup=FollowUp.DONE, on=date(2020, 8, 12),
                             note="Đã sửa mái, lập tủ sách 120 cuốn.")
    failed.refresh_from_db()
    assert not failed.is_open and not failed.is_overdue()
    entry = AuditEntry.objects.get(action="activities.finding.followed_up")
    assert entry.changes["followup"] == ["", "done"] and entry.unit == world.groups[0]


def test_a_finding_flags_the_title_and_the_hook_is_called_with_the_flag(world, today):
    inspection = hold(group_inspection(world, group=world.groups[1]), failed={"3"})
    failed = inspection.findings.get(code="3")
    calls = []
    hooks.on_title_flag.append(lambda flag, actor: calls.append((flag.pk, flag.subject, actor)))
    try:
        with pytest.raises(services.ActivityError, match="chỉ tiêu chí «Không đạt»"):
            services.flag_title_consequence(inspection.findings.get(code="1"), consequence="block", reason="x",
                                            actor=TEST)
        with pytest.raises(services.ActivityError, match="Lý do: vui lòng ghi rõ"):
            services.flag_title_consequence(failed, consequence="block", reason="  ", actor=TEST)
        flag = services.flag_title_consequence(
            failed, consequence=Consequence.BLOCK, reason="Môi trường chưa sạch đẹp", actor=world.users["front_officer"]
        )
    finally:
        hooks.on_title_flag.clear()
    assert calls == [(flag.pk, world.groups[1], world.users["front_officer"])]
    assert (flag.subject_kind, flag.year, flag.unit, flag.inspection) == (SubjectKind.GROUP, 2020, world.groups[1],
                                                                          inspection)
    assert list(services.open_title_flags(world.groups[1], 2020)) == [flag]
    assert not services.open_title_flags(world.groups[0]).exists()
    entry = AuditEntry.objects.get(action="activities.title_flag.created")
    assert entry.actor == world.users["front_officer"] and entry.changes["consequence"] == [None, "block"]
    with pytest.raises(services.ActivityError, match="đã có cảnh báo này"):
        services.flag_title_consequence(failed, consequence="block", reason="lần nữa", actor=TEST)


def test_a_failing_subscriber_rolls_the_flag_back(world, today):
    inspection = hold(group_inspection(world), failed={"1"})

    def broken(flag, actor):
        raise RuntimeError("titles app is down")

    hooks.on_title_flag.append(broken)
    try:
        with pytest.raises(RuntimeError):
            services.flag_title_consequence(inspection.findings.get(code="1"), consequence="revoke",
                                            reason="Vi phạm", actor=TEST)
    finally:
        hooks.on_title_flag.clear()
    assert not TitleFlag.objects.exists()
    assert not AuditEntry.objects.filter(action="activities.title_flag.created").exists()


def test_a_household_of_the_group_can_be_flagged_and_a_flag_resolved(world, today):
    mine = world.household(world.groups[0], "Lò Văn Páo")
    other = world.household(world.groups[1], "Tòng Thị Phương")
    inspection = hold(group_inspection(world), failed={"4"})
    failed = inspection.findings.get(code="4")
    with pytest.raises(services.ActivityError, match="hộ Tòng Thị Phương không thuộc tổ dân phố được kiểm tra"):
        services.flag_title_consequence(failed, consequence="revoke", reason="x", actor=TEST, household=other)
    flag = services.flag_title_consequence(failed, consequence="revoke", reason="Vi phạm quy ước tổ dân phố",
                                           actor=TEST, household=mine, year=2020)
    assert flag.subject == mine and flag.subject_name == f"Hộ Lò Văn Páo ({mine.code})"
    assert list(services.open_title_flags(mine)) == [flag]
    resolved = []
    hooks.on_title_flag_resolved.append(lambda f, actor: resolved.append(f.pk))
    try:
        services.resolve_title_flag(flag, actor=TEST, note="Hộ đã khắc phục, cam kết.", on=date(2020, 9, 1))
    finally:
        hooks.on_title_flag_resolved.clear()
    assert resolved == [flag.pk] and not services.open_title_flags(mine).exists()
    with pytest.raises(services.ActivityError, match="đã được giải quyết"):
        services.resolve_title_flag(flag, actor=TEST, note="x")


def test_an_agency_finding_flags_the_agency(world, today):
    inspection = hold(agency_inspection(world), failed={"2"})  # 2: nếp sống văn minh, văn hóa công sở
    flag = services.flag_title_consequence(inspection.findings.get(code="2"), consequence="block",
                                           reason="Chưa thực hiện văn hóa công sở", actor=TEST)
    assert flag.subject == inspection.agency and flag.unit == world.ward
    assert list(services.open_title_flags(inspection.agency, 2025)) == [flag]
