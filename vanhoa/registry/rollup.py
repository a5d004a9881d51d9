"""Counting households per ward and per residential group, for a ward, a city or a whole province.

One grouped query through visible_to: the cost grows with the number of households, never with the number
of wards or groups (no query per unit).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db.models import Count

from vanhoa.accounts.permissions import Cap
from vanhoa.registry.choices import HouseholdStatus
from vanhoa.registry.models import Household


def household_counts(
    user: Any,
    *,
    group_ids: Iterable[int] | None = None,
    status: str | None = HouseholdStatus.ACTIVE,
    cap: Cap = Cap.INDICATORS_VIEW,
    extra_filter: Any = None,
) -> dict[tuple[int, int], int]:
    """{(ward_id, group_id): number of households} the user may count, optionally within `group_ids`."""
    qs = Household.objects.visible_to(user, cap)
    if group_ids is not None:
        qs = qs.filter(group__in=group_ids)
    if status:
        qs = qs.filter(status=status)
    if extra_filter is not None:
        qs = qs.filter(extra_filter)
    rows = qs.order_by().values_list("ward_id", "group_id").annotate(n=Count("id"))
    return {(ward, group): n for ward, group, n in rows}
