"""Residents' opinions sent through a notice's public page: received (no login), then settled by the group
leader, which records them as the notice's opinions (vanhoa.titles.services.record_notice_comment)."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import transaction

from vanhoa.accounts.permissions import Cap
from vanhoa.core import audit
from vanhoa.core.actors import PUBLIC_PAGE, require
from vanhoa.core.text import format_date, nfc
from vanhoa.opinions.models import ResidentOpinion
from vanhoa.titles import services as titles
from vanhoa.titles.models import Candidacy, PublicNotice
from vanhoa.titles.services import TitleError

PUBLIC_ACTOR = PUBLIC_PAGE  # receiving an opinion needs no capability


def is_receiving(notice: PublicNotice, on: date) -> bool:
    """Opinions are taken from the first to the last day of the notice, while it is open."""
    return notice.is_open and notice.opened_on <= on <= notice.ends_on


@transaction.atomic
def receive_opinion(
    notice: PublicNotice, *, on: date, sender_name: str, sender_group: str, content: str, candidacy_id: int | None
) -> ResidentOpinion:
    notice = PublicNotice.objects.select_for_update().get(pk=notice.pk)
    if not is_receiving(notice, on):
        raise TitleError(
            f"Thời gian nhận ý kiến là từ {format_date(notice.opened_on)} đến hết {format_date(notice.ends_on)}."
        )
    name, group, text = nfc(sender_name), nfc(sender_group), nfc(content)
    if not name:
        raise TitleError("Họ và tên người gửi: chưa nhập.")
    if not group:
        raise TitleError("Tổ dân phố của người gửi: chưa nhập.")
    if not text:
        raise TitleError("Nội dung ý kiến: chưa nhập.")
    candidacy = None
    if candidacy_id is not None:
        candidacy = Candidacy.objects.filter(pk=candidacy_id, notice=notice).first()
        if candidacy is None:
            raise TitleError("Hộ được chọn không có trong danh sách niêm yết này.")
    opinion = ResidentOpinion.objects.create(
        notice=notice,
        unit=notice.unit,
        candidacy=candidacy,
        sender_name=name[:120],
        sender_group=group[:120],
        content=text,
        received_on=on,
    )
    audit.record(PUBLIC_ACTOR, "opinions.opinion.received", opinion, unit=notice.unit)
    return opinion


@transaction.atomic
def settle_opinion(opinion: ResidentOpinion, *, actor: Any, resolution: str, upheld: bool = False) -> ResidentOpinion:
    """The group leader's answer: the opinion becomes one of the notice's recorded opinions, with how it was
    settled (an upheld opinion about a household drops it from the proposal when the notice is closed)."""
    require(actor, Cap.TITLES_REVIEW, opinion.unit, what="xử lý ý kiến người dân")
    opinion = ResidentOpinion.objects.select_for_update().get(pk=opinion.pk)
    if opinion.settled:
        raise TitleError("Ý kiến này đã được xử lý.")
    if not nfc(resolution):
        raise TitleError("Cách xử lý: chưa nhập.")
    comment = titles.record_notice_comment(
        opinion.notice,
        actor=actor,
        received_on=opinion.received_on,
        content=f"{opinion.sender_name} ({opinion.sender_group}): {opinion.content}",
        candidacy=opinion.candidacy,
        resolution=resolution,
        upheld=upheld,
    )
    opinion.comment = comment
    opinion.save()
    audit.record(actor, "opinions.opinion.settled", opinion, after={"upheld": upheld}, unit=opinion.unit)
    return opinion
