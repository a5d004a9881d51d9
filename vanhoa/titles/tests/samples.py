"""URL-walk samples: one object per title URL, made in Tổ dân phố số 1 (world.groups[0]) or Phường Đoàn Kết."""

from __future__ import annotations

from datetime import date
from typing import Any

from vanhoa.registry import services as registry
from vanhoa.registry.models import Street
from vanhoa.testing.actors import TEST
from vanhoa.titles import services
from vanhoa.titles.models import Candidacy, RuleSet
from vanhoa.titles.rules_data import load_rules

YEAR = 2026  # reviewed in Phường Đoàn Kết (the groups moved there on 01/07/2025)


def build_cycle(world: Any) -> dict[str, Any]:
    """A 2026 cycle of group 1 under NĐ 86/2023: registered, reviewed, posted, proposed, decided."""
    load_rules()  # shipped by a data migration, but a transactional test may have flushed them
    g1 = world.groups[0]
    a = world.household(g1, "Lò Văn Mẫu", since=date(2015, 1, 1))
    world.household(g1, "Lò Thị Mẫu", since=date(2015, 1, 1))
    services.register_group_households(actor=TEST, group=g1, year=YEAR, on=date(YEAR, 3, 1))
    meeting = services.record_review_meeting(
        actor=TEST,
        title="gdvh",
        year=YEAR,
        unit=g1,
        held_on=date(YEAR, 10, 15),
        place="Nhà văn hóa",
        chair="Lò Văn Tổ",
        present=20,
    )
    notice = services.open_public_notice(
        actor=TEST,
        title="gdvh",
        year=YEAR,
        unit=g1,
        opened_on=date(YEAR, 10, 16),
        place="Nhà văn hóa tổ dân phố số 1",
    )
    services.close_public_notice(notice, actor=TEST, on=date(YEAR, 10, 26))
    proposal = services.submit_proposal(actor=TEST, title="gdvh", year=YEAR, unit=g1, on=date(YEAR, 10, 27))
    decision = services.issue_decision(
        actor=TEST,
        title="gdvh",
        year=YEAR,
        ward=world.ward,
        number="88",
        signed_on=date(YEAR, 11, 2),
        signer_name="Nguyễn Văn An",
    )
    agency = registry.create_agency(actor=TEST, ward=world.ward, name="Trường Mầm non Mẫu", kind="don_vi", group=g1)
    street = Street.objects.get(
        pk=registry.create_street(actor=TEST, ward=world.ward, name="Đường Trần Phú", groups=[g1]).pk
    )
    return {
        "group": g1,
        "household": a,
        "meeting": meeting,
        "notice": notice,
        "proposal": proposal,
        "decision": decision,
        "street": street,
        "agency": agency,
        "candidacy": Candidacy.objects.get(household=a, year=YEAR),
    }


def samples(world: Any) -> dict[str, tuple[dict[str, Any], Any]]:
    o = build_cycle(world)
    g1, ward = o["group"], world.ward
    unit_kwargs = {"title": "gdvh", "unit": g1.pk}
    return {
        "titles-cycle": (unit_kwargs, g1),
        "titles-register": (unit_kwargs, g1),
        "titles-meeting-start": (unit_kwargs, g1),
        "titles-notice-open": (unit_kwargs, g1),
        "titles-proposal-submit": (unit_kwargs, g1),
        "titles-commendation-meeting": (unit_kwargs, g1),
        "titles-meeting": ({"pk": o["meeting"].pk}, g1),
        "titles-notice": ({"pk": o["notice"].pk}, g1),
        "titles-proposal": ({"pk": o["proposal"].pk}, g1),
        "titles-candidacy": ({"pk": o["candidacy"].pk}, g1),
        "titles-carry-streak": ({"pk": o["household"].pk}, g1),
        "titles-decision": ({"pk": o["decision"].pk}, ward),
        "titles-commendations": ({}, ward),
        "titles-decide": ({"title": "gdvh"}, ward),
        "titles-street-commitments": ({"pk": o["street"].pk}, ward),
        "titles-agency": ({"pk": o["agency"].pk}, ward),
        "titles-document": ({"kind": "title-registration"}, ward),
        "titles-rule-edit": ({"pk": RuleSet.objects.get(code="nd86-2023/household").pk}, ward),
    }
