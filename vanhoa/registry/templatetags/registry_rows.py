"""The household list's rows in one pass (a list page shows 50; through the template engine each cell costs a
variable look-up, a localisation and an escape, which made the rows half the page's time)."""

from __future__ import annotations

from collections.abc import Iterable
from html import escape

from django import template
from django.utils.safestring import SafeString, mark_safe

from vanhoa.registry.choices import HouseholdStatus

register = template.Library()

ROW = (
    '<tr>\n      <td><a href="{}" class="fw-semibold">{}</a>{}</td>\n      <td class="nowrap">{}</td>\n'
    "      <td>{}</td>\n      <td>{}</td>\n"
    '      <td class="text-md-end">{}<span class="d-sm-none"> nhân khẩu</span></td>\n'
    '      <td class="nowrap">{}</td>\n    </tr>'
)
BADGE = ' <span class="badge text-bg-secondary">{}</span>'
STATUS_LABELS = dict(HouseholdStatus.choices)
OPTION = '<option value="{}" {}>{}</option>'

#: (detail URL, head's name, status, code, group's name, address, members, phone as it may be shown)
Row = tuple[str, str, str, str, str, str, int, str]


def _badge(status: str) -> str:
    if status == HouseholdStatus.ACTIVE:
        return ""
    return BADGE.format(escape(str(STATUS_LABELS.get(status, status))))


@register.simple_tag
def household_rows(rows: Iterable[Row]) -> SafeString:
    """Every value is escaped as Django's `escape` does (html.escape of its text): the same bytes as
    `format_html_join` gave, without its per-value function calls."""
    return mark_safe(  # noqa: S308 - every value below is escaped
        "\n    ".join(
            ROW.format(
                escape(url), escape(name), _badge(status), escape(code), escape(group), escape(address),
                escape(str(members)), escape(phone),
            )  # fmt: skip
            for url, name, status, code, group, address, members, phone in rows
        )
    )


@register.simple_tag
def options(choices: Iterable[tuple[str, str]], current: str) -> SafeString:
    """`<option>`s of a filter in one pass, as `{% for value, label in choices %}<option value="{{ value }}"
    {% if current == value %}selected{% endif %}>{{ label }}</option>{% endfor %}` wrote them (the groups of a
    ward are some twenty)."""
    return mark_safe(  # noqa: S308 - every value below is escaped
        "".join(
            OPTION.format(escape(str(value)), "selected" if current == value else "", escape(str(label)))
            for value, label in choices
        )
    )
