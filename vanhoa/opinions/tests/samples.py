"""Objects for the URL walk: a notice of group 1 (2024) with one resident's opinion."""

from __future__ import annotations

from datetime import date
from typing import Any

from vanhoa.opinions import services as opinions
from vanhoa.titles import services
from vanhoa.titles.rules_data import load_rules


def samples(world: Any) -> dict[str, tuple[dict[str, Any], Any]]:
    load_rules()
    group = world.groups[0]
    world.household(group, "Lò Văn Niêm", since=date(2015, 1, 1))
    services.register_group_households(actor="test", group=group, year=2024, on=date(2024, 2, 10))
    services.record_review_meeting(
        actor="test",
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
        actor="test", title="gdvh", year=2024, unit=group, opened_on=date(2024, 10, 16), place="Nhà văn hóa"
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
        "public-notice": ({"pk": notice.pk}, group),
        "public-notice-print": ({"pk": notice.pk}, group),
        "opinion-settle": ({"pk": opinion.pk}, group),
    }
