"""The register of outgoing documents: one book per issuing body and year; numbers unique and in sequence, gaps
explained; every numbered paper of every module takes its number there."""

from __future__ import annotations

import subprocess
import threading
from collections import Counter
from datetime import date, datetime
from pathlib import Path

import pytest
from django.db import connection

from vanhoa.activities import funding
from vanhoa.core.models import AuditEntry
from vanhoa.documents import numbered, register
from vanhoa.documents.models import RegisterBook, RegisterEntry
from vanhoa.plans import services as plans
from vanhoa.plans.models import Plan
from vanhoa.testing.actors import TEST
from vanhoa.testing.demo import load_demo_fast

pytestmark = pytest.mark.django_db


def _take(world, **kw):
    data = {"issued_on": date(2020, 3, 2), "summary": "Kế hoạch tuyên truyền", "actor": TEST} | kw
    return register.take_number(world.ward, 2020, data.pop("doc_type", "QĐ"), **data)


def test_numbers_run_in_sequence_across_paper_types_of_one_body_and_restart_each_year(world):
    a = _take(world)
    b = _take(world, doc_type="KH")
    c = register.take_number(world.ward, 2021, "QĐ", issued_on=date(2021, 1, 4), summary="x", actor=TEST)
    bcd = _take(world, doc_type="KH", series=register.BCD)
    assert [a.number_text, b.number_text, c.number_text, bcd.number_text] == [
        "01/QĐ-UBND",
        "02/KH-UBND",
        "01/QĐ-UBND",
        "01/KH-BCĐ",
    ]
    assert AuditEntry.objects.filter(action="documents.register.numbered").count() == 4
    with pytest.raises(register.RegisterError, match="không thuộc năm 2020"):
        _take(world, issued_on=date(2021, 1, 5))


def test_a_number_typed_by_hand_must_be_free_and_the_gap_before_it_is_shown_until_explained(world):
    _take(world)
    register.record_number(world.ward, 2020, "QĐ", 5, issued_on=date(2020, 3, 9), summary="QĐ giao kinh phí",
                           actor=TEST)
    with pytest.raises(register.RegisterError, match=r"Số 05 năm 2020 .* đã cấp cho QĐ giao kinh phí \(05/QĐ-UBND"):
        register.record_number(world.ward, 2020, "KH", 5, issued_on=date(2020, 3, 9), summary="y", actor=TEST)
    book = RegisterBook.objects.get(issuer=world.ward, series="UBND", year=2020)
    assert register.unexplained_gaps(book) == [2, 3, 4]
    register.explain_gap(book, 3, reason="Dự thảo bị hủy", on=date(2020, 3, 9), actor=TEST)
    assert register.unexplained_gaps(book) == [2, 4]
    assert _take(world).number == 6
    with pytest.raises(register.RegisterError, match="Lý do"):
        register.explain_gap(book, 2, reason=" ", on=date(2020, 3, 9), actor=TEST)


@pytest.mark.parametrize(
    ("typed", "expected"),
    [("125", 125), ("0125", 125), ("125/QĐ-UBND", 125), (" 125 / qđ-ubnd ", 125)],
)
def test_the_number_field_takes_the_number_alone(typed, expected):
    assert register.parse_number(typed, "QĐ-UBND") == expected


@pytest.mark.parametrize("typed", ["125/KH-BCĐ", "abc", "0", "12a", "125/QĐ-UBND/QĐ-UBND"])
def test_anything_but_a_number_is_refused_with_where_and_what(typed):
    with pytest.raises(register.RegisterError, match="Số: "):
        register.parse_number(typed, "QĐ-UBND")


def test_a_plan_and_a_budget_allocation_cannot_share_a_number_of_one_body(world):
    """The demo's collision: a 2020 decision and a 2020 allocation both numbered 152/QĐ-UBND by the same UBND."""
    funding.record_allocation(actor=TEST, ward=world.ward_2020, source="Ngân sách phường", amount=8_000_000,
                              decision_date=date(2020, 10, 20), decision_number="152/QĐ-UBND")
    with pytest.raises(funding.FundingError, match="Số 152 năm 2020 trong sổ đăng ký văn bản đi"):
        funding.record_allocation(actor=TEST, ward=world.ward_2020, source="Ngân sách phường", amount=1_000_000,
                                  decision_date=date(2020, 11, 2), decision_number="152")
    plan = plans.create_plan(actor=TEST, ward=world.ward_2020, year=2020)
    plans.update_plan(plan, actor=TEST, number="7/KH-BCĐ", issued_on=date(2020, 1, 5))
    assert Plan.objects.get(pk=plan.pk).number == "07"
    assert register.entry_for(plan).number_text == "07/KH-BCĐ"
    # A renumbered plan leaves its old number in the book as an explained gap.
    plans.update_plan(plan, actor=TEST, number="8", issued_on=date(2020, 1, 5))
    book = RegisterBook.objects.get(issuer=world.ward_2020, series="BCĐ", year=2020)
    assert RegisterEntry.objects.get(book=book, number=7).void_reason == "Văn bản đổi số (nay: 08)"
    with pytest.raises(plans.PlanError, match="chỉ nhập số thứ tự"):
        plans.update_plan(plan, actor=TEST, number="8/QĐ-UBND")


@pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks need PostgreSQL")
@pytest.mark.django_db(transaction=True)
def test_two_clerks_taking_numbers_at_once_get_different_numbers(world):
    got, errors = [], []

    def clerk():
        try:
            got.append(_take(world).number)
        except Exception as exc:  # noqa: BLE001 - reported below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=clerk) for _ in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors and sorted(got) == [1, 2, 3, 4, 5, 6]


@pytest.mark.slow
def test_no_two_numbered_papers_of_one_body_and_year_share_a_number_across_every_module():
    load_demo_fast()
    seen = Counter(key for key, _label in numbered.all_numbers())
    clashes = {k: n for k, n in seen.items() if n > 1}
    assert not clashes, clashes
    assert len(seen) >= 10  # decisions, plans, reports, minutes and allocations of several years
    # Every numbered paper is in its body's register.
    in_books = {
        (e.book.issuer_id, e.book.series, e.book.year, e.number) for e in RegisterEntry.objects.select_related("book")
    }
    assert set(seen) <= in_books
    # A 2020 paper uses the names of 2020: the agency annex never calls its own ward "cũ".
    from vanhoa.titles import documents as title_documents
    from vanhoa.units.models import Unit

    qt = Unit.objects.get(code_scheme="pre2025", code="03388")
    doc = title_documents.build_decision(ward=qt, year=2020, title="cqvh")
    from vanhoa.titles.tests.test_documents import text_of

    text = text_of(doc.to_bytes())
    assert "phường Quyết Tiến" in text and " cũ" not in text


def test_the_register_prints_as_a_book_with_every_number_and_its_gaps(world, client_for):
    from openpyxl import load_workbook

    from vanhoa.documents import register_book
    from vanhoa.documents.convert import document_pdf
    from vanhoa.documents.recipes import Docx

    _take(world, summary="Quyết định công nhận danh hiệu «Gia đình văn hóa» năm 2020", signer="Nguyễn Văn An")
    register.record_number(world.ward, 2020, "QĐ", 4, issued_on=date(2020, 3, 9), summary="QĐ giao kinh phí",
                           actor=TEST)
    book = RegisterBook.objects.get(issuer=world.ward, series="UBND", year=2020)
    register.explain_gap(book, 2, reason="Dự thảo bị hủy", on=date(2020, 3, 9), actor=TEST)
    c = client_for(world.users["ward_head"])
    page = c.get(f"/so-van-ban-di/{book.pk}/").content.decode()
    assert "01/QĐ-UBND" in page and "Dự thảo bị hủy" in page and "Số chưa giải trình: 03" in page
    xlsx = c.get(f"/so-van-ban-di/{book.pk}/?dinh-dang=xlsx")
    ws = load_workbook(__import__("io").BytesIO(b"".join(xlsx.streaming_content if xlsx.streaming else [xlsx.content])))
    values = [[cell.value for cell in row] for row in ws.active.iter_rows(min_row=2)]
    assert [v[0] for v in values] == ["01/QĐ-UBND", "02", "03", "04/QĐ-UBND"]
    assert values[2][5] == "Chưa giải trình" and values[1][5] == "Dự thảo bị hủy"
    # Read whole on screen: the number and the day are not cut (the widths were the millimetres of the page / 4),
    # and the day is a date shown dd/mm/yyyy.
    widths = {c: ws.active.column_dimensions[c].width for c in "ABCDEF"}
    assert widths["A"] >= len("226/QĐ-UBND") + 2 and widths["B"] >= len("03/07/2026") + 2 and widths["C"] >= 50
    assert values[3][1] == datetime(2020, 3, 9) and ws.active["B5"].number_format == "DD/MM/YYYY"
    pdf = document_pdf(Docx(register_book.docx_bytes(book)))
    assert pdf.startswith(b"%PDF")
    text = subprocess.run(["pdftotext", "-layout", "-", "-"], input=pdf, capture_output=True, check=True).stdout
    assert "Trang 1/1" in text.decode()  # every page of the book is numbered, out of how many
    Path("var/screenshots").mkdir(parents=True, exist_ok=True)
    Path("var/screenshots/register-book.pdf").write_bytes(pdf)  # rendered to PNG and looked at
    # Someone who may only look cannot write in the book; a unit out of scope is not found.
    assert client_for(world.users["city_viewer"]).post(f"/so-van-ban-di/{book.pk}/", {}).status_code in (403, 404)
    assert client_for(world.users["leader_group1"]).get(f"/so-van-ban-di/{book.pk}/").status_code in (403, 404)
