"""The ward's annual plan for the movement (Kế hoạch triển khai phong trào "TDĐKXDĐSVH" năm …): what the
ward will do month by month, who leads it, what it aims for and who pays; then how each activity went.

A plan belongs to a ward (a commune-level unit) and a year, and keeps the names printed on it at the time
(a 2020 plan of phường Quyết Tiến prints "UBND PHƯỜNG QUYẾT TIẾN" even after the ward became part of
phường Đoàn Kết). Scoping: everything is filtered by the plan's ward; group leaders of the ward's residential
groups also see the ward's plans (they carry them out in their groups).
"""

from __future__ import annotations

import calendar
from datetime import date
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

from vanhoa.accounts.permissions import Cap, capabilities_of, scope_unit_ids
from vanhoa.accounts.scoping import ScopedQuerySet
from vanhoa.core import clock
from vanhoa.core.files import StoredFile, generated_path
from vanhoa.core.models import NormalisedModel
from vanhoa.core.text import format_number, nfc
from vanhoa.plans.choices import (
    OVERDUE,
    ActivityCategory,
    ActivityStatus,
    AttachmentKind,
    FundingKind,
    OrganisationKind,
    PartyRole,
    TargetIndicator,
    TargetUnit,
    Timing,
)
from vanhoa.units.choices import LineageKind, UnitKind

ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV"}


def today() -> date:
    """Today: the one clock (vanhoa.core.clock; tests patch it, or django.utils.timezone.localdate)."""
    return clock.today()


def clean_lines(items: Any) -> list[str]:
    """A list of NFC texts without empty items (from a list, or a text with one item per line)."""
    if items is None:
        return []
    if isinstance(items, str):
        items = items.splitlines()
    return [t for t in (nfc(str(i)) for i in items) if t]


# --------------------------------------------------------------------------- scoping


def plan_ward_ids(user: Any, cap: Cap | str) -> frozenset[int] | None:
    """Units whose plans the user may see with `cap`: the units under their roles (scope_unit_ids) plus,
    for roles held on a residential group, the ward(s) that group belongs or belonged to."""
    ids = scope_unit_ids(user, cap)
    if ids is None or not ids:
        return ids
    cache: dict[str, frozenset[int]] = user.__dict__.setdefault("_vanhoa_plan_wards", {})
    key = str(cap)
    if key in cache:
        return cache[key]
    from vanhoa.accounts.models import Membership
    from vanhoa.units.models import UnitLineage

    groups: dict[int, int | None] = {}
    for role, unit_id, parent_id in Membership.objects.filter(
        user=user, active=True, unit__kind=UnitKind.GROUP
    ).values_list("role", "unit_id", "unit__parent_id"):
        if cap in capabilities_of(role):
            groups[unit_id] = parent_id
    extra = {p for p in groups.values() if p is not None}
    if groups:
        extra |= set(
            UnitLineage.objects.filter(
                kind=LineageKind.TRANSFER, to_unit__in=list(groups), old_parent__isnull=False
            ).values_list("old_parent_id", flat=True)
        )
    result = frozenset(ids | extra)
    cache[key] = result
    return result


class PlanScopedQuerySet(ScopedQuerySet):
    """A queryset of plan data, filtered by the ward of the plan (see plan_ward_ids)."""

    scope_field = "ward"

    def visible_to(self, user: Any, cap: Cap | str) -> PlanScopedQuerySet:
        ids = plan_ward_ids(user, cap)
        if ids is None:
            return self
        if not ids:
            return self.none()
        return self.filter(**{f"{self.scope_field}__in": ids})


# --------------------------------------------------------------------------- organisations


class OrganisationQuerySet(PlanScopedQuerySet):
    scope_field = "ward"


class Organisation(NormalisedModel):
    """A body of the ward that leads or joins activities: the steering committee (Ban Chỉ đạo), the
    Fatherland Front committee (Ủy ban MTTQ), the trade union (Công đoàn), the culture officer, "Các tổ dân
    phố" … Its officers are the holders of `member_roles` on the ward (or on a group, for group leaders)."""

    ward = models.ForeignKey(
        "units.Unit", verbose_name="xã, phường", on_delete=models.PROTECT, related_name="plan_organisations"
    )
    kind = models.CharField("loại", max_length=32, choices=OrganisationKind.choices, default=OrganisationKind.OTHER)
    name = models.CharField("tên", max_length=200)
    member_roles = models.JSONField(
        "cán bộ thuộc tổ chức (vai trò)", default=list, blank=True,
        help_text="Người giữ các vai trò này thấy việc của tổ chức trong «Việc cần làm tháng này».",
    )
    order = models.PositiveSmallIntegerField("thứ tự", default=0)
    active = models.BooleanField("đang hoạt động", default=True)

    objects = OrganisationQuerySet.as_manager()

    class Meta:
        ordering = ["ward", "order", "pk"]
        verbose_name = "tổ chức"
        verbose_name_plural = "tổ chức"
        constraints = [models.UniqueConstraint(fields=["ward", "name"], name="plans_organisation_unique_name")]

    def __str__(self) -> str:
        return self.name

    @property
    def member_role_labels(self) -> list[str]:
        """The roles whose holders are members, named in the words of the organisation's ward."""
        from vanhoa.accounts.roles import role_label

        return [role_label(r, self.ward) for r in self.member_roles or []]


# --------------------------------------------------------------------------- the plan


class PlanQuerySet(PlanScopedQuerySet):
    scope_field = "ward"


LIST_FIELDS = ("legal_bases", "purposes", "requirements", "recipients", "signature_authority")


class Plan(NormalisedModel):
    """One annual plan of a ward (Kế hoạch, Số: …/KH-BCĐ), with every part of the printed document."""

    ward = models.ForeignKey("units.Unit", verbose_name="xã, phường", on_delete=models.PROTECT, related_name="plans")
    year = models.PositiveSmallIntegerField(
        "năm", validators=[MinValueValidator(2000), MaxValueValidator(2100)], db_index=True
    )
    issuer_organisation = models.ForeignKey(
        Organisation,
        verbose_name="cơ quan ban hành",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="issued_plans",
    )
    issuer_parent = models.CharField(
        "cơ quan chủ quản", max_length=200, blank=True, help_text="Ví dụ: UBND PHƯỜNG QUYẾT TIẾN"
    )
    issuer = models.TextField(
        "tên cơ quan ban hành (in trên văn bản)",
        help_text="Mỗi dòng in một dòng, ví dụ: BAN CHỈ ĐẠO PHONG TRÀO / “TDĐKXDĐSVH”",
    )
    number = models.CharField("số", max_length=20, blank=True, help_text="Để trống khi chưa vào sổ văn thư.")
    symbol = models.CharField("ký hiệu", max_length=40, default="KH-BCĐ")
    place = models.CharField("địa danh", max_length=120, help_text="Ví dụ: Quyết Tiến")
    issued_on = models.DateField("ngày ban hành", null=True, blank=True, help_text="Để trống khi chưa ký.")
    title = models.TextField("trích yếu", help_text="Ví dụ: Triển khai thực hiện phong trào … năm 2020")
    legal_bases = models.JSONField("căn cứ", default=list, blank=True)
    intro = models.TextField("đoạn mở đầu", blank=True)
    purposes = models.JSONField("mục đích", default=list, blank=True)
    requirements = models.JSONField("yêu cầu", default=list, blank=True)
    closing = models.TextField("đoạn kết", blank=True)
    recipients = models.JSONField("nơi nhận", default=list, blank=True)
    signature_authority = models.JSONField(
        "thẩm quyền ký", default=list, blank=True, help_text="Ví dụ: TM. BAN CHỈ ĐẠO / KT. TRƯỞNG BAN / PHÓ TRƯỞNG BAN"
    )
    signer_title = models.CharField(
        "chức vụ in dưới chữ ký", max_length=200, blank=True, help_text="Ví dụ: PHÓ CHỦ TỊCH UBND PHƯỜNG"
    )
    signer_name = models.CharField("người ký", max_length=120, blank=True)
    copied_from = models.ForeignKey(
        "self", verbose_name="sao chép từ", null=True, blank=True, on_delete=models.SET_NULL, related_name="copies"
    )

    objects = PlanQuerySet.as_manager()

    class Meta:
        ordering = ["-year", "ward", "pk"]
        verbose_name = "kế hoạch năm"
        verbose_name_plural = "kế hoạch năm"
        constraints = [models.UniqueConstraint(fields=["ward", "year"], name="plans_plan_one_per_ward_year")]

    def __str__(self) -> str:
        return f"Kế hoạch năm {self.year} – {self.ward.name if self.ward_id else ''}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        for name in LIST_FIELDS:
            setattr(self, name, clean_lines(getattr(self, name)))
        super().save(*args, **kwargs)

    @property
    def number_text(self) -> str:
        from vanhoa.documents import number_line

        return number_line(self.number or None, self.symbol)

    @property
    def date_text(self) -> str:
        from vanhoa.documents import nd30_date_line

        return nd30_date_line(self.place, self.issued_on, self.year)

    def ordered_activities(self) -> list[Activity]:
        return list(self.activities.prefetch_related("parties").order_by("order", "pk"))

    def progress(self, on: date | None = None) -> dict[str, int]:
        """Count of activities per display status (with "overdue" computed for ``on``, default today)."""
        on = on or today()
        counts = {s: 0 for s in (*ActivityStatus.values, OVERDUE)}
        for a in self.activities.all():
            counts[a.display_status(on)] += 1
        counts["total"] = sum(counts.values())
        return counts


# --------------------------------------------------------------------------- activities


class ActivityQuerySet(PlanScopedQuerySet):
    scope_field = "plan__ward"


def month_window_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


class Activity(NormalisedModel):
    """One row of section II of the plan: what is done, who leads it, who helps, in which months."""

    plan = models.ForeignKey(Plan, verbose_name="kế hoạch", on_delete=models.CASCADE, related_name="activities")
    order = models.PositiveSmallIntegerField("thứ tự", default=0)
    content = models.TextField("nội dung")
    category = models.CharField(
        "loại hoạt động", max_length=32, choices=ActivityCategory.choices, default=ActivityCategory.OTHER
    )
    timing = models.CharField("thời gian", max_length=16, choices=Timing.choices, default=Timing.MONTHS)
    periods = models.JSONField("tháng / quý", default=list, blank=True)
    status = models.CharField(
        "trạng thái", max_length=16, choices=ActivityStatus.choices, default=ActivityStatus.NOT_STARTED
    )
    completed_on = models.DateField("ngày hoàn thành", null=True, blank=True)
    status_changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="người cập nhật",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    status_changed_by_name = models.CharField("tên người cập nhật", max_length=150, blank=True)
    status_changed_at = models.DateTimeField("cập nhật lúc", null=True, blank=True)

    objects = ActivityQuerySet.as_manager()

    class Meta:
        ordering = ["plan", "order", "pk"]
        verbose_name = "hoạt động"
        verbose_name_plural = "hoạt động"

    def __str__(self) -> str:
        text = self.content if len(self.content) <= 80 else self.content[:77] + "…"
        return text

    def version_values(self) -> dict[str, Any]:
        """What the edit page changes (core.versioning): the row's text and timing, and who leads and helps."""
        from vanhoa.core.versioning import field_values

        parties = [(p.role, p.organisation_id, p.unit_id, p.label) for p in self.parties.order_by("role", "position")]
        return {**field_values(self, ["content", "category", "timing", "periods"]), "parties": parties}

    # ----------------------------------------------------------------- timing

    @property
    def months(self) -> list[int]:
        """The months (1–12) the activity takes place in."""
        if self.timing == Timing.YEAR:
            return list(range(1, 13))
        periods = sorted({int(p) for p in self.periods or []})
        if self.timing == Timing.QUARTERS:
            return [m for q in periods if 1 <= q <= 4 for m in range(3 * q - 2, 3 * q + 1)]
        return [m for m in periods if 1 <= m <= 12]

    @property
    def timing_text(self) -> str:
        """As printed in the plan: "Tháng 2,3", "Quý I, II", "Cả năm"."""
        if self.timing == Timing.YEAR:
            return "Cả năm"
        periods = sorted({int(p) for p in self.periods or []})
        if self.timing == Timing.QUARTERS:
            return "Quý " + ", ".join(ROMAN.get(q, str(q)) for q in periods)
        return "Tháng " + ",".join(str(m) for m in periods)

    def window_end(self) -> date:
        months = self.months
        return month_window_end(self.plan.year, max(months) if months else 12)

    def window_start(self) -> date:
        months = self.months
        return date(self.plan.year, min(months) if months else 1, 1)

    def is_overdue(self, on: date | None = None) -> bool:
        """Not done and the last planned month is over."""
        on = on or today()
        return self.status != ActivityStatus.DONE and on > self.window_end()

    def display_status(self, on: date | None = None) -> str:
        return OVERDUE if self.is_overdue(on) else self.status

    def is_due_in(self, year: int, month: int) -> bool:
        return self.plan.year == year and month in self.months

    # ----------------------------------------------------------------- parties

    def parties_of(self, role: str) -> list[ActivityParty]:
        return [p for p in self.parties.all() if p.role == role]

    @property
    def lead_parties(self) -> list[ActivityParty]:
        return self.parties_of(PartyRole.LEAD)

    @property
    def coordinating_parties(self) -> list[ActivityParty]:
        return self.parties_of(PartyRole.COORDINATE)

    @property
    def lead_text(self) -> str:
        return "; ".join(p.label for p in self.lead_parties)

    @property
    def coordinating_text(self) -> str:
        return "; ".join(p.label for p in self.coordinating_parties)


class ActivityParty(models.Model):
    """A lead or coordinating unit of an activity, as printed (`label`), linked to the organisation or the
    residential group it is when there is one (free text otherwise, e.g. "Các thành viên BCĐ cấp Thành phố")."""

    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="parties")
    role = models.CharField("vai trò", max_length=16, choices=PartyRole.choices)
    position = models.PositiveSmallIntegerField("thứ tự", default=0)
    label = models.CharField("tên in trên kế hoạch", max_length=300)
    organisation = models.ForeignKey(
        Organisation, verbose_name="tổ chức", null=True, blank=True, on_delete=models.PROTECT, related_name="parties"
    )
    unit = models.ForeignKey(
        "units.Unit", verbose_name="tổ dân phố", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["activity", "role", "position", "pk"]
        verbose_name = "đơn vị thực hiện"
        verbose_name_plural = "đơn vị thực hiện"

    def __str__(self) -> str:
        return self.label

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.label = nfc(self.label)
        super().save(*args, **kwargs)


class ActivityNoteQuerySet(PlanScopedQuerySet):
    scope_field = "activity__plan__ward"


class ActivityNote(NormalisedModel):
    """A dated progress note on an activity ("Đã tổ chức tập huấn cho 45 người"), with who wrote it and the
    status change it recorded, if any."""

    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="notes")
    on = models.DateField("ngày")
    text = models.TextField("nội dung", blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="người ghi", null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )
    author_name = models.CharField("người ghi", max_length=150, blank=True)
    status_before = models.CharField("trạng thái trước", max_length=16, blank=True)
    status_after = models.CharField("trạng thái sau", max_length=16, blank=True)

    objects = ActivityNoteQuerySet.as_manager()

    class Meta:
        ordering = ["-on", "-pk"]
        verbose_name = "ghi nhận tiến độ"
        verbose_name_plural = "ghi nhận tiến độ"

    def __str__(self) -> str:
        return f"{self.on:%d/%m/%Y} {self.author_name}: {self.text[:60]}"

    @property
    def status_change_text(self) -> str:
        if not self.status_after or self.status_after == self.status_before:
            return ""
        labels = dict(ActivityStatus.choices)
        return f"{labels.get(self.status_before, self.status_before)} → {labels.get(self.status_after)}"


def attachment_path(instance: Attachment, filename: str) -> str:
    """A generated name (original name kept in the row): no Vietnamese or unsafe characters on disk."""
    return generated_path(f"plans/{instance.activity.plan.year}/activity-{instance.activity_id}", filename)


class AttachmentQuerySet(PlanScopedQuerySet):
    scope_field = "activity__plan__ward"


class Attachment(StoredFile):
    """A photo, the minutes or another file kept as evidence of an activity. Served only through a
    scoped view (never straight from MEDIA_URL in production)."""

    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="attachments")
    note = models.ForeignKey(
        ActivityNote, null=True, blank=True, on_delete=models.SET_NULL, related_name="attachments"
    )
    kind = models.CharField("loại tệp", max_length=16, choices=AttachmentKind.choices, default=AttachmentKind.PHOTO)
    file = models.FileField("tệp", upload_to=attachment_path, max_length=255)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="người tải lên", null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )

    objects = AttachmentQuerySet.as_manager()

    class Meta:
        ordering = ["activity", "-created_at", "-pk"]
        verbose_name = "tệp đính kèm"
        verbose_name_plural = "tệp đính kèm"


# --------------------------------------------------------------------------- targets, funding, responsibilities


class PlanPartQuerySet(PlanScopedQuerySet):
    scope_field = "plan__ward"


class Target(NormalisedModel):
    """A target of section III ("Gia đình văn hóa đạt: 98,4%"), with a machine-readable indicator code."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="targets")
    order = models.PositiveSmallIntegerField("thứ tự", default=0)
    indicator = models.CharField(
        "chỉ số", max_length=40, choices=TargetIndicator.choices, default=TargetIndicator.OTHER
    )
    label = models.CharField("chỉ tiêu", max_length=200, help_text="Ví dụ: Gia đình văn hóa đạt")
    prefix = models.CharField("chữ trước số", max_length=60, blank=True, help_text="Ví dụ: duy trì")
    value = models.DecimalField("giá trị", max_digits=10, decimal_places=2)
    unit = models.CharField("đơn vị", max_length=16, choices=TargetUnit.choices, default=TargetUnit.PERCENT)
    denominator = models.PositiveIntegerField("trên tổng số (x/y)", null=True, blank=True)
    suffix = models.CharField(
        "chữ sau số", max_length=300, blank=True, help_text="Ví dụ: tổ dân phố duy trì danh hiệu tổ dân phố văn hóa."
    )

    objects = PlanPartQuerySet.as_manager()

    class Meta:
        ordering = ["plan", "order", "pk"]
        verbose_name = "chỉ tiêu"
        verbose_name_plural = "chỉ tiêu"

    def __str__(self) -> str:
        return self.text

    @property
    def value_text(self) -> str:
        value = Decimal(self.value)
        decimals = 0 if value == value.to_integral_value() else (1 if (value * 10) == (value * 10).to_integral() else 2)
        number = format_number(value, decimals)
        if self.unit == TargetUnit.PERCENT:
            return f"{number}%"
        if self.unit == TargetUnit.RATIO:
            return f"{number}/{self.denominator or '?'}"
        return number

    @property
    def text(self) -> str:
        """As printed: "Tổ dân phố văn hóa đạt: 8/8 tổ dân phố duy trì danh hiệu tổ dân phố văn hóa."."""
        tail = " ".join(t for t in (self.prefix, self.value_text, self.suffix) if t)
        return f"{self.label}: {tail}" if self.label else tail


class FundingSource(NormalisedModel):
    """A funding source of section IV: the state budget or socialised contributions (xã hội hóa)."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="funding_sources")
    order = models.PositiveSmallIntegerField("thứ tự", default=0)
    kind = models.CharField("nguồn", max_length=16, choices=FundingKind.choices, default=FundingKind.BUDGET)
    text = models.TextField("nội dung")
    amount = models.DecimalField("số tiền dự kiến (đồng)", max_digits=15, decimal_places=0, null=True, blank=True)

    objects = PlanPartQuerySet.as_manager()

    class Meta:
        ordering = ["plan", "order", "pk"]
        verbose_name = "nguồn kinh phí"
        verbose_name_plural = "nguồn kinh phí"

    def __str__(self) -> str:
        return self.text[:80]

    @property
    def printed(self) -> str:
        if self.amount:
            return f"{self.text.rstrip('.')} (dự kiến {format_number(self.amount)} đồng)."
        return self.text


class Responsibility(NormalisedModel):
    """A block of section V: a unit and its tasks ("1. Ủy ban MTTQ Phường" with six "- …" lines)."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="responsibilities")
    order = models.PositiveSmallIntegerField("thứ tự", default=0)
    heading = models.CharField("đơn vị", max_length=300, help_text="Ví dụ: Đề nghị Công đoàn Phường")
    organisation = models.ForeignKey(
        Organisation, verbose_name="tổ chức", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    tasks = models.JSONField("nhiệm vụ", default=list, blank=True)

    objects = PlanPartQuerySet.as_manager()

    class Meta:
        ordering = ["plan", "order", "pk"]
        verbose_name = "nhiệm vụ của đơn vị"
        verbose_name_plural = "nhiệm vụ của đơn vị"

    def __str__(self) -> str:
        return self.heading

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.tasks = clean_lines(self.tasks)
        super().save(*args, **kwargs)
