from datetime import date

import pytest

from vanhoa.accounts.permissions import Cap
from vanhoa.registry.models import Household
from vanhoa.testing.actors import TEST
from vanhoa.units import services
from vanhoa.units.choices import UnitKind
from vanhoa.units.tree import get_graph


def test_a_2020_household_of_quyet_tien_counts_under_doan_ket_today(world):
    # given a household registered in group 1 in 2020, when Quyết Tiến was still a ward
    household = world.household(world.groups[0], "Lò Văn Páo", since=date(2018, 3, 1))
    # when we roll up today's ward
    covered = get_graph().covered(world.ward.pk)
    # then the group, the old ward and the household all roll up to Đoàn Kết
    assert world.groups[0].pk in covered
    assert world.ward_2020.pk in covered
    assert Household.objects.filter(group__in=covered).filter(pk=household.pk).exists()


def test_a_2020_document_prints_the_ward_name_of_the_time(world):
    group = world.groups[0]
    assert group.ancestor_on(date(2020, 11, 18), UnitKind.COMMUNE).name == "Phường Quyết Tiến"
    assert group.ancestor_on(date(2026, 1, 5), UnitKind.COMMUNE).name == "Phường Đoàn Kết"
    assert group.ancestor_on(date(2020, 11, 18), UnitKind.DISTRICT).name == "Thành phố Lai Châu"
    assert group.ancestor_on(date(2026, 1, 5), UnitKind.DISTRICT) is None


def test_the_old_ward_ends_the_day_before_the_merger(world):
    world.ward_2020.refresh_from_db()
    assert world.ward_2020.valid_to == date(2025, 6, 30)
    assert get_graph().current(world.ward_2020.pk) == {world.ward.pk}


def test_rename_keeps_the_old_name_for_earlier_dates(world):
    group = world.groups[2]
    services.rename_unit(
        group,
        new_name="Tổ dân phố Quyết Tiến 3",
        effective=date(2026, 1, 1),
        actor=TEST,
        legal_basis="Nghị quyết số 12/NQ-HĐND",
    )
    group.refresh_from_db()
    assert group.name == "Tổ dân phố Quyết Tiến 3"
    assert group.name_on(date(2025, 12, 31)) == "Tổ dân phố số 3"
    assert group.name_on(date(2026, 1, 1)) == "Tổ dân phố Quyết Tiến 3"


def test_codes_are_unique_only_within_their_scheme(world):
    # 03388 was Quyết Tiến (pre-2025 list) and is Đoàn Kết (2025 list)
    assert world.ward_2020.code == world.ward.code == "03388"
    assert world.ward_2020.code_scheme != world.ward.code_scheme


def test_a_split_rolls_up_to_the_old_unit_from_each_new_one(world):
    a = services.create_unit(
        actor=TEST, kind=UnitKind.COMMUNE, name="Phường A", short_name="A", type_label="Phường", parent=world.province
    )
    b = services.create_unit(
        actor=TEST, kind=UnitKind.COMMUNE, name="Phường B", short_name="B", type_label="Phường", parent=world.province
    )
    services.split_unit(world.other_ward, into=[a, b], effective=date(2026, 1, 1), actor=TEST)
    graph = get_graph()
    assert world.other_ward.pk in graph.covered(a.pk)
    assert world.other_ward.pk in graph.covered(b.pk)
    assert graph.current(world.other_ward.pk) == {a.pk, b.pk}


def test_every_unit_change_is_audited(world):
    from vanhoa.core.models import AuditEntry

    services.rename_unit(world.groups[1], new_name="Tổ dân phố số 2A", effective=date(2026, 2, 1), actor=TEST)
    entry = AuditEntry.objects.filter(action="units.unit.renamed").get()
    assert entry.changes["name"] == ["Tổ dân phố số 2", "Tổ dân phố số 2A"]
    assert AuditEntry.objects.filter(action="units.unit.transferred").count() == 3  # the merger moved 3 groups


def test_setting_up_a_ward_from_the_official_list_links_both_eras(db):
    from vanhoa.units.models import Unit, UnitLineage

    new = services.setup_from_catalog("2025", "03388", actor=TEST)
    assert new.name == "Phường Đoàn Kết" and new.parent.name == "Tỉnh Lai Châu"
    olds = {link.from_unit.name for link in UnitLineage.objects.filter(to_unit=new)}
    assert {"Phường Quyết Tiến", "Phường Quyết Thắng", "Phường Đoàn Kết", "Xã Sùng Phài"} <= olds
    quyet_tien = Unit.objects.get(code_scheme="pre2025", code="03388")
    assert quyet_tien.parent.name == "Thành phố Lai Châu" and quyet_tien.valid_to == date(2025, 6, 30)
    # idempotent
    count = Unit.objects.count()
    services.setup_from_catalog("pre2025", "03388", actor=TEST)
    services.setup_from_catalog("2025", "03388", actor=TEST)
    assert Unit.objects.count() == count


@pytest.mark.parametrize(
    "persona,expected",
    [
        ("ward_head", {"ward", "ward_2020", "g1", "g2", "g3"}),
        ("leader_group1", {"g1"}),
        ("city_viewer", {"city", "ward_2020", "g1", "g2", "g3"}),
    ],
)
def test_roles_cover_their_subtree_and_its_history(world, persona, expected):
    from vanhoa.accounts.permissions import scope_unit_ids

    names = {
        world.ward.pk: "ward",
        world.ward_2020.pk: "ward_2020",
        world.city.pk: "city",
        **{g.pk: f"g{i}" for i, g in enumerate(world.groups, 1)},
    }
    ids = scope_unit_ids(world.users[persona], Cap.UNITS_VIEW)
    assert {names[i] for i in ids if i in names} == expected
    assert world.other_group.pk not in ids
