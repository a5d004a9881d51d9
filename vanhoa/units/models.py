"""Administrative units and their history: province → district (until 30/06/2025) → commune/ward →
residential group (tổ dân phố, thôn, bản …).

A unit row is one unit for as long as it exists (valid_from–valid_to). Mergers and splits end old rows and
link them to the new ones; renames and moves to another parent keep the row and remember what it was, so a
record made under an old unit still rolls up under today's unit and still prints with its name of the time.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import models

from vanhoa.core.models import NormalisedModel
from vanhoa.core.scoping import ScopedQuerySet
from vanhoa.core.text import text_key
from vanhoa.units.choices import CodeScheme, LineageKind, UnitKind


class UnitQuerySet(ScopedQuerySet["Unit"]):
    scope_field = "pk"


class Unit(NormalisedModel):
    """One administrative or residential unit, e.g. "Phường Quyết Tiến" (03388, pre-2025 list, 2012–2025)."""

    kind = models.CharField("cấp", max_length=16, choices=UnitKind.choices, db_index=True)
    type_label = models.CharField("loại", max_length=40, help_text="Phường, Xã, Tổ dân phố, Thôn, Bản …")
    name = models.CharField("tên đầy đủ", max_length=200, help_text="Ví dụ: Phường Quyết Tiến, Tổ dân phố số 1")
    short_name = models.CharField("tên ngắn", max_length=120, help_text="Dùng làm địa danh: Quyết Tiến")
    code = models.CharField("mã", max_length=16, blank=True)
    code_scheme = models.CharField("hệ thống mã", max_length=16, choices=CodeScheme.choices, default=CodeScheme.LOCAL)
    parent = models.ForeignKey(
        "self",
        verbose_name="đơn vị cấp trên",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    valid_from = models.DateField("hiệu lực từ", null=True, blank=True)
    valid_to = models.DateField("hiệu lực đến", null=True, blank=True)
    order = models.PositiveIntegerField("thứ tự", default=0)
    sort_key = models.CharField(max_length=400, editable=False, db_index=True, default="")

    objects = UnitQuerySet.as_manager()

    class Meta:
        ordering = ["kind", "order", "sort_key"]
        verbose_name = "đơn vị"
        verbose_name_plural = "đơn vị"
        constraints = [
            models.UniqueConstraint(
                fields=["code_scheme", "code"],
                condition=~models.Q(code=""),
                name="unit_code_unique_per_scheme",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.normalise_text()
        self.sort_key = text_key(self.name)
        super().save(*args, **kwargs)

    def is_active_on(self, day: date) -> bool:
        return (self.valid_from is None or self.valid_from <= day) and (self.valid_to is None or day <= self.valid_to)

    @property
    def is_current(self) -> bool:
        return self.valid_to is None

    def name_on(self, day: date) -> str:
        """The unit's name as it was on `day` (renames later than `day` are undone)."""
        rename = (
            self.lineage_in.filter(kind=LineageKind.RENAME, effective_date__gt=day).order_by("effective_date").first()
        )
        return rename.old_name if rename else self.name

    def short_name_on(self, day: date) -> str:
        rename = (
            self.lineage_in.filter(kind=LineageKind.RENAME, effective_date__gt=day).order_by("effective_date").first()
        )
        return rename.old_short_name or rename.old_name if rename else self.short_name

    def parent_on(self, day: date) -> Unit | None:
        """The unit's parent as it was on `day` (moves to another parent later than `day` are undone)."""
        move = (
            self.lineage_in.filter(kind=LineageKind.TRANSFER, effective_date__gt=day)
            .order_by("effective_date")
            .select_related("old_parent")
            .first()
        )
        return move.old_parent if move else self.parent

    def ancestor_on(self, day: date, kind: str) -> Unit | None:
        """The ancestor of the given kind as it was on `day`: the ward of a group in 2020, say."""
        unit: Unit | None = self
        while unit is not None and unit.kind != kind:
            unit = unit.parent_on(day)
        return unit


class UnitLineage(NormalisedModel):
    """One link of a unit's history: A merged into B, A split into B, A renamed, A moved under another parent.

    A merger of five wards into one is five rows with the same date and legal basis.
    """

    kind = models.CharField("loại thay đổi", max_length=16, choices=LineageKind.choices)
    effective_date = models.DateField("ngày có hiệu lực")
    from_unit = models.ForeignKey(Unit, verbose_name="đơn vị cũ", on_delete=models.PROTECT, related_name="lineage_out")
    to_unit = models.ForeignKey(Unit, verbose_name="đơn vị mới", on_delete=models.PROTECT, related_name="lineage_in")
    old_name = models.CharField("tên cũ", max_length=200, blank=True)
    old_short_name = models.CharField("tên ngắn cũ", max_length=120, blank=True)
    old_parent = models.ForeignKey(
        Unit,
        verbose_name="cấp trên cũ",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    legal_basis = models.CharField("căn cứ", max_length=255, blank=True)
    note = models.TextField("ghi chú", blank=True)

    class Meta:
        ordering = ["effective_date", "id"]
        verbose_name = "lịch sử đơn vị"
        verbose_name_plural = "lịch sử đơn vị"

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.from_unit} → {self.to_unit} ({self.effective_date:%d/%m/%Y})"


class GraphVersion(models.Model):
    """One row whose number changes whenever a unit or a lineage row is written (vanhoa.units.tree.bump):
    a process's cached unit graph is checked against it with one indexed read, not two aggregates over the
    unit tables."""

    version = models.BigIntegerField("phiên bản", default=0)

    class Meta:
        verbose_name = "phiên bản cây đơn vị"
        verbose_name_plural = "phiên bản cây đơn vị"

    def __str__(self) -> str:
        return str(self.version)
