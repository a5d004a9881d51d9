"""Planning a household import: the steps between a parsed file and what a commit would write.

`plan_households` runs them in order, each a named step of `_Planning`:

1. **check** each row's own values against the model's limits (a name of two words, the length of the
   address, the member count);
2. **match** each row with a household of the registry (by code, else by name, group and address), or keep
   it as a new household; likely duplicates of a stored household are rejected (see vanhoa.imports.households);
3. **de-duplicate** the new rows among themselves, whatever their order in the file;
4. **payload**: what the commit writes, as named records (`NewRow`, and {field: value} per updated household),
   and the preview shown to the user.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import asdict, dataclass, field
from datetime import date
from typing import Any

from vanhoa.core.text import format_date
from vanhoa.imports import parsing
from vanhoa.imports.importers import Plan, ProgressFn
from vanhoa.imports.parsing import HouseholdRow, ParseResult, RowError
from vanhoa.registry.limits import ADDRESS as MAX_ADDRESS
from vanhoa.registry.limits import MAX_MEMBERS
from vanhoa.units.models import Unit

PAYLOAD_FORMAT = 2  # payloads of an earlier format (positional lists) are refused: upload the file again
PREVIEW_CREATED = 100  # new households listed in the preview (the rest are counted)
PREVIEW_UPDATED = 300

MSG_NEED_GROUP = "Thiếu tổ dân phố: hãy ghi tổ dân phố của hộ (ví dụ «{example}»)"
MSG_NEED_COUNT = "Thiếu số nhân khẩu (bắt buộc khi thêm hộ mới)"
MSG_COUNT_BIG = "Số nhân khẩu {n} quá lớn (trên {max}); hãy kiểm tra lại"
MSG_SHORT_NAME = "Họ tên chủ hộ chưa đầy đủ «{v}»: cần cả họ và tên (ít nhất hai chữ)"
MSG_ADDRESS_LONG = "Địa chỉ dài quá {max} ký tự"
MSG_CODE_MANY = "Mã hộ «{v}» ứng với nhiều hộ trong sổ ({list}); hãy báo quản trị viên"
MSG_DUP_OTHER_CODE = (
    "Có thể trùng với hộ {name} (mã {code}) đã có trong sổ: cùng họ tên, tổ dân phố và địa chỉ nhưng khác mã hộ. "
    "Nếu là cùng một hộ, hãy sửa mã hộ trong tệp thành «{code}»"
)
MSG_MANY_MATCH = "Khớp với {n} hộ trong sổ ({list}): hãy ghi mã hộ để chỉ rõ hộ nào"
MSG_DUP_NAME = (
    "Có thể trùng với hộ {name} (mã {code}, địa chỉ «{address}») đã có trong sổ: cùng họ tên, cùng tổ dân phố "
    "nhưng khác địa chỉ. Nếu là cùng một hộ, hãy ghi mã hộ «{code}» vào cột Mã hộ; nếu là hộ khác, "
    "hãy ghi cho hộ này một mã hộ mới"
)
MSG_SAME_TARGET = "Dòng {a} và dòng {b} cùng khớp với hộ {name} (mã {code}) trong sổ: mỗi hộ chỉ ghi một dòng"
MSG_DUP_ROW = "Trùng với dòng {row}: cùng họ tên, tổ dân phố và địa chỉ"
MSG_DUP_ROW_NAME = (
    "Có thể trùng với dòng {row}: cùng họ tên, cùng tổ dân phố nhưng khác địa chỉ. "
    "Nếu là hai hộ khác nhau, hãy ghi mã hộ cho từng hộ"
)
SKIP_EXAMPLE = "Dòng ví dụ của tệp mẫu"
FIELD_LABELS = {
    "head_name": "Họ và tên chủ hộ",
    "group": "Tổ dân phố",
    "address": "Địa chỉ",
    "member_count": "Số nhân khẩu",
    "phone": "Số điện thoại",
    "since": "Ngày đến",
    "note": "Ghi chú",
}

fold_key = parsing.match_key  # accent-, case- and punctuation-insensitive form used for matching


@dataclass(frozen=True)
class NewRow:
    """A new household as the commit writes it (kept as JSON in the job between preview and commit)."""

    row: int
    group: int
    code: str
    head_name: str
    member_count: int
    address: str
    phone: str
    since: str | None  # ISO date
    note: str

    @classmethod
    def of(cls, row: HouseholdRow, group: int) -> NewRow:
        since = row.moved_in.isoformat() if row.moved_in else None
        return cls(row.row, group, row.code or "", row.head_name, row.member_count or 0, row.address,
                   row.phone or "", since, row.note)  # fmt: skip


@dataclass
class _Planning:
    """One plan in the making: the ward's groups and stored households, and what each step found."""

    parsed: ParseResult
    groups: dict[int, Unit]
    stored: Any  # vanhoa.imports.households._Stored
    changes_of: Any  # (HouseholdRow, stored household) -> {field: (old, new)}
    errors: dict[int, list[RowError]] = field(default_factory=lambda: defaultdict(list))
    skipped: list[tuple[int, str]] = field(default_factory=list)
    claimed: dict[int, int] = field(default_factory=dict)  # household pk -> first row matching it
    matches: list[tuple[HouseholdRow, Any]] = field(default_factory=list)
    creates: list[tuple[HouseholdRow, int | None]] = field(default_factory=list)

    def label(self, name: str) -> str:
        return self.parsed.columns.get(name, FIELD_LABELS.get(name, "Mã hộ" if name == "code" else name))

    def reject(self, row: int, column: str, message: str) -> None:
        self.errors[row].append(RowError(row, column, message))

    # --- 1. the row's own values ---------------------------------------------------------------------

    def check(self, row: HouseholdRow) -> None:
        r = row.row
        if " " not in row.head_name:  # the parser gives single-spaced, stripped text
            self.reject(r, self.label("head_name"), MSG_SHORT_NAME.format(v=row.head_name))
        if len(row.address) > MAX_ADDRESS:
            self.reject(r, self.label("address"), MSG_ADDRESS_LONG.format(max=MAX_ADDRESS))
        if row.member_count is not None and row.member_count > MAX_MEMBERS:
            self.reject(r, self.label("member_count"), MSG_COUNT_BIG.format(n=row.member_count, max=MAX_MEMBERS))

    # --- 2. matching with the registry ---------------------------------------------------------------

    def match(self, row: HouseholdRow) -> None:
        """Keep the row as an update of the household it matches, or as a new household; or reject it."""
        gid = int(row.group_key) if row.group_key else None
        found, refusal = self._stored_match(row, gid)
        if refusal:
            self.reject(row.row, self.label("head_name"), refusal)
        elif found is not None:
            self._claim(row, found)
        else:
            if gid is None:
                example = next(iter(self.groups.values())).name if self.groups else "Tổ dân phố số 1"
                self.reject(row.row, self.label("group"), MSG_NEED_GROUP.format(example=example))
            if row.member_count is None:
                self.reject(row.row, self.label("member_count"), MSG_NEED_COUNT)
            self.creates.append((row, gid))

    def _stored_match(self, row: HouseholdRow, gid: int | None) -> tuple[Any, str]:
        """(the stored household the row is, or None for a new one; or a refusal message)."""
        stored = self.stored
        if row.code:
            found = stored.by_code.get(row.code.casefold().replace(" ", ""))
            if found and len(found) > 1:
                return None, MSG_CODE_MANY.format(v=row.code, list=", ".join(h.code for h in found))
            if found:
                return found[0], ""
            if gid is not None and stored.rows and (same := stored.identity(row.head_name, gid, row.address)):
                return None, MSG_DUP_OTHER_CODE.format(name=same[0].head_name, code=same[0].code)
            return None, ""
        if gid is None or not stored.rows:
            return None, ""
        found = stored.identity(row.head_name, gid, row.address)
        if len(found) > 1:
            return None, MSG_MANY_MATCH.format(n=len(found), list=", ".join(h.code for h in found[:5]))
        if found:
            return found[0], ""
        if namesakes := stored.name_group(row.head_name, gid):
            other = namesakes[0]
            return None, MSG_DUP_NAME.format(name=other.head_name, code=other.code, address=other.address or "trống")
        return None, ""

    def _claim(self, row: HouseholdRow, target: Any) -> None:
        first = self.claimed.get(target.pk)
        if first is None:
            self.claimed[target.pk] = row.row
            self.matches.append((row, target))
            return
        message = MSG_SAME_TARGET.format(a=first, b=row.row, name=target.head_name, code=target.code)
        self.reject(row.row, self.label("head_name"), message)
        if not any(e.message == message for e in self.errors[first]):
            self.reject(first, self.label("head_name"), message)

    # --- 3. duplicates among the new rows ------------------------------------------------------------

    def dedupe_new(self) -> None:
        by_new_name: dict[tuple[str, int], list[HouseholdRow]] = defaultdict(list)
        for row, gid in self.creates:
            if gid is not None:
                by_new_name[(fold_key(row.head_name), gid)].append(row)
        l_name = self.label("head_name")
        for same_name in by_new_name.values():
            if len(same_name) < 2:
                continue
            first_at: dict[str, HouseholdRow] = {}  # address key -> first row with it
            for row in same_name:
                earlier = first_at.setdefault(fold_key(row.address), row)
                if earlier is not row:
                    self.reject(row.row, l_name, MSG_DUP_ROW.format(row=earlier.row))
            if len(first_at) > 1:  # the same name at different addresses: fine only when each has a code
                for row in same_name:
                    if not row.code and first_at[fold_key(row.address)] is row:
                        other = next(o for a, o in first_at.items() if a != fold_key(row.address))
                        self.reject(row.row, l_name, MSG_DUP_ROW_NAME.format(row=other.row))

    # --- 4. what the commit writes, and the preview --------------------------------------------------

    def rejected(self) -> list[RowError]:
        out = list(self.parsed.rejected)
        for row_errors in self.errors.values():
            out.extend(row_errors)
        return out

    def new_rows(self, bad_rows: set[int]) -> list[NewRow]:
        return [NewRow.of(row, gid) for row, gid in self.creates if row.row not in bad_rows and gid is not None]

    def updates(self, bad_rows: set[int]) -> tuple[dict[str, dict[str, Any]], list[dict[str, Any]], int]:
        """({household pk: {field: new value}}, the preview's lines, how many matched rows change nothing)."""
        group_ids = {h.group_id for _, h in self.matches}
        group_names = dict(Unit.objects.filter(pk__in=group_ids).values_list("pk", "name")) if group_ids else {}
        payload: dict[str, dict[str, Any]] = {}
        preview: list[dict[str, Any]] = []
        unchanged = 0
        for row, h in self.matches:
            if row.row in bad_rows:
                continue
            change = self.changes_of(row, h)
            if not change:
                unchanged += 1
                continue
            payload[str(h.pk)] = {k: v[1] for k, v in change.items()}
            if len(preview) < PREVIEW_UPDATED:
                preview.append({"row": row.row, "code": h.code, "head_name": h.head_name, "pk": h.pk,
                                "changes": self._shown(change, group_names)})  # fmt: skip
        return payload, preview, unchanged

    def _shown(self, change: dict[str, tuple[Any, Any]], group_names: dict[int, str]) -> dict[str, list[Any]]:
        shown = {}
        for k, (old, new) in change.items():
            if k == "group":
                old, new = group_names.get(old, old), self.groups[new].name
            elif k == "since":
                old = format_date(date.fromisoformat(old)) if old else ""
                new = format_date(date.fromisoformat(new))
            shown[FIELD_LABELS[k]] = [old if old not in (None, "") else "–", new]
        return shown

    def created_preview(self, new: list[NewRow]) -> list[dict[str, Any]]:
        return [
            {"row": n.row, "code": n.code, "head_name": n.head_name, "group": self.groups[n.group].name,
             "address": n.address, "member_count": n.member_count}
            for n in new[:PREVIEW_CREATED]
        ]  # fmt: skip


def plan_households(
    parsed: ParseResult, *, groups: dict[int, Unit], stored: Any, changes_of: Any, fingerprint: Any,
    progress: ProgressFn,
) -> Plan:  # fmt: skip
    """The plan of a household import: check, match, de-duplicate, then the payload and the preview."""
    p = _Planning(parsed, groups, stored, changes_of, skipped=list(parsed.skipped))
    total = len(parsed.rows)
    for i, row in enumerate(parsed.rows):
        if i % 2000 == 0:
            progress(i, total)
        if row.note == parsing.TEMPLATE_EXAMPLE_NOTE:
            p.skipped.append((row.row, SKIP_EXAMPLE))
            continue
        p.check(row)
        p.match(row)
    p.dedupe_new()
    rejected = p.rejected()
    bad_rows = {e.row for e in rejected}
    new = p.new_rows(bad_rows)
    update_payload, updated_preview, unchanged = p.updates(bad_rows)
    progress(total, total)
    return Plan(
        created=len(new),
        updated=len(update_payload),
        unchanged=unchanged,
        rejected=rejected,
        skipped=sorted(p.skipped),
        sheet=parsed.sheet,
        header_row=parsed.header_row,
        columns=dict(parsed.columns),
        details={"created": p.created_preview(new), "updated": updated_preview},
        payload={"format": PAYLOAD_FORMAT, "create": [asdict(n) for n in new], "update": update_payload},
        fingerprint=fingerprint,
    )
