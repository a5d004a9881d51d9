"""Certificates (Giấy công nhận; for an agency re-recognised by the province, Bằng công nhận) of a recognition
decision: one decorated A4 landscape page per household.

As DOCX the pages are drawn with python-docx; as PDF they are one template filled per page
(``vanhoa.documents.certificates_pdf``), so a merged ward's 5,000 certificates take seconds.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from typing import Any

import docx
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor

from vanhoa.core.text import format_date
from vanhoa.documents.exports import DocumentNotAvailable
from vanhoa.documents.nd30 import FONT_NAME, _set_rfonts
from vanhoa.documents.recipes import Recipe
from vanhoa.titles import services, wording
from vanhoa.titles.choices import RECOGNISED, DecisionKind, Recognition, SubjectKind
from vanhoa.titles.documents import _decision_for, _place, _upper_unit, find_group
from vanhoa.units.choices import UnitKind
from vanhoa.units.models import Unit

RED = RGBColor(0xB0, 0x10, 0x10)
BLUE = RGBColor(0x10, 0x2A, 0x6B)
BANG = "BẰNG CÔNG NHẬN"  # TT 08/2014 Điều 7: the province's paper for a re-recognised agency


class CertificateDocument:
    """Certificates (Giấy công nhận), one decorated A4 landscape page each, as DOCX (PDF via LibreOffice)."""

    def __init__(self) -> None:
        self._doc = docx.Document()
        section = self._doc.sections[0]
        section.orientation = WD_ORIENT.LANDSCAPE
        section.page_width, section.page_height = Mm(297), Mm(210)
        # The margins of NĐ 30/2020 Phụ lục I (top, bottom 20 mm; left 30 mm; right 20 mm): a certificate is an
        # administrative paper too (check_nd30 reads it like the others); the border is drawn inside them.
        section.top_margin = section.bottom_margin = Mm(20)
        section.left_margin, section.right_margin = Mm(30), Mm(20)
        self._borders(section)
        style = self._doc.styles["Normal"]
        style.font.name = FONT_NAME
        style.font.size = Pt(14)
        _set_rfonts(style.element.get_or_add_rPr())
        self._doc.core_properties.language = "vi-VN"
        self._first = True
        self._drawn = 0
        self.pages_data: list[dict[str, Any]] = []

    @staticmethod
    def _borders(section: Any) -> None:
        sect = section._sectPr
        borders = OxmlElement("w:pgBorders")
        borders.set(qn("w:offsetFrom"), "page")
        for side in ("top", "left", "bottom", "right"):
            el = OxmlElement(f"w:{side}")
            el.set(qn("w:val"), "thinThickSmallGap")
            el.set(qn("w:sz"), "36")
            el.set(qn("w:space"), "20")
            el.set(qn("w:color"), "B01010")
            borders.append(el)
        # w:pgBorders goes after w:pgMar in w:sectPr.
        mar = sect.find(qn("w:pgMar"))
        if mar is not None:
            mar.addnext(borders)
        else:
            sect.append(borders)

    def _p(
        self,
        text: str,
        size: float,
        *,
        bold: bool = False,
        italic: bool = False,
        color: RGBColor | None = None,
        before: float = 0,
        after: float = 2,
    ) -> None:
        p = self._doc.add_paragraph()
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        p.paragraph_format.space_before = Pt(before)
        p.paragraph_format.space_after = Pt(after)
        p.paragraph_format.line_spacing = 1.0
        if text:
            run = p.add_run(text)
            run.font.size = Pt(size)
            run.font.bold = bold
            run.font.italic = italic
            if color is not None:
                run.font.color.rgb = color
            _set_rfonts(run._r.get_or_add_rPr())

    def page(self, **fields: Any) -> None:
        """One certificate: issuer, title, year, holder, address, decision, register_no, place_date,
        signer_title (lines), signer."""
        self.pages_data.append({**fields, "signer_title": list(fields["signer_title"])})

    @property
    def pages(self) -> int:
        return len(self.pages_data)

    def pdf_recipe(self) -> Recipe:
        """Drawn as one template filled per page (vanhoa.documents.certificates_pdf), not through LibreOffice."""
        paper = "Bằng công nhận" if any(p.get("heading") == BANG for p in self.pages_data) else "Giấy công nhận"
        data = {"pages": self.pages_data, "title": paper}
        return Recipe("drawn", data={"draw": "vanhoa.documents.certificates_pdf.draw", "content": data,
                                     "size": len(self.pages_data)})  # fmt: skip

    def _draw_page(
        self,
        *,
        issuer: str,
        title: str,
        year: int,
        holder: str,
        address: str,
        decision: str,
        register_no: str,
        place_date: str,
        signer_title: Sequence[str],
        signer: str,
        heading: str = "CÔNG NHẬN",
        lead: str = "Đạt danh hiệu",
        year_line: str = "",
    ) -> None:
        if not self._first:
            p = self._doc.add_paragraph()
            p.add_run().add_break(WD_BREAK.PAGE)
            p.paragraph_format.space_after = Pt(0)
        self._first = False
        self._p("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", 14, bold=True, before=6)
        self._p("Độc lập - Tự do - Hạnh phúc", 15, bold=True, after=2)
        self._p("──────────────", 10, color=RED, after=14)
        self._p(issuer, 16, bold=True, after=16)
        self._p(heading, 40, bold=True, color=RED, after=12)
        self._p(holder, 26, bold=True, color=BLUE, after=4)
        self._p(address, 15, italic=True, after=14)
        self._p(lead, 17, after=4)
        self._p(title.upper(), 34, bold=True, color=RED, after=4)
        self._p(year_line or f"Năm {year}", 20, bold=True, after=22)
        table = self._doc.add_table(rows=1, cols=2)
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        left, right = table.cell(0, 0), table.cell(0, 1)
        for cell, lines in (
            (left, [(decision, False, False), (register_no, False, False)]),
            (
                right,
                [
                    (place_date, False, True),
                    *[(t, True, False) for t in signer_title],
                    ("", False, False),
                    ("", False, False),
                    ("", False, False),
                    (signer, True, False),
                ],
            ),
        ):
            first = True
            for text, bold, italic in lines:
                p = cell.paragraphs[0] if first else cell.add_paragraph()
                first = False
                p.alignment = WD_ALIGN_PARAGRAPH.CENTER
                p.paragraph_format.space_after = Pt(0)
                if text:
                    run = p.add_run(text)
                    run.font.size = Pt(13)
                    run.font.bold = bold
                    run.font.italic = italic
                    _set_rfonts(run._r.get_or_add_rPr())

    def to_bytes(self) -> bytes:
        # python-docx finds the body's closing w:sectPr (and the section, for a table's width) by scanning the
        # body on every paragraph it adds: a page drawn after 1,000 others cost 1,000 times one drawn alone. Each
        # page is drawn in a body that holds only it, then the pages go back before the w:sectPr in their order.
        body = self._doc.element.body
        sect = body.find(qn("w:sectPr"))
        drawn = [el for el in body if el is not sect]
        for el in drawn:
            body.remove(el)
        for fields in self.pages_data[self._drawn :]:
            self._draw_page(**fields)
            page = [el for el in body if el is not sect]
            for el in page:
                body.remove(el)
            drawn.extend(page)
        for el in drawn:
            if sect is not None:
                sect.addprevious(el)
            else:
                body.append(el)
        self._drawn = len(self.pages_data)
        buf = io.BytesIO()
        self._doc.save(buf)
        return buf.getvalue()


def build_certificates(*, ward: Unit, year: int, **options: Any) -> CertificateDocument:
    d = _decision_for(ward, year, options, DecisionKind.RECOGNITION)
    household = d.title_type.subject_kind == SubjectKind.HOUSEHOLD
    qs = (
        d.candidacies.filter(state__in=RECOGNISED)
        .select_related("review_unit", "title_type", *([] if household else ["group", "agency", "street", "commune"]))
        .order_by("review_unit__order", "sort_key", "pk")
    )
    if options.get("group"):
        qs = qs.filter(review_unit=find_group(ward, options["group"]))
    if options.get("candidacy"):
        qs = qs.filter(pk=int(options["candidacy"]))
    cands = list(qs)
    if not cands:
        raise DocumentNotAvailable("Không có hộ nào để in giấy công nhận.")
    issuer = services.issuer_unit(d.ward, d.issuer_level, d.signed_on)
    w = services.ward_on(d.ward, d.signed_on)
    province = w.ancestor_on(d.signed_on, UnitKind.PROVINCE)
    district = w.ancestor_on(d.signed_on, UnitKind.DISTRICT)
    tail = ", ".join(services.unit_title(u, d.signed_on) for u in (w, district, province) if u is not None)
    common = {
        "issuer": f"CHỦ TỊCH ỦY BAN NHÂN DÂN {_upper_unit(issuer, d.signed_on)}",
        "decision": f"Quyết định số {d.number_text} ngày {format_date(d.signed_on)}",
        "signer_title": wording.signature_lines(issuer, d.signed_on, collective=False, authority=d.signing_authority),
        "signer": d.signer_name,
    }
    places = {d.signed_on: _place(issuer, d.signed_on)}
    group_names: dict[int, str] = {}  # one lineage lookup per group, not per household
    doc = CertificateDocument()
    for c in cands:
        on = c.certified_on or d.signed_on
        if on not in places:  # the issuer's name on that day: one lineage look-up per date, not per household
            places[on] = _place(issuer, on)
        if c.review_unit_id not in group_names:
            group_names[c.review_unit_id] = c.review_unit.name_on(d.signed_on)
        renewal = c.recognition == Recognition.RENEWAL
        doc.page(
            **common,
            heading=BANG if renewal else "CÔNG NHẬN",
            year_line=f"Công nhận lại năm {c.year}" if renewal else f"Năm {c.year}",
            title=c.title_type.name if household else c.title_type.name_for(c.subject),
            year=c.year,
            holder=f"Hộ ông (bà): {c.subject_name}" if household else c.subject_name,
            address=f"{group_names[c.review_unit_id]}, {tail}" if household else tail[:1].upper() + tail[1:],
            register_no=f"Số vào sổ: {c.certificate_number}" if c.certificate_number else "Số vào sổ: ……",
            place_date=f"{places[on]}, ngày {on.day:02d} tháng {on.month:02d} năm {on.year}",
        )
    return doc


