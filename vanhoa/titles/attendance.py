"""Who attends a meeting in which capacity, as each rule set requires (data), and what the screen and the
minutes make of it.

A role: {code, label, chair (chairs the meeting), required (the minutes must name someone), many (several
people, e.g. the đoàn thể), source}. The roles of a rule set are `RuleSet.attendee_roles`; the shipped ones are
ROLES below (written by `rules_data.load_rules` and migration 0006). An administrator may change them.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from django.db.models import Model

ND86_K1 = "NĐ 86/2023 Điều 8 khoản 1"
ND122_K2 = "NĐ 122/2018 Điều 9 khoản 2"
ND122_15 = "NĐ 122/2018 Điều 15"


def _role(
    code: str, label: str, source: str, *, chair: bool = False, required: bool = True, many: bool = False
) -> dict[str, Any]:
    return {"code": code, "label": label, "chair": chair, "required": required, "many": many, "source": source}


ROLES: dict[str, list[dict[str, Any]]] = {
    "nd86-2023/household": [
        _role("leader", "Trưởng thôn, Tổ trưởng tổ dân phố (chủ trì)", ND86_K1, chair=True),
        _role("front", "Trưởng ban Công tác Mặt trận (cùng chủ trì)", ND86_K1),
        _role("unions", "Đại diện các đoàn thể", ND86_K1, many=True),
    ],
    "nd122-2018/household": [
        _role("party", "Đại diện cấp ủy (chi bộ)", ND122_K2),
        _role("leader", "Trưởng khu dân cư (Trưởng thôn, Tổ trưởng tổ dân phố) – chủ trì", ND122_K2, chair=True),
        _role("front", "Trưởng ban Công tác Mặt trận", ND122_K2),
        _role("unions", "Đại diện các ngành, đoàn thể", ND122_K2, many=True),
    ],
    "nd122-2018/group": [
        _role("chairman", "Chủ tịch Ủy ban nhân dân cấp xã (chủ trì)", ND122_15, chair=True),
        _role("front", "Chủ tịch Ủy ban Mặt trận Tổ quốc cấp xã", ND122_15),
        _role("unions", "Đại diện các ban, ngành, đoàn thể", ND122_15, many=True),
        _role("group_fronts", "Trưởng ban Công tác Mặt trận các khu dân cư", ND122_15, many=True, required=False),
    ],
}
# The households' own representatives are counted (số người dự họp), not named.
HOUSEHOLDS_NOTE = {
    "nd122-2018/household": "Đại diện các hộ gia đình được đề nghị bình xét",
    "nd86-2023/household": "Đại diện các hộ gia đình trong thôn, tổ dân phố",
}
SLOTS_FOR_MANY = 3


@dataclass
class Role:
    code: str
    label: str
    chair: bool
    required: bool
    many: bool
    source: str


def roles_of(rule_set: Any) -> list[Role]:
    out = []
    for r in getattr(rule_set, "attendee_roles", None) or []:
        out.append(
            Role(
                code=str(r["code"]),
                label=str(r["label"]),
                chair=bool(r.get("chair")),
                required=bool(r.get("required", True)),
                many=bool(r.get("many")),
                source=str(r.get("source", "")),
            )
        )
    return out


def clean_lines(rule_set: Any, lines: Iterable[Mapping[str, Any]]) -> list[dict[str, str]]:
    """The posted people, kept in the rule set's order of roles: blank names dropped, an unknown role refused
    (ValueError with a Vietnamese message), one person for a role that is not `many`."""
    from vanhoa.core.text import nfc

    roles = {r.code: r for r in roles_of(rule_set)}
    order = list(roles)
    seen: dict[str, int] = {}
    out = []
    for line in lines:
        name = nfc(str(line.get("name") or "")).strip()
        position = nfc(str(line.get("position") or "")).strip()
        code = str(line.get("role") or "")
        if not name:
            continue
        role = roles.get(code)
        if role is None:
            raise ValueError(f"Thành phần «{code}» không có trong quy định áp dụng; hãy tải lại trang.")
        seen[code] = seen.get(code, 0) + 1
        if seen[code] > 1 and not role.many:
            raise ValueError(f"{role.label}: chỉ ghi một người.")
        if len(name) > 120 or len(position) > 200:
            raise ValueError(f"{role.label}: họ tên hoặc chức vụ quá dài.")
        out.append({"role": code, "name": name, "position": position})
    out.sort(key=lambda x: order.index(x["role"]))
    return out


def missing(rule_set: Any, lines: Iterable[Mapping[str, Any]]) -> list[Role]:
    """Required roles nobody was written down for."""
    have = {str(x["role"]) for x in lines if str(x.get("name") or "").strip()}
    return [r for r in roles_of(rule_set) if r.required and r.code not in have]


def missing_text(rule_set: Any, lines: Iterable[Mapping[str, Any]]) -> str:
    gaps = missing(rule_set, lines)
    if not gaps:
        return ""
    names = "; ".join(r.label for r in gaps)
    sources = sorted({r.source for r in gaps if r.source})
    return f"Thành phần dự họp: chưa ghi {names}" + (f" ({', '.join(sources)})." if sources else ".")


def write(owner: Model, lines: list[dict[str, str]], rule_set: Any, *, field: str = "meeting") -> None:
    """Replace the owner meeting's attendees with `lines` (already cleaned)."""
    from vanhoa.titles.models import MeetingAttendee

    labels = {r.code: r.label for r in roles_of(rule_set)}
    MeetingAttendee.objects.filter(**{field: owner}).delete()
    MeetingAttendee.objects.bulk_create(
        [
            MeetingAttendee(
                **{field: owner},
                role=x["role"],
                role_label=labels.get(x["role"], x["role"]),
                name=x["name"],
                position=x.get("position", ""),
                order=i,
            )
            for i, x in enumerate(lines)
        ]
    )


def lines_of(owner: Any) -> list[dict[str, str]]:
    return [a.as_line() for a in owner.attendees.all()]


def previous_lines(meeting: Any) -> list[dict[str, str]]:
    """The people of the unit's last closed meeting on the same title before this year, for the roles the
    meeting's rule set still has ("last year's people prefilled"). Empty when there is none."""
    from vanhoa.titles.choices import MeetingStatus
    from vanhoa.titles.models import ReviewMeeting

    last = (
        ReviewMeeting.objects.filter(
            title_type=meeting.title_type, unit=meeting.unit, year__lt=meeting.year, status=MeetingStatus.SUBMITTED
        )
        .order_by("-year", "-held_on", "-pk")
        .first()
    )
    if last is None:
        return []
    codes = {r.code for r in roles_of(meeting.rule_set)}
    return [x for x in lines_of(last) if x["role"] in codes]


def prefill(meeting: Any) -> list[dict[str, str]]:
    """What a new draft starts with: last year's people; else the chair in the chairing role."""
    lines = previous_lines(meeting)
    if lines:
        return lines
    chair_role = next((r for r in roles_of(meeting.rule_set) if r.chair), None)
    if chair_role is not None and meeting.chair:
        return [{"role": chair_role.code, "name": meeting.chair, "position": meeting.chair_position or ""}]
    return []


def slots(rule_set: Any, lines: list[dict[str, str]]) -> list[dict[str, Any]]:
    """The screen's rows: one per role (several for a `many` role: its people and empty rows to add more)."""
    out = []
    for role in roles_of(rule_set):
        people = [x for x in lines if x["role"] == role.code]
        count = max(len(people) + 1, SLOTS_FOR_MANY) if role.many else 1
        for i in range(count):
            person = people[i] if i < len(people) else {"name": "", "position": ""}
            out.append({"role": role, "first": i == 0, "name": person["name"], "position": person["position"]})
    return out


def minutes_text(rule_set: Any, lines: list[dict[str, str]]) -> list[str]:
    """The minutes' lines of "Thành phần": each role with its people, "……" where nobody was written down."""
    out = []
    for role in roles_of(rule_set):
        people = [x for x in lines if x["role"] == role.code]
        if not people and not role.required:
            continue
        names = ", ".join(x["name"] + (f" ({x['position']})" if x["position"] else "") for x in people)
        label = role.label.replace(" (chủ trì)", "").replace(" – chủ trì", "").replace(" (cùng chủ trì)", "")
        out.append(f"{label}: {names or '……………………'}.")
    return out
