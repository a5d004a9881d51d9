"""The template for a year's registrations and review results: the ward's households already listed, group by
group, so a group leader only ticks "x" and writes "Đạt" / "Không đạt". What is already recorded that year
(registrations, results in the minutes) is filled in, so importing the untouched template changes nothing."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from vanhoa.imports.households import current_groups
from vanhoa.imports.xlsx import choice_list, restrict, save, template_header
from vanhoa.registry.models import Household
from vanhoa.titles.choices import MeetingStatus, Outcome, State
from vanhoa.titles.models import Candidacy, ReviewEntry, TitleType
from vanhoa.units.models import Unit

HEADERS = [
    ("STT", 6, None),
    ("Mã hộ", 13, "@"),
    ("Họ và tên chủ hộ", 26, None),
    ("Tổ dân phố", 18, None),
    ("Địa chỉ", 28, None),
    ("Đăng ký (x)", 10, None),
    ("Ngày đăng ký", 13, "DD/MM/YYYY"),
    ("Kết quả bình xét", 14, None),
    ("Số người tán thành", 11, "0"),
    ("Lý do không đạt", 30, None),
    ("Ghi chú", 24, None),
]
HEADER_ROW = 4
EXTRA_ROWS = 50  # empty, formatted lines after the list for households added by hand


def _recorded(tt: TitleType | None, year: int, household_ids: Sequence[int]) -> dict[int, dict[str, Any]]:
    """{household id: {registered_on, result, votes_for, reason}} of what the system holds for the year."""
    if tt is None:
        return {}
    out: dict[int, dict[str, Any]] = {}
    cands = Candidacy.objects.filter(title_type=tt, year=year, household_id__in=household_ids).exclude(
        state=State.WITHDRAWN
    )
    by_cand: dict[int, int] = {}
    for c in cands.select_related("review_entry"):
        row: dict[str, Any] = {"registered_on": c.registered_on}
        e = c.review_entry
        if e is not None and e.outcome != Outcome.PENDING:
            row.update(
                result="Đạt" if e.outcome == Outcome.PASSED else "Không đạt",
                votes_for=e.votes_for,
                reason=e.outcome_reason if e.outcome == Outcome.FAILED else "",
            )
        out[c.household_id] = row
        by_cand[c.pk] = c.household_id
    drafts = ReviewEntry.objects.filter(meeting__status=MeetingStatus.DRAFT, candidacy_id__in=list(by_cand))
    for e in drafts.exclude(criteria_met=None):
        out[by_cand[e.candidacy_id]].update(
            result="Đạt" if e.criteria_met else "Không đạt", votes_for=e.votes_for, reason=e.reason_text
        )
    return out


def build(ward: Unit, year: int, tt: TitleType | None) -> bytes:
    """The template of `year` for title `tt` (None: no title exists yet, the list without what is recorded)."""
    groups = current_groups(ward)
    order = {g.pk: i for i, g in enumerate(groups)}
    households = sorted(
        Household.objects.filter(group__in=groups).active().select_related("group"),
        key=lambda h: (order[h.group_id], h.head_sort_key, h.code),
    )
    recorded = _recorded(tt, year, [h.pk for h in households])

    wb = Workbook()
    ws = wb.active
    ws.title = f"Đăng ký {year}"
    ncol = len(HEADERS)
    last = get_column_letter(ncol)
    title_name = tt.name.upper() if tt else "GIA ĐÌNH VĂN HÓA"
    ws["A1"] = f"DANH SÁCH ĐĂNG KÝ VÀ KẾT QUẢ BÌNH XÉT {title_name} NĂM {year}"
    ws["A2"] = ward.name
    ws["A3"] = (
        "Hộ đăng ký: ghi «x» ở cột «Đăng ký». Sau cuộc họp bình xét của tổ: ghi «Đạt» hoặc «Không đạt» (kèm lý "
        "do). Không xoá cột «Mã hộ»."
    )
    ws["A1"].font = Font(bold=True, size=13)
    ws["A2"].font = Font(bold=True)
    ws["A3"].font = Font(italic=True, size=10)
    for r in (1, 2, 3):
        ws[f"A{r}"].alignment = Alignment(horizontal="center" if r < 3 else "left", wrap_text=r == 3)
        ws.merge_cells(f"A{r}:{last}{r}")
    ws.row_dimensions[3].height = 30
    template_header(ws, HEADER_ROW, [(title, width) for title, width, _fmt in HEADERS])
    ws.row_dimensions[HEADER_ROW].height = 32

    r = HEADER_ROW
    for n, h in enumerate(households, start=1):
        r += 1
        rec = recorded.get(h.pk, {})
        registered_on: date | None = rec.get("registered_on")
        values = [
            n,
            h.code,
            h.head_name,
            h.group.name,
            h.address,
            "x" if rec else None,
            registered_on,
            rec.get("result"),
            rec.get("votes_for"),
            rec.get("reason") or None,
            None,
        ]
        for c, v in enumerate(values, start=1):
            ws.cell(row=r, column=c, value=v)
    last_row = r + EXTRA_ROWS
    for c, (_t, _w, fmt) in enumerate(HEADERS, start=1):
        if fmt:
            for rr in range(HEADER_ROW + 1, last_row + 1):
                ws.cell(row=rr, column=c).number_format = fmt
    ws.freeze_panes = ws.cell(row=HEADER_ROW + 1, column=4)
    ws.auto_filter.ref = f"A{HEADER_ROW}:{last}{max(r, HEADER_ROW + 1)}"
    ws.print_title_rows = f"{HEADER_ROW}:{HEADER_ROW}"
    ws.page_setup.paperSize = "9"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True

    cells = f"{{col}}{HEADER_ROW + 1}:{{col}}{last_row}"
    restrict(ws, cells.format(col="F"), title="Đăng ký", error="Có đăng ký thì ghi «x», không thì để trống.",
             type="list", formula1='"x"')  # fmt: skip
    restrict(ws, cells.format(col="G"), title="Ngày đăng ký", error=f"Ghi ngày trong năm {year}, dạng ngày/tháng/năm.",
             type="date", operator="between", formula1=f"DATE({year},1,1)", formula2=f"DATE({year},12,31)")  # fmt: skip
    restrict(ws, cells.format(col="H"), title="Kết quả bình xét", error="Chọn «Đạt» hoặc «Không đạt».",
             type="list", formula1='"Đạt,Không đạt"')  # fmt: skip
    choice_list(ws, cells.format(col="D"), [g.name for g in groups], title="Tổ dân phố",
                error="Chọn tổ dân phố trong danh sách.")  # fmt: skip
    return save(wb)  # text that would read as a formula is written as text
