"""Importing a year's registrations for "Gia đình văn hóa" and the groups' review results from a spreadsheet.

Wards keep, per residential group, a list of the households that registered (a mark "x", a date) and, after
the group's review meeting, each household's result ("Đạt" / "Không đạt" with the reason, the votes). This
importer reads such a list into the title cycle of one year, through the same services the pages use:

* a registered household without a candidacy that year is registered (`titles.services.register`, dated with
  the row's "Ngày đăng ký" or the date chosen with the upload);
* a result goes into the group's minutes of that year (`start_review_meeting` + `save_review_draft`): the
  draft the group leader may already have opened, or a new one started with the same defaults as the page.
  The import never closes the minutes: the meeting's facts (attendance, chair, place) are not in such lists,
  so the leader checks them and closes the minutes, which turns the results into outcomes under the rules.
* households are matched in the ward's registry, never created: by household code, else by the head's name
  (accent- and case-insensitive) within the group, with the address to tell namesakes apart. No match, or
  several, is a rejected row saying what to write.

Importing the same file again changes nothing. A row contradicting what is recorded (a registration the
file says did not happen, a result differing from closed minutes, a household that withdrew) is rejected
with the reason rather than silently changing a recorded step of the cycle.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django import forms
from django.db.models import Count, Max

from vanhoa.accounts.permissions import Cap
from vanhoa.core.text import format_date
from vanhoa.imports import parsing, sandbox
from vanhoa.imports.households import current_groups
from vanhoa.imports.importers import Importer, Plan, ProgressFn, _no_progress
from vanhoa.imports.parsing import HouseholdRow, ParseResult, RowError
from vanhoa.registry.choices import HouseholdStatus
from vanhoa.registry.models import Household
from vanhoa.titles import clock
from vanhoa.titles import services as titles
from vanhoa.titles.choices import REVIEWABLE, MeetingStatus, Outcome, State, SubjectKind
from vanhoa.titles.models import Candidacy, ReviewEntry, TitleType
from vanhoa.units.models import Unit
from vanhoa.units.tree import get_graph

FIELDS = frozenset(("code", "head_name", "group", "address", "moved_in", "note", *parsing.EXTRA_FIELDS))
PREVIEW_ROWS = 300
FIRST_YEAR = 2000

PASS, FAIL = "pass", "fail"
_YES = frozenset(("x", "co", "có", "v", "1", "dk", "dang ky", "da dang ky", "co dang ky", "yes", "ok", "r", "u"))
_TICKS = frozenset("xX✓✔√☑✗✘ü")  # "ü" is Wingdings' tick as typed in Excel
_NO = frozenset(("khong", "k", "ko", "0", "chua", "khong dang ky", "chua dang ky", "no", "-"))
_PASS_WORDS = frozenset(
    ("dat", "d", "x", "co", "1", "gdvh", "gia dinh van hoa", "dat gdvh", "dat gia dinh van hoa", "duoc cong nhan",
     "cong nhan", "dat danh hieu", "de nghi", "de nghi cong nhan", "v", "ok", "u")
)  # fmt: skip
_FAIL_WORDS = frozenset(
    ("khong dat", "chua dat", "kd", "khong", "k", "ko", "0", "khong cong nhan", "khong de nghi",
     "chua cong nhan", "khong dat gdvh")
)  # fmt: skip

LABELS = {
    "code": "Mã hộ",
    "head_name": "Họ và tên chủ hộ",
    "group": "Tổ dân phố",
    "address": "Địa chỉ",
    "moved_in": "Ngày đăng ký",
    "registered": "Đăng ký",
    "result": "Kết quả bình xét",
    "result_pass": "Đạt",
    "result_fail": "Không đạt",
    "reason": "Lý do không đạt",
    "votes_for": "Số người tán thành",
    "votes_against": "Số người không tán thành",
    "meeting_on": "Ngày họp bình xét",
    "note": "Ghi chú",
}

MSG_CODE_UNKNOWN = (
    "Không có hộ mã «{v}» trong sổ hộ của phường: hãy nhập danh sách hộ trước (Nhập Excel → Danh sách hộ gia "
    "đình) hoặc sửa lại mã hộ"
)
MSG_CODE_MANY = (
    "Mã hộ «{v}» ứng với nhiều hộ trong sổ ({names}): hãy ghi mã hộ của phường hiện nay hoặc báo quản trị viên"
)
MSG_CODE_OTHER_NAME = "Mã hộ «{code}» là hộ {name}, không phải «{v}»: hãy kiểm tra lại mã hộ hoặc họ tên"
MSG_NOT_FOUND = "Không tìm thấy hộ «{v}»{where} trong sổ hộ: hãy ghi mã hộ, hoặc thêm hộ vào sổ trước"
MSG_MANY = "Có {n} hộ tên «{v}»{where} ({codes}): hãy ghi mã hộ để chỉ rõ hộ nào"
MSG_SAME_HOUSEHOLD = "Trùng với dòng {row}: cùng là hộ {name} (mã {code}); mỗi hộ chỉ ghi một dòng"
MSG_MARK = "Ghi «{v}» không rõ: có đăng ký thì ghi «x», không đăng ký thì để trống"
MSG_RESULT = "Kết quả «{v}» không rõ: hãy ghi «Đạt» hoặc «Không đạt»"
MSG_BOTH = "Đánh dấu cả «Đạt» và «Không đạt»: chỉ đánh dấu một cột"
MSG_VOTES = "Số người «{v}» phải là số nguyên không âm"
MSG_NO_REASON = "Không đạt thì cần ghi lý do (cột «{col}»)"
MSG_RESULT_NOT_REGISTERED = "Tệp ghi hộ không đăng ký nhưng lại có kết quả bình xét"
MSG_INACTIVE = "Hộ {name} (mã {code}) {status} từ ngày {on}: không đăng ký được"
MSG_WITHDRAWN = "Hộ {name} đã rút đăng ký năm {year} ngày {on}: không đăng ký lại bằng tệp"
MSG_UNREGISTER = (
    "Hộ {name} đã đăng ký năm {year} (ngày {on}) nhưng tệp ghi không đăng ký: nhập tệp không rút đăng ký; hãy "
    "sửa tệp, hoặc rút đăng ký ở trang danh hiệu"
)
MSG_CLOSED = (
    "Biên bản họp bình xét của {group} đã chốt ngày {on}: hộ {name} «{was}», tệp ghi «{now}». Kết quả đã chốt "
    "không sửa bằng tệp"
)
MSG_PAST_STEP = "Hồ sơ của hộ {name} đang ở bước «{state}»: không ghi kết quả bình xét nữa"
MSG_DATE_YEAR = "Ngày {what} {v} không thuộc năm {year}"
MSG_MEETING_DATES = "{group} có hai ngày họp khác nhau trong tệp: {a} (dòng {ra}) và {b} (dòng {rb})"
MSG_NO_DATE = "Thiếu ngày đăng ký: tệp không có cột «Ngày đăng ký» thì hãy chọn ngày đăng ký khi tải tệp lên"
SKIP_NOT_REGISTERED = "Hộ không đăng ký"
SKIP_EXAMPLE = "Dòng ví dụ của tệp mẫu"


def household_titles() -> list[TitleType]:
    return list(TitleType.objects.filter(subject_kind=SubjectKind.HOUSEHOLD, active=True).order_by("order", "pk"))


@dataclass
class Parsed:
    table: ParseResult
    options: dict[str, Any]


@dataclass
class _Row:
    """A file row once read: the household it names and what it says about it."""

    row: int
    household: Any
    registered: bool
    registered_on: date | None
    result: str | None = None
    reason: str = ""
    votes_for: int | None = None
    votes_against: int | None = None
    meeting_on: date | None = None
    note: str = ""
    errors: list[tuple[str, str]] = field(default_factory=list)


PAYLOAD_FORMAT = 2  # registrations as named records; an earlier preview is refused (upload the file again)


@dataclass
class _Context:
    """What every step of one plan reads: the year, the title, the file's column names, the ward's groups; and
    what the steps set aside (rejected and skipped rows)."""

    year: int
    tt: Any
    labels: dict[str, str]
    group_names: dict[int, str]
    rejected: list[RowError]
    skipped: list[tuple[int, str]]

    def label(self, name: str) -> str:
        return self.labels.get(name, LABELS[name])


@dataclass
class _Outcome:
    """What the commit writes (named records) and what the preview shows."""

    register: list[dict[str, Any]] = field(default_factory=list)  # {"row", "household", "on"}
    results: dict[str, dict[str, Any]] = field(default_factory=dict)  # household pk -> the minutes line
    shown: list[dict[str, Any]] = field(default_factory=list)
    unchanged: int = 0
    acted: int = 0
    by_group: dict[int, dict[str, int]] = field(default_factory=lambda: defaultdict(lambda: defaultdict(int)))


class _Registry:
    """The ward's households (every status), indexed for matching a file row."""

    def __init__(self, ward: Unit) -> None:
        covered = get_graph().covered(ward.pk)
        rows = list(
            Household.objects.filter(group_id__in=covered).values_list(
                "pk", "code", "head_name", "group_id", "address", "status", "status_date", named=True
            )
        )
        self.by_code: dict[str, list[Any]] = defaultdict(list)
        self.by_name: dict[str, list[Any]] = defaultdict(list)
        for h in rows:
            self.by_code[h.code.casefold().replace(" ", "")].append(h)
            self.by_name[parsing.match_key(h.head_name)].append(h)

    def find(self, row: HouseholdRow, group_name: str | None) -> tuple[Any, str | None]:
        """-> (household, None) or (None, Vietnamese reason)."""
        if row.code:
            found = self.by_code.get(row.code.casefold().replace(" ", ""), [])
            if not found:
                return None, MSG_CODE_UNKNOWN.format(v=row.code)
            if len(found) > 1:  # codes are unique in a ward, but a merged ward holds its predecessors' codes
                same_name = [h for h in found if parsing.match_key(h.head_name) == parsing.match_key(row.head_name)]
                if len(same_name) == 1:
                    return same_name[0], None
                names = ", ".join(h.head_name for h in found[:5])
                return None, MSG_CODE_MANY.format(v=row.code, names=names)
            h = found[0]
            if parsing.match_key(row.head_name) != parsing.match_key(h.head_name):
                return None, MSG_CODE_OTHER_NAME.format(code=h.code, name=h.head_name, v=row.head_name)
            return h, None
        found = self.by_name.get(parsing.match_key(row.head_name), [])
        where = ""
        if row.group_key:
            found = [h for h in found if h.group_id == int(row.group_key)]
            where = f" ở {group_name}"
        if len(found) > 1 and row.address:
            same_address = [h for h in found if parsing.match_key(h.address) == parsing.match_key(row.address)]
            if same_address:
                found = same_address
        if len(found) > 1:  # a household that left does not hide the one living here
            active = [h for h in found if h.status == "active"]
            if len(active) == 1:
                found = active
        if not found:
            return None, MSG_NOT_FOUND.format(v=row.head_name, where=where)
        if len(found) > 1:
            codes = ", ".join(h.code for h in found[:5])
            return None, MSG_MANY.format(n=len(found), v=row.head_name, where=where, codes=codes)
        return found[0], None


def _mark(v: object) -> bool | None:
    """A registration mark: True, False, or None for a value that is neither."""
    if v is None:
        return False
    if type(v) is bool:
        return bool(v)
    if type(v) in (int, float):
        return {1: True, 0: False}.get(v)  # type: ignore[call-overload]
    text = parsing.cell_text(v)
    if not text:
        return False
    if text in _TICKS:
        return True
    k = parsing.fold_text(text)
    if k in _YES:
        return True
    if k in _NO:
        return False
    return None


def _verdict(v: object) -> str | None | bool:
    """A result cell: PASS, FAIL, None when blank, False when it cannot be read."""
    if v is None:
        return None
    text = parsing.cell_text(v)
    if not text:
        return None
    if text in _TICKS:
        return PASS
    k = parsing.fold_text(text)
    if k in _FAIL_WORDS or k.startswith(("khong dat", "chua dat")):
        return FAIL
    if k in _PASS_WORDS or k.startswith("dat "):
        return PASS
    return False


def _count(v: object) -> tuple[int | None, bool]:
    if v is None:
        return None, True
    if type(v) in (int, float):
        n = float(v)  # type: ignore[arg-type]
        return (int(n), True) if n.is_integer() and 0 <= n < 100_000 else (None, False)
    text = parsing.cell_text(v)
    if not text:
        return None, True
    digits = parsing.fold_text(text).removesuffix(" nguoi").removesuffix(" phieu").strip()
    return (int(digits), True) if digits.isascii() and digits.isdigit() and len(digits) < 6 else (None, False)


class RegistrationImporter(Importer):
    key = "registrations"
    label = "Đăng ký và kết quả bình xét Gia đình văn hóa"
    audit_noun = "registration"
    change_cap = Cap.TITLES_REGISTER
    also_caps = (Cap.HOUSEHOLDS_VIEW, Cap.TITLES_REVIEW)  # the template lists households; results fill minutes
    preview_template = "imports/preview_registrations.html"
    refusals = (titles.TitleError,)
    template_title = "Mẫu đăng ký và bình xét Gia đình văn hóa"
    created_word = "đăng ký"
    updated_word = "ghi kết quả"

    # --- options ------------------------------------------------------------------------------------

    def option_fields(self, ward: Unit, year: int) -> dict[str, forms.Field]:
        today = clock.today()
        kinds = household_titles()
        fields: dict[str, forms.Field] = {
            "year": forms.IntegerField(
                label="Năm xét danh hiệu",
                initial=year,
                min_value=FIRST_YEAR,
                max_value=today.year,
                widget=forms.NumberInput(attrs={"class": "form-control", "inputmode": "numeric"}),
                error_messages={
                    "min_value": f"Chỉ nhập từ năm {FIRST_YEAR}.",
                    "max_value": f"Năm không được sau năm {today.year}.",
                },
            ),
            "registered_on": forms.DateField(
                label="Ngày đăng ký (cho các dòng không ghi ngày)",
                required=False,
                initial=today if year == today.year else None,
                input_formats=["%d/%m/%Y", "%Y-%m-%d"],
                widget=forms.DateInput(format="%d/%m/%Y", attrs={"class": "form-control", "placeholder": "dd/mm/yyyy"}),
                help_text="Dùng khi tệp không có cột «Ngày đăng ký» hoặc ô ngày để trống.",
            ),
        }
        if len(kinds) > 1:
            fields["title"] = forms.ChoiceField(
                label="Danh hiệu", choices=[(t.code, t.name) for t in kinds], initial=kinds[0].code,
                widget=forms.Select(attrs={"class": "form-select"}),
            )  # fmt: skip
        return fields

    def clean_options(self, data: dict[str, Any], *, ward: Unit, user: Any = None) -> dict[str, Any]:
        kinds = household_titles()
        if not kinds:
            raise forms.ValidationError("Chưa có danh hiệu nào cho hộ gia đình trong hệ thống.")
        code = data.get("title") or kinds[0].code
        year = data.get("year")
        if year is None:
            raise forms.ValidationError({"year": "Hãy ghi năm xét danh hiệu."})
        registered_on = data.get("registered_on")
        if registered_on is not None and registered_on.year != year:
            raise forms.ValidationError({"registered_on": f"Ngày đăng ký phải trong năm {year}."})
        if registered_on is not None and registered_on > clock.today():
            raise forms.ValidationError({"registered_on": "Ngày đăng ký không được sau hôm nay."})
        if titles.rule_set_or_none(code, ward, titles.review_season(year)) is None:
            raise forms.ValidationError(
                {"year": f"Năm {year} chưa có quy định xét danh hiệu áp dụng cho {ward.name} trong hệ thống."}
            )
        return {"year": year, "title": code, "registered_on": registered_on.isoformat() if registered_on else None}

    def options_text(self, options: dict[str, Any]) -> str:
        tt = TitleType.objects.filter(code=options.get("title", "")).first()
        out = f"{tt.name if tt else 'Danh hiệu'} năm {options.get('year', '')}"
        if options.get("registered_on"):
            out += f", ngày đăng ký mặc định {format_date(date.fromisoformat(options['registered_on']))}"
        return out

    # --- template -----------------------------------------------------------------------------------

    def template(self, ward: Unit, year: int | None = None) -> bytes:
        from vanhoa.imports.registration_template import build

        kinds = household_titles()
        return build(ward, year or clock.today().year, kinds[0] if kinds else None)

    # --- read ---------------------------------------------------------------------------------------

    def parse(
        self, data: bytes, filename: str, *, ward: Unit, sheet: str | None, options: dict[str, Any] | None = None
    ) -> Parsed:
        groups = {str(g.pk): g.name for g in current_groups(ward)}
        table = sandbox.call("parse_households", data, filename, groups=groups, sheet=sheet, fields=FIELDS)
        return Parsed(table, dict(options or {}))

    def fingerprint(self, ward: Unit, options: dict[str, Any] | None = None) -> list[Any]:
        options = options or {}
        covered = list(get_graph().covered(ward.pk))
        cands = Candidacy.objects.filter(
            title_type__code=options.get("title", "gdvh"), year=options.get("year"), unit_id__in=covered
        ).aggregate(n=Count("id"), at=Max("updated_at"))
        entries = ReviewEntry.objects.filter(
            meeting__title_type__code=options.get("title", "gdvh"),
            meeting__year=options.get("year"),
            meeting__unit_id__in=covered,
        ).aggregate(n=Count("id"), at=Max("updated_at"), m=Max("meeting__updated_at"))
        homes = Household.objects.filter(group_id__in=covered).aggregate(n=Count("id"), at=Max("updated_at"))
        return [
            [cands["n"], cands["at"].isoformat() if cands["at"] else None],
            [entries["n"], entries["at"].isoformat() if entries["at"] else None,
             entries["m"].isoformat() if entries["m"] else None],
            [homes["n"], homes["at"].isoformat() if homes["at"] else None],
        ]  # fmt: skip

    def _read_row(self, row: HouseholdRow, labels: dict[str, str], year: int, default_on: date | None) -> _Row:
        extra = row.extra or {}
        out = _Row(row.row, None, True, row.moved_in or default_on, note=row.note)

        def label(f: str) -> str:
            return labels.get(f, LABELS[f])

        if "registered" in labels:
            mark = _mark(extra.get("registered"))
            if mark is None:
                out.errors.append(
                    (label("registered"), MSG_MARK.format(v=parsing.quoted(parsing.cell_text(extra["registered"]))))
                )
            else:
                out.registered = mark or row.moved_in is not None
        verdict: str | None | bool = None
        if "result" in extra:
            verdict = _verdict(extra["result"])
            if verdict is False:
                out.errors.append(
                    (label("result"), MSG_RESULT.format(v=parsing.quoted(parsing.cell_text(extra["result"]))))
                )
        passed = _mark(extra.get("result_pass")) if "result_pass" in extra else False
        failed = _mark(extra.get("result_fail")) if "result_fail" in extra else False
        for f, m in (("result_pass", passed), ("result_fail", failed)):
            if m is None:
                out.errors.append((label(f), MSG_RESULT.format(v=parsing.quoted(parsing.cell_text(extra[f])))))
        if passed and failed:
            out.errors.append((label("result_pass"), MSG_BOTH))
        elif passed or failed:
            mark_verdict = PASS if passed else FAIL
            if verdict in (PASS, FAIL) and verdict != mark_verdict:
                out.errors.append((label("result"), MSG_BOTH))
            verdict = mark_verdict
        out.result = verdict if verdict in (PASS, FAIL) else None  # type: ignore[assignment]
        reason = parsing.cell_text(extra.get("reason")) if "reason" in extra else ""
        if out.result == FAIL:
            out.reason = reason or row.note  # a missing reason is an error only if the result is written (plan)
        for f in ("votes_for", "votes_against"):
            if f in extra:
                n, ok = _count(extra[f])
                if not ok:
                    out.errors.append((label(f), MSG_VOTES.format(v=parsing.quoted(parsing.cell_text(extra[f])))))
                setattr(out, f, n)
        if "meeting_on" in extra:
            d, err = parsing.cell_date(extra["meeting_on"], clock.today())
            if err:
                out.errors.append((label("meeting_on"), err))
            elif d is not None and d.year != year:
                out.errors.append((label("meeting_on"), MSG_DATE_YEAR.format(what="họp", v=format_date(d), year=year)))
            out.meeting_on = d
        if row.moved_in is not None and row.moved_in.year != year:
            out.errors.append(
                (label("moved_in"), MSG_DATE_YEAR.format(what="đăng ký", v=format_date(row.moved_in), year=year))
            )
        if out.result is not None and not out.registered:
            out.errors.append((label("registered"), MSG_RESULT_NOT_REGISTERED))
        return out

    # --- plan ---------------------------------------------------------------------------------------

    def plan(self, parsed: Parsed, *, ward: Unit, progress: ProgressFn = _no_progress) -> Plan:
        """Read and match the rows, check them against the year's records, then the payload and the preview."""
        table, options = parsed.table, parsed.options
        year = int(options["year"])
        tt = titles.title_type(options.get("title") or "gdvh")
        ctx = _Context(
            year=year,
            tt=tt,
            labels={**table.columns, "moved_in": table.columns.get("moved_in", LABELS["moved_in"])},
            group_names={g.pk: g.name for g in current_groups(ward)},
            rejected=list(table.rejected),
            skipped=list(table.skipped),
        )
        default_on = date.fromisoformat(options["registered_on"]) if options.get("registered_on") else None
        read = self._read_rows(table.rows, ctx, _Registry(ward), default_on, progress)
        out = self._decide(read, ctx)
        progress(len(table.rows), len(table.rows))
        return Plan(
            created=len(out.register),
            updated=len(out.results),  # results written, also those of households registered by this file
            unchanged=out.unchanged,
            rejected=ctx.rejected,
            skipped=sorted(ctx.skipped),
            sheet=table.sheet,
            header_row=table.header_row,
            columns=dict(table.columns),
            details={
                "rows": out.shown,
                "rows_total": out.acted,
                "groups": self._group_rows(out.by_group, ctx.group_names),
                "year": year,
                "title": tt.name,
                "title_code": tt.code,
                "results": len(out.results),
                "options": self.options_text(options),
            },
            payload={"format": PAYLOAD_FORMAT, "year": year, "title": tt.code, "register": out.register,
                     "results": out.results},  # fmt: skip
            fingerprint=self.fingerprint(ward, options),
        )

    def _read_rows(
        self, rows: list[Any], ctx: _Context, registry: _Registry, default_on: date | None, progress: ProgressFn
    ) -> list[_Row]:
        """Step 1–2: each row's own values, and the household it names (one row per household)."""
        l_name = ctx.label("head_name")
        read: list[_Row] = []
        first_row: dict[int, int] = {}
        for i, row in enumerate(rows):
            if i % 500 == 0:
                progress(i, len(rows))
            if row.note == TEMPLATE_EXAMPLE_NOTE:
                ctx.skipped.append((row.row, SKIP_EXAMPLE))
                continue
            r = self._read_row(row, ctx.labels, ctx.year, default_on)
            gname = ctx.group_names.get(int(row.group_key)) if row.group_key else None
            h, err = registry.find(row, gname)
            if err:
                r.errors.append((l_name, err))
            elif (seen := first_row.get(h.pk)) is not None:
                r.errors.append((l_name, MSG_SAME_HOUSEHOLD.format(row=seen, name=h.head_name, code=h.code)))
            else:
                first_row[h.pk] = row.row
                r.household = h
            read.append(r)
        return read

    def _decide(self, read: list[_Row], ctx: _Context) -> _Outcome:
        """Step 3–4: each row against what is recorded this year, then what the commit writes."""
        pks = [r.household.pk for r in read if r.household is not None]
        cands = {
            c.household_id: c
            for c in Candidacy.objects.filter(title_type=ctx.tt, year=ctx.year, household_id__in=pks).select_related(
                "review_unit", "review_entry__meeting"
            )
        }
        drafts = {
            e.candidacy_id: e
            for e in ReviewEntry.objects.filter(
                meeting__status=MeetingStatus.DRAFT, candidacy__in=[c.pk for c in cands.values()]
            )
        }
        out = _Outcome()
        meeting_dates: dict[int, tuple[date, int]] = {}  # review unit -> (date, first row)
        for r in read:
            if r.household is not None:
                self._check_row(r, cands.get(r.household.pk), ctx, meeting_dates)
            if r.errors:
                ctx.rejected.extend(RowError(r.row, col, msg) for col, msg in r.errors)
                continue
            self._plan_row(r, cands.get(r.household.pk), drafts, ctx, out)
        return out

    def _check_row(
        self, r: _Row, c: Candidacy | None, ctx: _Context, meeting_dates: dict[int, tuple[date, int]]
    ) -> None:
        h = r.household
        l_name = ctx.label("head_name")
        self._check_against(r, h, c, ctx.year, ctx.labels, l_name)
        if r.result == FAIL and not r.reason:
            l_reason = ctx.labels.get("reason", LABELS["reason"])
            r.errors.append((l_reason, MSG_NO_REASON.format(col=l_reason)))
        unit_id = c.review_unit_id if c else h.group_id
        if r.result is not None and r.meeting_on is not None:
            first = meeting_dates.setdefault(unit_id, (r.meeting_on, r.row))
            if first[0] != r.meeting_on:
                group = c.review_unit.name if c else ctx.group_names.get(unit_id, "")
                message = MSG_MEETING_DATES.format(group=group, a=format_date(first[0]), ra=first[1],
                                                   b=format_date(r.meeting_on), rb=r.row)  # fmt: skip
                r.errors.append((ctx.labels.get("meeting_on", LABELS["meeting_on"]), message))

    def _plan_row(
        self, r: _Row, c: Candidacy | None, drafts: dict[int, ReviewEntry], ctx: _Context, out: _Outcome
    ) -> None:
        h = r.household
        action = []
        if not r.registered and c is None:
            ctx.skipped.append((r.row, SKIP_NOT_REGISTERED))
            return
        if c is None:
            if r.registered_on is None:
                ctx.rejected.append(RowError(r.row, ctx.labels["moved_in"], MSG_NO_DATE))
                return
            out.register.append({"row": r.row, "household": h.pk, "on": r.registered_on.isoformat()})
            action.append("đăng ký")
        line = self._line(r)
        if line is not None and self._result_changes(c, drafts.get(c.pk) if c else None, line):
            out.results[str(h.pk)] = {**line, "meeting_on": r.meeting_on.isoformat() if r.meeting_on else None}
            action.append("ghi kết quả")
        gid = c.review_unit_id if c else h.group_id
        if not action:
            out.unchanged += 1
            out.by_group[gid]["unchanged"] += 1
            return
        if c is None:
            out.by_group[gid]["registered"] += 1
        if line is not None and str(h.pk) in out.results:
            out.by_group[gid][r.result or ""] += 1
        out.acted += 1
        if len(out.shown) < PREVIEW_ROWS:
            out.shown.append({
                "row": r.row, "code": h.code, "head_name": h.head_name,
                "group": ctx.group_names.get(gid) or (c.review_unit.name if c else ""),
                "registered_on": format_date(r.registered_on) if c is None and r.registered_on else "",
                "result": {PASS: "Đạt", FAIL: "Không đạt"}.get(r.result or "", ""),
                "reason": r.reason if r.result == FAIL else "",
                "action": " và ".join(action),
            })  # fmt: skip

    @staticmethod
    def _group_rows(by_group: dict[int, dict[str, int]], group_names: dict[int, str]) -> list[dict[str, Any]]:
        """The preview's table per group, in the groups' order (former groups after)."""
        order = {gid: i for i, gid in enumerate(group_names)}
        names = group_names | dict(
            Unit.objects.filter(pk__in=set(by_group) - set(group_names)).values_list("pk", "name")
        )
        return sorted(
            (
                {"gid": gid, "group": names.get(gid, ""), "registered": counts["registered"],
                 "passed": counts[PASS], "failed": counts[FAIL], "unchanged": counts["unchanged"]}
                for gid, counts in by_group.items()
            ),
            key=lambda g: (order.get(g["gid"], len(order)), g["group"]),
        )  # fmt: skip

    @staticmethod
    def _line(r: _Row) -> dict[str, Any] | None:
        """The minutes line the row writes, or None when it gives no result."""
        if r.result is None:
            return None
        line: dict[str, Any] = {
            "criteria_met": r.result == PASS,
            "reason_text": r.reason[:255] if r.result == FAIL else "",
        }
        if r.votes_for is not None:
            line["votes_for"] = r.votes_for
        if r.votes_against is not None:
            line["votes_against"] = r.votes_against
        return line

    @staticmethod
    def _result_changes(c: Candidacy | None, entry: ReviewEntry | None, line: dict[str, Any]) -> bool:
        if c is None or entry is None:
            return True
        return any(getattr(entry, k) != v for k, v in line.items())

    @staticmethod
    def _check_against(r: _Row, h: Any, c: Candidacy | None, year: int, labels: dict[str, str], l_name: str) -> None:
        """Rejections for a row contradicting what is recorded for its household this year."""
        l_reg = labels.get("registered", l_name)
        if c is None:
            on = r.registered_on
            if r.registered and h.status != "active" and h.status_date and on and h.status_date <= on:
                r.errors.append((l_name, MSG_INACTIVE.format(
                    name=h.head_name, code=h.code, status=HouseholdStatus(h.status).label.lower(),
                    on=format_date(h.status_date))))  # fmt: skip
            return
        if c.state == State.WITHDRAWN:
            if r.registered:
                r.errors.append((l_reg, MSG_WITHDRAWN.format(name=h.head_name, year=year, on=format_date(c.state_on))))
            return
        if not r.registered:
            r.errors.append(
                (l_reg, MSG_UNREGISTER.format(name=h.head_name, year=year, on=format_date(c.registered_on)))
            )
            return
        if r.result is None:
            return
        reviewable = c.state in REVIEWABLE or (c.state == State.RETURNED and c.resume_state in REVIEWABLE)
        if reviewable:
            return
        e = c.review_entry
        l_result = labels.get("result") or labels.get("result_pass") or l_name
        if e is None or e.outcome == Outcome.PENDING:
            r.errors.append((l_result, MSG_PAST_STEP.format(name=h.head_name, state=c.get_state_display())))
            return
        was = PASS if e.outcome == Outcome.PASSED else FAIL
        if was != r.result:
            words = {PASS: "Đạt", FAIL: "Không đạt"}
            message = MSG_CLOSED.format(group=c.review_unit.name, on=format_date(e.meeting.held_on),
                                        name=h.head_name, was=words[was], now=words[r.result])  # fmt: skip
            r.errors.append((l_result, message))
        else:
            r.result = None  # the closed minutes already say so: nothing to write

    # --- apply --------------------------------------------------------------------------------------

    def apply(
        self, payload: dict[str, Any], *, ward: Unit, actor: Any, note: str, progress: ProgressFn = _no_progress
    ) -> dict[str, int]:
        if payload.get("format") != PAYLOAD_FORMAT:
            raise titles.TitleError("Bản xem trước được làm bằng phiên bản cũ; hãy tải tệp lên lại.")
        year = int(payload["year"])
        tt = titles.title_type(payload["title"])
        register = payload.get("register", [])
        results = payload.get("results", {})
        total = len(register) + len(results)
        wanted = {int(x["household"]) for x in register} | {int(pk) for pk in results}
        covered = get_graph().covered(ward.pk)
        households = Household.objects.filter(group_id__in=covered).in_bulk(wanted)
        if len(households) != len(wanted):
            raise titles.TitleError("Có hộ trong tệp không còn trong sổ hộ; hãy tải tệp lên lại.")
        by_date: dict[str, list[Household]] = defaultdict(list)
        for x in register:
            by_date[x["on"]].append(households[int(x["household"])])
        done = 0
        for on, subjects in sorted(by_date.items()):
            titles.register(actor=actor, title=tt, year=year, subjects=subjects, on=date.fromisoformat(on), note=note)
            done += len(subjects)
            progress(done, total)
        if results:
            wanted_results = [int(pk) for pk in results]
            found = Candidacy.objects.filter(title_type=tt, year=year, household_id__in=wanted_results)
            cands = {c.household_id: c for c in found.select_related("review_unit")}
            by_unit: dict[int, list[tuple[Candidacy, dict[str, Any]]]] = defaultdict(list)
            for pk, line in results.items():
                c = cands.get(int(pk))
                if c is None:
                    raise titles.TitleError(f"Hộ {households[int(pk)].head_name} chưa đăng ký năm {year}.")
                by_unit[c.review_unit_id].append((c, line))
            today = clock.today()
            for lines in by_unit.values():
                unit = lines[0][0].review_unit
                meeting_on = next((date.fromisoformat(x["meeting_on"]) for _, x in lines if x.get("meeting_on")), None)
                defaults = titles.meeting_defaults(unit, actor, year, today)
                if meeting_on is not None:
                    defaults["held_on"] = meeting_on
                meeting = titles.start_review_meeting(
                    actor=actor, title=tt, year=year, unit=unit, on=defaults["held_on"], **defaults
                )
                entries = {c.pk: {k: v for k, v in line.items() if k != "meeting_on"} for c, line in lines}
                facts = {"held_on": meeting_on} if meeting_on is not None and meeting.held_on != meeting_on else None
                titles.save_review_draft(meeting, actor=actor, facts_=facts, entries=entries)
                done += len(lines)
                progress(done, total)
        return {"created": len(register), "updated": len(results)}


TEMPLATE_EXAMPLE_NOTE = parsing.TEMPLATE_EXAMPLE_NOTE
