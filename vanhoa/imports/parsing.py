"""Parsing of ward household registries kept in (messy) spreadsheets.

Pure Python, no Django: the import views/models call :func:`list_sheets`,
:func:`parse_households` and :func:`build_template`.

One reader for every format: ``python-calamine`` (xlsx, xlsm, xlsb, xls, ods).
The file is sniffed by content, never trusted by its name.

Guarantees of :func:`parse_households`:

* it raises nothing but :class:`ImportFileError` (whole-file problems);
* every row below the header, up to the last non-empty row, ends up in exactly
  one of ``rows`` (a household), ``rejected`` (one or more :class:`RowError`
  for that row) or ``skipped`` (blank, total/subtotal, repeated header,
  section title, signature block… with the reason);
* nothing is invented: values are normalised (NFC, spaces, phone digits,
  dates) but a value that cannot be read unambiguously is rejected.
"""

from __future__ import annotations

import datetime as dt
import io
import logging
import re
import struct
import unicodedata
import zipfile
from dataclasses import dataclass, field
from functools import lru_cache

from vanhoa.imports import limits
from vanhoa.imports.grid import ods_merges, rows_from

logger = logging.getLogger(__name__)

__all__ = [
    "HouseholdRow",
    "ImportFileError",
    "ParseResult",
    "RowError",
    "SheetInfo",
    "build_template",
    "list_sheets",
    "match_key",
    "parse_households",
]

# --------------------------------------------------------------------------
# Public data types
# --------------------------------------------------------------------------


@dataclass(slots=True)
class SheetInfo:
    name: str
    rows: int  # number of non-empty rows


@dataclass(slots=True)
class HouseholdRow:
    row: int  # 1-based row number as Excel shows it
    code: str | None
    head_name: str
    group_raw: str
    group_key: str | None
    address: str
    member_count: int | None
    phone: str | None
    moved_in: dt.date | None
    note: str
    extra: dict[str, object] | None = None  # raw cells of the fields beyond FIELDS (e.g. a registration mark)


@dataclass(slots=True)
class RowError:
    row: int
    column: str  # header text as in the file (or the column letter)
    message: str  # Vietnamese


@dataclass
class ParseResult:
    sheet: str
    header_row: int  # 1-based; first row of a two-row header
    columns: dict[str, str]  # field -> header text found
    rows: list[HouseholdRow] = field(default_factory=list)
    rejected: list[RowError] = field(default_factory=list)
    skipped: list[tuple[int, str]] = field(default_factory=list)


class ImportFileError(Exception):
    """A problem with the whole file; ``message`` is Vietnamese, for users."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


FIELDS = (
    "code",
    "head_name",
    "group",
    "address",
    "member_count",
    "phone",
    "moved_in",
    "note",
)
# Columns a year's registrations and review results add to a household list (kept raw in HouseholdRow.extra).
EXTRA_FIELDS = (
    "registered",
    "result",
    "result_pass",
    "result_fail",
    "reason",
    "votes_for",
    "votes_against",
    "meeting_on",
)

# --------------------------------------------------------------------------
# Messages
# --------------------------------------------------------------------------

MSG_EMPTY = "Tệp rỗng: không có dữ liệu để nhập."
MSG_NOT_EXCEL = (
    "Tệp không phải bảng tính Excel (.xlsx, .xls) hoặc LibreOffice (.ods){hint}. "
    "Hãy mở tệp bằng Excel rồi lưu lại dạng .xlsx và tải lên lại."
)
MSG_PASSWORD = (
    "Tệp được đặt mật khẩu nên không đọc được. Hãy mở tệp bằng Excel, bỏ mật khẩu "
    "(Tệp → Thông tin → Bảo vệ sổ làm việc → Mã hóa bằng mật khẩu), lưu lại rồi tải lên lại."
)
MSG_UNREADABLE = (
    "Không đọc được tệp «{name}»: tệp bị hỏng hoặc không đầy đủ. "
    "Hãy mở tệp bằng Excel, lưu lại dạng .xlsx rồi tải lên lại."
)
MSG_TOO_BIG = "Tệp quá lớn (giải nén ra hơn {mb} MB). Hãy tách danh sách thành nhiều tệp nhỏ hơn."
MSG_INTERNAL = "Có lỗi không mong muốn khi đọc tệp. Hãy kiểm tra lại tệp hoặc báo cho quản trị viên."
MSG_NO_SHEETS = "Tệp không có dữ liệu: các trang tính đều trống."
MSG_SHEET_NOT_FOUND = "Không tìm thấy trang tính «{sheet}». Các trang có trong tệp: {names}."
MSG_NO_HEADER = (
    "Không tìm thấy dòng tiêu đề của danh sách hộ{where}: cần có cột «Họ và tên chủ hộ» "
    "và ít nhất một cột khác như «Tổ dân phố», «Địa chỉ», «Số nhân khẩu», «Mã hộ»."
)

MSG_MISSING_NAME = "Thiếu họ tên chủ hộ"
MSG_BAD_NAME = "Họ tên chủ hộ không hợp lệ «{v}»"
MSG_LONG_NAME = "Họ tên chủ hộ quá dài ({n} ký tự) «{v}…»"
MSG_CELL_ERROR = "Ô bị lỗi công thức «{v}»"
MSG_GROUP_UNKNOWN = "Không tìm thấy tổ dân phố «{v}»"
MSG_GROUP_AMBIGUOUS = "Không xác định được tổ dân phố «{v}»: có thể là {names}"
MSG_GROUP_FROM_SECTION = " (ghi ở dòng {row})"
MSG_COUNT = "Số nhân khẩu phải là số nguyên dương (đang ghi «{v}»)"
MSG_PHONE = "Số điện thoại «{v}» không hợp lệ (cần 10 chữ số, bắt đầu bằng 0, ví dụ 0912345678)"
MSG_PHONE_MANY = "Ô có nhiều số điện thoại «{v}»: chỉ ghi một số cho mỗi hộ"
MSG_DATE = "Ngày không hợp lệ «{v}» (cần dạng ngày/tháng/năm, ví dụ 15/03/2020)"
MSG_DATE_FUTURE = "Ngày «{v}» nằm trong tương lai"
MSG_DUP_CODE = "Mã hộ «{v}» bị trùng với dòng {row}"
MSG_CODE_LONG = "Mã hộ quá dài «{v}»"

SKIP_BLANK = "Dòng trống"
SKIP_TOTAL = "Dòng cộng/tổng «{v}»"
SKIP_NUMBERS = "Dòng chỉ có số liệu, không có họ tên (dòng tổng)"
SKIP_STT_ONLY = "Dòng chỉ có số thứ tự, chưa có dữ liệu"
SKIP_REPEATED_HEADER = "Dòng tiêu đề lặp lại"
SKIP_COLUMN_NUMBERS = "Dòng đánh số thứ tự cột"
SKIP_SECTION = "Dòng tiêu đề nhóm «{v}»"
SKIP_FOOTER = "Phần ghi chú/ký tên cuối bảng «{v}»"
SKIP_AFTER_FOOTER = "Nằm sau phần ký tên cuối bảng"

MAX_UNCOMPRESSED = 400 * 1024 * 1024
HEADER_SCAN_ROWS = 40
EXCEL_ERRORS = frozenset(("#N/A", "#REF!", "#VALUE!", "#DIV/0!", "#NAME?", "#NUM!", "#NULL!", "#SPILL!", "#CALC!"))

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
# Header recognition
# --------------------------------------------------------------------------

_GROUP_CORE = frozenset(("to", "tdp", "thon", "ban", "xom", "ap", "khu", "kp", "khoi", "bon", "lang"))
_GROUP_WORDS = _GROUP_CORE | {"dan", "pho", "dp", "so", "ten", "thuoc"}

_HEADER_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    ("_stt", re.compile(r"^(stt|tt|so tt|so thu tu|thu tu)$")),
    (
        "code",
        re.compile(r"^(ma (so )?(ho|hgd|hdg|chu ho)( gia dinh)?|ma so|ma|so ho khau|so hk|ma ho khau)$"),
    ),
    (
        "head_name",
        re.compile(
            r"^((ho )?(va )?ten( cua)?|ho ten)( chu ho( gia dinh| gd| hgd)?)?$|^chu ho( gia dinh)?$"
            r"|^ten chu ho( gia dinh)?$"
        ),
    ),
    (
        "address",
        re.compile(
            r"^(dia chi|so nha|noi o|noi thuong tru|noi cu tru|cho o|noi dang ky thuong tru"
            r"|dia chi thuong tru|dia chi cu tru|duong pho|so nha duong pho)\b"
        ),
    ),
    (
        "moved_in",
        re.compile(
            r"^(ngay|thoi gian|thoi diem|ngay thang nam|nam) (den|chuyen den|dang ky|dk|nhap|nhap ho"
            r"|den o|bat dau cu tru|cu tru)\b"
        ),
    ),
    ("note", re.compile(r"^(ghi chu|gc|chu thich)\b")),
    # fields of a year's title registrations and review results (EXTRA_FIELDS; unused by the household list)
    (
        "registered",
        re.compile(
            r"^(co |da |ky )?(dang ky|dk)( xay dung| danh hieu| thi dua)?( gia dinh van hoa| gdvh)?( nam \d{4})?$"
            r"|^ky cam ket( xay dung)?( gia dinh van hoa| gdvh)?$"
        ),
    ),
    ("result_fail", re.compile(r"^((ket qua( binh xet)? )?(khong|chua) (dat|cong nhan)|kd)$")),
    ("result_pass", re.compile(r"^((ket qua( binh xet)? )?dat( danh hieu)?|duoc cong nhan|cong nhan)$")),
    (
        "result",
        re.compile(
            r"^(ket qua( binh xet| danh gia| xet| cong nhan| bau)?|xep loai|binh xet|danh gia|ket luan"
            r"|dat danh hieu|ket qua binh xet (gia dinh van hoa|gdvh)( nam \d{4})?)$"
        ),
    ),
    ("reason", re.compile(r"^(ly do|nguyen nhan)( khong dat| chua dat| khong de nghi| khong cong nhan)?$")),
    ("votes_against", re.compile(r"\bkhong (tan thanh|dong y)\b")),
    ("votes_for", re.compile(r"\b(tan thanh|dong y)\b")),
    ("meeting_on", re.compile(r"^(ngay|thoi gian) (hop|binh xet|hop binh xet|xet)\b")),
    ("phone", re.compile(r"\b(dien thoai|sdt|so dt|dtdd|dt di dong|di dong|dt lien he)\b")),
    (
        "member_count",
        re.compile(r"\b(nhan khau|so khau|so nguoi|so thanh vien|so nk|sl nk|so tv)\b|^(nk|khau)$"),
    ),
]
_KNOWN_HEADERS = re.compile(
    r"^(?:nam sinh|ngay sinh|ngay thang nam sinh|gioi tinh|nam|nu|dan toc|ton giao|nghe nghiep"
    r"|quan he( voi chu ho)?|cccd|so cccd|cmnd|so cmnd|so dinh danh|ma dinh danh|tong|tong so|cong"
    r"|trong do|so luong|sl|ky ten|ky nhan|thanh phan|hoan canh|ho ngheo|ho can ngheo"
    r"|thong tin chu ho|thong tin ho|chu ho|thuong tru|tam tru|email|ten duong|nghe|ma vung)$"
)
_GENERIC_CHILD = frozenset(("tong", "tong so", "cong", "so luong", "sl", "so"))


@lru_cache(maxsize=4096)
def _header_field(text: str) -> str | None:
    """Field recognised in a header label, '_stt', '_known' (a header word that
    is not imported), or None."""
    raw = _clean(text)
    if not raw:
        return None
    candidates = [_fold(raw)]
    no_paren = re.sub(r"\([^)]*\)|\[[^\]]*\]", " ", raw)
    if no_paren != raw:
        candidates.append(_fold(no_paren))
    for k in candidates:
        if not k:
            continue
        for name, pat in _HEADER_PATTERNS:
            if pat.search(k):
                return name
        if k == "dt" and "đ" in raw.casefold():  # "ĐT" = điện thoại ("DT" may be dân tộc)
            return "phone"
        toks = k.split()
        if len(toks) <= 6 and set(toks) <= _GROUP_WORDS and set(toks) & _GROUP_CORE:
            return "group"
        if _KNOWN_HEADERS.search(k):
            return "_known"
    return None


@dataclass
class _Header:
    row: int  # 0-based index of the (first) header row
    data_start: int  # 0-based index of the first data row
    width: int  # number of table columns
    cols: dict[str, int]  # field -> column index
    labels: dict[str, str]  # field -> header text
    stt_cols: frozenset[int]


def _row_strings(row: list, width: int) -> list[str]:
    out = []
    for c in range(width):
        v = row[c] if c < len(row) else ""
        out.append(_clean(v) if type(v) is str else "")
    return out


def _assign(
    cands: list[tuple[int, str, str, int]],
) -> tuple[dict[str, int], dict[str, str], set[int]]:
    """cands: (col, field, label, strength) -> best column per field."""
    best: dict[str, tuple[int, int, str]] = {}
    stt: set[int] = set()
    for col, fld, label, strength in cands:
        if fld == "_stt":
            stt.add(col)
            continue
        if fld.startswith("_"):
            continue
        cur = best.get(fld)
        if cur is None or strength > cur[0] or (strength == cur[0] and col < cur[1]):
            best[fld] = (strength, col, label)
    cols = {f: v[1] for f, v in best.items()}
    labels = {f: v[2] for f, v in best.items()}
    return cols, labels, stt


def _qualifies(cols: dict[str, int], n_known: int, n_stt: int) -> bool:
    return "head_name" in cols and (len(cols) - 1 + n_known + n_stt) >= 1


def _count_fields(row: list, width: int) -> int:
    found = {_header_field(lab) for lab in _row_strings(row, width) if lab}
    return len({f for f in found if f and not f.startswith("_")})


def _find_header(grid: list[list], merges: list | None) -> _Header | None:
    n = len(grid)
    width_all = max((len(r) for r in grid[: HEADER_SCAN_ROWS + 1]), default=0)
    for r in range(min(n, HEADER_SCAN_ROWS)):
        top = _row_strings(grid[r], width_all)
        if not any(top):
            continue
        # single-row interpretation
        cands = []
        n_known = 0
        for c, lab in enumerate(top):
            if lab:
                f = _header_field(lab)
                if f:
                    cands.append((c, f, lab, 2))
                    n_known += f == "_known"
        cols, labels, stt = _assign(cands)
        single_ok = _qualifies(cols, n_known, len(stt))
        # two-row interpretation (merged parent labels over sub-labels); it must
        # recognise more than the second row alone (else a title row over a header)
        double = _double_header(grid, merges, r, top, width_all)
        if (
            double is not None
            and _qualifies(double[0], double[3], len(double[2]))
            and len(double[0]) > _count_fields(grid[r + 1], width_all)
        ):
            cols, labels, stt, _ = double
            data_start = r + 2
            used_rows = (grid[r], grid[r + 1])
        elif single_ok:
            data_start = r + 1
            used_rows = (grid[r],)
        else:
            continue
        width = 0
        for row in used_rows:
            for c in range(min(len(row), width_all) - 1, -1, -1):
                if not _is_blank(row[c]):
                    width = max(width, c + 1)
                    break
        return _Header(r, data_start, width, cols, labels, frozenset(stt))
    return None


def _double_header(grid, merges, r, top, width):
    if r + 1 >= len(grid):
        return None
    nxt = grid[r + 1]
    bottom = _row_strings(nxt, width)
    # the second header row holds only text
    for c in range(min(len(nxt), width)):
        v = nxt[c]
        if not _is_blank(v) and type(v) is not str:
            return None
    if not any(bottom):
        return None
    spans: list[tuple[int, int]] = []
    for (r1, c1), (_r2, c2) in merges or ():
        if r1 == r and c2 > c1 and c1 < width and top[c1]:
            spans.append((c1, min(c2, width - 1)))
    bottom_fields = [_header_field(b) if b else None for b in bottom]
    if any(bottom_fields):
        # inferred spans (no merge information, e.g. .ods or "centre across selection")
        c = 0
        while c < width:
            if top[c]:
                e = c
                while e + 1 < width and not top[e + 1] and bottom[e + 1]:
                    e += 1
                if e > c and not any(s[0] <= c <= s[1] for s in spans):
                    spans.append((c, e))
                c = e + 1
            else:
                c += 1
    spans = [s for s in spans if any(bottom[c] for c in range(s[0], s[1] + 1))]
    if not spans:
        return None
    parent_of: dict[int, str] = {}
    for c1, c2 in spans:
        for c in range(c1, c2 + 1):
            parent_of[c] = top[c1]
    cands = []
    n_known = 0
    for c in range(width):
        parent = parent_of.get(c, top[c])
        child = bottom[c]
        found = None
        if child:
            f = bottom_fields[c]
            if f and f != "_known":
                found = (f, child, 3)
            elif parent:
                f2 = _header_field(parent + " " + child)
                if f2 and not f2.startswith("_"):
                    strength = 2 if _fold(child) in _GENERIC_CHILD else 1
                    found = (f2, f"{parent} / {child}", strength)
            if found is None and f == "_known":
                n_known += 1
        elif parent:
            f = _header_field(parent)
            if f:
                found = (f, parent, 2)
                n_known += f == "_known"
        if found:
            cands.append((c, *found))
    cols, labels, stt = _assign(cands)
    return cols, labels, stt, n_known


# --------------------------------------------------------------------------
# Group (tổ dân phố / thôn) resolution
# --------------------------------------------------------------------------

_KIND_PREFIXES: dict[tuple[str, ...], str] = {
    ("to", "dan", "pho"): "to",
    ("to", "dp"): "to",
    ("tdp",): "to",
    ("to",): "to",
    ("khu", "pho"): "khu",
    ("kp",): "khu",
    ("khoi", "pho"): "khu",
    ("khoi",): "khu",
    ("khu",): "khu",
    ("thon",): "thon",
    ("ban",): "thon",
    ("xom",): "thon",
    ("ap",): "thon",
    ("bon",): "thon",
    ("lang",): "thon",
}
_SECTION_WORDS = frozenset(
    ("tổ", "to", "tdp", "thôn", "thon", "bản", "xóm", "xom", "ấp", "ap", "khu", "khối", "khoi")
) | {"kp", "bon", "buôn", "làng", "lang"}
_NUM_IDENT = re.compile(r"^0*(\d+)([a-z]?)$")
_ENUMERATOR = re.compile(r"^\s*(?:[IVXLC]+|[A-Za-z]|\d{1,2})\s*[.)/:\-]\s+")


def _split_group(text: str) -> tuple[str | None, str, str]:
    """'TDP số 01' -> ('to', '1', '1'); 'Thôn Nà Nọi' -> ('thon', 'na noi', 'nà nọi')."""
    nfc = _LETTER_DIGIT.sub(" ", _clean(text).casefold())
    toks = [t for t in _NON_WORD.split(nfc) if t]
    folded = [_fold(t) for t in toks]
    kind = None
    i = 0
    for n in (3, 2, 1):
        if len(folded) > n - 1 and tuple(folded[:n]) in _KIND_PREFIXES and len(folded) > n:
            kind = _KIND_PREFIXES[tuple(folded[:n])]
            i = n
            break
    if kind is not None and i < len(folded) - 1 and folded[i] == "so":
        i += 1
    ident = " ".join(folded[i:])
    exact = " ".join(toks[i:])
    m = _NUM_IDENT.match(ident)
    if m:
        ident = exact = m.group(1) + m.group(2)
    return kind, ident, exact


class _GroupResolver:
    def __init__(self, groups: dict[str, str]) -> None:
        self.groups = {str(k): _clean(str(v)) for k, v in (groups or {}).items()}
        self.exact: dict[str, list[str]] = {}
        self.folded: dict[str, list[str]] = {}
        self.by_kind: dict[tuple[str | None, str], list[str]] = {}
        self.by_ident: dict[str, list[str]] = {}
        self.ident_exact: dict[str, str] = {}
        for key, name in self.groups.items():
            self.exact.setdefault(name.casefold(), []).append(key)
            self.folded.setdefault(_fold(name), []).append(key)
            kind, ident, exact = _split_group(name)
            self.by_kind.setdefault((kind, ident), []).append(key)
            self.by_ident.setdefault(ident, []).append(key)
            self.ident_exact[key] = exact
        self.cache: dict[str, tuple[str | None, str | None]] = {}

    def resolve(self, raw: str) -> tuple[str | None, str | None]:
        """-> (key, None) | (None, error message) | (None, None) for blank."""
        hit = self.cache.get(raw)
        if hit is not None:
            return hit
        res = self._resolve(raw)
        if len(self.cache) < 10000:
            self.cache[raw] = res
        return res

    def _resolve(self, raw: str) -> tuple[str | None, str | None]:
        s = _clean(raw)
        if not s or not self.groups:
            return None, None
        keys = self.exact.get(s.casefold())
        if keys and len(keys) == 1:
            return keys[0], None
        kind, ident, exact = _split_group(s)
        if not ident:
            return None, MSG_GROUP_UNKNOWN.format(v=_quote(s))
        keys = list(self.folded.get(_fold(s), ()))
        if not keys:
            if kind is not None:
                keys = self.by_kind.get((kind, ident), []) or self.by_kind.get((None, ident), [])
            else:
                keys = self.by_ident.get(ident, [])
        if len(keys) > 1:
            narrowed = [k for k in keys if self.ident_exact[k] == exact]
            if narrowed:
                keys = narrowed
        if len(keys) == 1:
            return keys[0], None
        if not keys:
            return None, MSG_GROUP_UNKNOWN.format(v=_quote(s))
        names = " hoặc ".join(f"«{self.groups[k]}»" for k in keys)
        return None, MSG_GROUP_AMBIGUOUS.format(v=_quote(s), names=names)

    def section(self, raw: str, in_name_col: bool = False) -> tuple[str | None, str | None] | None:
        """A row title such as 'TỔ DÂN PHỐ SỐ 1' -> (key, error); None if not one."""
        s = _ENUMERATOR.sub("", _clean(raw), count=1)
        kind, ident, _ = _split_group(s)
        if kind is None or not ident:
            keys = self.folded.get(_fold(s)) if self.groups else None
            if keys:
                return self._resolve(s)
            return None
        first = s.split(maxsplit=1)[0].casefold()
        if first not in _SECTION_WORDS:  # "Bàn Văn Hải" is a name, not "Bản …"
            return None
        if kind != "thon" and not _NUM_IDENT.match(ident):
            return None
        if len(ident.split()) > 4:
            return None
        if not self.groups:
            return None, None
        key, err = self._resolve(s)
        if key is None and in_name_col and kind == "thon":
            return None
        return key, err


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
# Row classification helpers
# --------------------------------------------------------------------------

_TOTAL_RE = re.compile(
    r"^cong (?:to|tdp|thon|ban|khu|xom)$|"
    r"^(?:tong cong|tong so|tong hop|cong don|cong|tong)"
    r"(?:"
    r"|(?: so)? (?:ho|hgd|nhan khau|khau|nguoi)(?: gia dinh)?(?: \d.*)?"
    r"| \d[\d ]*(?: (?:ho|hgd|nguoi|nhan khau|khau))?"
    r"| (?:to dan pho|tdp|to)(?: so)? \d.*"
    r"| (?:thon|ban|xom|khu|khoi|ap)\b.*"
    r"| (?:chung|cac \w+|toan (?:phuong|xa|to|thon|bo|khu)).*"
    r"| cong.*"
    r")$"
)
_FOOTER_START = re.compile(
    r"^(?:nguoi lap|nguoi ghi|nguoi ke khai|ky ghi ro|ky va ghi ro|ky ten|ky xac nhan|xac nhan"
    r"|tm |t m |chu tich|pho chu tich|to truong|truong thon|truong ban|truong khu|can bo"
    r"|cong chuc|ke toan|thu truong|giam doc|noi nhan)\b"
    r"|\bngay(?: \S+)? thang(?: \S+)? nam\b"
)
_NOTE_LINE = re.compile(r"^(?:ghi chu|luu y|chu y|chu thich)\b")
_COLNUM_TEXT = re.compile(r"^\(?(\d{1,2})\)?$")


def _is_total_label(s: str) -> bool:
    if s[:1] not in "CcTt":
        return False
    return bool(_TOTAL_RE.match(_fold(s)))


def _column_numbers(cells: dict[int, object]) -> bool:
    if len(cells) < 3:
        return False
    nums = []
    for v in cells.values():
        t = type(v)
        if t is float or t is int:
            if not float(v).is_integer():  # type: ignore[arg-type]
                return False
            nums.append(int(v))  # type: ignore[call-overload]
        elif t is str:
            s = v.strip()  # type: ignore[union-attr]
            m = _COLNUM_TEXT.match(s)
            if m:
                nums.append(int(m.group(1)))
            elif len(s) == 1 and s.isascii() and s.isalpha():  # not "ß", whose upper case is "SS"
                nums.append(ord(s.upper()) - 64)
            else:
                return False
        else:
            return False
    return all(b == a + 1 for a, b in zip(nums, nums[1:], strict=False))


# --------------------------------------------------------------------------
# Workbook opening
# --------------------------------------------------------------------------

_OLE_MAGIC = b"\xd0\xcf\x11\xe0"


def _ole_stream_names(data: bytes) -> set[str]:
    """Names in the directory of an OLE2/CFB container (structural scan)."""
    names: set[str] = set()
    for off in range(512, len(data) - 127, 128):
        entry = data[off : off + 128]
        (name_len,) = struct.unpack_from("<H", entry, 64)
        if not (2 <= name_len <= 64) or name_len % 2 or entry[66] not in (1, 2, 5):
            continue
        raw = entry[: name_len - 2]
        if entry[name_len - 2 : name_len] != b"\0\0":
            continue
        try:
            name = raw.decode("utf-16-le")
        except UnicodeDecodeError:
            continue
        if name and name.isprintable() or name.startswith(("\x05", "\x01", "\x06")):
            names.add(name)
    return names


def _sniff_hint(data: bytes) -> str:
    head = data[:2048].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if head.startswith(b"%pdf"):
        return " (đây là tệp PDF)"
    if head.startswith((b"<!doctype html", b"<html", b"<table", b"<?xml")) or b"<html" in head:
        return " (đây là trang web/HTML được đổi đuôi)"
    if head.startswith((b"\x89png", b"\xff\xd8\xff", b"gif8")):
        return " (đây là tệp ảnh)"
    try:
        data[:4096].decode("utf-8")
    except UnicodeDecodeError:
        return ""
    if b"," in head or b";" in head or b"\t" in head:
        return " (đây là tệp văn bản/CSV)"
    return " (đây là tệp văn bản)"


class _Book:
    def __init__(self, data: bytes, filename: str) -> None:
        self.data = data
        self.filename = filename or "tệp"
        self.kind = self._sniff()
        try:  # before any reader expands a sheet: its used area, the parts' sizes, the number of sheets…
            limits.check_workbook(data, self.kind, self.filename)
        except limits.WorkbookTooBig as exc:
            raise ImportFileError(exc.message) from None
        self.wb = self._open()

    def _sniff(self) -> str:
        data = self.data
        if not data or not data.strip(b"\x00 \t\r\n"):
            raise ImportFileError(MSG_EMPTY)
        if data.startswith(_OLE_MAGIC):
            names = _ole_stream_names(data)
            if "EncryptedPackage" in names or "EncryptionInfo" in names:
                raise ImportFileError(MSG_PASSWORD)
            if "Workbook" in names or "Book" in names:
                return "xls"
            if "WordDocument" in names:
                raise ImportFileError(MSG_NOT_EXCEL.format(hint=" (đây là tệp Word)"))
            if names:
                raise ImportFileError(MSG_NOT_EXCEL.format(hint=""))
            raise ImportFileError(MSG_UNREADABLE.format(name=self.filename))
        if data.startswith(b"PK"):
            try:
                zf = zipfile.ZipFile(io.BytesIO(data))
                infos = zf.infolist()
            except Exception as exc:  # BadZipFile, truncated, …
                raise ImportFileError(MSG_UNREADABLE.format(name=self.filename)) from exc
            names = {i.filename for i in infos}
            if sum(i.file_size for i in infos) > MAX_UNCOMPRESSED:
                raise ImportFileError(MSG_TOO_BIG.format(mb=MAX_UNCOMPRESSED // 2**20))
            if "xl/workbook.xml" in names or "xl/workbook.bin" in names:
                return "xlsx"
            if "content.xml" in names and "mimetype" in names:
                try:
                    mime = zf.read("mimetype")[:100]
                    manifest = zf.read("META-INF/manifest.xml") if "META-INF/manifest.xml" in names else b""
                except Exception as exc:
                    raise ImportFileError(MSG_UNREADABLE.format(name=self.filename)) from exc
                if b"encryption-data" in manifest:
                    raise ImportFileError(MSG_PASSWORD)
                if b"spreadsheet" in mime:
                    return "ods"
                if b"text" in mime:
                    raise ImportFileError(MSG_NOT_EXCEL.format(hint=" (đây là tệp văn bản ODT)"))
            if any(n.startswith("word/") for n in names):
                raise ImportFileError(MSG_NOT_EXCEL.format(hint=" (đây là tệp Word)"))
            if any(n.startswith("ppt/") for n in names):
                raise ImportFileError(MSG_NOT_EXCEL.format(hint=" (đây là tệp PowerPoint)"))
            raise ImportFileError(MSG_NOT_EXCEL.format(hint=" (đây là tệp nén ZIP)"))
        raise ImportFileError(MSG_NOT_EXCEL.format(hint=_sniff_hint(data)))

    def _open(self):
        try:
            from python_calamine import CalamineWorkbook
        except ImportError as exc:  # pragma: no cover - deployment problem
            raise ImportFileError("Máy chủ chưa cài thư viện đọc bảng tính (python-calamine).") from exc
        try:
            return CalamineWorkbook.from_filelike(io.BytesIO(self.data))
        except (KeyboardInterrupt, SystemExit):
            raise
        except BaseException as exc:  # calamine errors, pyo3 PanicException
            raise self._error(exc) from None

    def _error(self, exc: BaseException) -> ImportFileError:
        text = f"{type(exc).__name__} {exc}".lower()
        if "password" in text or "encrypt" in text:
            return ImportFileError(MSG_PASSWORD)
        return ImportFileError(MSG_UNREADABLE.format(name=self.filename))

    def sheets(self, visible_only: bool) -> list[str]:
        out = []
        try:
            metas = self.wb.sheets_metadata
        except (KeyboardInterrupt, SystemExit):
            raise
        except BaseException:
            return list(self.wb.sheet_names)
        for m in metas:
            typ = str(getattr(m, "typ", "")).lower()
            if "chart" in typ or "vba" in typ or "macro" in typ:
                continue
            if visible_only and not str(getattr(m, "visible", "visible")).lower().endswith("visible"):
                continue
            out.append(m.name)
        return out

    def grid(self, name: str) -> tuple[list[list], list | None]:
        try:
            sheet = self.wb.get_sheet_by_name(name)
            grid = rows_from(sheet)
            merges = sheet.merged_cell_ranges
        except (KeyboardInterrupt, SystemExit):
            raise
        except BaseException as exc:
            raise self._error(exc) from None
        if merges is None and self.kind == "ods":
            try:
                merges = ods_merges(self.data, name)
            except Exception:
                merges = None
        return grid, merges


# --------------------------------------------------------------------------
# Public API
# --------------------------------------------------------------------------


def list_sheets(data: bytes, filename: str) -> list[SheetInfo]:
    """Visible worksheets with their number of non-empty rows."""
    book = _Book(data, filename)
    out = []
    for name in book.sheets(visible_only=True):
        grid, _ = book.grid(name)
        n = sum(1 for r in grid if any(not _is_blank(v) for v in r))
        out.append(SheetInfo(name, n))
    if not out:
        raise ImportFileError(MSG_NO_SHEETS)
    return out


def parse_households(
    data: bytes,
    filename: str,
    *,
    groups: dict[str, str],
    sheet: str | None = None,
    fields: frozenset[str] | None = None,
) -> ParseResult:
    """Read a list of households (one per row) from the first sheet that has one, or from `sheet`.
    `fields` limits the columns read (the others are ignored as if unknown); fields of EXTRA_FIELDS come
    back raw in HouseholdRow.extra for the caller to interpret."""
    book = _Book(data, filename)
    accept = _accept_fields(fields)
    if sheet is not None:
        all_names = book.sheets(visible_only=False)
        name = _match_sheet(all_names, sheet)
        if name is None:
            shown = ", ".join(f"«{n}»" for n in book.sheets(visible_only=True)) or "(không có)"
            raise ImportFileError(MSG_SHEET_NOT_FOUND.format(sheet=sheet, names=shown))
        grid, merges = book.grid(name)
        header = accept(_find_header(grid, merges))
        if header is None:
            raise ImportFileError(MSG_NO_HEADER.format(where=f" trong trang «{name}»"))
    else:
        names = book.sheets(visible_only=True)
        if not names:
            raise ImportFileError(MSG_NO_SHEETS)
        for name in names:
            grid, merges = book.grid(name)
            header = accept(_find_header(grid, merges))
            if header is not None:
                break
        else:
            if all(not any(not _is_blank(v) for r in book.grid(n)[0] for v in r) for n in names):
                raise ImportFileError(MSG_NO_SHEETS)
            raise ImportFileError(MSG_NO_HEADER.format(where=""))
    try:
        return _RowParser(name, grid, merges, header, groups).run()
    except ImportFileError:
        raise
    except Exception as exc:  # pragma: no cover - a bug must not be a 500 for the user
        logger.exception("parse_households failed on %r", filename)
        raise ImportFileError(MSG_INTERNAL) from exc


def _accept_fields(fields: frozenset[str] | None):  # type: ignore[no-untyped-def]
    """-> a function keeping only the header columns of `fields` (all household fields when None)."""
    wanted = frozenset(FIELDS) if fields is None else fields | {"head_name"}

    def accept(header: _Header | None) -> _Header | None:
        if header is None:
            return None
        header.cols = {f: c for f, c in header.cols.items() if f in wanted}
        header.labels = {f: v for f, v in header.labels.items() if f in wanted}
        return header

    return accept


def _match_sheet(names: list[str], wanted: str) -> str | None:
    if wanted in names:
        return wanted
    w = _clean(wanted).casefold()
    for n in names:
        if _clean(n).casefold() == w:
            return n
    return None


# --------------------------------------------------------------------------
# The row loop
# --------------------------------------------------------------------------


class _RowParser:
    def __init__(self, sheet, grid, merges, header: _Header, groups) -> None:
        self.sheet = sheet
        self.grid = grid
        self.h = header
        self.resolver = _GroupResolver(groups)
        self.today = dt.date.today()
        self.mapped_cols = frozenset(header.cols.values())
        self._fill_vertical_merges(merges)

    def _fill_vertical_merges(self, merges) -> None:
        """A tall merged cell keeps its value in the top cell only: copy it down
        for the group/address columns (a tổ written once for several hộ)."""
        cols = {self.h.cols[f] for f in ("group", "address") if f in self.h.cols}
        if not merges or not cols:
            return
        grid = self.grid
        for (r1, c1), (r2, _c2) in merges:
            if c1 not in cols or r2 <= r1 or r1 < self.h.data_start:
                continue
            if r1 >= len(grid) or c1 >= len(grid[r1]):
                continue
            v = grid[r1][c1]
            if _is_blank(v):
                continue
            for r in range(r1 + 1, min(r2, len(grid) - 1) + 1):
                row = grid[r]
                if c1 >= len(row):  # rows are cut after their last value
                    row.extend([""] * (c1 + 1 - len(row)))
                if _is_blank(row[c1]):
                    row[c1] = v

    def run(self) -> ParseResult:
        h = self.h
        grid = self.grid
        width = h.width
        cols = h.cols
        c_name = cols.get("head_name", -1)
        c_code = cols.get("code", -1)
        c_group = cols.get("group", -1)
        c_addr = cols.get("address", -1)
        c_count = cols.get("member_count", -1)
        c_phone = cols.get("phone", -1)
        c_date = cols.get("moved_in", -1)
        c_note = cols.get("note", -1)
        extra_cols = [(f, c) for f, c in cols.items() if f in EXTRA_FIELDS]
        strong_cols = {c for c in (c_code, c_group, c_addr, c_count, c_phone) if c >= 0} | {c for _, c in extra_cols}
        lab = h.labels
        l_name = lab.get("head_name", _col_letter(c_name))
        l_group = lab.get("group", "Tổ dân phố")
        stt_cols = h.stt_cols
        resolver = self.resolver
        today = self.today

        rows: list[HouseholdRow] = []
        rejected: list[RowError] = []
        skipped: list[tuple[int, str]] = []
        seen_codes: dict[str, int] = {}
        group_cache: dict[str, tuple[str, str | None, str | None]] = {}
        section: tuple[str | None, str, int, str | None] | None = None
        footer = False

        last = len(grid) - 1
        while last >= h.data_start and not any(not _is_blank(v) for v in grid[last][:width]):
            last -= 1

        for ri in range(h.data_start, last + 1):
            rowno = ri + 1
            row = grid[ri]
            if len(row) > width:
                row = row[:width]
            cells = {}
            n_text = n_other = 0
            for c, v in enumerate(row):
                if v == "" or v is None:
                    continue
                t = type(v)
                if t is str:
                    s = v.strip()
                    if not s or (s[0] in _INVISIBLE_CHARS and not s.translate(_INVISIBLE).strip()):
                        continue
                    n_text += 1
                elif t is not float and t is not int:
                    n_other += 1
                cells[c] = v
            if not cells:
                skipped.append((rowno, SKIP_BLANK))
                continue

            name_v = cells.get(c_name)

            # -- rows that are not households ------------------------------------
            if n_text == 0 and n_other == 0:  # only numbers
                if _column_numbers(cells):
                    skipped.append((rowno, SKIP_COLUMN_NUMBERS))
                    continue
                if name_v is None and not (c_code in cells or c_phone in cells):
                    if set(cells) <= stt_cols:
                        skipped.append((rowno, SKIP_STT_ONLY))
                    else:
                        skipped.append((rowno, SKIP_NUMBERS))
                    continue
            elif (
                # fast path, the usual household row: a text name among numbers
                type(name_v) is str
                and n_text < len(cells)
                and not footer
                and not _is_total_label(name_v)
                and _HAS_LETTER.search(name_v)
            ):
                pass
            else:
                reason = self._special_row(cells, name_v, strong_cols, footer)
                if reason is not None:
                    kind, text = reason
                    if kind == "footer":
                        footer = True
                    elif kind == "section":
                        text, section = self._section(text, rowno)
                    skipped.append((rowno, text))
                    continue
                if set(cells) <= stt_cols:
                    skipped.append((rowno, SKIP_STT_ONLY))
                    continue

            # -- a household -------------------------------------------------------
            errors: list[tuple[str, str]] = []
            head_name = ""
            if name_v is None:
                errors.append((l_name, MSG_MISSING_NAME))
            elif type(name_v) is not str:
                errors.append((l_name, MSG_BAD_NAME.format(v=_quote(_text(name_v)))))
            else:
                head_name = _clean(name_v)
                if head_name in EXCEL_ERRORS:
                    errors.append((l_name, MSG_CELL_ERROR.format(v=head_name)))
                elif not _HAS_LETTER.search(head_name) or _PLACEHOLDER.match(head_name):
                    errors.append((l_name, MSG_BAD_NAME.format(v=_quote(head_name))))
                elif len(head_name) > 100:
                    errors.append((l_name, MSG_LONG_NAME.format(n=len(head_name), v=head_name[:40])))

            code = None
            v = cells.get(c_code)
            if v is not None:
                code = _text(v)
                if code in EXCEL_ERRORS:
                    errors.append((lab["code"], MSG_CELL_ERROR.format(v=code)))
                    code = None
                elif _is_nothing(code):
                    code = None
                elif len(code) > 50:
                    errors.append((lab["code"], MSG_CODE_LONG.format(v=_quote(code, 40))))
                    code = None
                else:
                    ck = code.casefold().replace(" ", "")
                    first = seen_codes.get(ck)
                    if first is None:
                        seen_codes[ck] = rowno
                    else:
                        errors.append((lab["code"], MSG_DUP_CODE.format(v=code, row=first)))

            group_key = None
            v = cells.get(c_group)
            if v is not None:
                hit = group_cache.get(v) if type(v) is str else None
                if hit is None:
                    group_raw = _text(v)
                    if group_raw in EXCEL_ERRORS:
                        hit = (group_raw, None, MSG_CELL_ERROR.format(v=group_raw))
                    else:
                        hit = (group_raw, *resolver.resolve(group_raw))
                    if type(v) is str and len(group_cache) < 10000:
                        group_cache[v] = hit
                group_raw, group_key, err = hit
                if err:
                    errors.append((l_group, err))
            elif section is not None:
                group_key, group_raw, srow, err = section
                if err:
                    errors.append((l_group, err + MSG_GROUP_FROM_SECTION.format(row=srow)))
            else:
                group_raw = ""

            v = cells.get(c_addr)
            address = "" if v is None else _text(v)
            if address in EXCEL_ERRORS:
                errors.append((lab["address"], MSG_CELL_ERROR.format(v=address)))

            member_count = None
            v = cells.get(c_count)
            if v is not None:
                member_count, ok = _parse_count(v)
                if not ok:
                    errors.append((lab["member_count"], MSG_COUNT.format(v=_quote(_text(v)))))

            phone = None
            v = cells.get(c_phone)
            if v is not None:
                phone, err = _parse_phone(v)
                if err:
                    errors.append((lab["phone"], err))

            moved_in = None
            v = cells.get(c_date)
            if v is not None:
                moved_in, err = _parse_date(v, today)
                if err:
                    errors.append((lab["moved_in"], err))

            v = cells.get(c_note)
            note = "" if v is None else _text(v)

            if errors:
                for col_label, msg in errors:
                    rejected.append(RowError(rowno, col_label, msg))
            else:
                rows.append(
                    HouseholdRow(
                        rowno,
                        code,
                        head_name,
                        group_raw,
                        group_key,
                        address,
                        member_count,
                        phone,
                        moved_in,
                        note,
                        {f: cells[c] for f, c in extra_cols if c in cells} if extra_cols else None,
                    )
                )

        return ParseResult(
            sheet=self.sheet,
            header_row=h.row + 1,
            columns=dict(h.labels),
            rows=rows,
            rejected=rejected,
            skipped=skipped,
        )

    def _special_row(self, cells, name_v, strong_cols, footer) -> tuple[str, str] | None:
        """Classify rows with text that are not households; None = a household."""
        cols = self.h.cols
        c_name = cols.get("head_name", -1)
        texts = [(c, v) for c, v in cells.items() if type(v) is str]
        # total / subtotal rows: a "Cộng…"/"Tổng…" label and no real head name
        for c, v in texts:
            if _is_total_label(v.strip()):
                if c == c_name:
                    # in the name column: a household has a phone or a code
                    if not (self._has(cells, "phone") or self._has(cells, "code")):
                        return "total", SKIP_TOTAL.format(v=_quote(_clean(v), 40))
                elif name_v is None:
                    return "total", SKIP_TOTAL.format(v=_quote(_clean(v), 40))
        all_text = len(texts) == len(cells)
        # repeated header (a printed table repeats its header on every page)
        if all_text and type(name_v) is str and _header_field(name_v) == "head_name":
            hits = sum(1 for _, v in texts if _header_field(v) not in (None, "_known"))
            if hits >= 2:
                return "header", SKIP_REPEATED_HEADER
        if _column_numbers(cells):
            return "colnum", SKIP_COLUMN_NUMBERS
        if all_text:
            matched = None
            kind = "footer"
            for c, v in texts:
                f = _fold(v)
                if _FOOTER_START.search(f):
                    matched = matched or v
                elif len(cells) == 1 and _NOTE_LINE.match(f):
                    matched, kind = v, "note"
                elif c == c_name or c in strong_cols:
                    matched = None
                    break
            if matched is not None:
                return kind, SKIP_FOOTER.format(v=_quote(_clean(matched), 40))
        # below the signatures: signers' names, titles… A row is still read as a
        # household when it has a head name and some household data.
        if footer and (name_v is None or not any(c in strong_cols for c in cells)):
            return "after", SKIP_AFTER_FOOTER
        # section title rows: one text cell, e.g. "TỔ DÂN PHỐ SỐ 1", "I. HỘ TẠM TRÚ"
        if len(cells) == 1 and all_text:
            ((c, v),) = texts
            s = _clean(v)
            if c == cols.get("group") and not s.isupper():
                return None  # a lone "Tổ 3" is a household row without its name
            mapped = c in self.mapped_cols
            title_pos = c in self.h.stt_cols or (not mapped and c < c_name)
            sec = self.resolver.section(s, c == c_name)
            if sec is not None and (sec[0] is not None or title_pos or s.isupper()):
                return "section", s
            if title_pos or (_ENUMERATOR.match(s) and s.isupper()):
                return "title", SKIP_SECTION.format(v=_quote(s, 40))
        return None

    def _has(self, cells, fld) -> bool:
        c = self.h.cols.get(fld)
        return c is not None and c in cells

    def _section(self, text: str, rowno: int):
        """-> (skip reason, (group key, group text, row, error)) for a section title row."""
        sec = self.resolver.section(text)
        key, err = sec if sec is not None else (None, None)
        name = _ENUMERATOR.sub("", text, count=1)
        return SKIP_SECTION.format(v=_quote(text, 40)), (key, name, rowno, err)


# --------------------------------------------------------------------------
# Template
# --------------------------------------------------------------------------

TEMPLATE_HEADERS = [
    ("STT", 6),
    ("Mã hộ", 13),
    ("Họ và tên chủ hộ", 26),
    ("Tổ dân phố", 20),
    ("Địa chỉ", 32),
    ("Số nhân khẩu", 12),
    ("Số điện thoại", 15),
    ("Ngày đến", 13),
    ("Ghi chú", 28),
]
TEMPLATE_EXAMPLE_NOTE = "Dòng ví dụ – hãy xoá trước khi nhập"


def build_template(groups: list[str]) -> bytes:
    """A downloadable .xlsx template: Vietnamese headers, one example row,
    a drop-down list of the groups, frozen header."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    from vanhoa.imports.xlsx import choice_list, restrict, save, template_header

    groups = [_clean(str(g)) for g in groups if _clean(str(g))]
    wb = Workbook()
    ws = wb.active
    ws.title = "Danh sách hộ"
    ncol = len(TEMPLATE_HEADERS)
    last = get_column_letter(ncol)
    ws["A1"] = "DANH SÁCH HỘ GIA ĐÌNH"
    ws["A1"].font = Font(bold=True, size=14)
    ws["A1"].alignment = Alignment(horizontal="center")
    ws.merge_cells(f"A1:{last}1")
    ws["A2"] = (
        "Mỗi hộ một dòng. Cột «Tổ dân phố» chọn trong danh sách; «Ngày đến» ghi dạng "
        "ngày/tháng/năm; «Số điện thoại» ghi đủ 10 số."
    )
    ws["A2"].font = Font(italic=True, size=10)
    ws.merge_cells(f"A2:{last}2")
    header_row = 3
    template_header(ws, header_row, TEMPLATE_HEADERS)
    example = [
        1,
        "HGĐ-00001",
        "Nguyễn Văn Anh",
        groups[0] if groups else "",
        "Số 12, đường Trần Phú",
        4,
        "0912345678",
        dt.date(2020, 3, 15),
        TEMPLATE_EXAMPLE_NOTE,
    ]
    ex_row = header_row + 1
    for i, v in enumerate(example, start=1):
        cell = ws.cell(row=ex_row, column=i, value=v)
        cell.font = Font(italic=True, color="7F7F7F")
    last_row = 5000
    for col, fmt in (("B", "@"), ("G", "@"), ("H", "DD/MM/YYYY")):
        for r in range(ex_row, ex_row + 200):
            ws[f"{col}{r}"].number_format = fmt
    ws.freeze_panes = ws.cell(row=header_row + 1, column=1)
    ws.auto_filter.ref = f"A{header_row}:{last}{header_row}"

    cells = f"{{col}}{ex_row}:{{col}}{last_row}"
    choice_list(ws, cells.format(col="D"), groups, title="Tổ dân phố không hợp lệ",
                error="Hãy chọn tổ dân phố trong danh sách.", promptTitle="Tổ dân phố",
                prompt="Chọn tổ dân phố trong danh sách")  # fmt: skip
    restrict(ws, cells.format(col="F"), title="Số nhân khẩu không hợp lệ",
             error="Số nhân khẩu phải là số nguyên dương.", type="whole", operator="greaterThan",
             formula1="0")  # fmt: skip
    restrict(ws, cells.format(col="H"), title="Ngày không hợp lệ",
             error="Ghi ngày dạng ngày/tháng/năm, ví dụ 15/03/2020.", type="date", operator="greaterThan",
             formula1="3653")  # fmt: skip

    return save(wb)


# --------------------------------------------------------------------------
# Cell helpers for importers reading HouseholdRow.extra
# --------------------------------------------------------------------------

cell_text = _text  # any cell as cleaned text
cell_date = _parse_date  # (value, today) -> (date | None, error | None)
fold_text = _fold  # lower case, no diacritics, đ→d, punctuation → space
quoted = _quote  # text shortened for a message
