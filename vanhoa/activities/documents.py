"""Documents in the NĐ 30/2020 format: the inspection minutes (Biên bản kiểm tra) and the funding report
(Báo cáo tình hình tiếp nhận, sử dụng kinh phí, with amounts in words and the public list of contributions).

Registered as document kinds "inspection-minutes" (option id=<inspection>) and "funding-report":
`manage.py export_document inspection-minutes --ward "Đoàn Kết" --year 2020 --option id=12 -o bb.docx`.

Body dates are written dd/mm/yyyy: the checker takes the first ", ngày … tháng … năm …" it meets as the
document's place-date line.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from vanhoa.activities.choices import FindingResult, MoneySource
from vanhoa.activities.funding import balances, vnd
from vanhoa.activities.models import ANONYMOUS_DONOR, Contribution, Expense, Inspection
from vanhoa.activities.places import existed_in
from vanhoa.core.numwords import amount_in_words
from vanhoa.core.text import format_date, format_number
from vanhoa.documents import DocumentHeader, Nd30Document, Signature
from vanhoa.documents.exports import DocumentNotAvailable
from vanhoa.plans.documents import balanced_lines
from vanhoa.plans.models import Plan
from vanhoa.plans.services import default_texts
from vanhoa.units.choices import UnitKind
from vanhoa.units.models import Unit
from vanhoa.units.tree import get_graph

MOVEMENT = "“Toàn dân đoàn kết xây dựng đời sống văn hóa”"
FINDING_COLUMNS = [("TT", 10), ("Tiêu chí", 80), ("Kết quả", 25), ("Nhận xét", 50)]
FINDING_ALIGN = ["center", "left", "center", "left"]
RESULT_TEXT = dict(FindingResult.choices)


def in_words(amount: int) -> str:
    """'Bằng chữ: Mười hai triệu năm trăm nghìn đồng.'"""
    return f"Bằng chữ: {amount_in_words(amount)}."


def _header(ward: Unit, year: int, symbol: str, number: str | None, day: date | None, doc_type: str,
            summary: str) -> DocumentHeader:
    texts = default_texts(ward, year)
    return DocumentHeader(
        issuer_parent=texts["issuer_parent"],
        issuer=texts["issuer"],
        symbol=symbol,
        number=number or None,
        place=texts["place"],
        date=day,
        year=year,
        doc_type=doc_type,
        summary=summary,
    )


# --------------------------------------------------------------------------- inspection minutes


def minutes_summary(inspection: Inspection) -> str:
    if inspection.agency_id:
        text = f"Kiểm tra việc thực hiện tiêu chuẩn “Cơ quan, đơn vị đạt chuẩn văn hóa” tại {inspection.subject_name}"
    else:
        text = f"Kiểm tra việc thực hiện phong trào {MOVEMENT} tại {inspection.subject_name}"
    return balanced_lines(text)


def inspection_minutes(inspection: Inspection) -> Nd30Document:
    """BIÊN BẢN KIỂM TRA: who inspected whom, when, against which criteria; the result of each criterion,
    the corrections required and the conclusion; signed by the head of the team and the unit's representative."""
    ward, year = inspection.ward, inspection.year
    doc = Nd30Document(
        _header(ward, year, "BB-BCĐ", inspection.number, inspection.held_on, "BIÊN BẢN", minutes_summary(inspection))
    )
    members = list(inspection.members.all())
    subject = inspection.subject_name
    when = format_date(inspection.date)
    place = f", tại {inspection.place}" if inspection.place else ""
    doc.paragraph(f"Hôm nay, {when}{place}, Đoàn kiểm tra của Ban Chỉ đạo phong trào {MOVEMENT} "
                  f"{ward.type_label.lower()} {ward.short_name_on(inspection.date)} tiến hành kiểm tra {subject}.")
    doc.heading("I. THÀNH PHẦN", 1)
    doc.heading("1. Đoàn kiểm tra", 2)
    for n, m in enumerate(members):
        role = "Trưởng đoàn" if n == 0 else "thành viên"
        position = f", {m.position}" if m.position else ""
        doc.bullet(f"{m.name}{position} – {role};")
    doc.heading(f"2. Đại diện {subject}", 2)
    if inspection.representative_name:
        position = f", {inspection.representative_position}" if inspection.representative_position else ""
        doc.bullet(f"{inspection.representative_name}{position}.")
    else:
        doc.bullet("…………………………………………")
    doc.heading("II. NỘI DUNG KIỂM TRA", 1)
    doc.paragraph(inspection.subject)
    if inspection.checklist_title:
        basis = f" ({inspection.checklist_basis})" if inspection.checklist_basis else ""
        doc.paragraph(f"Đối chiếu theo: {inspection.checklist_title}{basis}.")
    doc.heading("III. KẾT QUẢ KIỂM TRA", 1)
    findings = list(inspection.findings.all())
    rows = []
    for n, f in enumerate(findings, start=1):
        label = f"{f.code}. {f.text}" if f.code else f.text
        rows.append([str(n), label, RESULT_TEXT.get(f.result, "Chưa đánh giá"), f.note])
    doc.table(FINDING_COLUMNS, rows, font_size=12, align=FINDING_ALIGN)
    counts = {r: sum(1 for f in findings if f.result == r) for r in FindingResult.values}
    doc.paragraph(
        f"Tổng hợp: đạt {counts[FindingResult.PASS]}/{len(findings)} tiêu chí; không đạt "
        f"{counts[FindingResult.FAIL]}; không áp dụng {counts[FindingResult.NOT_APPLICABLE]}."
    )
    doc.heading("IV. YÊU CẦU KHẮC PHỤC", 1)
    corrections = [f for f in findings if f.correction]
    if not corrections:
        doc.paragraph("Không có yêu cầu khắc phục.")
    for f in corrections:
        label = f"Tiêu chí {f.code}" if f.code else "Tiêu chí"
        doc.bullet(f"{label}: {f.correction.rstrip('.')}. Thời hạn hoàn thành: {format_date(f.deadline)}.")
    doc.heading("V. KẾT LUẬN", 1)
    doc.paragraph(inspection.conclusion or "…………………………………………")
    doc.paragraph(
        f"Biên bản được lập thành 02 bản, đã đọc lại cho các thành viên cùng nghe, thống nhất nội dung và ký tên "
        f"dưới đây; Đoàn kiểm tra giữ 01 bản, {subject} giữ 01 bản./."
    )
    leader = members[0].name if members else ""
    representative = Signature([f"ĐẠI DIỆN {subject.upper()}"], inspection.representative_name or "")
    doc.closing(None, Signature(["TRƯỞNG ĐOÀN KIỂM TRA"], leader), left_signature=representative)
    return doc


def build_inspection_minutes(ward: Unit, year: int, **options: Any) -> Nd30Document:
    """Builder for vanhoa.documents.exports: option id=<inspection> (of the ward or a unit it covers)."""
    if not options.get("id"):
        raise DocumentNotAvailable("Biên bản kiểm tra: cần chọn cuộc kiểm tra (--option id=…).")
    inspection = (
        Inspection.objects.filter(pk=int(options["id"]), ward__in=get_graph().covered(ward.pk))
        .select_related("ward", "group", "agency")
        .prefetch_related("members", "findings")
        .first()
    )
    if inspection is None:
        raise DocumentNotAvailable(f"Không có cuộc kiểm tra số {options['id']} của {ward.name}.")
    return inspection_minutes(inspection)


# --------------------------------------------------------------------------- funding report


def funding_ward(ward: Unit, year: int) -> Unit:
    """The commune whose money of `year` a report of `ward` shows: the ward itself when it existed that year,
    else the one predecessor that did (phường Quyết Tiến for a 2020 report of phường Đoàn Kết)."""
    if existed_in(ward, year):
        return ward
    communes = Unit.objects.filter(kind=UnitKind.COMMUNE, id__in=get_graph().covered(ward.pk))
    found = [u for u in communes if existed_in(u, year)]
    if len(found) > 1:  # a merged ward had several predecessors: the one(s) with money records that year
        from vanhoa.activities.models import Allocation, Contribution, Expense

        ids = {w for m in (Allocation, Contribution, Expense)
               for w in m.objects.filter(ward__in=found, year=year).values_list("ward_id", flat=True)}
        found = [u for u in found if u.pk in ids] or found
    if len(found) != 1:
        names = ", ".join(sorted(u.name for u in found)) or "không có"
        raise DocumentNotAvailable(f"Năm {year}, {ward.name} ứng với: {names}. Hãy ghi rõ xã, phường (--ward).")
    return found[0]


def public_contributions(ward: Unit, year: int) -> list[list[str]]:
    """The published list: donor (masked when asked), what, value."""
    rows = []
    qs = Contribution.objects.filter(ward=ward, year=year).order_by("anonymous", "donor_sort_key", "received_on", "pk")
    for n, c in enumerate(qs, start=1):
        what = c.what if c.is_cash else f"{c.what} (hiện vật)"
        rows.append([str(n), c.public_name, what, format_number(c.value)])
    return rows


def funding_report(ward: Unit, year: int) -> Nd30Document:
    b = balances(ward, year)
    plan = Plan.objects.filter(ward=ward, year=year).first()
    short = ward.short_name_on(date(year, 12, 31) if ward.is_active_on(date(year, 12, 31)) else ward.valid_to)
    summary = balanced_lines(
        f"Tình hình tiếp nhận, sử dụng kinh phí thực hiện phong trào {MOVEMENT} năm {year}"
    )
    doc = Nd30Document(_header(ward, year, "BC-BCĐ", None, None, "BÁO CÁO", summary))
    doc.paragraph(
        f"Ban Chỉ đạo phong trào {MOVEMENT} {ward.type_label.lower()} {short} báo cáo công khai tình hình tiếp nhận "
        f"và sử dụng kinh phí thực hiện phong trào năm {year} như sau:"
    )
    doc.heading("I. KINH PHÍ TIẾP NHẬN", 1)
    allocations = list(ward_allocations(ward, year))
    doc.heading(f"1. Ngân sách: {vnd(b.budget.received)}", 2)
    doc.paragraph(in_words(b.budget.received), italic=True)
    for a in allocations:
        decision = f" (Quyết định số {a.decision_number} ngày {format_date(a.decision_date)})" if a.decision_number \
            else f" ({format_date(a.decision_date)})"
        doc.bullet(f"{a.source}{decision}: {vnd(a.amount)};")
    gifts = Contribution.objects.filter(ward=ward, year=year)
    donors = gifts.count()
    doc.heading(f"2. Xã hội hóa: {vnd(b.donation.received + b.in_kind)} ({donors} lượt ủng hộ)", 2)
    doc.paragraph(in_words(b.donation.received + b.in_kind), italic=True)
    doc.bullet(f"Tiền mặt: {vnd(b.donation.received)};")
    doc.bullet(f"Hiện vật (giá trị ước tính): {vnd(b.in_kind)}.")
    doc.paragraph("Danh sách các tổ chức, cá nhân ủng hộ được công khai tại Phụ lục kèm theo.")

    doc.heading("II. KINH PHÍ ĐÃ SỬ DỤNG", 1)
    doc.paragraph(f"Tổng số đã chi: {vnd(b.spent)}. {in_words(b.spent)}")
    rows = []
    for money in b.activities:
        if money.spent_total:
            rows.append([str(len(rows) + 1), money.activity.content, format_number(money.spent[MoneySource.BUDGET]),
                         format_number(money.spent[MoneySource.DONATION]), format_number(money.spent_total)])
    unassigned = Expense.objects.filter(ward=ward, year=year, activity__isnull=True)
    if unassigned.exists():
        budget = sum(e.amount for e in unassigned if e.source == MoneySource.BUDGET)
        donation = sum(e.amount for e in unassigned if e.source == MoneySource.DONATION)
        rows.append([str(len(rows) + 1), "Chi chung (không gắn hoạt động)", format_number(budget),
                     format_number(donation), format_number(budget + donation)])
    rows.append(["", "Cộng", format_number(b.budget.spent), format_number(b.donation.spent), format_number(b.spent)])
    doc.table([("TT", 10), ("Nội dung", 75), ("Ngân sách", 27), ("Xã hội hóa", 27), ("Cộng", 26)], rows,
              font_size=12, align=["center", "left", "right", "right", "right"])

    doc.heading("III. SỐ DƯ", 1)
    for pool in (b.budget, b.donation):
        doc.bullet(f"{pool.label}: {vnd(pool.remaining)}. {in_words(pool.remaining)}")
    for e in b.overdrawn:
        doc.paragraph(
            f"Lưu ý: khoản chi «{e.description}» ngày {format_date(e.spent_on)} ({vnd(e.amount)}) vượt số dư, lý do: "
            f"{e.overdraw_reason.rstrip('.')}.",
            italic=True,
        )
    authority = list(plan.signature_authority) if plan and plan.signature_authority else ["TM. BAN CHỈ ĐẠO",
                                                                                        "TRƯỞNG BAN"]
    recipients = [
        "BCĐ phong trào “TDĐKXDĐSVH” cấp trên",
        f"TT Đảng ủy, HĐND, UBND {ward.type_label.lower()}",
        f"Ủy ban MTTQ {ward.type_label.lower()}",
        "Niêm yết công khai",
        "Lưu: VT",
    ]
    doc.closing(recipients, Signature(authority, plan.signer_name if plan else ""))
    contributions = public_contributions(ward, year)
    if contributions:
        total = sum(c.value for c in gifts)
        contributions.append(["", "Cộng", "", format_number(total)])
        doc.annex(
            ["PHỤ LỤC", "DANH SÁCH CÁC TỔ CHỨC, CÁ NHÂN ỦNG HỘ", f"(Kèm theo Báo cáo tình hình kinh phí năm {year})"],
            [("TT", 10), ("Tổ chức, cá nhân ủng hộ", 65), ("Nội dung", 55), ("Giá trị (đồng)", 35)],
            contributions,
            align=["center", "left", "left", "right"],
        )
    return doc


def ward_allocations(ward: Unit, year: int) -> Any:
    from vanhoa.activities.models import Allocation

    return Allocation.objects.filter(ward=ward, year=year).order_by("decision_date", "pk")


def build_funding_report(ward: Unit, year: int, **options: Any) -> Nd30Document:
    return funding_report(funding_ward(ward, int(year)), int(year))


__all__ = ["ANONYMOUS_DONOR", "build_funding_report", "build_inspection_minutes", "funding_report",
           "inspection_minutes", "in_words"]
