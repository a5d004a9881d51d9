"""The ward and year a user is working on, chosen in the top bar and kept in the session.

Every request carries it as `request.work` (WorkContextMiddleware). Views say so in their signature:
`def page(request: SignedInRequest) -> HttpResponse` (a view behind @capability_required or @login_only), or
`WorkRequest` where the visitor may be anonymous; the type checker then knows `request.work.ward` is a
`Unit | None` and `request.user` a `User`."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING

from django.conf import settings
from django.contrib.auth.models import User
from django.http import HttpRequest

from vanhoa.accounts.permissions import Cap, scope_unit_ids
from vanhoa.core import clock
from vanhoa.units.choices import UnitKind
from vanhoa.units.models import Unit
from vanhoa.units.tree import get_graph, per_graph, units_copied

if TYPE_CHECKING:
    from vanhoa.core.scoping import AnyUser


def today() -> date:
    """Today: the one clock (vanhoa.core.clock; tests patch it, or django.utils.timezone.localdate)."""
    return clock.today()


def default_year() -> int:
    return settings.VANHOA_DEFAULT_YEAR or today().year


@dataclass
class WorkContext:
    year: int
    ward: Unit | None
    wards: list[Unit] = field(default_factory=list)

    @property
    def ward_id(self) -> int | None:
        return self.ward.pk if self.ward else None

    @property
    def years(self) -> list[int]:
        return list(range(today().year + 1, 2017, -1))


class WorkRequest(HttpRequest):
    """A request as the views see it: with the ward and year the user works on (WorkContextMiddleware)."""

    work: WorkContext


class SignedInRequest(WorkRequest):
    """A request of a signed-in user: every view behind @capability_required or @login_only."""

    user: User


def wards_for(user: AnyUser) -> list[Unit]:
    """Communes the user can work on: those under their roles, and the wards of the groups they lead."""
    ids = scope_unit_ids(user, Cap.UNITS_VIEW)
    qs = Unit.objects.filter(kind=UnitKind.COMMUNE)
    if ids is not None and not ids:
        return []

    def read() -> list[Unit]:
        if ids is None:
            return list(qs.order_by("valid_to", "sort_key")[:200])
        nodes = get_graph().nodes  # the groups' wards from the cached unit graph, not another query
        groups = (nodes.get(i) for i in ids)
        parent_ids = {n.parent_id for n in groups if n is not None and n.kind == UnitKind.GROUP}
        return list(qs.filter(id__in=set(ids) | parent_ids).select_related("parent").order_by("valid_to", "sort_key"))

    # Read from the units alone: kept with the unit graph (every page's top bar asks), copied for the request.
    return units_copied(per_graph(("wards_for", ids), read))


def build(request: HttpRequest) -> WorkContext:
    try:
        year = int(request.session.get("work_year") or default_year())
    except (TypeError, ValueError):
        year = default_year()
    if not request.user.is_authenticated:
        return WorkContext(year=year, ward=None)
    wards = wards_for(request.user)
    chosen = request.session.get("work_ward_id")
    ward = next((w for w in wards if w.pk == chosen), None)
    if ward is None and wards:
        current = [w for w in wards if w.valid_to is None]
        ward = (current or wards)[0]
    return WorkContext(year=year, ward=ward, wards=wards)
