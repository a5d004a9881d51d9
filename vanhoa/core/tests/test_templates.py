"""Guards over every template."""

import re
from pathlib import Path

TEMPLATES = Path(__file__).resolve().parents[2] / "templates"
# With USE_THOUSAND_SEPARATOR an integer prints as "1.234": ids and years must not go through plain {{ }}.
BARE_NUMBER = re.compile(r"\{\{\s*(?!form\.)[\w.]*(?:\.pk|\.id|_id|year)\s*\}\}")  # form.year is a field


def test_ids_and_years_are_never_printed_with_a_thousand_separator():
    offenders = [
        f"{path.relative_to(TEMPLATES)}:{n}: {m.group(0)}"
        for path in TEMPLATES.rglob("*.html")
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        for m in BARE_NUMBER.finditer(line)
    ]
    assert not offenders, "use |stringformat:'d' (or {% url %}):\n" + "\n".join(offenders)


def test_the_thousand_separator_would_break_a_bare_id(settings):
    from django.template import Context, Template

    assert Template("{{ n }}").render(Context({"n": 12345})) == "12.345"
    assert Template('{{ n|stringformat:"d" }}').render(Context({"n": 12345})) == "12345"
