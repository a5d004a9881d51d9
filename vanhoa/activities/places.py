"""Which ward a record belongs to, and which groups a ward had on a day (units change: phường Quyết Tiến
became part of phường Đoàn Kết on 01/07/2025, and its groups moved with it)."""

from __future__ import annotations

from datetime import date

from vanhoa.units.choices import UnitKind
from vanhoa.units.models import Unit
from vanhoa.units.tree import get_graph


class AmbiguousWard(LookupError):
    """Several predecessors of the work ward existed on that day; the message asks the user to pick one."""


def ward_for(work_ward: Unit, day: date) -> Unit | None:
    """The commune that held a record made on `day` under today's `work_ward`: the work ward itself while it
    existed, else the one predecessor that existed then (phường Quyết Tiến for a 2020 date). None when there
    is none; AmbiguousWard when several did (the user then picks one as the work ward in the top bar)."""
    if work_ward.is_active_on(day):
        return work_ward
    covered = get_graph().covered(work_ward.pk)
    found = [u for u in Unit.objects.filter(kind=UnitKind.COMMUNE, id__in=covered) if u.is_active_on(day)]
    if len(found) > 1:
        names = ", ".join(sorted(u.name for u in found))
        raise AmbiguousWard(
            f"Vào ngày {day:%d/%m/%Y}, {work_ward.name} chưa thành lập; các đơn vị tiền thân khi đó: {names}. Hãy "
            "chọn đúng đơn vị ở ô «Đơn vị» trên thanh điều hướng rồi ghi lại."
        )
    return found[0] if found else None


def ward_of_group(group: Unit, day: date) -> Unit | None:
    """The commune a residential group belonged to on `day`."""
    return group.ancestor_on(day, UnitKind.COMMUNE)


def groups_on(ward: Unit, day: date) -> list[Unit]:
    """The residential groups of the ward (or of the units it covers) that existed on `day`, in their order."""
    covered = get_graph().covered(ward.pk)
    groups = Unit.objects.filter(kind=UnitKind.GROUP, id__in=covered).order_by("order", "sort_key")
    return [g for g in groups if g.is_active_on(day)]


def existed_in(unit: Unit, year: int) -> bool:
    """Did the unit exist at some time in `year`?"""
    return (unit.valid_from is None or unit.valid_from <= date(year, 12, 31)) and (
        unit.valid_to is None or unit.valid_to >= date(year, 1, 1)
    )


def festival_day(year: int) -> date:
    return date(year, 11, 18)
