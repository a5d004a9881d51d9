"""Objects for the URL walk: a notice of group 1 (2024) with one resident's opinion."""

from __future__ import annotations

from datetime import date
from typing import Any

from vanhoa.opinions import services as opinions
from vanhoa.testing.actors import TEST
from vanhoa.titles import services
from vanhoa.titles.rules_data import load_rules


def _decision(world: Any, notice: Any) -> int:
    """Group 1's 2024 list decided on 05/11/2024 (after the notice closed and the dossier was sent)."""
    services.close_public_notice(notice, actor=TEST, on=date(2024, 10, 26))
    services.submit_proposal(actor=TEST, title="gdvh", year=2024, unit=notice.unit, on=date(2024, 10, 28))
    decision = services.issue_decision(
        actor=TEST,
        title="gdvh",
        year=2024,
        ward=world.ward_2020,
        number="12",
        signed_on=date(2024, 11, 5),
        signer_name="Nguyễn Văn An",
    )
    return decision.pk


def samples(world: Any) -> dict[str, tuple[dict[str, Any], Any]]:
    load_rules()
    group = world.groups[0]
    world.household(group, "Lò Văn Niêm", since=date(2015, 1, 1))
    services.register_group_households(actor=TEST, group=group, year=2024, on=date(2024, 2, 10))
    services.record_review_meeting(
        actor=TEST,
        title="gdvh",
        year=2024,
        unit=group,
        held_on=date(2024, 10, 15),
        place="Nhà văn hóa",
        chair="Lò Văn Chủ Trì",
        invited=10,
        present=8,
        voting_method="show_of_hands",
    )
    notice = services.open_public_notice(
        actor=TEST, title="gdvh", year=2024, unit=group, opened_on=date(2024, 10, 16), place="Nhà văn hóa"
    )
    opinion = opinions.receive_opinion(
        notice,
        on=date(2024, 10, 17),
        sender_name="Lò Thị Góp",
        sender_group="Tổ 1",
        content="Ý kiến",
        candidacy_id=None,
    )
    return {
        "public-ward": ({"ward": world.ward.pk, "year": 2024}, world.ward),
        "public-notice": ({"pk": notice.pk}, group),
        "public-notice-print": ({"pk": notice.pk}, group),
        "opinion-settle": ({"pk": opinion.pk}, group),
        "public-decision": ({"pk": _decision(world, notice)}, world.ward),
    }
