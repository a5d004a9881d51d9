"""Finding the header row of a household list (one or two rows, merged parent labels) and its columns."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from vanhoa.imports.parsing.cells import _clean, _fold, _is_blank
from vanhoa.imports.parsing.messages import HEADER_SCAN_ROWS

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
