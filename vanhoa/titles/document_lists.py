"""The lists of the title cycle's documents as spreadsheets (the XLSX version of a decision's annex, the
registration and proposed lists, the commendation ranking)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any, cast

from vanhoa.core.text import nfc
from vanhoa.documents.exports import DocumentNotAvailable
from vanhoa.titles import services
from vanhoa.titles.choices import DecisionKind, State
from vanhoa.titles.documents import _decision_for, _title, _ward_scope, find_group
from vanhoa.titles.models import Candidacy
from vanhoa.units.models import Unit


def xlsx(title: str, headers: Sequence[str], rows: Sequence[Sequence[Any]]) -> bytes:
    """A list as XLSX: Vietnamese headers in bold, dates as dd/mm/yyyy, frozen header row, autofilter."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.worksheet import Worksheet

    from vanhoa.imports.xlsx import save

    wb = Workbook()
    ws = cast(Worksheet, wb.active)
    ws.title = nfc(title)[:31]
    ws.append([nfc(h) for h in headers])
    for cell in ws[1]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="center")
    for row in rows:
        ws.append([nfc(v) if isinstance(v, str) else v for v in row])
    widths = [max(len(str(h)), *(len(str(r[i])) for r in rows)) if rows else len(str(h)) for i, h in enumerate(headers)]
    for i, w in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(i)].width = min(60, max(8, w + 2))
        for cell in ws[get_column_letter(i)][1:]:
            if isinstance(cell.value, date):
                cell.number_format = "DD/MM/YYYY"
    ws.freeze_panes = "A2"
    ws.auto_filter.ref = ws.dimensions
    return save(wb)  # text that would read as a formula is written as text


def list_rows(kind: str, *, ward: Unit, year: int, **options: Any) -> tuple[str, list[str], list[list[Any]]]:
    """The rows of a document's list, for its XLSX version."""
    if kind == "title-decision":
        d = _decision_for(ward, year, options, DecisionKind.RECOGNITION)
        cands = d.candidacies.select_related("review_unit").order_by("review_unit__order", "sort_key")
        if options.get("only_group"):  # someone who sees one group gets that group's rows (#21 F5)
            cands = cands.filter(review_unit=find_group(ward, options["only_group"]))
        return (
            f"QĐ {d.number}",
            [
                "STT",
                "Họ và tên chủ hộ",
                "Tổ dân phố",
                "Số quyết định",
                "Ngày quyết định",
                "Số giấy công nhận",
                "Ghi chú",
            ],
            [
                [
                    i,
                    c.subject_name,
                    c.review_unit.name_on(d.signed_on),
                    d.number_text,
                    d.signed_on,
                    c.certificate_number,
                    "Đã thu hồi" if c.state == State.REVOKED else "",
                ]
                for i, c in enumerate(cands, start=1)
            ],
        )
    if kind in ("title-proposal", "title-registration"):
        tt = _title(options.get("title"))
        qs = Candidacy.objects.filter(title_type=tt, year=year, ward__in=_ward_scope(ward))
        if options.get("group"):
            qs = qs.filter(review_unit=find_group(ward, options["group"]))
        qs = qs.select_related("review_unit", "review_entry").order_by("review_unit__order", "sort_key")
        day = services.review_season(year)
        return (
            f"{tt.name} {year}",
            ["STT", "Họ và tên chủ hộ", "Tổ dân phố", "Ngày đăng ký", "Trạng thái", "Số người tán thành", "Lý do"],
            [
                [
                    i,
                    c.subject_name,
                    c.review_unit.name_on(day),
                    c.registered_on,
                    c.get_state_display(),
                    c.review_entry.effective_votes_for() if c.review_entry is not None else None,
                    c.reason,
                ]
                for i, c in enumerate(qs, start=1)
            ],
        )
    if kind == "commendation-decision":
        d = _decision_for(ward, year, options, DecisionKind.COMMENDATION)
        rows = d.commendations.select_related("candidacy", "candidacy__review_unit").order_by("rank")
        if options.get("only_group"):
            rows = rows.filter(candidacy__review_unit=find_group(ward, options["only_group"]))
        return (
            f"Giấy khen {d.year}",
            ["Thứ hạng", "Họ và tên chủ hộ", "Tổ dân phố", "Số năm liên tục", "Số phiếu tán thành", "Bằng phiếu"],
            [
                [
                    r.rank,
                    r.candidacy.subject_name,
                    r.candidacy.review_unit.name_on(d.signed_on),
                    f"{r.window_from}–{r.window_to}",
                    r.votes_for,
                    "Có" if r.tie else "",
                ]
                for r in rows
            ],
        )
    raise DocumentNotAvailable("Văn bản này không có bản Excel.")
