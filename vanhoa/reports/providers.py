"""Figures that other apps hold, plugged into the indicators and the reports without importing those apps.

An app registers a provider in its AppConfig.ready():

    from vanhoa.reports import providers
    providers.register("activities", activity_counts, label="Hoạt động")

`register(…, money=fn_money)` may add a cheaper function that returns only the money keys (the dashboard's two
money cards read `collect(…, money_only=True)`; the reports read everything).

`fn(unit, date_from, date_to) -> dict` receives any unit (residential group, ward, city, province) and must roll
up through the unit tree itself (vanhoa.units.tree.get_graph().covered(unit.pk)). The dict maps a key to a number,
or to {"label": …, "value": …, "unit": …} for a key the reports do not know. Known keys:

* ``funds_raised``, ``funds_spent`` (Decimal, đồng): fill the funding indicators (first provider that has them);
* every other key is listed in the "Hoạt động" section of the reports (``LABELS`` names the usual ones).

Until a provider is registered, the funding indicators read "chưa có dữ liệu" and the section says so.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

logger = logging.getLogger(__name__)

FUNDS_RAISED = "funds_raised"
FUNDS_SPENT = "funds_spent"

#: Vietnamese names of the keys the activities app is expected to return.
LABELS: dict[str, str] = {
    "inspections": "Cuộc kiểm tra, giám sát",
    "inspected_groups": "Tổ dân phố được kiểm tra",
    "inspected_agencies": "Cơ quan, đơn vị được kiểm tra",
    "festivals": "Ngày hội Đại đoàn kết toàn dân tộc",
    "festival_groups": "Tổ dân phố tổ chức Ngày hội Đại đoàn kết",
    "trainings": "Lớp tập huấn",
    "trainees": "Lượt người được tập huấn",
    "outreach": "Buổi tuyên truyền",
    "participants": "Lượt người tham gia",
    FUNDS_RAISED: "Kinh phí huy động",
    FUNDS_SPENT: "Kinh phí đã chi",
}
MONEY_KEYS = {FUNDS_RAISED, FUNDS_SPENT}


Figure = Callable[[Any, date, date], dict[str, Any]]


@dataclass(frozen=True)
class Provider:
    key: str
    fn: Figure
    label: str
    money: Figure | None = None  # the money keys alone, cheaper (the dashboard's cards); None: `fn`


_PROVIDERS: dict[str, Provider] = {}


def register(key: str, fn: Figure, *, label: str = "", money: Figure | None = None) -> None:
    """Register (or replace) the provider `key`; `money`, if given, returns the same money keys as `fn` and
    nothing else."""
    _PROVIDERS[key] = Provider(key, fn, label or key, money)


def unregister(key: str) -> None:
    _PROVIDERS.pop(key, None)


def registered() -> dict[str, Provider]:
    return dict(_PROVIDERS)


@dataclass(frozen=True)
class Item:
    """One figure from a provider, ready to print."""

    key: str
    label: str
    value: Decimal | int | None
    unit: str = ""

    @property
    def is_money(self) -> bool:
        return self.key in MONEY_KEYS or self.unit == "đồng"


def _item(key: str, raw: Any) -> Item:
    if isinstance(raw, dict):
        return Item(key, str(raw.get("label") or LABELS.get(key, key)), raw.get("value"), str(raw.get("unit") or ""))
    return Item(key, LABELS.get(key, key), raw, "đồng" if key in MONEY_KEYS else "")


def collect(unit: Any, date_from: date, date_to: date, *, money_only: bool = False) -> dict[str, list[Item]]:
    """{provider key: its items} for a unit and a period. A failing provider is logged and left out, so a report
    can still be written; its key then maps to an empty list. `money_only`: the providers' money figures alone
    (for `money`), where a provider can give them alone."""
    out: dict[str, list[Item]] = {}
    for key, provider in sorted(_PROVIDERS.items()):
        fn = provider.money if money_only and provider.money is not None else provider.fn
        try:
            data = fn(unit, date_from, date_to) or {}
        except Exception:  # a broken provider must not break the reports
            logger.exception("report provider %s failed for %s", key, unit)
            out[key] = []
            continue
        out[key] = [_item(k, v) for k, v in data.items()]
    return out


def money(collected: dict[str, list[Item]], key: str) -> Decimal | None:
    """The first provider's value for a money key (funds_raised / funds_spent), or None when nobody gives it."""
    for items in collected.values():
        for item in items:
            if item.key == key and item.value is not None:
                return Decimal(str(item.value))
    return None
