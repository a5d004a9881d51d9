"""A resident's opinion sent through the public page of a notice (niêm yết công khai, NĐ 86/2023), until the
group leader settles it: settling records it as one of the notice's opinions (titles.NoticeComment), which the
list and the Bảng tổng hợp (Mẫu 02) print. Kept: the name and group the resident gave, the text; not the address
they wrote from (only a one-way fingerprint for throttling, not stored here)."""

from __future__ import annotations

from django.db import models

from vanhoa.core.models import NormalisedModel
from vanhoa.titles.models import UnitScoped


class ResidentOpinion(NormalisedModel):
    notice = models.ForeignKey("titles.PublicNotice", on_delete=models.CASCADE, related_name="online_opinions")
    unit = models.ForeignKey("units.Unit", verbose_name="đơn vị niêm yết", on_delete=models.PROTECT, related_name="+")
    candidacy = models.ForeignKey(
        "titles.Candidacy", verbose_name="về hộ", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    sender_name = models.CharField("người gửi", max_length=120)
    sender_group = models.CharField("tổ dân phố của người gửi", max_length=120)
    content = models.TextField("nội dung ý kiến")
    received_on = models.DateField("ngày nhận")
    comment = models.OneToOneField(
        "titles.NoticeComment", null=True, blank=True, on_delete=models.SET_NULL, related_name="online_opinion"
    )

    objects = UnitScoped.as_manager()

    class Meta:
        ordering = ["received_on", "pk"]
        verbose_name = "ý kiến gửi qua trang công khai"
        verbose_name_plural = "ý kiến gửi qua trang công khai"

    def __str__(self) -> str:
        return f"{self.sender_name}: {self.content[:60]}"

    @property
    def settled(self) -> bool:
        return self.comment_id is not None
