import itertools
import re
import unicodedata
from datetime import date
from decimal import Decimal

from vanhoa.core import text


def test_given_name_order_follows_the_vietnamese_alphabet():
    names = ["Vũ Văn Đạt", "Đỗ Thị Dung", "Trần Đức Bình", "Phạm Văn Ân", "Lê Thị Ánh", "Nguyễn Văn Anh"]
    assert sorted(names, key=text.name_key) == [
        "Nguyễn Văn Anh",
        "Lê Thị Ánh",
        "Phạm Văn Ân",
        "Trần Đức Bình",
        "Đỗ Thị Dung",
        "Vũ Văn Đạt",
    ]


def test_tones_only_break_ties_and_follow_icu_order():
    words = ["bạ", "bá", "bã", "bả", "bà", "ba"]
    assert sorted(words, key=text.text_key) == ["ba", "bà", "bả", "bã", "bá", "bạ"]


def test_family_name_breaks_ties_between_equal_given_names():
    names = ["Lê Thị Ánh", "Đinh Văn Ánh", "Bùi Thị Ánh"]
    assert sorted(names, key=text.name_key) == ["Bùi Thị Ánh", "Đinh Văn Ánh", "Lê Thị Ánh"]


def test_sort_key_is_digits_only_so_any_collation_orders_it_alike():
    key = text.name_key("Nguyễn Văn Đức")
    assert key.isdigit()


def test_fold_removes_accents_and_folds_d_bar():
    assert text.fold("Nguyễn Văn Đức") == "nguyen van duc"
    assert text.fold("ĐƯỜNG Trần Phú") == "duong tran phu"


def test_nfc_normalises_decomposed_input_and_spaces():
    decomposed = unicodedata.normalize("NFD", "Lò  Văn\u00a0Páo ")
    assert text.nfc(decomposed) == unicodedata.normalize("NFC", "Lò Văn Páo")
    assert unicodedata.is_normalized("NFC", text.nfc(decomposed))


def test_nfc_collapses_exactly_the_whitespace_a_regex_would():
    """nfc splits on str.split() whitespace; that is the same set as re's \\s (tabs, NBSP, em space, …)."""
    pieces = [" ", "\t", "\n", "\r\n", "\u00a0", "\u2003", "\u3000", "\x1c", "\x85", "\u2028", "\u200b", "a", "Đ"]
    for combo in itertools.product(pieces, repeat=3):
        value = "".join(combo)
        expected = re.sub(r"\s+", " ", unicodedata.normalize("NFC", value).replace("\u00a0", " ")).strip()
        assert text.nfc(value) == expected, repr(value)
        lines = value.replace("\r\n", "\n").split("\n")
        expected_multiline = "\n".join(re.sub(r"\s+", " ", line).strip() for line in lines).strip()
        assert text.nfc_multiline(value) == expected_multiline, repr(value)


def test_numbers_and_percent_in_vietnamese_style():
    assert text.format_number(12500000) == "12.500.000"
    assert text.format_number(Decimal("98.4"), 1) == "98,4"
    assert text.format_percent(Decimal("98.4")) == "98,4%"
    assert text.percent(1187, 1206) == Decimal("98.4")
    assert text.percent(147, 152) == Decimal("96.7")
    assert text.percent(1, 0) is None


def test_dates():
    d = date(2020, 11, 18)
    assert text.format_date(d) == "18/11/2020"
    assert text.format_date_long(d) == "ngày 18 tháng 11 năm 2020"
    assert text.format_date_nd30(date(2020, 1, 5)) == "ngày 05 tháng 01 năm 2020"
    assert text.format_date_nd30(date(2025, 3, 15)) == "ngày 15 tháng 3 năm 2025"


def _fold_reference(value):
    """fold() as first written (whole string at once); the word-by-word version must agree with it."""
    import re

    if not value:
        return ""
    s = unicodedata.normalize("NFD", value.replace("đ", "d").replace("Đ", "D"))
    s = "".join(c for c in s if unicodedata.category(c) != "Mn")
    return re.sub(r"\s+", " ", unicodedata.normalize("NFC", s).casefold()).strip()


def test_fold_word_by_word_gives_the_same_result_as_folding_the_whole_text():
    from hypothesis import given, settings
    from hypothesis import strategies as st

    vietnamese = st.text(alphabet="aăâbcdđeêghiklmnoôơpqrstuưvxyÁÀẢÃẠẮẰẲẴẶẤẦẨẪẬĐÉẾỆỌỢỮ \u00a0\t\u0301\u0323\u200b,.-")

    @settings(max_examples=300, deadline=None)
    @given(st.one_of(st.text(), vietnamese))
    def check(value):
        assert text.fold(value) == _fold_reference(value)

    check()
    for value in ["Nguyễn Văn Đức", "  Số 12,\u00a0đường  Trần Phú ", "\u0301a", "a \u0301 b", "Ǆ ß ﬁ", ""]:
        assert text.fold(value) == _fold_reference(value)
