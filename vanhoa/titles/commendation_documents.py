"""Papers of the Giấy khen procedure (NĐ 122/2018; TTHC 1.001120, 207267), registered with
vanhoa.documents.exports:

* ``commendation-minutes`` – BIÊN BẢN of a khu dân cư's (or the ward's) Giấy khen meeting (``meeting=…`` or
  ``group=…``): who attended, the quorum, each candidate's votes, approval share and rank against the cap;
* ``commendation-certificates`` – the Giấy khen itself, one decorated page per household or khu dân cư
  (``decision=…``, ``group=…``).
"""

from __future__ import annotations

from typing import Any

from vanhoa.core.text import format_date, format_number, format_percent
from vanhoa.documents import DocumentHeader, Nd30Document, Signature
from vanhoa.documents.exports import DocumentNotAvailable
from vanhoa.titles import attendance, services, wording
from vanhoa.titles.certificates import CertificateDocument
from vanhoa.titles.choices import CommendationStatus, DecisionKind, SubjectKind, VotingMethod
from vanhoa.titles.documents import _decision_for, _place, _upper_unit, find_group
from vanhoa.titles.models import CommendationMeeting
from vanhoa.titles.services.commendation import RANK_ORDER
from vanhoa.units.choices import UnitKind
from vanhoa.units.models import Unit


def _meeting(ward: Unit, year: int, options: dict[str, Any]) -> CommendationMeeting:
    qs = CommendationMeeting.objects.select_related("rule", "rule__rule_set", "unit")
    m: CommendationMeeting | None
    if options.get("meeting"):
        m = qs.filter(pk=int(options["meeting"])).first()
    else:
        unit = find_group(ward, options["group"]) if options.get("group") else ward
        code = options.get("title") or "gdvh"
        m = qs.filter(year=year, unit=unit, rule__rule_set__title_type__code=code).order_by("-held_on").first()
    if m is None:
        raise DocumentNotAvailable("Chưa có biên bản họp xét tặng Giấy khen.")
    return m


def build_commendation_minutes(*, ward: Unit, year: int, **options: Any) -> Nd30Document:
    m = _meeting(ward, year, options)
    rule, rs, day = m.rule, m.rule.rule_set, m.held_on
    w = services.ward_on(m.unit, day)
    group_level = m.unit.kind == UnitKind.GROUP
    doc = Nd30Document(
        DocumentHeader(
            issuer_parent=wording.issuing_body(w, day) if group_level else None,
            issuer=m.unit.name_on(day).upper() if group_level else wording.issuing_body(w, day),
            symbol="BB-TDP" if group_level else "BB-UBND",
            number=None,
            place=_place(w, day),
            date=day,
            year=None,
            doc_type="BIÊN BẢN",
            summary=f"Họp xét tặng {rule.name} năm {m.year}",
        )
    )
    doc.heading("I. THỜI GIAN, ĐỊA ĐIỂM")
    doc.paragraph(f"Ngày {day.day:02d} tháng {day.month:02d} năm {day.year}, tại {m.place}.")
    doc.heading("II. THÀNH PHẦN")
    doc.bullet(f"Chủ trì: {m.chair}{(' - ' + m.chair_position) if m.chair_position else ''}.")
    doc.bullet(f"Thư ký: {m.secretary or '……'}.")
    for line in attendance.minutes_text(rs, attendance.lines_of(m)):
        doc.bullet(line)
    valid = m.quorum_met(rs.quorum_pct)
    doc.bullet(
        f"Số người được mời: {m.invited}; số người có mặt: {m.present} ({format_percent(m.attendance_pct)}). "
        f"Cuộc họp {'hợp lệ' if valid else 'không hợp lệ'} (có mặt từ {format_number(rs.quorum_pct or 0)}% số "
        f"người được mời trở lên; {rule.source})."
    )
    doc.heading("III. NỘI DUNG")
    who = "hộ gia đình" if rule.rule_set.title_type.subject_kind == SubjectKind.HOUSEHOLD else "khu dân cư"
    doc.paragraph(
        f"Xét tặng {rule.name} cho {who} đạt danh hiệu {rule.after_consecutive_years} năm liên tục "
        f"({m.year - rule.after_consecutive_years + 1}–{m.year}): {m.eligible} {who} đủ điều kiện; được đề nghị "
        f"tối đa {format_number(rule.cap_pct)}% là {m.cap} {who}, xếp theo tỷ lệ tán thành. Hình thức biểu quyết: "
        f"{VotingMethod(m.voting_method).label.lower()}."
    )
    rows = []
    for i, r in enumerate(m.commendations.select_related("candidacy").order_by(*RANK_ORDER), 1):
        result = "Đề nghị" if r.status in (CommendationStatus.WITHIN_CAP, CommendationStatus.AWARDED) else (
            r.reason or r.get_status_display()
        )
        rows.append(
            [str(i), r.candidacy.subject_name, str(r.votes_for), format_percent(m.share(r.votes_for)),
             str(r.rank or ""), result]
        )  # fmt: skip
    doc.table(
        [("STT", 12), ("Tên", 48), ("Tán thành", 20), ("Tỷ lệ", 20), ("Xếp hạng", 20), ("Kết quả", 45)],
        rows,
        align=["center", "left", "center", "center", "center", "left"],
    )
    within = sum(1 for r in rows if r[-1] == "Đề nghị")
    doc.heading("IV. KẾT LUẬN")
    doc.paragraph(
        f"Cuộc họp thống nhất đề nghị tặng {rule.name} năm {m.year} cho {within} {who} có tên tại bảng trên./."
        if valid and within
        else "Cuộc họp không đề nghị tặng Giấy khen (lý do nêu tại bảng trên)./."
    )
    doc.closing(None, Signature(["CHỦ TRÌ"], m.chair), left_signature=Signature(["THƯ KÝ"], m.secretary or ""))
    return doc


def build_commendation_certificates(*, ward: Unit, year: int, **options: Any) -> CertificateDocument:
    """The Giấy khen of a decision: one page per household (or khu dân cư) given it."""
    d = _decision_for(ward, year, options, DecisionKind.COMMENDATION)
    rows = list(
        d.commendations.select_related("candidacy", "candidacy__review_unit", "rule").order_by(
            "candidacy__review_unit__order", "candidacy__sort_key"
        )
    )
    if options.get("group"):
        group = find_group(ward, options["group"])
        rows = [r for r in rows if r.candidacy.review_unit_id == group.pk]
    if not rows:
        raise DocumentNotAvailable("Không có ai để in Giấy khen.")
    issuer = services.issuer_unit(d.ward, d.issuer_level, d.signed_on)
    w = services.ward_on(d.ward, d.signed_on)
    province = w.ancestor_on(d.signed_on, UnitKind.PROVINCE)
    tail = ", ".join(services.unit_title(u, d.signed_on) for u in (w, province) if u is not None)
    household = d.title_type.subject_kind == SubjectKind.HOUSEHOLD
    place = _place(issuer, d.signed_on)
    doc = CertificateDocument()
    for r in rows:
        c = r.candidacy
        doc.page(
            issuer=f"CHỦ TỊCH ỦY BAN NHÂN DÂN {_upper_unit(issuer, d.signed_on)}",
            heading="GIẤY KHEN",
            holder=f"Tặng hộ ông (bà): {c.subject_name}" if household else f"Tặng {c.subject_name}",
            address=f"{c.review_unit.name_on(d.signed_on)}, {tail}" if household else tail,
            lead=f"Đã có thành tích {r.rule.after_consecutive_years} năm liên tục ({r.window_from}–{r.window_to}) "
            "đạt danh hiệu",
            title=d.title_type.name if household else c.title_type.name_for(c.subject),
            year=d.year,
            decision=f"Quyết định số {d.number_text} ngày {format_date(d.signed_on)}",
            register_no="Số vào sổ: ……",
            place_date=f"{place}, ngày {d.signed_on.day:02d} tháng {d.signed_on.month:02d} năm {d.signed_on.year}",
            signer_title=wording.signature_lines(issuer, d.signed_on, collective=False, authority=d.signing_authority),
            signer=d.signer_name,
        )
    return doc


def register_all() -> None:
    from vanhoa.documents import exports

    exports.register("commendation-minutes", "Biên bản họp xét tặng Giấy khen", build_commendation_minutes)
    exports.register("commendation-certificates", "Giấy khen (in theo quyết định)", build_commendation_certificates)
