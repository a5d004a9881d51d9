"""The ward's registry: households (the denominator of every indicator), agencies and streets."""

from __future__ import annotations

from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models

from vanhoa.accounts.scoping import ScopedQuerySet
from vanhoa.core.models import NormalisedModel
from vanhoa.core.text import fold, name_key, text_key
from vanhoa.registry import limits
from vanhoa.registry.choices import AgencyKind, HouseholdStatus

phone_validator = RegexValidator(r"^0\d{9,10}$", "Số điện thoại gồm 10 hoặc 11 chữ số, bắt đầu bằng 0.")


class HouseholdQuerySet(ScopedQuerySet):
    scope_field = "group"

    def active(self) -> HouseholdQuerySet:
        return self.filter(status=HouseholdStatus.ACTIVE)

    def search(self, q: str) -> HouseholdQuerySet:
        """Accent-insensitive search on head name, code and address ('nguyen van duc' finds 'Nguyễn Văn Đức')."""
        qs = self
        for word in fold(q).split():
            qs = qs.filter(search_text__contains=word)
        return qs

    def in_vietnamese_order(self) -> HouseholdQuerySet:
        return self.order_by("head_sort_key", "code", "pk")


class Household(NormalisedModel):
    """A household (hộ gia đình) living in a residential group of the ward; its head's name identifies it
    to neighbours. Collects no ID-card number and no ethnicity (personal-data minimisation)."""

    # No single-column indexes on ward, group or status: the indexes in Meta lead with those columns and
    # serve every lookup by them (each index costs every insert; see the migration 0002)
    ward = models.ForeignKey(
        "units.Unit", verbose_name="xã, phường", on_delete=models.PROTECT, related_name="+", db_index=False
    )
    group = models.ForeignKey(
        "units.Unit", verbose_name="tổ dân phố", on_delete=models.PROTECT, related_name="households", db_index=False
    )
    code = models.CharField("mã hộ", max_length=limits.CODE)
    head_name = models.CharField("họ và tên chủ hộ", max_length=limits.HEAD_NAME)
    address = models.CharField("địa chỉ", max_length=limits.ADDRESS, blank=True)
    member_count = models.PositiveSmallIntegerField(
        "số nhân khẩu", validators=[MinValueValidator(1), MaxValueValidator(limits.MAX_MEMBERS)]
    )
    phone = models.CharField("số điện thoại", max_length=limits.PHONE, blank=True, validators=[phone_validator])
    status = models.CharField(
        "tình trạng", max_length=16, choices=HouseholdStatus.choices, default=HouseholdStatus.ACTIVE
    )
    status_date = models.DateField("ngày thay đổi tình trạng", null=True, blank=True)
    status_note = models.CharField("lý do", max_length=limits.STATUS_NOTE, blank=True)
    since = models.DateField("cư trú từ ngày", null=True, blank=True)
    origin = models.ForeignKey(
        "self",
        verbose_name="tách từ / nhập vào hộ",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="derived",
        db_index=False,  # a partial index in Meta: almost every household has none
    )
    note = models.TextField("ghi chú", blank=True)
    head_sort_key = models.CharField(max_length=400, editable=False, default="")  # indexed in Meta
    search_text = models.CharField(max_length=600, editable=False, default="")

    objects = HouseholdQuerySet.as_manager()
    # what the edit page changes: a save over a newer version of these is not applied (core.versioning)
    version_fields = ("head_name", "group", "code", "address", "member_count", "phone", "since", "note")

    class Meta:
        ordering = ["head_sort_key", "code", "pk"]
        verbose_name = "hộ gia đình"
        verbose_name_plural = "hộ gia đình"
        constraints = [models.UniqueConstraint(fields=["ward", "code"], name="household_code_unique_in_ward")]
        indexes = [
            models.Index(fields=["group", "status"]),  # also every lookup by group alone
            # The lists' order (ORDER BY head_sort_key, code, id … LIMIT/OFFSET), with the scope and status columns
            # as keys too: a page's ids come from an index-only scan in order, without reading or sorting the
            # ward's rows (page 81 of a 5,000-household ward). Key columns, not INCLUDE: the same index on SQLite.
            # A Meta index, not db_index: on PostgreSQL that would add a varchar_pattern_ops copy for LIKE 'x%'.
            models.Index(fields=["head_sort_key", "code", "id", "group", "status"], name="household_list_order"),
            # A search (LIKE '%word%' on search_text, in the scope's groups) finds its matches, their count and
            # their order from this index alone: an index-only scan of the ward's entries, whatever the table
            # holds (a trigram index lost at province scale: its candidates are the whole table's)
            models.Index(fields=["group", "search_text", "head_sort_key", "code", "id"], name="household_search"),
            # who was split from / merged into a household (PROTECT checks, the detail page): only rows with one
            models.Index(fields=["origin"], name="household_origin", condition=models.Q(origin__isnull=False)),
        ]

    def __str__(self) -> str:
        return f"{self.head_name} ({self.code})"

    def save(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        self.normalise_text()
        self.head_sort_key = name_key(self.head_name)
        self.search_text = fold(f"{self.head_name} {self.code} {self.address}")
        super().save(*args, **kwargs)

    @property
    def masked_phone(self) -> str:
        from vanhoa.accounts.personal_data import mask_phone

        return mask_phone(self.phone)

    @property
    def is_active(self) -> bool:
        return self.status == HouseholdStatus.ACTIVE


class HouseholdPlacement(models.Model):
    """Which residential group a household belonged to, and when (moves between groups keep their history)."""

    household = models.ForeignKey(Household, on_delete=models.CASCADE, related_name="placements")
    group = models.ForeignKey("units.Unit", verbose_name="tổ dân phố", on_delete=models.PROTECT, related_name="+")
    valid_from = models.DateField("từ ngày", null=True, blank=True)
    valid_to = models.DateField("đến ngày", null=True, blank=True)

    class Meta:
        ordering = ["household", "valid_from"]
        verbose_name = "quá trình cư trú"
        verbose_name_plural = "quá trình cư trú"

    def __str__(self) -> str:
        return f"{self.household} @ {self.group}"


class AgencyQuerySet(ScopedQuerySet):
    scope_field = "ward"

    def search(self, q: str) -> AgencyQuerySet:
        qs = self
        for word in fold(q).split():
            qs = qs.filter(search_text__contains=word)
        return qs


class Agency(NormalisedModel):
    """An agency, public unit or enterprise in the ward (cơ quan, đơn vị, doanh nghiệp), candidate for
    'đạt chuẩn văn hóa' (TT 08/2014); the trade union named in `lead_union` leads its title work."""

    ward = models.ForeignKey("units.Unit", verbose_name="xã, phường", on_delete=models.PROTECT, related_name="+")
    name = models.CharField("tên", max_length=200)
    kind = models.CharField("loại", max_length=16, choices=AgencyKind.choices, default=AgencyKind.AGENCY)
    group = models.ForeignKey(
        "units.Unit",
        verbose_name="tổ dân phố nơi đóng trụ sở",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="agencies",
    )
    lead_union = models.CharField("công đoàn phụ trách", max_length=120, default="Công đoàn phường")
    address = models.CharField("địa chỉ", max_length=255, blank=True)
    head_name = models.CharField("thủ trưởng", max_length=120, blank=True)
    staff_count = models.PositiveIntegerField("số cán bộ, người lao động", null=True, blank=True)
    active = models.BooleanField("đang hoạt động", default=True)
    sort_key = models.CharField(max_length=400, editable=False, db_index=True, default="")
    search_text = models.CharField(max_length=600, editable=False, default="")

    objects = AgencyQuerySet.as_manager()
    version_fields = ("name", "kind", "lead_union", "address", "head_name", "staff_count", "active")

    class Meta:
        ordering = ["sort_key", "pk"]
        verbose_name = "cơ quan, đơn vị"
        verbose_name_plural = "cơ quan, đơn vị"

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        self.normalise_text()
        self.sort_key = text_key(self.name)
        self.search_text = fold(f"{self.name} {self.address}")
        super().save(*args, **kwargs)


class StreetQuerySet(ScopedQuerySet):
    scope_field = "ward"


class Street(NormalisedModel):
    """A named street or stretch of street (tuyến phố) that the ward keeps 'văn minh đô thị'."""

    ward = models.ForeignKey("units.Unit", verbose_name="xã, phường", on_delete=models.PROTECT, related_name="+")
    name = models.CharField("tên tuyến phố", max_length=200)
    stretch = models.CharField("đoạn", max_length=255, blank=True, help_text="Ví dụ: từ ngã ba … đến cầu …")
    length_m = models.PositiveIntegerField("chiều dài (m)", null=True, blank=True)
    groups = models.ManyToManyField(
        "units.Unit", verbose_name="các tổ dân phố đi qua", blank=True, related_name="streets"
    )
    active = models.BooleanField("đang theo dõi", default=True)
    sort_key = models.CharField(max_length=400, editable=False, db_index=True, default="")

    objects = StreetQuerySet.as_manager()
    version_fields = ("name", "stretch", "length_m", "groups", "active")

    class Meta:
        ordering = ["sort_key", "pk"]
        verbose_name = "tuyến phố"
        verbose_name_plural = "tuyến phố"

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        self.normalise_text()
        self.sort_key = text_key(self.name)
        super().save(*args, **kwargs)
