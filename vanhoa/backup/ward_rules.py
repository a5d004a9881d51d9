"""What a ward export holds: which models are the ward's own data, which are shared reference data (matched by
a natural key in the installation that loads the export, created only when missing), and which stay behind.

Every model of the installation is in exactly one of the three (a test checks it, so a new model is classified
when it is added).
"""

from __future__ import annotations

from django.db import models

from vanhoa.backup import tables

# Shared data: found again by these fields (foreign keys by their attname, compared after remapping).
REFERENCE_KEYS: dict[str, tuple[str, ...]] = {
    "auth.User": ("username",),
    "titles.TitleType": ("code",),
    "titles.RuleSet": ("code",),
    "titles.Criterion": ("rule_set_id", "code"),
    "titles.Exclusion": ("rule_set_id", "code"),
    "titles.DossierItem": ("rule_set_id", "code"),
    "titles.CommendationRule": ("code",),
    "units.Unit": (),  # units outside the ward: (code scheme, code), or kind + name + parent when uncoded
}
# The parts of a rule set that go with it when the loading installation lacks it.
RULE_SET_PARTS = ("titles.Criterion", "titles.Exclusion", "titles.DossierItem", "titles.CommendationRule")

# Installation-wide or transient data that a ward export leaves behind.
LEFT_BEHIND = {
    "admin.LogEntry",
    "auth.Permission",
    "auth.Group",
    "auth.Group_permissions",
    "auth.User_groups",
    "auth.User_user_permissions",
    "contenttypes.ContentType",
    "sessions.Session",
    "axes.AccessAttempt",
    "axes.AccessAttemptExpiration",
    "axes.AccessFailureLog",
    "axes.AccessLog",
    "django_tasks_database.DBTaskResult",
    "units.GraphVersion",
    "documents.PdfJob",
    "documents.PdfJob_requested_by",
    "api.ApiToken",
    "accounts.PasswordState",  # a loaded account starts without a pending temporary password
    "deadlines.ReminderSettings",  # and with the default reminders
    "titles.DeciderRule",
    "titles.CalendarDay",
    "activities.ChecklistTemplate",
    "activities.ChecklistItem",
}


def label(model: type[models.Model]) -> str:
    return model._meta.label


def owned_models() -> list[type[models.Model]]:
    """The ward's own data (units of the ward included), parents before children."""
    return [
        m
        for m in tables.backed_up_models()
        if label(m) not in LEFT_BEHIND and (label(m) not in REFERENCE_KEYS or label(m) == "units.Unit")
    ]


def reference_models() -> list[type[models.Model]]:
    return [m for m in tables.backed_up_models() if label(m) in REFERENCE_KEYS]


def relations(model: type[models.Model]) -> list[models.Field]:
    return [f for f in model._meta.concrete_fields if f.is_relation]


def file_fields(model: type[models.Model]) -> list[models.FileField]:
    return [f for f in model._meta.concrete_fields if isinstance(f, models.FileField)]
