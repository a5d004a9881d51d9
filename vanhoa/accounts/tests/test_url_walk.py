"""Every URL of the app, for every persona: login redirect, 403, 404 or 200 exactly as the capability map says.

URLs are discovered from the resolver, so a new page is walked without touching this file. The expectation
comes from the view's declared capability (`@capability_required(Cap.X)`, `@login_only`, `@public`) and,
for URLs with kwargs, from the persona's scope on the unit of a sample object that the owning app provides
in `vanhoa/<app>/tests/samples.py`:

    def samples(world) -> dict[str, tuple[dict, Unit]]:   # url name -> (URL kwargs, the object's unit)

A dated record may add the day it happened, `(kwargs, unit, day)`: a viewer whose scope of that unit ended
before that day (permissions.scope_until) must get 404.

A page without kwargs that acts on the work ward (a "create" form, say) may also be listed, with empty kwargs
and the ward: `"agency-create": ({}, world.ward)`. Every persona works on world.ward (Phường Đoàn Kết) when
it is among their wards.

Expectations for a signed-in persona and capability C on a sample whose unit is U:
  - no C anywhere → 403;  C on U → 200;  C elsewhere but allowed to *look* at U (view_cap_for(C)) → 403;
    otherwise → 404 (the object is out of their scope: its existence is not even revealed).
POST-only views (state changes without a form page) keep their auth decorator OUTSIDE `require_POST`, so a
GET still gets the login redirect / 403 first; where the persona may act, a GET answers 405. Where the
persona must be refused by scope (403/404), the walk repeats the request as an empty POST and expects the
refusal there.

Besides the nine personas of the test world, one more: `officer_elsewhere`, union and culture officer of
another ward (Him Lam) and viewer of Tỉnh Lai Châu: the only way to be "in scope without the write
capability" for agencies and streets, so the 403 branch of get_for_user is walked too.

Skipped: the Django admin (its own permission system; see test_security.py), static/media files, and the
REST API under /api/ (namespace "api": token authentication, with its own scoping and capability tests in
vanhoa/api/tests/).

The walk is one test per app (APPS): the world, the samples and the sign-ins are made once for the app's
routes, each route runs in a savepoint rolled back after it, and every wrong answer of every route is listed.

Every refusal (403, 404) must be the friendly Vietnamese error page with the menu (vanhoa.core.errors), never
Django's technical page: the walk runs with DEBUG off, as every mode but an explicit DJANGO_DEBUG=1 does.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from http.cookies import SimpleCookie
from importlib import import_module
from importlib.util import find_spec
from typing import Any

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.db import transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.views.static import serve

from vanhoa.accounts.models import Membership
from vanhoa.accounts.permissions import Role, capabilities_of, has_cap, scope_until, view_cap_for
from vanhoa.testing.actors import TEST
from vanhoa.testing.world import PASSWORD, PERSONAS

LOGIN, PUBLIC, OK = "login redirect", "public", 200
INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.IGNORECASE)
INLINE_HANDLER = re.compile(r"<[^>]+\son[a-z]+\s*=", re.IGNORECASE)


@dataclass(frozen=True)
class Route:
    name: str  # the URL name ("ns:name" when namespaced), or the route itself for an unnamed URL
    route: str  # the pattern
    callback: Any
    has_kwargs: bool
    named: bool

    def __str__(self) -> str:
        return self.name


def _walk(patterns: list[Any], prefix: str = "", namespace: str = "") -> list[Route]:
    out: list[Route] = []
    for p in patterns:
        if isinstance(p, URLResolver):
            if p.namespace in ("admin", "api") or p.app_name in ("admin", "api"):
                continue
            ns = f"{namespace}{p.namespace}:" if p.namespace else namespace
            out += _walk(p.url_patterns, prefix + str(p.pattern), ns)
        elif isinstance(p, URLPattern):
            if p.callback is serve or getattr(p.callback, "__wrapped__", None) is serve:
                continue  # media files (development only)
            route = prefix + str(p.pattern)
            has_kwargs = bool(getattr(p.pattern, "converters", {})) or "(?P<" in route
            name = f"{namespace}{p.name}" if p.name else ""
            out.append(Route(name or route, route, p.callback, has_kwargs, bool(name)))
    return out


ROUTES = _walk(get_resolver().url_patterns)


@cache
def _sample_modules() -> dict[str, Any]:
    modules = {}
    for config in apps.get_app_configs():
        name = f"{config.name}.tests.samples"
        if config.name.startswith("vanhoa.") and find_spec(f"{config.name}.tests") and find_spec(name):
            modules[config.name] = import_module(name)
    return modules


def _sample_for(route: Route, world: Any, built: dict[str, Any] | None = None) -> tuple[dict[str, Any], Any]:
    """(kwargs, unit) from the app owning the view, else from any app; ({}, None) for a page without kwargs
    that no app lists. `built` keeps each app's samples once made (one world, many routes)."""
    modules = _sample_modules()
    built = {} if built is None else built
    owner = next((app for app in modules if route.callback.__module__.startswith(app + ".")), None)
    ordered = ([owner] if owner else []) + [app for app in modules if app != owner]
    for app in ordered if route.has_kwargs else ordered[:1] if owner else []:
        if app not in built:
            built[app] = modules[app].samples(world)
        found = built[app]
        if route.name in found:
            return found[route.name]
    if not route.has_kwargs:
        return {}, None
    pytest.fail(
        f"URL {route.route} ({route.name}) takes arguments but no app gives a sample for it: add "
        f"'{route.name}': (kwargs, unit) to vanhoa/<app>/tests/samples.py (see this module's docstring)."
    )


def _officer_elsewhere(world: Any) -> Any:
    user = get_user_model().objects.create_user(username="officer_elsewhere", password=PASSWORD)
    for role, unit in [
        (Role.UNION_OFFICER, world.other_ward),
        (Role.CULTURE_OFFICER, world.other_ward),
        (Role.VIEWER, world.province),
    ]:
        Membership.objects.create(user=user, unit=unit, role=role)
    return user


def _ward_wide(route: Route) -> bool:
    """Pages a samples module lists in VISIBLE_TO_GROUP_LEADERS_OF_THE_WARD: ward records (e.g. the plan)
    that the leaders of the ward's residential groups may read though their roles sit on a group."""
    return any(route.name in getattr(m, "VISIBLE_TO_GROUP_LEADERS_OF_THE_WARD", ()) for m in _sample_modules().values())


def _leads_a_group_of(user: Any, capability: str, unit: Any) -> bool:
    """The user holds a role bound to one of the unit's residential groups that gives the view capability."""
    view = view_cap_for(capability)
    return any(
        view in capabilities_of(m.role)
        for m in Membership.objects.filter(user=user, active=True, unit__parent=unit, unit__kind="group")
    )


def _after_the_scope_ended(user: Any, capability: str, unit: Any, day: Any) -> bool:
    """The record happened after the day the user's view of its unit ends (a viewer of an ended city)."""
    until = scope_until(user, view_cap_for(capability)).get(unit.pk) if day is not None else None
    return until is not None and day > until


def expectation(capability: str, user: Any, unit: Any, ward_wide: bool = False, day: Any = None) -> Any:
    if (
        ward_wide
        and user is not None
        and unit is not None
        and not has_cap(user, capability, unit)
        and _leads_a_group_of(user, capability, unit)
    ):
        return OK if view_cap_for(capability) == capability else 403
    if capability == "public":
        return PUBLIC
    if user is None:
        return LOGIN
    if capability == "login":
        return OK
    if not has_cap(user, capability):
        return 403
    if unit is not None and _after_the_scope_ended(user, capability, unit, day):
        return 404
    if unit is None or has_cap(user, capability, unit):
        return OK
    if has_cap(user, view_cap_for(capability), unit):
        return 403
    return 404


def _describe(response: Any) -> str:
    if response.status_code in (301, 302):
        return f"{response.status_code} → {response.headers.get('Location')}"
    return str(response.status_code)


def _check(expected: Any, response: Any, login_url: str) -> bool:
    status = response.status_code
    if expected == PUBLIC:
        return status in (200, 302)
    if expected == LOGIN:
        return status == 302 and response.headers.get("Location", "").startswith(login_url + "?next=")
    if expected == OK:
        return status in (200, 405)  # 405: a POST-only view, the persona got past every check
    return status == expected


def _not_friendly(response: Any, signed_in: bool) -> str:
    """Why a refusal is not the friendly Vietnamese error page with the menu (vanhoa.core.errors), or ""."""
    html = response.content.decode(errors="replace")
    if "technical_404" in html or "Traceback" in html or "Using the URLconf" in html:
        return "is Django's technical page"
    if f'data-error="{response.status_code}"' not in html:
        return "is not the friendly error page"
    if signed_in and 'id="menu"' not in html:
        return "has no menu"
    return ""


def test_the_walk_finds_the_pages_of_every_app():
    names = {r.name for r in ROUTES}
    assert {"home", "login", "household-list", "household-detail", "unit-detail", "user-list", "audit-log"} <= names
    assert not any(r.route.startswith("quan-tri-he-thong/") for r in ROUTES)


def _app_of(route: Route) -> str:
    """The label of the app holding the view (for a view of a library, its top package)."""
    config = apps.get_containing_app_config(route.callback.__module__)
    return config.label if config else route.callback.__module__.split(".")[0]


# The walk is one test per app: the world, the samples and the ten sign-ins are made once for all the app's
# routes instead of once per route (they were most of a route's time).
APPS: dict[str, list[Route]] = {}
for _route in ROUTES:
    APPS.setdefault(_app_of(_route), []).append(_route)
WALKERS = [*PERSONAS, "officer_elsewhere"]


class _Visitor:
    """A persona's test client, signed in once (on the work ward). Each route starts it with the cookies it had
    just after signing in; the route's changes to the session row are rolled back with the route's data."""

    def __init__(self, user: Any, ward: Any) -> None:
        self.client = Client()
        if user is not None:
            self.client.force_login(user)
            session = self.client.session
            session["work_ward_id"] = ward.pk
            session.save()
        self.fresh = {key: morsel.value for key, morsel in self.client.cookies.items()}

    def start(self) -> Client:
        self.client.cookies = SimpleCookie(self.fresh)
        return self.client


def test_the_walk_takes_every_route_once():
    walked = [route for routes in APPS.values() for route in routes]
    assert len(walked) == len(ROUTES) and set(walked) == set(ROUTES)


def _route_problem(route: Route) -> str:
    """Why the route cannot be walked at all, or ""."""
    if getattr(route.callback, "capability", None) is None:
        return (
            f"The view of {route.route} ({route.callback.__module__}.{route.callback.__name__}) declares no"
            " capability: decorate it with @capability_required(Cap.X), @login_only or @public."
        )
    if not route.named and route.has_kwargs:
        return f"Give the URL {route.route} a name so samples can refer to it."
    return ""


def _answer_problems(persona: str, client: Client, url: str, expected: Any, signed_in: bool) -> list[str]:
    """What is wrong with the persona's answer for the URL (empty: as the capability map says)."""
    response = client.get(url)
    if response.status_code == 405 and expected in (403, 404):
        response = client.post(url, {})  # POST-only view: the scope check must refuse the action itself
    if not _check(expected, response, reverse("login")):
        return [f"{persona}: expected {expected}, got {_describe(response)}"]
    wrong = []
    if signed_in and response.status_code == 200 and "no-store" not in response.get("Cache-Control", ""):
        wrong.append(f"{persona}: no Cache-Control: no-store")  # #21 F10: nothing a signed-in user sees is cached
    if response.status_code in (403, 404):
        problem = _not_friendly(response, signed_in=signed_in)
        if problem:
            wrong.append(f"{persona}: {response.status_code} {problem}")
    if response.status_code == 200 and response.get("Content-Type", "").startswith("text/html"):
        html = response.content.decode()
        if INLINE_SCRIPT.search(html):
            wrong.append(f"{persona}: inline <script> (the CSP forbids it)")
        if INLINE_HANDLER.search(html):
            wrong.append(f"{persona}: inline event handler (the CSP forbids it)")
    return wrong


def _walk_route(
    route: Route, sample: tuple[Any, ...], world: Any, visitors: dict[str, _Visitor]
) -> tuple[list[str], int]:
    """Every persona on one route: what is wrong (one line per persona) and how many personas were checked.
    The route's requests run in a savepoint rolled back after it, so each route finds the data (and the
    sessions) it would find in a test of its own."""
    kwargs, unit, *dated = sample  # a sample may add the day its record happened
    url = reverse(route.name, kwargs=kwargs) if route.named else "/" + route.route
    capability = route.callback.capability
    wrong: list[str] = []
    checked = 0
    with transaction.atomic():
        for persona in WALKERS:
            user = world.users[persona]
            expected = expectation(capability, user, unit, _ward_wide(route), dated[0] if dated else None)
            try:
                wrong += _answer_problems(persona, visitors[persona].start(), url, expected, user is not None)
                checked += 1
            except Exception as exc:  # noqa: BLE001 - reported with the route; the savepoint is rolled back
                wrong.append(f"{persona}: raised {type(exc).__name__}: {exc}")
                break  # the transaction may be unusable until the rollback
        transaction.set_rollback(True)
    if wrong:
        wrong = [f"{url} ({route.name}, capability {capability}):", *(f"    {line}" for line in wrong)]
    return wrong, checked


@pytest.mark.slow
@pytest.mark.parametrize("app", sorted(APPS))
def test_every_url_answers_each_persona_as_the_capability_map_says(app, world):
    """Every route of the app × every persona of WALKERS; every wrong answer is listed, not only the first."""
    world.users["officer_elsewhere"] = _officer_elsewhere(world)  # before the samples, which may name every persona
    routes, built, samples, wrong, checked = APPS[app], {}, {}, [], 0
    for route in routes:  # every sample before any expectation: the tree and roles the whole walk sees
        problem = _route_problem(route)
        if problem:
            wrong.append(problem)
            continue
        try:
            samples[route] = _sample_for(route, world, built)
        except pytest.fail.Exception as exc:
            wrong.append(str(exc))
    visitors = {persona: _Visitor(world.users[persona], world.ward) for persona in WALKERS}
    for route, sample in samples.items():
        route_wrong, route_checked = _walk_route(route, sample, world, visitors)
        wrong, checked = wrong + route_wrong, checked + route_checked
    assert not wrong, f"{app}: " + "\n".join(wrong)
    assert checked == len(routes) * len(WALKERS), f"{app}: {checked} route × persona answers checked"


# --- documents: every kind and format follows the scope of the person asking (#21 F5) ---------------------

DOCUMENT_FORMATS = ("docx", "pdf", "xlsx")
NAMES = {0: "Lò Văn Nhất", 1: "Quàng Văn Nhì"}  # one household of group 1 and one of group 2


def _decided_year(world: Any) -> dict[str, Any]:
    """2026 in Phường Đoàn Kết: groups 1 and 2 registered, reviewed, posted and proposed; one decision for both."""
    from datetime import date

    from vanhoa.titles import services
    from vanhoa.titles.rules_data import load_rules

    load_rules()
    meetings = {}
    for index, name in NAMES.items():
        group = world.groups[index]
        world.household(group, name, since=date(2015, 1, 1))
        services.register_group_households(actor=TEST, group=group, year=2026, on=date(2026, 3, 1))
        meetings[index] = services.record_review_meeting(
            actor=TEST,
            title="gdvh",
            year=2026,
            unit=group,
            held_on=date(2026, 10, 15),
            place="Nhà văn hóa",
            chair="Lò Văn Tổ",
            present=20,
        )
        notice = services.open_public_notice(
            actor=TEST, title="gdvh", year=2026, unit=group, opened_on=date(2026, 10, 16), place="Nhà văn hóa"
        )
        services.close_public_notice(notice, actor=TEST, on=date(2026, 10, 26))
        services.submit_proposal(actor=TEST, title="gdvh", year=2026, unit=group, on=date(2026, 10, 27))
    decision = services.issue_decision(
        actor=TEST,
        title="gdvh",
        year=2026,
        ward=world.ward,
        number="88",
        signed_on=date(2026, 11, 2),
        signer_name="Nguyễn Văn An",
    )
    return {"meetings": meetings, "decision": decision}


def _text_of(response: Any) -> str:
    """What a downloaded file says (the XML of a DOCX/XLSX), or the page."""
    import io
    import zipfile

    data = b"".join(response.streaming_content) if response.streaming else response.content
    if "spreadsheet" in response.get("Content-Type", ""):
        from openpyxl import load_workbook

        book = load_workbook(io.BytesIO(data), read_only=True)
        return " ".join(str(v) for ws in book.worksheets for row in ws.iter_rows(values_only=True) for v in row if v)
    if data[:2] == b"PK":
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            return " ".join(z.read(n).decode("utf-8", "replace") for n in z.namelist() if n.endswith(".xml"))
    return data.decode("utf-8", "replace")


@pytest.mark.slow
@pytest.mark.parametrize("persona", ["ward_head", "front_officer", "leader_group1", "leader_group2", "city_viewer"])
def test_every_document_kind_and_format_holds_only_what_the_person_may_see(world, persona, monkeypatch):
    from vanhoa.documents import responses
    from vanhoa.titles.views.documents import DOCUMENT_KINDS

    # The PDF is the DOCX converted by the worker: check the document the PDF would be made from.
    monkeypatch.setattr(
        responses, "pdf_response", lambda request, doc, *, filename, title: responses.download(doc.to_bytes(), filename)
    )
    cycle = _decided_year(world)
    user = world.users[persona]
    client = Client()
    client.force_login(user)
    session = client.session
    session["work_ward_id"], session["work_year"] = world.ward.pk, 2026
    session.save()
    visible = {i for i, g in enumerate(world.groups[:2]) if has_cap(user, "households.view", g)}
    queries = [
        {},
        {"group": world.groups[0].pk},
        {"group": world.groups[1].pk},
        {"meeting": cycle["meetings"][1].pk},
        {"decision": cycle["decision"].pk},
    ]
    leaks, seen = [], set()
    for kind in DOCUMENT_KINDS:
        for fmt in DOCUMENT_FORMATS:
            for query in queries:
                url = reverse("titles-document", kwargs={"kind": kind})
                response = client.get(url, {**query, "format": fmt, "nam": 2026})
                if response.status_code != 200:
                    assert response.status_code in (403, 404), f"{kind} {fmt} {query}: {response.status_code}"
                    continue
                text = _text_of(response)
                for index, name in NAMES.items():
                    if name in text:
                        seen.add(index)
                        if index not in visible:
                            leaks.append(f"{kind}.{fmt} {query}: «{name}» (group {index + 1})")
    for url in (reverse("export-households"), reverse("festival-xlsx")):  # the other lists that name households
        response = client.get(url, {"nam": 2026, "group": world.groups[1].pk})
        if response.status_code == 200:
            text = _text_of(response)
            leaks += [f"{url}: «{name}»" for i, name in NAMES.items() if name in text and i not in visible]
    assert not leaks, f"{persona} got households outside their scope:\n  " + "\n  ".join(leaks)
    assert seen == visible, f"{persona} should find the households of groups {visible} in some document, found {seen}"
