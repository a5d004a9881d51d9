"""Aggregates for the committee above: households per ward and per group (no personal data)."""

from collections import defaultdict
from typing import Any

import ninja
from pydantic import Field

from vanhoa.accounts.permissions import Cap
from vanhoa.api.endpoints.households import resident_in
from vanhoa.api.framework import Id, QueryText, Router, Year, covered, resolve_units
from vanhoa.registry.choices import HouseholdStatus
from vanhoa.registry.rollup import household_counts
from vanhoa.units.models import Unit

router = Router(tags=["Số liệu tổng hợp"])


class GroupCount(ninja.Schema):
    group_id: int
    group_name: str
    households: int


class WardCount(ninja.Schema):
    ward_id: int
    ward_name: str
    households: int
    groups: list[GroupCount]


class HouseholdStatsOut(ninja.Schema):
    status: HouseholdStatus | None
    year: int | None
    total: int
    wards: list[WardCount] = Field(description="Theo thứ tự tên xã, phường; tổ dân phố theo thứ tự của phường")


class StatsFilters(ninja.Schema):
    unit: Id | None = Field(None, description="Tỉnh, xã, phường hoặc tổ (id); bỏ trống: mọi đơn vị bạn được xem")
    unit_code: QueryText | None = Field(None, description="Như unit nhưng theo mã: '12' hoặc '2025:03388'")
    status: HouseholdStatus | None = Field(HouseholdStatus.ACTIVE, description="Mặc định: hộ đang cư trú")
    year: Year | None = Field(None, description="Chỉ các hộ cư trú trong năm này")


@router.get(
    "/stats/households",
    cap=Cap.INDICATORS_VIEW,
    response=HouseholdStatsOut,
    summary="Số hộ theo xã, phường và tổ dân phố",
)
def household_stats(request: Any, filters: ninja.Query[StatsFilters]) -> dict[str, Any]:
    ids = resolve_units(filters.unit, filters.unit_code)
    counts = household_counts(
        request.user,
        group_ids=covered(ids) if ids is not None else None,
        status=filters.status,
        extra_filter=resident_in(filters.year) if filters.year else None,
    )
    unit_ids = {w for w, _ in counts} | {g for _, g in counts}
    units = {u.pk: u for u in Unit.objects.filter(pk__in=unit_ids).only("id", "name", "sort_key", "order")}
    per_ward: dict[int, list[tuple[int, int]]] = defaultdict(list)
    for (ward, group), n in counts.items():
        per_ward[ward].append((group, n))
    wards = []
    for ward_id in sorted(per_ward, key=lambda w: (units[w].sort_key, w)):
        groups = sorted(per_ward[ward_id], key=lambda g: (units[g[0]].order, units[g[0]].sort_key, g[0]))
        wards.append(
            {
                "ward_id": ward_id,
                "ward_name": units[ward_id].name,
                "households": sum(n for _, n in groups),
                "groups": [{"group_id": g, "group_name": units[g].name, "households": n} for g, n in groups],
            }
        )
    return {"status": filters.status, "year": filters.year, "total": sum(counts.values()), "wards": wards}
