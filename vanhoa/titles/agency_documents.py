"""The words of an agency decision (TT 08/2014/TT-BVHTTDL): three titles chosen by each agency's kind — “Cơ quan
đạt chuẩn văn hóa”, “Đơn vị đạt chuẩn văn hóa”, “Doanh nghiệp đạt chuẩn văn hóa” — never the merged name of the
title type, and "công nhận lại" for the province's re-recognition (with the year of the previous recognition).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from vanhoa.core.text import format_date, format_number
from vanhoa.documents import DocumentHeader, Nd30Document, Signature
from vanhoa.registry.choices import AgencyKind
from vanhoa.titles import services
from vanhoa.titles.choices import AgencyReportKind, Recognition
from vanhoa.titles.models import AgencyEnrolment, AgencyReport, Candidacy, Decision

BCD = "Ban Chỉ đạo phong trào “Toàn dân đoàn kết xây dựng đời sống văn hóa”"
KIND_ORDER = [AgencyKind.AGENCY, AgencyKind.UNIT, AgencyKind.ENTERPRISE]


def is_renewal(cands: Sequence[Candidacy]) -> bool:
    return any(c.recognition == Recognition.RENEWAL for c in cands)


def _kind(c: Candidacy) -> str:
    return c.agency.kind if c.agency is not None else AgencyKind.AGENCY


def _by_kind(cands: Sequence[Candidacy]) -> list[tuple[str, int]]:
    counts = {k: sum(1 for c in cands if _kind(c) == k) for k in KIND_ORDER}
    return [(k, n) for k, n in counts.items() if n]


def title_of(kind: str) -> str:
    return f"{AgencyKind(kind).label} đạt chuẩn văn hóa"


def quoted_titles(cands: Sequence[Candidacy]) -> str:
    """“Cơ quan đạt chuẩn văn hóa”, “Đơn vị đạt chuẩn văn hóa” — the titles this decision gives."""
    return ", ".join(f"“{title_of(k)}”" for k, _n in _by_kind(cands)) or "“Cơ quan đạt chuẩn văn hóa”"


def summary(cands: Sequence[Candidacy], year: int) -> str:
    verb = "công nhận lại" if is_renewal(cands) else "công nhận"
    return f"Về việc {verb} danh hiệu {quoted_titles(cands)} năm {year}"


def article_one(cands: Sequence[Candidacy], year: int) -> str:
    parts = [
        f"danh hiệu “{title_of(k)}” cho {format_number(n)} {AgencyKind(k).label.lower()}" for k, n in _by_kind(cands)
    ]
    if is_renewal(cands):
        return (
            f"Công nhận lại năm {year} {'; '.join(parts)} đã giữ vững danh hiệu kể từ lần công nhận trước "
            "(Có danh sách kèm theo)."
        )
    return f"Công nhận năm {year} {'; '.join(parts)} (Có danh sách kèm theo)."


def who(cands: Sequence[Candidacy]) -> str:
    """"đơn vị", "cơ quan, doanh nghiệp" …: the kinds of agency the decision names."""
    return ", ".join(AgencyKind(k).label.lower() for k, _n in _by_kind(cands)) or "cơ quan, đơn vị, doanh nghiệp"


def annex_title(cands: Sequence[Candidacy], year: int) -> str:
    verb = "công nhận lại" if is_renewal(cands) else "công nhận"
    return f"{who(cands).capitalize()} được {verb} danh hiệu {quoted_titles(cands)} năm {year}"


def previous_recognition(c: Candidacy) -> int | None:
    """The year of the recognition a renewal follows (in the system, else the one recorded on paper)."""
    before = (
        Candidacy.objects.filter(title_type_id=c.title_type_id, agency=c.agency, year__lt=c.year)
        .filter(state__in=["decided", "certified"])
        .order_by("-year")
        .values_list("year", flat=True)
        .first()
    )
    if before is not None:
        return before
    enrolment = AgencyEnrolment.objects.filter(agency=c.agency).first()
    return enrolment.prior_year if enrolment is not None else None


def note(c: Candidacy, d: Decision) -> str:
    if c.state == "revoked":
        return "Đã thu hồi"
    if c.recognition == Recognition.RENEWAL:
        last = previous_recognition(c)
        return f"Công nhận lần trước năm {last}" if last else ""
    return ""


# --------------------------------------------------------------------------- the union's achievement report


def build_agency_report(*, ward: Any, year: int, **options: Any) -> Nd30Document:
    """BÁO CÁO of an agency's trade union for its (re-)recognition dossier (TT 08/2014 Điều 7): the building
    years (first recognition) or the years kept (re-recognition), each standard of the agency's kind, the yearly
    reports, and the request. Options: ``agency`` (id or name), ``kind`` (first / renewal; default: the one of
    the year)."""
    from vanhoa.documents.exports import DocumentNotAvailable

    report = _report_for(ward, year, options)
    a = report.agency
    if not report.chair_name:
        raise DocumentNotAvailable(f"Báo cáo của {report.union_name}: chưa ghi họ tên Chủ tịch Công đoàn ký báo cáo.")
    renewal = report.kind == AgencyReportKind.RENEWAL
    title = title_of(a.kind)
    verb = "công nhận lại" if renewal else "công nhận"
    w = services.ward_on(ward, report.reported_on)
    header = DocumentHeader(
        issuer_parent=None, issuer=report.union_name.upper(), symbol="BC-CĐCS", number=None,
        place=w.short_name_on(report.reported_on), date=report.reported_on, year=None, doc_type="BÁO CÁO",
        summary=f"Thành tích xây dựng “{title}” các năm {report.from_year}–{report.to_year}, đề nghị {verb} năm "
        f"{report.year}",
    )  # fmt: skip
    doc = Nd30Document(header)
    doc.heading("I. ĐẶC ĐIỂM TÌNH HÌNH")
    doc.paragraph(_situation(a, report))
    doc.heading("II. KẾT QUẢ THỰC HIỆN CÁC TIÊU CHUẨN")
    rs = services.rule_set_for_year(services.title_type("cqvh"), a.ward, report.year)
    doc.paragraph(f"Các tiêu chuẩn “{title}” theo {rs.legal_short}:")
    for c in rs.criteria_for(a):
        if c.is_standard:
            doc.paragraph(f"{c.code.removeprefix('DN.')}. {c.title}.", bold=True)
        else:
            doc.paragraph(f"- {c.title}.")
    if report.summary:
        doc.paragraph(f"Kết quả: {report.summary}")
    for line in _inspections(a, report):
        doc.paragraph(line)
    kept = AgencyReport.objects.filter(
        agency=a, kind=AgencyReportKind.YEARLY, year__gte=report.from_year, year__lte=report.to_year
    ).order_by("year")
    if kept:
        doc.heading("III. KẾT QUẢ GIỮ VỮNG DANH HIỆU HẰNG NĂM")
        doc.table(
            [("Năm", 20), ("Kết quả", 80), ("Báo cáo ngày", 30), ("Thủ trưởng xác nhận", 35)],
            [[str(r.year), "Giữ vững danh hiệu" if r.kept else "Không giữ vững", format_date(r.reported_on),
              r.head_name] for r in kept],
            align=["center", "left", "center", "left"],
        )  # fmt: skip
    doc.heading(f"{'IV' if kept else 'III'}. ĐỀ NGHỊ")
    decider = "Chủ tịch Ủy ban nhân dân tỉnh" if renewal else "cấp có thẩm quyền"
    doc.paragraph(
        f"{report.union_name} đề nghị {BCD} xem xét, "
        f"đề nghị {decider} {verb} {a.name} đạt danh hiệu “{title}” năm {report.year}."
    )
    doc.paragraph(f"Xác nhận của thủ trưởng {a.name}: {report.head_name}.", italic=True)
    doc.closing(
        [f"{BCD} {services.unit_title(w, report.reported_on)}", f"Thủ trưởng {a.name}", "Lưu: CĐCS"],
        Signature(["TM. BAN CHẤP HÀNH", "CHỦ TỊCH"], report.chair_name),
    )  # fmt: skip
    return doc


def _report_for(ward: Any, year: int, options: dict[str, Any]) -> AgencyReport:
    from vanhoa.documents.exports import DocumentNotAvailable
    from vanhoa.units.tree import get_graph

    graph = get_graph()
    near = set(graph.covered(ward.pk)) | set(graph.current(ward.pk))
    qs = AgencyReport.objects.filter(
        year=year, kind__in=[AgencyReportKind.FIRST, AgencyReportKind.RENEWAL], agency__ward__in=near
    ).select_related("agency", "agency__group")
    value = str(options.get("agency") or "").strip()
    if value:
        qs = qs.filter(agency_id=int(value)) if value.isdigit() else qs.filter(agency__name=value)
    if options.get("kind"):
        qs = qs.filter(kind=options["kind"])
    report = qs.order_by("agency__sort_key", "kind").first()
    if report is None:
        raise DocumentNotAvailable(f"Không có báo cáo thành tích của Công đoàn cơ sở năm {year}.")
    return report


def _inspections(a: Any, report: AgencyReport) -> list[str]:
    """The steering committee's inspections of the agency in the years the report covers (their conclusions)."""
    from vanhoa.activities.choices import InspectionStatus
    from vanhoa.activities.models import Inspection

    held = Inspection.objects.filter(
        agency=a, status=InspectionStatus.DONE, held_on__year__gte=report.from_year, held_on__year__lte=report.year
    ).order_by("held_on")
    return [
        f"Kết quả kiểm tra của Ban Chỉ đạo ngày {format_date(i.held_on)}: {i.conclusion or 'đã kiểm tra'}"
        for i in held
        if i.held_on is not None
    ]


def _situation(a: Any, report: AgencyReport) -> str:
    enrolment = AgencyEnrolment.objects.filter(agency=a).first()
    parts = [f"{a.name}"]
    on = report.reported_on
    if a.group_id:  # the names of the report's date, never today's "… cũ"
        w = services.ward_on(a.group, on)
        parts.append(f"trụ sở tại {a.group.name_on(on)}, {services.unit_title(w, on)}")
    if a.staff_count:
        parts.append(f"có {format_number(a.staff_count)} cán bộ, người lao động")
    text = ", ".join(parts) + "."
    if enrolment is not None:
        text += f" Đăng ký xây dựng “{title_of(a.kind)}” ngày {format_date(enrolment.registered_on)}"
        if report.kind == AgencyReportKind.RENEWAL:
            text += f"; được công nhận năm {report.from_year}, giữ vững danh hiệu các năm sau đó"
        text += "."
    return text
