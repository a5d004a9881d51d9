"""A whole dossier (hồ sơ) as one PDF: a cover list of its contents, then each form in the order the law lists it
(the rule set's dossier items, which cite the article: NĐ 86/2023 Điều 7 khoản 1 for a group's households,
khoản 2 for the commune's groups; NĐ 122/2018 Điều 8). One paper per item; an item made per group (a group's
Báo cáo thành tích) or per household (NĐ 122/2018 registrations) gives one paper per group / one page per
household. An item the records cannot make yet is listed on the cover as missing, with the reason.

The PDF is a "drawn" recipe (vanhoa.documents.recipes): the pages of each paper are converted by the worker (or
in the process, for the command), counted, the cover is written with the page numbers, and the parts are joined
with pikepdf — so a long dossier goes to the background like any other PDF.
"""

from __future__ import annotations

import base64
import io
import re
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from vanhoa.core import clock
from vanhoa.core.text import format_date
from vanhoa.documents import DocumentHeader, Signature
from vanhoa.documents.exports import DocumentNotAvailable
from vanhoa.documents.recipes import Recipe, recipe_of
from vanhoa.titles import facts, services
from vanhoa.titles.choices import SubjectKind
from vanhoa.titles.documents import _title, build_minutes, build_proposal, find_group
from vanhoa.titles.forms_print import group_forms, household_forms
from vanhoa.titles.forms_print.base import FormDocument
from vanhoa.titles.models import Candidacy, RuleSet
from vanhoa.units.choices import UnitKind
from vanhoa.units.models import Unit

Builder = Callable[..., Any]


@dataclass
class Part:
    label: str  # "Văn bản đề nghị xét tặng … (Tổ dân phố số 3)"
    form: str  # "Mẫu số 01" or ""
    doc: Any = None  # the paper, or None when it cannot be made yet
    missing: str = ""  # why not


def _household_builders() -> dict[str, Builder]:
    return {
        "proposal": household_forms.build_group_proposal,
        "summary": lambda **kw: build_proposal(form02=True, **kw),
        "registration": household_forms.build_registration_form,
        "self_assessment": household_forms.build_self_assessment,
        "minutes": build_minutes,
    }


def _parts(
    items: list[Any], builders: dict[str, Builder], per_item: Callable[[Any], list[dict[str, Any]]], **kw: Any
) -> list[Part]:
    out = []
    for item in items:
        build = builders.get(item.code)
        for extra in per_item(item):
            suffix = extra.pop("_label", "")
            label = item.name + (f" ({suffix})" if suffix else "")
            if build is None:
                out.append(Part(label, item.form, missing="Hệ thống chưa lập mẫu này."))
                continue
            try:
                out.append(Part(label, item.form, build(**kw, **extra)))
            except (DocumentNotAvailable, services.TitleError) as exc:
                out.append(Part(label, item.form, missing=str(exc)))
    return out


def build_dossier(*, ward: Unit, year: int, **options: Any) -> Dossier:
    """A group's dossier for the household title (group=…), or the commune's dossier for the group title."""
    tt = _title(options.get("title"), "gdvh" if options.get("group") else "tdpvh")
    if tt.subject_kind == SubjectKind.HOUSEHOLD:
        if not options.get("group"):
            raise DocumentNotAvailable("Hồ sơ «Gia đình văn hóa» lập theo từng tổ dân phố: cần chọn tổ (group=…).")
        group = find_group(ward, options["group"])
        rs = services.rule_set_for_year(tt, group, year)
        items = list(rs.dossier_items.order_by("order", "pk"))
        parts = _parts(
            items,
            _household_builders(),
            lambda item: [{}],
            ward=ward,
            year=year,
            title=tt.code,
            group=str(group.pk),
        )
        return Dossier(tt.name, year, group, rs, parts)
    if options.get("only_group"):  # someone who sees one group gets that group's papers only (#21 F5)
        raise DocumentNotAvailable("Hồ sơ của xã, phường gồm giấy tờ của mọi tổ dân phố.")
    if tt.subject_kind != SubjectKind.GROUP:
        raise DocumentNotAvailable(f"Chưa có hồ sơ in sẵn cho danh hiệu «{tt.name}».")
    rs = services.rule_set_for_year(tt, ward, year)
    groups = list(
        Unit.objects.filter(
            pk__in=Candidacy.objects.filter(title_type=tt, year=year, ward__in=facts.lineage_ids(ward.pk)).values(
                "group_id"
            )
        ).order_by("order", "pk")
    )
    builders = {
        "proposal": group_forms.build_submission,
        "report": group_forms.build_achievement_report,
        "minutes": build_minutes,
    }

    def per_item(item: Any) -> list[dict[str, Any]]:
        if item.code == "report":
            return [{"group": str(g.pk), "_label": g.name} for g in groups]
        return [{}]

    parts = _parts(
        list(rs.dossier_items.order_by("order", "pk")), builders, per_item, ward=ward, year=year, title=tt.code
    )
    return Dossier(tt.name, year, ward, rs, parts)


class Dossier:
    """The papers of one dossier, printable as one PDF (``pdf_recipe``); there is no DOCX of the whole."""

    def __init__(self, title: str, year: int, unit: Unit, rule_set: RuleSet, parts: list[Part]) -> None:
        self.title, self.year, self.unit, self.rule_set, self.parts = title, year, unit, rule_set, parts
        if not any(p.doc is not None for p in parts):
            reasons = "; ".join(p.missing for p in parts if p.missing)
            raise DocumentNotAvailable(f"Chưa lập được giấy tờ nào của hồ sơ: {reasons}")

    def to_bytes(self) -> bytes:
        raise DocumentNotAvailable("Hồ sơ chỉ xuất được bản PDF (--format pdf).")

    def cover_data(self) -> dict[str, Any]:
        on = date(self.year, 12, 31)
        group = self.unit.kind == UnitKind.GROUP
        w = services.ward_on(self.unit, on) if group else self.unit
        return {
            "made_on": format_date(clock.today()),
            "place": w.short_name_on(on),
            "year": self.year,
            "summary": f"Hồ sơ đề nghị xét tặng danh hiệu “{self.title}” năm {self.year}\n"
            + (f"{self.unit.name_on(on)}, {services.unit_title(w, on)}" if group else services.unit_title(w, on)),
            "basis": "Thành phần hồ sơ theo " + self._article(),
        }

    def _article(self) -> str:
        """ "NĐ 86/2023 Điều 7 khoản 2" (the items' common source, without their points)."""
        first = self.rule_set.dossier_items.order_by("order", "pk").first()
        source = first.source if first is not None else ""
        return re.sub(r"\s+điểm\s+\S+$", "", source) or self.rule_set.legal_short

    def pdf_recipe(self) -> Recipe:
        parts = []
        for p in self.parts:
            entry: dict[str, Any] = {"label": p.label, "form": p.form, "missing": p.missing}
            if p.doc is not None:
                sub = recipe_of(p.doc)
                sub.docx = _stable_zip(sub.docx)
                entry["recipe"] = base64.b64encode(sub.to_bytes()).decode()
            parts.append(entry)
        content = {"cover": self.cover_data(), "parts": parts}
        return Recipe("drawn", data={"draw": f"{__name__}.draw", "content": content, "size": len(parts) + 1})


def _stable_zip(data: bytes) -> bytes:
    """The DOCX with every entry dated 01/01/1980, so the same papers give the same recipe key and the PDF is made
    once for everyone who asks (a zip entry otherwise carries the second it was written)."""
    if not data:
        return data
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            dst.writestr(zipfile.ZipInfo(info.filename, date_time=(1980, 1, 1, 0, 0, 0)), src.read(info.filename),
                         compress_type=zipfile.ZIP_DEFLATED)  # fmt: skip
    return out.getvalue()


def draw(content: dict[str, Any], *, progress: Any = None) -> bytes:
    """The dossier's PDF: each paper converted, then the cover with the page numbers, then all joined."""
    from vanhoa.documents.annex_pdf import join, page_count
    from vanhoa.documents.convert import document_pdf

    pdfs: list[bytes | None] = []
    parts = content["parts"]
    for i, part in enumerate(parts, start=1):
        raw = part.get("recipe")
        pdfs.append(Recipe.from_bytes(base64.b64decode(raw)).render() if raw else None)
        if progress is not None:
            progress(i, len(parts) + 1)
    counts = [page_count(p) if p else 0 for p in pdfs]
    cover_pages = 1
    for _ in range(2):  # the cover's own length decides where the papers start
        cover = document_pdf(cover_document(content["cover"], parts, counts, cover_pages))
        if page_count(cover) == cover_pages:
            break
        cover_pages = page_count(cover)
    if progress is not None:
        progress(len(parts) + 1, len(parts) + 1)
    return join([cover, *[p for p in pdfs if p]])


def cover_document(
    cover: dict[str, Any], parts: list[dict[str, Any]], counts: list[int], cover_pages: int
) -> FormDocument:
    """DANH MỤC HỒ SƠ: one line per paper (its form and first page), a missing paper with its reason."""
    header = DocumentHeader(None, "", "", None, cover["place"], None, cover["year"], "DANH MỤC HỒ SƠ", cover["summary"])
    doc = FormDocument(header, citizen=True)  # a list of the papers, not a paper of its own: no issuer, no number
    doc.paragraph(cover["basis"] + ".", italic=True)
    rows, page = [], cover_pages + 1
    for i, (part, n) in enumerate(zip(parts, counts, strict=True), start=1):
        where = f"{page}–{page + n - 1}" if n > 1 else (str(page) if n else "")
        rows.append([str(i), part["label"] + (f"\nChưa có: {part['missing']}" if part["missing"] else ""),
                     part["form"], where])  # fmt: skip
        page += n
    doc.table([("STT", 12), ("Thành phần hồ sơ", 105), ("Mẫu", 26), ("Trang", 22)], rows,
              align=["center", "left", "center", "center"])  # fmt: skip
    doc.paragraph(f"Lập ngày {cover['made_on']} từ dữ liệu của hệ thống.", italic=True, align="right")
    doc.closing(None, Signature(["NGƯỜI LẬP"], ""))
    return doc
