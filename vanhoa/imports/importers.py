"""The import pipeline's extension point: one Importer per kind of spreadsheet, registered by key.

An importer turns a file into a Plan (parse, then plan against the ward's current data) and later applies
that plan inside one transaction. The job machinery (upload, sheet choice, preview, background run,
progress, all-or-nothing commit, the stale-plan check, the original file kept, the summary audit entry)
lives in `vanhoa.imports.services` and is the same for every kind.

Adding a kind (say, a year's title registrations and review results) is: subclass Importer, implement
`parse`, `plan`, `fingerprint` and `apply` (and `template`), write its preview template, and call
`register(TheImporter())` in the app's AppConfig.ready(). The upload page then offers it to users who hold
`run_cap` and `change_cap` on the ward. A kind that needs choices besides the file (the year, say) declares
them in `option_fields` and checks them in `clean_options`; they are kept with the job (ImportJob.options)
and given to `parse`, `fingerprint` and `template`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from typing import Any, ClassVar

from django import forms

from vanhoa.accounts.permissions import Cap, has_cap
from vanhoa.imports import sandbox
from vanhoa.imports.parsing import RowError, SheetInfo

ProgressFn = Callable[[int, int], None]  # (done, total)


def _no_progress(done: int, total: int) -> None:
    return None


@dataclass
class Plan:
    """What a commit would do, computed with the preview. Everything in it is JSON-serialisable except
    `rejected` (RowError) and is stored in the job (ImportJob.preview / ImportJob.plan)."""

    created: int = 0
    updated: int = 0
    unchanged: int = 0
    rejected: list[RowError] = field(default_factory=list)
    skipped: list[tuple[int, str]] = field(default_factory=list)
    sheet: str = ""
    header_row: int = 0
    columns: dict[str, str] = field(default_factory=dict)
    details: dict[str, Any] = field(default_factory=dict)  # importer-specific, shown by its preview template
    payload: dict[str, Any] = field(default_factory=dict)  # what apply() needs
    fingerprint: Any = None  # the state of the target data the plan was made against

    @property
    def writes(self) -> int:
        return self.created + self.updated

    def rejected_json(self) -> list[dict[str, Any]]:
        return [asdict(e) for e in sorted(self.rejected, key=lambda e: (e.row, e.column))]

    def summary(self) -> dict[str, Any]:
        """The CLI contract: {"created": n, "updated": n, "unchanged": n, "rejected": [{row, column, message}]}."""
        return {
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "rejected": self.rejected_json(),
        }


class Importer:
    """Base class. Subclasses set the class attributes and implement the methods that raise here."""

    key: ClassVar[str]  # URL and job kind, e.g. "households"
    label: ClassVar[str]  # shown to users: "Danh sách hộ gia đình"
    audit_noun: ClassVar[str]  # summary audit entry: f"imports.{audit_noun}.committed"
    run_cap: ClassVar[Cap] = Cap.IMPORTS_RUN
    change_cap: ClassVar[Cap]  # also needed on the ward: what the import changes
    also_caps: ClassVar[tuple[Cap, ...]] = ()  # and these (e.g. seeing the households a template lists)
    # errors of the services `apply` calls that refuse a change with a message for the user: the commit then
    # fails with that message ("Chưa ghi gì vào sổ: …") instead of "unexpected error"
    refusals: ClassVar[tuple[type[Exception], ...]] = ()
    preview_template: ClassVar[str]  # renders Plan.details inside the preview page
    template_title: ClassVar[str] = "Tệp mẫu"
    created_word: ClassVar[str] = "thêm"  # "Sẽ thêm 12", "Đã thêm 12"
    updated_word: ClassVar[str] = "cập nhật"

    def allowed(self, user: Any, ward: Any) -> bool:
        """May `user` run this import on `ward` (and download its template)?"""
        return all(has_cap(user, cap, ward) for cap in (self.run_cap, self.change_cap, *self.also_caps))

    def template(self, ward: Any, year: int | None = None) -> bytes:
        """A downloadable .xlsx template for this kind (headers, an example row, drop-down lists)."""
        raise NotImplementedError

    def option_fields(self, ward: Any, year: int) -> dict[str, forms.Field]:
        """Form fields asked with the upload besides the file (named without prefix); none by default."""
        return {}

    def clean_options(self, data: dict[str, Any], *, ward: Any, user: Any = None) -> dict[str, Any]:
        """The cleaned option fields -> the JSON-able options kept with the job. Raises
        forms.ValidationError({field: message}) for a choice that cannot be used."""
        return {}

    def options_text(self, options: dict[str, Any]) -> str:
        """The options in words, shown with the job ("Năm 2020, danh hiệu Gia đình văn hóa")."""
        return ""

    def sheets(self, data: bytes, filename: str) -> list[SheetInfo]:
        """Visible worksheets with their number of non-empty rows (raises ImportFileError)."""
        return sandbox.call("list_sheets", data, filename)

    def parse(
        self, data: bytes, filename: str, *, ward: Any, sheet: str | None, options: dict[str, Any] | None = None
    ) -> Any:
        """Read the file (pure: no writes). Raises parsing.ImportFileError for whole-file problems."""
        raise NotImplementedError

    def plan(self, parsed: Any, *, ward: Any, progress: ProgressFn = _no_progress) -> Plan:
        """Compare the parsed rows with the ward's data: what would be created, updated, left, rejected."""
        raise NotImplementedError

    def fingerprint(self, ward: Any, options: dict[str, Any] | None = None) -> Any:
        """A cheap JSON-able summary of the target data; a commit whose plan was made against another
        fingerprint is re-previewed instead of written."""
        raise NotImplementedError

    def apply(
        self, payload: dict[str, Any], *, ward: Any, actor: Any, note: str, progress: ProgressFn = _no_progress
    ) -> dict[str, int]:
        """Write the plan (called inside the commit's transaction); returns {"created": n, "updated": n}."""
        raise NotImplementedError

    def build_plan(
        self,
        data: bytes,
        filename: str,
        *,
        ward: Any,
        sheet: str | None,
        progress: ProgressFn = _no_progress,
        options: dict[str, Any] | None = None,
    ) -> Plan:
        parsed = self.parse(data, filename, ward=ward, sheet=sheet, options=options)
        return self.plan(parsed, ward=ward, progress=progress)


_REGISTRY: dict[str, Importer] = {}


def register(importer: Importer) -> None:
    _REGISTRY[importer.key] = importer


def get(key: str) -> Importer | None:
    return _REGISTRY.get(key)


def all_importers() -> list[Importer]:
    return list(_REGISTRY.values())
