"""Amounts in Vietnamese words, the formal style of accounting documents:
1.005.000 -> 'một triệu không trăm linh năm nghìn đồng' (num2words drops 'không trăm' and misreads decimals)."""

from __future__ import annotations

DIGITS = ["không", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín"]
SCALES = ["", "nghìn", "triệu", "tỷ"]


def _three(n: int, full: bool) -> list[str]:
    """Words for 0 < n < 1000; `full` reads every position ('không trăm linh năm') as inside a larger number."""
    hundreds, tens, units = n // 100, n // 10 % 10, n % 10
    words: list[str] = []
    if hundreds or full:
        words += [DIGITS[hundreds], "trăm"]
    if tens == 0:
        if units and (hundreds or full):
            words.append("linh")
    elif tens == 1:
        words.append("mười")
    else:
        words += [DIGITS[tens], "mươi"]
    if units:
        if units == 1 and tens >= 2:
            words.append("mốt")
        elif units == 5 and tens >= 1:
            words.append("lăm")
        else:
            words.append(DIGITS[units])
    return words


def number_in_words(n: int) -> str:
    """12500000 -> 'mười hai triệu năm trăm nghìn'; 0 -> 'không'; negatives get 'âm'."""
    if n == 0:
        return "không"
    if n < 0:
        return "âm " + number_in_words(-n)
    groups: list[int] = []
    while n:
        groups.append(n % 1000)
        n //= 1000
    words: list[str] = []
    for index in range(len(groups) - 1, -1, -1):
        group = groups[index]
        if group == 0:
            # A whole zero group is skipped, except that 'tỷ' must still be said for 1.000.000.000.000
            if index % 3 == 0 and index > 0 and any(groups[index + 1 : index + 3]):
                words.append("tỷ")
            continue
        words += _three(group, full=index != len(groups) - 1)
        scale_index = index % 3
        if scale_index:
            words.append(SCALES[scale_index])
        elif index:
            words.append(" ".join(["tỷ"] * (index // 3)))
    return " ".join(words)


def amount_in_words(amount: int) -> str:
    """'Mười hai triệu năm trăm nghìn đồng' (capitalised, as written after 'Bằng chữ:')."""
    text = number_in_words(int(amount)) + " đồng"
    return text[0].upper() + text[1:]
