"""The reports a ward sends up: the semi-annual review (Báo cáo sơ kết 6 tháng đầu năm) and the annual summary
(Báo cáo tổng kết năm) of the movement, each with its figures computed from the records and its narrative
written by the ward.

A Report is the ward's working copy (one per ward, kind and year). Each time it is sent up, a ReportVersion
freezes what was sent: the figures as computed that day, the narrative, the header, and the DOCX itself. The
versions are never changed afterwards; only the receiver's answer (received, or returned with a reason) is
written on them.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.conf import settings
from django.db import models

from vanhoa.accounts.scoping import ScopedQuerySet
from vanhoa.core.models import NormalisedModel
from vanhoa.reports.choices import EDITABLE, ReportKind, ReportStatus

#: The narrative parts of a report (editable by the ward), in the order they are printed.
NARRATIVE_FIELDS = (
    "direction",
    "outreach",
    "activities_note",
    "funding_note",
    "strengths",
    "weaknesses",
    "tasks",
    "proposals",
)
HEADER_FIELDS = (
    "issuer_parent",
    "issuer",
    "number",
    "symbol",
    "place",
    "issued_on",
    "as_of",
    "recipients",
    "signature_authority",
    "signer_title",
    "signer_name",
)


class ReportQuerySet(ScopedQuerySet):
    scope_field = "ward"


class Report(NormalisedModel):
    """One ward's report of one kind for one year (e.g. the 2020 annual summary of phường Quyết Tiến)."""

    ward = models.ForeignKey("units.Unit", verbose_name="xã, phường", on_delete=models.PROTECT, related_name="+")
    kind = models.CharField("loại báo cáo", max_length=16, choices=ReportKind.choices)
    year = models.PositiveSmallIntegerField("năm")
    status = models.CharField("trạng thái", max_length=12, choices=ReportStatus.choices, default=ReportStatus.DRAFT)
    as_of = models.DateField("số liệu tính đến ngày")
    # Header of the document (NĐ 30/2020).
    issuer_parent = models.CharField("cơ quan chủ quản", max_length=200, blank=True)
    issuer = models.TextField("cơ quan ban hành (mỗi dòng in một dòng)")
    number = models.CharField("số", max_length=20, blank=True, help_text="Để trống khi chưa vào sổ văn thư.")
    symbol = models.CharField("ký hiệu", max_length=40, default="BC-BCĐ")
    place = models.CharField("địa danh", max_length=120)
    issued_on = models.DateField("ngày ban hành", null=True, blank=True, help_text="Để trống khi chưa ký.")
    # Narrative (edited by the ward).
    direction = models.TextField("công tác chỉ đạo, điều hành", blank=True)
    outreach = models.TextField("công tác tuyên truyền", blank=True)
    activities_note = models.TextField("nhận xét về các hoạt động", blank=True)
    funding_note = models.TextField("kinh phí", blank=True)
    strengths = models.TextField("ưu điểm", blank=True)
    weaknesses = models.TextField("tồn tại, hạn chế", blank=True)
    tasks = models.TextField("phương hướng, nhiệm vụ", blank=True)
    proposals = models.TextField("kiến nghị, đề xuất", blank=True)
    # Closing.
    recipients = models.JSONField("nơi nhận", default=list, blank=True)
    signature_authority = models.JSONField("thẩm quyền ký", default=list, blank=True)
    signer_title = models.CharField("chức vụ in dưới chữ ký", max_length=200, blank=True)
    signer_name = models.CharField("người ký", max_length=120, blank=True)
    recipient = models.ForeignKey(
        "units.Unit", verbose_name="gửi đến", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    objects = ReportQuerySet.as_manager()

    class Meta:
        ordering = ["-year", "kind", "ward", "pk"]
        verbose_name = "báo cáo"
        verbose_name_plural = "báo cáo"
        constraints = [models.UniqueConstraint(fields=["ward", "kind", "year"], name="reports_one_per_ward_kind_year")]

    def __str__(self) -> str:
        return f"{self.title} – {self.ward.name if self.ward_id else ''}"

    @property
    def title(self) -> str:
        if self.kind == ReportKind.SEMIANNUAL:
            return f"Báo cáo sơ kết 6 tháng đầu năm {self.year}"
        return f"Báo cáo tổng kết năm {self.year}"

    @property
    def is_editable(self) -> bool:
        return self.status in EDITABLE

    @property
    def period(self) -> tuple[date, date]:
        if self.kind == ReportKind.SEMIANNUAL:
            return date(self.year, 1, 1), date(self.year, 6, 30)
        return date(self.year, 1, 1), date(self.year, 12, 31)

    def latest_version(self) -> ReportVersion | None:
        return self.versions.order_by("-number").first()


class VersionQuerySet(ScopedQuerySet):
    scope_field = "report__ward"

    def update(self, **kwargs: Any) -> int:
        if set(kwargs) - ReportVersion.ANSWER_FIELDS:
            raise PermissionError("Bản báo cáo đã gửi không được sửa.")
        return super().update(**kwargs)

    def delete(self) -> Any:
        raise PermissionError("Bản báo cáo đã gửi không được xóa.")


class ReportVersion(models.Model):
    """What was sent up once: figures, narrative, header and the DOCX, frozen; plus the receiver's answer."""

    ANSWER_FIELDS = frozenset({"status", "answered_on", "answered_at", "answered_by", "answered_by_name", "reason"})

    report = models.ForeignKey(Report, on_delete=models.PROTECT, related_name="versions")
    number = models.PositiveSmallIntegerField("lần gửi")
    recipient = models.ForeignKey("units.Unit", verbose_name="gửi đến", on_delete=models.PROTECT, related_name="+")
    submitted_on = models.DateField("ngày gửi")
    submitted_at = models.DateTimeField("gửi lúc", auto_now_add=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    submitted_by_name = models.CharField("người gửi", max_length=150, blank=True)
    snapshot = models.JSONField("số liệu và nội dung đã gửi")
    docx = models.BinaryField("văn bản DOCX đã gửi")
    docx_sha256 = models.CharField(max_length=64)
    xlsx = models.BinaryField("phụ lục XLSX đã gửi")
    # The receiver's answer.
    status = models.CharField("trạng thái", max_length=12, choices=ReportStatus.choices, default=ReportStatus.SUBMITTED)
    answered_on = models.DateField("ngày tiếp nhận / trả lại", null=True, blank=True)
    answered_at = models.DateTimeField(null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    answered_by_name = models.CharField("người tiếp nhận / trả lại", max_length=150, blank=True)
    reason = models.TextField("lý do trả lại", blank=True)

    objects = VersionQuerySet.as_manager()

    class Meta:
        ordering = ["report", "number"]
        verbose_name = "bản báo cáo đã gửi"
        verbose_name_plural = "bản báo cáo đã gửi"
        constraints = [models.UniqueConstraint(fields=["report", "number"], name="reports_version_unique_number")]

    def __str__(self) -> str:
        return f"{self.report} – lần gửi {self.number}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            fields = kwargs.get("update_fields")
            if fields is None or set(fields) - self.ANSWER_FIELDS:
                raise PermissionError("Bản báo cáo đã gửi không được sửa; chỉ ghi được ý kiến của cấp trên.")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> Any:
        raise PermissionError("Bản báo cáo đã gửi không được xóa.")


class DueDateQuerySet(ScopedQuerySet):
    scope_field = "unit"


class ReportDueDate(NormalisedModel):
    """The date by which the wards under a unit must send one kind of report for one year, set by that unit (the
    city or province committee that receives the reports), e.g. "tổng kết năm 2024 trước 15/12/2024"."""

    unit = models.ForeignKey("units.Unit", verbose_name="cấp nhận báo cáo", on_delete=models.PROTECT, related_name="+")
    kind = models.CharField("loại báo cáo", max_length=16, choices=ReportKind.choices)
    year = models.PositiveSmallIntegerField("năm")
    due = models.DateField("hạn gửi")
    note = models.CharField("căn cứ, ghi chú", max_length=300, blank=True)

    objects = DueDateQuerySet.as_manager()

    class Meta:
        ordering = ["-year", "kind", "unit", "pk"]
        verbose_name = "hạn gửi báo cáo"
        verbose_name_plural = "hạn gửi báo cáo"
        constraints = [
            models.UniqueConstraint(fields=["unit", "kind", "year"], name="reports_one_due_per_unit_kind_year")
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} năm {self.year}: hạn {self.due:%d/%m/%Y}"

    @property
    def action_label(self) -> str:
        what = "sơ kết 6 tháng đầu năm" if self.kind == ReportKind.SEMIANNUAL else "tổng kết năm"
        return f"báo cáo {what} {self.year}"
