"""Charts: the same drawing as SVG (well-formed, escaped, no script) and as PNG (Vietnamese letters drawn with a font
that has them)."""

from __future__ import annotations

import io
import xml.etree.ElementTree as ET
from decimal import Decimal

from PIL import Image

from vanhoa.reports import charts

SVG = "{http://www.w3.org/2000/svg}"


def test_a_bar_chart_is_well_formed_svg_with_its_values_target_and_escaped_labels():
    bars = [charts.Bar("Tổ 1", Decimal("98.6")), charts.Bar("Tổ <2> & co", Decimal("96.7")), charts.Bar("Tổ 3", None)]
    svg = charts.bar_chart(bars, target=Decimal("98.4")).svg("Tỷ lệ <hộ> gia đình văn hóa")
    root = ET.fromstring(svg)
    texts = [t.text for t in root.iter(f"{SVG}text")]
    assert "98,6%" in texts and "96,7%" in texts and "Chỉ tiêu 98,4%" in texts and "chưa có" in texts
    assert "Tổ <2> & co" in texts  # escaped in the markup, read back as text
    assert root.find(f"{SVG}title").text == "Tỷ lệ <hộ> gia đình văn hóa"
    assert "<script" not in svg and " on" not in svg.replace(" on ", "")
    assert len(root.findall(f"{SVG}rect")) == 2  # no bar without a value
    # Rates of 90–100% start the axis at 80% so the differences show; the ticks say where it starts.
    assert "80%" in texts and "0%" not in texts


def test_the_png_is_the_same_chart_and_the_font_has_the_vietnamese_letters():
    canvas = charts.line_chart(
        [("2018", Decimal("95.1")), ("2019", None), ("2020", Decimal("98.4"))], targets=[None, None, Decimal("98.4")]
    )
    image = Image.open(io.BytesIO(canvas.png()))
    assert image.size == (canvas.width * 2, canvas.height * 2)
    font = charts.font(14)
    assert "LiberationSans" in font.path or "DejaVuSans" in font.path
    # "ổ" and "ỉ" have their own glyphs (Liberation 1 lacked them and drew a box).
    missing = bytes(font.getmask("\ue000"))  # a private-use code point: the font's "missing glyph" box
    assert bytes(font.getmask("ổ")) != missing and bytes(font.getmask("ỉ")) != missing


def test_a_ranking_draws_one_line_per_ward_best_first_as_given():
    bars = [charts.Bar("Phường Quyết Tiến", Decimal("98.4")), charts.Bar("Phường Tân Phong", None)]
    root = ET.fromstring(charts.ranking_chart(bars).svg())
    texts = [t.text for t in root.iter(f"{SVG}text")]
    assert texts.index("Phường Quyết Tiến") < texts.index("Phường Tân Phong")
    assert "chưa có số liệu" in texts and "98,4%" in texts
