"""Vietnamese formatting in templates: {{ n|vnnum }}, {{ rate|vnpct }}, {{ d|vndate }}, {{ d|vndate_long }}."""

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django import template

from vanhoa.core import text

register = template.Library()


@register.filter
def vnnum(value: int | float | Decimal | None, decimals: int = 0) -> str:
    if value in (None, ""):
        return ""
    return text.format_number(value, int(decimals))


@register.filter
def vnpct(value: float | Decimal | None, decimals: int = 1) -> str:
    if value is None:
        return "–"
    return text.format_percent(value, int(decimals))


@register.filter
def vndate(value: date | datetime | None) -> str:
    if isinstance(value, datetime):
        value = value.date()
    return text.format_date(value)


@register.filter
def vndate_long(value: date | None) -> str:
    return text.format_date_long(value)


@register.simple_tag(takes_context=True)
def query_replace(context, **kwargs):  # type: ignore[no-untyped-def]
    """The current query string with some parameters replaced (for pagination links)."""
    params = context["request"].GET.copy()
    for key, value in kwargs.items():
        if value in (None, ""):
            params.pop(key, None)
        else:
            params[key] = value
    return params.urlencode()


@register.filter
def in_words(text: Any, words: Any) -> Any:
    """A generic label in the words of the work ward: {{ o.get_kind_display|in_words:words }} → "Ủy ban MTTQ xã"
    (vanhoa.units.words.UnitWords.localise). Never for names of units."""
    localise = getattr(words, "localise", None)
    return localise(str(text)) if localise and text else text
