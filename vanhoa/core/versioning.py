"""No silent lost update: the version an edit was loaded from, checked when it is saved (issue 21, F4).

One mechanism for every edit form, the API and the offline sync (issue 20):

- A record's **version** is a short hash of the values its editors can change (`token(obj)`): the model lists
  them in `version_fields`, or computes them in `version_values()` (the minutes: their facts and every line).
  A content hash, not a clock: a save that changed nothing an editor sees is no conflict, and a value changed
  by a path that does not touch `updated_at` (a bulk update) still is.
- A page carries the version it was loaded from in a hidden `_version` input (`generic/version_field.html`);
  the API sends it as `ETag` and reads it back from `If-Match`.
- The service locks the row, then calls `check(obj, expected)`: a save over a newer version raises
  `VersionConflict` and changes nothing. Without an expected version (scripts, imports) nothing is checked.
- The page then shows both versions field by field (`differences`, `generic/version_conflict.html`) and asks
  which to keep; the answer (`keep:<field>` = `mine` | `current`) is applied to the posted data by
  `apply_choices`, and the result is saved against the version the person has now seen.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from json.encoder import encode_basestring as _encode_str  # what _ENCODER writes for a str
from typing import Any, cast

from django import forms
from django.db import models, transaction
from django.http import HttpRequest, QueryDict

from vanhoa.core import audit
from vanhoa.core.text import format_date, format_number, nfc

FIELD = "_version"  # the hidden input of an edit page
LOADED = "_loaded"  # a fingerprint of each field's value as the page was loaded: what the editor changed
KEEP = "keep:"  # prefix of the conflict page's choices
KEEP_ALL = "keep_all"
NEW = "new"  # the version of a record that does not exist yet
MINE, CURRENT = "mine", "current"


class VersionConflict(Exception):
    """The record changed since the editor loaded it; nothing was saved."""

    def __init__(self, obj: models.Model, current: str) -> None:
        super().__init__("Trong lúc bạn sửa, đã có người khác lưu thay đổi; bản của bạn chưa được lưu.")
        self.obj = obj
        self.current = current


def field_values(obj: models.Model, names: Iterable[str]) -> dict[str, Any]:
    """Fields' values for a version: a related record by its id (a renamed group changes no household's
    version, and no query is made), many-to-many as the sorted ids (from a prefetch when there is one)."""
    out: dict[str, Any] = {}
    for name in names:
        field = obj._meta.get_field(name)
        if field.many_to_many:
            out[name] = sorted(o.pk for o in getattr(obj, name).all())
        elif field.is_relation and isinstance(field, models.Field):
            out[name] = getattr(obj, field.attname)
        else:
            out[name] = getattr(obj, name)
    return cast(dict[str, Any], audit._jsonable(out))


def values(obj: models.Model) -> dict[str, Any]:
    """The values a version covers: the model's `version_values()`, else its `version_fields`, else every
    editable field it stores (not its id and time stamps)."""
    if hasattr(obj, "version_values"):
        return cast(dict[str, Any], obj.version_values())
    names = getattr(obj, "version_fields", None)
    if names is None:
        skip = {"created_at", "updated_at"}
        names = [f.name for f in obj._meta.concrete_fields if f.editable and not f.primary_key and f.name not in skip]
    return field_values(obj, names)


def token_of(data: Mapping[str, Any]) -> str:
    return _digest(audit._jsonable(dict(data)))


def token(obj: models.Model) -> str:
    """The record's version as it is in the database row (or object) now."""
    return token_of(values(obj))


_ROW_FIELDS: dict[type, tuple[tuple[str, str, str], ...]] = {}


def token_of_row(model: type[models.Model], row: Mapping[str, Any]) -> str:
    """`token(obj)` from a `.values()` row of the model (its `version_fields`, relations under their attname,
    e.g. `group_id`): a list reads rows, not instances. Only for models whose version is plain `version_fields`
    without many-to-many fields.

    A list page computes one per row, so the JSON that `_digest` hashes is written here directly for the values
    rows hold (text, integers, None, dates): the same bytes as `_ENCODER` (keys sorted, ', ' and ': ', strings
    by the encoder's own function); any other value goes through `_ENCODER` (tests compare both)."""
    pairs = _ROW_FIELDS.get(model)
    if pairs is None:
        pairs = _ROW_FIELDS.setdefault(model, _row_fields(model))
    parts = []
    for _, column, key in pairs:
        value = row[column]
        kind = type(value)
        if kind is str:
            parts.append(key + _encode_str(value))
        elif kind is int:
            parts.append(key + int.__repr__(value))
        elif value is None:
            parts.append(key + "null")
        elif kind is date:
            parts.append(key + '"' + value.isoformat() + '"')
        else:
            return _token_of_row_encoded(pairs, row)
    return hashlib.sha256(("{" + ", ".join(parts) + "}").encode()).hexdigest()[:20]


def _token_of_row_encoded(pairs: tuple[tuple[str, str, str], ...], row: Mapping[str, Any]) -> str:
    data = {}
    for name, column, _ in pairs:
        value = row[column]
        data[name] = value.isoformat() if isinstance(value, date) else value  # datetime is a date too
    return _digest(data)


def _row_fields(model: type[models.Model]) -> tuple[tuple[str, str, str], ...]:
    """(name, column of a `.values()` row, the name as the encoder writes a key), sorted by name."""
    if hasattr(model, "version_values"):
        raise TypeError(f"{model.__name__} computes its version in version_values(): read instances")
    found: list[tuple[str, str, str]] = []
    for name in getattr(model, "version_fields"):  # noqa: B009 - declared by the versioned models only
        field = model._meta.get_field(name)
        if field.many_to_many or not isinstance(field, models.Field):
            raise TypeError(f"{model.__name__}.{name} is many-to-many: read instances")
        found.append((name, field.attname if field.is_relation else name, _encode_str(name) + ": "))
    return tuple(sorted(found))


# json.dumps(data, sort_keys=True, ensure_ascii=False, default=str), without building an encoder per call (a list
# page computes 50 versions).
_ENCODER = json.JSONEncoder(sort_keys=True, ensure_ascii=False, default=str)


def _digest(data: dict[str, Any]) -> str:
    raw = _ENCODER.encode(data)
    return hashlib.sha256(raw.encode()).hexdigest()[:20]


def check(obj: models.Model, expected: str | None) -> None:
    """Raise VersionConflict when `obj` (locked by the caller) is no longer the version `expected`."""
    if expected is None:
        return
    now = token(obj)
    if expected != now:
        raise VersionConflict(obj, now)


@contextmanager
def guard(obj: models.Model, expected: str | None) -> Iterator[models.Model]:
    """For a service that does not take `expected_version` itself: lock the row, check the version, and run the
    service inside the same transaction (its own select_for_update then finds the lock already held)."""
    with transaction.atomic():
        locked = type(obj)._base_manager.select_for_update().get(pk=obj.pk)
        check(locked, expected)
        yield locked


def posted(data: Mapping[str, Any]) -> str | None:
    """The version a posted page was loaded from (None: an old page without one, nothing is checked)."""
    value = data.get(FIELD)
    return str(value) if value is not None else None


# --- the conflict page ---------------------------------------------------------------------------------------


@dataclass
class Difference:
    """One field whose value differs between the editor's version and the current one."""

    name: str  # the field's input name on the page
    label: str
    mine: str
    current: str
    touched: bool | None = None  # did the editor change it on the page (None: not known)? preselects the answer


@dataclass
class Pair:
    """A bound form holding the editor's values and an unbound twin showing the record as it is now."""

    mine: forms.BaseForm
    current: forms.BaseForm
    label: str = ""  # what the form is about, when a page has several (a household's line in the minutes)


def _raw(bf: forms.BoundField) -> list[str]:
    """What the page would post for an unbound field's value (the current version)."""
    widget, value = bf.field.widget, bf.value()
    if isinstance(widget, forms.CheckboxInput):
        return ["on"] if widget.check_test(value) else []
    if getattr(widget, "allow_multiple_selected", False):
        return [str(v) for v in (value or [])]
    shown = widget.format_value(value)
    if isinstance(shown, list):  # a select: its chosen values
        return [str(v) for v in shown][:1] or [""]
    return [str(shown) if shown is not None else ""]


def _data(bf: forms.BoundField, raw: list[str]) -> Any:
    qd = QueryDict(mutable=True)
    qd.setlist(bf.html_name, raw)
    return bf.field.widget.value_from_datadict(qd, {}, bf.html_name)


def _norm(value: Any) -> Any:
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, models.QuerySet | list | tuple | set):
        return sorted(str(_norm(v)) for v in value)
    if isinstance(value, str):
        return nfc(value).strip()
    if value in (None, ""):
        return ""
    return value


def _choice_label(field: forms.Field, value: Any) -> str | None:
    for key, label in getattr(field, "choices", []):
        if isinstance(label, list | tuple):
            found = dict(label).get(value)
            if found is not None:
                return str(found)
        elif str(key) == str(value):
            return str(label)
    return None


def display(field: forms.Field, value: Any) -> str:
    """A value as the person reads it: labels, dd/mm/yyyy, 12.500, Có/Không; '(trống)' when empty."""
    if isinstance(field, forms.BooleanField):
        return "Có" if value else "Không"
    if isinstance(value, models.QuerySet | list | tuple | set):
        return ", ".join(str(v) for v in value) or "(trống)"
    if value in (None, ""):
        return "(trống)"
    if isinstance(value, models.Model):
        return str(value)
    if isinstance(field, forms.ChoiceField):
        return _choice_label(field, value) or str(value)
    if isinstance(value, date):
        return format_date(value)
    if isinstance(value, int | Decimal) and not isinstance(value, bool):
        return format_number(value)
    return str(value)


def _current_value(bf: forms.BoundField) -> Any:
    try:
        return bf.field.clean(_data(bf, _raw(bf)))
    except forms.ValidationError:
        return bf.value()


def differences(pairs: Iterable[Pair]) -> list[Difference]:
    """The fields whose value the editor posted differs from the current one, in page order. The mine form
    must be valid (a conflict is found after validation)."""
    out: list[Difference] = []
    for pair in pairs:
        for bf in pair.current:
            if bf.is_hidden:
                continue
            mine_bf = pair.mine[bf.name]
            mine = pair.mine.cleaned_data.get(bf.name)
            current = _current_value(bf)
            if _norm(mine) == _norm(current):
                continue
            label = f"{pair.label} – {bf.label}" if pair.label else str(bf.label)
            out.append(Difference(mine_bf.html_name, label, display(bf.field, mine), display(bf.field, current)))
    return out


def apply_choices(data: QueryDict, pairs: Iterable[Pair]) -> QueryDict:
    """The posted data with every field whose `keep:` answer is `current` set to the current value."""
    merged = data.copy()
    all_mine = data.get(KEEP_ALL) == MINE  # "Giữ toàn bộ bản của tôi"
    for pair in pairs:
        for bf in pair.current:
            name = pair.mine[bf.name].html_name
            if data.get(KEEP + name) == CURRENT and not all_mine:
                merged.setlist(name, _raw(bf))
    for key in [k for k in merged if k.startswith(KEEP) or k == KEEP_ALL]:
        del merged[key]
    return merged


def _fingerprint(raw: list[str]) -> str:
    return hashlib.sha256("\x1f".join(raw).encode()).hexdigest()[:6]


def loaded(current_forms: Iterable[forms.BaseForm]) -> str:
    """The page's `_loaded` input: a short fingerprint of each field's value as the page shows it."""
    prints = {bf.html_name: _fingerprint(_raw(bf)) for f in current_forms for bf in f if not bf.is_hidden}
    return json.dumps(prints, separators=(",", ":"))


def _mark_touched(found: list[Difference], data: QueryDict) -> None:
    try:
        prints = json.loads(data.get(LOADED) or "null")
    except ValueError:
        prints = None
    if not isinstance(prints, dict):
        return
    for d in found:
        if d.name in prints:
            d.touched = _fingerprint(data.getlist(d.name)) != prints[d.name]


def replay(data: QueryDict) -> list[tuple[str, str]]:
    """The editor's posted values, to carry through the conflict page as hidden inputs (not the token, the
    CSRF token or earlier answers)."""
    skip = {FIELD, KEEP_ALL, "csrfmiddlewaretoken"}
    return [(k, v) for k in data for v in data.getlist(k) if k not in skip and not k.startswith(KEEP)]


def conflict_context(obj: models.Model, exc: VersionConflict, pairs: list[Pair], data: QueryDict) -> dict[str, Any]:
    """What `generic/version_conflict.html` shows: who saved last and when, the differences, the choices."""
    last = audit.history(obj).first() if obj.pk else None
    found = differences(pairs)
    _mark_touched(found, data)
    return {
        "conflict": {
            "differences": found,
            "version": exc.current,
            "replay": replay(data),
            "by": (last.actor_name or "một người dùng khác") if last else "một người dùng khác",
            "at": last.at if last else None,
        }
    }


# --- an edit page ----------------------------------------------------------------------------------------------


def bind(request: HttpRequest, make_form: Any) -> tuple[forms.BaseForm, forms.BaseForm]:
    """(the form of the page, its unbound twin showing the current version). `make_form(data)` builds the page's
    form over a fresh copy of the record; a POST's answers from the conflict page are applied to its data."""
    current = make_form(None)
    if request.method != "POST":
        return current, current
    data = apply_choices(request.POST, [Pair(make_form(request.POST), current)])
    return make_form(data), current


def page_state(
    request: HttpRequest, obj: models.Model | None, current_forms: Iterable[forms.BaseForm]
) -> dict[str, str]:
    """What the page carries (`generic/version_field.html`): the version and the fingerprints it was loaded
    with; while a posted page is being corrected, the ones it was loaded with. A page that creates the record
    when it is saved (obj None) carries NEW: a record made meanwhile by someone else is a conflict."""
    if request.method == "POST":
        return {"version": posted(request.POST) or "", "loaded": str(request.POST.get(LOADED, ""))}
    return {"version": token(obj) if obj is not None else NEW, "loaded": loaded(current_forms)}


def save_or_conflict(request: HttpRequest, obj: models.Model | None, form: Any, current: Any, save: Any) -> Any:
    """Run `save()` over the version the page was loaded from: its result, or the conflict page's context when
    someone else saved meanwhile (files chosen on the page are not kept: `files_dropped` asks to choose them
    again). `obj` None: a record the page creates, nothing to check."""
    if obj is None:
        return save()
    try:
        with guard(obj, posted(request.POST)):
            return save()
    except VersionConflict as exc:
        context = conflict_context(obj, exc, [Pair(form, current)], form.data)
        context["conflict"]["files_dropped"] = bool(request.FILES)
        return context
