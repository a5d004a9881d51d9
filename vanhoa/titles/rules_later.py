"""Rule data added after migration 0002 (whose historical models lack these fields): the shipped rule sets'
attendee roles (vanhoa.titles.attendance.ROLES) and the Giấy khen rules' meeting level and proposer. Written by
`rules_data.load_rules` for a new rule set and by migration 0007 for the existing ones."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from vanhoa.titles.rules_data import _n

# Fields added after migration 0002 (whose historical models lack them): set when the model has them.
COMMENDATION_LATER = {
    "nd122-2018/household/giay-khen": {
        "meeting_level": "group",
        "proposer": "Trưởng khu dân cư (Trưởng thôn, Tổ trưởng tổ dân phố)",
    },
    "nd122-2018/group/giay-khen": {"meeting_level": "ward", "proposer": "Ủy ban nhân dân cấp xã"},
}


def apply_later_fields(get_model: Callable[[str], Any], rs: Any) -> None:
    """A shipped rule set's attendee roles and its Giấy khen's meeting level and proposer."""
    from vanhoa.titles.attendance import ROLES

    if hasattr(rs, "attendee_roles") and rs.code in ROLES:
        rs.attendee_roles = _n(ROLES[rs.code])
        rs.save(update_fields=["attendee_roles"])
    CommendationRule = get_model("CommendationRule")  # noqa: N806
    for rule in CommendationRule.objects.filter(rule_set=rs):
        extra = COMMENDATION_LATER.get(rule.code)
        if extra and hasattr(rule, "meeting_level"):
            for k, v in _n(extra).items():
                setattr(rule, k, v)
            rule.save(update_fields=list(extra))
