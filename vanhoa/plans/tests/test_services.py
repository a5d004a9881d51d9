"""Every service changes state atomically, refuses bad input with a Vietnamese message, and writes its audit entry."""

from datetime import date
from decimal import Decimal

import pytest

from vanhoa.core.models import AuditEntry
from vanhoa.plans import services
from vanhoa.plans.choices import ActivityStatus, AttachmentKind, OrganisationKind, PartyRole, Timing
from vanhoa.plans.models import Activity, ActivityNote, Attachment, Organisation, Plan
from vanhoa.testing.actors import TEST

from .conftest import jpeg


def entries(action: str, obj=None):
    qs = AuditEntry.objects.filter(action=action)
    if obj is not None:
        qs = qs.filter(object_type=f"{obj._meta.app_label}.{obj._meta.model_name}", object_id=str(obj.pk))
    return list(qs)


@pytest.fixture
def plan(world):
    return services.create_plan(actor=world.users["culture_officer"], ward=world.ward, year=2026)


# --------------------------------------------------------------------------- plan


def test_create_plan_fills_in_the_names_of_that_year_and_is_audited(world):
    plan = services.create_plan(actor=world.users["culture_officer"], ward=world.ward_2020, year=2020)
    assert plan.issuer_parent == "UBND PHƯỜNG QUYẾT TIẾN" and plan.place == "Quyết Tiến"
    assert plan.symbol == "KH-BCĐ" and plan.number == "" and plan.issued_on is None
    assert "Quyết Tiến năm 2020" in plan.title
    assert plan.issuer_organisation.kind == OrganisationKind.STEERING_COMMITTEE
    [entry] = entries("plans.plan.created", plan)
    assert entry.actor == world.users["culture_officer"] and entry.unit == world.ward_2020
    # the standard bodies were created for the ward, each with its entry
    assert Organisation.objects.filter(ward=world.ward_2020).count() == 6
    assert len(entries("plans.organisation.created")) == 6


def test_a_plan_needs_a_ward_that_existed_that_year(world):
    cases = [
        (world.ward, 2024, "Phường Đoàn Kết chỉ có từ 01/07/2025, chưa có trong năm 2024."),
        (world.ward_2020, 2026, "Phường Quyết Tiến chỉ hoạt động đến 30/06/2025"),
        (world.groups[0], 2026, "Kế hoạch phải thuộc một xã, phường."),
    ]
    for unit, year, message in cases:
        with pytest.raises(services.PlanError, match=message):
            services.create_plan(actor=TEST, ward=unit, year=year)
    assert not Plan.objects.exists()


def test_one_plan_per_ward_and_year(plan, world):
    with pytest.raises(services.PlanError, match="Phường Đoàn Kết đã có kế hoạch năm 2026"):
        services.create_plan(actor=TEST, ward=world.ward, year=2026)


def test_update_plan_is_audited_with_the_change_and_checks_the_date(plan, world):
    services.update_plan(plan, actor=TEST, number="5", issued_on=date(2026, 1, 20), recipients=["A", " ", "B;"])
    plan.refresh_from_db()
    assert plan.number_text == "Số: 05/KH-BCĐ"
    assert plan.date_text == "Đoàn Kết, ngày 20 tháng 01 năm 2026"
    assert plan.recipients == ["A", "B;"]
    [entry] = entries("plans.plan.updated", plan)
    assert entry.changes["number"] == ["", "05"]
    with pytest.raises(services.PlanError, match="Ngày ban hành: 20/01/2025 không thuộc năm 2026"):
        services.update_plan(plan, actor=TEST, issued_on=date(2025, 1, 20))
    with pytest.raises(services.PlanError, match="Trích yếu: vui lòng nhập"):
        services.update_plan(plan, actor=TEST, title="  ")
    services.update_plan(plan, actor=TEST, number="5")  # nothing changed: no entry
    assert len(entries("plans.plan.updated", plan)) == 1


# --------------------------------------------------------------------------- activities


def test_activity_create_update_delete_are_audited(plan, world):
    orgs = services.ensure_default_organisations(world.ward, actor=TEST)
    a = services.create_activity(
        plan,
        actor=TEST,
        content="Tập huấn nghiệp vụ",
        lead=[orgs[OrganisationKind.FATHERLAND_FRONT]],
        coordinating=[orgs[OrganisationKind.RESIDENTIAL_GROUPS], world.groups[0], "Các thành viên BCĐ cấp Tỉnh"],
        timing=Timing.MONTHS,
        periods=[5, 4, 4],
    )
    assert a.periods == [4, 5] and a.timing_text == "Tháng 4,5"
    assert a.lead_text == "Ủy ban MTTQ phường"
    assert a.coordinating_text == "Các tổ dân phố; Tổ dân phố số 1; Các thành viên BCĐ cấp Tỉnh"
    [created] = entries("plans.activity.created", a)
    assert created.changes["coordinating"][1][2] == "Các thành viên BCĐ cấp Tỉnh"

    services.update_activity(a, actor=TEST, timing=Timing.QUARTERS, periods=[2])
    [updated] = entries("plans.activity.updated", a)
    assert updated.changes["timing"] == ["months", "quarters"]

    pk = a.pk
    services.delete_activity(a, actor=TEST)
    assert not Activity.objects.filter(pk=pk).exists()
    assert len(entries("plans.activity.deleted")) == 1


def test_edited_parties_keep_the_wording_the_plan_printed(plan_2020):
    first = plan_2020.ordered_activities()[0]
    steering = first.lead_parties[0].organisation
    assert first.lead_parties[0].label == "Ban chỉ đạo phong trào “TĐĐKXDĐSVH” Phường"
    services.update_activity(first, actor=TEST, lead=[steering])
    first.refresh_from_db()
    assert first.lead_text == "Ban chỉ đạo phong trào “TĐĐKXDĐSVH” Phường"


BAD_ACTIVITIES = [
    ({"content": " "}, "Nội dung: vui lòng nhập nội dung hoạt động."),
    ({"lead": []}, "Đơn vị chủ trì: hãy chọn hoặc ghi ít nhất một đơn vị."),
    ({"periods": []}, "Thời gian: hãy chọn ít nhất một tháng."),
    ({"periods": [13]}, "Thời gian: tháng 13 không hợp lệ"),
    ({"timing": Timing.QUARTERS, "periods": [5]}, "Thời gian: quý 5 không hợp lệ"),
]


def test_bad_activities_are_refused_and_nothing_is_written(plan):
    for kwargs, message in BAD_ACTIVITIES:
        data = {"content": "Tuyên truyền", "lead": ["Ban Chỉ đạo"], "timing": Timing.MONTHS, "periods": [3]} | kwargs
        with pytest.raises(services.PlanError, match=message):
            services.create_activity(plan, actor=TEST, **data)
    assert not Activity.objects.exists() and not entries("plans.activity.created")


def test_an_organisation_of_another_ward_cannot_lead(plan, world):
    other = services.create_organisation(actor=TEST, ward=world.other_ward, name="Công đoàn phường Him Lam")
    with pytest.raises(services.PlanError, match="không thuộc Phường Đoàn Kết"):
        services.create_activity(plan, actor=TEST, content="Kiểm tra", lead=[other], periods=[9])


# --------------------------------------------------------------------------- progress


def test_reporting_progress_changes_status_writes_a_note_and_the_files(plan, world, today, media):
    a = services.create_activity(plan, actor=TEST, content="Ngày hội Đại đoàn kết", lead=["MTTQ"], periods=[11])
    officer = world.users["culture_officer"]
    note = services.report_progress(
        a, actor=officer, status=ActivityStatus.DONE, note="8/8 tổ tổ chức ngày hội", files=[jpeg("Ảnh 1.jpg")],
        kind=AttachmentKind.PHOTO,
    )
    a.refresh_from_db()
    assert a.status == ActivityStatus.DONE and a.completed_on == today
    assert a.status_changed_by == officer
    assert note.status_change_text == "Chưa bắt đầu → Hoàn thành"
    [att] = note.attachments.all()
    assert att.original_name == "Ảnh 1.jpg" and att.content_type == "image/jpeg"
    assert (media / att.file.name).is_file() and "Ảnh" not in att.file.name
    assert entries("plans.activity.status_changed", a)[0].changes["status"] == ["not_started", "done"]
    assert len(entries("plans.activity_note.created", note)) == 1
    assert len(entries("plans.attachment.created", att)) == 1

    services.report_progress(a, actor=officer, status=ActivityStatus.IN_PROGRESS)
    a.refresh_from_db()
    assert a.completed_on is None


def test_bad_progress_reports_are_refused(plan, today, media):
    a = services.create_activity(plan, actor=TEST, content="Tuyên truyền", lead=["MTTQ"], periods=[11])
    cases = [
        ({}, "Chưa có gì để cập nhật"),
        ({"note": "x", "on": date(2026, 11, 28)}, "Ngày: 28/11/2026 là ngày trong tương lai."),
        ({"note": "x", "on": date(2025, 12, 31)}, "Ngày: 31/12/2025 trước năm 2026 của kế hoạch."),
        ({"note": "x", "files": [jpeg(f"{n}.jpg") for n in range(6)]}, "mỗi lần gửi tối đa 5 tệp"),
        ({"note": "x", "status": "paused"}, "Trạng thái: không hợp lệ."),
    ]
    for kwargs, message in cases:
        with pytest.raises(services.PlanError, match=message):
            services.report_progress(a, actor=TEST, **kwargs)
    assert not ActivityNote.objects.exists() and not Attachment.objects.exists()


def test_a_bad_file_refuses_the_whole_report_and_leaves_no_file_behind(plan, today, media):
    from django.core.files.uploadedfile import SimpleUploadedFile

    a = services.create_activity(plan, actor=TEST, content="Tuyên truyền", lead=["MTTQ"], periods=[11])
    fake = SimpleUploadedFile("bien-ban.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf")
    with pytest.raises(services.PlanError, match="Tệp «bien-ban.pdf»: nội dung không đúng định dạng PDF"):
        services.report_progress(a, actor=TEST, status=ActivityStatus.DONE, note="xong", files=[jpeg(), fake])
    a.refresh_from_db()
    assert a.status == ActivityStatus.NOT_STARTED and not ActivityNote.objects.exists()
    assert not list(media.rglob("*.jpg"))


def test_only_lead_units_change_the_status_coordinators_may_report(plan_now, world, today, media):
    festival = plan_now.ordered_activities()[7]  # led by MTTQ; "Các tổ dân phố" coordinate
    leader = world.users["leader_group1"]
    with pytest.raises(services.PlanPermissionError, match="Chỉ đơn vị chủ trì"):
        services.report_progress(festival, actor=leader, status=ActivityStatus.DONE)
    note = services.report_progress(festival, actor=leader, note="Tổ 1 tổ chức ngày hội 16/11", files=[jpeg()])
    assert note.author == leader
    services.report_progress(festival, actor=world.users["front_officer"], status=ActivityStatus.DONE)
    union_led = plan_now.ordered_activities()[5]  # led by Công đoàn; the groups are not in it
    with pytest.raises(services.PlanPermissionError, match="không tham gia"):
        services.report_progress(union_led, actor=leader, note="?")


def test_delete_attachment_is_audited_and_removes_the_file(plan, today, media, django_capture_on_commit_callbacks):
    a = services.create_activity(plan, actor=TEST, content="Tuyên truyền", lead=["MTTQ"], periods=[11])
    note = services.report_progress(a, actor=TEST, note="ảnh", files=[jpeg()])
    att = note.attachments.get()
    path = media / att.file.name
    with django_capture_on_commit_callbacks(execute=True):
        services.delete_attachment(att, actor=TEST)
    assert not path.exists() and not Attachment.objects.exists()
    assert len(entries("plans.attachment.deleted")) == 1


# --------------------------------------------------------------------------- sections III–V


def test_save_parts_creates_updates_deletes_with_one_entry_each(plan):
    rows = [
        {"indicator": "cultural_family_rate", "label": "Gia đình văn hóa đạt", "value": Decimal("98.4"),
         "unit": "percent"},
        {"indicator": "cultural_group_count", "label": "Tổ dân phố văn hóa đạt", "value": 8, "unit": "ratio",
         "denominator": 8},
    ]
    first, second = services.save_parts(plan, "targets", rows, actor=TEST)
    assert len(entries("plans.target.created")) == 2
    services.save_parts(
        plan, "targets",
        [{"id": first.pk, "value": Decimal("99")}, {"id": second.pk, "delete": True}],
        actor=TEST,
    )
    [updated] = entries("plans.target.updated")
    assert updated.changes["value"] == ["98.40", "99"]
    assert len(entries("plans.target.deleted")) == 1
    assert [t.text for t in plan.targets.all()] == ["Gia đình văn hóa đạt: 99%"]

    services.save_parts(plan, "funding_sources", [{"kind": "donation", "text": "Xã hội hóa", "amount": "12500000"}],
                        actor=TEST)
    assert plan.funding_sources.get().printed == "Xã hội hóa (dự kiến 12.500.000 đồng)."
    assert len(entries("plans.funding.created")) == 1
    services.save_parts(plan, "responsibilities", [{"heading": "Công đoàn phường", "tasks": "Kiểm tra\n\nBình xét"}],
                        actor=TEST)
    assert plan.responsibilities.get().tasks == ["Kiểm tra", "Bình xét"]
    assert len(entries("plans.responsibility.created")) == 1


BAD_TARGETS = [
    ({"label": "", "value": 1}, "Chỉ tiêu dòng 2: vui lòng nhập tên chỉ tiêu"),
    ({"label": "GĐVH", "value": 101}, "Chỉ tiêu dòng 2: tỷ lệ không quá 100%."),
    ({"label": "TDP", "value": 9, "unit": "ratio", "denominator": 8}, "Chỉ tiêu dòng 2: 9 lớn hơn tổng số 8."),
    ({"label": "TDP", "value": 8, "unit": "ratio"}, "cần tổng số y"),
    ({"label": "Tuyến phố", "value": "9,5", "unit": "count"}, "số lượng phải là số nguyên"),
    ({"label": "Tuyến phố", "value": "chín", "unit": "count"}, "«chín» không phải là số"),
]


def test_bad_targets_are_refused_and_nothing_is_saved(plan):
    good = {"indicator": "cultural_family_rate", "label": "Gia đình văn hóa đạt", "value": 98, "unit": "percent"}
    for row, message in BAD_TARGETS:
        with pytest.raises(services.PlanError, match=message):
            services.save_parts(plan, "targets", [good, {"indicator": "other", "unit": "percent"} | row],
                                actor=TEST)
    assert not plan.targets.exists() and not entries("plans.target.created")


def test_organisation_update_is_audited(world):
    org = services.create_organisation(actor=TEST, ward=world.ward, name="Hội Cựu chiến binh phường")
    assert org.member_roles == []
    services.update_organisation(org, actor=TEST, member_roles=["front_officer"])
    [entry] = entries("plans.organisation.updated", org)
    assert entry.changes["member_roles"] == [[], ["front_officer"]]
    with pytest.raises(services.PlanError, match="đã có ở Phường Đoàn Kết"):
        services.create_organisation(actor=TEST, ward=world.ward, name="Hội Cựu chiến binh phường")


# --------------------------------------------------------------------------- copy to the next year


def test_copy_to_the_next_year_carries_the_plan_over_and_resets_progress(world, today, media):
    plan = services.create_plan(actor=TEST, ward=world.ward, year=2026, number="3", issued_on=date(2026, 1, 20))
    orgs = services.ensure_default_organisations(world.ward, actor=TEST)
    a = services.create_activity(
        plan, actor=TEST, content="Bình xét danh hiệu năm 2026", lead=[orgs[OrganisationKind.FATHERLAND_FRONT]],
        coordinating=[world.groups[0]], periods=[10],
    )
    services.report_progress(a, actor=TEST, status=ActivityStatus.DONE, note="xong", files=[jpeg()])
    services.save_parts(plan, "targets", [{"indicator": "cultural_family_rate", "label": "GĐVH đạt",
                                           "value": 98, "unit": "percent"}], actor=TEST)
    services.update_plan(plan, actor=TEST, legal_bases=["Căn cứ Quyết định số 1/QĐ-UBND năm 2025;"])

    new = services.copy_plan(plan, actor=world.users["culture_officer"])
    assert (new.year, new.ward, new.number, new.issued_on) == (2027, world.ward, "", date(2027, 1, 20))
    assert new.title.endswith("năm 2027") and new.copied_from == plan
    assert new.legal_bases == ["Căn cứ Quyết định số 1/QĐ-UBND năm 2025;"]  # to be re-cited by hand
    [copy] = new.ordered_activities()
    assert copy.content == "Bình xét danh hiệu năm 2027" and copy.months == [10]
    assert copy.status == ActivityStatus.NOT_STARTED and copy.completed_on is None
    assert not copy.notes.exists() and not copy.attachments.exists()
    assert copy.lead_parties[0].organisation == orgs[OrganisationKind.FATHERLAND_FRONT]
    assert copy.coordinating_parties[0].unit == world.groups[0]
    assert [t.text for t in new.targets.all()] == ["GĐVH đạt: 98%"]
    [entry] = entries("plans.plan.copied", new)
    assert entry.changes["_"]["activities"] == 1 and entry.actor == world.users["culture_officer"]
    # the source is untouched
    a.refresh_from_db()
    assert a.status == ActivityStatus.DONE
    with pytest.raises(services.PlanError, match="đã có kế hoạch năm 2027"):
        services.copy_plan(plan, actor=TEST)


def test_copy_across_the_2025_merger_moves_the_plan_to_the_successor_ward(plan_2020, world):
    new = services.copy_plan(plan_2020, actor=TEST, year=2026)
    assert new.ward == world.ward  # Quyết Tiến ended on 30/06/2025
    assert new.issuer_parent == "UBND PHƯỜNG ĐOÀN KẾT" and new.place == "Đoàn Kết"
    assert new.title == "Triển khai thực hiện phong trào “TĐĐKXDĐSVH” trên địa phương Đoàn Kết năm 2026"
    acts = new.ordered_activities()
    assert len(acts) == 9 and [a.months for a in acts] == [a.months for a in plan_2020.ordered_activities()]
    assert all(a.status == ActivityStatus.NOT_STARTED for a in acts)
    orgs = {p.organisation.ward_id for a in acts for p in a.parties.all() if p.organisation_id}
    assert orgs == {world.ward.pk}  # mapped to the new ward's bodies
    assert acts[0].parties_of(PartyRole.COORDINATE)[0].label == "Các thành viên BCĐ cấp Thành phố"
    assert new.targets.count() == 4 and new.funding_sources.count() == 2 and new.responsibilities.count() == 4
    assert "phường Đoàn Kết năm 2026" in new.funding_sources.first().text
