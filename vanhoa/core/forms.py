"""The base of every input form: Bootstrap classes, dates typed as dd/mm/yyyy with one set of messages, and the
words of the request's commune on labels ("Tổ dân phố" becomes "Thôn, bản" on a xã).

Forms validate and normalise only; saving is the services' job. Which words a commune uses is known by
`vanhoa.units.words`; its middleware puts the request's `UnitWords` here (`set_current`), so a form needs no
unit graph to be labelled.
"""

from __future__ import annotations

from contextvars import ContextVar, Token
from typing import Any

from django import forms

DATE_FORMAT = "%d/%m/%Y"
DATE_WIDGET = forms.DateInput(
    attrs={"placeholder": "dd/mm/yyyy", "inputmode": "numeric", "autocomplete": "off"}, format=DATE_FORMAT
)
DATE_ERRORS = {"required": "Vui lòng nhập ngày.", "invalid": "Ngày phải theo dạng dd/mm/yyyy, ví dụ 05/11/2020."}


def date_field(label: str, **kwargs: Any) -> forms.DateField:
    """A date typed as dd/mm/yyyy (d-m-yyyy and yyyy-mm-dd are read too: vanhoa.formats.vi), with the project's
    messages."""
    kwargs.setdefault("widget", DATE_WIDGET)
    return forms.DateField(label=label, error_messages=dict(DATE_ERRORS), **kwargs)


# --- the words of the request ----------------------------------------------------------------------

current_words: ContextVar[Any] = ContextVar("unit_words", default=None)


def set_current(words: Any) -> Token[Any]:
    """The words of the work ward for this request (vanhoa.units.middleware): an object with `localise(text)`;
    forms read them to label their fields (`localise_form`)."""
    return current_words.set(words)


def reset_current(token: Token[Any]) -> None:
    current_words.reset(token)


def localise_text(text: str) -> str:
    """The text in the request's words (unchanged outside a request)."""
    words = current_words.get()
    return words.localise(text) if words is not None else text


def localise_form(form: Any) -> None:
    """Put a form's generic labels, help texts and empty choices ("— Chọn tổ dân phố —") in the words of the
    request's work ward. The names in the choices are left alone."""
    words = current_words.get()
    if words is None:
        return
    instance = getattr(form, "instance", None)
    if instance is not None and instance.pk is None and not form.is_bound:  # a new record's defaults
        form.initial = {k: words.localise(v) if isinstance(v, str) else v for k, v in form.initial.items()}
    for field in form.fields.values():
        field.label = words.localise(field.label)
        field.help_text = words.localise(field.help_text)
        if getattr(field, "empty_label", None):
            field.empty_label = words.localise(field.empty_label)
        if isinstance(field.initial, str):
            field.initial = words.localise(field.initial)
        if type(field) in (forms.ChoiceField, forms.TypedChoiceField, forms.MultipleChoiceField):  # not names
            field.choices = [(v, words.localise(lab) if isinstance(lab, str) else lab) for v, lab in field.choices]
        placeholder = field.widget.attrs.get("placeholder")
        if placeholder:
            field.widget.attrs["placeholder"] = words.localise(placeholder)


class BootstrapMixin:
    """Bootstrap's classes on every widget (check boxes and radio buttons styled as such), and the labels in the
    commune's words."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():  # type: ignore[attr-defined]
            css = "form-select" if isinstance(field.widget, forms.Select | forms.SelectMultiple) else "form-control"
            if isinstance(field.widget, forms.CheckboxInput | forms.RadioSelect | forms.CheckboxSelectMultiple):
                css = "form-check-input"
            field.widget.attrs.setdefault("class", css)
        localise_form(self)
