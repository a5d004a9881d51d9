"""Importing a ward's household list (the first day with the system is this import).

Matching a file row with a household already in the ward's registry:

1. A row with a household code (Mã hộ) is the household with that code in the ward, if there is one.
   A new code means a new household — unless a household with the same head name, group and address
   already exists under another code: that row is rejected as a likely duplicate (fix the code in the file).
2. A row without a code is the one household with the same head name (accent- and case-insensitive), the
   same group and the same address. Several such households: rejected (write the code). None, but a
   household of the same name in the same group at another address: rejected as a likely duplicate — write
   its code if it is that household, or a new code if it is another one.
3. Inside the file: two rows matching the same household, two new rows with the same name, group and
   address, or two new rows of the same name in the same group of which one has no code, are rejected too.

Likely duplicates are REJECTIONS, not questions asked in the preview: the file is the source the ward keeps,
so the fix (a code) belongs in the file, where it also makes the next import of the same file match again.
A choice clicked in the preview would be lost on the next import, and the command line could not ask it.

Updating a matched household: a value present in the file replaces the stored one; an empty cell never
erases anything; a name or address typed without diacritics never replaces the same text with diacritics.
A different group is a move (the placement history records it). Status is never changed by an import.
"""

from __future__ import annotations

import unicodedata
from collections import defaultdict
from datetime import date
from typing import Any

from django import forms
from django.db.models import CharField, Count, Max
from django.db.models.functions import Cast

from vanhoa.accounts.permissions import Cap
from vanhoa.core.text import format_date
from vanhoa.imports import parsing, sandbox
from vanhoa.imports.importers import Importer, Plan, ProgressFn, _no_progress
from vanhoa.imports.parsing import HouseholdRow, ParseResult, RowError
from vanhoa.registry import services as registry
from vanhoa.registry.models import Household
from vanhoa.units.choices import UnitKind
from vanhoa.units.models import Unit
from vanhoa.units.tree import get_graph

MAX_MEMBERS = 50  # as the household form
MAX_CODE = 32
MAX_ADDRESS = 255
PREVIEW_CREATED = 100  # new households listed in the preview (the rest are counted)
PREVIEW_UPDATED = 300

MSG_NEED_GROUP = "Thiếu tổ dân phố: hãy ghi tổ dân phố của hộ (ví dụ «{example}»)"
MSG_NEED_COUNT = "Thiếu số nhân khẩu (bắt buộc khi thêm hộ mới)"
MSG_COUNT_BIG = "Số nhân khẩu {n} quá lớn (trên {max}); hãy kiểm tra lại"
MSG_SHORT_NAME = "Họ tên chủ hộ chưa đầy đủ «{v}»: cần cả họ và tên (ít nhất hai chữ)"
MSG_CODE_LONG = "Mã hộ «{v}» dài quá {max} ký tự"
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
CREATE_FIELDS = ["row", "group", "code", "head_name", "member_count", "address", "phone", "since", "note"]

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


def _code_key(code: str) -> str:
    return code.casefold().replace(" ", "")


def _plain(s: str) -> bool:
    """Written without any Vietnamese diacritics (so it may be a degraded copy of an accented text)."""
    return not any(unicodedata.combining(c) or c in "đĐ" for c in unicodedata.normalize("NFD", s))


def _better_text(new: str, old: str) -> bool:
    """Should `new` replace `old`? Not when empty, equal, or the same words with the diacritics lost."""
    if not new or new == old:
        return False
    return not (_plain(new) and not _plain(old) and fold_key(new) == fold_key(old))


def current_groups(ward: Unit) -> list[Unit]:
    """The ward's residential groups today, in their order."""
    return list(
        Unit.objects.filter(kind=UnitKind.GROUP, parent=ward, valid_to__isnull=True).order_by("order", "sort_key")
    )


class _Stored:
    """The households already in the ward's registry, indexed for matching (name/address indexes are built
    on first use: a file whose rows all carry known codes never needs them)."""

    def __init__(self, ward: Unit) -> None:
        covered = get_graph().covered(ward.pk)
        # rows as named tuples (pk, code, head_name, group_id, address, member_count, phone, note, since_iso),
        # the date as ISO text: no per-row date conversion, the slowest part of reading 10,000 rows
        qs = (
            Household.objects.filter(group_id__in=covered)
            .order_by("pk")
            .annotate(since_iso=Cast("since", CharField()))
            .values_list("pk", "code", "head_name", "group_id", "address", "member_count", "phone", "note",
                         "since_iso", named=True)
        )  # fmt: skip
        self.rows: list[Any] = list(qs)
        self.by_code: dict[str, list[Any]] = defaultdict(list)
        for h in self.rows:
            self.by_code[_code_key(h.code)].append(h)
        self._by_identity: dict[tuple, list[Any]] | None = None
        self._by_name_group: dict[tuple, list[Any]] = defaultdict(list)

    def _index(self) -> dict[tuple, list[Any]]:
        if self._by_identity is None:
            self._by_identity = defaultdict(list)
            for h in self.rows:
                name_k = fold_key(h.head_name)
                self._by_identity[(name_k, h.group_id, fold_key(h.address))].append(h)
                self._by_name_group[(name_k, h.group_id)].append(h)
        return self._by_identity

    def identity(self, head_name: str, group_id: int, address: str) -> list[Any]:
        """Households with this head name, group and address (accent-, case-, punctuation-insensitive)."""
        return self._index().get((fold_key(head_name), group_id, fold_key(address)), [])

    def name_group(self, head_name: str, group_id: int) -> list[Any]:
        self._index()
        return self._by_name_group.get((fold_key(head_name), group_id), [])


LISTED_ON_DEFAULT = "_moved_in_is_the_list_date"  # HouseholdRow.extra mark: arrival date taken from the list's date


class HouseholdImporter(Importer):
    key = "households"
    label = "Danh sách hộ gia đình"
    audit_noun = "household"
    change_cap = Cap.HOUSEHOLDS_CHANGE
    preview_template = "imports/preview_households.html"
    refusals = (registry.RegistryError,)
    template_title = "Mẫu danh sách hộ gia đình"

    def template(self, ward: Unit, year: int | None = None) -> bytes:
        return parsing.build_template([g.name for g in current_groups(ward)])

    def option_fields(self, ward: Unit, year: int) -> dict[str, forms.Field]:
        return {
            "listed_on": forms.DateField(
                label="Ngày lập danh sách",
                required=False,
                input_formats=["%d/%m/%Y", "%Y-%m-%d"],
                widget=forms.DateInput(format="%d/%m/%Y", attrs={"class": "form-control", "placeholder": "dd/mm/yyyy"}),
                help_text="Hộ không ghi «Ngày đến» được tính cư trú từ ngày này; để trống nếu không rõ.",
            )
        }

    def clean_options(self, data: dict[str, Any], *, ward: Unit, user: Any = None) -> dict[str, Any]:
        listed_on = data.get("listed_on")
        if listed_on is not None and listed_on > date.today():
            raise forms.ValidationError({"listed_on": "Ngày lập danh sách không được sau hôm nay."})
        return {"listed_on": listed_on.isoformat() if listed_on else None}

    def options_text(self, options: dict[str, Any]) -> str:
        listed_on = (options or {}).get("listed_on")
        return f"Danh sách lập ngày {format_date(date.fromisoformat(listed_on))}" if listed_on else ""

    def parse(
        self, data: bytes, filename: str, *, ward: Unit, sheet: str | None, options: dict[str, Any] | None = None
    ) -> ParseResult:
        groups = {str(g.pk): g.name for g in current_groups(ward)}
        parsed = sandbox.call("parse_households", data, filename, groups=groups, sheet=sheet)
        listed_on = (options or {}).get("listed_on")
        if listed_on:  # the date the list was made: the arrival date of households that give none
            day = date.fromisoformat(listed_on)
            for row in parsed.rows:
                if row.moved_in is None:
                    row.moved_in = day
                    row.extra = {**(row.extra or {}), LISTED_ON_DEFAULT: True}
        return parsed

    def fingerprint(self, ward: Unit, options: dict[str, Any] | None = None) -> list[Any]:
        covered = get_graph().covered(ward.pk)
        agg = Household.objects.filter(group_id__in=covered).aggregate(
            n=Count("id"), at=Max("updated_at"), pk=Max("id")
        )
        return [agg["n"], agg["at"].isoformat() if agg["at"] else None, agg["pk"]]

    # --- plan ---------------------------------------------------------------------------------------

    def plan(self, parsed: ParseResult, *, ward: Unit, progress: ProgressFn = _no_progress) -> Plan:
        groups = {g.pk: g for g in current_groups(ward)}
        fingerprint = self.fingerprint(ward)
        stored = _Stored(ward)
        group_ids = {h.group_id for h in stored.rows} | set(groups)
        group_names = dict(Unit.objects.filter(pk__in=group_ids).values_list("pk", "name"))

        labels = parsed.columns
        l_name = labels.get("head_name", FIELD_LABELS["head_name"])
        l_group = labels.get("group", FIELD_LABELS["group"])
        example_group = next(iter(groups.values())).name if groups else "Tổ dân phố số 1"
        rejected: list[RowError] = list(parsed.rejected)
        skipped = list(parsed.skipped)
        errors: dict[int, list[RowError]] = defaultdict(list)

        def reject(row: int, column: str, message: str) -> None:
            errors[row].append(RowError(row, column, message))

        claimed: dict[int, int] = {}  # household pk -> first row matching it
        matches: list[tuple[HouseholdRow, Any]] = []
        creates: list[tuple[HouseholdRow, int | None]] = []
        total = len(parsed.rows)
        for i, row in enumerate(parsed.rows):
            if i % 2000 == 0:
                progress(i, total)
            if row.note == parsing.TEMPLATE_EXAMPLE_NOTE:
                skipped.append((row.row, SKIP_EXAMPLE))
                continue
            r = row.row
            if " " not in row.head_name:  # the parser gives single-spaced, stripped text
                reject(r, l_name, MSG_SHORT_NAME.format(v=row.head_name))
            if row.code and len(row.code) > MAX_CODE:
                reject(r, labels.get("code", "Mã hộ"), MSG_CODE_LONG.format(v=row.code, max=MAX_CODE))
            if len(row.address) > MAX_ADDRESS:
                reject(r, labels.get("address", "Địa chỉ"), MSG_ADDRESS_LONG.format(max=MAX_ADDRESS))
            if row.member_count is not None and row.member_count > MAX_MEMBERS:
                reject(r, labels.get("member_count", "Số nhân khẩu"),
                       MSG_COUNT_BIG.format(n=row.member_count, max=MAX_MEMBERS))  # fmt: skip
            gid = int(row.group_key) if row.group_key else None
            target = None
            if row.code:
                found = stored.by_code.get(_code_key(row.code))
                if found and len(found) == 1:
                    target = found[0]
                elif found:
                    reject(r, l_name, MSG_CODE_MANY.format(v=row.code, list=", ".join(h.code for h in found)))
                    continue
                elif gid is not None and stored.rows and (same := stored.identity(row.head_name, gid, row.address)):
                    reject(r, l_name, MSG_DUP_OTHER_CODE.format(name=same[0].head_name, code=same[0].code))
                    continue
            elif gid is not None and stored.rows:
                found = stored.identity(row.head_name, gid, row.address)
                if len(found) == 1:
                    target = found[0]
                elif found:
                    listed = ", ".join(h.code for h in found[:5])
                    reject(r, l_name, MSG_MANY_MATCH.format(n=len(found), list=listed))
                    continue
                elif namesakes := stored.name_group(row.head_name, gid):
                    other = namesakes[0]
                    reject(r, l_name, MSG_DUP_NAME.format(
                        name=other.head_name, code=other.code, address=other.address or "trống"))  # fmt: skip
                    continue
            if target is not None:
                first = claimed.get(target.pk)
                if first is not None:
                    msg = MSG_SAME_TARGET.format(a=first, b=r, name=target.head_name, code=target.code)
                    reject(r, l_name, msg)
                    if not any(e.message == msg for e in errors[first]):
                        reject(first, l_name, msg)
                    continue
                claimed[target.pk] = r
                matches.append((row, target))
                continue
            if gid is None:
                reject(r, l_group, MSG_NEED_GROUP.format(example=example_group))
            if row.member_count is None:
                reject(r, labels.get("member_count", "Số nhân khẩu"), MSG_NEED_COUNT)
            creates.append((row, gid))

        # duplicates among the new rows, whatever their order in the file
        by_new_name: dict[tuple[str, int], list[HouseholdRow]] = defaultdict(list)
        for row, gid in creates:
            if gid is not None:
                by_new_name[(fold_key(row.head_name), gid)].append(row)
        for same_name in by_new_name.values():
            if len(same_name) < 2:
                continue
            first_at: dict[str, HouseholdRow] = {}  # address key -> first row with it
            for row in same_name:
                address = fold_key(row.address)
                earlier = first_at.setdefault(address, row)
                if earlier is not row:
                    reject(row.row, l_name, MSG_DUP_ROW.format(row=earlier.row))
            if len(first_at) > 1:  # the same name at different addresses: fine only when each has a code
                for row in same_name:
                    if not row.code and first_at[fold_key(row.address)] is row:
                        other = next(o for a, o in first_at.items() if a != fold_key(row.address))
                        reject(row.row, l_name, MSG_DUP_ROW_NAME.format(row=other.row))

        for row_errors in errors.values():
            rejected.extend(row_errors)
        bad_rows = {e.row for e in rejected}

        # what would change
        create_payload, created_preview = [], []
        for row, gid in creates:
            if row.row in bad_rows:
                continue
            create_payload.append(
                [
                    row.row,
                    gid,
                    row.code or "",
                    row.head_name,
                    row.member_count,
                    row.address,
                    row.phone or "",
                    row.moved_in.isoformat() if row.moved_in else None,
                    row.note,
                ]
            )
            if len(created_preview) < PREVIEW_CREATED:
                created_preview.append(
                    {
                        "row": row.row,
                        "code": row.code or "",
                        "head_name": row.head_name,
                        "group": groups[gid].name,
                        "address": row.address,
                        "member_count": row.member_count,
                    }
                )
        update_payload: dict[str, dict[str, Any]] = {}
        updated_preview = []
        unchanged = 0
        for row, h in matches:
            if row.row in bad_rows:
                continue
            change = self._changes(row, h)
            if not change:
                unchanged += 1
                continue
            update_payload[str(h.pk)] = {k: v[1] for k, v in change.items()}
            if len(updated_preview) < PREVIEW_UPDATED:
                shown = {}
                for k, (old, new) in change.items():
                    if k == "group":
                        old, new = group_names.get(old, old), groups[new].name
                    elif k == "since":
                        old = format_date(date.fromisoformat(old)) if old else ""
                        new = format_date(date.fromisoformat(new))
                    shown[FIELD_LABELS[k]] = [old if old not in (None, "") else "–", new]
                updated_preview.append({"row": row.row, "code": h.code, "head_name": h.head_name,
                                        "pk": h.pk, "changes": shown})  # fmt: skip
        progress(total, total)
        return Plan(
            created=len(create_payload),
            updated=len(update_payload),
            unchanged=unchanged,
            rejected=rejected,
            skipped=sorted(skipped),
            sheet=parsed.sheet,
            header_row=parsed.header_row,
            columns=dict(parsed.columns),
            details={"created": created_preview, "updated": updated_preview},
            payload={"create_fields": CREATE_FIELDS, "create": create_payload, "update": update_payload},
            fingerprint=fingerprint,
        )

    @staticmethod
    def _changes(row: HouseholdRow, h: Any) -> dict[str, tuple[Any, Any]]:
        """{field: (stored, new)} for what the file row would change in household `h` (JSON-able new values)."""
        out: dict[str, tuple[Any, Any]] = {}
        if _better_text(row.head_name, h.head_name):
            out["head_name"] = (h.head_name, row.head_name)
        if row.group_key and int(row.group_key) != h.group_id:
            out["group"] = (h.group_id, int(row.group_key))
        if _better_text(row.address, h.address):
            out["address"] = (h.address, row.address)
        if row.member_count is not None and row.member_count != h.member_count:
            out["member_count"] = (h.member_count, row.member_count)
        if row.phone and row.phone != h.phone:
            out["phone"] = (h.phone, row.phone)
        defaulted = bool(row.extra and row.extra.get(LISTED_ON_DEFAULT))  # the list's date never replaces a known one
        if row.moved_in and (moved_in := row.moved_in.isoformat()) != h.since_iso and not (defaulted and h.since_iso):
            out["since"] = (h.since_iso, moved_in)
        if _better_text(row.note, h.note):
            out["note"] = (h.note, row.note)
        return out

    # --- apply --------------------------------------------------------------------------------------

    def apply(
        self, payload: dict[str, Any], *, ward: Unit, actor: Any, note: str, progress: ProgressFn = _no_progress
    ) -> dict[str, int]:
        groups = {g.pk: g for g in current_groups(ward)}

        def group(pk: int) -> Unit:
            if pk not in groups:
                raise registry.RegistryError("Một tổ dân phố trong tệp không còn là tổ dân phố hiện nay của phường.")
            return groups[pk]

        if payload.get("create_fields", CREATE_FIELDS) != CREATE_FIELDS:
            raise registry.RegistryError("Bản xem trước được làm bằng phiên bản cũ; hãy tải tệp lên lại.")
        new = [
            registry.NewHousehold(
                group=group(gid),
                head_name=head_name,
                member_count=member_count,
                code=code,
                address=address,
                phone=phone,
                since=date.fromisoformat(since) if since else None,
                note=note,
            )
            for _row, gid, code, head_name, member_count, address, phone, since, note in payload.get("create", [])
        ]
        changes: dict[int, dict[str, Any]] = {}
        for pk, change in payload.get("update", {}).items():
            values = dict(change)
            if "group" in values:
                values["group"] = group(values["group"])
            if "since" in values:
                values["since"] = date.fromisoformat(values["since"])
            changes[int(pk)] = values
        total = len(new) + len(changes)
        result = registry.bulk_import_households(
            actor=actor, ward=ward, new=new, changes=changes, note=note, progress=lambda n: progress(n, total)
        )
        return {"created": result.created, "updated": len(result.updated)}
