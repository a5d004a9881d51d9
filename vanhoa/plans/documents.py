"""The plan as a document in the NĐ 30/2020 format (DOCX, PDF) and as an HTML preview.

Both outputs are made from the same list of blocks (`plan_blocks`), so the preview shows what is printed.
Registered as document kind "plan": `manage.py export_document plan --ward "Quyết Tiến" --year 2020 …`.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field
from typing import Any

from docx.table import Table
from docx.text.paragraph import Paragraph

from vanhoa.core.text import fold
from vanhoa.documents import DocumentHeader, Nd30Document, Signature
from vanhoa.documents.exports import DocumentNotAvailable
from vanhoa.plans.models import Plan
from vanhoa.units.models import Unit
from vanhoa.units.tree import get_graph

DOC_TYPE = "KẾ HOẠCH"
ROMAN = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII"]
#: Activities table: (title, width in mm); the widths add up to the 165 mm text width of an A4 portrait page.
TABLE_COLUMNS = [("TT", 9), ("Nội dung", 58), ("Đơn vị chủ trì", 41), ("Đơn vị phối hợp", 36), ("Thời gian", 21)]
TABLE_ALIGN = ["center", "left", "left", "left", "center"]
#: Trích yếu longer than this is set on two balanced lines (a long single line wraps with one word left over).
TITLE_LINE = 60
TABLE_FONT = 12


@dataclass
class Block:
    """One piece of the body: kind is basis | para | h1 | h2 | bullet | table."""

    kind: str
    text: str = ""
    rows: list[list[str]] = field(default_factory=list)


def balanced_lines(text: str, limit: int = TITLE_LINE) -> str:
    """Break a long one-line title into two lines of similar length at a space ("\n" between them)."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    words = text.split(" ")
    best, best_gap = text, len(text)
    for i in range(1, len(words)):
        first, second = " ".join(words[:i]), " ".join(words[i:])
        gap = abs(len(first) - len(second))
        if gap < best_gap:
            best, best_gap = f"{first}\n{second}", gap
    return best


def header_of(plan: Plan) -> DocumentHeader:
    return DocumentHeader(
        issuer_parent=plan.issuer_parent or None,
        issuer=plan.issuer,
        symbol=plan.symbol,
        number=plan.number or None,
        place=plan.place,
        date=plan.issued_on,
        year=plan.year,
        doc_type=DOC_TYPE,
        summary=plan.title if "\n" in plan.title else balanced_lines(plan.title),
    )


def party_cell(labels: list[str]) -> str:
    """Each unit on its own line, separated by ";" as in the plans the wards write."""
    labels = [label.rstrip(" ;") for label in labels if label.strip()]
    return ";\n".join(labels)


def activity_rows(plan: Plan) -> list[list[str]]:
    rows = []
    for n, a in enumerate(plan.ordered_activities(), start=1):
        rows.append(
            [
                str(n),
                a.content,
                party_cell([p.label for p in a.lead_parties]),
                party_cell([p.label for p in a.coordinating_parties]),
                a.timing_text,
            ]
        )
    return rows


def plan_blocks(plan: Plan) -> list[Block]:
    """The body of the plan, in order, section numbers included (empty sections are left out)."""
    blocks = [Block("basis", t) for t in plan.legal_bases]
    if plan.intro:
        blocks.append(Block("para", plan.intro))
    sections: list[tuple[str, list[Block]]] = []

    part: list[Block] = []
    sub = 0
    if plan.purposes:
        sub += 1
        part.append(Block("h2", f"{sub}. Mục đích"))
        part += [Block("bullet", t) for t in plan.purposes]
    if plan.requirements:
        sub += 1
        part.append(Block("h2", f"{sub}. Yêu cầu"))
        part += [Block("para", t) for t in plan.requirements]
    sections.append(("MỤC ĐÍCH, YÊU CẦU", part))

    rows = activity_rows(plan)
    sections.append(("NỘI DUNG, THỜI GIAN THỰC HIỆN", [Block("table", rows=rows)] if rows else []))
    sections.append(("CHỈ TIÊU PHẤN ĐẤU", [Block("bullet", t.text) for t in plan.targets.all()]))
    sections.append(("KINH PHÍ THỰC HIỆN", [Block("bullet", f.printed) for f in plan.funding_sources.all()]))
    part = []
    for n, r in enumerate(plan.responsibilities.all(), start=1):
        part.append(Block("h2", f"{n}. {r.heading}"))
        part += [Block("bullet", t) for t in r.tasks]
    sections.append(("TỔ CHỨC THỰC HIỆN", part))

    number = 0
    for title, content in sections:
        if not content:
            continue
        blocks.append(Block("h1", f"{ROMAN[number]}. {title}"))
        number += 1
        blocks += content
    if plan.closing:
        blocks.append(Block("para", plan.closing))
    return blocks


def printed_recipients(plan: Plan) -> list[str]:
    """The "Nơi nhận" lines as printed (Nd30Document.closing adds "Lưu: VT" when no "Lưu…" line is given)."""
    items = [r.strip().lstrip("-").strip().rstrip(";.,").strip() for r in plan.recipients]
    items = [r for r in items if r]
    if not any(r.startswith("Lưu") for r in items):
        items.append("Lưu: VT")
    return items


def signature_of(plan: Plan) -> Signature:
    return Signature(list(plan.signature_authority) or ["NGƯỜI KÝ"], plan.signer_name or "")


def _insert_signer_title(table: Table, text: str) -> None:
    """Print the signer's position (e.g. "PHÓ CHỦ TỊCH UBND PHƯỜNG") between the space for the signature
    and the name, formatted like the name."""
    cell = table.cell(0, 1)
    name_p = cell.paragraphs[-1]
    new = copy.deepcopy(name_p._p)
    name_p._p.addprevious(new)
    para = Paragraph(new, name_p._parent)
    runs = para.runs
    if runs:
        runs[0].text = text.strip().upper()
        for extra in runs[1:]:
            extra._r.getparent().remove(extra._r)


def build_plan_document(plan: Plan) -> Nd30Document:
    doc = Nd30Document(header_of(plan))
    for block in plan_blocks(plan):
        if block.kind == "basis":
            doc.legal_bases([block.text])
        elif block.kind == "para":
            doc.paragraph(block.text)
        elif block.kind == "h1":
            doc.heading(block.text, level=1)
        elif block.kind == "h2":
            doc.heading(block.text, level=2)
        elif block.kind == "bullet":
            doc.bullet(block.text)
        elif block.kind == "table":
            doc.table(TABLE_COLUMNS, block.rows, font_size=TABLE_FONT, align=TABLE_ALIGN)
    table = doc.closing(plan.recipients, signature_of(plan))
    if plan.signer_title:
        _insert_signer_title(table, plan.signer_title)
    return doc


def plan_docx(plan: Plan) -> bytes:
    return build_plan_document(plan).to_bytes()


def file_name(plan: Plan, ext: str) -> str:
    """ke-hoach-2020-phuong-quyet-tien.docx"""
    slug = "-".join(fold(plan.ward.name).replace(",", " ").split())
    return f"ke-hoach-{plan.year}-{slug}.{ext}"


# --------------------------------------------------------------------------- export registry


def find_plan(ward: Unit, year: int) -> Plan:
    """The plan of `year` for `ward` or for a unit it covers (a 2020 plan of phường Quyết Tiến is found from
    today's phường Đoàn Kết)."""
    covered = get_graph().covered(ward.pk)
    plans = list(Plan.objects.filter(year=year, ward__in=covered).select_related("ward"))
    if not plans:
        raise DocumentNotAvailable(f"Chưa có kế hoạch năm {year} của {ward.name} (kể cả các đơn vị tiền thân).")
    exact = [p for p in plans if p.ward_id == ward.pk]
    if exact:
        return exact[0]
    if len(plans) > 1:
        names = ", ".join(sorted(p.ward.name for p in plans))
        raise DocumentNotAvailable(
            f"Năm {year} có {len(plans)} kế hoạch thuộc {ward.name}: {names}. Hãy ghi rõ xã, phường (--ward)."
        )
    return plans[0]


def build(ward: Unit, year: int, **options: Any) -> Nd30Document:
    """Builder for vanhoa.documents.exports: `plan=<id>` picks a plan directly."""
    if options.get("plan"):
        plan = Plan.objects.filter(pk=int(options["plan"]), ward__in=get_graph().covered(ward.pk)).first()
        if plan is None:
            raise DocumentNotAvailable(f"Không có kế hoạch số {options['plan']} của {ward.name}.")
        return build_plan_document(plan)
    return build_plan_document(find_plan(ward, int(year)))
