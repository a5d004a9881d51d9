"""State changes of plans. Each is atomic, checks its rules, raises PlanError with a Vietnamese message, and
writes one audit entry per changed object (copying a plan writes one summary entry on the new plan)."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from vanhoa.accounts.permissions import Cap
from vanhoa.core import audit
from vanhoa.core.actors import actor_name, is_system, require
from vanhoa.core.files import MAX_FILES, UploadError, check_upload, store_uploads
from vanhoa.core.text import format_date, nfc, nfc_multiline
from vanhoa.documents import numbered
from vanhoa.plans import access
from vanhoa.plans.checks import (
    PlanError,
    PlanPermissionError,
    check_ward_year,
    clean_funding,
    clean_plan,
    clean_responsibility,
    clean_target,
)
from vanhoa.plans.choices import (
    DEFAULT_MEMBER_ROLES,
    DEFAULT_ORGANISATIONS,
    ActivityCategory,
    ActivityStatus,
    AttachmentKind,
    OrganisationKind,
    PartyRole,
    Timing,
)
from vanhoa.plans.models import (
    Activity,
    ActivityNote,
    ActivityParty,
    Attachment,
    FundingSource,
    Organisation,
    Plan,
    Responsibility,
    Target,
    today,
)
from vanhoa.units.choices import UnitKind
from vanhoa.units.models import Unit
from vanhoa.units.tree import get_graph
from vanhoa.units.words import words_for

PLAN_FIELDS = [
    "ward",
    "year",
    "issuer_organisation",
    "issuer_parent",
    "issuer",
    "number",
    "symbol",
    "place",
    "issued_on",
    "title",
    "legal_bases",
    "intro",
    "purposes",
    "requirements",
    "closing",
    "recipients",
    "signature_authority",
    "signer_title",
    "signer_name",
]
EDITABLE_PLAN_FIELDS = set(PLAN_FIELDS) - {"ward", "year"}
ACTIVITY_FIELDS = ["order", "content", "category", "timing", "periods", "lead", "coordinating"]
PROGRESS_FIELDS = ["status", "completed_on", "status_changed_by_name"]
ORGANISATION_FIELDS = ["name", "kind", "member_roles", "order", "active"]
TARGET_FIELDS = ["order", "indicator", "label", "prefix", "value", "unit", "denominator", "suffix"]
FUNDING_FIELDS = ["order", "kind", "text", "amount"]
RESPONSIBILITY_FIELDS = ["order", "heading", "organisation", "tasks"]
MOVEMENT = "“TDĐKXDĐSVH”"


def _require_report(actor: Any, activity: Activity) -> None:
    """Progress notes: the plan's editors and the units taking part (plans.access); a system actor with
    Cap.PLANS_CHANGE."""
    if is_system(actor):
        require(actor, Cap.PLANS_CHANGE, activity.plan.ward_id, what="ghi tiến độ")
    elif actor is None or not access.can_report(actor, activity):
        raise PlanPermissionError("Bạn không tham gia hoạt động này nên không ghi tiến độ được.")


def _plan_snapshot(plan: Plan) -> dict[str, Any]:
    snap = audit.snapshot(plan, PLAN_FIELDS)
    snap["year"] = str(plan.year)  # "2026", not a number shown as "2.026"
    return snap


def _user(actor: Any) -> Any:
    return actor if getattr(actor, "pk", None) else None


# --------------------------------------------------------------------------- organisations


@transaction.atomic
def create_organisation(
    *,
    actor: Any,
    ward: Unit,
    name: str,
    kind: str = OrganisationKind.OTHER,
    member_roles: Sequence[str] | None = None,
    order: int | None = None,
    active: bool = True,
) -> Organisation:
    require(actor, Cap.PLANS_CHANGE, ward, what="thêm tổ chức")
    if ward.kind != UnitKind.COMMUNE:
        raise PlanError("Tổ chức phải thuộc một xã, phường.")
    name = nfc(name)
    if not name:
        raise PlanError("Tên tổ chức: vui lòng nhập tên.")
    if Organisation.objects.filter(ward=ward, name=name).exists():
        raise PlanError(f"Tên tổ chức: «{name}» đã có ở {ward.name}.")
    if order is None:
        order = (Organisation.objects.filter(ward=ward).aggregate(m=Max("order"))["m"] or 0) + 1
    org = Organisation.objects.create(
        ward=ward,
        name=name,
        kind=kind,
        member_roles=list(DEFAULT_MEMBER_ROLES.get(kind, []) if member_roles is None else member_roles),
        order=order,
        active=active,
    )
    audit.record(
        actor, "plans.organisation.created", org, after=audit.snapshot(org, ORGANISATION_FIELDS), unit=ward
    )
    return org


@transaction.atomic
def update_organisation(org: Organisation, *, actor: Any, **data: Any) -> Organisation:
    require(actor, Cap.PLANS_CHANGE, org.ward, what="sửa tổ chức")
    org = Organisation.objects.select_for_update().get(pk=org.pk)
    before = audit.snapshot(org, ORGANISATION_FIELDS)
    for key, value in data.items():
        if key not in ORGANISATION_FIELDS:
            raise PlanError(f"Không sửa được trường {key}.")
        setattr(org, key, nfc(value) if key == "name" else value)
    if not org.name:
        raise PlanError("Tên tổ chức: vui lòng nhập tên.")
    if Organisation.objects.filter(ward=org.ward, name=org.name).exclude(pk=org.pk).exists():
        raise PlanError(f"Tên tổ chức: «{org.name}» đã có ở {org.ward.name}.")
    org.save()
    after = audit.snapshot(org, ORGANISATION_FIELDS)
    if before != after:
        audit.record(actor, "plans.organisation.updated", org, before=before, after=after, unit=org.ward)
    return org


@transaction.atomic
def ensure_default_organisations(ward: Unit, *, actor: Any) -> dict[str, Organisation]:
    """The ward's standard bodies, in its words ("Ủy ban MTTQ xã", "Các thôn, bản"), created when missing."""
    require(actor, Cap.PLANS_CHANGE, ward, what="lập danh sách tổ chức")
    out: dict[str, Organisation] = {}
    existing = {o.kind: o for o in Organisation.objects.filter(ward=ward).order_by("order", "pk")}
    for kind, name in [(k, w.localise(n)) for w in [words_for(ward)] for k, n in DEFAULT_ORGANISATIONS]:
        org = existing.get(kind)
        if org is None:
            org = Organisation.objects.filter(ward=ward, name=name).first() or create_organisation(
                actor=actor, ward=ward, name=name, kind=kind
            )
        out[kind] = org
    return out


# --------------------------------------------------------------------------- plan


def ward_name_day(ward: Unit, year: int) -> date:
    """The day whose names a plan of `year` prints: 1 January, or the ward's first day if it began later."""
    day = date(year, 1, 1)
    if ward.valid_from and ward.valid_from > day:
        day = ward.valid_from
    if ward.valid_to and ward.valid_to < day:
        day = ward.valid_to
    return day


def default_texts(ward: Unit, year: int) -> dict[str, Any]:
    """Header, title and standard paragraphs for a new plan, with the ward's names of that year."""
    day = ward_name_day(ward, year)
    short = ward.short_name_on(day)
    label = ward.type_label or "Phường"
    lower = label.lower()
    return {
        "issuer_parent": f"UBND {label.upper()} {short.upper()}",
        "issuer": f"BAN CHỈ ĐẠO PHONG TRÀO\n{MOVEMENT}",
        "symbol": "KH-BCĐ",
        "place": short,
        "title": f"Triển khai thực hiện phong trào {MOVEMENT} trên địa bàn {lower} {short} năm {year}",
        "intro": (
            f"Ban Chỉ đạo phong trào {MOVEMENT} {lower} {short} xây dựng kế hoạch triển khai thực hiện phong trào "
            f"{MOVEMENT} trên địa bàn {label} năm {year} như sau:"
        ),
        "closing": (
            "Trên đây là Kế hoạch triển khai thực hiện phong trào “Toàn dân đoàn kết xây dựng đời sống văn hóa” "
            f"trên địa bàn {lower} {short} năm {year}. Yêu cầu các thành viên BCĐ tổ chức triển khai thực hiện "
            "tốt các nội dung của kế hoạch này./."
        ),
        "recipients": [
            f"BCĐ phong trào {MOVEMENT} cấp trên",
            f"TT Đảng ủy, HĐND, UBND {label}",
            f"Thành viên BCĐ phong trào {MOVEMENT} {label}",
            f"Ban Vận động các {words_for(ward).groups}",
            "Lưu: VT",
        ],
        "signature_authority": ["TM. BAN CHỈ ĐẠO", "TRƯỞNG BAN"],
    }


@transaction.atomic
def create_plan(*, actor: Any, ward: Unit, year: int, **fields: Any) -> Plan:
    """A new plan for the ward and year, pre-filled with the standard texts (names of that year)."""
    require(actor, Cap.PLANS_CHANGE, ward, what="lập kế hoạch")
    year = int(year)
    check_ward_year(ward, year)
    orgs = ensure_default_organisations(ward, actor=actor)
    data = default_texts(ward, year)
    data["issuer_organisation"] = orgs[OrganisationKind.STEERING_COMMITTEE]
    for key, value in fields.items():
        if key not in EDITABLE_PLAN_FIELDS:
            raise PlanError(f"Không có trường {key}.")
        data[key] = value
    plan = Plan(ward=ward, year=year, **data)
    clean_plan(plan)
    plan.save()
    numbered.enter(plan, actor=actor, error=PlanError)
    audit.record(actor, "plans.plan.created", plan, after=_plan_snapshot(plan), unit=ward)
    return plan


@transaction.atomic
def update_plan(plan: Plan, *, actor: Any, **fields: Any) -> Plan:
    require(actor, Cap.PLANS_CHANGE, plan.ward, what="sửa kế hoạch")
    plan = Plan.objects.select_for_update().get(pk=plan.pk)
    before = _plan_snapshot(plan)
    for key, value in fields.items():
        if key not in EDITABLE_PLAN_FIELDS:
            raise PlanError(f"Không sửa được trường {key}.")
        setattr(plan, key, value)
    clean_plan(plan)
    plan.save()
    numbered.enter(plan, actor=actor, error=PlanError)
    after = _plan_snapshot(plan)
    if before != after:
        audit.record(actor, "plans.plan.updated", plan, before=before, after=after, unit=plan.ward)
    return plan


# --------------------------------------------------------------------------- activities


@dataclass(frozen=True)
class Party:
    """A lead or coordinating unit as given to the services: the printed label, and what it links to."""

    label: str
    organisation: Organisation | None = None
    unit: Unit | None = None

    @classmethod
    def of(cls, item: Party | Organisation | Unit | str) -> Party:
        if isinstance(item, Party):
            return item
        if isinstance(item, Organisation):
            return cls(item.name, organisation=item)
        if isinstance(item, Unit):
            return cls(item.name, unit=item)
        return cls(nfc(str(item)))


def _clean_periods(timing: str, periods: Iterable[Any] | None) -> list[int]:
    if timing not in Timing.values:
        raise PlanError("Thời gian: hãy chọn theo tháng, theo quý hoặc cả năm.")
    if timing == Timing.YEAR:
        return []
    try:
        values = sorted({int(p) for p in periods or []})
    except (TypeError, ValueError) as exc:
        raise PlanError("Thời gian: tháng, quý phải là số.") from exc
    top, what = (12, "tháng") if timing == Timing.MONTHS else (4, "quý")
    if not values:
        raise PlanError(f"Thời gian: hãy chọn ít nhất một {what}.")
    bad = [v for v in values if not 1 <= v <= top]
    if bad:
        raise PlanError(f"Thời gian: {what} {bad[0]} không hợp lệ (từ 1 đến {top}).")
    return values


def _set_parties(activity: Activity, role: str, items: Sequence[Any]) -> None:
    old = {(p.organisation_id, p.unit_id): p.label for p in activity.parties_of(role) if p.organisation_id or p.unit_id}
    activity.parties.filter(role=role).delete()
    seen: set[tuple[Any, ...]] = set()
    for pos, item in enumerate(items):
        party = Party.of(item)
        org, unit = party.organisation, party.unit
        if org is not None and org.ward_id != activity.plan.ward_id:
            raise PlanError(f"{PartyRole(role).label}: «{org.name}» không thuộc {activity.plan.ward.name}.")
        if unit is not None and unit.kind != UnitKind.GROUP:
            words = words_for(activity.plan.ward)
            raise PlanError(f"{words.localise(PartyRole(role).label)}: «{unit.name}» không phải {words.groups}.")
        key = (org.pk if org else None, unit.pk if unit else None, None if (org or unit) else party.label)
        if key in seen:
            continue
        seen.add(key)
        # Keep the printed wording an earlier version used for the same organisation or group.
        label = old.get(key[:2]) if (org or unit) else None
        label = nfc(label or party.label)
        if not label:
            continue
        ActivityParty.objects.create(
            activity=activity, role=role, position=pos, label=label, organisation=org, unit=unit
        )


def _activity_snapshot(activity: Activity) -> dict[str, Any]:
    snap = audit.snapshot(activity, ["order", "content", "category", "timing", "periods"])
    parties = list(activity.parties.all().order_by("role", "position"))
    snap["lead"] = [p.label for p in parties if p.role == PartyRole.LEAD]
    snap["coordinating"] = [p.label for p in parties if p.role == PartyRole.COORDINATE]
    return snap


def _check_activity(activity: Activity) -> None:
    activity.content = nfc_multiline(activity.content)
    if not activity.content:
        raise PlanError("Nội dung: vui lòng nhập nội dung hoạt động.")
    if activity.category not in ActivityCategory.values:
        raise PlanError("Loại hoạt động: không hợp lệ.")
    activity.periods = _clean_periods(activity.timing, activity.periods)


@transaction.atomic
def create_activity(
    plan: Plan,
    *,
    actor: Any,
    content: str,
    lead: Sequence[Any],
    coordinating: Sequence[Any] = (),
    timing: str = Timing.MONTHS,
    periods: Iterable[int] | None = None,
    category: str = ActivityCategory.OTHER,
    order: int | None = None,
) -> Activity:
    require(actor, Cap.PLANS_CHANGE, plan.ward, what="thêm hoạt động")
    if not [p for p in lead if Party.of(p).label]:
        raise PlanError("Đơn vị chủ trì: hãy chọn hoặc ghi ít nhất một đơn vị.")
    if order is None:
        order = (plan.activities.aggregate(m=Max("order"))["m"] or 0) + 1
    activity = Activity(
        plan=plan, content=content, timing=timing, periods=list(periods or []), category=category, order=order
    )
    _check_activity(activity)
    activity.save()
    _set_parties(activity, PartyRole.LEAD, lead)
    _set_parties(activity, PartyRole.COORDINATE, coordinating)
    audit.record(actor, "plans.activity.created", activity, after=_activity_snapshot(activity), unit=plan.ward)
    return activity


@transaction.atomic
def update_activity(
    activity: Activity,
    *,
    actor: Any,
    lead: Sequence[Any] | None = None,
    coordinating: Sequence[Any] | None = None,
    **fields: Any,
) -> Activity:
    require(actor, Cap.PLANS_CHANGE, activity.plan.ward, what="sửa hoạt động")
    activity = Activity.objects.select_for_update().select_related("plan__ward").get(pk=activity.pk)
    before = _activity_snapshot(activity)
    for key, value in fields.items():
        if key not in ("order", "content", "category", "timing", "periods"):
            raise PlanError(f"Không sửa được trường {key}.")
        setattr(activity, key, value)
    _check_activity(activity)
    if lead is not None and not [p for p in lead if Party.of(p).label]:
        raise PlanError("Đơn vị chủ trì: hãy chọn hoặc ghi ít nhất một đơn vị.")
    activity.save()
    if lead is not None:
        _set_parties(activity, PartyRole.LEAD, lead)
    if coordinating is not None:
        _set_parties(activity, PartyRole.COORDINATE, coordinating)
    after = _activity_snapshot(activity)
    if before != after:
        audit.record(actor, "plans.activity.updated", activity, before=before, after=after, unit=activity.plan.ward)
    return activity


@transaction.atomic
def delete_activity(activity: Activity, *, actor: Any) -> None:
    require(actor, Cap.PLANS_CHANGE, activity.plan.ward, what="xóa hoạt động")
    activity = Activity.objects.select_related("plan__ward").get(pk=activity.pk)
    before = _activity_snapshot(activity)
    files = [a.file.name for a in activity.attachments.all()]
    audit.record(actor, "plans.activity.deleted", activity, before=before, unit=activity.plan.ward)
    activity.delete()
    if files:
        storage = Attachment._meta.get_field("file").storage
        transaction.on_commit(lambda: [storage.delete(name) for name in files])


# --------------------------------------------------------------------------- progress


def _check_progress(
    activity: Activity, user: Any, status: str | None, changing: bool, note: str, on: date, files: list[Any],
    kind: str,
) -> list[tuple[Any, str, str]]:  # fmt: skip
    """The rules of a progress report; returns the checked files (file, original name, content type)."""
    if on > today():
        raise PlanError(f"Ngày: {format_date(on)} là ngày trong tương lai.")
    if on.year < activity.plan.year:
        raise PlanError(f"Ngày: {format_date(on)} trước năm {activity.plan.year} của kế hoạch.")
    if status is not None and status not in ActivityStatus.values:
        raise PlanError("Trạng thái: không hợp lệ.")
    if not changing and not note and not files:
        raise PlanError("Chưa có gì để cập nhật: hãy chọn trạng thái mới, ghi tiến độ hoặc đính kèm tệp.")
    if kind not in AttachmentKind.values:
        raise PlanError("Loại tệp: không hợp lệ.")
    if len(files) > MAX_FILES:
        raise PlanError(f"Tệp đính kèm: mỗi lần gửi tối đa {MAX_FILES} tệp (đã chọn {len(files)}).")
    if user is not None:
        if changing and not access.can_set_status(user, activity):
            raise PlanPermissionError("Chỉ đơn vị chủ trì hoặc người phụ trách kế hoạch được đổi trạng thái.")
        if not access.can_report(user, activity):
            raise PlanPermissionError("Bạn không tham gia hoạt động này nên không ghi tiến độ được.")
    checked = []
    for f in files:
        try:
            checked.append((f, *check_upload(f)))
        except UploadError as exc:
            raise PlanError(f"Tệp đính kèm: {exc}") from exc
    return checked


@transaction.atomic
def report_progress(
    activity: Activity,
    *,
    actor: Any,
    status: str | None = None,
    note: str = "",
    on: date | None = None,
    files: Sequence[Any] = (),
    kind: str = AttachmentKind.PHOTO,
) -> ActivityNote:
    """Record how an activity is going: a new status (the lead units or plan editors), a dated note and
    attachments (also the coordinating units). Writes the note, then the files; if anything fails nothing
    stays behind (rows rolled back, files removed)."""
    _require_report(actor, activity)
    activity = Activity.objects.select_for_update().select_related("plan__ward").get(pk=activity.pk)
    user = _user(actor)
    on = on or today()
    note = nfc_multiline(note)
    changing = status is not None and status != activity.status
    checked = _check_progress(activity, user, status, changing, note, on, list(files or []), kind)
    name = actor_name(actor)
    before = audit.snapshot(activity, PROGRESS_FIELDS)
    old_status = activity.status
    if changing:
        activity.status = status
        activity.completed_on = on if status == ActivityStatus.DONE else None
        activity.status_changed_by = user
        activity.status_changed_by_name = name
        activity.status_changed_at = timezone.now()
        activity.save()
        audit.record(
            actor,
            "plans.activity.status_changed",
            activity,
            before=before,
            after=audit.snapshot(activity, PROGRESS_FIELDS),
            unit=activity.plan.ward,
        )
    entry = ActivityNote.objects.create(
        activity=activity,
        on=on,
        text=note,
        author=user,
        author_name=name,
        status_before=old_status if changing else "",
        status_after=status if changing else "",
    )
    audit.record(
        actor,
        "plans.activity_note.created",
        entry,
        after={"activity": str(activity), "on": on.isoformat(), "text": note, "status": entry.status_change_text},
        unit=activity.plan.ward,
    )
    def make_row(f: Any, original: str, content_type: str) -> Attachment:
        return Attachment(activity=activity, note=entry, kind=kind, uploaded_by=user, uploaded_by_name=name)

    def record(att: Any, f: Any, original: str) -> None:
        after = {"activity": str(activity), "file": original, "size": f.size, "kind": kind}
        audit.record(actor, "plans.attachment.created", att, after=after, unit=activity.plan.ward)

    store_uploads(checked, make_row, record)
    return entry


@transaction.atomic
def delete_attachment(attachment: Attachment, *, actor: Any) -> None:
    require(actor, Cap.PLANS_CHANGE, attachment.activity.plan.ward, what="xóa tệp đính kèm")
    attachment = Attachment.objects.select_related("activity__plan__ward").get(pk=attachment.pk)
    name = attachment.file.name
    audit.record(
        actor,
        "plans.attachment.deleted",
        attachment,
        before={"activity": str(attachment.activity), "file": attachment.original_name, "size": attachment.size},
        unit=attachment.activity.plan.ward,
    )
    attachment.delete()
    storage = Attachment._meta.get_field("file").storage
    transaction.on_commit(lambda: storage.delete(name))


# --------------------------------------------------------------------------- targets, funding, responsibilities


PARTS = {
    "targets": (Target, TARGET_FIELDS, clean_target, "Chỉ tiêu", "plans.target"),
    "funding_sources": (FundingSource, FUNDING_FIELDS, clean_funding, "Kinh phí", "plans.funding"),
    "responsibilities": (
        Responsibility,
        RESPONSIBILITY_FIELDS,
        clean_responsibility,
        "Tổ chức thực hiện",
        "plans.responsibility",
    ),
}


@transaction.atomic
def save_parts(plan: Plan, part: str, rows: Sequence[dict[str, Any]], *, actor: Any) -> list[Any]:
    """Save the rows of section III (targets), IV (funding sources) or V (responsibilities) in the order
    given. A row with "id" updates that item (or deletes it with "delete": True); a row without creates one.
    Items not mentioned are kept. Returns the plan's items after saving."""
    require(actor, Cap.PLANS_CHANGE, plan.ward, what="sửa kế hoạch")
    model, fields, clean, title, action = PARTS[part]
    existing = {o.pk: o for o in model.objects.select_for_update().filter(plan=plan)}
    order = 0
    for n, row in enumerate(rows, start=1):
        where = f"{title} dòng {n}"
        pk = row.get("id")
        obj = existing.get(int(pk)) if pk else None
        if pk and obj is None:
            raise PlanError(f"{where}: không tìm thấy mục cần sửa (có thể đã bị xóa).")
        if row.get("delete"):
            if obj is not None:
                audit.record(actor, f"{action}.deleted", obj, before=audit.snapshot(obj, fields), unit=plan.ward)
                obj.delete()
            continue
        before = audit.snapshot(obj, fields) if obj is not None else None
        if obj is None:
            obj = model(plan=plan)
        for key in fields:
            if key == "order":
                continue
            if key in row:
                setattr(obj, key, row[key])
        order += 1
        obj.order = order
        obj.normalise_text()
        clean(obj, where)
        obj.save()
        after = audit.snapshot(obj, fields)
        if before is None:
            audit.record(actor, f"{action}.created", obj, after=after, unit=plan.ward)
        elif before != after:
            audit.record(actor, f"{action}.updated", obj, before=before, after=after, unit=plan.ward)
    return list(model.objects.filter(plan=plan))


# --------------------------------------------------------------------------- copying a plan


def _shift_year(d: date | None, years: int) -> date | None:
    if d is None:
        return None
    try:
        return d.replace(year=d.year + years)
    except ValueError:  # 29 February
        return d.replace(year=d.year + years, day=28)


def successor_ward(ward: Unit, year: int) -> Unit:
    """The ward a plan of `ward` continues under in `year`: itself while it exists, else its successor."""
    if ward.valid_to is None or ward.valid_to >= date(year, 1, 1):
        return ward
    graph = get_graph()
    ids = graph.current(ward.pk) - {ward.pk}
    found = list(Unit.objects.filter(pk__in=ids, kind=UnitKind.COMMUNE).order_by("pk"))
    if not found:
        raise PlanError(f"{ward.name} không còn từ {format_date(ward.valid_to)} và chưa có đơn vị kế tục.")
    return found[0]


class _PlanCopier:
    """Carries one plan into a year (and maybe a successor ward): texts naming the year and the ward are rewritten,
    organisations and units are mapped to those of the new ward and year."""

    def __init__(self, plan: Plan, ward: Unit, year: int, actor: Any) -> None:
        self.source, self.ward, self.year, self.actor = plan, ward, year, actor
        self.orgs = ensure_default_organisations(ward, actor=actor)
        self.old_place = plan.place
        self.new_place = default_texts(ward, year)["place"] if ward.pk != plan.ward_id else plan.place
        self.year_re = re.compile(rf"(?<!\d){plan.year}(?!\d)")

    def rewrite(self, text: str) -> str:
        text = self.year_re.sub(str(self.year), text or "")
        old, new = self.old_place, self.new_place
        if old and new != old:
            text = text.replace(old, new).replace(old.upper(), new.upper())
        return text

    def org(self, org: Organisation | None) -> Organisation | None:
        if org is None or org.ward_id == self.ward.pk:
            return org
        if org.kind in self.orgs:
            return self.orgs[org.kind]
        found = Organisation.objects.filter(ward=self.ward, name=org.name).first()
        return found or create_organisation(
            actor=self.actor, ward=self.ward, name=org.name, kind=org.kind, member_roles=org.member_roles
        )

    def unit(self, unit: Unit | None) -> Unit | None:
        if unit is None or (unit.valid_to and unit.valid_to < date(self.year, 1, 1)):
            return None
        return unit

    def plan(self) -> Plan:
        plan, rewrite = self.source, self.rewrite
        new = Plan(
            ward=self.ward,
            year=self.year,
            issuer_organisation=self.org(plan.issuer_organisation),
            issuer_parent=rewrite(plan.issuer_parent),
            issuer=plan.issuer,
            number="",
            symbol=plan.symbol,
            place=self.new_place,
            issued_on=_shift_year(plan.issued_on, self.year - plan.year),
            title=rewrite(plan.title),
            legal_bases=list(plan.legal_bases),
            intro=rewrite(plan.intro),
            purposes=[rewrite(t) for t in plan.purposes],
            requirements=[rewrite(t) for t in plan.requirements],
            closing=rewrite(plan.closing),
            recipients=[rewrite(t) for t in plan.recipients],
            signature_authority=list(plan.signature_authority),
            signer_title=plan.signer_title,
            signer_name=plan.signer_name,
            copied_from=plan,
        )
        clean_plan(new)
        new.save()
        return new

    def activities(self, new: Plan) -> int:
        """The activities with their lead and coordinating units; returns how many."""
        n = 0
        for a in self.source.activities.prefetch_related("parties__organisation", "parties__unit").order_by(
            "order", "pk"
        ):
            copy = Activity.objects.create(
                plan=new, order=a.order, content=self.rewrite(a.content), category=a.category, timing=a.timing,
                periods=list(a.periods),
            )  # fmt: skip
            ActivityParty.objects.bulk_create(
                ActivityParty(activity=copy, role=p.role, position=p.position, label=self.rewrite(p.label),
                              organisation=self.org(p.organisation), unit=self.unit(p.unit))  # fmt: skip
                for p in a.parties.all()
            )
            n += 1
        return n

    def parts(self, new: Plan) -> None:
        """Targets, funding and responsibilities."""
        plan, rewrite = self.source, self.rewrite
        Target.objects.bulk_create(
            Target(plan=new, **{f: getattr(t, f) for f in TARGET_FIELDS}) for t in plan.targets.all()
        )
        FundingSource.objects.bulk_create(
            FundingSource(plan=new, order=f.order, kind=f.kind, text=rewrite(f.text), amount=f.amount)
            for f in plan.funding_sources.all()
        )
        for r in plan.responsibilities.select_related("organisation"):
            Responsibility.objects.create(
                plan=new, order=r.order, heading=rewrite(r.heading), organisation=self.org(r.organisation),
                tasks=[rewrite(t) for t in r.tasks],
            )  # fmt: skip


@transaction.atomic
def copy_plan(plan: Plan, *, actor: Any, year: int | None = None, ward: Unit | None = None) -> Plan:
    """Start next year's plan from this one: activities (with their lead and coordinating units and months),
    targets, funding and responsibilities are carried over; statuses, notes and files are not; the number is
    cleared and the date moves on by the same number of years. Texts naming the year (and the ward, when the
    plan moves to a successor ward) are updated. Legal bases are kept as they were: they must be re-cited."""
    require(actor, Cap.PLANS_VIEW, plan.ward, what="sao chép kế hoạch")
    require(actor, Cap.PLANS_CHANGE, ward if ward is not None else plan.ward, what="lập kế hoạch")
    plan = Plan.objects.select_related("ward", "issuer_organisation").get(pk=plan.pk)
    year = int(year or plan.year + 1)
    if year <= plan.year:
        raise PlanError(f"Năm: kế hoạch mới phải sau năm {plan.year}.")
    ward = ward or successor_ward(plan.ward, year)
    check_ward_year(ward, year)
    copier = _PlanCopier(plan, ward, year, actor)
    new = copier.plan()
    n_activities = copier.activities(new)
    copier.parts(new)
    audit.record(
        actor,
        "plans.plan.copied",
        new,
        after=_plan_snapshot(new),
        unit=ward,
        extra={
            "from": str(plan),
            "from_id": plan.pk,
            "activities": n_activities,
            "targets": plan.targets.count(),
            "funding_sources": plan.funding_sources.count(),
            "responsibilities": plan.responsibilities.count(),
        },
    )
    return new
