"""Printed documents of the title cycle, registered with vanhoa.documents.exports:

* ``title-registration`` – registration summary (per group; with ``group=…`` the list of households);
* ``title-minutes`` – BIÊN BẢN of a review meeting (``group=…`` or ``meeting=…``);
* ``title-proposal`` – the proposed list with the result of the public notice (``group=…``);
* ``title-decision`` – QUYẾT ĐỊNH recognising the list, with its annex (``decision=…`` or the year's one);
* ``title-certificates`` – one decorated landscape page per recognised household (``decision=…``, ``group=…``);
* ``commendation-decision`` – QUYẾT ĐỊNH giving the Giấy khen, with its annex.

Names are those of the time (a 2020 document prints "phường Quyết Tiến"). Public lists carry only the head's
name and the residential group: no phone, no house number.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date
from typing import Any

from vanhoa.core.params import int_param
from vanhoa.core.text import fold, format_date, format_number, format_percent, percent
from vanhoa.documents import DocumentHeader, Nd30Document, Signature
from vanhoa.documents.exports import DocumentNotAvailable
from vanhoa.titles import agency_documents, attendance, bases, facts, figures, services, wording
from vanhoa.titles.choices import DecisionKind, MeetingStatus, Outcome, PassKind, State, SubjectKind, VotingMethod
from vanhoa.titles.forms_print.base import FormDocument, form_of
from vanhoa.titles.models import Candidacy, Decision, ReviewMeeting, TitleType
from vanhoa.units import words
from vanhoa.units.choices import UnitKind
from vanhoa.units.models import Unit

COUNCIL = "HỘI ĐỒNG THI ĐUA - KHEN THƯỞNG"
BCD = "Ban Chỉ đạo phong trào “Toàn dân đoàn kết xây dựng đời sống văn hóa”"


# --------------------------------------------------------------------------- option helpers


def _ward_scope(ward: Unit) -> frozenset[int]:
    return facts.lineage_ids(ward.pk)


def find_group(ward: Unit, value: Any) -> Unit:
    """A group of the ward (through its history) by id, by name ("Tổ dân phố số 3", "Bản Gia Khâu") or by number
    ("3": the group whose name ends in that number, "Tổ dân phố số 3" or "Thôn 3")."""
    if isinstance(value, Unit):
        return value
    ids = facts.groups_of(ward)
    text = str(value or "").strip()
    qs = Unit.objects.filter(pk__in=ids, kind=UnitKind.GROUP)
    pk = int_param(text)
    if pk is not None:
        found = qs.filter(pk=pk).first()
        if found is not None:
            return found
    for g in qs.order_by("valid_to", "pk"):
        names = {fold(g.name), fold(g.short_name)} | {fold(r.old_name) for r in g.lineage_in.filter(kind="rename")}
        if fold(text) in names or (pk is not None and any(_number_in(n) == pk for n in names)):
            return g
    raise DocumentNotAvailable(f"Không tìm thấy {words.words_for(ward).groups} «{value}» thuộc {ward.name}.")


def _number_in(folded_name: str) -> int | None:
    """3 for "to dan pho so 03" or "thon 3"; None for a name that does not end in a number."""
    m = re.search(r"\s(?:so\s+)?(\d+)$", folded_name)
    return int(m.group(1)) if m else None


def _title(value: Any, default: str = "gdvh") -> TitleType:
    return services.title_type(value or default)


def _quoted(tt: TitleType, subject: Any = None) -> str:
    return f"“{tt.name_for(subject)}”"


def _upper_unit(unit: Unit, on: date) -> str:
    return f"{unit.type_label} {unit.short_name_on(on)}".upper()


def _issuer_lines(unit: Unit, on: date) -> str:
    """ "ỦY BAN NHÂN DÂN\nPHƯỜNG QUYẾT TIẾN" (vanhoa.titles.wording)."""
    return wording.issuing_body(unit, on)


def _place(unit: Unit, on: date) -> str:
    return unit.short_name_on(on)


# --------------------------------------------------------------------------- minutes


def _meeting_for(ward: Unit, year: int, options: dict[str, Any]) -> ReviewMeeting:
    if options.get("meeting"):
        m = ReviewMeeting.objects.filter(pk=int(options["meeting"])).first()
        if m is None:
            raise DocumentNotAvailable("Không tìm thấy cuộc họp.")
        return m
    tt = _title(options.get("title"))
    unit = find_group(ward, options["group"]) if options.get("group") else ward
    scope = [unit.pk] if unit.kind == UnitKind.GROUP else list(_ward_scope(unit))
    m = (
        ReviewMeeting.objects.filter(title_type=tt, year=year, unit__in=scope, status=MeetingStatus.SUBMITTED)
        .order_by("held_on", "pk")
        .first()
    )
    if m is None:
        raise DocumentNotAvailable(f"{unit.name} chưa có biên bản họp bình xét «{tt.name}» năm {year} đã chốt.")
    return m


def _minutes_header(m: ReviewMeeting, w: Unit, day: date) -> DocumentHeader:
    """A group's minutes under the commune over the group; the commune's under its UBND, or under its Hội đồng Thi
    đua - Khen thưởng where NĐ 86/2023 Điều 8 khoản 2 has the council review the groups (Mẫu số 06)."""
    rs, tt = m.rule_set, m.title_type
    group_level = m.unit.kind == UnitKind.GROUP
    council = not group_level and rs.regime == "nd86"  # NĐ 86/2023 Điều 8 khoản 2: the commune's council (Mẫu 06)
    return DocumentHeader(
        issuer_parent=_issuer_lines(w, day) if group_level or council else None,
        issuer=m.unit.name_on(day).upper() if group_level else (COUNCIL if council else _issuer_lines(w, day)),
        symbol="BB-TDP" if group_level else ("BB-HĐTĐKT" if council else "BB-UBND"),
        number=None,
        place=_place(w, day),
        date=day,
        year=None,
        doc_type="BIÊN BẢN",
        summary=f"Họp bình xét danh hiệu {_quoted(tt)} năm {m.year}",
    )


def _minutes_attendance(doc: Nd30Document, m: ReviewMeeting, rs: Any) -> None:
    """II. THÀNH PHẦN: chair, secretary, each capacity the rule set names with its people, the count and quorum."""
    doc.heading("II. THÀNH PHẦN")
    doc.bullet(f"Chủ trì: {m.chair}{(' - ' + m.chair_position) if m.chair_position else ''}.")
    doc.bullet(f"Thư ký: {m.secretary or '……'}.")
    for line in attendance.minutes_text(rs, attendance.lines_of(m)):
        doc.bullet(line)
    if m.invited:
        doc.bullet(
            f"Số người được mời: {m.invited}; số người có mặt: {m.present} ({format_percent(m.attendance_pct)})."
        )
    else:
        doc.bullet(f"Số người có mặt: {m.present}.")
    if rs.quorum_pct is not None:
        verdict = "hợp lệ" if m.is_valid else "không hợp lệ"
        doc.paragraph(
            f"Cuộc họp {verdict} theo quy định ({rs.meeting_source}: có mặt từ "
            f"{format_number(rs.quorum_pct)}% số người được mời trở lên)."
        )


def _minutes_table(doc: Nd30Document, rs: Any, tt: TitleType, entries: list[Any]) -> None:
    """Each candidate's line: criteria, the score where the rule set scores, the votes, the outcome."""
    scores = rs.pass_kind == PassKind.POINTS
    if scores:
        from vanhoa.titles.forms import AREA_LABELS

        marks = "; ".join(f"{v} điểm ({AREA_LABELS.get(k, k).lower()})" for k, v in (rs.pass_marks or {}).items())
        doc.paragraph(
            f"Các hộ được chấm điểm theo thang 100 điểm; mức đạt: {marks} ({rs.pass_marks_source or rs.legal_short})."
        )
    rows = []
    for i, e in enumerate(entries, start=1):
        # Votes only where they were counted: a household that failed a standard was not put to the vote.
        counted = e.votes_for is not None or bool(e.criteria_met)
        votes_for = e.effective_votes_for() if counted else None
        rows.append(
            [
                str(i),
                e.candidacy.subject_name,
                "Đạt" if e.criteria_met else "Không đạt",
                *([e.points_text] if scores else []),
                "" if votes_for is None else str(votes_for),
                str(e.votes_against or 0) if counted else "",
                "Đề nghị" if e.outcome == Outcome.PASSED else f"Không đề nghị: {e.outcome_reason}",
            ]
        )
    name_col = "Họ và tên chủ hộ" if tt.subject_kind == SubjectKind.HOUSEHOLD else "Tên"
    doc.table(
        [
            ("STT", 12),
            (name_col, 45 - 6 * scores),
            ("Tiêu chuẩn", 22 - 4 * scores),
            *([("Điểm", 14)] if scores else []),
            ("Tán thành", 20 - 2 * scores),
            ("Không tán thành", 22 - 2 * scores),
            ("Kết quả", 44),
        ],
        rows,
        align=["center", "left", "center", *(["center"] if scores else []), "center", "center", "left"],
    )


def build_minutes(*, ward: Unit, year: int, **options: Any) -> Nd30Document:
    m = _meeting_for(ward, year, options)
    rs, tt, day = m.rule_set, m.title_type, m.held_on
    if day is None:
        raise DocumentNotAvailable(f"Biên bản họp bình xét «{tt.name}» năm {m.year} chưa có ngày họp.")
    w = services.ward_on(m.unit, day)
    header = _minutes_header(m, w, day)
    doc = FormDocument(header, form=form_of(rs, "minutes"))
    entries = list(m.entries.select_related("candidacy").order_by("candidacy__sort_key", "pk"))
    passed = [e for e in entries if e.outcome == Outcome.PASSED]
    time = f"{m.start_time:%H} giờ {m.start_time:%M} phút" if m.start_time else "…… giờ …… phút"
    doc.heading("I. THỜI GIAN, ĐỊA ĐIỂM")
    doc.paragraph(f"Vào hồi {time} ngày {day.day:02d} tháng {day.month:02d} năm {day.year} tại {m.place}.")
    _minutes_attendance(doc, m, rs)
    doc.heading("III. NỘI DUNG")
    what = "hộ gia đình" if tt.subject_kind == SubjectKind.HOUSEHOLD else SubjectKind(tt.subject_kind).label.lower()
    cited = bases.rule_set_citation(rs, on=day, unit=m.unit, short=True)
    doc.paragraph(
        f"Căn cứ tiêu chuẩn danh hiệu {_quoted(tt)} theo {cited}, cuộc họp đã bình xét {len(entries)} "
        f"{what} đăng ký. Hình thức biểu quyết: "
        f"{VotingMethod(m.voting_method).label.lower() if m.voting_method else 'biểu quyết'}."
    )
    _minutes_table(doc, rs, tt, entries)
    doc.heading("IV. KẾT LUẬN")
    doc.paragraph(
        f"Cuộc họp thống nhất đề nghị công nhận danh hiệu {_quoted(tt)} năm {m.year} cho {len(passed)}/"
        f"{len(entries)} {what}; không đề nghị {len(entries) - len(passed)} {what} (lý do nêu tại bảng trên)."
    )
    end = f"{m.end_time:%H} giờ {m.end_time:%M} phút" if m.end_time else "…… giờ ……"
    doc.paragraph(f"Biên bản kết thúc hồi {end} cùng ngày, đã được thông qua trước cuộc họp./.")
    doc.closing(None, Signature(["CHỦ TRÌ"], m.chair), left_signature=Signature(["THƯ KÝ"], m.secretary or ""))
    return doc


# --------------------------------------------------------------------------- proposed list


def build_proposal(*, ward: Unit, year: int, **options: Any) -> Nd30Document:
    tt = _title(options.get("title"))
    unit = find_group(ward, options["group"]) if options.get("group") else ward
    # A public list: only those the meeting found eligible (no reasons of the others are published).
    cands = list(
        Candidacy.objects.filter(title_type=tt, year=year, review_unit=unit, review_entry__outcome=Outcome.PASSED)
        .exclude(state__in=[State.REGISTERED, State.SELF_ASSESSED, State.WITHDRAWN])
        .select_related("review_entry__meeting", "notice")
        .order_by("sort_key", "pk")
    )
    if not cands:
        raise DocumentNotAvailable(f"{unit.name} chưa có kết quả bình xét «{tt.name}» năm {year}.")
    rs = cands[0].rule_set
    meeting = next((c.review_entry.meeting for c in cands if c.review_entry is not None), None)
    notice = next((c.notice for c in cands if c.notice_id), None)
    if notice is not None and notice.closed_on is None:  # the list reports the notice's result (#14 item 4)
        raise DocumentNotAvailable(
            f"Danh sách đề nghị được lập sau khi kết thúc niêm yết: niêm yết tại {notice.place} chưa kết thúc "
            f"(đến hết ngày {format_date(notice.ends_on)}). Ghi nhận kết thúc niêm yết ở trang niêm yết công khai "
            "của tổ rồi lập lại danh sách."
        )
    # Dated the day the notice closed; with no notice, the meeting day.
    day = (notice.closed_on if notice else None) or (meeting.held_on if meeting else None)
    day = day or services.review_season(year)
    w = services.ward_on(unit, day)
    group_level = unit.kind == UnitKind.GROUP
    with_notice = notice is not None  # "kết quả lấy ý kiến" only where a notice took place
    form02 = with_notice and group_level and rs.regime == "nd86"  # NĐ 86/2023 Điều 7 khoản 1 điểm b, Mẫu số 02
    if options.get("form02") and not form02:
        raise DocumentNotAvailable(
            f"Bảng tổng hợp (Mẫu số 02) là mẫu của Nghị định số 86/2023/NĐ-CP, lập sau khi niêm yết công khai; "
            f"{unit.name} năm {year} chưa có kết quả niêm yết theo mẫu này."
        )
    header = DocumentHeader(
        issuer_parent=_issuer_lines(w, day) if group_level else None,
        issuer=unit.name_on(day).upper() if group_level else _issuer_lines(w, day),
        symbol="DS-TDP" if group_level else "DS-UBND",
        number=None,
        place=_place(w, day),
        date=day,
        year=None,
        doc_type="BẢNG TỔNG HỢP" if form02 else "DANH SÁCH",
        summary=(
            f"Danh sách hộ gia đình đạt tiêu chuẩn danh hiệu {_quoted(tt)} năm {year}"
            if form02
            else f"{'Hộ gia đình' if tt.subject_kind == SubjectKind.HOUSEHOLD else 'Đơn vị'} đề nghị xét tặng "
            f"danh hiệu {_quoted(tt)} năm {year}"
        )
        + ("\nvà kết quả lấy ý kiến người dân" if with_notice else ""),
    )
    doc = FormDocument(header, form=form_of(rs, "summary") if form02 else "", landscape=True)
    intro = f"Thực hiện {bases.rule_set_citation(rs, on=day, unit=unit, short=True)}"
    if meeting is not None:
        intro += f", {unit.name_on(day)} đã họp bình xét vào ngày {format_date(meeting.held_on)}"
    if notice is not None:
        intro += (
            f"; danh sách được niêm yết công khai tại {notice.place} từ ngày {format_date(notice.opened_on)} đến "
            f"hết ngày {format_date(notice.ends_on)} ({notice.days} ngày)"
        )
    doc.paragraph(intro + ". Kết quả như sau:")
    rows = _proposal_rows(cands, tt, year, day, notice, group_level=group_level, with_notice=with_notice)
    doc.table(
        _proposal_columns(year, with_notice, words.words_for(w, day).Groups),
        rows,
        align=["center", "left", "left", "center", "center"] + (["left"] if with_notice else []) + ["center", "left"],
    )
    n_prop = sum(r[-2] == "Đề nghị" for r in rows)
    doc.paragraph(f"Tổng số: {len(rows)}; đề nghị công nhận: {n_prop}; không đề nghị: {len(rows) - n_prop}.")
    chair = meeting.chair if meeting else ""
    signer = [words.leader_of(unit).upper()] if group_level else wording.signature_lines(w, day, collective=True)
    doc.closing(
        None,
        Signature(signer, chair),
        left_signature=Signature(["TRƯỞNG BAN CÔNG TÁC MẶT TRẬN"], "") if group_level else None,
    )
    return doc


def _proposal_columns(year: int, with_notice: bool, groups: str = "Tổ dân phố") -> list[tuple[str, int]]:
    """The list's columns; ``groups`` names the column of the groups in the commune's words ("Thôn, bản")."""
    cols = [
        ("STT", 12),
        ("Họ và tên chủ hộ", 50),
        (groups, 36),
        (f"Số năm liên tục đến {year - 1}", 22),
        ("Kết quả bình xét", 24),
    ]
    if with_notice:
        cols.append(("Ý kiến người dân khi niêm yết", 45))
    return cols + [("Đề nghị", 24), ("Ghi chú", 41)]


def _proposal_rows(
    cands: Sequence[Candidacy],
    tt: TitleType,
    year: int,
    day: date,
    notice: Any,
    *,
    group_level: bool,
    with_notice: bool,
) -> list[list[str]]:
    """One line per candidate: streak so far, the meeting's result, residents' opinions, proposed or not."""
    streaks = (  # consecutive years up to the year before: what the meeting knew
        facts.streaks_for_households([c.household_id for c in cands if c.household_id is not None], year - 1)
        if tt.subject_kind == SubjectKind.HOUSEHOLD
        else {}
    )
    comments: dict[int, list[str]] = {}
    if notice is not None:
        for cm in notice.comments.all():
            if cm.candidacy_id:
                comments.setdefault(cm.candidacy_id, []).append(
                    cm.content + (f" ({cm.resolution})" if cm.resolution else "")
                )
    rows = []
    for i, c in enumerate(cands, start=1):
        result = "Đạt" if c.review_entry and c.review_entry.outcome == Outcome.PASSED else "Không đạt"
        proposed = c.state in (State.REVIEWED, State.ON_NOTICE, State.PROPOSED, State.DECIDED, State.CERTIFIED)
        row = [
            str(i),
            c.subject_name,
            c.review_unit.name_on(day) if group_level else "",
            str(streaks.get(c.household_id, "")) if c.household_id is not None else "",
            result,
        ]
        if with_notice:
            row.append("; ".join(comments.get(c.pk, [])) or ("Không có ý kiến" if c.notice_id else ""))
        after_notice = not proposed and c.notice_id is not None
        row += ["Đề nghị" if proposed else "Không đề nghị", "Theo kết quả lấy ý kiến" if after_notice else ""]
        rows.append(row)
    return rows


# --------------------------------------------------------------------------- registration summary


def _registration_recipients(w: Unit, day: date, ws: words.UnitWords) -> list[str]:
    """The committee above as it was that day (a city's until 30/06/2025, then the province's), the commune's
    Front committee and its groups, in the commune's own words."""
    up = w.parent_on(day)
    above = f"BCĐ phong trào {up.type_label.lower()} {up.short_name_on(day)}" if up else "BCĐ phong trào cấp trên"
    return [above, f"Ủy ban MTTQ {ws.commune}", f"Các {ws.groups}"]


def build_registration(*, ward: Unit, year: int, **options: Any) -> Nd30Document:
    tt = _title(options.get("title"))
    day = services.review_season(year)
    communes = Unit.objects.filter(pk__in=_ward_scope(ward), kind=UnitKind.COMMUNE).order_by("pk")
    w = ward if ward.is_active_on(day) else next((u for u in communes if u.is_active_on(day)), ward)
    records = figures.Records(year, None, [ward])
    groups = list(Unit.objects.filter(pk__in=records.groups_of(ward.pk)).order_by("order", "sort_key"))
    rates = records.group_lines(g.pk for g in groups)
    groups = [g for g in groups if rates[g.pk].residents]
    if options.get("only_group"):  # someone who sees one group gets that group's line only (#21 F5)
        groups = [g for g in groups if g.pk == find_group(ward, options["only_group"]).pk]
    if not any(rates[g.pk].registered for g in groups):
        raise DocumentNotAvailable(f"Chưa có hộ nào đăng ký danh hiệu «{tt.name}» năm {year}.")
    header = DocumentHeader(
        issuer_parent=f"UBND {_upper_unit(w, day)}",
        issuer="BAN CHỈ ĐẠO PHONG TRÀO\n“TOÀN DÂN ĐOÀN KẾT\nXÂY DỰNG ĐỜI SỐNG VĂN HÓA”",
        symbol="BC-BCĐ",
        number=None,
        place=_place(w, day),
        date=None,
        year=year,
        doc_type="BÁO CÁO",
        summary=f"Kết quả đăng ký xây dựng danh hiệu {_quoted(tt)} năm {year}",
    )
    doc = Nd30Document(header)
    ws = words.words_for(w, day)  # a xã's thôn and bản, a phường's tổ dân phố
    doc.paragraph(f"{BCD} {w.type_label.lower()} {w.short_name_on(day)} báo cáo kết quả đăng ký như sau:")
    doc.paragraph(
        f"Số liệu tính đến ngày {format_date(records.on)}: số hộ cư trú là hộ đang cư trú tại {ws.groups} vào ngày "
        "đó; số hộ đăng ký là hộ cư trú đã đăng ký và không rút đăng ký."
    )
    rows = []
    for i, g in enumerate(groups, start=1):
        r = rates[g.pk]
        rows.append(
            [
                str(i),
                g.name_on(day),
                format_number(r.residents),
                format_number(r.registered),
                format_percent(percent(r.registered, r.residents)),
            ]
        )
    total = records.households(ward.pk)
    tot_res, tot_reg = total.residents, total.registered
    rows.append(["", "Cộng", format_number(tot_res), format_number(tot_reg), format_percent(percent(tot_reg, tot_res))])
    doc.table(
        [("STT", 12), (ws.Groups, 55), ("Số hộ cư trú", 32), ("Số hộ đăng ký", 32), ("Tỷ lệ", 34)],
        rows,
        align=["center", "left", "right", "right", "right"],
    )
    doc.closing(
        _registration_recipients(w, day, ws),
        Signature(["TM. BAN CHỈ ĐẠO", "TRƯỞNG BAN"], options.get("signer", "")),
    )
    if options.get("group"):
        g = find_group(ward, options["group"])
        cands = Candidacy.objects.filter(title_type=tt, year=year, review_unit=g).order_by("sort_key")
        doc.annex(
            ["DANH SÁCH", f"Hộ gia đình đăng ký xây dựng danh hiệu {_quoted(tt)} năm {year}", f"({g.name_on(day)})"],
            [("STT", 14), ("Họ và tên chủ hộ", 75), ("Ngày đăng ký", 36), ("Ghi chú", 40)],
            [
                [
                    str(i),
                    c.subject_name,
                    format_date(c.registered_on),
                    c.get_state_display() if c.state == State.WITHDRAWN else "",
                ]
                for i, c in enumerate(cands, start=1)
            ],
            align=["center", "left", "center", "left"],
        )
    return doc


# --------------------------------------------------------------------------- decisions


def _decision_for(ward: Unit, year: int, options: dict[str, Any], kind: str) -> Decision:
    qs = Decision.objects.filter(kind=kind, ward__in=_ward_scope(ward))
    value = str(options.get("decision") or "").strip()
    if value:
        pk = int_param(value)
        d = qs.filter(pk=pk).first() if pk is not None else None
        d = d or qs.filter(year=year, number=value.split("/")[0]).first()
    else:
        d = qs.filter(year=year, title_type=_title(options.get("title"))).order_by("signed_on", "pk").first()
    if d is None:
        raise DocumentNotAvailable(
            f"Không có quyết định {DecisionKind(kind).label.lower()} năm {year} của {ward.name}."
        )
    return d


def _legal_bases(d: Decision) -> list[str]:
    """The laws and decrees in force on the signing date for this kind, level and subject (titles.bases), then the
    rule set's own decree."""
    cited = bases.bases_for(on=d.signed_on, kind=d.kind, level=d.issuer_level, subject=d.title_type.subject_kind)
    out = [f"Căn cứ {b.text};" for b in cited]
    rule_set = d.rule_set
    if rule_set is None:
        first = d.candidacies.select_related("rule_set").first() or d.revoked.select_related("rule_set").first()
        rule_set = first.rule_set if first else None
    if rule_set is not None:  # a province's rules only with their number and date (else nothing is printed)
        out.append(f"Căn cứ {bases.rule_set_citation(rule_set, on=d.signed_on, unit=d.ward)};")
    out[-1] = out[-1].rstrip(";") + ";"
    return out


def _decision_header(d: Decision, summary: str) -> tuple[DocumentHeader, Unit]:
    issuer = services.issuer_unit(d.ward, d.issuer_level, d.signed_on)
    return (
        DocumentHeader(
            issuer_parent=None,
            issuer=_issuer_lines(issuer, d.signed_on),
            symbol=d.symbol,
            number=d.number,
            place=_place(issuer, d.signed_on),
            date=d.signed_on,
            year=None,
            doc_type="QUYẾT ĐỊNH",
            summary=summary,
        ),
        issuer,
    )


def _signature(d: Decision, issuer: Unit) -> Signature:
    """The chairman decides in his own name (no "TM."); a deputy signs "KT. CHỦ TỊCH / PHÓ CHỦ TỊCH"."""
    lines = wording.signature_lines(issuer, d.signed_on, collective=False, authority=d.signing_authority)
    return Signature(lines, d.signer_name)


def _execution_and_recipients(doc: Nd30Document, d: Decision, issuer: Unit) -> None:
    """Điều 3 and Nơi nhận worded for the issuer's level and the date (vanhoa.titles.wording)."""
    w = services.ward_on(d.ward, d.signed_on)
    text, _source = wording.executors(d, issuer, w)
    doc.article("Điều 3.", text)
    doc.closing(wording.recipients(d, issuer, w), _signature(d, issuer))


def _proposer(d: Decision, issuer: Unit) -> str:
    """The stored proposer, unless it names the decider's own body (a chairman does not decide on his own
    committee's proposal): then the body that really proposes."""
    own = f"Ủy ban nhân dân {services.unit_title(issuer, d.signed_on)}"
    w = services.ward_on(d.ward, d.signed_on)
    # The ward's steering committee by the ward's name of the time ("… phường Quyết Tiến", never "… phường").
    steering = f"{BCD} {services.unit_title(w, d.signed_on)}"
    if d.proposer in (BCD, f"{BCD} {w.type_label.lower()}") or (not d.proposer and d.kind == DecisionKind.COMMENDATION):
        return steering
    if d.proposer and d.proposer != own:
        return d.proposer
    return wording.proposer(d.title_type.subject_kind, d.issuer_level, w, d.signed_on)


def _address_then(c: Candidacy, d: Decision) -> str:
    """An agency's place with the names of the decision's date (its stored address is today's: "… cũ")."""
    group = c.group if c.group_id else (c.agency.group if c.agency is not None else None)
    if c.subject_kind != SubjectKind.AGENCY or group is None:
        return c.subject_address
    w = services.ward_on(d.ward, d.signed_on)
    return f"{group.name_on(d.signed_on)}, {services.unit_title(w, d.signed_on)}"


def build_decision(*, ward: Unit, year: int, **options: Any) -> Nd30Document:
    d = _decision_for(ward, year, options, DecisionKind.RECOGNITION)
    tt = d.title_type
    cands = list(
        d.candidacies.select_related("review_unit", "group", "agency__group").order_by(
            "review_unit__order", "sort_key", "pk"
        )
    )
    agencies = tt.subject_kind == SubjectKind.AGENCY  # three titles by kind (TT 08/2014)
    household = tt.subject_kind == SubjectKind.HOUSEHOLD
    what = "hộ gia đình" if household else SubjectKind(tt.subject_kind).label.lower()
    quoted = _quoted(tt)
    if tt.subject_kind == SubjectKind.GROUP and cands:  # the words of the groups decided: "8 tổ dân phố", "thôn, bản"
        labels = [(c.group or c.review_unit).type_label for c in cands if (c.group_id or c.review_unit_id)]
        what = words.groups_phrase(labels)
        quoted = f"“{words.cultural_titles_phrase(labels, on=d.signed_on)}”"
    summary = f"Về việc công nhận danh hiệu {quoted} năm {d.year}"
    summary = agency_documents.summary(cands, d.year) if agencies else summary
    header, issuer = _decision_header(d, summary)
    doc = FormDocument(header, form=form_of(d.rule_set, "decision") if d.rule_set else "")
    doc.centered(f"CHỦ TỊCH ỦY BAN NHÂN DÂN {_upper_unit(issuer, d.signed_on)}", bold=True)
    doc.legal_bases(_legal_bases(d))
    doc.paragraph(f"Xét đề nghị của {_proposer(d, issuer)}.")
    doc.centered("QUYẾT ĐỊNH:", bold=True)
    n = len(cands)
    article = f"Công nhận danh hiệu {quoted} năm {d.year} cho {format_number(n)} {what} (Có danh sách kèm theo)."
    doc.article("Điều 1.", agency_documents.article_one(cands, d.year) if agencies else article)
    doc.article("Điều 2.", "Quyết định này có hiệu lực kể từ ngày ký.")
    _execution_and_recipients(doc, d, issuer)
    rows = []
    group_names: dict[int, str] = {}  # one lineage lookup per group, not per household (5 000-row annexes)
    for i, c in enumerate(cands, start=1):
        note = "Đã thu hồi" if c.state == State.REVOKED else ""
        if household and c.review_unit_id not in group_names:
            group_names[c.review_unit_id] = c.review_unit.name_on(d.signed_on)
        if agencies:
            rows.append([str(i), c.subject_name, _address_then(c, d), c.title_name, agency_documents.note(c, d)])
            continue
        rows.append([str(i), c.subject_name, group_names[c.review_unit_id] if household else _address_then(c, d), note])
    total = f"Danh sách gồm {format_number(len(cands))} {agency_documents.who(cands) if agencies else what}./."
    rows.append(["", total, "", "", ""] if agencies else ["", total, "", ""])  # every annex ends with its total
    name = "Họ và tên chủ hộ" if household else "Tên"
    groups_word = words.words_for(services.ward_on(d.ward, d.signed_on), d.signed_on).groups  # "thôn, bản" on a xã
    columns = [("STT", 14), (name, 68), (f"Địa chỉ, {groups_word}", 48), ("Ghi chú", 35)]
    if agencies:
        columns = [("STT", 12), ("Tên", 50), ("Địa chỉ", 38), ("Danh hiệu", 36), ("Ghi chú", 29)]
    elif not household and not any(r[2] for r in rows):  # thôn, tổ dân phố have no address: no empty column
        columns = [("STT", 14), (name, 116), ("Ghi chú", 35)]
        rows = [[r[0], r[1], r[3]] for r in rows]
    doc.annex(
        [
            "DANH SÁCH",
            agency_documents.annex_title(cands, d.year) if agencies
            else f"{what.capitalize()} được công nhận danh hiệu {quoted} năm {d.year}",
            f"(Kèm theo Quyết định số {d.number_text} ngày {format_date(d.signed_on)} của Chủ tịch "
            f"Ủy ban nhân dân {services.unit_title(issuer, d.signed_on)})",
        ],
        columns,
        rows,
        align=["center", "left", "left", "left", "left"][: len(columns)],
    )
    return doc


def build_commendation_decision(*, ward: Unit, year: int, **options: Any) -> Nd30Document:
    d = _decision_for(ward, year, options, DecisionKind.COMMENDATION)
    rows_q = list(
        d.commendations.select_related("candidacy", "candidacy__review_unit", "rule").order_by(
            "candidacy__review_unit__order", "candidacy__sort_key"
        )
    )
    rule = rows_q[0].rule if rows_q else None
    name = rule.name if rule else "Giấy khen"
    header, issuer = _decision_header(d, f"Về việc tặng {name} năm {d.year}")
    doc = Nd30Document(header)
    doc.centered(f"CHỦ TỊCH ỦY BAN NHÂN DÂN {_upper_unit(issuer, d.signed_on)}", bold=True)
    doc.legal_bases(_legal_bases(d))
    doc.paragraph(f"Xét đề nghị của {_proposer(d, issuer)}.")
    doc.centered("QUYẾT ĐỊNH:", bold=True)
    n = len(rows_q)
    years = f"{rows_q[0].window_from}–{rows_q[0].window_to}" if rows_q else str(d.year)
    household = d.title_type.subject_kind == SubjectKind.HOUSEHOLD
    who = "hộ gia đình" if household else SubjectKind(d.title_type.subject_kind).label.lower()
    doc.article(
        "Điều 1.",
        f"Tặng {name} cho {format_number(n)} {who} đã đạt danh hiệu {_quoted(d.title_type)} "
        f"{rule.after_consecutive_years if rule else ''} năm liên tục ({years}) (Có danh sách kèm theo).",
    )
    doc.article("Điều 2.", "Quyết định này có hiệu lực kể từ ngày ký.")
    _execution_and_recipients(doc, d, issuer)
    doc.annex(
        [
            "DANH SÁCH",
            f"Hộ gia đình được tặng {name} năm {d.year}",
            f"(Kèm theo Quyết định số {d.number_text} ngày {format_date(d.signed_on)} của Chủ tịch "
            f"Ủy ban nhân dân {services.unit_title(issuer, d.signed_on)})",
        ],
        COMMENDATION_COLUMNS,
        [
            [
                str(i),
                r.candidacy.subject_name,
                r.candidacy.review_unit.name_on(d.signed_on),
                str(r.votes_for),
                "Bằng phiếu, xếp theo ngày đăng ký" if r.tie else "",
            ]
            for i, r in enumerate(rows_q, start=1)
        ]
        + [["", f"Danh sách gồm {format_number(len(rows_q))} {who}./.", "", "", ""]],
        align=["center", "left", "left", "center", "left"],
    )
    return doc


#: The Giấy khen annex (165 mm): the note of a tie ("Bằng phiếu, xếp theo ngày đăng ký") on two lines, not four.
COMMENDATION_COLUMNS = [("STT", 12), ("Họ và tên chủ hộ", 55), ("Tổ dân phố", 34), ("Số phiếu tán thành", 20),
                        ("Ghi chú", 44)]  # fmt: skip


def register_all() -> None:
    from vanhoa.documents import exports
    from vanhoa.titles import certificates

    exports.register("title-registration", "Báo cáo kết quả đăng ký danh hiệu văn hóa", build_registration)
    exports.register("title-minutes", "Biên bản họp bình xét danh hiệu văn hóa", build_minutes)
    exports.register("title-proposal", "Danh sách đề nghị và kết quả niêm yết", build_proposal)
    exports.register("title-decision", "Quyết định công nhận danh hiệu văn hóa (kèm danh sách)", build_decision)
    exports.register("title-certificates", "Giấy công nhận danh hiệu văn hóa", certificates.build_certificates)
    exports.register("commendation-decision", "Quyết định tặng Giấy khen", build_commendation_decision)
    from vanhoa.titles import forms_print

    forms_print.register_all()
    exports.register(
        "agency-report",
        "Báo cáo thành tích xây dựng cơ quan, đơn vị, doanh nghiệp đạt chuẩn văn hóa (Công đoàn cơ sở)",
        agency_documents.build_agency_report,
    )  # fmt: skip
