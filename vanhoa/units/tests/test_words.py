"""A xã's pages and papers speak of thôn and bản, a phường's of tổ dân phố: the words come from the unit's kind."""

from datetime import date

import pytest

from vanhoa.accounts.roles import role_label, role_label_in
from vanhoa.testing.world import unit
from vanhoa.units.choices import UnitKind
from vanhoa.units.words import (
    cultural_title,
    cultural_title_of,
    groups_phrase,
    whole_commune,
    words_for,
    words_of,
)


def test_a_xa_with_thon_and_ban_has_thon_ban_words():
    w = words_of("Xã", ["Thôn", "Bản", "Thôn"])
    assert (w.commune, w.Commune, w.whole) == ("xã", "Xã", "Cả xã")
    assert (w.groups, w.add_group, w.all_groups) == ("thôn, bản", "Thêm thôn, bản", "Tất cả thôn, bản")
    assert w.cultural_groups == "Thôn văn hóa"  # NĐ 86/2023: a bản is a thôn
    assert w.group_leader == "Trưởng thôn, bản"


def test_a_phuong_has_to_dan_pho_words_and_a_mixed_xa_has_both():
    assert words_of("Phường", ["Tổ dân phố"]).cultural_groups == "Tổ dân phố văn hóa"
    mixed = words_of("Xã", ["Tổ dân phố", "Thôn"])
    assert mixed.groups == "thôn, tổ dân phố"
    assert mixed.cultural_groups == "Thôn, tổ dân phố văn hóa"
    assert mixed.group_leader == "Trưởng thôn, tổ trưởng tổ dân phố"
    assert whole_commune("Thị trấn") == "Cả thị trấn"


def test_without_groups_the_commune_kind_decides():
    assert groups_phrase([], "Xã") == "thôn"
    assert groups_phrase([], "Phường") == "tổ dân phố"


def test_the_title_of_a_group_follows_the_decree_of_the_year_and_the_province():
    assert cultural_title_of("Bản", on=date(2020, 1, 1)) == "Bản văn hóa"  # NĐ 122/2018 named it
    assert cultural_title_of("Xóm", on=date(2020, 1, 1)) == "Thôn văn hóa"
    assert cultural_title_of("Bản", on=date(2025, 1, 1)) == "Thôn văn hóa"  # NĐ 86/2023
    assert cultural_title_of("Bản", on=date(2025, 1, 1), province="Lai Châu") == "Bản văn hóa"
    assert cultural_title_of("Khu phố", on=date(2025, 1, 1)) == "Tổ dân phố văn hóa"


@pytest.mark.django_db
def test_units_in_the_database_get_their_words(world):
    xa = unit(UnitKind.COMMUNE, "Xã Cốc Pàng", world.province)
    ban = unit(UnitKind.GROUP, "Bản Khau Pàn", xa)
    unit(UnitKind.GROUP, "Thôn Nà Nọi", xa)
    w = words_for(xa)
    assert (w.groups, w.whole) == ("thôn, bản", "Cả xã")
    assert cultural_title(ban, on=date(2026, 1, 1)) == "Bản văn hóa"  # world's province is Lai Châu
    assert role_label("ward_head", xa) == "Trưởng ban / Phó Trưởng ban Chỉ đạo xã"
    assert role_label("group_leader", ban) == "Trưởng bản / Ban công tác Mặt trận bản"
    assert role_label("group_leader", world.groups[0]) == "Tổ trưởng / Ban công tác Mặt trận tổ dân phố"
    assert role_label("system_admin") == "Quản trị hệ thống"
    assert words_for(world.ward).groups == "tổ dân phố"


def test_the_words_come_from_the_unit_graph_and_follow_a_change_at_once(world, django_assert_num_queries):
    """The groups' kinds are read from the cached unit graph (no query once it is loaded), and a group saved with
    another kind bumps the graph's version: the next request, or the same one, has the new words."""
    from vanhoa.units import tree

    xa = unit(UnitKind.COMMUNE, "Xã Cốc Pàng", world.province)
    ban = unit(UnitKind.GROUP, "Bản Khau Pàn", xa)
    ended = unit(UnitKind.GROUP, "Khu phố Cũ", xa)
    ended.type_label, ended.valid_to = "Khu phố", date(2020, 1, 1)
    ended.save()
    with tree.request_scope():
        assert words_for(xa).groups == "bản"  # the ended khu phố is not a group of today
        with django_assert_num_queries(0):
            assert words_for(xa).groups == "bản"
        assert words_for(xa, on=date(2019, 6, 1)).groups == "bản, khu phố"
        ban.type_label = "Thôn"
        ban.save()
        assert words_for(xa).groups == "thôn"


def test_generic_labels_are_put_in_the_words_of_the_commune_in_one_pass():
    mixed = words_of("Xã", ["Thôn", "Tổ dân phố"])
    assert mixed.localise("Tổ dân phố") == "Thôn, tổ dân phố"
    assert mixed.localise("Các tổ dân phố của xã, phường") == "Các thôn, tổ dân phố của xã"
    xa = words_of("Xã", ["Thôn", "Bản"])
    assert xa.localise("Số tổ dân phố văn hóa; Công đoàn phường; — Chọn tổ dân phố —") == (
        "Số thôn văn hóa; Công đoàn xã; — Chọn thôn, bản —"
    )
    assert words_of("Phường", ["Tổ dân phố"]).localise("Xã, phường: tổ dân phố") == "Phường: tổ dân phố"


def test_a_role_drop_down_names_the_roles_in_the_words_of_the_work_ward():
    assert role_label_in("group_leader", words_of("Phường", ["Tổ dân phố"])) == (
        "Tổ trưởng / Ban công tác Mặt trận tổ dân phố"
    )
    assert role_label_in("group_leader", words_of("Xã", ["Thôn", "Bản"])) == (
        "Trưởng thôn, bản / Ban công tác Mặt trận thôn, bản"
    )
    assert role_label_in("ward_head", words_of("Xã", [])) == "Trưởng ban / Phó Trưởng ban Chỉ đạo xã"
    assert role_label_in("ward_head", None) == "Trưởng ban / Phó Trưởng ban Chỉ đạo cấp xã"
