"""Cultural titles: the rules they are given under (as data), and the yearly cycle of each candidate.

Rules: a TitleType ("Gia đình văn hóa" …) has RuleSets, one per legal basis × province × period, each with
its criteria, exclusions, dossier documents, meeting rules, deadlines and (NĐ 122/2018 only) a commendation
rule. Who decides is a dated DeciderRule per title. What a brief marks UNCONFIRMED is flagged in the data.

Cycle: one Candidacy per subject (household, group, agency, street …) per title per year, moved through its
states only by vanhoa.titles.services: registered → (self_assessed) → reviewed | not_proposed → (on_notice)
→ proposed → decided → certified; withdrawn; returned; revoked. Meetings, public notices, proposals
(dossiers) and decisions are rows of their own so the documents can be printed from them.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any, TypeVar

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

from vanhoa.core.models import NormalisedModel
from vanhoa.core.scoping import ScopedQuerySet
from vanhoa.core.text import format_number, format_percent, name_key
from vanhoa.titles.choices import (
    AdminLevel,
    CalendarDayKind,
    CommendationScope,
    CommitmentKind,
    DayCount,
    DeciderScope,
    DecisionKind,
    MeetingStatus,
    Outcome,
    PassKind,
    ProposalStatus,
    Recognition,
    Rounding,
    State,
    SubjectKind,
    TieBreak,
    VotingMethod,
)

# --------------------------------------------------------------------------- rules (data)


class TitleType(NormalisedModel):
    """A cultural title a subject can be given, e.g. "Gia đình văn hóa" for a household."""

    code = models.SlugField("mã", max_length=16, unique=True)
    name = models.CharField("tên danh hiệu", max_length=200)
    subject_kind = models.CharField("đối tượng", max_length=16, choices=SubjectKind.choices)
    order = models.PositiveSmallIntegerField("thứ tự", default=0)
    active = models.BooleanField("đang dùng", default=True)
    note = models.TextField("ghi chú", blank=True)

    class Meta:
        ordering = ["order", "code"]
        verbose_name = "loại danh hiệu"
        verbose_name_plural = "loại danh hiệu"

    def __str__(self) -> str:
        return self.name

    def name_for(self, subject: Any = None) -> str:
        """The title as printed for one subject: "Tổ dân phố văn hóa", "Bản văn hóa", "Doanh nghiệp đạt chuẩn
        văn hóa" …"""
        if self.subject_kind == SubjectKind.GROUP and subject is not None and getattr(subject, "type_label", None):
            return f"{subject.type_label} văn hóa"
        if self.subject_kind == SubjectKind.AGENCY and subject is not None and hasattr(subject, "get_kind_display"):
            return f"{subject.get_kind_display()} đạt chuẩn văn hóa"
        return self.name


class RuleSet(NormalisedModel):
    """The rules one title is given under, for one legal basis, province (blank = national) and period.

    Numbers that a brief marks UNCONFIRMED are listed in `unconfirmed` ({field name: note}) and shown as such
    on every page that uses them; an administrator can change them (vanhoa.titles.services.update_rule_set).
    """

    can_edit = False  # may the viewer of the rules page edit it (set per request by views/rules.py, not stored)

    code = models.CharField("mã", max_length=40, unique=True, help_text="Ví dụ: nd122-2018/household")
    title_type = models.ForeignKey(
        TitleType, verbose_name="danh hiệu", on_delete=models.PROTECT, related_name="rule_sets"
    )
    name = models.CharField("tên", max_length=255)
    legal_basis = models.CharField("căn cứ pháp lý", max_length=400)
    legal_short = models.CharField("căn cứ (viết tắt)", max_length=80)
    regime = models.CharField("chế độ", max_length=16, help_text="nd122, nd86, tt08, provincial …")
    province_code = models.CharField(
        "mã tỉnh", max_length=8, blank=True, help_text="Để trống: áp dụng toàn quốc; có mã: quy định riêng của tỉnh"
    )
    valid_from = models.DateField("áp dụng từ ngày")
    valid_to = models.DateField("áp dụng đến ngày", null=True, blank=True)
    document_number = models.CharField(
        "số, ký hiệu văn bản của tỉnh", max_length=60, blank=True, help_text="Ví dụ: 25/2019/QĐ-UBND"
    )
    document_date = models.DateField("ngày ban hành văn bản của tỉnh", null=True, blank=True)
    periodicity_years = models.PositiveSmallIntegerField("chu kỳ xét (năm)", default=1)
    first_after_years = models.PositiveSmallIntegerField("công nhận lần đầu sau (năm xây dựng)", null=True, blank=True)
    renewal_years = models.PositiveSmallIntegerField("công nhận lại sau (năm)", null=True, blank=True)
    review_body = models.CharField("nơi bình xét", max_length=255, blank=True)
    has_self_assessment = models.BooleanField("có bước tự đánh giá", default=False)
    requires_commitments = models.BooleanField("cần bản cam kết của các hộ mặt tiền", default=False)
    pass_kind = models.CharField("cách đánh giá", max_length=8, choices=PassKind.choices, default=PassKind.ALL_CRITERIA)
    pass_marks = models.JSONField("điểm đạt theo khu vực", default=dict, blank=True)
    pass_marks_source = models.CharField("căn cứ điểm đạt", max_length=255, blank=True)
    quorum_pct = models.DecimalField(
        "tỷ lệ dự họp tối thiểu (%)",
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )
    approval_pct = models.DecimalField(
        "tỷ lệ tán thành tối thiểu (%)",
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )
    voting_methods = models.JSONField("hình thức biểu quyết", default=list, blank=True)
    meeting_source = models.CharField("căn cứ quy định cuộc họp", max_length=255, blank=True)
    public_notice_days = models.PositiveSmallIntegerField("số ngày niêm yết công khai", null=True, blank=True)
    notice_source = models.CharField("căn cứ niêm yết", max_length=255, blank=True)
    file_days = models.PositiveSmallIntegerField("hạn gửi hồ sơ sau cuộc họp", null=True, blank=True)
    file_day_count = models.CharField(
        "tính hạn gửi theo", max_length=8, choices=DayCount.choices, default=DayCount.WORKING
    )
    decide_days = models.PositiveSmallIntegerField("hạn ra quyết định sau khi đủ hồ sơ", null=True, blank=True)
    decide_day_count = models.CharField(
        "tính hạn quyết định theo", max_length=8, choices=DayCount.choices, default=DayCount.CALENDAR
    )
    deadline_source = models.CharField("căn cứ thời hạn", max_length=255, blank=True)
    cutoff_month = models.PositiveSmallIntegerField("hạn bình xét: tháng", null=True, blank=True)
    cutoff_day = models.PositiveSmallIntegerField("hạn bình xét: ngày", null=True, blank=True)
    cutoff_source = models.CharField("căn cứ hạn bình xét", max_length=255, blank=True)
    publish_days = models.PositiveSmallIntegerField("công bố danh sách trong (ngày)", null=True, blank=True)
    publish_source = models.CharField("căn cứ công bố", max_length=255, blank=True)
    decision_form = models.CharField("mẫu quyết định", max_length=120, blank=True)
    minutes_form = models.CharField("mẫu biên bản", max_length=120, blank=True)
    attendee_roles = models.JSONField(
        "thành phần dự họp",
        default=list,
        blank=True,
        help_text="Danh sách {code, label, chair, required, many, source} (vanhoa.titles.attendance)",
    )
    unconfirmed = models.JSONField("điểm chưa xác minh", default=dict, blank=True)
    note = models.TextField("ghi chú", blank=True)

    class Meta:
        ordering = ["title_type__order", "valid_from", "code"]
        verbose_name = "bộ quy định xét tặng"
        verbose_name_plural = "bộ quy định xét tặng"

    def __str__(self) -> str:
        return f"{self.title_type.name} – {self.legal_short}"

    def in_force_on(self, day: date) -> bool:
        return self.valid_from <= day and (self.valid_to is None or day <= self.valid_to)

    @property
    def has_public_notice(self) -> bool:
        return bool(self.public_notice_days)

    @property
    def has_meeting_thresholds(self) -> bool:
        return self.quorum_pct is not None or self.approval_pct is not None

    def is_unconfirmed(self, field: str) -> bool:
        return field in (self.unconfirmed or {})

    def pass_mark(self, area: str = "default") -> Decimal | None:
        marks = self.pass_marks or {}
        value = marks.get(area, marks.get("default"))
        return Decimal(str(value)) if value is not None else None

    def cutoff(self, year: int) -> date | None:
        if self.cutoff_month and self.cutoff_day:
            return date(year, self.cutoff_month, self.cutoff_day)
        return None

    @property
    def commendation(self) -> CommendationRule | None:
        return self.commendation_rules.first()

    def criteria_for(self, subject: Any = None) -> list[Criterion]:
        """The criteria for one subject: an agency's kind picks its own standards (TT 08/2014: cơ quan, đơn vị /
        doanh nghiệp); every criterion when no subject is given. The inspection checklist reads the same list."""
        variant = str(getattr(subject, "kind", "") or "") if subject is not None else ""
        return [c for c in self.criteria.all() if not variant or not c.variants or variant in c.variants]


class RuleItem(NormalisedModel):
    """Shared fields of a rule row: its source (article) and whether the brief could confirm it."""

    code = models.CharField("mã", max_length=16)
    source = models.CharField("căn cứ", max_length=255, blank=True)
    order = models.PositiveSmallIntegerField("thứ tự", default=0)
    unconfirmed = models.BooleanField("chưa xác minh", default=False)
    note = models.TextField("ghi chú", blank=True)

    class Meta:
        abstract = True
        ordering = ["order", "code"]


class Criterion(RuleItem):
    """A standard (tiêu chuẩn, `standard` empty) or one of its items (tiêu chí, `standard` = its code)."""

    rule_set = models.ForeignKey(RuleSet, on_delete=models.CASCADE, related_name="criteria")
    standard = models.CharField("thuộc tiêu chuẩn", max_length=16, blank=True)
    title = models.TextField("nội dung")
    points = models.DecimalField("điểm tối đa", max_digits=6, decimal_places=2, null=True, blank=True)
    variants = models.JSONField(
        "áp dụng cho",
        default=list,
        blank=True,
        help_text="Loại đối tượng, ví dụ: co_quan, don_vi, doanh_nghiep; trống: mọi loại",
    )

    class Meta(RuleItem.Meta):
        verbose_name = "tiêu chuẩn, tiêu chí"
        verbose_name_plural = "tiêu chuẩn, tiêu chí"
        constraints = [models.UniqueConstraint(fields=["rule_set", "code"], name="criterion_code_unique")]

    def __str__(self) -> str:
        return f"{self.code}. {self.title[:80]}"

    @property
    def is_standard(self) -> bool:
        return not self.standard


class Exclusion(RuleItem):
    """A case in which a subject is not considered at all (e.g. NĐ 86/2023 Điều 6 khoản 4)."""

    rule_set = models.ForeignKey(RuleSet, on_delete=models.CASCADE, related_name="exclusions")
    text = models.TextField("trường hợp không xét")

    class Meta(RuleItem.Meta):
        verbose_name = "trường hợp không xét tặng"
        verbose_name_plural = "trường hợp không xét tặng"
        constraints = [models.UniqueConstraint(fields=["rule_set", "code"], name="exclusion_code_unique")]

    def __str__(self) -> str:
        return f"{self.code}) {self.text[:80]}"


class DossierItem(RuleItem):
    """A document of the dossier (hồ sơ) sent with a proposal."""

    rule_set = models.ForeignKey(RuleSet, on_delete=models.CASCADE, related_name="dossier_items")
    name = models.CharField("tên văn bản", max_length=255)
    form = models.CharField("mẫu", max_length=60, blank=True)

    class Meta(RuleItem.Meta):
        verbose_name = "thành phần hồ sơ"
        verbose_name_plural = "thành phần hồ sơ"
        constraints = [models.UniqueConstraint(fields=["rule_set", "code"], name="dossier_code_unique")]

    def __str__(self) -> str:
        return f"{self.name}{f' ({self.form})' if self.form else ''}"


class CommendationRule(NormalisedModel):
    """A multi-year honour on top of the yearly title: NĐ 122/2018 Giấy khen after N consecutive years, at most
    `cap_pct` % of the eligible subjects, ranked by votes for; the counter restarts after a Giấy khen."""

    rule_set = models.ForeignKey(RuleSet, on_delete=models.CASCADE, related_name="commendation_rules")
    code = models.CharField("mã", max_length=40, unique=True)
    name = models.CharField("tên hình thức khen thưởng", max_length=200)
    after_consecutive_years = models.PositiveSmallIntegerField("số năm liên tục đạt danh hiệu")
    cap_pct = models.DecimalField("tỷ lệ tối đa (%)", max_digits=5, decimal_places=2)
    cap_rounding = models.CharField("làm tròn chỉ tiêu", max_length=8, choices=Rounding.choices, default=Rounding.FLOOR)
    rank_by = models.CharField("xếp hạng theo", max_length=20, default="votes_for")
    tie_break = models.CharField(
        "khi bằng phiếu", max_length=24, choices=TieBreak.choices, default=TieBreak.EARLIEST_REGISTRATION
    )
    counter_restarts = models.BooleanField("tính lại số năm sau khi được khen", default=True)
    meeting_level = models.CharField(
        "họp xét, chỉ tiêu tính ở", max_length=8, choices=CommendationScope.choices, default=CommendationScope.GROUP
    )
    proposer = models.CharField("người đề nghị", max_length=200, blank=True)
    decider_level = models.CharField("cấp quyết định", max_length=16, choices=AdminLevel.choices)
    decider_position = models.CharField("người quyết định", max_length=200)
    source = models.CharField("căn cứ", max_length=255, blank=True)
    unconfirmed = models.JSONField("điểm chưa xác minh", default=dict, blank=True)
    note = models.TextField("ghi chú", blank=True)

    class Meta:
        ordering = ["code"]
        verbose_name = "quy định khen thưởng nhiều năm"
        verbose_name_plural = "quy định khen thưởng nhiều năm"

    def __str__(self) -> str:
        return self.name

    def is_unconfirmed(self, field: str) -> bool:
        return field in (self.unconfirmed or {})


class DeciderRule(NormalisedModel):
    """Who decides a title in a period: e.g. Thôn/TDP văn hóa → Chủ tịch UBND cấp huyện until 30/06/2025,
    Chủ tịch UBND cấp xã from 01/07/2025 (NĐ 129/2025)."""

    title_type = models.ForeignKey(TitleType, on_delete=models.CASCADE, related_name="deciders")
    scope = models.CharField("áp dụng cho", max_length=8, choices=DeciderScope.choices, default=DeciderScope.ALL)
    valid_from = models.DateField("từ ngày")
    valid_to = models.DateField("đến ngày", null=True, blank=True)
    level = models.CharField("cấp", max_length=16, choices=AdminLevel.choices)
    position = models.CharField("người quyết định", max_length=200)
    source = models.CharField("căn cứ", max_length=255, blank=True)
    unconfirmed = models.BooleanField("chưa xác minh", default=False)
    note = models.TextField("ghi chú", blank=True)

    class Meta:
        ordering = ["title_type", "valid_from"]
        verbose_name = "thẩm quyền quyết định"
        verbose_name_plural = "thẩm quyền quyết định"

    def __str__(self) -> str:
        return f"{self.title_type.name}: {self.position} (từ {self.valid_from:%d/%m/%Y})"


class CalendarDay(models.Model):
    """One of the year's official changes to the working calendar that the `holidays` package may not know yet:
    an extra day off (nghỉ bù, nghỉ thêm) or a Saturday worked in exchange (làm bù), as announced each year
    by the Government or the Ministry of Home Affairs. Entered by an administrator through
    `vanhoa.titles.services.set_calendar_day`; the fixed and lunar holidays come from the package
    (`vanhoa.titles.workdays`)."""

    day = models.DateField("ngày", unique=True)
    kind = models.CharField("loại", max_length=8, choices=CalendarDayKind.choices, default=CalendarDayKind.OFF)
    name = models.CharField("nội dung", max_length=120)
    source = models.CharField("căn cứ (văn bản thông báo)", max_length=200, blank=True)

    class Meta:
        ordering = ["day"]
        verbose_name = "ngày nghỉ, ngày làm bù"
        verbose_name_plural = "ngày nghỉ, ngày làm bù"

    def __str__(self) -> str:
        return f"{self.day:%d/%m/%Y} {self.get_kind_display()}: {self.name}"


# --------------------------------------------------------------------------- the cycle


_M = TypeVar("_M", bound=models.Model)


class UnitScoped(ScopedQuerySet[_M]):
    scope_field = "unit"


class WardScoped(ScopedQuerySet[_M]):
    scope_field = "ward"


MEETING_VERSION_FIELDS = ("held_on", "place", "chair", "secretary", "invited", "present", "voting_method")
LINE_FIELDS = (
    "criteria_met",
    "failed_criteria",
    "exclusion_code",
    "reason_text",
    "points",
    "area",
    "votes_for",
    "votes_against",
)


class ReviewMeeting(NormalisedModel):
    """A review meeting (họp bình xét): of a residential group for its households, or of the ward (its
    emulation council) for groups, agencies and streets. A draft until the chair submits it."""

    title_type = models.ForeignKey(TitleType, on_delete=models.PROTECT, related_name="+")
    rule_set = models.ForeignKey(RuleSet, on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField("năm")
    unit = models.ForeignKey("units.Unit", verbose_name="nơi họp", on_delete=models.PROTECT, related_name="+")
    ward = models.ForeignKey("units.Unit", verbose_name="xã, phường", on_delete=models.PROTECT, related_name="+")
    status = models.CharField("trạng thái", max_length=12, choices=MeetingStatus.choices, default=MeetingStatus.DRAFT)
    held_on = models.DateField("ngày họp", null=True, blank=True)
    start_time = models.TimeField("bắt đầu lúc", null=True, blank=True)
    end_time = models.TimeField("kết thúc lúc", null=True, blank=True)
    place = models.CharField("địa điểm", max_length=255, blank=True)
    chair = models.CharField("chủ trì", max_length=120, blank=True)
    chair_position = models.CharField("chức vụ người chủ trì", max_length=120, blank=True)
    secretary = models.CharField("thư ký", max_length=120, blank=True)
    invited = models.PositiveIntegerField("số người được mời", null=True, blank=True)
    present = models.PositiveIntegerField("số người dự họp", null=True, blank=True)
    voting_method = models.CharField("hình thức biểu quyết", max_length=16, choices=VotingMethod.choices, blank=True)
    conclusion = models.TextField("kết luận", blank=True)
    submitted_on = models.DateField("ngày chốt", null=True, blank=True)

    objects = UnitScoped.as_manager()

    class Meta:
        ordering = ["-year", "held_on", "pk"]
        verbose_name = "cuộc họp bình xét"
        verbose_name_plural = "cuộc họp bình xét"
        # One draft of minutes per unit, title and year: two quick clicks cannot make two (issue 21, F6).
        constraints = [
            models.UniqueConstraint(
                fields=["title_type", "year", "unit"],
                condition=models.Q(status="draft"),
                name="one_draft_meeting_per_unit_year",
            )
        ]

    def __str__(self) -> str:
        when = f" ngày {self.held_on:%d/%m/%Y}" if self.held_on else ""
        return f"Họp bình xét {self.title_type.name} năm {self.year} – {self.unit.name}{when}"

    @property
    def is_draft(self) -> bool:
        return self.status == MeetingStatus.DRAFT

    def version_values(self) -> dict[str, Any]:
        """What a version of the minutes covers (core.versioning): the facts and every candidate's line."""
        from vanhoa.core.versioning import field_values

        lines = {str(e.candidacy_id): field_values(e, LINE_FIELDS) for e in self.entries.order_by("candidacy_id")}
        people = [a.as_line() for a in self.attendees.all()]
        return {**field_values(self, MEETING_VERSION_FIELDS), "lines": lines, "attendees": people}

    @property
    def attendance_pct(self) -> Decimal | None:
        if not self.invited or self.present is None:
            return None
        return Decimal(self.present) * 100 / Decimal(self.invited)

    @property
    def is_valid(self) -> bool:
        """Quorum met (always true when the rule set has no quorum)."""
        q = self.rule_set.quorum_pct
        if q is None:
            return True
        if not self.invited or self.present is None:
            return False
        return Decimal(self.present) * 100 >= q * self.invited

    @property
    def attendance_text(self) -> str:
        pct = self.attendance_pct
        if pct is None:
            return ""
        return f"{self.present}/{self.invited} người ({format_percent(pct)})"


class PublicNotice(NormalisedModel):
    """The public posting (niêm yết công khai) of a proposed list for residents' opinions (NĐ 86/2023: 10 days)."""

    title_type = models.ForeignKey(TitleType, on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField("năm")
    unit = models.ForeignKey("units.Unit", verbose_name="đơn vị niêm yết", on_delete=models.PROTECT, related_name="+")
    ward = models.ForeignKey("units.Unit", verbose_name="xã, phường", on_delete=models.PROTECT, related_name="+")
    opened_on = models.DateField("ngày bắt đầu niêm yết")
    days = models.PositiveSmallIntegerField("số ngày niêm yết")
    ends_on = models.DateField("ngày cuối niêm yết")
    place = models.CharField("nơi niêm yết", max_length=255)
    closed_on = models.DateField("ngày kết thúc niêm yết", null=True, blank=True)
    result_note = models.TextField("kết quả lấy ý kiến", blank=True)

    objects = UnitScoped.as_manager()

    class Meta:
        ordering = ["-opened_on", "pk"]
        verbose_name = "niêm yết công khai"
        verbose_name_plural = "niêm yết công khai"

    def __str__(self) -> str:
        return f"Niêm yết {self.unit.name} {self.opened_on:%d/%m/%Y}–{self.ends_on:%d/%m/%Y}"

    @property
    def is_open(self) -> bool:
        return self.closed_on is None


class NoticeComment(NormalisedModel):
    """A resident's opinion received during a public notice, with how it was handled. No commenter's
    personal data is kept."""

    notice = models.ForeignKey(PublicNotice, on_delete=models.CASCADE, related_name="comments")
    candidacy = models.ForeignKey(
        "Candidacy", verbose_name="về hồ sơ", null=True, blank=True, on_delete=models.CASCADE, related_name="comments"
    )
    received_on = models.DateField("ngày nhận")
    content = models.TextField("nội dung ý kiến")
    resolution = models.TextField("xử lý", blank=True)
    upheld = models.BooleanField("ý kiến đúng, không đề nghị hộ này", default=False)

    class Meta:
        ordering = ["received_on", "pk"]
        verbose_name = "ý kiến trong thời gian niêm yết"
        verbose_name_plural = "ý kiến trong thời gian niêm yết"

    def __str__(self) -> str:
        return f"{self.received_on:%d/%m/%Y}: {self.content[:60]}"


class Proposal(NormalisedModel):
    """A dossier sent up for decision (văn bản đề nghị / tờ trình with its documents)."""

    title_type = models.ForeignKey(TitleType, on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField("năm")
    unit = models.ForeignKey("units.Unit", verbose_name="đơn vị đề nghị", on_delete=models.PROTECT, related_name="+")
    ward = models.ForeignKey("units.Unit", verbose_name="xã, phường", on_delete=models.PROTECT, related_name="+")
    number = models.CharField("số văn bản", max_length=40, blank=True)
    submitted_on = models.DateField("ngày gửi")
    complete_on = models.DateField("ngày hồ sơ đầy đủ", null=True, blank=True)
    documents = models.JSONField("thành phần hồ sơ đã có", default=list, blank=True)
    status = models.CharField(
        "trạng thái", max_length=12, choices=ProposalStatus.choices, default=ProposalStatus.SUBMITTED
    )
    returned_on = models.DateField("ngày trả lại", null=True, blank=True)
    return_reason = models.TextField("lý do trả lại", blank=True)
    decision = models.ForeignKey(
        "Decision", verbose_name="quyết định", null=True, blank=True, on_delete=models.PROTECT, related_name="proposals"
    )

    objects = UnitScoped.as_manager()

    class Meta:
        ordering = ["-year", "submitted_on", "pk"]
        verbose_name = "hồ sơ đề nghị"
        verbose_name_plural = "hồ sơ đề nghị"

    def __str__(self) -> str:
        return f"Đề nghị công nhận {self.title_type.name} năm {self.year} – {self.unit.name}"


class Decision(NormalisedModel):
    """A decision (quyết định): recognising a list, revoking a title, or giving Giấy khen."""

    kind = models.CharField("loại", max_length=16, choices=DecisionKind.choices, default=DecisionKind.RECOGNITION)
    title_type = models.ForeignKey(TitleType, on_delete=models.PROTECT, related_name="+")
    rule_set = models.ForeignKey(RuleSet, on_delete=models.PROTECT, related_name="+", null=True, blank=True)
    year = models.PositiveSmallIntegerField("năm")
    ward = models.ForeignKey("units.Unit", verbose_name="xã, phường", on_delete=models.PROTECT, related_name="+")
    issuer_level = models.CharField("cấp ban hành", max_length=16, choices=AdminLevel.choices)
    issuer_name = models.CharField("cơ quan ban hành", max_length=200)
    signer_position = models.CharField("chức danh người ký", max_length=200)
    number = models.CharField("số", max_length=20)
    symbol = models.CharField("ký hiệu", max_length=40, default="QĐ-UBND")
    signed_on = models.DateField("ngày ký")
    signer_name = models.CharField("người ký", max_length=120)
    signing_authority = models.CharField("thẩm quyền ký", max_length=120, blank=True, help_text="Ví dụ: KT. CHỦ TỊCH")
    proposer = models.CharField("theo đề nghị của", max_length=400, blank=True)
    published_on = models.DateField("ngày công bố danh sách", null=True, blank=True)
    publish_place = models.CharField("nơi công bố", max_length=255, blank=True)
    note = models.TextField("ghi chú", blank=True)

    objects = WardScoped.as_manager()

    class Meta:
        ordering = ["-signed_on", "pk"]
        verbose_name = "quyết định"
        verbose_name_plural = "quyết định"

    def __str__(self) -> str:
        return f"Quyết định số {self.number_text} ngày {self.signed_on:%d/%m/%Y}"

    @property
    def number_text(self) -> str:
        n = self.number.strip()
        if n.isdigit():
            n = f"{int(n):02d}"
        return f"{n}/{self.symbol}"


class Candidacy(NormalisedModel):
    """One subject's run for one title in one year (hồ sơ xét tặng): household H for "Gia đình văn hóa" 2020.

    `unit` is where it belongs for scoping (a household's or group's own group; the ward for agencies and
    streets); `review_unit` is where it is reviewed (the group's meeting for households, the ward for the
    others); `ward` is the ward of the time (2020 → phường Quyết Tiến).
    """

    title_type = models.ForeignKey(TitleType, verbose_name="danh hiệu", on_delete=models.PROTECT, related_name="+")
    rule_set = models.ForeignKey(RuleSet, verbose_name="quy định áp dụng", on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField("năm", db_index=True)
    subject_kind = models.CharField("đối tượng", max_length=16, choices=SubjectKind.choices)
    subject_key = models.CharField(max_length=40, editable=False)
    subject_name = models.CharField("tên", max_length=255)
    subject_address = models.CharField("địa chỉ", max_length=255, blank=True)
    household = models.ForeignKey(
        "registry.Household", null=True, blank=True, on_delete=models.PROTECT, related_name="candidacies"
    )
    group = models.ForeignKey(
        "units.Unit",
        verbose_name="tổ dân phố (đối tượng)",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    agency = models.ForeignKey("registry.Agency", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    street = models.ForeignKey("registry.Street", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    commune = models.ForeignKey("units.Unit", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    unit = models.ForeignKey("units.Unit", verbose_name="thuộc đơn vị", on_delete=models.PROTECT, related_name="+")
    review_unit = models.ForeignKey(
        "units.Unit", verbose_name="nơi bình xét", on_delete=models.PROTECT, related_name="+"
    )
    ward = models.ForeignKey("units.Unit", verbose_name="xã, phường", on_delete=models.PROTECT, related_name="+")
    state = models.CharField(
        "trạng thái", max_length=16, choices=State.choices, default=State.REGISTERED, db_index=True
    )
    resume_state = models.CharField("bước làm lại", max_length=16, choices=State.choices, blank=True)
    state_on = models.DateField("ngày chuyển trạng thái", null=True, blank=True)
    reason = models.TextField("lý do", blank=True)
    registered_on = models.DateField("ngày đăng ký")
    self_assessed_on = models.DateField("ngày tự đánh giá", null=True, blank=True)
    self_points = models.DecimalField("điểm tự chấm", max_digits=6, decimal_places=2, null=True, blank=True)
    review_entry = models.ForeignKey(
        "ReviewEntry",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name="kết quả bình xét",
    )
    notice = models.ForeignKey(
        PublicNotice, null=True, blank=True, on_delete=models.PROTECT, related_name="candidacies"
    )
    proposal = models.ForeignKey(Proposal, null=True, blank=True, on_delete=models.PROTECT, related_name="candidacies")
    decision = models.ForeignKey(
        Decision, null=True, blank=True, on_delete=models.PROTECT, related_name="candidacies", verbose_name="quyết định"
    )
    recognition = models.CharField(
        "lần công nhận", max_length=8, choices=Recognition.choices, blank=True, default=Recognition.NONE
    )
    certificate_number = models.CharField("số giấy công nhận", max_length=40, blank=True)
    certified_on = models.DateField("ngày cấp giấy công nhận", null=True, blank=True)
    revoked_on = models.DateField("ngày thu hồi", null=True, blank=True)
    revoke_decision = models.ForeignKey(
        Decision,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="revoked",
        verbose_name="quyết định thu hồi",
    )
    note = models.TextField("ghi chú", blank=True)
    sort_key = models.CharField(max_length=400, editable=False, db_index=True, default="")

    objects = UnitScoped.as_manager()

    class Meta:
        ordering = ["year", "sort_key", "pk"]
        verbose_name = "hồ sơ xét tặng"
        verbose_name_plural = "hồ sơ xét tặng"
        constraints = [
            models.UniqueConstraint(fields=["title_type", "year", "subject_key"], name="one_candidacy_per_subject_year")
        ]
        indexes = [
            models.Index(fields=["title_type", "year", "review_unit"]),
            models.Index(fields=["title_type", "year", "ward"]),
            # titles.figures joins a household's candidacy of a year (else SQLite walks the year's whole index)
            models.Index(fields=["household", "year", "title_type"], name="titles_cand_household_year"),
        ]

    def __str__(self) -> str:
        return f"{self.subject_name} – {self.title_type.name} {self.year}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.prepare_to_write()
        super().save(*args, **kwargs)

    def prepare_to_write(self) -> None:  # what save() does to the values first (bulk writers call it too)
        self.normalise_text()
        if not self.sort_key:
            self.sort_key = subject_sort_key(self.subject_kind, self.subject_name, self.group)

    @property
    def subject(self) -> Any:
        return self.household or self.group or self.agency or self.street or self.commune

    @property
    def is_recognised(self) -> bool:
        return self.state in (State.DECIDED, State.CERTIFIED)

    @property
    def title_name(self) -> str:
        return self.title_type.name_for(self.subject)


def subject_sort_key(kind: str, name: str, group: Any = None) -> str:
    if kind == SubjectKind.HOUSEHOLD:
        return name_key(name)
    if kind == SubjectKind.GROUP and group is not None:
        return f"{group.order:05d}"
    from vanhoa.core.text import text_key

    return text_key(name)


class ReviewEntry(NormalisedModel):
    """One candidate's line in a review meeting: criteria met or not (with the failed standards or an
    exclusion), points where the rule set scores, votes for and against, and the outcome once submitted."""

    meeting = models.ForeignKey(ReviewMeeting, on_delete=models.CASCADE, related_name="entries")
    candidacy = models.ForeignKey(Candidacy, on_delete=models.CASCADE, related_name="review_entries")
    criteria_met = models.BooleanField("đạt tiêu chuẩn", null=True, blank=True, help_text="Trống: chưa đánh giá")
    failed_criteria = models.JSONField("tiêu chuẩn không đạt", default=list, blank=True)
    exclusion_code = models.CharField("trường hợp không xét", max_length=16, blank=True)
    reason_text = models.CharField("lý do khác", max_length=255, blank=True)
    points = models.DecimalField("điểm", max_digits=6, decimal_places=2, null=True, blank=True)
    area = models.CharField("khu vực tính điểm đạt", max_length=40, blank=True)
    votes_for = models.PositiveIntegerField("số người tán thành", null=True, blank=True)
    votes_against = models.PositiveIntegerField("số người không tán thành", null=True, blank=True)
    outcome = models.CharField("kết quả", max_length=8, choices=Outcome.choices, blank=True, default=Outcome.PENDING)
    outcome_reason = models.TextField("lý do không đề nghị", blank=True)

    class Meta:
        ordering = ["meeting", "candidacy__sort_key", "pk"]
        verbose_name = "kết quả bình xét"
        verbose_name_plural = "kết quả bình xét"
        constraints = [models.UniqueConstraint(fields=["meeting", "candidacy"], name="one_entry_per_meeting")]

    def __str__(self) -> str:
        return f"{self.candidacy.subject_name}: {self.get_outcome_display()}"

    @property
    def points_text(self) -> str:
        """The score as printed: 92 or 92,5; empty when not scored."""
        if self.points is None:
            return ""
        return format_number(self.points, 0 if self.points == self.points.to_integral_value() else 1)

    def effective_votes_for(self) -> int | None:
        """Votes for; blank means every attendee agreed."""
        if self.votes_for is not None:
            return self.votes_for
        return self.meeting.present


class StreakCarry(NormalisedModel):
    """An officer's decision that a household formed by a split carries its origin's consecutive years."""

    household = models.OneToOneField("registry.Household", on_delete=models.CASCADE, related_name="streak_carry")
    source = models.ForeignKey("registry.Household", on_delete=models.PROTECT, related_name="+")
    up_to_year = models.PositiveSmallIntegerField("tính các năm đến hết năm")
    reason = models.TextField("lý do")
    decided_on = models.DateField("ngày quyết định")
    unit = models.ForeignKey("units.Unit", on_delete=models.PROTECT, related_name="+")

    objects = UnitScoped.as_manager()

    class Meta:
        verbose_name = "kế thừa số năm liên tục"
        verbose_name_plural = "kế thừa số năm liên tục"

    def __str__(self) -> str:
        return f"{self.household} ← {self.source} (đến {self.up_to_year})"


class StreetCommitment(NormalisedModel):
    """A frontage household's or business's signed commitment (bản cam kết) for a street's title in a year."""

    street = models.ForeignKey("registry.Street", on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField("năm")
    ward = models.ForeignKey("units.Unit", on_delete=models.PROTECT, related_name="+")
    kind = models.CharField("loại", max_length=12, choices=CommitmentKind.choices, default=CommitmentKind.HOUSEHOLD)
    signer_name = models.CharField("người ký", max_length=120)
    frontage = models.CharField("số nhà, tên cơ sở", max_length=255)
    household = models.ForeignKey(
        "registry.Household", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    signed_on = models.DateField("ngày ký")
    text_version = models.CharField("mẫu cam kết", max_length=60, default="v1")

    objects = WardScoped.as_manager()

    class Meta:
        ordering = ["street", "year", "frontage"]
        verbose_name = "cam kết tuyến phố"
        verbose_name_plural = "cam kết tuyến phố"

    def __str__(self) -> str:
        return f"{self.street} {self.year}: {self.frontage}"


from vanhoa.titles.agency_models import AgencyEnrolment as AgencyEnrolment  # noqa: E402  (same app, own file)
from vanhoa.titles.agency_models import AgencyReport as AgencyReport  # noqa: E402
from vanhoa.titles.meeting_models import (  # noqa: E402  (same app, own file; re-exported)
    Commendation as Commendation,
)
from vanhoa.titles.meeting_models import (  # noqa: E402
    CommendationMeeting as CommendationMeeting,
)
from vanhoa.titles.meeting_models import (  # noqa: E402
    MeetingAttendee as MeetingAttendee,
)
