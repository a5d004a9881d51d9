"""The reports as documents: the BÁO CÁO in the NĐ 30/2020 format (DOCX, PDF) with its charts, and the
statistical annex (XLSX). Everything is drawn from a snapshot (vanhoa.reports.content), so a version sent up
prints the same today as on the day it was sent.

Registered kinds: `report-semiannual`, `report-annual`:
    manage.py export_document report-annual --ward "Quyết Tiến" --year 2020 --format docx -o bc.docx
The ward's own report of that year is printed when there is one (the version sent up last, unless it is being
edited; `--option version=N` picks a version); otherwise a report computed from the records with the default
narrative.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from datetime import date
from decimal import Decimal
from typing import Any

from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Mm

from vanhoa.core.text import fold, format_date, format_number, format_percent
from vanhoa.documents import DocumentHeader, Nd30Document, Signature
from vanhoa.documents.exports import DocumentNotAvailable
from vanhoa.reports import charts, content
from vanhoa.reports import indicators as ind
from vanhoa.reports.choices import EXPORT_KINDS, ReportKind

DOC_TYPE = "BÁO CÁO"
INDICATOR_COLUMNS = [("TT", 10), ("Chỉ tiêu", 58), ("Kế hoạch", 27), ("Thực hiện", 40), ("Đánh giá", 30)]
INDICATOR_ALIGN = ["center", "left", "center", "center", "center"]
ACTIVITY_COLUMNS = [("TT", 9), ("Nội dung", 72), ("Thời gian", 22), ("Kết quả", 62)]
ACTIVITY_ALIGN = ["center", "left", "center", "left"]
ANNEX_COLUMNS = [
    ("TT", 10),
    ("Tổ dân phố", 45),
    ("Số hộ cư trú", 22),
    ("Số hộ đăng ký", 22),
    ("Tỷ lệ đăng ký", 22),
    ("Số hộ đạt GĐVH", 24),
    ("Tỷ lệ GĐVH", 22),
    ("Tổ dân phố văn hóa", 26),
    ("Cơ quan đạt chuẩn", 26),
    ("Tuyến phố VMĐT đi qua tổ", 28),
]
TABLE_FONT = 12


def summary_of(kind: str, year: int) -> str:
    if kind == ReportKind.SEMIANNUAL:
        return f"Sơ kết 6 tháng đầu năm {year} thực hiện phong trào\n{content.MOVEMENT}"
    return f"Tổng kết năm {year} thực hiện phong trào\n{content.MOVEMENT}"


def header_of(snap: dict[str, Any]) -> DocumentHeader:
    h = snap["header"]
    issued = date.fromisoformat(h["issued_on"]) if h.get("issued_on") else None
    return DocumentHeader(
        issuer_parent=h.get("issuer_parent") or None,
        issuer=h["issuer"],
        symbol=h.get("symbol") or "BC-BCĐ",
        number=h.get("number") or None,
        place=h["place"],
        date=issued,
        year=None if issued else content.as_of(snap).year,
        doc_type=DOC_TYPE,
        summary=summary_of(snap["kind"], snap["year"]) + (" (bổ sung)" if snap.get("supplement") else ""),
    )


# --------------------------------------------------------------------------- charts from a snapshot


def group_chart(snap: dict[str, Any]) -> tuple[str, charts.Canvas] | None:
    """The household rate per group (annual), or the registration rate per group (semi-annual)."""
    groups = snap["groups"]
    if not groups:
        return None
    family = content.indicator(snap, ind.CULTURAL_FAMILY_RATE)
    annual = snap["kind"] == ReportKind.ANNUAL and family is not None and family.has_data
    target = family.target if annual and family and family.target_kind == "percent" else None
    bars = []
    for g in groups:
        value = g["rate"] if annual else g["registration_rate"]
        value = Decimal(value) if value is not None else None
        short = g["name"].replace("Tổ dân phố", "Tổ").replace("số ", "")
        bars.append(charts.Bar(short, value, charts.bar_color(value, target)))
    words = words_of_report(snap)
    if annual:
        title = words(f"Tỷ lệ hộ gia đình văn hóa theo tổ dân phố năm {snap['year']}")
    else:
        title = words(
            f"Tỷ lệ hộ đăng ký gia đình văn hóa theo tổ dân phố (tính đến {format_date(content.as_of(snap))})"
        )
    return title, charts.bar_chart(bars, target=target)


def trend_chart(snap: dict[str, Any]) -> tuple[str, charts.Canvas] | None:
    points = content.trend_points(snap)
    if len([p for p in points if p[1] is not None]) < 2:
        return None
    first, last = points[0][0], points[-1][0]
    title = f"Tỷ lệ hộ gia đình văn hóa qua các năm {first}–{last}"
    return title, charts.line_chart([(str(y), v) for y, v, _ in points], targets=[t for _, _, t in points])


# --------------------------------------------------------------------------- the DOCX


def _narrative(doc: Nd30Document, text: str) -> None:
    for line in (text or "").splitlines():
        line = line.strip()
        if not line:
            continue
        if line.startswith(("-", "+", "•")):
            doc.bullet(line)
        else:
            doc.paragraph(line)


def _picture(doc: Nd30Document, png: bytes, caption: str, width_mm: float = 150) -> None:
    p = doc.document.add_paragraph()
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    p.paragraph_format.keep_with_next = True
    p.add_run().add_picture(io.BytesIO(png), width=Mm(width_mm))
    doc.paragraph(caption, italic=True, indent=False, align="center")


def indicator_rows(snap: dict[str, Any]) -> list[list[str]]:
    rows = []
    codes = [
        ind.CULTURAL_FAMILY_RATE,
        ind.REGISTRATION_RATE,
        ind.CULTURAL_GROUP_COUNT,
        ind.CULTURAL_AGENCY_RATE,
        ind.CIVILISED_STREET_COUNT,
        ind.PLAN_ON_TIME,
    ]
    for n, code in enumerate(codes, start=1):
        i = content.indicator(snap, code)
        if i is None:
            continue
        if i.has_data:
            done = i.fraction_text
            if i.kind == "percent":
                done += f"\n({i.value_text})"
        elif i.note.startswith("chưa có kết quả bình xét"):
            done = "Chưa bình xét"
        else:
            done = (i.note or ind.NO_DATA).capitalize()
        rows.append([str(n), i.label, i.target_text or "–", done, i.status_label or "–"])
    return rows


def activity_rows(snap: dict[str, Any]) -> list[list[str]]:
    rows = []
    for n, a in enumerate(snap["activities"], start=1):
        result = a["status_text"]
        if a["completed_on"]:
            result += f" ({format_date(date.fromisoformat(a['completed_on']))})"
        if a["note"]:
            result += f"\n{a['note']}"
        rows.append([str(n), a["content"], a["timing_text"], result])
    return rows


def provided_lines(snap: dict[str, Any]) -> list[str]:
    lines = []
    for items in snap["provided"].values():
        for it in items:
            if it["key"] in (ind.FUNDS_RAISED, ind.FUNDS_SPENT) or it["value"] is None:
                continue
            unit = f" {it['unit']}" if it["unit"] else ""
            lines.append(f"- {it['label']}: {format_number(Decimal(str(it['value'])))}{unit}.")
    return lines


def annex_rows(snap: dict[str, Any]) -> list[list[str]]:
    rows = []
    tot = {"residents": 0, "registered": 0, "recognised": 0, "titled": 0, "ag": 0, "ag_rec": 0, "st": 0, "st_rec": 0}
    for n, g in enumerate(snap["groups"], start=1):
        titled = {True: "Đạt", False: "Không đạt", None: "–"}[g["titled"]]
        rows.append(
            [
                str(n),
                g["name"],
                format_number(g["residents"]),
                format_number(g["registered"]),
                content.rate_text(g["registration_rate"]),
                format_number(g["recognised"]),
                content.rate_text(g["rate"]),
                titled,
                f"{g['agencies_recognised']}/{g['agencies']}" if g["agencies"] else "–",
                f"{g['streets_recognised']}/{g['streets']}" if g["streets"] else "–",
            ]
        )
        tot["residents"] += g["residents"]
        tot["registered"] += g["registered"]
        tot["recognised"] += g["recognised"]
        tot["titled"] += 1 if g["titled"] else 0
    family = content.indicator(snap, ind.CULTURAL_FAMILY_RATE)
    groups = content.indicator(snap, ind.CULTURAL_GROUP_COUNT)
    agencies = content.indicator(snap, ind.CULTURAL_AGENCY_RATE)
    streets = content.indicator(snap, ind.CIVILISED_STREET_COUNT)
    rows.append(
        [
            "",
            "Tổng cộng",
            format_number(tot["residents"]),
            format_number(tot["registered"]),
            format_percent(ind.percent(tot["registered"], tot["residents"])) if tot["residents"] else "–",
            format_number(tot["recognised"]),
            family.value_text if family and family.has_data else "–",
            f"{groups.numerator}/{groups.denominator}" if groups and groups.has_data else "–",
            f"{agencies.numerator}/{agencies.denominator}" if agencies and agencies.denominator else "–",
            f"{streets.numerator}/{streets.denominator}" if streets and streets.denominator else "–",
        ]
    )
    return rows


def words_of_report(snap: dict[str, Any]) -> Callable[[str], str]:
    """The report's generic words in those of its commune ("tổ dân phố" → "thôn, bản" on a xã)."""
    from vanhoa.units.models import Unit
    from vanhoa.units.words import words_for

    unit = Unit.objects.filter(pk=snap["unit"]["id"]).first()
    return words_for(unit, content.as_of(snap)).localise if unit is not None else (lambda text: text)


def build_document(snap: dict[str, Any], *, with_charts: bool = True) -> Nd30Document:
    """The report (NĐ 30/2020): results, assessment, next tasks, then the annex per residential group."""
    year, ward = snap["year"], snap["unit"]["phrase"]
    head = header_of(snap)
    doc = Nd30Document(head)
    narrative = snap["narrative"]
    what = _what(snap)
    doc.paragraph(
        f"Thực hiện {content.plan_reference(snap)} về triển khai thực hiện phong trào {content.MOVEMENT} năm {year}, "
        f"Ban Chỉ đạo phong trào {ward} báo cáo kết quả {what} {year} (số liệu tính đến "
        f"{format_date(content.as_of(snap))}) như sau:"
    )
    doc.heading("I. KẾT QUẢ THỰC HIỆN")
    doc.heading("1. Công tác chỉ đạo, điều hành", level=2)
    _narrative(doc, narrative["direction"])
    doc.heading("2. Công tác tuyên truyền", level=2)
    _narrative(doc, narrative["outreach"])
    _titles_section(doc, snap, with_charts)
    _activities_and_funds(doc, snap)
    _assessment(doc, snap)
    doc.paragraph(
        f"Trên đây là báo cáo {what} {year} thực hiện phong trào {content.MOVEMENT} của Ban Chỉ đạo "
        f"phong trào {ward}./."
    )
    _closing(doc, snap, head)
    return doc


def _what(snap: dict[str, Any]) -> str:
    return "sơ kết 6 tháng đầu năm" if snap["kind"] == ReportKind.SEMIANNUAL else "tổng kết năm"


def _titles_section(doc: Nd30Document, snap: dict[str, Any], with_charts: bool) -> None:
    """I.3: the cultural titles, against the plan's targets, with the charts."""
    doc.heading("3. Kết quả thực hiện các danh hiệu văn hóa", level=2)
    codes = (ind.CULTURAL_FAMILY_RATE, ind.REGISTRATION_RATE, ind.CULTURAL_GROUP_COUNT, ind.CULTURAL_AGENCY_RATE,
             ind.CIVILISED_STREET_COUNT)  # fmt: skip
    for code in codes:
        i = content.indicator(snap, code)
        if i is not None:
            doc.bullet(content.indicator_sentence(i, snap))
    doc.paragraph("Kết quả so với chỉ tiêu kế hoạch:", indent=True)
    doc.table(INDICATOR_COLUMNS, indicator_rows(snap), font_size=TABLE_FONT, align=INDICATOR_ALIGN)
    if not with_charts:
        return
    figure = 0
    for chart in (group_chart(snap), trend_chart(snap) if snap["kind"] == ReportKind.ANNUAL else None):
        if chart is not None:
            figure += 1
            _picture(doc, chart[1].png(), f"Biểu đồ {figure}. {chart[0]}")


def _activities_and_funds(doc: Nd30Document, snap: dict[str, Any]) -> None:
    """I.4 and I.5: the plan's activities, then the money."""
    year, narrative = snap["year"], snap["narrative"]
    doc.heading("4. Kết quả thực hiện các hoạt động theo kế hoạch", level=2)
    rows = activity_rows(snap)
    if rows:
        doc.paragraph(content.on_time_sentence(snap))
        doc.table(ACTIVITY_COLUMNS, rows, font_size=TABLE_FONT, align=ACTIVITY_ALIGN)
    elif snap.get("plan"):
        doc.paragraph(f"Kế hoạch năm {year} chưa có hoạt động nào.")
    else:
        doc.paragraph(f"Chưa có kế hoạch năm {year} trong hệ thống.")
    for line in provided_lines(snap):
        doc.bullet(line)
    _narrative(doc, narrative["activities_note"])
    doc.heading("5. Kinh phí thực hiện", level=2)
    for code in (ind.FUNDS_RAISED, ind.FUNDS_SPENT):
        i = content.indicator(snap, code)
        if i is not None:
            target = f" (dự kiến {i.target_text})" if i.target_text else ""
            doc.bullet(f"{i.label}: {i.value_text}{target}.")
    _narrative(doc, narrative["funding_note"])


def _assessment(doc: Nd30Document, snap: dict[str, Any]) -> None:
    """II–IV: strengths and weaknesses, next tasks, proposals."""
    year, narrative = snap["year"], snap["narrative"]
    doc.heading("II. ĐÁNH GIÁ CHUNG")
    doc.heading("1. Ưu điểm", level=2)
    _narrative(doc, narrative["strengths"])
    doc.heading("2. Tồn tại, hạn chế", level=2)
    _narrative(doc, narrative["weaknesses"])
    if snap["kind"] == ReportKind.SEMIANNUAL:
        doc.heading(f"III. PHƯƠNG HƯỚNG, NHIỆM VỤ 6 THÁNG CUỐI NĂM {year}")
    else:
        doc.heading(f"III. PHƯƠNG HƯỚNG, NHIỆM VỤ NĂM {year + 1}")
    _narrative(doc, narrative["tasks"])
    if narrative["proposals"].strip():
        doc.heading("IV. KIẾN NGHỊ, ĐỀ XUẤT")
        _narrative(doc, narrative["proposals"])


def _closing(doc: Nd30Document, snap: dict[str, Any], head: Any) -> None:
    """Recipients and signature, then the annex per residential group."""
    h = snap["header"]
    table = doc.closing(
        h.get("recipients") or [],
        Signature(list(h.get("signature_authority") or ["TM. BAN CHỈ ĐẠO"]), h.get("signer_name") or ""),
    )
    if h.get("signer_title"):
        from vanhoa.plans.documents import _insert_signer_title

        _insert_signer_title(table, h["signer_title"])
    if not snap["groups"]:
        return
    words = words_of_report(snap)
    issued = date.fromisoformat(h["issued_on"]) if h.get("issued_on") else None
    number = head.number_text.replace("Số:", "số").strip()
    when = f" ngày {format_date(issued)}" if issued else ""
    doc.annex(
        [
            "Phụ lục",
            f"KẾT QUẢ THỰC HIỆN CÁC CHỈ TIÊU THEO {words('tổ dân phố').upper()}",
            f"(Kèm theo Báo cáo {number}{when} của Ban Chỉ đạo phong trào {snap['unit']['phrase']})",
        ],
        [(words(label), width) for label, width in ANNEX_COLUMNS],
        annex_rows(snap),
        font_size=TABLE_FONT,
        align=["center", "left"] + ["center"] * 8,
        landscape=True,
    )


def docx_bytes(snap: dict[str, Any]) -> bytes:
    return build_document(snap).to_bytes()


# --------------------------------------------------------------------------- the XLSX annex


def xlsx_bytes(snap: dict[str, Any]) -> bytes:
    """The statistical annex: indicators per residential group, and target against actual (Vietnamese headers,
    frozen header row, autofilter)."""
    from openpyxl import Workbook

    from vanhoa.imports import xlsx

    wb = Workbook()
    style = _XlsxStyle()
    _group_sheet(wb.active, snap, style)
    _indicator_sheet(wb.create_sheet("Chỉ tiêu"), snap, style)
    return xlsx.save(wb)  # text that would read as a formula is written as text; the totals below stay live


class _XlsxStyle:
    """Times New Roman, thin borders, a green header row."""

    def __init__(self) -> None:
        from openpyxl.styles import Border, Font, PatternFill, Side

        self.bold = Font(name="Times New Roman", bold=True, size=12)
        self.normal = Font(name="Times New Roman", size=12)
        thin = Side(style="thin", color="000000")
        self.border = Border(left=thin, right=thin, top=thin, bottom=thin)
        self.fill = PatternFill("solid", fgColor="E2EFDA")

    def header(self, ws: Any, row: int, titles: list[str]) -> None:
        from openpyxl.styles import Alignment

        for col, title in enumerate(titles, start=1):
            c = ws.cell(row, col, title)
            c.font, c.border, c.fill = self.bold, self.border, self.fill
            c.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)

    def widths(self, ws: Any, widths: list[int]) -> None:
        from openpyxl.utils import get_column_letter

        for col, w in enumerate(widths, start=1):
            ws.column_dimensions[get_column_letter(col)].width = w


GROUP_SHEET_HEADERS = [
    "STT", "Tổ dân phố", "Số hộ cư trú", "Số hộ đăng ký", "Tỷ lệ đăng ký", "Số hộ đạt Gia đình văn hóa",
    "Tỷ lệ hộ gia đình văn hóa", "Tổ dân phố văn hóa", "Số cơ quan, đơn vị", "Số cơ quan đạt chuẩn văn hóa",
    "Số tuyến phố đi qua tổ", "Số tuyến phố văn minh đô thị đi qua tổ",
]  # fmt: skip


def _group_sheet(ws: Any, snap: dict[str, Any], style: _XlsxStyle) -> None:
    """One row per residential group, with live totals."""
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    from vanhoa.imports import xlsx

    words = words_of_report(snap)
    ws.title = words("Theo tổ dân phố")
    unit = snap["unit"]["name"]
    ws["A1"] = f"KẾT QUẢ THỰC HIỆN CÁC CHỈ TIÊU THEO {words('tổ dân phố').upper()} – {unit.upper()}"
    ws["A2"] = f"(Phụ lục báo cáo {_what(snap)} {snap['year']}; số liệu tính đến {format_date(content.as_of(snap))})"
    ws["A1"].font = Font(name="Times New Roman", bold=True, size=13)
    ws["A2"].font = Font(name="Times New Roman", italic=True, size=12)
    head_row = 4
    style.header(ws, head_row, [words(h) for h in GROUP_SHEET_HEADERS])
    r = head_row
    for n, g in enumerate(snap["groups"], start=1):
        r += 1
        values = [
            n, g["name"], g["residents"], g["registered"],
            float(Decimal(g["registration_rate"]) / 100) if g["registration_rate"] else None, g["recognised"],
            float(Decimal(g["rate"]) / 100) if g["rate"] else None,
            {True: "Đạt", False: "Không đạt", None: ""}[g["titled"]], g["agencies"], g["agencies_recognised"],
            g["streets"], g["streets_recognised"],
        ]  # fmt: skip
        for col, v in enumerate(values, start=1):
            c = ws.cell(r, col, v)
            c.font, c.border = style.normal, style.border
            if col in (5, 7):
                c.number_format = "0.0%"
            elif isinstance(v, int) and col > 2:
                c.number_format = "#,##0"  # 1.206 hộ in a Vietnamese Excel
    last = r
    r += 1
    ws.cell(r, 2, "Tổng cộng").font = style.bold
    if last > head_row:
        for col in (3, 4, 6, 9, 10, 11, 12):
            letter = get_column_letter(col)
            c = xlsx.formula(ws, r, col, f"=SUM({letter}{head_row + 1}:{letter}{last})")
            c.font, c.border, c.number_format = style.bold, style.border, "#,##0"
        for col, num, den in ((5, "D", "C"), (7, "F", "C")):
            c = xlsx.formula(ws, r, col, f'=IF({den}{r}=0,"",{num}{r}/{den}{r})')
            c.font, c.border, c.number_format = style.bold, style.border, "0.0%"
    style.widths(ws, [6, 22, 12, 12, 12, 16, 16, 14, 12, 16, 11, 16])
    ws.row_dimensions[head_row].height = 48
    ws.freeze_panes = ws.cell(head_row + 1, 3)
    ws.auto_filter.ref = f"A{head_row}:{get_column_letter(len(GROUP_SHEET_HEADERS))}{max(last, head_row)}"


def _indicator_sheet(ws: Any, snap: dict[str, Any], style: _XlsxStyle) -> None:
    """Target against actual, one row per indicator."""
    style.header(ws, 1, ["STT", "Chỉ tiêu", "Tử số", "Mẫu số", "Kết quả", "Kế hoạch", "Đánh giá", "Ghi chú"])
    for n, i in enumerate(content.indicators_of(snap), start=1):
        values = [
            n, i.label, float(i.numerator) if i.numerator is not None else None, i.denominator,
            i.value_text if i.has_data else "", i.target_text, i.status_label,
            "" if i.has_data else (i.note or ind.NO_DATA),
        ]  # fmt: skip
        for col, v in enumerate(values, start=1):
            c = ws.cell(n + 1, col, v)
            c.font, c.border = style.normal, style.border
            if col in (3, 4):
                c.number_format = "#,##0.##" if isinstance(v, float) and not v.is_integer() else "#,##0"
    style.widths(ws, [6, 40, 14, 14, 16, 14, 12, 40])
    ws.freeze_panes = "A2"
    ws.auto_filter.ref = f"A1:H{len(snap['indicators']) + 1}"


def file_name(snap: dict[str, Any], ext: str, version: int | None = None) -> str:
    """bao-cao-tong-ket-2020-phuong-quyet-tien[-lan-2].docx"""
    slug = "-".join(fold(snap["unit"]["name"]).replace(",", " ").split())
    kind = "so-ket-6-thang" if snap["kind"] == ReportKind.SEMIANNUAL else "tong-ket"
    tail = f"-lan-{version}" if version else ""
    return f"bao-cao-{kind}-{snap['year']}-{slug}{tail}.{ext}"


# --------------------------------------------------------------------------- export registry


def snapshot_for(ward: Any, kind: str, year: int, version: int | None = None) -> dict[str, Any]:
    """What `export_document` prints for a ward and year (see the module docstring)."""
    from vanhoa.reports.models import Report
    from vanhoa.reports.services import live_snapshot
    from vanhoa.units.tree import get_graph

    reports = list(Report.objects.filter(kind=kind, year=year, ward__in=get_graph().covered(ward.pk)))
    report = next((r for r in reports if r.ward_id == ward.pk), reports[0] if len(reports) == 1 else None)
    if report is None:
        if version:
            raise DocumentNotAvailable(f"{ward.name} chưa có báo cáo năm {year} để chọn lần gửi {version}.")
        return content.build_snapshot(ward, kind, year)
    if version:
        v = report.versions.filter(number=int(version)).first()
        if v is None:
            raise DocumentNotAvailable(f"Báo cáo chưa có lần gửi thứ {version}.")
        return v.snapshot
    latest = report.latest_version()
    if latest is not None and not report.is_editable:
        return latest.snapshot
    return live_snapshot(report)


def _builder(kind: str) -> Any:
    def build(ward: Any, year: int, **options: Any) -> Nd30Document:
        return build_document(snapshot_for(ward, kind, int(year), options.get("version")))

    return build


def register_all() -> None:
    from vanhoa.documents import exports

    exports.register(EXPORT_KINDS[ReportKind.SEMIANNUAL], ReportKind.SEMIANNUAL.label, _builder(ReportKind.SEMIANNUAL))
    exports.register(EXPORT_KINDS[ReportKind.ANNUAL], ReportKind.ANNUAL.label, _builder(ReportKind.ANNUAL))
