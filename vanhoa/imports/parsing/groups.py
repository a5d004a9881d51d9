"""Resolving a written residential group ('TDP số 01', 'Thôn Nà Nọi', a section title) to the ward's own."""

from __future__ import annotations

import re

from vanhoa.imports.parsing.cells import _LETTER_DIGIT, _NON_WORD, _clean, _fold, _quote
from vanhoa.imports.parsing.messages import MSG_GROUP_AMBIGUOUS, MSG_GROUP_UNKNOWN

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


# The kinds of residential group as their names begin (longest first), for messages in the ward's own words.
_NAME_KINDS = ("tổ dân phố", "khu phố", "khối phố", "tiểu khu", "khu dân cư", "thôn", "bản", "làng", "ấp", "xóm",
               "buôn", "bon", "khóm", "khối", "khu", "tổ")


def _groups_word(names: list[str]) -> str:
    """What the ward's groups are called, from their names: "thôn, bản" for Thôn Nà Nọi and Bản Gia Khâu;
    "tổ dân phố" when no name says."""
    words: list[str] = []
    for name in names:
        low = name.casefold()
        kind = next((k for k in _NAME_KINDS if low == k or low.startswith(k + " ")), None)
        if kind is not None and kind not in words:
            words.append(kind)
    return ", ".join(words) or "tổ dân phố"


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
        self.word = _groups_word(list(self.groups.values()))

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
            return None, MSG_GROUP_UNKNOWN.format(word=self.word, v=_quote(s))
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
            return None, MSG_GROUP_UNKNOWN.format(word=self.word, v=_quote(s))
        names = " hoặc ".join(f"«{self.groups[k]}»" for k in keys)
        return None, MSG_GROUP_AMBIGUOUS.format(word=self.word, v=_quote(s), names=names)

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
