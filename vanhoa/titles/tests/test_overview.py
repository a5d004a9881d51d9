"""What the title pages read (vanhoa.titles.overview): the groups and communes of a year, counts, the next step,
the deadlines of a cycle, who has not registered; read in bulk, so a page costs the same for 3 groups as for 8."""

from __future__ import annotations

from collections import Counter
from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from vanhoa.registry import services as registry
from vanhoa.testing.actors import TEST
from vanhoa.titles import overview, services
from vanhoa.titles.choices import ProposalStatus, State
from vanhoa.titles.models import Candidacy, RuleSet, TitleType
from vanhoa.titles.tests.conftest import recognise
from vanhoa.units import services as units
from vanhoa.units.choices import UnitKind
from vanhoa.units.tree import request_scope

pytestmark = pytest.mark.django_db


def gdvh() -> TitleType:
    return TitleType.objects.get(code="gdvh")


def review(group, year, held_on, **facts):
    return services.record_review_meeting(
        actor=TEST,
        title="gdvh",
        year=year,
        unit=group,
        held_on=held_on,
        place="Nhà văn hóa",
        chair="Lò Văn Chủ Trì",
        **({"invited": 10, "present": 8, "voting_method": "show_of_hands"} | facts),
    )


# --------------------------------------------------------------------------- units of a year


def test_groups_of_a_year_are_those_of_the_ward_and_its_predecessors_in_the_users_scope(world):
    ward_head, leader = world.users["ward_head"], world.users["leader_group1"]
    assert overview.groups_for_year(ward_head, world.ward, 2020) == world.groups
    assert overview.groups_for_year(leader, world.ward, 2020) == [world.groups[0]]
    assert overview.groups_for_year(ward_head, None, 2020) == []
    # A group closed in 2022 still shows for 2022, not for 2023.
    world.groups[2].valid_to = date(2022, 6, 30)
    world.groups[2].save()
    assert world.groups[2] in overview.groups_for_year(ward_head, world.ward, 2022)
    assert world.groups[2] not in overview.groups_for_year(ward_head, world.ward, 2023)


def test_the_commune_of_a_years_review_is_the_one_existing_on_1_november(world):
    ward_head = world.users["ward_head"]
    assert overview.wards_for_year(ward_head, world.ward, 2020) == [world.ward_2020]
    assert overview.wards_for_year(ward_head, world.ward, 2025) == [world.ward]  # merged on 01/07/2025
    assert overview.wards_for_year(world.users["leader_group1"], world.ward, 2020) == []  # not in a leader's scope
    assert overview.wards_for_year(ward_head, None, 2020) == []


# --------------------------------------------------------------------------- counts and the next step


@pytest.mark.parametrize(
    ("states", "notice", "expected"),
    [
        ({}, False, "Chưa đăng ký"),
        ({State.REGISTERED: 2, State.REVIEWED: 1}, False, "Chờ họp bình xét"),
        ({State.SELF_ASSESSED: 1}, False, "Chờ họp bình xét"),
        ({State.RETURNED: 1, State.REVIEWED: 3}, False, "Có hồ sơ bị trả lại"),
        ({State.REVIEWED: 3, State.NOT_PROPOSED: 1}, True, "Chờ niêm yết"),
        ({State.REVIEWED: 3}, False, "Chờ gửi hồ sơ đề nghị"),
        ({State.ON_NOTICE: 3}, True, "Đang niêm yết / chờ gửi hồ sơ"),
        ({State.PROPOSED: 3, State.DECIDED: 1}, True, "Chờ quyết định công nhận"),
        ({State.DECIDED: 3, State.CERTIFIED: 1}, True, "Chờ cấp giấy công nhận"),
        ({State.CERTIFIED: 3, State.NOT_PROPOSED: 1, State.WITHDRAWN: 1}, True, "Hoàn thành"),
    ],
)
def test_the_next_step_is_the_earliest_step_still_pending(states, notice, expected):
    rule_set = RuleSet(public_notice_days=10 if notice else None)
    assert overview.next_step(Counter(states), rule_set) == expected


def test_a_reviewed_list_waits_for_the_dossier_when_no_rule_set_is_known():
    assert overview.next_step(Counter({State.REVIEWED: 1}), None) == "Chờ gửi hồ sơ đề nghị"


def test_state_counts_come_by_title_and_review_unit_in_one_query(world, make_households):
    g1, g2 = world.groups[:2]
    make_households(g1, 3)
    make_households(g2, 1, prefix="Lò Thị")
    services.register_group_households(actor=TEST, group=g1, year=2020, on=date(2020, 2, 10))
    services.register_group_households(actor=TEST, group=g2, year=2020, on=date(2020, 2, 10))
    review(g2, 2020, date(2020, 11, 5))
    tt = gdvh()
    with CaptureQueriesContext(connection) as queries:
        counts = overview.state_counts([tt], 2020, world.groups)
    assert len(queries) == 1
    assert counts[(tt.pk, g1.pk)] == Counter({State.REGISTERED: 3})
    assert counts[(tt.pk, g2.pk)] == Counter({State.REVIEWED: 1})
    assert counts[(tt.pk, world.groups[2].pk)] == Counter()


def test_group_rows_carry_the_name_of_the_time_the_rate_and_the_next_step(world, make_households):
    g1, g2, g3 = world.groups
    units.rename_unit(g3, new_name="Tổ dân phố Quyết Tiến 3", effective=date(2026, 1, 1), actor=TEST)
    households = make_households(g1, 2)
    recognise(households[:1], [2020])
    make_households(g2, 2, prefix="Lò Thị")
    services.register_group_households(actor=TEST, group=g2, year=2020, on=date(2020, 2, 10))
    rows = {r.group.pk: r for r in overview.group_rows(gdvh(), world.groups, 2020)}
    assert rows[g3.pk].name == "Tổ dân phố số 3"  # the 2020 name, not today's
    assert rows[g1.pk].rate.recognised == 1 and rows[g1.pk].rate.residents == 2
    assert rows[g1.pk].next == "Chờ cấp giấy công nhận" and rows[g2.pk].next == "Chờ họp bình xét"
    assert rows[g3.pk].next == "Chưa đăng ký"
    total = overview.total_rate(list(rows.values()))
    assert (total.recognised, total.residents, total.registered) == (1, 4, 3)


def test_the_home_page_reads_the_same_number_of_queries_for_3_groups_as_for_8(world, make_households):
    ward_head = world.users["ward_head"]
    for g in world.groups:
        make_households(g, 2, prefix=f"Lò Văn {g.order}")

    def queries() -> int:
        ward_head.__dict__.pop("_vanhoa_scope", None)  # the user's scope is memoised per request
        overview.home(ward_head, world.ward, 2026, gdvh())  # warm the unit graph
        with request_scope(), CaptureQueriesContext(connection) as captured:  # as in one web request
            page = overview.home(ward_head, world.ward, 2026, gdvh())
        return len(page.groups), len(captured)

    groups, before = queries()
    for n in range(4, 9):
        group = units.create_unit(
            actor=TEST,
            kind=UnitKind.GROUP,
            name=f"Tổ dân phố số {n}",
            short_name=f"Tổ dân phố số {n}",
            type_label="Tổ dân phố",
            parent=world.ward,
            order=n,
        )
        make_households(group, 2, prefix=f"Lò Văn {n}")
    assert queries() == (8, before) and groups == 3


def test_ward_rows_list_each_ward_level_title_and_leave_out_a_commune_without_data(world):
    registry.create_agency(actor=TEST, ward=world.ward, name="Trạm Y tế phường", kind="don_vi", group=world.groups[0])
    services.register(actor=TEST, title="tdpvh", year=2024, subjects=world.groups, on=date(2024, 3, 1))
    rows = overview.ward_rows([world.ward_2020], 2024)
    by_code = {r.title.code: r for r in rows}
    assert by_code["tdpvh"].total == 3 and by_code["tdpvh"].next == "Chờ họp bình xét"
    assert by_code["cqvh"].total == 0 and by_code["cqvh"].next == "Chưa đăng ký"
    # A commune the system holds neither groups nor candidacies for (a predecessor, say) is not listed.
    empty = units.create_unit(
        actor=TEST,
        kind=UnitKind.COMMUNE,
        name="Xã San Thàng",
        short_name="San Thàng",
        type_label="Xã",
        parent=world.city,
    )
    assert overview.ward_rows([empty], 2024) == []


def test_the_home_overview_is_scoped_to_the_user(world, make_households):
    make_households(world.groups[0], 2)
    services.register_group_households(actor=TEST, group=world.groups[0], year=2020, on=date(2020, 2, 10))
    review(world.groups[0], 2020, date(2020, 11, 5))
    services.submit_proposal(actor=TEST, title="gdvh", year=2020, unit=world.groups[0], on=date(2020, 11, 9))
    head = overview.home(world.users["ward_head"], world.ward, 2020, gdvh())
    assert [p.status for p in head.pending] == [ProposalStatus.SUBMITTED] and head.can_decide and head.ward_view
    assert [t.code for t in head.pending_titles] == ["gdvh"]
    assert head.commendation is not None  # NĐ 122/2018 has the Giấy khen for 3 consecutive years
    leader = overview.home(world.users["leader_group1"], world.ward, 2020, gdvh())
    assert [r.group for r in leader.groups] == [world.groups[0]]
    assert not leader.can_decide and not leader.ward_view and leader.ward_rows == []
    assert overview.home(world.users["leader_group2"], world.ward, 2020, gdvh()).pending == []


# --------------------------------------------------------------------------- one cycle


def test_last_years_results_say_passed_failed_or_withdrawn(world, make_households):
    a, b, c, d = make_households(world.groups[0], 4)
    recognise([a], [2019])
    created = services.register(actor=TEST, title="gdvh", year=2019, subjects=[b, c], on=date(2019, 2, 1))
    services.withdraw(created[1], actor=TEST, on=date(2019, 3, 1), reason="Chuyển đi")
    keys = [f"household:{h.pk}" for h in (a, b, c, d)]
    assert overview.last_year_results(gdvh(), 2020, keys) == {
        keys[0]: "Đạt",
        keys[1]: "Không đạt",  # registered, never recognised
        keys[2]: "Rút",
    }


def test_unregistered_households_are_the_residents_without_a_candidacy(world, make_households):
    g1 = world.groups[0]
    a, b, c = make_households(g1, 3)
    registry.change_household_status(b, actor=TEST, status="moved_out", on=date(2019, 6, 1), reason="Chuyển đi")
    services.register(actor=TEST, title="gdvh", year=2020, subjects=[a], on=date(2020, 2, 1))
    cands = list(Candidacy.objects.filter(year=2020))
    left = overview.unregistered(gdvh(), g1, 2020, cands)
    assert left == [c]  # a registered, b moved out before the review season


def test_a_communes_eligible_groups_are_those_existing_in_the_review_season(world):
    tdpvh = TitleType.objects.get(code="tdpvh")
    assert overview.eligible_subjects(tdpvh, world.ward_2020, 2024) == world.groups
    world.groups[1].valid_to = date(2024, 6, 30)
    world.groups[1].save()
    assert overview.eligible_subjects(tdpvh, world.ward_2020, 2024) == [world.groups[0], world.groups[2]]
    services.register(actor=TEST, title="tdpvh", year=2024, subjects=[world.groups[0]], on=date(2024, 3, 1))
    cands = Candidacy.objects.filter(title_type=tdpvh)
    assert overview.unregistered(tdpvh, world.ward_2020, 2024, cands) == [world.groups[2]]


def test_agencies_and_streets_are_eligible_at_the_commune_that_reviews_them(world):
    agency = registry.create_agency(actor=TEST, ward=world.ward, name="Trường Tiểu học", kind="don_vi")
    street = registry.create_street(actor=TEST, ward=world.ward, name="Đường Lê Duẩn", groups=[world.groups[1]])
    cqvh, tpvm = TitleType.objects.get(code="cqvh"), TitleType.objects.get(code="tpvm")
    assert [a.pk for a in overview.eligible_subjects(cqvh, world.ward, 2026)] == [agency.pk]
    assert [s.pk for s in overview.eligible_subjects(tpvm, world.ward_2020, 2024)] == [street.pk]
    assert overview.eligible_subjects(cqvh, world.other_ward, 2026) == []


def test_the_cycle_overview_of_a_nd86_group_lists_its_steps_and_deadlines(world, make_households):
    g1 = world.groups[0]
    make_households(g1, 3)
    services.register_group_households(actor=TEST, group=g1, year=2024, on=date(2024, 3, 1))
    page = overview.cycle(gdvh(), g1, 2024)
    assert page.total == 3 and page.waiting == 3 and page.ready == 0 and page.draft is None
    assert page.next == "Chờ họp bình xét" and page.unregistered == []
    assert page.rule_set.code == "nd86-2023/household" and page.unit_name == "Tổ dân phố số 1"
    assert [d.label for d in page.deadlines] == ["Hoàn thành bình xét"]  # only the review cut-off so far
    review(g1, 2024, date(2024, 10, 15), invited=None, voting_method="")
    notice = services.open_public_notice(
        actor=TEST, title="gdvh", year=2024, unit=g1, opened_on=date(2024, 10, 16), place="Nhà văn hóa"
    )
    page = overview.cycle(gdvh(), g1, 2024)
    assert page.open_notice == notice and page.ready == 0 and page.next == "Đang niêm yết / chờ gửi hồ sơ"
    services.close_public_notice(notice, actor=TEST, on=date(2024, 10, 26))
    proposal = services.submit_proposal(actor=TEST, title="gdvh", year=2024, unit=g1, on=date(2024, 10, 28))
    page = overview.cycle(gdvh(), g1, 2024)
    assert page.open_notice is None and page.proposals == [proposal]
    # the review cut-off, the notice, the decision on the dossier (NĐ 86/2023 sets no filing time)
    assert [d.label for d in page.deadlines] == ["Hoàn thành bình xét", "Kết thúc niêm yết", "Ra quyết định công nhận"]
    assert page.deadlines[1].due == date(2024, 10, 26)  # may be closed from the day after the 10 days
    assert page.deadlines[2].due == date(2024, 11, 7)
    assert all(row.last == "–" and row.streak == 0 for row in page.rows)


def test_a_returned_dossier_has_no_decision_deadline(world, make_households):
    g1 = world.groups[0]
    make_households(g1, 2)
    services.register_group_households(actor=TEST, group=g1, year=2020, on=date(2020, 2, 10))
    meeting = review(g1, 2020, date(2020, 11, 5))
    proposal = services.submit_proposal(actor=TEST, title="gdvh", year=2020, unit=g1, on=date(2020, 11, 9))
    services.return_proposal(proposal, actor=TEST, on=date(2020, 11, 10), reason="Thiếu chữ ký")
    rule_set = meeting.rule_set
    proposal.refresh_from_db()
    with_returned = overview.cycle_deadlines(rule_set, 2020, [meeting], [], [proposal])
    without = overview.cycle_deadlines(rule_set, 2020, [meeting], [], [])
    assert [d.label for d in with_returned] == [d.label for d in without]
