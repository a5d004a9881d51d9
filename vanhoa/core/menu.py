"""The main menu, organised by task. Each app registers its entries in its AppConfig.ready()."""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import NoReverseMatch, get_script_prefix, reverse


@dataclass(frozen=True)
class MenuItem:
    label: str
    url_name: str
    icon: str
    capability: str
    order: int = 100
    section: str = ""  # entries of one section share a drop-down in the top bar

    @property
    def url(self) -> str:
        """Reversed once per process and script prefix (every page shows the menu)."""
        key = (self.url_name, get_script_prefix())
        found = _URLS.get(key)
        if found is None:
            try:
                found = reverse(self.url_name)
            except NoReverseMatch:
                found = "#"
            _URLS[key] = found
        return found


_URLS: dict[tuple[str, str], str] = {}


_ITEMS: dict[str, MenuItem] = {}


def register(label: str, url_name: str, icon: str, capability: str, order: int = 100, section: str = "") -> None:
    _ITEMS[url_name] = MenuItem(label, url_name, icon, capability, order, section)


def items_for(caps: set[str]) -> list[MenuItem]:
    return sorted((i for i in _ITEMS.values() if i.capability in caps), key=lambda i: (i.order, i.label))


@dataclass
class MenuEntry:
    """One place in the top bar: a single link, or a section's drop-down (when it has several links)."""

    label: str
    items: list[MenuItem]

    @property
    def single(self) -> MenuItem | None:
        return self.items[0] if len(self.items) == 1 else None


def entries(items: list[MenuItem]) -> list[MenuEntry]:
    """Group the (ordered) items by section, each section at the place of its first item."""
    out: list[MenuEntry] = []
    by_section: dict[str, MenuEntry] = {}
    for item in items:
        if not item.section:
            out.append(MenuEntry(item.label, [item]))
        elif item.section in by_section:
            by_section[item.section].items.append(item)
        else:
            by_section[item.section] = MenuEntry(item.section, [item])
            out.append(by_section[item.section])
    return out
