"""The public notice (NĐ 86/2023): post the list, record residents' opinions, close it once its days are over."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import transaction

from vanhoa.accounts.permissions import Cap
from vanhoa.core import audit
from vanhoa.core.text import format_date, nfc
from vanhoa.titles import facts
from vanhoa.titles.choices import State
from vanhoa.titles.models import Candidacy, NoticeComment, PublicNotice, TitleType
from vanhoa.titles.services.common import (
    NOTICE_FIELDS,
    Step,
    TitleError,
    _record,
    _require,
    _snap,
    _transition,
    _transition_all,
    title_type,
)
from vanhoa.units.models import Unit


@transaction.atomic
def open_public_notice(
    *, actor: Any, title: TitleType | str, year: int, unit: Unit, opened_on: date, place: str
) -> PublicNotice:
    """Post the list of candidates the meeting found eligible, for residents' opinions (NĐ 86/2023: 10 days)."""
    _require(actor, Cap.TITLES_REVIEW, unit, "niêm yết danh sách")
    tt = title_type(title)
    ready = list(
        Candidacy.objects.filter(title_type=tt, year=year, review_unit=unit, state=State.REVIEWED).select_related(
            "unit", "title_type", "rule_set", "review_entry__meeting"
        )
    )
    if not ready:
        raise TitleError(f"{unit.name}: chưa có hồ sơ nào bình xét đạt để niêm yết.")
    rs = ready[0].rule_set
    if not rs.public_notice_days:
        raise TitleError(f"Năm {year} áp dụng {rs.legal_short}: không có bước niêm yết công khai.")
    if not nfc(place):
        raise TitleError("Nơi niêm yết: chưa nhập.")
    held = [
        c.review_entry.meeting.held_on
        for c in ready
        if c.review_entry is not None and c.review_entry.meeting.held_on is not None
    ]
    if held and opened_on < max(held):
        raise TitleError(f"Ngày niêm yết phải từ ngày họp bình xét ({format_date(max(held))}) trở đi.")
    notice = PublicNotice.objects.create(
        title_type=tt,
        year=year,
        unit=unit,
        ward=ready[0].ward,
        opened_on=opened_on,
        days=rs.public_notice_days,
        ends_on=facts.notice_end(opened_on, rs.public_notice_days),
        place=nfc(place),
    )
    _record(actor, "titles.notice.opened", notice, None, NOTICE_FIELDS, unit, extra={"candidates": len(ready)})
    steps = [Step(c, State.ON_NOTICE, "on_notice", changes={"notice": notice}) for c in ready]
    _transition_all(steps, actor=actor, on=opened_on)
    return notice


@transaction.atomic
def record_notice_comment(
    notice: PublicNotice,
    *,
    actor: Any,
    received_on: date,
    content: str,
    candidacy: Candidacy | None = None,
    resolution: str = "",
    upheld: bool = False,
) -> NoticeComment:
    _require(actor, Cap.TITLES_REVIEW, notice.unit, "ghi nhận ý kiến người dân")
    notice = PublicNotice.objects.select_for_update().get(pk=notice.pk)
    if not notice.is_open:
        raise TitleError("Đợt niêm yết đã kết thúc, không ghi thêm ý kiến được.")
    if not (notice.opened_on <= received_on <= notice.ends_on):
        raise TitleError(
            f"Ngày nhận ý kiến phải trong thời gian niêm yết ({format_date(notice.opened_on)}–"
            f"{format_date(notice.ends_on)})."
        )
    if not nfc(content):
        raise TitleError("Nội dung ý kiến: chưa nhập.")
    if candidacy is not None and candidacy.notice_id != notice.pk:
        raise TitleError(f"{candidacy.subject_name} không có trong danh sách niêm yết này.")
    if upheld and candidacy is None:
        raise TitleError("Ý kiến được chấp nhận phải gắn với một hộ trong danh sách.")
    comment = NoticeComment.objects.create(
        notice=notice,
        candidacy=candidacy,
        received_on=received_on,
        content=nfc(content),
        resolution=nfc(resolution),
        upheld=upheld,
    )
    audit.record(actor, "titles.notice.comment", comment, after={"upheld": upheld}, unit=notice.unit)
    return comment


@transaction.atomic
def close_public_notice(notice: PublicNotice, *, actor: Any, on: date, result_note: str = "") -> PublicNotice:
    """End the notice once its days are over; a candidate with an upheld opinion is not proposed."""
    _require(actor, Cap.TITLES_REVIEW, notice.unit, "kết thúc niêm yết")
    notice = PublicNotice.objects.select_for_update().get(pk=notice.pk)
    if not notice.is_open:
        raise TitleError("Đợt niêm yết này đã kết thúc.")
    if on <= notice.ends_on:
        raise TitleError(
            f"Thời gian niêm yết đến hết ngày {format_date(notice.ends_on)}; chỉ kết thúc được từ ngày "
            f"{format_date(facts.add_days(notice.ends_on, 1))}."
        )
    before = _snap(notice, NOTICE_FIELDS)
    comments = list(notice.comments.all())
    notice.closed_on = on
    notice.result_note = nfc(result_note) or (
        f"Nhận {len(comments)} ý kiến." if comments else "Không có ý kiến nào của người dân."
    )
    notice.save()
    _record(actor, "titles.notice.closed", notice, before, NOTICE_FIELDS, notice.unit)
    for comment in comments:
        if comment.upheld and comment.candidacy_id:
            c = Candidacy.objects.select_for_update().get(pk=comment.candidacy_id)
            if c.state == State.ON_NOTICE:
                _transition(
                    c,
                    State.NOT_PROPOSED,
                    actor=actor,
                    on=on,
                    action="not_proposed",
                    reason=f"Ý kiến người dân trong thời gian niêm yết: {comment.content}",
                )
    return notice
