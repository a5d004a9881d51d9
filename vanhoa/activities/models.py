"""What the ward does to carry the plan out, as records of their own (not free-text notes on the plan):

* inspections (kiểm tra, giám sát) of a residential group or an agency, with a checklist, findings per
  criterion, required corrections and their follow-up, and the consequences a finding has on a cultural title;
* the 18/11 National Great Unity festival (Ngày hội Đại đoàn kết toàn dân tộc) of each residential group;
* training sessions (tập huấn) and outreach sessions (tuyên truyền);
* the money: budget allocations (ngân sách), socialised contributions (xã hội hóa) and expenses with vouchers.

Every record carries its ward (the commune of the time: a 2020 record points at phường Quyết Tiến) and, when
it is about a residential group, the group. Scoping is one indexed filter on `unit` (the group for group
records, the ward otherwise) or on `ward`/`group` where that is the same thing. Each record may fulfil an
activity of the annual plan (`activity`, nullable).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.conf import settings
from django.db import models

from vanhoa.accounts.scoping import ScopedQuerySet
from vanhoa.activities.choices import (
    Consequence,
    ContributionForm,
    DonorKind,
    EventForm,
    EventKind,
    FileKind,
    FindingResult,
    FollowUp,
    InspectionStatus,
    MoneySource,
    SubjectKind,
)
from vanhoa.core import clock
from vanhoa.core.files import StoredFile, generated_path
from vanhoa.core.models import NormalisedModel
from vanhoa.core.text import format_number, name_key, text_key

ANONYMOUS_DONOR = "Nhà hảo tâm (ẩn danh)"


def today() -> date:
    """Today: the one clock (vanhoa.core.clock; tests patch it, or django.utils.timezone.localdate)."""
    return clock.today()


def _ward_fk() -> models.ForeignKey:
    return models.ForeignKey("units.Unit", verbose_name="xã, phường", on_delete=models.PROTECT, related_name="+")


def _activity_fk() -> models.ForeignKey:
    return models.ForeignKey(
        "plans.Activity",
        verbose_name="thực hiện hoạt động của kế hoạch",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )


class UnitScoped(ScopedQuerySet):
    scope_field = "unit"
    year_field = "year"  # dated records: a viewer of an ended unit sees them up to its last day (#21 F12)


class WardScoped(ScopedQuerySet):
    scope_field = "ward"
    year_field = "year"


class InspectionQuerySet(UnitScoped):
    date_field = "planned_on"


class EventQuerySet(WardScoped):
    date_field = "held_on"


# --------------------------------------------------------------------------- checklists


class ChecklistTemplate(NormalisedModel):
    """A hand-made list of criteria to inspect against, offered besides the title criteria sets in force on the
    inspection date (vanhoa.activities.checklists, vanhoa.titles.checklists). Reference data, the same for every
    ward; like the rule sets it applies only between its dates, so an inspection never cites a text that was not
    in force on its day."""

    code = models.SlugField("mã", max_length=60, unique=True)
    title = models.CharField("tên", max_length=255)
    subject_kind = models.CharField("đối tượng kiểm tra", max_length=16, choices=SubjectKind.choices)
    legal_basis = models.CharField("căn cứ", max_length=255, blank=True)
    valid_from = models.DateField("áp dụng từ ngày", null=True, blank=True, help_text="Ngày căn cứ có hiệu lực")
    valid_to = models.DateField("áp dụng đến ngày", null=True, blank=True)
    order = models.PositiveSmallIntegerField("thứ tự", default=0)
    active = models.BooleanField("đang dùng", default=True)

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = "mẫu danh mục kiểm tra"
        verbose_name_plural = "mẫu danh mục kiểm tra"

    def __str__(self) -> str:
        return self.title

    def in_force_on(self, day: date) -> bool:
        return (self.valid_from is None or self.valid_from <= day) and (self.valid_to is None or day <= self.valid_to)

    def in_force_during(self, year: int) -> bool:
        return (self.valid_from is None or self.valid_from.year <= year) and (
            self.valid_to is None or self.valid_to.year >= year
        )

    def validity_text(self) -> str:
        parts = []
        if self.valid_from:
            parts.append(f"từ ngày {self.valid_from:%d/%m/%Y}")
        if self.valid_to:
            parts.append(f"đến ngày {self.valid_to:%d/%m/%Y}")
        return "áp dụng " + " ".join(parts) if parts else "không giới hạn thời gian"


class ChecklistItem(models.Model):
    """One criterion of a checklist: its code ("I", "2.3"), the text and where it comes from."""

    template = models.ForeignKey(ChecklistTemplate, on_delete=models.CASCADE, related_name="items")
    order = models.PositiveSmallIntegerField("thứ tự", default=0)
    code = models.CharField("mã tiêu chí", max_length=20)
    text = models.TextField("nội dung")
    source = models.CharField("nguồn", max_length=255, blank=True)

    class Meta:
        ordering = ["template", "order", "pk"]
        verbose_name = "tiêu chí kiểm tra"
        verbose_name_plural = "tiêu chí kiểm tra"

    def __str__(self) -> str:
        return f"{self.code}. {self.text[:60]}"


# --------------------------------------------------------------------------- inspections


class Inspection(NormalisedModel):
    """An inspection (kiểm tra, giám sát) of a residential group or an agency by a team of the ward: planned
    for a date, then held; its checklist is copied into findings when it is planned, so later changes to a
    criteria set do not rewrite what was inspected."""

    ward = _ward_fk()
    unit = models.ForeignKey(
        "units.Unit",
        verbose_name="đơn vị (phạm vi)",
        on_delete=models.PROTECT,
        related_name="+",
        help_text="Tổ dân phố được kiểm tra, hoặc xã, phường khi kiểm tra cơ quan.",
    )
    subject_kind = models.CharField("đối tượng", max_length=16, choices=SubjectKind.choices)
    group = models.ForeignKey(
        "units.Unit", verbose_name="tổ dân phố", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    agency = models.ForeignKey(
        "registry.Agency",
        verbose_name="cơ quan, đơn vị",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    year = models.PositiveSmallIntegerField("năm", db_index=True)
    planned_on = models.DateField("ngày kiểm tra (dự kiến)")
    held_on = models.DateField("ngày kiểm tra", null=True, blank=True)
    status = models.CharField(
        "trạng thái", max_length=16, choices=InspectionStatus.choices, default=InspectionStatus.PLANNED
    )
    place = models.CharField("địa điểm", max_length=255, blank=True)
    subject = models.TextField("nội dung kiểm tra")
    checklist_source = models.CharField("nguồn danh mục", max_length=40, blank=True)
    checklist_ref = models.CharField("mã danh mục", max_length=80, blank=True)
    checklist_title = models.CharField("danh mục tiêu chí", max_length=255, blank=True)
    checklist_basis = models.CharField("căn cứ của danh mục", max_length=400, blank=True)
    representative_name = models.CharField("đại diện đơn vị được kiểm tra", max_length=120, blank=True)
    representative_position = models.CharField("chức vụ người đại diện", max_length=120, blank=True)
    conclusion = models.TextField("kết luận", blank=True)
    number = models.CharField("số biên bản", max_length=20, blank=True)
    activity = _activity_fk()
    created_by_name = models.CharField("người lập", max_length=150, blank=True)

    objects = InspectionQuerySet.as_manager()
    # what the edit page changes (core.versioning); the team is added by version_values
    version_fields = ("planned_on", "subject", "place", "representative_name", "representative_position", "activity")

    class Meta:
        ordering = ["-year", "planned_on", "pk"]
        verbose_name = "cuộc kiểm tra"
        verbose_name_plural = "cuộc kiểm tra"
        indexes = [models.Index(fields=["ward", "year"])]

    def __str__(self) -> str:
        return f"Kiểm tra {self.subject_name} ngày {self.date:%d/%m/%Y}"

    def version_values(self) -> dict[str, Any]:
        from vanhoa.core.versioning import field_values

        return {**field_values(self, self.version_fields), "members": [str(m) for m in self.members.all()]}

    @property
    def date(self) -> date:
        return self.held_on or self.planned_on

    @property
    def subject_name(self) -> str:
        if self.subject_kind == SubjectKind.AGENCY and self.agency_id:
            return self.agency.name
        if self.group_id:
            return self.group.name_on(self.date)
        return ""

    @property
    def is_done(self) -> bool:
        return self.status == InspectionStatus.DONE

    def is_late(self, on: date | None = None) -> bool:
        """Planned, not held, and the planned day is past."""
        return not self.is_done and (on or today()) > self.planned_on

    @property
    def leader(self) -> InspectionMember | None:
        members = list(self.members.all())
        return members[0] if members else None


class InspectionMember(models.Model):
    """A member of the inspection team; the first one leads it (Trưởng đoàn). Linked to a user when the
    member has an account, but the printed name and position are kept as written."""

    inspection = models.ForeignKey(Inspection, on_delete=models.CASCADE, related_name="members")
    order = models.PositiveSmallIntegerField("thứ tự", default=0)
    name = models.CharField("họ và tên", max_length=120)
    position = models.CharField("chức vụ", max_length=200, blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="tài khoản",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        ordering = ["inspection", "order", "pk"]
        verbose_name = "thành viên đoàn kiểm tra"
        verbose_name_plural = "thành viên đoàn kiểm tra"

    def __str__(self) -> str:
        return f"{self.name} – {self.position}" if self.position else self.name


class FindingQuerySet(ScopedQuerySet):
    scope_field = "inspection__unit"
    date_field = "inspection__planned_on"


class Finding(NormalisedModel):
    """The result of one criterion at an inspection (đạt / không đạt / không áp dụng), with a note and
    evidence files; for a failed criterion, the correction required, its deadline and the follow-up."""

    inspection = models.ForeignKey(Inspection, on_delete=models.CASCADE, related_name="findings")
    order = models.PositiveSmallIntegerField("thứ tự", default=0)
    code = models.CharField("mã tiêu chí", max_length=20, blank=True)
    text = models.TextField("tiêu chí")
    source = models.CharField("nguồn", max_length=255, blank=True)
    result = models.CharField("kết quả", max_length=8, choices=FindingResult.choices, blank=True)
    note = models.TextField("nhận xét", blank=True)
    correction = models.TextField("yêu cầu khắc phục", blank=True)
    deadline = models.DateField("thời hạn khắc phục", null=True, blank=True)
    followup = models.CharField("kết quả khắc phục", max_length=12, choices=FollowUp.choices, blank=True)
    followup_on = models.DateField("ngày kiểm tra lại", null=True, blank=True)
    followup_note = models.TextField("ghi chú kiểm tra lại", blank=True)

    objects = FindingQuerySet.as_manager()

    class Meta:
        ordering = ["inspection", "order", "pk"]
        verbose_name = "kết quả theo tiêu chí"
        verbose_name_plural = "kết quả theo tiêu chí"

    def __str__(self) -> str:
        label = f"{self.code}. " if self.code else ""
        text = self.text if len(self.text) <= 70 else self.text[:67] + "…"
        return f"{label}{text}"

    @property
    def failed(self) -> bool:
        return self.result == FindingResult.FAIL

    @property
    def is_open(self) -> bool:
        """A failed criterion not (yet) put right."""
        return self.failed and self.followup != FollowUp.DONE

    def is_overdue(self, on: date | None = None) -> bool:
        return bool(self.correction) and self.deadline is not None and self.is_open and (on or today()) > self.deadline


class TitleFlagQuerySet(ScopedQuerySet):
    scope_field = "unit"
    year_field = "year"

    def open(self) -> TitleFlagQuerySet:
        return self.filter(resolved=False)


class TitleFlag(NormalisedModel):
    """What an inspection finding means for a cultural title: the subject (a group, an agency or a household)
    may not be awarded the title this year ("block"), or its title should be revoked ("revoke"). The titles
    app subscribes to vanhoa.activities.hooks.on_title_flag and acts on it in the title cycle."""

    ward = _ward_fk()
    unit = models.ForeignKey("units.Unit", verbose_name="đơn vị (phạm vi)", on_delete=models.PROTECT, related_name="+")
    subject_kind = models.CharField("đối tượng", max_length=16, choices=SubjectKind.choices)
    group = models.ForeignKey(
        "units.Unit", verbose_name="tổ dân phố", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    agency = models.ForeignKey(
        "registry.Agency",
        verbose_name="cơ quan, đơn vị",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    household = models.ForeignKey(
        "registry.Household",
        verbose_name="hộ gia đình",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    year = models.PositiveSmallIntegerField("năm danh hiệu", db_index=True)
    consequence = models.CharField("hệ quả", max_length=8, choices=Consequence.choices)
    reason = models.TextField("lý do")
    inspection = models.ForeignKey(Inspection, on_delete=models.PROTECT, related_name="title_flags")
    finding = models.ForeignKey(Finding, on_delete=models.PROTECT, related_name="title_flags")
    resolved = models.BooleanField("đã giải quyết", default=False)
    resolved_on = models.DateField("ngày giải quyết", null=True, blank=True)
    resolution_note = models.TextField("cách giải quyết", blank=True)
    resolved_by_name = models.CharField("người giải quyết", max_length=150, blank=True)
    created_by_name = models.CharField("người ghi", max_length=150, blank=True)

    objects = TitleFlagQuerySet.as_manager()

    class Meta:
        ordering = ["resolved", "-year", "-pk"]
        verbose_name = "cảnh báo danh hiệu"
        verbose_name_plural = "cảnh báo danh hiệu"

    def __str__(self) -> str:
        return f"{self.get_consequence_display()}: {self.subject_name} ({self.year})"

    @property
    def subject(self) -> Any:
        return {SubjectKind.GROUP: self.group, SubjectKind.AGENCY: self.agency, SubjectKind.HOUSEHOLD: self.household}[
            self.subject_kind
        ]

    @property
    def subject_name(self) -> str:
        if self.subject_kind == SubjectKind.HOUSEHOLD and self.household_id:
            return f"Hộ {self.household.head_name} ({self.household.code})"
        if self.subject_kind == SubjectKind.AGENCY and self.agency_id:
            return self.agency.name
        return self.group.name if self.group_id else ""


# --------------------------------------------------------------------------- the 18/11 festival


class FestivalQuerySet(ScopedQuerySet):
    scope_field = "group"
    date_field = "held_on"
    year_field = "year"


class Festival(NormalisedModel):
    """The National Great Unity Day festival (Ngày hội Đại đoàn kết toàn dân tộc, around 18/11) of one
    residential group in one year: held or not, when and where, who came, what was done, who was commended.
    Its money is in the funding records linked to it: contributions given for it (xã hội hóa) and expenses paid
    for it (from the budget: the ward's support; from xã hội hóa); photos are files."""

    ward = _ward_fk()
    group = models.ForeignKey("units.Unit", verbose_name="tổ dân phố", on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField("năm", db_index=True)
    held = models.BooleanField("đã tổ chức", default=True)
    held_on = models.DateField("ngày tổ chức", null=True, blank=True)
    place = models.CharField("địa điểm", max_length=255, blank=True)
    participants = models.PositiveIntegerField("số người tham gia", null=True, blank=True)
    households_attending = models.PositiveIntegerField("số hộ tham dự", null=True, blank=True)
    programme = models.JSONField("các hoạt động", default=list, blank=True)
    commendations = models.JSONField("khen thưởng tại ngày hội", default=list, blank=True)
    note = models.TextField("ghi chú", blank=True)
    activity = _activity_fk()
    recorded_by_name = models.CharField("người ghi", max_length=150, blank=True)

    objects = FestivalQuerySet.as_manager()
    version_fields = ("held", "held_on", "place", "participants", "households_attending", "programme",
                      "commendations", "note", "activity")  # what the record page changes (core.versioning)

    class Meta:
        ordering = ["-year", "group__order", "pk"]
        verbose_name = "Ngày hội Đại đoàn kết"
        verbose_name_plural = "Ngày hội Đại đoàn kết"
        constraints = [models.UniqueConstraint(fields=["group", "year"], name="activities_one_festival_a_year")]

    def __str__(self) -> str:
        return f"Ngày hội Đại đoàn kết {self.year} – {self.group.name if self.group_id else ''}"


# --------------------------------------------------------------------------- training and outreach


class Event(NormalisedModel):
    """A training session (tập huấn) or an outreach session (tuyên truyền) of the ward."""

    ward = _ward_fk()
    kind = models.CharField("loại", max_length=16, choices=EventKind.choices)
    year = models.PositiveSmallIntegerField("năm", db_index=True)
    held_on = models.DateField("ngày")
    topic = models.CharField("chủ đề", max_length=300)
    audience = models.CharField(
        "đối tượng", max_length=300, help_text="Ví dụ: thành viên BCĐ, tổ trưởng tổ dân phố, Nhân dân tổ 3"
    )
    form = models.CharField("hình thức", max_length=16, choices=EventForm.choices, default=EventForm.CONFERENCE)
    place = models.CharField("địa điểm", max_length=255, blank=True)
    group = models.ForeignKey(
        "units.Unit", verbose_name="tại tổ dân phố", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    attendance = models.PositiveIntegerField("số người tham dự", null=True, blank=True)
    attendees = models.JSONField("danh sách người dự", default=list, blank=True)
    note = models.TextField("ghi chú", blank=True)
    activity = _activity_fk()
    created_by_name = models.CharField("người ghi", max_length=150, blank=True)

    objects = EventQuerySet.as_manager()
    version_fields = ("held_on", "topic", "audience", "form", "place", "group", "attendance", "attendees", "note",
                      "activity")  # what the edit page changes (core.versioning)

    class Meta:
        ordering = ["-held_on", "-pk"]
        verbose_name = "buổi tập huấn, tuyên truyền"
        verbose_name_plural = "buổi tập huấn, tuyên truyền"
        indexes = [models.Index(fields=["ward", "year", "kind"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.held_on:%d/%m/%Y}: {self.topic}"


# --------------------------------------------------------------------------- files


def activity_file_path(instance: ActivityFile, filename: str) -> str:
    return generated_path(f"activities/{instance.year}", filename)


class ActivityFile(StoredFile):
    """A festival photo, the evidence of a finding, or the materials of a training or outreach session."""

    year = models.PositiveSmallIntegerField("năm")
    ward = _ward_fk()
    unit = models.ForeignKey("units.Unit", verbose_name="đơn vị (phạm vi)", on_delete=models.PROTECT, related_name="+")
    kind = models.CharField("loại tệp", max_length=16, choices=FileKind.choices, default=FileKind.PHOTO)
    file = models.FileField("tệp", upload_to=activity_file_path, max_length=255)
    festival = models.ForeignKey(Festival, null=True, blank=True, on_delete=models.CASCADE, related_name="files")
    finding = models.ForeignKey(Finding, null=True, blank=True, on_delete=models.CASCADE, related_name="files")
    event = models.ForeignKey(Event, null=True, blank=True, on_delete=models.CASCADE, related_name="files")

    objects = UnitScoped.as_manager()

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = "tệp của hoạt động"
        verbose_name_plural = "tệp của hoạt động"


# --------------------------------------------------------------------------- funding


class Allocation(NormalisedModel):
    """Budget money given to the movement (ngân sách): by whom, under which decision, how much; earmarked for
    a plan activity when the decision says so. (The budget support a group's festival gets is the budget
    expense linked to that festival.)"""

    ward = _ward_fk()
    year = models.PositiveSmallIntegerField("năm", db_index=True)
    source = models.CharField("nguồn", max_length=255, help_text="Ví dụ: Ngân sách phường giao cho BCĐ phong trào")
    funding_source = models.ForeignKey(
        "plans.FundingSource",
        verbose_name="mục IV của kế hoạch",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decision_number = models.CharField("số quyết định", max_length=60, blank=True)
    decision_date = models.DateField("ngày quyết định")
    amount = models.PositiveBigIntegerField("số tiền (đồng)")
    activity = _activity_fk()
    note = models.TextField("ghi chú", blank=True)
    created_by_name = models.CharField("người ghi", max_length=150, blank=True)

    objects = WardScoped.as_manager()

    class Meta:
        ordering = ["-year", "decision_date", "pk"]
        verbose_name = "kinh phí ngân sách"
        verbose_name_plural = "kinh phí ngân sách"

    def __str__(self) -> str:
        number = f" ({self.decision_number})" if self.decision_number else ""
        return f"{self.source}{number}: {format_number(self.amount)} đ"

    @property
    def money_source(self) -> str:
        return MoneySource.BUDGET


class Contribution(NormalisedModel):
    """A socialised contribution (xã hội hóa): who gave what, in cash or in kind (with its estimated value),
    when, under which receipt. Only the donor's name and kind are kept; a donor may ask to be listed as
    "Nhà hảo tâm (ẩn danh)" in everything published."""

    ward = _ward_fk()
    year = models.PositiveSmallIntegerField("năm", db_index=True)
    donor_name = models.CharField("người, đơn vị ủng hộ", max_length=200)
    donor_kind = models.CharField("loại", max_length=16, choices=DonorKind.choices, default=DonorKind.PERSON)
    anonymous = models.BooleanField("xin giấu tên khi công khai", default=False)
    form = models.CharField("hình thức", max_length=16, choices=ContributionForm.choices, default=ContributionForm.CASH)
    description = models.CharField("nội dung ủng hộ", max_length=255, blank=True, help_text="Ví dụ: 50 suất quà")
    value = models.PositiveBigIntegerField("số tiền / giá trị ước tính (đồng)")
    received_on = models.DateField("ngày nhận")
    receipt_number = models.CharField("số biên nhận", max_length=40, blank=True)
    activity = _activity_fk()
    festival = models.ForeignKey(
        Festival,
        verbose_name="ủng hộ Ngày hội của tổ",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="contributions",
    )
    note = models.TextField("ghi chú", blank=True)
    donor_sort_key = models.CharField(max_length=400, editable=False, db_index=True, default="")
    created_by_name = models.CharField("người ghi", max_length=150, blank=True)

    objects = WardScoped.as_manager()

    class Meta:
        ordering = ["-year", "received_on", "pk"]
        verbose_name = "khoản ủng hộ xã hội hóa"
        verbose_name_plural = "khoản ủng hộ xã hội hóa"

    def __str__(self) -> str:
        return f"{self.donor_name}: {self.what}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.normalise_text()
        key = name_key if self.donor_kind == DonorKind.PERSON else text_key
        self.donor_sort_key = key(self.donor_name)
        super().save(*args, **kwargs)

    @property
    def public_name(self) -> str:
        """The name published in lists and reports (the masking rule)."""
        return ANONYMOUS_DONOR if self.anonymous else self.donor_name

    @property
    def is_cash(self) -> bool:
        return self.form == ContributionForm.CASH

    @property
    def what(self) -> str:
        if self.is_cash:
            return self.description or "Tiền mặt"
        return self.description or "Hiện vật"

    @property
    def money_source(self) -> str:
        return MoneySource.DONATION


class Expense(NormalisedModel):
    """Money spent from one pool (budget or xã hội hóa) on a plan activity, with the vouchers attached.
    `overdraw_reason` is set only when the spending went beyond the pool's balance on purpose (see
    vanhoa.activities.funding)."""

    ward = _ward_fk()
    year = models.PositiveSmallIntegerField("năm", db_index=True)
    spent_on = models.DateField("ngày chi")
    description = models.CharField("nội dung chi", max_length=300)
    amount = models.PositiveBigIntegerField("số tiền (đồng)")
    source = models.CharField("chi từ nguồn", max_length=16, choices=MoneySource.choices)
    payee = models.CharField("người nhận tiền", max_length=200, blank=True)
    voucher_number = models.CharField("số chứng từ", max_length=40, blank=True)
    activity = _activity_fk()
    festival = models.ForeignKey(
        Festival,
        verbose_name="chi cho Ngày hội của tổ",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="expenses",
    )
    overdraw_reason = models.TextField("lý do chi vượt số dư", blank=True)
    note = models.TextField("ghi chú", blank=True)
    created_by_name = models.CharField("người ghi", max_length=150, blank=True)

    objects = WardScoped.as_manager()

    class Meta:
        ordering = ["-year", "spent_on", "pk"]
        verbose_name = "khoản chi"
        verbose_name_plural = "khoản chi"

    def __str__(self) -> str:
        return f"{self.description}: {format_number(self.amount)} đ"


def voucher_path(instance: Voucher, filename: str) -> str:
    return generated_path(f"funding/{instance.year}", filename)


class Voucher(StoredFile):
    """A voucher (chứng từ: invoice, receipt, payment list) of an expense."""

    year = models.PositiveSmallIntegerField("năm")
    ward = _ward_fk()
    expense = models.ForeignKey(Expense, on_delete=models.CASCADE, related_name="vouchers")
    file = models.FileField("tệp", upload_to=voucher_path, max_length=255)

    objects = WardScoped.as_manager()

    class Meta:
        ordering = ["expense", "created_at", "pk"]
        verbose_name = "chứng từ"
        verbose_name_plural = "chứng từ"
