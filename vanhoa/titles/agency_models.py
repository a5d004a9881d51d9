"""What an agency's road to "Cơ quan / Đơn vị / Doanh nghiệp đạt chuẩn văn hóa" holds besides its candidacies
(TT 08/2014/TT-BVHTTDL Điều 7): the day it registered to build (the building years count from it), a recognition
made on paper before the ward used this system, and its trade union's reports — one a year while it keeps the
title ("giữ vững"), and the achievement report of the building years (first recognition) or of the years kept
(re-recognition). Part of the titles app (vanhoa.titles.models re-exports them).
"""

from __future__ import annotations

from django.db import models

from vanhoa.core.models import NormalisedModel
from vanhoa.titles.choices import AgencyReportKind, Recognition
from vanhoa.titles.models import WardScoped


class AgencyEnrolment(NormalisedModel):
    """An agency's registration to build the title (đăng ký xây dựng cơ quan, đơn vị, doanh nghiệp đạt chuẩn văn
    hóa), with the recognition it already held on paper when the ward started keeping its records here."""

    agency = models.OneToOneField(
        "registry.Agency", verbose_name="cơ quan, đơn vị", on_delete=models.PROTECT, related_name="culture_enrolment"
    )
    ward = models.ForeignKey("units.Unit", verbose_name="xã, phường", on_delete=models.PROTECT, related_name="+")
    registered_on = models.DateField("ngày đăng ký xây dựng")
    union_name = models.CharField("công đoàn cơ sở", max_length=200, blank=True)
    prior_year = models.PositiveSmallIntegerField(
        "năm được công nhận gần nhất (trên giấy)", null=True, blank=True,
        help_text="Chỉ ghi khi lần công nhận gần nhất có trước khi dùng hệ thống",
    )  # fmt: skip
    prior_recognition = models.CharField(
        "lần công nhận đó", max_length=8, choices=Recognition.choices, blank=True, default=Recognition.NONE
    )
    prior_decision = models.CharField("quyết định công nhận đó", max_length=255, blank=True)
    note = models.TextField("ghi chú", blank=True)

    objects = WardScoped.as_manager()

    class Meta:
        verbose_name = "đăng ký xây dựng đạt chuẩn văn hóa"
        verbose_name_plural = "đăng ký xây dựng đạt chuẩn văn hóa"

    def __str__(self) -> str:
        return f"{self.agency} (đăng ký {self.registered_on:%d/%m/%Y})"


class AgencyReport(NormalisedModel):
    """A report of the agency's trade union, confirmed by its head: yearly while it keeps the title, or the
    achievement report of the years `from_year`–`to_year` sent with a (re-)recognition dossier."""

    agency = models.ForeignKey(
        "registry.Agency", verbose_name="cơ quan, đơn vị", on_delete=models.PROTECT, related_name="culture_reports"
    )
    ward = models.ForeignKey("units.Unit", verbose_name="xã, phường", on_delete=models.PROTECT, related_name="+")
    kind = models.CharField("loại báo cáo", max_length=8, choices=AgencyReportKind.choices)
    year = models.PositiveSmallIntegerField("năm", help_text="Năm báo cáo; với báo cáo thành tích: năm xét công nhận")
    from_year = models.PositiveSmallIntegerField("từ năm")
    to_year = models.PositiveSmallIntegerField("đến năm")
    reported_on = models.DateField("ngày báo cáo")
    union_name = models.CharField("công đoàn lập báo cáo", max_length=200)
    head_name = models.CharField("thủ trưởng xác nhận", max_length=120)
    chair_name = models.CharField("chủ tịch công đoàn ký báo cáo", max_length=120, blank=True)
    kept = models.BooleanField("giữ vững danh hiệu", default=True)
    summary = models.TextField("tóm tắt kết quả", blank=True)

    objects = WardScoped.as_manager()

    class Meta:
        ordering = ["agency", "year", "kind"]
        verbose_name = "báo cáo của công đoàn cơ sở"
        verbose_name_plural = "báo cáo của công đoàn cơ sở"
        constraints = [
            models.UniqueConstraint(fields=["agency", "year", "kind"], name="one_agency_report_per_year_kind")
        ]

    def __str__(self) -> str:
        return f"{self.agency}: {self.get_kind_display()} {self.year}"
