"""State changes of inspections, title flags, the 18/11 festival and training/outreach sessions. Each is atomic,
checks its rules, raises ActivityError with a Vietnamese message that says where and what, and writes one
audit entry per changed object. Files are checked (type, size, content) before anything is written; if a
later step fails, the rows are rolled back and the stored files removed.

Money is in vanhoa.activities.funding.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction

from vanhoa.accounts.permissions import Cap
from vanhoa.activities import checklists, hooks
from vanhoa.activities.choices import (
    Consequence,
    EventForm,
    EventKind,
    FileKind,
    FindingResult,
    FollowUp,
    InspectionStatus,
    SubjectKind,
)
from vanhoa.activities.models import (
    ActivityFile,
    Event,
    Festival,
    Finding,
    Inspection,
    InspectionMember,
    TitleFlag,
    today,
)
from vanhoa.activities.places import festival_day, ward_of_group
from vanhoa.core import audit
from vanhoa.core.actors import actor_name, may, require
from vanhoa.core.files import MAX_FILES, UploadError, check_upload, store_uploads
from vanhoa.core.text import format_date, format_number, nfc, nfc_multiline
from vanhoa.documents import numbered, register
from vanhoa.plans.choices import ActivityCategory
from vanhoa.plans.models import Activity, Plan, clean_lines
from vanhoa.registry.models import Agency, Household
from vanhoa.units.choices import UnitKind
from vanhoa.units.models import Unit
from vanhoa.units.tree import get_graph
from vanhoa.units.words import group_word, words_for

INSPECTION_FIELDS = [
    "subject_kind", "group", "agency", "planned_on", "held_on", "status", "place", "subject", "checklist_title",
    "representative_name", "representative_position", "conclusion", "number", "activity",
]
FINDING_FIELDS = ["result", "note", "correction", "deadline"]
FOLLOWUP_FIELDS = ["followup", "followup_on", "followup_note"]
FLAG_FIELDS = ["subject_kind", "group", "agency", "household", "year", "consequence", "reason", "resolved",
               "resolved_on", "resolution_note"]
FESTIVAL_FIELDS = ["held", "held_on", "place", "participants", "households_attending", "programme",
                   "commendations", "note", "activity"]
EVENT_FIELDS = ["kind", "held_on", "topic", "audience", "form", "place", "group", "attendance", "attendees", "note",
                "activity"]
MAX_COUNT = 100_000  # participants, attendance: anything bigger is a typing slip


class ActivityError(Exception):
    """A change that breaks a rule; the message is shown to the user as is."""


def _user(actor: Any) -> Any:
    return actor if getattr(actor, "pk", None) else None


def _snapshot(obj: Any, fields: list[str]) -> dict[str, Any]:
    snap = audit.snapshot(obj, fields)
    if "year" in snap:
        snap["year"] = str(snap["year"])  # "2020", not a number shown as "2.020"
    return snap


# --------------------------------------------------------------------------- shared checks


def check_ward(ward: Unit, day: date, what: str = "Ngày") -> None:
    if ward.kind != UnitKind.COMMUNE:
        raise ActivityError("Đơn vị: phải là một xã, phường.")
    if not ward.is_active_on(day):
        until = f"đến {format_date(ward.valid_to)}" if ward.valid_to else f"từ {format_date(ward.valid_from)}"
        raise ActivityError(f"{what}: {format_date(day)} – {ward.name} chỉ hoạt động {until}.")


def check_past(day: date, what: str = "Ngày") -> None:
    if day > today():
        raise ActivityError(f"{what}: {format_date(day)} là ngày trong tương lai.")


def check_count(value: int | None, what: str) -> None:
    if value is not None and not 0 <= value <= MAX_COUNT:
        raise ActivityError(f"{what}: {value} không hợp lệ (từ 0 đến {format_number(MAX_COUNT)}).")


def check_plan_activity(activity: Activity | None, ward: Unit, year: int) -> None:
    """A record fulfils an activity of its own ward's plan for its own year."""
    if activity is None:
        return
    plan = activity.plan
    if plan.year != year or plan.ward_id != ward.pk:
        raise ActivityError(
            f"Hoạt động của kế hoạch: hoạt động này thuộc kế hoạch năm {plan.year} của {plan.ward.name}, "
            f"không phải của {ward.name} năm {year}."
        )


def plan_activity_of(ward: Unit, year: int, category: str) -> Activity | None:
    """The first activity of that category in the ward's plan of that year (used to pre-fill the link)."""
    plan = Plan.objects.filter(ward=ward, year=year).first()
    if plan is None:
        return None
    return plan.activities.filter(category=category).order_by("order", "pk").first()


def check_files(files: Sequence[Any], what: str = "Tệp đính kèm") -> list[tuple[Any, str, str]]:
    if len(files) > MAX_FILES:
        raise ActivityError(f"{what}: mỗi lần gửi tối đa {MAX_FILES} tệp (đã chọn {len(files)}).")
    checked = []
    for f in files:
        try:
            checked.append((f, *check_upload(f)))
        except UploadError as exc:
            raise ActivityError(f"{what}: {exc}") from exc
    return checked


def store_files(
    model: type[Any], checked: list[tuple[Any, str, str]], *, actor: Any, action: str, unit: Unit, **fields: Any
) -> list[Any]:
    """Save checked uploads as rows of `model` (ActivityFile or Voucher), one audit entry each; on failure the
    stored files are removed (the rows go with the caller's transaction). Services call it last, after every
    check, so a rolled-back change leaves no file behind."""
    if not any(may(actor, cap, unit) for cap in (Cap.ACTIVITIES_CHANGE, Cap.FUNDING_CHANGE)):
        raise PermissionDenied("Bạn không có quyền đính kèm tệp ở đây.")
    if any(f.name == "unit" for f in model._meta.fields):
        fields["unit"] = unit  # the scope of the file is the scope of its record
    name = actor_name(actor)

    def record(row: Any, f: Any, original: str) -> None:
        audit.record(actor, action, row, after={"file": original, "size": f.size}, unit=unit)

    return store_uploads(checked, lambda *_: model(uploaded_by_name=name, **fields), record)


# --------------------------------------------------------------------------- inspections


@dataclass(frozen=True)
class Member:
    """A member of the inspection team as given to the services."""

    name: str
    position: str = ""
    user: Any = None

    @classmethod
    def parse(cls, line: str) -> Member:
        """'Nguyễn Văn A – Chủ tịch UB MTTQ phường' (also '-', ':' or ',' between name and position)."""
        line = nfc(line)
        for sep in (" – ", " - ", " — ", ": ", ", "):
            if sep in line:
                name, position = line.split(sep, 1)
                return cls(nfc(name), nfc(position))
        return cls(line)


def _subject(subject_kind: str, group: Unit | None, agency: Agency | None, ward: Unit, day: date) -> Unit:
    """Check the inspected unit; return the scope unit (the group, or the ward for an agency)."""
    if subject_kind == SubjectKind.GROUP:
        if group is None or group.kind != UnitKind.GROUP:
            raise ActivityError(words_for(ward, day).localise("Tổ dân phố: hãy chọn tổ dân phố được kiểm tra."))
        if not group.is_active_on(day) or (ward_of_group(group, day) or group).pk != ward.pk:
            raise ActivityError(f"{group_word(group).capitalize()}: {group.name} không thuộc {ward.name} vào ngày "
                                f"{format_date(day)}.")
        return group
    if subject_kind == SubjectKind.AGENCY:
        if agency is None:
            raise ActivityError("Cơ quan, đơn vị: hãy chọn cơ quan, đơn vị được kiểm tra.")
        graph = get_graph()
        if agency.ward_id not in graph.covered(ward.pk) and ward.pk not in graph.covered(agency.ward_id):
            raise ActivityError(f"Cơ quan, đơn vị: {agency.name} không thuộc {ward.name}.")
        return ward
    raise ActivityError("Đối tượng kiểm tra: hãy chọn tổ dân phố hoặc cơ quan, đơn vị.")


def _set_members(inspection: Inspection, members: Sequence[Member | str]) -> None:
    items = [m if isinstance(m, Member) else Member.parse(m) for m in members]
    items = [m for m in items if m.name]
    if not items:
        raise ActivityError("Thành viên đoàn kiểm tra: ghi ít nhất một người (dòng đầu là Trưởng đoàn).")
    inspection.members.all().delete()
    InspectionMember.objects.bulk_create(
        InspectionMember(inspection=inspection, order=n, name=m.name[:120], position=m.position[:200],
                         user=m.user if getattr(m.user, "pk", None) else None)
        for n, m in enumerate(items)
    )


def _inspection_snapshot(inspection: Inspection) -> dict[str, Any]:
    snap = _snapshot(inspection, INSPECTION_FIELDS)
    snap["members"] = [str(m) for m in inspection.members.all()]
    return snap


@transaction.atomic
def create_inspection(
    *,
    actor: Any,
    ward: Unit,
    planned_on: date,
    subject_kind: str,
    subject: str,
    checklist: str,
    members: Sequence[Member | str],
    group: Unit | None = None,
    agency: Agency | None = None,
    place: str = "",
    representative_name: str = "",
    representative_position: str = "",
    activity: Activity | None = None,
) -> Inspection:
    """Plan an inspection: who inspects whom, when, about what, against which checklist (copied into the
    findings, one per criterion, not yet assessed)."""
    require(actor, Cap.ACTIVITIES_CHANGE, ward, what="lập đoàn kiểm tra")
    check_ward(ward, planned_on, "Ngày kiểm tra")
    unit = _subject(subject_kind, group, agency, ward, planned_on)
    check_plan_activity(activity, ward, planned_on.year)
    subject = nfc_multiline(subject)
    if not subject:
        raise ActivityError("Nội dung kiểm tra: vui lòng nhập.")
    try:
        source, ref, items = checklists.resolve(
            checklist, on=planned_on, ward=ward, subject=agency if subject_kind == SubjectKind.AGENCY else None
        )
    except checklists.UnknownChecklist as exc:
        raise ActivityError(str(exc)) from exc
    if not items.items:
        raise ActivityError(f"Danh mục tiêu chí: «{items.title}» chưa có tiêu chí nào.")
    inspection = Inspection.objects.create(
        ward=ward,
        unit=unit,
        subject_kind=subject_kind,
        group=group if subject_kind == SubjectKind.GROUP else None,
        agency=agency if subject_kind == SubjectKind.AGENCY else None,
        year=planned_on.year,
        planned_on=planned_on,
        place=place,
        subject=subject,
        checklist_source=source,
        checklist_ref=ref,
        checklist_title=items.title,
        checklist_basis=items.basis,
        representative_name=representative_name,
        representative_position=representative_position,
        activity=activity,
        created_by_name=actor_name(actor),
    )
    _set_members(inspection, members)
    Finding.objects.bulk_create(
        Finding(inspection=inspection, order=n, code=i.code, text=i.text, source=i.source)
        for n, i in enumerate(items.items, start=1)
    )
    audit.record(actor, "activities.inspection.created", inspection, after=_inspection_snapshot(inspection),
                 unit=unit, extra={"checklist": checklist, "criteria": len(items.items)})
    return inspection


@transaction.atomic
def update_inspection(inspection: Inspection, *, actor: Any, members: Sequence[Member | str] | None = None,
                      **fields: Any) -> Inspection:
    """Change the date, place, subject text, team, representative, minutes number or the plan activity."""
    require(actor, Cap.ACTIVITIES_CHANGE, inspection.ward_id, what="sửa đoàn kiểm tra")
    editable = {"planned_on", "place", "subject", "representative_name", "representative_position", "number",
                "activity", "conclusion"}
    inspection = Inspection.objects.select_for_update().select_related("ward").get(pk=inspection.pk)
    before = _inspection_snapshot(inspection)
    for key, value in fields.items():
        if key not in editable:
            raise ActivityError(f"Không sửa được trường {key}.")
        setattr(inspection, key, value)
    if "planned_on" in fields:
        check_ward(inspection.ward, inspection.planned_on, "Ngày kiểm tra")
        if inspection.planned_on.year != inspection.year:
            raise ActivityError(f"Ngày kiểm tra: phải trong năm {inspection.year} của cuộc kiểm tra.")
        _subject(inspection.subject_kind, inspection.group, inspection.agency, inspection.ward, inspection.planned_on)
        _follow_checklist_date(inspection)
    check_plan_activity(inspection.activity, inspection.ward, inspection.year)
    inspection.subject = nfc_multiline(inspection.subject)
    if not inspection.subject:
        raise ActivityError("Nội dung kiểm tra: vui lòng nhập.")
    inspection.number = register.clean_number(inspection.number, numbered.INSPECTION_SYMBOL, ActivityError)
    inspection.save()
    numbered.enter(inspection, actor=actor, error=ActivityError)
    if members is not None:
        _set_members(inspection, members)
    after = _inspection_snapshot(inspection)
    if before != after:
        audit.record(actor, "activities.inspection.updated", inspection, before=before, after=after,
                     unit=inspection.unit)
    return inspection


def _follow_checklist_date(inspection: Inspection) -> None:
    """A new date may fall under other rules (NĐ 122/2018 until 29/01/2024, NĐ 86/2023 after): the checklist in
    force on the new date replaces the copied one while nothing has been assessed; after that the date cannot
    cross into other rules."""
    try:
        ref, items = checklists.current(inspection.checklist_source, inspection.checklist_ref,
                                        on=inspection.planned_on, ward=inspection.ward,
                                        subject=inspection.agency)  # an agency's kind picks its standards
    except checklists.UnknownChecklist as exc:
        raise ActivityError(str(exc)) from exc
    if items is None:
        return
    if ref == inspection.checklist_ref:
        return
    if inspection.findings.exclude(result="").exists():
        raise ActivityError(
            f"Ngày kiểm tra: ngày {inspection.planned_on:%d/%m/%Y} áp dụng «{items.title}», khác danh mục đã dùng "
            f"khi đánh giá («{inspection.checklist_title}»); lập cuộc kiểm tra mới cho ngày này."
        )
    inspection.checklist_ref, inspection.checklist_title, inspection.checklist_basis = ref, items.title, items.basis
    inspection.findings.all().delete()
    Finding.objects.bulk_create(
        Finding(inspection=inspection, order=n, code=i.code, text=i.text, source=i.source)
        for n, i in enumerate(items.items, start=1)
    )


@dataclass
class FindingInput:
    """What the inspection team wrote for one criterion."""

    finding: Finding | int
    result: str
    note: str = ""
    correction: str = ""
    deadline: date | None = None
    files: Sequence[Any] = ()


@transaction.atomic
def record_findings(
    inspection: Inspection,
    *,
    actor: Any,
    held_on: date,
    results: Sequence[FindingInput],
    conclusion: str = "",
    representative_name: str | None = None,
    representative_position: str | None = None,
) -> Inspection:
    """Write the result of the inspection: every criterion đạt / không đạt / không áp dụng (a failed one says
    why; a correction needs a deadline after the inspection), evidence files, and the conclusion. The
    inspection is then "held". Can be run again to correct what was written."""
    require(actor, Cap.ACTIVITIES_CHANGE, inspection.ward_id, what="ghi kết quả kiểm tra")
    inspection = Inspection.objects.select_for_update().select_related("ward").get(pk=inspection.pk)
    check_past(held_on, "Ngày kiểm tra")
    check_ward(inspection.ward, held_on, "Ngày kiểm tra")
    if held_on.year != inspection.year:
        raise ActivityError(f"Ngày kiểm tra: phải trong năm {inspection.year} của cuộc kiểm tra.")
    findings = {f.pk: f for f in inspection.findings.select_for_update()}
    given = {}
    for row in results:
        pk = row.finding if isinstance(row.finding, int) else row.finding.pk
        if pk not in findings:
            raise ActivityError("Kết quả: có tiêu chí không thuộc cuộc kiểm tra này.")
        given[pk] = row
    missing = [f for pk, f in findings.items() if pk not in given or not given[pk].result]
    if missing:
        raise ActivityError(f"Tiêu chí {missing[0]}: hãy chọn Đạt, Không đạt hoặc Không áp dụng.")
    checked_files: dict[int, list[tuple[Any, str, str]]] = {}
    for pk, row in given.items():
        f = findings[pk]
        where = f"Tiêu chí {f.code or f.order}"
        if row.result not in FindingResult.values:
            raise ActivityError(f"{where}: kết quả không hợp lệ.")
        note, correction = nfc_multiline(row.note), nfc_multiline(row.correction)
        if row.result == FindingResult.FAIL and not note:
            raise ActivityError(f"{where}: không đạt – hãy ghi rõ nhận xét (vì sao không đạt).")
        if correction and row.result != FindingResult.FAIL:
            raise ActivityError(f"{where}: chỉ tiêu chí không đạt mới có yêu cầu khắc phục.")
        if correction and row.deadline is None:
            raise ActivityError(f"{where}: yêu cầu khắc phục cần thời hạn (dd/mm/yyyy).")
        if row.deadline is not None and not correction:
            raise ActivityError(f"{where}: có thời hạn nhưng chưa ghi yêu cầu khắc phục.")
        if row.deadline is not None and row.deadline < held_on:
            raise ActivityError(
                f"{where}: thời hạn khắc phục {format_date(row.deadline)} trước ngày kiểm tra {format_date(held_on)}."
            )
        checked_files[pk] = check_files(list(row.files), f"{where}, tệp minh chứng")
    before = _inspection_snapshot(inspection)
    for pk, row in given.items():
        f = findings[pk]
        old = _snapshot(f, FINDING_FIELDS)
        f.result, f.note = row.result, row.note
        f.correction, f.deadline = row.correction, row.deadline
        if not f.failed:  # a criterion now met needs no follow-up
            f.followup, f.followup_on, f.followup_note = "", None, ""
        f.save()
        new = _snapshot(f, FINDING_FIELDS)
        if old != new:
            audit.record(actor, "activities.finding.recorded", f, before=old, after=new, unit=inspection.unit,
                         extra={"inspection": str(inspection)})
        if checked_files[pk]:
            store_files(ActivityFile, checked_files[pk], actor=actor, action="activities.file.added",
                        unit=inspection.unit, ward=inspection.ward, year=inspection.year, finding=f,
                        kind=FileKind.EVIDENCE)
    inspection.held_on = held_on
    inspection.status = InspectionStatus.DONE
    inspection.conclusion = nfc_multiline(conclusion)
    if representative_name is not None:
        inspection.representative_name = representative_name
    if representative_position is not None:
        inspection.representative_position = representative_position
    inspection.save()
    after = _inspection_snapshot(inspection)
    if before != after:
        audit.record(actor, "activities.inspection.held", inspection, before=before, after=after,
                     unit=inspection.unit)
    return inspection


@transaction.atomic
def record_followup(finding: Finding, *, actor: Any, followup: str, on: date, note: str = "") -> Finding:
    """After the deadline: was the failed criterion put right (done / not done), checked on which day."""
    require(actor, Cap.ACTIVITIES_CHANGE, finding.inspection.ward_id, what="ghi việc khắc phục")
    finding = Finding.objects.select_for_update().select_related("inspection__ward").get(pk=finding.pk)
    inspection = finding.inspection
    if not finding.failed:
        raise ActivityError("Kết quả khắc phục: chỉ ghi cho tiêu chí không đạt.")
    if followup not in FollowUp.values:
        raise ActivityError("Kết quả khắc phục: hãy chọn Đã khắc phục hoặc Chưa khắc phục.")
    check_past(on, "Ngày kiểm tra lại")
    if inspection.held_on and on < inspection.held_on:
        raise ActivityError(
            f"Ngày kiểm tra lại: {format_date(on)} trước ngày kiểm tra {format_date(inspection.held_on)}."
        )
    before = _snapshot(finding, FOLLOWUP_FIELDS)
    finding.followup, finding.followup_on, finding.followup_note = followup, on, nfc_multiline(note)
    finding.save()
    after = _snapshot(finding, FOLLOWUP_FIELDS)
    if before != after:
        audit.record(actor, "activities.finding.followed_up", finding, before=before, after=after,
                     unit=inspection.unit, extra={"inspection": str(inspection)})
    return finding


# --------------------------------------------------------------------------- title flags


@transaction.atomic
def flag_title_consequence(
    finding: Finding,
    *,
    consequence: str,
    reason: str,
    actor: Any,
    household: Household | None = None,
    year: int | None = None,
) -> TitleFlag:
    """A failed criterion blocks a cultural title this year, or opens a revocation, for the inspected group or
    agency (or a household of the inspected group). Recorded as a TitleFlag, audited, then handed to the
    subscribers of hooks.on_title_flag (the title cycle) in the same transaction."""
    require(actor, Cap.ACTIVITIES_CHANGE, finding.inspection.ward_id, what="ghi hệ quả với danh hiệu")
    finding = Finding.objects.select_related("inspection__ward", "inspection__group", "inspection__agency").get(
        pk=finding.pk
    )
    inspection = finding.inspection
    if not finding.failed:
        raise ActivityError("Cảnh báo danh hiệu: chỉ tiêu chí «Không đạt» mới dẫn đến hệ quả cho danh hiệu.")
    if consequence not in Consequence.values:
        raise ActivityError("Hệ quả: hãy chọn «Không xét danh hiệu năm nay» hoặc «Đề nghị thu hồi danh hiệu».")
    reason = nfc_multiline(reason)
    if not reason:
        raise ActivityError("Lý do: vui lòng ghi rõ lý do (sẽ được chuyển sang hồ sơ xét danh hiệu).")
    year = int(year or inspection.year)
    if not inspection.year - 1 <= year <= inspection.year + 1:
        raise ActivityError(f"Năm danh hiệu: {year} quá xa năm kiểm tra {inspection.year}.")
    subject_kind = inspection.subject_kind
    unit: Unit = inspection.unit
    group, agency = inspection.group, inspection.agency
    if household is not None:
        if inspection.subject_kind != SubjectKind.GROUP or household.group_id != inspection.group_id:
            raise ActivityError(f"Hộ gia đình: hộ {household.head_name} không thuộc tổ dân phố được kiểm tra.")
        subject_kind, unit = SubjectKind.HOUSEHOLD, household.group
    exists = TitleFlag.objects.filter(
        finding=finding, subject_kind=subject_kind, household=household, year=year, consequence=consequence,
        resolved=False,
    )
    if exists.exists():
        raise ActivityError("Cảnh báo danh hiệu: đã có cảnh báo này (chưa giải quyết) cho tiêu chí này.")
    flag = TitleFlag.objects.create(
        ward=inspection.ward,
        unit=unit,
        subject_kind=subject_kind,
        group=group,
        agency=agency if subject_kind == SubjectKind.AGENCY else None,
        household=household,
        year=year,
        consequence=consequence,
        reason=reason,
        inspection=inspection,
        finding=finding,
        created_by_name=actor_name(actor),
    )
    audit.record(actor, "activities.title_flag.created", flag, after=_snapshot(flag, FLAG_FIELDS), unit=unit,
                 extra={"inspection": str(inspection), "finding": str(finding)})
    hooks.notify(hooks.on_title_flag, flag, actor=actor)
    return flag


@transaction.atomic
def resolve_title_flag(flag: TitleFlag, *, actor: Any, note: str, on: date | None = None) -> TitleFlag:
    """Close a flag (the correction was made and the title cycle has taken it into account, or it was a
    mistake), saying how; subscribers of hooks.on_title_flag_resolved are told."""
    require(actor, Cap.ACTIVITIES_CHANGE, flag.ward_id, what="gỡ hệ quả với danh hiệu")
    flag = TitleFlag.objects.select_for_update().get(pk=flag.pk)
    if flag.resolved:
        raise ActivityError("Cảnh báo này đã được giải quyết.")
    note = nfc_multiline(note)
    if not note:
        raise ActivityError("Cách giải quyết: vui lòng ghi rõ.")
    on = on or today()
    check_past(on, "Ngày giải quyết")
    before = _snapshot(flag, FLAG_FIELDS)
    flag.resolved, flag.resolved_on, flag.resolution_note = True, on, note
    flag.resolved_by_name = actor_name(actor)
    flag.save()
    audit.record(actor, "activities.title_flag.resolved", flag, before=before, after=_snapshot(flag, FLAG_FIELDS),
                 unit=flag.unit)
    hooks.notify(hooks.on_title_flag_resolved, flag, actor=actor)
    return flag


def open_title_flags(subject: Unit | Agency | Household, year: int | None = None) -> Any:
    """Unresolved flags about a group, an agency or a household (for the title cycle: a candidacy with an open
    "block" flag for its year should not pass; a "revoke" flag opens a revocation)."""
    if isinstance(subject, Household):
        qs = TitleFlag.objects.filter(subject_kind=SubjectKind.HOUSEHOLD, household=subject)
    elif isinstance(subject, Agency):
        qs = TitleFlag.objects.filter(subject_kind=SubjectKind.AGENCY, agency=subject)
    else:
        qs = TitleFlag.objects.filter(subject_kind=SubjectKind.GROUP, group=subject)
    qs = qs.open()
    return qs.filter(year=year) if year is not None else qs


# --------------------------------------------------------------------------- the 18/11 festival


def _commendations(items: Iterable[Any]) -> list[dict[str, str]]:
    """[{"name": …, "by": …}] from dicts or lines 'Hộ ông Lò Văn Páo – UBND phường'."""
    out = []
    for item in items or []:
        if isinstance(item, dict):
            name, by = nfc(item.get("name", "")), nfc(item.get("by", ""))
        else:
            member = Member.parse(str(item))
            name, by = member.name, member.position
        if name:
            out.append({"name": name, "by": by})
    return out


@transaction.atomic
def record_festival(
    *,
    actor: Any,
    group: Unit,
    year: int,
    held: bool = True,
    held_on: date | None = None,
    place: str = "",
    participants: int | None = None,
    households_attending: int | None = None,
    programme: Iterable[str] = (),
    commendations: Iterable[Any] = (),
    note: str = "",
    files: Sequence[Any] = (),
    activity: Activity | None = None,
) -> Festival:
    """The group's 18/11 festival of `year`, created or corrected (one per group and year), with photos."""
    require(actor, Cap.ACTIVITIES_CHANGE, group, what="ghi Ngày hội Đại đoàn kết")
    if group.kind != UnitKind.GROUP:
        raise ActivityError("Tổ dân phố: hãy chọn một tổ dân phố.")
    year = int(year)
    day = festival_day(year)
    if not group.is_active_on(day):
        raise ActivityError(f"Năm: {group.name} không còn (hoặc chưa có) vào ngày {format_date(day)}.")
    ward = ward_of_group(group, day)
    if ward is None:
        raise ActivityError(f"Tổ dân phố: {group.name} không thuộc xã, phường nào vào năm {year}.")
    if held:
        if held_on is None:
            raise ActivityError("Ngày tổ chức: vui lòng nhập (dd/mm/yyyy).")
        if held_on.year != year:
            raise ActivityError(f"Ngày tổ chức: {format_date(held_on)} không thuộc năm {year}.")
        check_past(held_on, "Ngày tổ chức")
        check_count(participants, "Số người tham gia")
        check_count(households_attending, "Số hộ tham dự")
        if participants is not None and households_attending and households_attending > participants:
            raise ActivityError(
                f"Số hộ tham dự: {households_attending} hộ nhiều hơn {participants} người tham gia – hãy kiểm tra lại."
            )
    else:
        held_on, participants, households_attending = None, None, None
        if files:
            raise ActivityError("Ảnh: Ngày hội chưa tổ chức thì chưa đính kèm ảnh.")
    activity = activity or plan_activity_of(ward, year, ActivityCategory.UNITY_FESTIVAL)
    check_plan_activity(activity, ward, year)
    checked = check_files(list(files), "Ảnh ngày hội")
    festival = Festival.objects.select_for_update().filter(group=group, year=year).first()
    created = festival is None
    if created:
        festival = Festival(ward=ward, group=group, year=year)
    before = None if created else _snapshot(festival, FESTIVAL_FIELDS)
    festival.held, festival.held_on, festival.place = held, held_on, place
    festival.participants, festival.households_attending = participants, households_attending
    festival.programme = clean_lines(programme)
    festival.commendations = _commendations(commendations)
    festival.note = note
    festival.activity = activity
    festival.recorded_by_name = actor_name(actor)
    festival.save()
    after = _snapshot(festival, FESTIVAL_FIELDS)
    if created:
        audit.record(actor, "activities.festival.created", festival, after=after, unit=group)
    elif before != after:
        audit.record(actor, "activities.festival.updated", festival, before=before, after=after, unit=group)
    if checked:
        store_files(ActivityFile, checked, actor=actor, action="activities.file.added", unit=group, ward=ward,
                    year=year, festival=festival, kind=FileKind.PHOTO)
    return festival


# --------------------------------------------------------------------------- training and outreach


def _check_event(event: Event) -> None:
    event.topic = nfc(event.topic)
    event.audience = nfc(event.audience)
    what = event.get_kind_display() if event.kind in EventKind.values else "Buổi"
    if event.kind not in EventKind.values:
        raise ActivityError("Loại: hãy chọn tập huấn hoặc tuyên truyền.")
    if event.form not in EventForm.values:
        raise ActivityError("Hình thức: không hợp lệ.")
    if not event.topic:
        raise ActivityError(f"Chủ đề: vui lòng nhập chủ đề buổi {what.lower()}.")
    if not event.audience:
        raise ActivityError("Đối tượng: ghi rõ ai tham dự (ví dụ: thành viên BCĐ, tổ trưởng tổ dân phố).")
    check_past(event.held_on)
    check_ward(event.ward, event.held_on)
    check_count(event.attendance, "Số người tham dự")
    event.attendees = clean_lines(event.attendees) if event.kind == EventKind.TRAINING else []
    if event.attendees:
        if event.attendance is None:
            event.attendance = len(event.attendees)
        elif event.attendance < len(event.attendees):
            raise ActivityError(
                f"Số người tham dự: {event.attendance} ít hơn danh sách {len(event.attendees)} người đã ghi."
            )
    if event.group_id and event.group_id not in get_graph().covered(event.ward_id):
        raise ActivityError(f"Tại tổ dân phố: {event.group.name} không thuộc {event.ward.name}.")
    event.year = event.held_on.year
    check_plan_activity(event.activity, event.ward, event.year)


@transaction.atomic
def create_event(
    *,
    actor: Any,
    ward: Unit,
    kind: str,
    held_on: date,
    topic: str,
    audience: str,
    form: str = EventForm.CONFERENCE,
    place: str = "",
    group: Unit | None = None,
    attendance: int | None = None,
    attendees: Iterable[str] = (),
    note: str = "",
    files: Sequence[Any] = (),
    activity: Activity | None = None,
) -> Event:
    """A training or outreach session held by the ward, with its materials."""
    require(actor, Cap.ACTIVITIES_CHANGE, ward, what="ghi hoạt động")
    event = Event(ward=ward, kind=kind, held_on=held_on, year=held_on.year, topic=topic, audience=audience, form=form,
                  place=place, group=group, attendance=attendance, attendees=list(attendees), note=note,
                  activity=activity, created_by_name=actor_name(actor))
    if activity is None and kind in EventKind.values:
        event.activity = plan_activity_of(ward, held_on.year, kind)  # categories "training" / "outreach"
    _check_event(event)
    checked = check_files(list(files), "Tài liệu")
    event.save()
    audit.record(actor, "activities.event.created", event, after=_snapshot(event, EVENT_FIELDS), unit=ward)
    store_files(ActivityFile, checked, actor=actor, action="activities.file.added", unit=ward, ward=ward,
                year=event.year, event=event, kind=FileKind.MATERIAL)
    return event


@transaction.atomic
def update_event(event: Event, *, actor: Any, files: Sequence[Any] = (), **fields: Any) -> Event:
    require(actor, Cap.ACTIVITIES_CHANGE, event.ward_id, what="sửa hoạt động")
    event = Event.objects.select_for_update().select_related("ward").get(pk=event.pk)
    before = _snapshot(event, EVENT_FIELDS)
    for key, value in fields.items():
        if key not in EVENT_FIELDS:
            raise ActivityError(f"Không sửa được trường {key}.")
        setattr(event, key, value)
    _check_event(event)
    checked = check_files(list(files), "Tài liệu")
    event.save()
    after = _snapshot(event, EVENT_FIELDS)
    if before != after:
        audit.record(actor, "activities.event.updated", event, before=before, after=after, unit=event.ward)
    store_files(ActivityFile, checked, actor=actor, action="activities.file.added", unit=event.ward,
                ward=event.ward, year=event.year, event=event, kind=FileKind.MATERIAL)
    return event


def next_minutes_number(ward: Unit, year: int) -> int:
    """The next number of the Ban Chỉ đạo's register that year (its minutes share the series with its plans and
    reports: one register per body and year)."""
    return register.next_number(ward, register.BCD, year)


__all__ = [
    "ActivityError",
    "FindingInput",
    "Member",
    "create_event",
    "create_inspection",
    "flag_title_consequence",
    "open_title_flags",
    "record_festival",
    "record_findings",
    "record_followup",
    "resolve_title_flag",
    "update_event",
    "update_inspection",
]
