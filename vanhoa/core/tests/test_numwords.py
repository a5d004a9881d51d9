import pytest

from vanhoa.core.numwords import amount_in_words, number_in_words


@pytest.mark.parametrize(
    "n,words",
    [
        (0, "không"),
        (5, "năm"),
        (10, "mười"),
        (15, "mười lăm"),
        (21, "hai mươi mốt"),
        (24, "hai mươi bốn"),
        (105, "một trăm linh năm"),
        (110, "một trăm mười"),
        (1000, "một nghìn"),
        (1005, "một nghìn không trăm linh năm"),
        (12500000, "mười hai triệu năm trăm nghìn"),
        (1005000, "một triệu không trăm linh năm nghìn"),
        (1050000, "một triệu không trăm năm mươi nghìn"),
        (2350450, "hai triệu ba trăm năm mươi nghìn bốn trăm năm mươi"),
        (1000005, "một triệu không trăm linh năm"),
        (1_000_000_000, "một tỷ"),
        (2_005_000_000, "hai tỷ không trăm linh năm triệu"),
        (1_000_000_000_000, "một nghìn tỷ"),
        (3_000_500_000_000, "ba nghìn tỷ năm trăm triệu"),
        (5_000_000_007, "năm tỷ không trăm linh bảy"),
    ],
)
def test_numbers_in_formal_vietnamese_words(n, words):
    assert number_in_words(n) == words


def test_amounts_are_capitalised_and_in_dong():
    assert amount_in_words(1005000) == "Một triệu không trăm linh năm nghìn đồng"
    assert amount_in_words(12500000) == "Mười hai triệu năm trăm nghìn đồng"
