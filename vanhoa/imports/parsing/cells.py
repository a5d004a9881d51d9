"""Cell values: text cleaning and folding, and the parsers of a member count, a phone number, a date."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from functools import lru_cache

from vanhoa.imports.parsing.messages import MSG_DATE, MSG_DATE_FUTURE, MSG_PHONE, MSG_PHONE_MANY

# --------------------------------------------------------------------------
# Text helpers
# --------------------------------------------------------------------------

_INVISIBLE_CHARS = "\u200b\u200c\u200d\u2060\ufeff\u00ad"
_INVISIBLE = dict.fromkeys(map(ord, _INVISIBLE_CHARS), None)
_FOLD_MAP = str.maketrans({"đ": "d", "Đ": "d", "ð": "d"})
_NON_WORD = re.compile(r"[\W_]+")
_LETTER_DIGIT = re.compile(r"(?<=[^\W\d_])(?=\d)")
_HAS_LETTER = re.compile(r"[^\W\d_]")
_PLACEHOLDER = re.compile(r"^[-–—_./\\x?]+$", re.IGNORECASE)
# "không có", "chưa có", "ko"… written in an optional cell mean "nothing"
_NOTHING = frozenset(("khong", "khong co", "chua co", "ko", "k co", "khong ro", "chua ro", "kco", "n a"))


_ANY_DIGIT = re.compile(r"\d")


def _is_nothing(s: str) -> bool:
    if s[:1].isdigit() or s[:1] == "+" or _ANY_DIGIT.search(s):  # neither placeholders nor words have digits
        return False
    return bool(_PLACEHOLDER.match(s)) or (len(s) <= 12 and _fold(s) in _NOTHING)


def _clean(s: str) -> str:
    """NFC, no invisible characters, single spaces, stripped."""
    if not s.isascii():
        if not s.isprintable():  # nbsp, tabs, zero-width spaces…
            s = s.translate(_INVISIBLE)
        if not unicodedata.is_normalized("NFC", s):
            s = unicodedata.normalize("NFC", s)
    return " ".join(s.split())


@lru_cache(maxsize=32768)
def _fold(s: str) -> str:
    """Lower case, no diacritics, đ→d, punctuation → space, single spaces."""
    s = unicodedata.normalize("NFD", s.translate(_FOLD_MAP)).lower()
    if not s.isascii():
        s = "".join(ch for ch in s if not unicodedata.combining(ch))
    return " ".join(_NON_WORD.sub(" ", s).split())


@lru_cache(maxsize=65536)
def match_key(s: str) -> str:
    """The form importers match names and addresses on: no diacritics, case, punctuation or extra spaces
    ('Số 12, đường Trần Phú' and 'so 12  duong tran phu' are equal). Cached: names repeat."""
    if not s:
        return ""
    # word by word through the cache: addresses share most of their words ("số", "đường", street names)
    return " ".join([w for w in map(_fold, s.split()) if w])


def _num_text(v: float | int) -> str:
    if isinstance(v, float):
        if v != v or v in (float("inf"), float("-inf")):
            return str(v)
        if v.is_integer() and abs(v) < 1e16:
            return str(int(v))
        return format(v, "g")
    return str(v)


def _text(v: object) -> str:
    """Any cell value as cleaned text (numbers without '.0', dates dd/mm/yyyy)."""
    t = type(v)
    if t is str:
        return _clean(v)  # type: ignore[arg-type]
    if t is bool:
        return "TRUE" if v else "FALSE"
    if t is float or t is int:
        return _num_text(v)  # type: ignore[arg-type]
    if t is dt.datetime:
        if v.time() == dt.time():  # type: ignore[union-attr]
            return v.strftime("%d/%m/%Y")  # type: ignore[union-attr]
        return v.strftime("%d/%m/%Y %H:%M")  # type: ignore[union-attr]
    if t is dt.date:
        return v.strftime("%d/%m/%Y")  # type: ignore[union-attr]
    if v is None:
        return ""
    return _clean(str(v))


def _is_blank(v: object) -> bool:
    if v is None or v == "":
        return True
    if type(v) is str:
        return not v.strip() or not v.translate(_INVISIBLE).strip()
    return False


def _col_letter(c: int) -> str:
    s = ""
    c += 1
    while c:
        c, r = divmod(c - 1, 26)
        s = chr(65 + r) + s
    return s


def _quote(s: str, limit: int = 60) -> str:
    return s if len(s) <= limit else s[: limit - 1] + "…"


# --------------------------------------------------------------------------
# Cell value parsers
# --------------------------------------------------------------------------

_COUNT_TEXT = re.compile(r"^\+?(\d+)(?:[.,]0+)?\s*(?:nguoi|nhan khau|khau|nk|ng|tv|thanh vien)?$")


def _parse_count(v: object) -> tuple[int | None, bool]:
    """-> (value, ok)."""
    if type(v) is str:
        return _parse_count_text(v)  # type: ignore[arg-type]
    t = type(v)
    if t is float:
        if v.is_integer() and 0 < v < 1e9:  # type: ignore[union-attr]
            return int(v), True  # type: ignore[arg-type]
        return None, False
    if t is int:
        return (v, True) if v > 0 else (None, False)  # type: ignore[operator,return-value]
    return None, False


@lru_cache(maxsize=4096)
def _parse_count_text(v: str) -> tuple[int | None, bool]:
    """A member count written as text ("4", "4 người", "không"); cached: a file repeats a few of them."""
    s = _clean(v)
    if not s or _is_nothing(s):
        return None, True
    m = _COUNT_TEXT.match(_fold(s)) if not s.startswith("-") else None
    if m:
        n = int(m.group(1))
        if 0 < n < 10**9:
            return n, True
    return None, False


_PHONE_STRIP = re.compile(r"[\s.\-()·/'`]")
_PHONE_SPLIT = re.compile(r"[;,|\n]|/(?=\s*\+?\d)|\s[-–]\s|\s{2,}|\bho[aặ]c\b", re.IGNORECASE)
_MOBILE = re.compile(r"^0[35789]\d{8}$")
_LANDLINE = re.compile(r"^02\d{9}$")
# Numbers of the 11-digit mobile plan converted in 2018 (official mapping).
_OLD_MOBILE = {
    "0120": "070", "0121": "079", "0122": "077", "0126": "076", "0128": "078",
    "0123": "083", "0124": "084", "0125": "085", "0127": "081", "0129": "082",
    "0162": "032", "0163": "033", "0164": "034", "0165": "035", "0166": "036",
    "0167": "037", "0168": "038", "0169": "039", "0186": "056", "0188": "058",
    "0199": "059",
}  # fmt: skip


def _normalise_phone(s: str, numeric: bool) -> str | None:
    d = _PHONE_STRIP.sub("", s)
    if d.startswith("+84"):
        d = "0" + d[3:]
    elif d.startswith("0084"):
        d = "0" + d[4:]
    elif d.startswith("84") and len(d) == 11 and d[2] in "35789":
        d = "0" + d[2:]
    if not d.isdigit() or not d.isascii():
        return None
    # leading 0 lost (a number cell, or typed without it)
    if (len(d) == 9 and d[0] in "35789") or (len(d) == 10 and d[0] == "2" and numeric):
        d = "0" + d
    if len(d) == 11 and d[:4] in _OLD_MOBILE:
        d = _OLD_MOBILE[d[:4]] + d[4:]
    if _MOBILE.match(d) or _LANDLINE.match(d):
        return d
    return None


def _parse_phone(v: object) -> tuple[str | None, str | None]:
    """-> (phone, error)."""
    t = type(v)
    if t is str and len(v) == 10 and v.isascii() and v.isdigit() and _MOBILE.match(v):  # type: ignore[arg-type]
        return v, None  # type: ignore[return-value]  # the usual cell: a mobile number written as text
    if t is int and 100_000_000 <= v <= 999_999_999 and _MOBILE.match(d := f"0{v}"):  # type: ignore[operator]
        return d, None  # a mobile number in a number cell, its leading 0 lost
    if t is float or t is int:
        s = _num_text(v)  # type: ignore[arg-type]
        p = _normalise_phone(s, True)
        return (p, None) if p else (None, MSG_PHONE.format(v=s))
    if t is not str:
        s = _text(v)
        return None, MSG_PHONE.format(v=_quote(s))
    s = _clean(v)  # type: ignore[arg-type]
    if not s or _is_nothing(s):
        return None, None
    p = _normalise_phone(s, False)
    if p:
        return p, None
    parts = [x for x in _PHONE_SPLIT.split(s) if x and x.strip()]
    if len(parts) > 1 and sum(1 for x in parts if _normalise_phone(x.strip(), False)) > 1:
        return None, MSG_PHONE_MANY.format(v=_quote(s))
    return None, MSG_PHONE.format(v=_quote(s))


_DATE_DMY = re.compile(r"^(\d{1,2})\s*([/.\-])\s*(\d{1,2})\s*\2\s*(\d{4}|\d{2})(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?$")
_DATE_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?$")
_DATE_WORDS = re.compile(r"^(?:ngay )?(\d{1,2}) thang (\d{1,2}) nam (\d{4})$")
_MIN_YEAR = 1900


def _serial_date(n: float) -> dt.date | None:
    if not (3653 <= n < 2958466):  # 1910-01-01 .. 9999-12-31
        return None
    return dt.date(1899, 12, 30) + dt.timedelta(days=int(n))


def _parse_date(v: object, today: dt.date) -> tuple[dt.date | None, str | None]:
    t = type(v)
    d: dt.date | None = None
    if t is dt.datetime:
        d = v.date()  # type: ignore[union-attr]
    elif t is dt.date:
        d = v  # type: ignore[assignment]
    elif t is float or t is int:
        d = _serial_date(v)  # type: ignore[arg-type]
    elif t is str:
        s = _clean(v)  # type: ignore[arg-type]
        if not s or _is_nothing(s):
            return None, None
        d = _parse_date_text(s, today)
    if d is None:
        return None, MSG_DATE.format(v=_quote(_text(v)))
    if d.year < _MIN_YEAR:
        return None, MSG_DATE.format(v=_quote(_text(v)))
    if d > today:
        return None, MSG_DATE_FUTURE.format(v=d.strftime("%d/%m/%Y"))
    return d, None


@lru_cache(maxsize=4096)
def _parse_date_text(s: str, today: dt.date) -> dt.date | None:
    """A date written as text; cached (a list repeats its dates: registration days, moving-in days)."""
    y = m = d = None
    mo = _DATE_DMY.match(s)
    if mo:
        d, m, y = int(mo.group(1)), int(mo.group(3)), mo.group(4)
        if len(y) == 2:
            yy = int(y)
            y = 2000 + yy if 2000 + yy <= today.year else 1900 + yy
        else:
            y = int(y)
    else:
        mo = _DATE_ISO.match(s)
        if mo:
            y, m, d = int(mo.group(1)), int(mo.group(2)), int(mo.group(3))
        else:
            mo = _DATE_WORDS.match(_fold(s))
            if mo:
                d, m, y = int(mo.group(1)), int(mo.group(2)), int(mo.group(3))
            elif s.isdigit() and len(s) == 5:
                return _serial_date(int(s))
            else:
                return None
    try:
        return dt.date(y, m, d)
    except ValueError:
        return None


# --------------------------------------------------------------------------
# Cell helpers for importers reading HouseholdRow.extra
# --------------------------------------------------------------------------

cell_text = _text  # any cell as cleaned text
cell_date = _parse_date  # (value, today) -> (date | None, error | None)
fold_text = _fold  # lower case, no diacritics, đ→d, punctuation → space
quoted = _quote  # text shortened for a message
