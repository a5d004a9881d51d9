"""The roles a user holds on a unit, and their names in the words of that unit.

A role is bound to a unit (vanhoa.accounts.models.Membership); what it may do is in
vanhoa.accounts.permissions (ROLE_CAPABILITIES). Its name follows the unit's words (vanhoa.units.words): the
group leader of Bản Khau Pàn is "Trưởng bản / Ban công tác Mặt trận bản".
"""

from __future__ import annotations

from datetime import date

from django.db import models

from vanhoa.units.choices import UnitKind
from vanhoa.units.models import Unit
from vanhoa.units.words import UnitWords, current, group_word, is_urban_group, leader_of, words_for


class Role(models.TextChoices):
    SYSTEM_ADMIN = "system_admin", "Quản trị hệ thống"
    WARD_HEAD = "ward_head", "Trưởng ban / Phó Trưởng ban Chỉ đạo phường"
    FRONT_OFFICER = "front_officer", "Cán bộ Ủy ban MTTQ phường"
    UNION_OFFICER = "union_officer", "Cán bộ Công đoàn phường"
    CULTURE_OFFICER = "culture_officer", "Công chức Văn hóa - Xã hội"
    GROUP_LEADER = "group_leader", "Tổ trưởng / Ban công tác Mặt trận tổ dân phố"
    VIEWER = "viewer", "Ban Chỉ đạo cấp trên (chỉ xem)"


ROLE_PATTERNS = {
    "ward_head": "Trưởng ban / Phó Trưởng ban Chỉ đạo {commune}",
    "front_officer": "Cán bộ Ủy ban MTTQ {commune}",
    "union_officer": "Cán bộ Công đoàn {commune}",
    "group_leader": "{leader} / Ban công tác Mặt trận {groups}",
}


# Role names for a choice made before the unit is known (a role drop-down): "cấp xã" covers xã, phường and
# thị trấn (Luật Tổ chức chính quyền địa phương), "thôn, tổ" every residential group.
NEUTRAL_ROLE_LABELS = {
    "ward_head": "Trưởng ban / Phó Trưởng ban Chỉ đạo cấp xã",
    "front_officer": "Cán bộ Ủy ban MTTQ cấp xã",
    "union_officer": "Cán bộ Công đoàn cấp xã",
    "group_leader": "Trưởng thôn, tổ trưởng / Ban công tác Mặt trận thôn, tổ",
}


def role_label_in(role: str, words: UnitWords | None) -> str:
    """A role's name in the words of a commune (for a role drop-down of the work ward): "Trưởng ban / Phó Trưởng
    ban Chỉ đạo xã", "Trưởng thôn, bản / Ban công tác Mặt trận thôn, bản"; on a phường the usual names."""
    pattern = ROLE_PATTERNS.get(str(role))
    if pattern is None:
        return Role(role).label
    if words is None:
        return NEUTRAL_ROLE_LABELS[str(role)]
    kinds = words.groups.split(", ")
    leader = "Tổ trưởng" if all(is_urban_group(k) for k in kinds) else words.group_leader
    return pattern.format(commune=words.commune, leader=leader, groups=words.groups)


def current_role_label(role: str) -> str:
    """`role_label_in` with the request's words (vanhoa.units.middleware); the neutral name outside a request."""
    return role_label_in(role, current())


def role_label(role: str, unit: Unit | None = None, on: date | None = None) -> str:
    """A role's name in the words of the unit it is held on: "Trưởng ban / Phó Trưởng ban Chỉ đạo xã",
    "Trưởng bản / Ban công tác Mặt trận bản" (a group leader on Bản Khau Pàn). Roles without unit words
    (system administrator, culture officer, viewer) keep their label; without a unit, the neutral name
    ("… cấp xã")."""
    pattern = ROLE_PATTERNS.get(str(role))
    if pattern is None:
        return Role(role).label
    if unit is None:
        return NEUTRAL_ROLE_LABELS[str(role)]
    if unit.kind == UnitKind.GROUP:
        return pattern.format(commune="", leader=leader_of(unit), groups=group_word(unit))
    w = words_for(unit, on) if unit.kind == UnitKind.COMMUNE else words_for(None)
    return pattern.format(commune=w.commune, leader=w.group_leader, groups=w.groups)
