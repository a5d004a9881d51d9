"""The main menu, organised by task. Each app registers its entries in its AppConfig.ready()."""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import NoReverseMatch, reverse


@dataclass(frozen=True)
class MenuItem:
    label: str
    url_name: str
    icon: str
    capability: str
    order: int = 100

    @property
    def url(self) -> str:
        try:
            return reverse(self.url_name)
        except NoReverseMatch:
            return "#"


_ITEMS: dict[str, MenuItem] = {}


def register(label: str, url_name: str, icon: str, capability: str, order: int = 100) -> None:
    _ITEMS[url_name] = MenuItem(label, url_name, icon, capability, order)


def items_for(caps: set[str]) -> list[MenuItem]:
    return sorted((i for i in _ITEMS.values() if i.capability in caps), key=lambda i: (i.order, i.label))
