"""What every stage shares (services/common.py) and the rule administration (services/rules.py): the title and
rule set in force, what a subject is and where it is reviewed, the issuer of a decision, the edit refusals."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied

from vanhoa.registry import services as registry
from vanhoa.testing.actors import TEST
from vanhoa.titles import services
from vanhoa.titles.choices import AdminLevel, SubjectKind
from vanhoa.titles.models import CommendationRule, RuleSet, TitleType
from vanhoa.titles.services import TitleError
from vanhoa.units.choices import UnitKind
from vanhoa.units.models import Unit

pytestmark = pytest.mark.django_db


def test_a_title_is_found_by_code_or_passed_through():
    tt = TitleType.objects.get(code="gdvh")
    assert services.title_type("gdvh") == tt and services.title_type(tt) is tt
    with pytest.raises(TitleError, match="Không có danh hiệu mã «gdv»"):
        services.title_type("gdv")


def test_the_review_season_is_1_november():
    assert services.review_season(2024) == date(2024, 11, 1)


def test_the_ward_of_the_time_and_its_name_in_documents(world):
    g1 = world.groups[0]
    assert services.ward_on(g1, date(2020, 11, 1)) == world.ward_2020
    assert services.ward_on(g1, date(2025, 11, 1)) == world.ward
    assert services.ward_on(world.ward, date(2025, 11, 1)) == world.ward  # a commune is its own
    assert services.unit_title(world.ward_2020, date(2020, 11, 1)) == "phường Quyết Tiến"
    assert services.unit_title(world.city, date(2020, 11, 1)) == "thành phố Lai Châu"
    orphan = Unit.objects.create(kind=UnitKind.GROUP, name="Tổ lạc", short_name="Tổ lạc", type_label="Tổ")
    with pytest.raises(TitleError, match="Tổ lạc không thuộc xã, phường nào vào ngày 01/11/2020"):
        services.ward_on(orphan, date(2020, 11, 1))


def test_the_province_code_of_the_time(world):
    assert services.province_code(world.groups[0], date(2020, 11, 1)) == "12"
    assert services.province_code(world.other_group, date(2024, 11, 1)) == "11"


def test_a_province_without_its_own_rules_uses_the_national_set(world):
    # Lai Châu has its own street rules; Điện Biên does not (and there is no national street set).
    assert services.rule_set_or_none("tpvm", world.ward, date(2024, 5, 1)).code == "provincial-lc/street"
    assert services.rule_set_or_none("tpvm", world.other_ward, date(2024, 5, 1)) is None
    assert services.rule_set_or_none("gdvh", world.other_group, date(2024, 5, 1)).code == "nd86-2023/household"
    with pytest.raises(TitleError, match="Chưa có quy định xét tặng danh hiệu «Tuyến phố văn minh đô thị»"):
        services.rule_set_for("tpvm", world.other_ward, date(2024, 5, 1))


@pytest.mark.parametrize(
    ("code", "day"), [("gdvh", date(2020, 11, 1)), ("gdvh", date(2024, 11, 1)), ("tpvm", date(2024, 5, 1))]
)
def test_rule_sets_for_many_units_agree_with_the_one_by_one_lookup(world, code, day):
    units = [*world.groups, world.ward_2020, world.ward, world.other_ward, world.other_group]
    bulk = services.rule_sets_or_none(code, units, day)
    assert bulk == {u.pk: services.rule_set_or_none(code, u, day) for u in units}


def test_the_rule_set_of_a_year_prefers_the_given_day_then_the_season(world):
    g1 = world.groups[0]
    # 2024: registered in January under NĐ 122/2018, the season is under NĐ 86/2023.
    assert services.rule_set_for_year("gdvh", g1, 2024, date(2024, 1, 20)).code == "nd122-2018/household"
    assert services.rule_set_for_year("gdvh", g1, 2024).code == "nd86-2023/household"
    assert services.rule_set_for_year("gdvh", g1, 2024, date(2023, 12, 31)).code == "nd86-2023/household"


def test_the_decider_of_a_first_award_and_of_a_renewal(world):
    tdpvh = TitleType.objects.get(code="tdpvh")
    first = services.decider_for(tdpvh, date(2025, 6, 30))
    assert first is not None and first.level == AdminLevel.DISTRICT
    assert services.decider_for(tdpvh, date(2025, 6, 30), renewal=True) is not None
    assert services.decider_for(tdpvh, date(1990, 1, 1)) is None


def test_the_issuer_is_the_ward_or_its_ancestor_of_the_time(world):
    assert services.issuer_unit(world.ward_2020, AdminLevel.COMMUNE, date(2020, 11, 1)) == world.ward_2020
    assert services.issuer_unit(world.ward_2020, AdminLevel.DISTRICT, date(2020, 11, 1)) == world.city
    assert services.issuer_unit(world.ward, AdminLevel.PROVINCE, date(2025, 11, 1)) == world.province
    with pytest.raises(TitleError, match="Phường Đoàn Kết không có đơn vị"):
        services.issuer_unit(world.ward, AdminLevel.DISTRICT, date(2025, 11, 1))


def test_each_kind_of_subject_is_described_with_where_it_is_reviewed(world):
    h = world.household(world.groups[1], "Lò Văn Páo", since=date(2015, 1, 1), address="Số 5")
    s = services.describe(h, 2020, date(2020, 3, 1))
    assert (s.kind, s.key, s.name, s.address) == (SubjectKind.HOUSEHOLD, f"household:{h.pk}", "Lò Văn Páo", "Số 5")
    assert (s.unit, s.review_unit, s.ward) == (world.groups[1], world.groups[1], world.ward_2020)
    g = services.describe(world.groups[0], 2020, date(2020, 3, 1))
    assert (g.kind, g.review_unit, g.ward) == (SubjectKind.GROUP, world.ward_2020, world.ward_2020)
    assert services.describe(world.groups[0], 2026, date(2026, 3, 1)).ward == world.ward
    c = services.describe(world.ward, 2026, date(2026, 3, 1))
    assert (c.kind, c.key) == (SubjectKind.COMMUNE, f"commune:{world.ward.pk}")
    agency = registry.create_agency(
        actor=TEST, ward=world.ward, name="Trạm Y tế", kind="don_vi", group=world.groups[0]
    )
    assert services.describe(agency, 2024, date(2024, 3, 1)).ward == world.ward_2020  # through its group
    street = registry.create_street(actor=TEST, ward=world.ward, name="Đường Lê Duẩn", groups=[world.groups[2]])
    st = services.describe(street, 2024, date(2024, 3, 1))
    assert (st.kind, st.ward, st.address) == (SubjectKind.STREET, world.ward_2020, street.stretch)
    with pytest.raises(TitleError, match="Không xét danh hiệu cho đối tượng «Tỉnh Lai Châu»"):
        services.describe(world.province, 2024, date(2024, 3, 1))


def test_a_household_is_described_in_the_group_it_lived_in_on_the_day(world):
    h = world.household(world.groups[0], "Lò Văn Chuyển", since=date(2015, 1, 1))
    registry.update_household(h, actor=TEST, group=world.groups[1], moved_on=date(2021, 6, 1))
    h.refresh_from_db()
    assert services.group_on(h, date(2020, 11, 1)) == world.groups[0]
    assert services.group_on(h, date(2021, 11, 1)) == world.groups[1]
    assert services.describe(h, 2020, date(2020, 3, 1)).review_unit == world.groups[0]


# --------------------------------------------------------------------------- rule administration


def test_only_an_administrator_edits_a_commendation_rule_and_only_its_numbers(world):
    rule = CommendationRule.objects.get(code="nd122-2018/household/giay-khen")
    with pytest.raises(PermissionDenied, match="sửa quy định khen thưởng"):
        services.update_commendation_rule(rule, actor=world.users["front_officer"], cap_pct=Decimal(20))
    with pytest.raises(TitleError, match="Không sửa được trường code"):
        services.update_commendation_rule(rule, actor=world.users["system_admin"], code="x")
    rule = services.update_commendation_rule(rule, actor=world.users["system_admin"], cap_pct=Decimal(20))
    assert rule.cap_pct == 20


def test_a_rule_set_refuses_fields_it_does_not_let_edit_and_dates_backwards(world):
    rs = RuleSet.objects.get(code="nd122-2018/household")
    admin = world.users["system_admin"]
    with pytest.raises(TitleError, match="Không sửa được trường code"):
        services.update_rule_set(rs, actor=admin, code="x")
    with pytest.raises(TitleError, match="Ngày hết áp dụng phải sau ngày bắt đầu áp dụng"):
        services.update_rule_set(rs, actor=admin, valid_to=date(2010, 1, 1))
    rs.refresh_from_db()
    assert rs.code == "nd122-2018/household" and rs.valid_to == date(2024, 1, 29)
