"""The words of a unit: what a commune and its residential groups are called, on pages and in documents.

A xã has thôn and bản, a phường has tổ dân phố, a thị trấn has khu phố or tổ dân phố, and one commune may
have groups of several kinds (a xã formed in 2025 from a xã and a thị trấn has thôn and tổ dân phố). Nothing a
person reads may say "phường" or "tổ dân phố" to a xã whose groups are thôn; this module is the one place that
knows the words. Everything takes a `Unit` (or its ``type_label``) and returns Vietnamese text.

    >>> from vanhoa.units.words import words_for, group_word, cultural_title
    >>> w = words_for(ward)                 # ward: Xã Cốc Pàng with Thôn Nà Nọi and Bản Khau Pàn
    >>> w.commune, w.Commune, w.whole       # "xã", "Xã", "Cả xã"
    >>> w.groups, w.Groups                  # "thôn, bản", "Thôn, bản"
    >>> w.add_group, w.all_groups           # "Thêm thôn, bản", "Tất cả thôn, bản"
    >>> w.cultural_groups                   # "Thôn, bản văn hóa" (the title, collectively)
    >>> group_word(group)                   # "bản" (one group's own word)
    >>> cultural_title(group, on=date(2026, 1, 1))   # "Thôn văn hóa" (NĐ 86/2023); "Bản văn hóa" in Lai Châu

A role's name in these words ("Trưởng ban / Phó Trưởng ban Chỉ đạo xã") is vanhoa.accounts.roles.role_label.

Pure functions of the type labels (`commune_word`, `group_word_of`, `groups_phrase`, `cultural_title_of`)
need no database; the `Unit` forms read the unit graph (`vanhoa.units.tree`, cached) for a commune's groups
and a group's province, so they cost no query per call once the graph is loaded.

Rules for the title of a group ("… văn hóa"):

* until 29/01/2024 (NĐ 122/2018/NĐ-CP) each kind had its own title: "Thôn văn hóa", "Làng văn hóa",
  "Ấp văn hóa", "Bản văn hóa", "Tổ dân phố văn hóa" (other urban kinds: "Tổ dân phố văn hóa", other rural
  kinds: "Thôn văn hóa");
* from 30/01/2024 (NĐ 86/2023/NĐ-CP, Điều 2) "thôn" covers thôn, làng, ấp, bản, buôn, bon, phum, sóc …
  and "tổ dân phố" covers tổ dân phố, khu phố, khối phố, khóm, tiểu khu …: the titles are "Thôn văn hóa" and
  "Tổ dân phố văn hóa", except where the province's own decision keeps its words (`PROVINCE_OWN_TITLES`,
  e.g. Lai Châu's "bản, tổ dân phố văn hóa").
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

from vanhoa.core.forms import current_words
from vanhoa.core.forms import localise_form as localise_form
from vanhoa.core.forms import localise_text as localise_text
from vanhoa.core.forms import reset_current as reset_current
from vanhoa.core.forms import set_current as set_current
from vanhoa.core.text import fold

# NĐ 86/2023/NĐ-CP in force: one title per family ("Thôn văn hóa", "Tổ dân phố văn hóa").
ND86_IN_FORCE = date(2024, 1, 30)

# Kinds of residential group (type_label, lower case) by family, NĐ 86/2023 Điều 2.
RURAL_GROUPS = ("thôn", "làng", "ấp", "bản", "buôn", "bon", "phum", "sóc", "xóm", "plei", "khu")
URBAN_GROUPS = ("tổ dân phố", "khu phố", "khối phố", "khóm", "tiểu khu", "tổ", "khu dân cư", "khối")

# The titles NĐ 122/2018 named one by one (until 29/01/2024).
ND122_OWN_TITLES = ("thôn", "làng", "ấp", "bản", "tổ dân phố")

# Provinces whose own decision names a kind's title with its own word after NĐ 86/2023 (folded province short
# name -> kinds). Lai Châu: "Quy định … danh hiệu … bản, tổ dân phố văn hóa" (shared/domain/legal-followup §5).
PROVINCE_OWN_TITLES: dict[str, tuple[str, ...]] = {"lai chau": ("bản",)}

# Commune kinds (type_label, lower case) and the urban ones (whose groups are by default tổ dân phố).
COMMUNE_KINDS = ("xã", "phường", "thị trấn", "đặc khu")
URBAN_COMMUNES = ("phường", "thị trấn")


def _label(unit_or_label: Any) -> str:
    label = unit_or_label if isinstance(unit_or_label, str) else getattr(unit_or_label, "type_label", "") or ""
    return " ".join(label.split()).lower()


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


# --- communes ---------------------------------------------------------------------------------------


def commune_word(unit_or_label: Any) -> str:
    """ "xã", "phường", "thị trấn", "đặc khu" (lower case); "xã, phường" when the kind is unknown."""
    label = _label(unit_or_label)
    return label if label in COMMUNE_KINDS else "xã, phường"


def is_urban_commune(unit_or_label: Any) -> bool:
    return _label(unit_or_label) in URBAN_COMMUNES


def whole_commune(unit_or_label: Any) -> str:
    """ "Cả xã", "Cả phường", "Cả thị trấn" (a filter or a total row over every group)."""
    return f"Cả {commune_word(unit_or_label)}"


# --- groups -----------------------------------------------------------------------------------------


def is_urban_group(unit_or_label: Any) -> bool:
    """True for tổ dân phố and its equivalents (khu phố, khối phố, khóm …), False for thôn, bản, làng …"""
    label = _label(unit_or_label)
    if label in URBAN_GROUPS:
        return True
    if label in RURAL_GROUPS:
        return False
    return label.startswith(("tổ", "khu phố", "khối"))


def group_word_of(unit_or_label: Any) -> str:
    """One group's own word, lower case: "thôn", "bản", "tổ dân phố", "khu phố"; "tổ" when unknown."""
    return _label(unit_or_label) or "tổ"


def groups_phrase(group_labels: Iterable[str], commune_label: str = "") -> str:
    """The groups of a commune together: "thôn", "thôn, bản", "tổ dân phố", "thôn, tổ dân phố".

    Kinds are named in the order thôn, bản, làng …, tổ dân phố, khu phố … (NĐ 86/2023's order), each once.
    With no group yet, the usual kind of the commune: thôn for a xã, tổ dân phố for a phường or thị trấn.
    """
    present = {_label(x) for x in group_labels if _label(x)}
    if not present:
        return "tổ dân phố" if is_urban_commune(commune_label) else "thôn"
    known = RURAL_GROUPS + URBAN_GROUPS
    ordered = [k for k in known if k in present] + sorted(present - set(known))
    return ", ".join(ordered)


def cultural_title_of(group_label: str, *, on: date | None = None, province: str = "") -> str:
    """The title a group is given: "Thôn văn hóa", "Bản văn hóa", "Tổ dân phố văn hóa" (see module docstring).

    ``province``: the group's province short name ("Lai Châu"), for the province's own words.
    """
    label = _label(group_label)
    family = "tổ dân phố" if is_urban_group(label) else "thôn"
    if on is not None and on < ND86_IN_FORCE:
        return _cap(label if label in ND122_OWN_TITLES else family) + " văn hóa"
    if label in PROVINCE_OWN_TITLES.get(fold(province).strip(), ()):
        return _cap(label) + " văn hóa"
    return _cap(family) + " văn hóa"


def cultural_titles_phrase(group_labels: Iterable[str], *, on: date | None = None, province: str = "",
                           commune_label: str = "") -> str:  # fmt: skip
    """The group title of a commune, collectively: "Thôn văn hóa", "Thôn, bản văn hóa", "Tổ dân phố văn hóa",
    "Thôn, tổ dân phố văn hóa" (each distinct title once, in `groups_phrase` order)."""
    labels = list(group_labels) or [groups_phrase([], commune_label)]
    words: list[str] = []
    for label in groups_phrase(labels, commune_label).split(", "):
        word = cultural_title_of(label, on=on, province=province).removesuffix(" văn hóa").lower()
        if word not in words:
            words.append(word)
    return _cap(", ".join(words)) + " văn hóa"


# --- from units (the unit graph) ---------------------------------------------------------------------


def _province_name(unit: Any, on: date | None) -> str:
    from vanhoa.units.tree import get_graph

    graph = get_graph()
    pid = graph.ancestor_on(unit.pk, on or date.today(), "province") if unit.pk else None
    node = graph.nodes.get(pid) if pid else None
    if node is None:
        return ""
    return node.name.removeprefix("Tỉnh ").removeprefix("Thành phố ")


def group_word(group: Any) -> str:
    """ "thôn", "bản", "tổ dân phố" … for one group (a Unit)."""
    return group_word_of(group)


def leader_of(group: Any) -> str:
    """The title of one group's head: "Tổ trưởng" (tổ dân phố, khu phố …), "Trưởng thôn", "Trưởng bản"."""
    word = group_word(group)
    return "Tổ trưởng" if is_urban_group(word) else f"Trưởng {word}"


def cultural_title(group: Any, on: date | None = None) -> str:
    """The title of this group on `on` (default today): "Thôn văn hóa", "Bản văn hóa", "Tổ dân phố văn hóa"."""
    return cultural_title_of(group.type_label, on=on, province=_province_name(group, on))


def group_labels(ward: Any, on: date | None = None) -> list[str]:
    """The type labels of the commune's groups existing on `on` (default: today's groups, or, for a commune
    that no longer exists, its groups on its last day)."""
    if ward is None or not getattr(ward, "pk", None):
        return []
    from vanhoa.units.tree import get_graph

    day = on or (ward.valid_to if ward.valid_to else date.today())
    graph = get_graph()  # the groups whose parent is the commune today, from the cached graph: no query
    nodes = (graph.nodes[c] for c in graph.children.get(ward.pk, ()) if c in graph.nodes)
    return sorted(n.type_label for n in nodes if n.parent_id == ward.pk and n.kind == "group" and n.active_on(day))


_GENERIC = re.compile(r"[Tt]ổ dân phố văn hóa|[Xx]ã, phường, thị trấn|[Xx]ã, phường|[Tt]ổ dân phố|\bTDP\b|[Pp]hường")


@dataclass(frozen=True)
class UnitWords:
    """The words of one commune, ready for a template (``{{ words.groups }}``) or a document."""

    commune: str  # "xã"
    groups: str  # "thôn, bản"
    cultural_groups: str  # "Thôn, bản văn hóa"
    group_leader: str  # "Trưởng thôn, bản"

    @property
    def Commune(self) -> str:  # noqa: N802 - the capitalised form, as in templates
        return _cap(self.commune)

    @property
    def Groups(self) -> str:  # noqa: N802
        return _cap(self.groups)

    @property
    def whole(self) -> str:
        return f"Cả {self.commune}"

    @property
    def add_group(self) -> str:
        return f"Thêm {self.groups}"

    @property
    def all_groups(self) -> str:
        return f"Tất cả {self.groups}"

    @property
    def each_groups(self) -> str:
        """ "các thôn, bản" """
        return f"các {self.groups}"

    def localise(self, text: str) -> str:
        """A generic label in the words of this commune: "Tổ dân phố" → "Thôn, bản", "Các tổ dân phố" → "Các
        thôn, bản", "Tổ dân phố văn hóa" → "Thôn văn hóa", "xã, phường" / "phường" → "xã". For labels, help
        texts and empty choices, never for the names of units (which may really be "Tổ dân phố số 1")."""
        if not text or not isinstance(text, str):
            return text
        cultural = self.cultural_groups
        table = {
            "Tổ dân phố văn hóa": cultural,
            "tổ dân phố văn hóa": cultural[:1].lower() + cultural[1:],
            "Xã, phường, thị trấn": self.Commune,
            "xã, phường, thị trấn": self.commune,
            "Xã, phường": self.Commune,
            "xã, phường": self.commune,
            "Tổ dân phố": self.Groups,
            "tổ dân phố": self.groups,
            "TDP": self.Groups,
            "Phường": self.Commune,
            "phường": self.commune,
        }
        return _GENERIC.sub(lambda m: table[m.group(0)], text)  # one pass: a replacement is never replaced again


def words_of(commune_label: str, group_labels_: Iterable[str], *, on: date | None = None,
             province: str = "") -> UnitWords:  # fmt: skip
    """`UnitWords` from type labels alone (no database): ``words_of("Xã", ["Thôn", "Bản"])``."""
    labels = list(group_labels_)
    groups = groups_phrase(labels, commune_label)
    return UnitWords(
        commune=commune_word(commune_label),
        groups=groups,
        cultural_groups=cultural_titles_phrase(labels, on=on, province=province, commune_label=commune_label),
        group_leader=_leader(groups),
    )


def words_for(ward: Any, on: date | None = None) -> UnitWords:
    """The words of a commune (a Unit of kind commune; None: the neutral "xã, phường" and "thôn, tổ dân phố")."""
    if ward is None:
        return UnitWords("xã, phường", "thôn, tổ dân phố", "Thôn, tổ dân phố văn hóa", "Trưởng thôn, tổ trưởng")
    return words_of(ward.type_label, group_labels(ward, on), on=on, province=_province_name(ward, on))


def _leader(groups: str) -> str:
    """ "Trưởng thôn", "Trưởng thôn, bản", "Tổ trưởng tổ dân phố", "Trưởng thôn, tổ trưởng tổ dân phố"."""
    words = groups.split(", ")
    rural = [w for w in words if not is_urban_group(w)]
    urban = [w for w in words if is_urban_group(w)]
    parts = []
    if rural:
        parts.append("Trưởng " + ", ".join(rural))
    if urban:
        parts.append("Tổ trưởng " + ", ".join(urban) if parts == [] else "tổ trưởng " + ", ".join(urban))
    return ", ".join(parts)


# --- the words of the request ----------------------------------------------------------------------
# They live in vanhoa.core.forms (the form base must not depend on the unit graph) and are re-exported here for
# the middleware and the pages that localise a text.


def current() -> UnitWords | None:
    """The words of this request's work ward (None outside a request)."""
    words: UnitWords | None = current_words.get()
    return words
