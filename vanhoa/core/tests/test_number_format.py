"""Numbers are printed one way (#13): on every page a demo user can reach, no number of four or more digits
appears without its thousands separator (1.194, 12.500.000). Years, codes (a leading zero, or letters and hyphens
around them) and phone numbers are excluded by their context."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from io import StringIO
from urllib.parse import urljoin, urlsplit

import pytest
from django.test import Client

from vanhoa.testing.demo import load_demo_fast

pytestmark = pytest.mark.django_db

# A run of 4+ digits that is not part of a longer token (a code, a date, a decimal, a phone number, a file name).
BARE = re.compile(r"(?<![\w.,:+#-])(\d{4,})(?![\w:%-]|[.,]\d)")
# Pages whose long numbers are identifiers by their column, not counts: the register of outgoing documents
# ("Số cuối đã cấp": document numbers are written without separators, as on the papers).
IDENTIFIER_PAGES = ("/so-van-ban-di/",)
SKIP = ("/dang-xuat", "/tai/", "/xuat", "/admin", "/api/", "/static/", "/media/", ".docx", ".pdf", ".xlsx", ".png")
MAX_PAGES = 160


class _Text(HTMLParser):
    """The text a person reads (no script, style or attribute) and the links of a page."""

    def __init__(self) -> None:
        super().__init__()
        self.out = StringIO()
        self.links: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style", "svg", "textarea", "select"):
            self._skip += 1
        href = dict(attrs).get("href")
        if tag == "a" and href:
            self.links.append(href)

    def handle_endtag(self, tag):
        if tag in ("script", "style", "svg", "textarea", "select") and self._skip:
            self._skip -= 1
        self.out.write(" ")

    def handle_data(self, data):
        if not self._skip:
            self.out.write(data)


def bare_numbers(text: str) -> list[str]:
    """Numbers of 4+ digits printed without a separator. Not counted: years (1900–2100), codes (a leading zero, an
    upper-case label before it such as "TTHC 207267", a document symbol after it such as "1670/NQ-UBTVQH15") and
    numbers labelled as a number, code or phone."""
    found = []
    for m in BARE.finditer(text):
        digits = m.group(1)
        if digits.startswith("0") or (len(digits) == 4 and 1900 <= int(digits) <= 2100):
            continue
        after = text[m.end() : m.end() + 2]
        if re.match(r"/[^\W\d]", after):
            continue
        words = text[max(0, m.start() - 16) : m.start()].split()
        if words and words[-1].lower() in ("số", "số:"):  # an identifier: Giấy công nhận số 1140, số 1140/163
            continue
        if words and re.fullmatch(r"[A-ZĐ]{2,}", words[-1]):
            continue
        before = " ".join(words[-2:]).lower()
        if any(word in before for word in ("số:", "mã", "điện thoại", "sđt", "id", "số hiệu")):
            continue
        found.append(text[max(0, m.start() - 40) : m.end() + 20].strip())
    return found


def test_the_rule_itself():
    assert bare_numbers("Tỷ lệ 0/1194 hộ") == ["Tỷ lệ 0/1194 hộ"]
    assert len(bare_numbers("có 1194 hộ, 12500000 đồng.")) == 2
    assert bare_numbers("Nghị quyết số 1670/NQ-UBTVQH15, TTHC 207267, Giấy công nhận số 1140/163, số 1019") == []
    fine = "năm 2020, 1.194 hộ, 12.500.000 đồng, 98,4%, ngày 18/11/2020, mã 03388, 0912345678, 1.187/1.206"
    assert bare_numbers(fine) == []


@pytest.mark.slow
def test_no_page_of_the_demo_prints_a_number_without_its_thousands_separator():
    load_demo_fast()
    client = Client()
    assert client.login(username="truongban", password="demo-vanhoa-2020")
    queue, seen, bad = ["/"], set(), {}
    while queue and len(seen) < MAX_PAGES:
        url = queue.pop(0)
        if url in seen:
            continue
        seen.add(url)
        response = client.get(url)
        if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
            continue
        parser = _Text()
        parser.feed(response.content.decode())
        found = bare_numbers(" ".join(parser.out.getvalue().split()))
        if found and not url.startswith(IDENTIFIER_PAGES):
            bad[url] = found[:3]
        for href in parser.links:
            target = urljoin(url, href)
            parts = urlsplit(target)
            if parts.netloc or not parts.path.startswith("/") or any(s in target for s in SKIP):
                continue
            path = parts.path + (f"?{parts.query}" if parts.query else "")
            if path not in seen and path.count("?") <= 1 and len(queue) < 2000:
                queue.append(path)
    assert len(seen) > 40
    assert bad == {}
