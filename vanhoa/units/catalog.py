"""The official list of Vietnamese administrative units, before and after 1/7/2025, read-only and in memory.

Two schemes (a code means nothing without its scheme: codes were reused, 03388 was phường Quyết Tiến
before 1/7/2025 and is phường Đoàn Kết after):

* ``"pre2025"``: 63 provinces > 696 districts > 10,035 communes (xã / phường / thị trấn);
* ``"2025"``: 34 provinces > 3,321 communes (xã / phường / đặc khu), two levels.

plus the old -> new commune mapping. The data is ``data/admin_units.json.gz`` (about 150 KB), extracted
from the PyPI package ``vietnamadminunits`` by ``scripts/build_unit_catalog.py`` (see its docstring to
regenerate); that package is not needed at run time. Pure Python, no Django: usable from forms, commands
and tests alike. Loaded once, on first use.

    >>> u = get("pre2025", "03388")
    >>> u.name, u.short_name, u.type_label
    ('Phường Quyết Tiến', 'Quyết Tiến', 'Phường')
    >>> [a.name for a in ancestors("pre2025", "03388")]
    ['Tỉnh Lai Châu', 'Thành phố Lai Châu', 'Phường Quyết Tiến']
    >>> [s.name for s in successors("03388")]
    ['Phường Đoàn Kết']
"""

from __future__ import annotations

import gzip
import json
import re
from collections import defaultdict
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from vanhoa.core.text import fold, nfc, word_key

DATA_FILE = Path(__file__).resolve().parent / "data" / "admin_units.json.gz"

PRE2025 = "pre2025"
CURRENT = "2025"
SCHEMES = (PRE2025, CURRENT)
KINDS = ("province", "district", "commune")

# Type words that start official names; longest first so "Thị xã" is tried before a shorter word.
TYPE_WORDS = ("Thành phố", "Thị trấn", "Thị xã", "Đặc khu", "Phường", "Huyện", "Quận", "Tỉnh", "Xã")
# Extra search words for the usual abbreviations ("TP Lai Châu", "TX ...", "TT ..."); one-letter ones
# (P., Q., H., X.) already match as prefixes of the full word.
_ABBREVIATIONS = {"Thành phố": "tp", "Thị xã": "tx", "Thị trấn": "tt", "Đặc khu": "dk"}

# Successor link parts, as stored in the data file.
WHOLE, SPLIT_DEFAULT, SPLIT_PART = 0, 1, 2

_WORD = re.compile(r"[0-9a-z]+")
_NUMBER = re.compile(r"\d+")


@dataclass(frozen=True, slots=True)
class CatalogUnit:
    scheme: str  # "pre2025" | "2025"
    code: str  # zero-padded: province 2 digits, district 3, commune 5
    kind: str  # "province" | "district" | "commune"
    name: str  # full official name with its type word: "Phường Quyết Tiến"
    parent_code: str | None  # None for a province

    @property
    def type_label(self) -> str:
        """The type word of the name: "Phường", "Xã", "Thị trấn", "Thành phố", "Tỉnh", "Đặc khu"…"""
        for word in TYPE_WORDS:
            if self.name.startswith(word + " "):
                return word
        return ""

    @property
    def short_name(self) -> str:
        """The name without its type word ("Quyết Tiến"); numbered units keep it ("Phường 1", "Quận 10")."""
        word = self.type_label
        rest = self.name[len(word) + 1 :] if word else self.name
        return self.name if rest.isdigit() else rest


@dataclass(frozen=True, slots=True)
class _Catalog:
    units: dict[tuple[str, str], CatalogUnit]
    children: dict[tuple[str, str | None], list[CatalogUnit]]
    successors: dict[str, list[tuple[str, int]]]  # old code -> [(new code, part)], default first
    predecessors: dict[str, list[str]]  # new code -> old codes
    order: dict[tuple[str, str], int]  # position of each unit in alphabetical order
    source: dict[str, Any]
    schemes: dict[str, Any]


def _check_scheme(scheme: str) -> None:
    if scheme not in SCHEMES:
        raise ValueError(f"unknown scheme {scheme!r}; expected one of {SCHEMES}")


_word_key = cache(word_key)  # a few thousand distinct words among 14,000 names


def _text_key(value: str) -> tuple[object, ...]:
    """Word-by-word Vietnamese order, as vanhoa.core.text.text_key; numbers by value (Phường 2 < Phường 10)."""
    return tuple(_word_key(w) for w in _NUMBER.sub(lambda m: m.group().zfill(6), value).split())


def _sort_key(unit: CatalogUnit) -> tuple[object, ...]:
    """Vietnamese alphabetical order of the short name, then of the full name."""
    return _text_key(unit.short_name), _text_key(unit.name), unit.code


@cache
def _catalog() -> _Catalog:
    with gzip.open(DATA_FILE, "rt", encoding="utf-8") as fh:
        raw = json.load(fh)
    units: dict[tuple[str, str], CatalogUnit] = {}
    children: dict[tuple[str, str | None], list[CatalogUnit]] = defaultdict(list)
    for scheme, code, kind, name, parent in raw["units"]:
        unit = CatalogUnit(scheme, code, kind, name, parent)
        units[(scheme, code)] = unit
        children[(scheme, parent)].append(unit)
    order = {(u.scheme, u.code): i for i, u in enumerate(sorted(units.values(), key=_sort_key))}

    def position(unit: CatalogUnit) -> int:
        return order[(unit.scheme, unit.code)]

    for siblings in children.values():
        siblings.sort(key=position)
    successors: dict[str, list[tuple[str, int]]] = defaultdict(list)
    predecessors: dict[str, list[str]] = defaultdict(list)
    for old, new, part in raw["successors"]:
        successors[old].append((new, part))
        predecessors[new].append(old)
    for links in successors.values():
        links.sort(key=lambda link: (link[1] == SPLIT_PART, order[(CURRENT, link[0])]))
    for olds in predecessors.values():
        olds.sort(key=lambda c: order[(PRE2025, c)])
    return _Catalog(
        units=units,
        children=dict(children),
        successors=dict(successors),
        predecessors=dict(predecessors),
        order=order,
        source=raw.get("source", {}),
        schemes=raw.get("schemes", {}),
    )


def source() -> dict[str, Any]:
    """Where the data came from (package, version, files) and the schemes' labels and dates."""
    c = _catalog()
    return {"source": c.source, "schemes": c.schemes}


def get(scheme: str, code: str) -> CatalogUnit | None:
    """The unit with this code in this scheme, or None."""
    _check_scheme(scheme)
    return _catalog().units.get((scheme, str(code)))


def children(scheme: str, code: str | None = None) -> list[CatalogUnit]:
    """Units directly under ``code`` (None: the provinces), in Vietnamese alphabetical order of the short name."""
    _check_scheme(scheme)
    return list(_catalog().children.get((scheme, code), []))


def provinces(scheme: str) -> list[CatalogUnit]:
    return children(scheme, None)


def units(scheme: str | None = None, kind: str | None = None) -> list[CatalogUnit]:
    """Every unit, filtered by scheme and/or kind, in the data file's order (scheme, level, code)."""
    if scheme is not None:
        _check_scheme(scheme)
    return [
        u
        for u in _catalog().units.values()
        if (scheme is None or u.scheme == scheme) and (kind is None or u.kind == kind)
    ]


def ancestors(scheme: str, code: str) -> list[CatalogUnit]:
    """The chain from the province down to the unit itself (empty when the code is unknown)."""
    chain: list[CatalogUnit] = []
    unit = get(scheme, code)
    while unit is not None:
        chain.append(unit)
        unit = _catalog().units.get((scheme, unit.parent_code)) if unit.parent_code else None
    chain.reverse()
    return chain


def full_label(scheme: str, code: str) -> str:
    """ "Phường Quyết Tiến, Thành phố Lai Châu, Tỉnh Lai Châu" (unit first, as in an address)."""
    return ", ".join(u.name for u in reversed(ancestors(scheme, code)))


def successors(old_code: str) -> list[CatalogUnit]:
    """The 2025 communes a pre-2025 commune went into (several when it was split; the default one first).

    For the five old island districts without communes (Bạch Long Vĩ, Cồn Cỏ, Hoàng Sa, Lý Sơn, Côn Đảo)
    pass the old district code.
    """
    c = _catalog()
    return [c.units[(CURRENT, new)] for new, _part in c.successors.get(str(old_code), [])]


def is_split(old_code: str) -> bool:
    """True when the old commune was divided between several new ones (so an address needs a choice)."""
    return any(part != WHOLE for _new, part in _catalog().successors.get(str(old_code), []))


def predecessors(new_code: str) -> list[CatalogUnit]:
    """The pre-2025 units (wholly or partly) merged into a 2025 commune, alphabetical."""
    c = _catalog()
    return [c.units[(PRE2025, old)] for old in c.predecessors.get(str(new_code), [])]


# --- search ------------------------------------------------------------------------------------------


def _words(name: str) -> tuple[str, ...]:
    words = _WORD.findall(fold(name))
    for type_word, abbr in _ABBREVIATIONS.items():
        if name.startswith(type_word + " "):
            words.append(abbr)
    return tuple(words)


@cache
def _search_index() -> list[tuple[CatalogUnit, tuple[str, ...], tuple[str, ...], str, str]]:
    """Per unit: its own words, its ancestors' words, folded short name and folded full name."""
    c = _catalog()
    own = {key: _words(u.name) for key, u in c.units.items()}
    index = []
    for key, u in c.units.items():
        above: list[str] = []
        parent = u.parent_code
        while parent:
            above.extend(own[(u.scheme, parent)])
            parent = c.units[(u.scheme, parent)].parent_code
        short, full = (" ".join(_WORD.findall(fold(n))) for n in (u.short_name, u.name))
        index.append((u, own[key], tuple(above), short, full))
    return index


def _has(words: tuple[str, ...], token: str) -> bool:
    return any(w.startswith(token) for w in words)


def _rank(tokens: list[str], own: tuple[str, ...], above: tuple[str, ...]) -> tuple[int, int] | None:
    """(words found only in the ancestors' names + 1, words matched only by their beginning), or None."""
    misses_own = prefix_only = 0
    for t in tokens:
        if t in own:
            continue
        if t in above:
            misses_own += 1
        elif _has(own, t):
            prefix_only += 1
        elif _has(above, t):
            misses_own += 1
            prefix_only += 1
        else:
            return None
    return 1 + misses_own, prefix_only


def search(q: str, scheme: str | None = None, kind: str | None = "commune", limit: int = 20) -> list[CatalogUnit]:
    """Accent- and case-insensitive search: "quyet tien", "Quyết Tiến", "P. Quyết Tiến, TP Lai Châu".

    Every word of the query must begin a word of the unit's name or of one of its ancestors' names
    ("quyet tien lai chau" finds only the Quyết Tiến of Lai Châu). Best first: the exact short or full
    name; then the fewest words that need the ancestors; then the fewest words matched only by their
    beginning; the 2025 scheme before pre2025; then alphabetical. ``kind=None`` searches every level.
    """
    if scheme is not None:
        _check_scheme(scheme)
    folded = " ".join(_WORD.findall(fold(nfc(q))))
    tokens = folded.split()
    if not tokens or limit <= 0:
        return []
    order = _catalog().order
    hits = []
    for unit, own, above, short, full in _search_index():
        if (scheme is not None and unit.scheme != scheme) or (kind is not None and unit.kind != kind):
            continue
        rank = (0, 0) if folded in (short, full) else _rank(tokens, own, above)
        if rank is not None:
            hits.append((rank, unit.scheme != CURRENT, order[(unit.scheme, unit.code)], unit))
    hits.sort(key=lambda h: h[:3])
    return [h[3] for h in hits[:limit]]
