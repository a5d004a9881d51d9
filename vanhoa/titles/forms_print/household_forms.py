"""The household title's forms, prefilled from the records:

* the group's proposal to the commune chairman (NĐ 86/2023 Mẫu số 01; NĐ 122/2018 Điều 8 điểm a, no form number);
* a household's registration (NĐ 122/2018 Mẫu số 01) and self-assessment (NĐ 122/2018 Mẫu số 03): a citizen's
  own papers, one page per household, no issuing body and no number.

The Bảng tổng hợp (NĐ 86/2023 Mẫu số 02) is the proposed list of vanhoa.titles.documents.build_proposal in the
form's layout, and the minutes (Mẫu số 03 / 07) are build_minutes with the form's header.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db.models import Q

from vanhoa.core.params import int_param
from vanhoa.core.text import format_date, format_number
from vanhoa.documents import DocumentHeader, Signature
from vanhoa.documents.exports import DocumentNotAvailable
from vanhoa.titles import facts, services
from vanhoa.titles.choices import MeetingStatus, State
from vanhoa.titles.documents import _title, find_group
from vanhoa.titles.forms_print.base import (
    FormDocument,
    decree_name,
    form_of,
    group_head,
    group_header,
    head_of,
    require_regime,
)
from vanhoa.titles.models import Candidacy, Criterion, Proposal, PublicNotice, ReviewMeeting, RuleSet
from vanhoa.units.models import Unit

PROPOSED = (State.REVIEWED, State.ON_NOTICE, State.PROPOSED, State.DECIDED, State.CERTIFIED, State.REVOKED)


def _split_number(text: str) -> tuple[str | None, str | None]:
    """ "03/ĐN-TDP" → ("03", "ĐN-TDP"); "03" → ("03", None); "" → (None, None)."""
    text = (text or "").strip()
    if not text:
        return None, None
    number, _, symbol = text.partition("/")
    return number.strip() or None, symbol.strip() or None


def _group_facts(ward: Unit, year: int, options: dict[str, Any]) -> dict[str, Any]:
    """The group's submitted meeting, notice, proposal and proposed candidacies for the household title."""
    if not options.get("group"):
        raise DocumentNotAvailable("Cần chọn tổ dân phố (group=…).")
    tt = _title(options.get("title"))
    group = find_group(ward, options["group"])
    meeting = (
        ReviewMeeting.objects.filter(title_type=tt, year=year, unit=group, status=MeetingStatus.SUBMITTED)
        .order_by("-held_on", "-pk")
        .first()
    )
    if meeting is None:
        raise DocumentNotAvailable(f"{group.name} chưa có biên bản họp bình xét «{tt.name}» năm {year} đã chốt.")
    cands = list(
        Candidacy.objects.filter(title_type=tt, year=year, review_unit=group, state__in=PROPOSED).order_by(
            "sort_key", "pk"
        )
    )
    notice = PublicNotice.objects.filter(title_type=tt, year=year, unit=group).order_by("-opened_on").first()
    proposal = Proposal.objects.filter(title_type=tt, year=year, unit=group).order_by("-submitted_on", "-pk").first()
    return {"tt": tt, "group": group, "meeting": meeting, "cands": cands, "notice": notice, "proposal": proposal}


def build_group_proposal(*, ward: Unit, year: int, **options: Any) -> FormDocument:
    """Văn bản đề nghị xét tặng danh hiệu “Gia đình văn hóa” of a group (NĐ 86/2023 Điều 7 khoản 1 điểm a, Mẫu
    số 01; NĐ 122/2018 Điều 8 điểm a): the group's head asks the commune chairman to award the households the
    meeting (and, under NĐ 86/2023, the residents' consultation) kept."""
    f = _group_facts(ward, year, options)
    tt, group, meeting, notice, proposal = f["tt"], f["group"], f["meeting"], f["notice"], f["proposal"]
    rs: RuleSet = meeting.rule_set
    if rs.public_notice_days and (notice is None or notice.closed_on is None):
        raise DocumentNotAvailable(
            f"Văn bản đề nghị được lập sau khi kết thúc niêm yết công khai ({rs.notice_source}); {group.name} "
            "chưa kết thúc niêm yết."
        )
    number, symbol = _split_number(proposal.number if proposal else "")
    day = proposal.submitted_on if proposal else None
    on = day or (notice.closed_on if notice else meeting.held_on)
    header = group_header(
        group,
        symbol=symbol or "ĐN-TDP",
        number=number,
        on=on,
        doc_type="VĂN BẢN ĐỀ NGHỊ",
        summary=f"Xét tặng danh hiệu “{tt.name}” năm {year}",
    )
    if day is None:  # not sent yet: the day is left for the signer
        header = DocumentHeader(**{**header.__dict__, "date": None, "year": year})
    doc = FormDocument(header, form=form_of(rs, "proposal"))
    w = services.ward_on(group, on)
    chairman = f"Chủ tịch Ủy ban nhân dân {services.unit_title(w, on)}"
    doc.paragraph(f"Kính gửi: {chairman}.", align="center", indent=False)
    doc.legal_bases(_proposal_bases(rs, group, meeting, notice, on))
    n = len(f["cands"])
    attached = "có Bảng tổng hợp kèm theo" if rs.regime == "nd86" else "có danh sách kèm theo"
    doc.paragraph(
        f"{group.name_on(on)} đề nghị {chairman} xét tặng danh hiệu “{tt.name}” năm {year} cho "
        f"{format_number(n)} hộ gia đình ({attached})."
    )
    doc.paragraph("Hồ sơ gửi kèm:", indent=True)
    for item in rs.dossier_items.exclude(code="proposal").order_by("order", "pk"):
        doc.bullet(f"{item.name}{f' ({item.form})' if item.form else ''}.")
    doc.closing(
        ["Như trên", f"Ban Công tác Mặt trận {group.name_on(on)}", "Lưu: Tổ dân phố"],
        Signature([_head_line(group)], meeting.chair),
    )
    return doc


def _head_line(group: Unit) -> str:
    """The signer's position in capitals: "TỔ TRƯỞNG" for a street group, "TRƯỞNG THÔN" for a village."""
    head = group_head(group)
    return "TỔ TRƯỞNG" if head.startswith("Tổ trưởng") else head.upper()


def _proposal_bases(rs: RuleSet, group: Unit, meeting: ReviewMeeting, notice: Any, on: date) -> list[str]:
    out = [f"Căn cứ {rs.legal_basis};"]
    out.append(f"Căn cứ Biên bản họp bình xét ngày {format_date(meeting.held_on)} của {group.name_on(on)};")
    if notice is not None and notice.closed_on:
        out.append(
            f"Căn cứ kết quả lấy ý kiến người dân trong thời gian niêm yết công khai từ ngày "
            f"{format_date(notice.opened_on)} đến hết ngày {format_date(notice.ends_on)} tại {notice.place}."
        )
    else:
        out[-1] = out[-1].rstrip(";") + "."
    return out


# --------------------------------------------------------------------------- a household's own papers (NĐ 122/2018)


def _households(ward: Unit, year: int, options: dict[str, Any]) -> tuple[list[Candidacy], RuleSet]:
    """The candidacies the papers are for: one household (household=<candidacy or household id>) or a group's."""
    tt = _title(options.get("title"))
    qs = Candidacy.objects.filter(title_type=tt, year=year, subject_kind="household").exclude(state=State.WITHDRAWN)
    if int_param(str(options.get("household") or "")) is not None:
        hid = int_param(str(options["household"]))
        qs = qs.filter(ward__in=facts.lineage_ids(ward.pk)).filter(Q(pk=hid) | Q(household_id=hid))
    elif options.get("group"):
        qs = qs.filter(review_unit=find_group(ward, options["group"]))
    else:
        raise DocumentNotAvailable("Cần chọn hộ gia đình (household=…) hoặc tổ dân phố (group=…).")
    cands = list(qs.select_related("rule_set", "review_unit").order_by("sort_key", "pk"))
    if not cands:
        raise DocumentNotAvailable(f"Không có hộ nào đăng ký danh hiệu «{tt.name}» năm {year}.")
    return cands, cands[0].rule_set


def _citizen_header(c: Candidacy, doc_type: str, summary: str, on: date) -> DocumentHeader:
    w = services.ward_on(c.review_unit, on)
    return DocumentHeader(None, "", "", None, w.short_name_on(on), on, None, doc_type, summary)


def _standards(rs: RuleSet) -> list[Criterion]:
    items = list(rs.criteria.order_by("order", "pk"))
    top = [c for c in items if not c.standard]
    return top or items


def build_registration_form(*, ward: Unit, year: int, **options: Any) -> FormDocument:
    """Bản đăng ký tham gia thi đua xây dựng danh hiệu “Gia đình văn hóa” (NĐ 122/2018 Mẫu số 01), one page per
    household: the head's name and address, the year, the standards the family commits to, dated the day it
    registered. A citizen's paper: not an administrative document under NĐ 30/2020."""
    cands, rs = _households(ward, year, options)
    require_regime(rs, "nd122", "Bản đăng ký (Mẫu số 01)", year)
    doc: FormDocument | None = None
    for c in cands:
        header = _citizen_header(
            c, "BẢN ĐĂNG KÝ", f"Tham gia thi đua xây dựng danh hiệu “{c.title_type.name}” năm {year}", c.registered_on
        )
        if doc is None:
            doc = FormDocument(header, form=form_of(rs, "registration"), citizen=True)
        else:
            doc.next_copy(header)
        on = c.registered_on
        doc.paragraph(
            f"Kính gửi: Ban Công tác Mặt trận và {head_of(c.review_unit, on)}.",
            align="center",
            indent=False,
        )
        doc.paragraph(f"Họ và tên chủ hộ: {c.subject_name}.")
        doc.paragraph(f"Địa chỉ: {c.subject_address or c.review_unit.name_on(on)}.")
        doc.paragraph(
            f"Sau khi nghiên cứu tiêu chuẩn danh hiệu “{c.title_type.name}” quy định tại {decree_name(rs)}, gia đình "
            f"chúng tôi đăng ký tham gia thi đua xây dựng danh hiệu “{c.title_type.name}” năm {year} và cam kết "
            "thực hiện tốt các tiêu chuẩn sau:"
        )
        for s in _standards(rs):
            doc.bullet(f"{s.title}.")
        doc.closing(
            None,
            Signature(["CHỦ HỘ"], c.subject_name),
            left_signature=Signature([_head_line(c.review_unit)], ""),
        )
    assert doc is not None
    return doc


def build_self_assessment(*, ward: Unit, year: int, **options: Any) -> FormDocument:
    """Bảng tự đánh giá thực hiện tiêu chí “Gia đình văn hóa” (NĐ 122/2018 Mẫu số 03), one page per household: the
    criteria with their points, the household's own score where it gave one, the pass mark of the rule set."""
    cands, rs = _households(ward, year, options)
    require_regime(rs, "nd122", "Bảng tự đánh giá (Mẫu số 03)", year)
    criteria = list(rs.criteria.order_by("order", "pk"))
    doc: FormDocument | None = None
    for c in cands:
        on = c.self_assessed_on or c.registered_on
        header = _citizen_header(
            c, "BẢNG TỰ ĐÁNH GIÁ", f"Thực hiện tiêu chuẩn danh hiệu “{c.title_type.name}” năm {year}", on
        )
        if doc is None:
            doc = FormDocument(header, form=form_of(rs, "self_assessment"), citizen=True)
        else:
            doc.next_copy(header)
        doc.paragraph(f"Họ và tên chủ hộ: {c.subject_name}.")
        doc.paragraph(f"Địa chỉ: {c.subject_address or c.review_unit.name_on(on)}.")
        rows = [
            [c2.code, c2.title, "" if c2.points is None else format_number(c2.points), ""] for c2 in criteria
        ]
        total = sum((c2.points or 0) for c2 in criteria)
        own = "" if c.self_points is None else format_number(c.self_points)
        rows.append(["", "Tổng số điểm", format_number(total) if total else "", own])
        doc.table(
            [("Mục", 14), ("Tiêu chuẩn, tiêu chí", 110), ("Điểm chuẩn", 20), ("Điểm tự chấm", 22)],
            rows,
            align=["center", "left", "center", "center"],
        )
        mark = rs.pass_mark()
        if mark is not None:
            doc.paragraph(
                f"Điểm đạt danh hiệu: {format_number(mark)} điểm; mức điểm khác theo khu vực do cuộc họp bình xét xác "
                f"định. Căn cứ: {rs.pass_marks_source or rs.legal_short}."
            )
        doc.closing(None, Signature(["CHỦ HỘ"], c.subject_name))
    assert doc is not None
    return doc
