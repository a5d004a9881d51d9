"""Every service re-checks the capability (the backstop, docs/conventions.md "Actors and the backstop check").

Given every public function of every `vanhoa/<app>/services.py` and `vanhoa/<app>/services/` package (found on
disk, so a new module or function is covered without touching this file), when it is called by a user who lacks
the capability, then it refuses with PermissionDenied before it touches anything. The other arguments are
stand-ins (MagicMock): a service checks the actor on the unit of what it was given, first thing, so it never
gets as far as using them. A function that needs no capability is listed below with the reason.
"""

from __future__ import annotations

import importlib
import inspect
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any
from unittest import mock

import pytest
from django.core.exceptions import PermissionDenied
from django.db import transaction

from vanhoa.core.actors import require

ROOT = Path(__file__).resolve().parents[2]  # vanhoa/

# Reads and computations: they change nothing; the pages that show their results start from visible_to().
READS = {
    "accounts.services": {
        "temporary_password", "may_grant", "grantable_roles", "assignable_units", "users_visible_to",
        "may_manage", "must_change_password",
    },
    "activities.services": {
        "check_ward", "check_past", "check_count", "check_plan_activity", "plan_activity_of", "check_files",
        "open_title_flags", "next_minutes_number",
    },
    "deadlines.services": {"settings_of"},
    "imports.services": {"inline_max_bytes", "importer_for", "check_target"},
    "opinions.services": {"is_receiving"},
    "plans.services": {"ward_name_day", "default_texts", "successor_ward"},
    "registry.services": {"next_household_code"},
    "reports.services": {"live_snapshot", "stale_figures", "is_supplement", "diff_snapshots"},
    "setup.services": {"has_users", "default_group_type", "parse_group_names", "username_for"},
    "titles.services.agencies": {
        "title_for", "periods", "standing", "history", "recognition_for_registration", "check_dossier",
        "decision_scope", "is_renewal", "standings",
    },
    "titles.services.commendation": {"commendation_rule_for", "plan_commendations", "eligible_by_unit", "rank_meeting"},
    "titles.services.common": {
        "title_type", "review_season", "ward_on", "unit_title", "province_code", "rule_set_for",
        "rule_set_or_none", "rule_sets_or_none", "rule_set_for_year", "decider_for", "issuer_unit", "group_on",
        "describe",
    },
    "titles.services.proposal": {"ready_for_proposal", "refuse_below_pass_mark"},
    "titles.services.review": {"reviewable", "meeting_defaults", "evaluate_entry"},
    "titles.services.rules": {"rule_set_unit", "may_edit_rule_set"},
}  # fmt: skip

# State changes that need no capability, each for its reason.
NO_CAPABILITY = {
    # A signed-in user changes his own password (the page is login_only; the old password is checked).
    "accounts.services.change_own_password": "the user himself, with his old password",
    "accounts.services.replace_temporary_password": "the user himself, at first login",
    # A resident sends an opinion on an open notice from its public page: nobody signs in.
    "opinions.services.receive_opinion": "the public page of an open notice",
    # The installation's first account, refused as soon as any account exists.
    "setup.services.create_first_admin": "refused once any account exists",
    # The import's background steps run as the job's own actor; the services they call check again.
    "imports.services.start_preview": "a step of create_job/choose_sheet (checked there) and of the worker",
    "imports.services.run_preview": "the worker's task body: reads the kept file, writes only the job's plan",
    "imports.services.run_commit": "the worker's task body: writes through the services, which check the job's actor",
}


# Services whose unit is known only after reading their arguments (a subject's group of that year): called with
# real objects of the world instead of stand-ins.
REAL_ARGUMENTS: dict[str, Callable[[Any], dict[str, Any]]] = {
    "titles.services.registration.register": lambda world: {
        "title": "gdvh",
        "year": 2024,
        "on": date(2024, 3, 1),
        "subjects": [world.household(world.groups[0], "Lò Văn Một")],
    },
}


def service_modules() -> list[str]:
    names = [f"vanhoa.{p.parent.name}.services" for p in ROOT.glob("*/services.py")]
    names += [f"vanhoa.{p.parent.parent.name}.services.{p.stem}" for p in ROOT.glob("*/services/*.py")]
    return sorted(n for n in names if not n.endswith("__init__"))


def public_functions() -> list[tuple[str, Any]]:
    found = []
    for name in service_modules():
        module = importlib.import_module(name)
        for attr, fn in vars(module).items():
            if not attr.startswith("_") and inspect.isfunction(fn) and fn.__module__ == name:
                found.append((f"{name.removeprefix('vanhoa.')}.{attr}", fn))
    return found


def stand_in(name: str) -> mock.MagicMock:
    """Any argument: its attributes are stand-ins too, and it iterates as two stand-ins (a list of subjects)."""
    m = mock.MagicMock(name=name)
    m.__iter__.side_effect = lambda: iter([stand_in(name + "[0]"), stand_in(name + "[1]")])
    return m


# Simple values, so that a service reaches the unit it checks (a title code, a year, a day).
VALUES: dict[str, Any] = {"title": "gdvh", "year": 2026}


def stand_in_arguments(fn: Any, actor: Any) -> dict[str, Any]:
    kwargs: dict[str, Any] = {}
    for p in inspect.signature(fn).parameters.values():
        if p.kind in (p.VAR_POSITIONAL, p.VAR_KEYWORD):
            continue
        if p.name == "actor":
            kwargs[p.name] = actor
        elif p.name in VALUES:
            kwargs[p.name] = VALUES[p.name]
        elif p.default is inspect.Parameter.empty:
            kwargs[p.name] = stand_in(p.name)
    return kwargs


def outcome(fn: Any, actor: Any, real: dict[str, Any] | None = None) -> str:
    """'refused', or what happened instead (the call runs in a savepoint that is rolled back)."""
    try:
        with transaction.atomic():
            try:
                fn(**({**real, "actor": actor} if real is not None else stand_in_arguments(fn, actor)))
            finally:
                transaction.set_rollback(True)
    except PermissionDenied:
        return "refused"
    except Exception as exc:  # noqa: BLE001 - the report names it
        return f"{type(exc).__name__}: {str(exc)[:120]}"
    return "done"


def test_the_modules_are_found():
    assert {"vanhoa.registry.services", "vanhoa.titles.services.registration"} <= set(service_modules())
    assert len(public_functions()) > 100


@pytest.mark.django_db
def test_every_service_refuses_a_user_without_the_capability(world):
    listed = {f"{m}.{f}" for m, names in READS.items() for f in names} | set(NO_CAPABILITY)
    failures = []
    for qualified, fn in public_functions():
        if qualified in listed:
            continue
        if "actor" not in inspect.signature(fn).parameters:
            failures.append(f"{qualified}: takes no actor (a state change needs one; a read goes in READS)")
            continue
        real = REAL_ARGUMENTS[qualified](world) if qualified in REAL_ARGUMENTS else None
        for persona in ("leader_group2", "city_viewer"):
            result = outcome(fn, world.users[persona], real)
            if result != "refused":
                failures.append(f"{qualified} by {persona}: {result}")
    assert not failures, "\n".join(failures)


def test_the_lists_name_only_functions_that_exist():
    existing = {q for q, _ in public_functions()}
    listed = {f"{m}.{f}" for m, names in READS.items() for f in names} | set(NO_CAPABILITY)
    assert listed | set(REAL_ARGUMENTS) <= existing, sorted(listed | set(REAL_ARGUMENTS) - existing)


@pytest.mark.django_db
def test_a_string_is_not_an_actor(world):
    with pytest.raises(TypeError):
        require("load_demo", "households.change", world.ward, what="sửa hộ")
