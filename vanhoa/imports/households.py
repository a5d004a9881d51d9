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
from vanhoa.imports.household_plan import PAYLOAD_FORMAT, NewRow, plan_households
from vanhoa.imports.importers import Importer, Plan, ProgressFn, _no_progress
from vanhoa.imports.parsing import HouseholdRow, ParseResult
from vanhoa.registry import services as registry
from vanhoa.registry.models import Household
from vanhoa.units.choices import UnitKind
from vanhoa.units.models import Unit
from vanhoa.units.tree import get_graph

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
        """The steps are in vanhoa.imports.household_plan: check, match, de-duplicate, payload."""
        groups = {g.pk: g for g in current_groups(ward)}
        return plan_households(
            parsed, groups=groups, stored=_Stored(ward), changes_of=self._changes,
            fingerprint=self.fingerprint(ward), progress=progress,
        )  # fmt: skip

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

        if payload.get("format") != PAYLOAD_FORMAT:
            raise registry.RegistryError("Bản xem trước được làm bằng phiên bản cũ; hãy tải tệp lên lại.")
        new = []
        for record in payload.get("create", []):
            n = NewRow(**record)
            new.append(registry.NewHousehold(
                group=group(n.group), head_name=n.head_name, member_count=n.member_count, code=n.code,
                address=n.address, phone=n.phone, since=date.fromisoformat(n.since) if n.since else None, note=n.note,
            ))  # fmt: skip
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
