"""Derived facts: rates (GSO definition), streaks across a change of head, a split and a unit merger, the 15% cap
and the counter restart after a Giấy khen (title-cycle.md §4 examples 2–6)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from vanhoa.core.models import AuditEntry
from vanhoa.registry import services as registry
from vanhoa.testing.actors import TEST
from vanhoa.titles import facts, figures, services
from vanhoa.titles.choices import CommendationStatus, State
from vanhoa.titles.models import Candidacy, Commendation, CommendationRule
from vanhoa.titles.services import TitleError
from vanhoa.titles.services.commendation import RANK_ORDER
from vanhoa.titles.tests.conftest import recognise
from vanhoa.units import services as units

pytestmark = pytest.mark.django_db


# --------------------------------------------------------------------------- example 2: rate


def test_rate_is_recognised_over_all_resident_households_on_31_12_and_keeps_both_numbers(world, make_households):
    g = world.groups[2]
    hs = make_households(g, 10)
    recognise(hs[:7], [2020])
    # One recognised household left in June: it counts in neither number on 31/12.
    registry.change_household_status(hs[0], actor=TEST, status="moved_out", on=date(2020, 6, 1), reason="Chuyển đi")
    # One household arrived in 2021: not a resident of 2020.
    world.household(g, "Hà Văn Mới", since=date(2021, 3, 1))
    rate = figures.household_figures(g, 2020)
    assert (rate.recognised, rate.residents) == (6, 9)
    assert rate.pct == Decimal("66.7") and rate.text == "6/9 hộ (66,7%)"
    # The household that left was registered too, but registrations count among the residents only.
    assert figures.Records(2020, None, [g]).group_households(g.pk) == figures.HouseholdCount(9, 6, 6, 6, 0)


def test_example_2_ward_rate_1187_of_1206_is_98_4_percent():
    assert figures.HouseholdCount(152, recognised=147).text == "147/152 hộ (96,7%)"
    assert figures.HouseholdCount(1206, recognised=1187).text == "1.187/1.206 hộ (98,4%)"


# --------------------------------------------------------------------------- example 3: cap


def test_example_3_cap_is_15_percent_of_300_eligible_floor_45_and_52_proposed_keep_the_top_45_by_votes():
    assert facts.cap_count(300, 15, "floor") == 45
    assert facts.cap_count(301, 15, "floor") == 45  # 45,15 → 45
    assert facts.cap_count(303, 15, "half_up") == 45 and facts.cap_count(304, 15, "half_up") == 46  # 45,6
    assert facts.cap_count(301, 15, "ceil") == 46
    # 52 proposed: votes 100 down; places 44–47 have 30 votes each, so the cap line splits a tie.
    votes = [100 - i for i in range(43)] + [30, 30, 30, 30] + [20, 19, 18, 17, 16]
    items = [{"id": i, "votes": v, "registered": date(2020, 1, 1 + i % 28)} for i, v in enumerate(votes)]
    ranked = facts.rank_for_cap(items, 45, votes=lambda x: x["votes"], tie_key=lambda x: (x["registered"], x["id"]))
    assert len(ranked) == 52 and sum(r.within_cap for r in ranked) == 45
    assert [r.rank for r in ranked if r.within_cap] == list(range(1, 46))
    ties = [r for r in ranked if r.tie]
    assert [r.votes for r in ties] == [30, 30, 30, 30]
    assert [r.within_cap for r in ties] == [True, True, False, False]
    # Among the tied, the earlier registration goes first.
    assert [r.item["registered"] for r in ties] == sorted(r.item["registered"] for r in ties)
    assert not any(r.within_cap for r in ranked[45:])


def test_plan_commendations_counts_eligible_households_and_shows_ties(world, make_households):
    g = world.groups[0]
    hs = make_households(g, 22)
    recognise(hs[:20], [2018, 2019])
    cands = recognise(hs, [2020])
    # 20 households have 3 years → cap = floor(15% × 20) = 3; two of them get equal votes at the line.
    plan = services.plan_commendations(title="gdvh", ward=world.ward, year=2020)
    assert (plan.eligible, plan.cap) == (20, 3)
    votes = {c.pk: 30 - i for i, c in enumerate(cands[:20])}
    votes[cands[3].pk] = votes[cands[2].pk]
    meeting = services.record_commendation_meeting(
        actor=TEST,
        title="gdvh",
        year=2020,
        unit=g,
        held_on=date(2020, 11, 25),
        place="Nhà văn hóa",
        chair="Lò Văn Tổ",
        invited=35,
        present=30,
        voting_method="show_of_hands",
        votes=votes,
    )
    rows = list(meeting.commendations.order_by(*RANK_ORDER))
    assert [r.status == CommendationStatus.WITHIN_CAP for r in rows[:4]] == [True, True, True, False]
    assert [r.candidacy_id for r in rows if r.tie] == [cands[2].pk, cands[3].pk]
    # 30 present: 18 votes (60%) needed; 30…18 → 13 approved (3 within the cap, 10 over it), 17…11 → 7 not
    assert Commendation.objects.filter(status=CommendationStatus.OVER_CAP).count() == 10
    assert Commendation.objects.filter(status=CommendationStatus.NOT_APPROVED).count() == 7
    services.propose_commendations(meeting, actor=TEST, on=date(2020, 11, 26), proposer_name="Lò Văn Tổ")
    decision = services.issue_commendation_decision(
        actor=TEST,
        title="gdvh",
        ward=world.ward,
        year=2020,
        number="160",
        signed_on=date(2020, 12, 10),
        signer_name="Nguyễn Văn An",
    )
    assert decision.commendations.count() == 3
    assert AuditEntry.objects.filter(action="titles.commendation.awarded").count() == 3
    with pytest.raises(TitleError, match="Đã có quyết định tặng Giấy khen Gia đình văn hóa năm 2020"):
        services.propose_commendations(meeting, actor=TEST, on=date(2020, 11, 26), proposer_name="Lò Văn Tổ")


def test_no_giay_khen_rule_for_nd86_years(world):
    with pytest.raises(TitleError, match="không có quy định tặng Giấy khen"):
        services.plan_commendations(title="gdvh", ward=world.ward, year=2024)


def test_cap_rounding_is_a_flagged_setting_an_administrator_can_change(world, make_households):
    rule = CommendationRule.objects.get(code="nd122-2018/household/giay-khen")
    assert rule.is_unconfirmed("cap_rounding") and rule.cap_rounding == "floor"
    hs = make_households(world.groups[0], 10)
    recognise(hs, [2018, 2019, 2020])
    assert services.plan_commendations(title="gdvh", ward=world.ward, year=2020).cap == 1  # 1,5 → 1
    services.update_commendation_rule(rule, actor=world.users["system_admin"], cap_rounding="half_up")
    assert services.plan_commendations(title="gdvh", ward=world.ward, year=2020).cap == 2
    assert AuditEntry.objects.filter(action="titles.commendation_rule.updated").exists()


# --------------------------------------------------------------------------- example 4: counter restart


def test_example_4_after_a_giay_khen_for_2020_2022_the_2023_streak_is_1_not_4(world, make_households):
    (h,) = make_households(world.groups[0], 1)
    cands = recognise([h], [2019, 2020, 2021, 2022])
    assert facts.streak(h, 2022) == 4
    rule = CommendationRule.objects.get(code="nd122-2018/household/giay-khen")
    Commendation.objects.create(
        rule=rule,
        year=2022,
        candidacy=cands[-1],
        unit=cands[-1].unit,
        ward=cands[-1].ward,
        streak=3,
        window_from=2020,
        window_to=2022,
        status=CommendationStatus.AWARDED,
    )
    recognise([h], [2023])
    assert facts.streak(h, 2023) == 1
    assert facts.streak(h, 2022) == 4  # the year of the award itself still shows what it was based on
    assert facts.streak(h, 2023, restart=False) == 5
    assert facts.streaks_for_households([h.pk], 2023) == {h.pk: 1}


# --------------------------------------------------------------------------- example 5: change of head, split


def test_example_5_a_split_household_starts_at_zero_unless_the_officer_carries_the_streak(world):
    g = world.groups[0]
    h = world.household(g, "Lò Văn Páo", since=date(2010, 1, 1))
    recognise([h], [2018, 2019, 2020])
    # A change of head keeps the household row, so the streak.
    registry.update_household(h, actor=TEST, head_name="Lò Thị Páo")
    h.refresh_from_db()
    new = registry.split_household(h, actor=TEST, new_head_name="Lò Văn Sinh", member_count=2, on=date(2021, 3, 15))
    recognise([h, new], [2021])
    assert facts.streak(h, 2021) == 4
    assert facts.streak(new, 2021) == 1
    with pytest.raises(TitleError, match="không phải hộ được tách ra"):
        services.carry_streak(h, actor=TEST, reason="x", on=date(2021, 4, 1))
    with pytest.raises(TitleError, match="Lý do"):
        services.carry_streak(new, actor=TEST, reason="  ", on=date(2021, 4, 1))
    services.carry_streak(
        new, actor=world.users["front_officer"], reason="Con trưởng tiếp tục nếp nhà", on=date(2021, 4, 1)
    )
    assert facts.streak(new, 2021) == 4
    assert facts.streak(h, 2021) == 4  # the original keeps its own
    entry = AuditEntry.objects.get(action="titles.streak.carried")
    assert entry.note == "Con trưởng tiếp tục nếp nhà" and entry.actor == world.users["front_officer"]


# --------------------------------------------------------------------------- example 6: unit merger


def test_example_6_streaks_and_names_follow_the_lineage_after_the_2025_merger(world):
    g3 = world.groups[2]
    h = world.household(g3, "Vàng A Dình", since=date(2010, 1, 1))
    recognise([h], [2023, 2024])
    units.rename_unit(g3, new_name="Tổ dân phố số 12", effective=date(2025, 7, 1), actor=TEST)
    g3.refresh_from_db()
    (c2025,) = recognise([h], [2025])
    assert facts.streak(h, 2025) == 3
    c2020 = recognise([h], [2020])[0]
    assert c2020.ward == world.ward_2020 and c2025.ward == world.ward
    assert g3.name_on(date(2020, 11, 1)) == "Tổ dân phố số 3" and g3.name == "Tổ dân phố số 12"
    # Groups merged into a new one: the new group's title years include its predecessors'.
    g1, g2 = world.groups[0], world.groups[1]
    a = world.household(g1, "Lò Văn A", since=date(2010, 1, 1))
    recognise([g1, g2], [2023, 2024], title="tdpvh")
    merged = units.create_unit(
        actor=TEST,
        kind="group",
        name="Tổ dân phố số 20",
        short_name="Tổ dân phố số 20",
        type_label="Tổ dân phố",
        parent=world.ward,
        valid_from=date(2025, 7, 1),
    )
    units.merge_units([g1, g2], into=merged, effective=date(2025, 7, 1), actor=TEST)
    recognise([merged], [2025], title="tdpvh")
    assert facts.streak(merged, 2025) == 3
    # The ward's rate of 2025 rolls up the old rows of its groups.
    recognise([a], [2025])
    rate = figures.household_figures(world.ward, 2025, date(2025, 12, 31))
    assert rate.residents == 2 and rate.recognised == 2


def test_rules_shipped_cite_their_articles_and_flag_what_is_unconfirmed():
    from vanhoa.titles.models import Criterion, Exclusion, RuleSet

    codes = set(RuleSet.objects.values_list("code", flat=True))
    assert {
        "nd122-2018/household",
        "nd122-2018/group",
        "nd86-2023/household",
        "nd86-2023/group",
        "tt08-2014/agency",
        "provincial-lc/street",
    } <= codes
    assert not Criterion.objects.filter(source="").exists() and not Exclusion.objects.filter(source="").exists()
    nd86 = RuleSet.objects.get(code="nd86-2023/household")
    assert nd86.exclusions.count() == 4 and nd86.quorum_pct is None and nd86.public_notice_days == 10
    assert nd86.cutoff(2024) == date(2024, 11, 25) and nd86.publish_days == 15 and nd86.commendation is None
    group86 = RuleSet.objects.get(code="nd86-2023/group")
    assert set(group86.criteria.filter(unconfirmed=True).values_list("code", flat=True)) == {"III.3", "IV", "V"}
    nd122 = RuleSet.objects.get(code="nd122-2018/household")
    assert (nd122.quorum_pct, nd122.approval_pct, nd122.exclusions.count()) == (60, 60, 7)
    assert nd122.commendation.after_consecutive_years == 3 and nd122.commendation.cap_pct == 15
    assert RuleSet.objects.get(code="nd122-2018/group").commendation.after_consecutive_years == 5
    street = RuleSet.objects.get(code="provincial-lc/street")
    assert street.province_code == "12" and street.is_unconfirmed("legal_basis")


def test_regime_switch_and_deciders_by_date(world):
    g = world.groups[0]
    assert services.rule_set_for("gdvh", g, date(2024, 1, 29)).code == "nd122-2018/household"
    assert services.rule_set_for("gdvh", g, date(2024, 1, 30)).code == "nd86-2023/household"
    assert services.rule_set_for("tpvm", world.ward, date(2020, 5, 1)).code == "provincial-lc/street"
    assert services.rule_set_or_none("tpvm", world.other_ward, date(2020, 5, 1)) is None  # Điện Biên: not ours
    tt = services.title_type("tdpvh")
    assert services.decider_for(tt, date(2025, 6, 30)).level == "district"
    later = services.decider_for(tt, date(2025, 7, 1))
    assert later.level == "commune" and later.unconfirmed
    with pytest.raises(TitleError, match="Chưa có quy định xét tặng"):
        services.rule_set_for("gdvh", g, date(2017, 5, 1))


def test_an_administrator_edits_a_rule_set_and_it_is_audited(world):
    from django.core.exceptions import PermissionDenied

    from vanhoa.titles.models import RuleSet

    rs = RuleSet.objects.get(code="nd86-2023/household")
    with pytest.raises(PermissionDenied):
        services.update_rule_set(rs, actor=world.users["front_officer"], quorum_pct=Decimal(50))
    with pytest.raises(TitleError, match="phải từ 0 đến 100"):
        services.update_rule_set(rs, actor=world.users["system_admin"], quorum_pct=Decimal(150))
    services.update_rule_set(
        rs,
        actor=world.users["system_admin"],
        quorum_pct=Decimal(50),
        unconfirmed={"quorum_pct": "Theo quyết định của tỉnh (chưa xác minh)"},
    )
    rs.refresh_from_db()
    assert rs.quorum_pct == 50 and rs.is_unconfirmed("quorum_pct")
    entry = AuditEntry.objects.get(action="titles.rule_set.updated")
    assert entry.changes["quorum_pct"] == [None, "50"]
    assert Candidacy.objects.count() == 0 and State.REGISTERED
