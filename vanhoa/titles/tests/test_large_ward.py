"""A merged ward of 5,000 households: its recognition decision and certificates, checked row by row and page by
page (speed must never cost correctness). Data are written in bulk; the documents are the real builders."""

from __future__ import annotations

import re
import shutil
import subprocess
from datetime import date

import pytest

from vanhoa.core.text import fold, name_key
from vanhoa.documents import soffice_available
from vanhoa.documents.annex_pdf import page_count
from vanhoa.documents.convert import document_pdf
from vanhoa.registry.models import Household
from vanhoa.titles import services
from vanhoa.titles.certificates import build_certificates
from vanhoa.titles.choices import AdminLevel, DecisionKind, State, SubjectKind
from vanhoa.titles.documents import build_decision
from vanhoa.titles.models import Candidacy, Decision, TitleType

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not soffice_available() or shutil.which("pdftotext") is None, reason="needs LibreOffice"),
]
N = 5000
SIGNED = date(2020, 11, 13)


def bulk_decision(world, n: int) -> tuple[Decision, list[str]]:
    """A recognition decision of 2020 on `n` households of the world's ward, written in bulk (certified, with
    register numbers); returns it and the households' names in the order the documents list them."""
    groups = world.groups
    households = Household.objects.bulk_create(
        Household(ward=world.ward, group=groups[i % len(groups)], code=f"T-{i:05d}", head_name=f"Lò Văn Hộ{i:04d}",
                  member_count=3, head_sort_key=name_key(f"Lò Văn Hộ{i:04d}"), search_text=fold(f"Lò Văn Hộ{i:04d}"))
        for i in range(n)
    )  # fmt: skip
    tt = TitleType.objects.get(code="gdvh")
    rule_set = services.rule_set_for_year(tt, groups[0], 2020)
    decision = Decision.objects.create(
        kind=DecisionKind.RECOGNITION, title_type=tt, rule_set=rule_set, year=2020, ward=world.ward,
        issuer_level=AdminLevel.COMMUNE, issuer_name="Ủy ban nhân dân phường Đoàn Kết",
        signer_position="Chủ tịch Ủy ban nhân dân phường Đoàn Kết", number="152", signed_on=SIGNED,
        signer_name="Nguyễn Văn An",
    )  # fmt: skip
    Candidacy.objects.bulk_create(
        Candidacy(title_type=tt, rule_set=rule_set, year=2020, subject_kind=SubjectKind.HOUSEHOLD,
                  subject_key=f"household:{h.pk}", subject_name=h.head_name, household=h, unit=h.group,
                  review_unit=h.group, ward=world.ward, state=State.CERTIFIED, registered_on=date(2020, 2, 1),
                  decision=decision, certificate_number=f"{i + 1}/2020", certified_on=date(2020, 11, 18),
                  sort_key=h.head_sort_key)
        for i, h in enumerate(households)
    )  # fmt: skip
    ordered = list(
        decision.candidacies.order_by("review_unit__order", "sort_key", "pk").values_list("subject_name", flat=True)
    )
    return decision, ordered


@pytest.fixture
def big_decision(world):
    return (world, *bulk_decision(world, N))


def _pages(pdf: bytes, tmp_path) -> list[str]:
    path = tmp_path / "out.pdf"
    path.write_bytes(pdf)
    text = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True).stdout
    return text.split("\f")[:-1]


def test_the_decision_of_a_5000_household_ward_lists_every_household_in_order(big_decision, tmp_path):
    world, _, ordered = big_decision
    doc = build_decision(ward=world.ward, year=2020)
    xml = doc.document.element.xml
    assert xml.count("<w:tr>") + xml.count("<w:tr ") >= N + 1  # the annex table: header + one row each
    pdf = document_pdf(doc)
    pages = _pages(pdf, tmp_path)
    assert len(pages) == page_count(pdf) > N // 40
    assert "QUYẾT ĐỊNH" in pages[0] and "cho 5.000 hộ" in pages[0]
    rows: dict[int, str] = {}
    for page in pages[1:]:
        for line in page.splitlines():
            m = re.match(r"\s*(\d+)\s+(Lò Văn Hộ\d{4})\s", line)
            if m:
                rows[int(m.group(1))] = m.group(2)
    assert len(rows) == N
    for number in (1, N // 2, N):  # first, middle and last row, where the order puts them
        assert rows[number] == ordered[number - 1]
    for number, page in enumerate(pages[1:], start=2):  # numbered pages, the header row on each
        assert page.strip().splitlines()[0].strip() == str(number)
        assert "Họ và tên chủ hộ" in page


def test_the_certificates_of_a_5000_household_ward_one_page_each(big_decision, tmp_path):
    world, decision, ordered = big_decision
    doc = build_certificates(ward=world.ward, year=2020)
    assert doc.pages == N
    pdf = document_pdf(doc)
    assert page_count(pdf) == N
    pages = _pages(pdf, tmp_path)
    numbers = {c.subject_name: c.certificate_number for c in decision.candidacies.all()}
    for index in (0, N // 2, N - 1):
        page = pages[index]
        name = ordered[index]
        assert f"Hộ ông (bà): {name}" in page
        assert f"Số vào sổ: {numbers[name]}" in page
        assert "CÔNG NHẬN" in page and "GIA ĐÌNH VĂN HÓA" in page and "Năm 2020" in page
        assert "Quyết định số 152/QĐ-UBND ngày 13/11/2020" in page
        assert "Nguyễn Văn An" in page


def test_certificates_cost_the_same_queries_for_any_number_of_households(world):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    decision, _ = bulk_decision(world, 12)
    decision.candidacies.filter(pk__in=list(decision.candidacies.values_list("pk", flat=True)[:6])).update(
        certified_on=date(2020, 11, 25)
    )

    def queries() -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert build_certificates(ward=world.ward, year=2020).pages == decision.candidacies.count()
        return len(ctx.captured_queries) - 1  # the count in the assertion

    few = queries()
    Candidacy.objects.bulk_create(
        Candidacy(**{f.attname: getattr(c, f.attname) for f in Candidacy._meta.concrete_fields if f.attname != "id"}
                  | {"subject_key": c.subject_key + "x", "certified_on": date(2020, 12, 1)})
        for c in decision.candidacies.all()
    )  # fmt: skip
    assert queries() <= few + 1  # one more date of issue: one more name look-up, never one per household
