"""Rows of a meeting beyond its facts: who attended in which capacity (the review meeting and the Giấy khen
meeting), the Giấy khen meeting itself (NĐ 122/2018, TTHC 1.001120) and each candidate's place in it
(Commendation). Imported by vanhoa.titles.models."""

from __future__ import annotations

from decimal import Decimal
from typing import Any, TypeVar

from django.db import models

from vanhoa.core.models import NormalisedModel
from vanhoa.core.scoping import ScopedQuerySet
from vanhoa.core.text import format_percent
from vanhoa.titles.choices import CommendationStatus, MeetingStatus, VotingMethod


class MeetingAttendee(NormalisedModel):
    """One person at a meeting, in the capacity the rule set names (NĐ 86/2023 Điều 8 khoản 1: the Tổ trưởng
    with the Trưởng ban Công tác Mặt trận and the đoàn thể; NĐ 122/2018 Điều 9 khoản 2: cấp ủy, Trưởng khu dân
    cư, Trưởng ban Công tác Mặt trận, ngành, đoàn thể). `role` is a code of `RuleSet.attendee_roles`; its label
    is copied so the minutes print what the rule set said on the day. Exactly one of the two meetings is set."""

    meeting = models.ForeignKey(
        "titles.ReviewMeeting", null=True, blank=True, on_delete=models.CASCADE, related_name="attendees"
    )
    commendation_meeting = models.ForeignKey(
        "titles.CommendationMeeting", null=True, blank=True, on_delete=models.CASCADE, related_name="attendees"
    )
    role = models.CharField("thành phần", max_length=24)
    role_label = models.CharField("tên thành phần", max_length=200)
    name = models.CharField("họ và tên", max_length=120)
    position = models.CharField("chức vụ, đơn vị", max_length=200, blank=True)
    order = models.PositiveSmallIntegerField("thứ tự", default=0)

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = "người dự họp"
        verbose_name_plural = "thành phần dự họp"
        constraints = [
            models.CheckConstraint(
                condition=models.Q(meeting__isnull=False, commendation_meeting__isnull=True)
                | models.Q(meeting__isnull=True, commendation_meeting__isnull=False),
                name="attendee_of_one_meeting",
            )
        ]

    def __str__(self) -> str:
        return f"{self.role_label}: {self.name}"

    def as_line(self) -> dict[str, str]:
        return {"role": self.role, "name": self.name, "position": self.position}


_M = TypeVar("_M", bound=models.Model)


class CommendationMeetingQuerySet(ScopedQuerySet[_M]):
    """Giấy khen meetings and their rows, scoped by the unit that held the meeting (or the candidate's unit)."""

    scope_field = "unit"


class Commendation(NormalisedModel):
    """A subject's place in one year's multi-year commendation (Giấy khen): its streak, its votes, its rank
    against the cap, and the decision that gave it."""

    rule = models.ForeignKey("titles.CommendationRule", on_delete=models.PROTECT, related_name="commendations")
    year = models.PositiveSmallIntegerField("năm")
    candidacy = models.ForeignKey("titles.Candidacy", on_delete=models.PROTECT, related_name="commendations")
    unit = models.ForeignKey("units.Unit", on_delete=models.PROTECT, related_name="+")
    ward = models.ForeignKey("units.Unit", on_delete=models.PROTECT, related_name="+")
    streak = models.PositiveSmallIntegerField("số năm liên tục")
    window_from = models.PositiveSmallIntegerField("từ năm")
    window_to = models.PositiveSmallIntegerField("đến năm")
    votes_for = models.PositiveIntegerField("số phiếu tán thành", default=0)
    rank = models.PositiveIntegerField("thứ hạng", null=True, blank=True)
    meeting = models.ForeignKey(
        "titles.CommendationMeeting", null=True, blank=True, on_delete=models.CASCADE, related_name="commendations"
    )
    votes_against = models.PositiveIntegerField("số phiếu không tán thành", default=0)
    reason = models.CharField("lý do không đề nghị", max_length=255, blank=True)
    tie = models.BooleanField("bằng phiếu ở ngưỡng chỉ tiêu", default=False)
    status = models.CharField("kết quả", max_length=16, choices=CommendationStatus.choices)
    decision = models.ForeignKey(
        "titles.Decision", null=True, blank=True, on_delete=models.PROTECT, related_name="commendations"
    )

    objects = CommendationMeetingQuerySet.as_manager()

    class Meta:
        ordering = ["year", "rank", "pk"]
        verbose_name = "đề nghị khen thưởng"
        verbose_name_plural = "đề nghị khen thưởng"
        constraints = [models.UniqueConstraint(fields=["rule", "year", "candidacy"], name="one_commendation_per_year")]

    def __str__(self) -> str:
        return f"{self.rule.name} {self.year}: {self.candidacy.subject_name}"

    @property
    def share_text(self) -> str:
        """The approval share as the pages print it: 18 of 20 present → 90,0%."""
        return format_percent(self.meeting.share(self.votes_for)) if self.meeting is not None else ""


class CommendationMeeting(NormalisedModel):
    """The meeting on a Giấy khen (NĐ 122/2018; TTHC 1.001120 for households): held in each khu dân cư by its
    head for the households with N consecutive years there, or by the ward for its khu dân cư. Valid with at
    least `quorum_pct` of those invited present; a candidate is proposed with at least `approval_pct` of those
    present approving, then ranked by approval share within this meeting against the cap of its own eligible.
    The head (Trưởng khu dân cư) proposes with these minutes."""

    rule = models.ForeignKey("titles.CommendationRule", on_delete=models.PROTECT, related_name="meetings")
    year = models.PositiveSmallIntegerField("năm")
    unit = models.ForeignKey("units.Unit", verbose_name="nơi họp", on_delete=models.PROTECT, related_name="+")
    ward = models.ForeignKey("units.Unit", verbose_name="xã, phường", on_delete=models.PROTECT, related_name="+")
    status = models.CharField("trạng thái", max_length=12, choices=MeetingStatus.choices, default=MeetingStatus.DRAFT)
    held_on = models.DateField("ngày họp")
    place = models.CharField("địa điểm", max_length=255)
    chair = models.CharField("chủ trì", max_length=120)
    chair_position = models.CharField("chức vụ người chủ trì", max_length=120, blank=True)
    secretary = models.CharField("thư ký", max_length=120, blank=True)
    invited = models.PositiveIntegerField("số người được mời")
    present = models.PositiveIntegerField("số người dự họp")
    voting_method = models.CharField("hình thức biểu quyết", max_length=16, choices=VotingMethod.choices)
    eligible = models.PositiveIntegerField("số đủ điều kiện", default=0)
    cap = models.PositiveIntegerField("chỉ tiêu tối đa", default=0)
    proposer_name = models.CharField("người đề nghị", max_length=120, blank=True)
    proposer_position = models.CharField("chức vụ người đề nghị", max_length=200, blank=True)
    proposed_on = models.DateField("ngày đề nghị", null=True, blank=True)
    proposal_number = models.CharField("số văn bản đề nghị", max_length=40, blank=True)

    objects = CommendationMeetingQuerySet.as_manager()

    class Meta:
        ordering = ["year", "unit__order", "pk"]
        verbose_name = "cuộc họp xét tặng Giấy khen"
        verbose_name_plural = "cuộc họp xét tặng Giấy khen"
        constraints = [
            models.UniqueConstraint(fields=["rule", "year", "unit"], name="one_commendation_meeting_per_unit")
        ]

    def __str__(self) -> str:
        return f"Họp xét {self.rule.name} năm {self.year} – {self.unit.name}"

    @property
    def attendance_pct(self) -> Decimal | None:
        if not self.invited:
            return None
        return Decimal(self.present) * 100 / Decimal(self.invited)

    @property
    def attendance_text(self) -> str:
        pct = self.attendance_pct
        return f"{self.present}/{self.invited} người ({format_percent(pct)})" if pct is not None else ""

    def quorum_met(self, quorum_pct: Decimal | None) -> bool:
        if quorum_pct is None:
            return True
        return bool(self.invited) and Decimal(self.present) * 100 >= quorum_pct * self.invited

    def share(self, votes_for: int) -> Decimal:
        """Approval share of those present, in percent."""
        return Decimal(votes_for) * 100 / Decimal(self.present) if self.present else Decimal(0)

    def as_facts(self) -> dict[str, Any]:
        return {"held_on": self.held_on, "invited": self.invited, "present": self.present}
