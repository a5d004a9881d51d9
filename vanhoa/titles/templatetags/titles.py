"""{% household_titles household %}: a household's titles year by year, with the decision of each."""

from typing import Any

from django import template

from vanhoa.accounts.permissions import Cap, has_cap
from vanhoa.titles import facts
from vanhoa.titles.choices import RECOGNISED, State
from vanhoa.titles.models import Candidacy

register = template.Library()


@register.inclusion_tag("titles/fragment_household_titles.html", takes_context=True)
def household_titles(context: dict[str, Any], household: Any) -> dict[str, Any]:
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not has_cap(user, Cap.TITLES_VIEW, household.group_id):
        return {"visible": False}
    rows = list(
        Candidacy.objects.filter(household=household)
        .select_related("title_type", "decision", "revoke_decision", "review_unit")
        .order_by("-year", "title_type__order")
    )
    latest = max((c.year for c in rows if c.state in RECOGNISED), default=None)
    carry = getattr(household, "streak_carry", None)
    return {
        "visible": True,
        "household": household,
        "rows": rows,
        "streak": facts.streak(household, latest) if latest else 0,
        "streak_year": latest,
        "recognised": RECOGNISED,
        "revoked": State.REVOKED,
        "can_carry": household.origin_id is not None
        and household.is_active
        and carry is None
        and has_cap(user, Cap.TITLES_REVIEW, household.ward_id),
        "carry": carry,
    }
