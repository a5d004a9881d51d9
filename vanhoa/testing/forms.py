"""What a browser would post from a page's form, for tests that submit a page as a person would."""

from __future__ import annotations

from html.parser import HTMLParser


class FormValues(HTMLParser):
    """What a browser would post from each POST form of a page: inputs, checked boxes, textareas, selections."""

    def __init__(self) -> None:
        super().__init__()
        self.forms: list[list[tuple[str, str]]] = []
        self.data: list[tuple[str, str]] = []
        self._textarea: str | None = None
        self._select: str | None = None
        self._in_form = False

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form" and a.get("method") == "post":
            self._in_form, self.data = True, []
            self.forms.append(self.data)
        if not self._in_form or not a.get("name") and tag != "option":
            return
        if tag == "input":
            kind = a.get("type", "text")
            if kind in ("checkbox", "radio") and "checked" not in a:
                return
            if kind != "submit":
                self.data.append((a["name"], a.get("value", "on" if kind == "checkbox" else "")))
        elif tag == "textarea":
            self._textarea = a["name"]
            self.data.append((a["name"], ""))
        elif tag == "select":
            self._select = a["name"]
        elif tag == "option" and self._select and "selected" in a:
            self.data.append((self._select, a.get("value", "")))

    def handle_data(self, data):
        if self._textarea:
            name, value = self.data[-1]
            self.data[-1] = (name, value + data)

    def handle_endtag(self, tag):
        if tag == "textarea":
            self._textarea = None
        elif tag == "select":
            self._select = None
        elif tag == "form":
            self._in_form = False


def page_data(html: str, **changes: str) -> dict[str, list[str]]:
    """The edit form's values (the form carrying the version), with `changes` typed in."""
    parser = FormValues()
    parser.feed(html)
    out: dict[str, list[str]] = {}
    for name, value in next(f for f in parser.forms if any(n == "_version" for n, _ in f)):
        out.setdefault(name, []).append(value.strip("\n") if name != "csrfmiddlewaretoken" else value)
    for name, value in changes.items():
        out[name] = [value]
    return out
