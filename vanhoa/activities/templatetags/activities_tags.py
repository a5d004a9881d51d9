"""Small pieces other apps' pages include (a line each in their templates):

    {% load activities_tags %}{% plan_activity_records activity %}   plans/activity_detail.html
    {% load activities_tags %}{% title_flags_for unit %}              units, agencies, households pages

Both read through visible_to() for the signed-in user.
"""

from __future__ import annotations

from typing import Any

from django import template
from django.urls import reverse

from vanhoa.accounts.permissions import Cap, has_cap
from vanhoa.activities.choices import EventKind, SubjectKind
from vanhoa.activities.models import Allocation, Contribution, Event, Expense, Festival, Inspection, TitleFlag
from vanhoa.plans.choices import ActivityCategory
from vanhoa.registry.models import Agency, Household
from vanhoa.units.words import localise_text

register = template.Library()


@register.inclusion_tag("activities/fragment_plan_activity_records.html", takes_context=True)
def plan_activity_records(context: dict[str, Any], activity: Any) -> dict[str, Any]:
    """The records that fulfil a plan activity, and buttons to add one from it (the link pre-filled)."""
    user = context["request"].user
    ward_id = activity.plan.ward_id
    records: list[tuple[str, str, str]] = []  # (kind, text, url)
    for i in Inspection.objects.visible_to(user, Cap.ACTIVITIES_VIEW).filter(activity=activity).select_related(
        "group", "agency"
    ):
        text = f"{i} – {i.get_status_display().lower()}"
        records.append(("Kiểm tra", text, reverse("inspection-detail", args=[i.pk])))
    for e in Event.objects.visible_to(user, Cap.ACTIVITIES_VIEW).filter(activity=activity):
        people = f", {e.attendance} người" if e.attendance else ""
        records.append((e.get_kind_display(), f"{e.held_on:%d/%m/%Y}: {e.topic}{people}",
                        reverse("event-detail", args=[e.pk])))
    festivals = list(Festival.objects.visible_to(user, Cap.ACTIVITIES_VIEW).filter(activity=activity)
                     .select_related("group"))
    for f in festivals:
        state = f"{f.held_on:%d/%m/%Y}, {f.participants or 0} người" if f.held else "không tổ chức"
        records.append(("Ngày hội", f"{f.group.name}: {state}", reverse("festival-detail", args=[f.pk])))
    money = []
    if has_cap(user, Cap.FUNDING_VIEW, ward_id):
        for model, label in ((Allocation, "Ngân sách"), (Contribution, "Ủng hộ"), (Expense, "Chi")):
            for obj in model.objects.visible_to(user, Cap.FUNDING_VIEW).filter(activity=activity):
                money.append((label, str(obj)))
    can_activities = has_cap(user, Cap.ACTIVITIES_CHANGE, ward_id)
    can_funding = has_cap(user, Cap.FUNDING_CHANGE, ward_id)
    query = f"?hoat-dong={activity.pk}&nam={activity.plan.year}"
    actions = []
    if can_activities:
        category = activity.category
        if category == ActivityCategory.INSPECTION:
            actions += [(localise_text("Kiểm tra tổ dân phố"), reverse("inspection-create") + query),
                        ("Kiểm tra cơ quan", reverse("inspection-create") + query + "&loai=co-quan")]
        elif category == ActivityCategory.TRAINING:
            actions.append(("Ghi nhận buổi tập huấn", reverse("training-create") + query))
        elif category == ActivityCategory.OUTREACH:
            actions.append(("Ghi nhận buổi tuyên truyền", reverse("outreach-create") + query))
    if activity.category == ActivityCategory.UNITY_FESTIVAL:
        actions.append(("Ngày hội ở các tổ", reverse("festival-list") + f"?nam={activity.plan.year}"))
    if can_funding:
        actions.append(("Ghi khoản chi", reverse("expense-create") + query))
    return {"records": records, "money": money, "actions": actions, "kinds": EventKind}


@register.inclusion_tag("activities/fragment_title_flags.html", takes_context=True)
def title_flags_for(context: dict[str, Any], subject: Any) -> dict[str, Any]:
    """Open title flags about a residential group, an agency or a household (empty for other units)."""
    user = context["request"].user
    qs = TitleFlag.objects.visible_to(user, Cap.ACTIVITIES_VIEW).open().select_related("inspection", "household")
    if isinstance(subject, Household):
        qs = qs.filter(subject_kind=SubjectKind.HOUSEHOLD, household=subject)
    elif isinstance(subject, Agency):
        qs = qs.filter(subject_kind=SubjectKind.AGENCY, agency=subject)
    elif getattr(subject, "kind", None) == "group":
        qs = qs.filter(group=subject)  # the group's own flags and those of its households
    else:
        qs = qs.none()
    return {"flags": list(qs)}
