"""The group title's forms under NĐ 86/2023 (Điều 7 khoản 2), prefilled from the records:

* Mẫu số 04 – Tờ trình: the commune asks the decider to award the groups its Hội đồng Thi đua – Khen thưởng kept
  (before 01/07/2025 the Ủy ban nhân dân cấp xã to the Chủ tịch Ủy ban nhân dân cấp huyện; from then the commune's
  council to the Chủ tịch Ủy ban nhân dân cấp xã, NĐ 129/2025/NĐ-CP — the decider comes from the dated DeciderRule);
* Mẫu số 05 – Báo cáo thành tích of one group, by its head: its households and cultural-family rate, its titles of
  the past years, the standards of the rule set with what the records hold for each.

The minutes (Mẫu số 06) are vanhoa.titles.documents.build_minutes of the commune's meeting.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from vanhoa.core.text import format_date, format_number
from vanhoa.documents import DocumentHeader, Signature
from vanhoa.documents.exports import DocumentNotAvailable
from vanhoa.documents.register import entry_for
from vanhoa.titles import facts, figures, services, wording
from vanhoa.titles.choices import RECOGNISED, AdminLevel, MeetingStatus, Outcome
from vanhoa.titles.documents import _title, find_group
from vanhoa.titles.forms_print.base import (
    FormDocument,
    council_name,
    form_of,
    group_head,
    group_header,
    require_regime,
)
from vanhoa.titles.forms_print.household_forms import _head_line, _split_number
from vanhoa.titles.models import Candidacy, Proposal, PublicNotice, ReviewMeeting, RuleSet, TitleType
from vanhoa.units.models import Unit
from vanhoa.units.words import words_for


def _ward_meeting(ward: Unit, year: int, tt: TitleType) -> ReviewMeeting:
    m = (
        ReviewMeeting.objects.filter(
            title_type=tt, year=year, unit__in=facts.lineage_ids(ward.pk), status=MeetingStatus.SUBMITTED
        )
        .order_by("-held_on", "-pk")
        .first()
    )
    if m is None:
        raise DocumentNotAvailable(f"{ward.name} chưa có biên bản họp bình xét «{tt.name}» năm {year} đã chốt.")
    return m


def _number(proposal: Proposal | None) -> tuple[str | None, str | None]:
    """The paper's number: its line in the register book (documents.register), else the number typed on it."""
    if proposal is None:
        return None, None
    entry = entry_for(proposal)
    if entry is not None:
        return f"{entry.number:02d}", entry.symbol or None
    return _split_number(proposal.number)


def build_submission(*, ward: Unit, year: int, **options: Any) -> FormDocument:
    """Tờ trình đề nghị xét tặng danh hiệu “Thôn, tổ dân phố văn hóa” (NĐ 86/2023 Mẫu số 04)."""
    tt = _title(options.get("title"), "tdpvh")
    m = _ward_meeting(ward, year, tt)
    rs: RuleSet = m.rule_set
    require_regime(rs, "nd86", "Tờ trình (Mẫu số 04)", year)
    proposal = Proposal.objects.filter(title_type=tt, year=year, unit=m.unit).order_by("-submitted_on").first()
    notice = PublicNotice.objects.filter(title_type=tt, year=year, unit=m.unit).order_by("-opened_on").first()
    on = proposal.submitted_on if proposal else (notice.closed_on if notice and notice.closed_on else m.held_on)
    if on is None:
        raise DocumentNotAvailable(f"Biên bản họp bình xét «{tt.name}» năm {year} chưa có ngày họp.")
    w = services.ward_on(m.unit, on)
    decider = services.decider_for(tt, on)
    level = decider.level if decider else AdminLevel.DISTRICT
    council = level == AdminLevel.COMMUNE  # from 01/07/2025 the commune chairman decides on the council's proposal
    number, symbol = _number(proposal)
    header = DocumentHeader(
        issuer_parent=wording.issuing_body(w, on) if council else None,
        issuer=council_name(w, on) if council else wording.issuing_body(w, on),
        symbol=symbol or ("TTr-HĐTĐKT" if council else "TTr-UBND"),
        number=number,
        place=w.short_name_on(on),
        date=on if proposal else None,
        year=year,
        doc_type="TỜ TRÌNH",
        summary=f"Đề nghị xét tặng danh hiệu “{words_for(w, on).cultural_groups}” năm {year}",
    )
    doc = FormDocument(header, form=form_of(rs, "proposal"))
    decider_unit = services.issuer_unit(w, level, on)
    to = f"Chủ tịch Ủy ban nhân dân {services.unit_title(decider_unit, on)}"
    doc.paragraph(f"Kính gửi: {to}.", align="center", indent=False)
    bases = [f"Căn cứ {rs.legal_basis};", f"Căn cứ Biên bản họp bình xét ngày {format_date(m.held_on)};"]
    if notice is not None and notice.closed_on:
        bases.append(
            f"Căn cứ kết quả lấy ý kiến người dân trong thời gian công khai từ ngày {format_date(notice.opened_on)} "
            f"đến hết ngày {format_date(notice.ends_on)} tại {notice.place};"
        )
    bases[-1] = bases[-1].rstrip(";") + "."
    doc.legal_bases(bases)
    entries = [e for e in m.entries.select_related("candidacy__group") if e.outcome == Outcome.PASSED]
    who = "Hội đồng Thi đua - Khen thưởng" if council else "Ủy ban nhân dân"
    doc.paragraph(
        f"{who} {services.unit_title(w, on)} kính trình {to} xem xét, tặng danh hiệu “"
        f"{words_for(w, on).cultural_groups}” năm {year} cho {format_number(len(entries))} "
        f"{words_for(w, on).groups}, cụ thể:"
    )
    rows = []
    for i, e in enumerate(sorted(entries, key=lambda e: (e.candidacy.group.order if e.candidacy.group else 0)), 1):
        g = e.candidacy.group
        count = figures.household_figures(g, year) if g else None
        rows.append([str(i), e.candidacy.subject_name, count.text if count else "", ""])
    doc.table(
        [("STT", 14), ("Tên", 60), (f"Gia đình văn hóa năm {year}", 58), ("Ghi chú", 33)],
        rows,
        align=["center", "left", "center", "left"],
    )
    doc.paragraph("Hồ sơ kèm theo:")
    for item in rs.dossier_items.exclude(code="proposal").order_by("order", "pk"):
        doc.bullet(f"{item.name}{f' ({item.form})' if item.form else ''}.")
    doc.paragraph(f"Kính trình {to} xem xét, quyết định./.")
    sign = (
        ["TM. HỘI ĐỒNG THI ĐUA - KHEN THƯỞNG", "CHỦ TỊCH"]
        if council
        else wording.signature_lines(w, on, collective=True)
    )
    doc.closing(["Như trên", "Lưu: VT"], Signature(sign, m.chair if council else ""))
    return doc


def build_achievement_report(*, ward: Unit, year: int, **options: Any) -> FormDocument:
    """Báo cáo thành tích đề nghị xét tặng danh hiệu “Thôn, tổ dân phố văn hóa” of one group (NĐ 86/2023 Mẫu số 05),
    signed by its head: I. its households, II. the standards with what the records hold, III. the titles it held."""
    tt = _title(options.get("title"), "tdpvh")
    if not options.get("group"):
        raise DocumentNotAvailable("Cần chọn tổ dân phố (group=…).")
    group = find_group(ward, options["group"])
    c = (
        Candidacy.objects.filter(title_type=tt, year=year, group__in=facts.lineage_ids(group.pk))
        .select_related("rule_set")
        .first()
    )
    if c is None:
        raise DocumentNotAvailable(f"{group.name} chưa đăng ký danh hiệu «{tt.name}» năm {year}.")
    rs = c.rule_set
    require_regime(rs, "nd86", "Báo cáo thành tích (Mẫu số 05)", year)
    on = _report_day(c, year)
    title = tt.name_for(group)
    doc = FormDocument(
        group_header(
            group,
            symbol="BC-TDP",
            number=None,
            on=on,
            doc_type="BÁO CÁO",
            summary=f"Thành tích đề nghị xét tặng danh hiệu “{title}” năm {year}",
        ),
        form=form_of(rs, "report"),
    )
    _report_body(doc, group, year, on, rs)
    doc.closing(
        None,
        Signature([_head_line(group)], _head_name(group, year)),
        left_signature=Signature(["TRƯỞNG BAN CÔNG TÁC MẶT TRẬN"], ""),
    )
    return doc


def _report_day(c: Candidacy, year: int) -> date:
    """The report goes before the commune's meeting: the day before it, else the review season."""
    m = c.review_entry.meeting if c.review_entry is not None else None
    return (m.held_on if m and m.held_on else services.review_season(year)) - timedelta(days=1)


def _head_name(group: Unit, year: int) -> str:
    """The group head who chaired its household meeting that year."""
    m = ReviewMeeting.objects.filter(year=year, unit=group, status=MeetingStatus.SUBMITTED).order_by("-held_on").first()
    return m.chair if m else ""


def _report_body(doc: FormDocument, group: Unit, year: int, on: date, rs: RuleSet) -> None:
    count = figures.household_figures(group, year)
    last = figures.household_figures(group, year - 1)
    doc.heading("I. ĐẶC ĐIỂM TÌNH HÌNH")
    doc.paragraph(
        f"{group.name_on(on)} có {format_number(count.residents)} hộ gia đình cư trú; "
        f"{format_number(count.registered)} hộ đăng ký xây dựng danh hiệu “Gia đình văn hóa” năm {year}."
    )
    doc.heading("II. KẾT QUẢ THỰC HIỆN CÁC TIÊU CHUẨN")
    this, before = (c.text if c.recognised else "chưa có quyết định công nhận" for c in (count, last))
    doc.paragraph(
        f"Gia đình văn hóa năm {year}: {this}; năm {year - 1}: {before} (số hộ được công nhận / số hộ cư trú)."
    )
    standards = [s for s in rs.criteria.order_by("order", "pk") if not s.standard] or list(rs.criteria.all())
    for n, s in enumerate(standards, start=1):  # numbered 1., 2. … under the section's Roman II
        doc.heading(f"{n}. {s.title}", level=2)
        doc.paragraph(f"Tự đánh giá của {group_head(group).lower()}: ……………………………………………", align="left")
    doc.heading("III. DANH HIỆU ĐÃ ĐẠT")
    held = sorted(
        set(
            Candidacy.objects.filter(
                title_type=rs.title_type, group__in=facts.lineage_ids(group.pk), state__in=RECOGNISED, year__lt=year
            ).values_list("year", flat=True)
        )
    )
    text = ", ".join(str(y) for y in held) if held else "chưa có"
    doc.paragraph(f"Các năm được công nhận danh hiệu: {text}.")
