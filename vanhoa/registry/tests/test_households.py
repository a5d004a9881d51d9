import unicodedata
from datetime import date

import pytest

from vanhoa.core.models import AuditEntry
from vanhoa.registry import services
from vanhoa.registry.choices import HouseholdStatus
from vanhoa.registry.models import Household, HouseholdPlacement
from vanhoa.testing.actors import TEST

NAMES = [
    "Vũ Văn Đạt",
    "Đỗ Thị Dung",
    "Trần Đức Bình",
    "Phạm Văn Ân",
    "Lê Thị Ánh",
    "Nguyễn Văn Anh",
    "Hoàng Văn An",
    "Đinh Văn Ánh",
    "Bùi Thị Ấn",
    "Dương Văn Em",
    "Ngô Văn Dũng",
    "Đặng Thị Đào",
]


@pytest.fixture
def twelve(world):
    for i, name in enumerate(NAMES):
        world.household(world.groups[i % 3], name)
    return world


def test_households_are_listed_by_given_name_in_vietnamese_order(twelve):
    # identical on SQLite and PostgreSQL: the stored key is made of digits only
    assert list(Household.objects.in_vietnamese_order().values_list("head_name", flat=True)) == [
        "Hoàng Văn An",
        "Nguyễn Văn Anh",
        "Đinh Văn Ánh",
        "Lê Thị Ánh",
        "Phạm Văn Ân",
        "Bùi Thị Ấn",
        "Trần Đức Bình",
        "Đỗ Thị Dung",
        "Ngô Văn Dũng",
        "Đặng Thị Đào",
        "Vũ Văn Đạt",
        "Dương Văn Em",
    ]


@pytest.mark.parametrize(
    "query,expected",
    [
        ("dat", ["Vũ Văn Đạt"]),
        ("DUNG", ["Đỗ Thị Dung", "Ngô Văn Dũng"]),
        ("nguyen van anh", ["Nguyễn Văn Anh"]),
        ("đào", ["Đặng Thị Đào"]),
        ("anh", ["Nguyễn Văn Anh", "Đinh Văn Ánh", "Lê Thị Ánh"]),
        ("HGĐ-00001", ["Vũ Văn Đạt"]),
        ("hgd-00001", ["Vũ Văn Đạt"]),
    ],
)
def test_search_ignores_accents_case_and_d_bar(twelve, query, expected):
    assert list(Household.objects.search(query).in_vietnamese_order().values_list("head_name", flat=True)) == expected


def test_text_is_stored_nfc_whatever_the_input(world):
    decomposed = unicodedata.normalize("NFD", "Nguyễn  Thị Ánh")
    h = world.household(world.groups[0], decomposed, address=unicodedata.normalize("NFD", "Số nhà 5, đường Trần Phú"))
    h.refresh_from_db()
    assert h.head_name == "Nguyễn Thị Ánh" and unicodedata.is_normalized("NFC", h.head_name)
    assert unicodedata.is_normalized("NFC", h.address)
    assert Household.objects.search("nguyen thi anh").get() == h


def test_codes_are_given_in_order_and_unique_in_the_ward(world):
    a = world.household(world.groups[0], "Lò Văn Páo")
    b = world.household(world.groups[1], "Tòng Thị Phương")
    assert (a.code, b.code) == ("HGĐ-00001", "HGĐ-00002")
    with pytest.raises(services.RegistryError, match="HGĐ-00001 đã có"):
        world.household(world.groups[2], "Vàng A Sáng", code="HGĐ-00001")
    assert Household.objects.count() == 2  # nothing half-written


def test_moving_out_and_back_keeps_the_placement_history(world):
    h = world.household(world.groups[0], "Lò Văn Páo", since=date(2015, 1, 1))
    services.change_household_status(
        h, actor=TEST, status=HouseholdStatus.MOVED_OUT, on=date(2023, 5, 1), reason="Chuyển đến Hà Nội"
    )
    h.refresh_from_db()
    assert h.status == HouseholdStatus.MOVED_OUT and h.status_date == date(2023, 5, 1)
    assert HouseholdPlacement.objects.get(household=h).valid_to == date(2023, 5, 1)
    with pytest.raises(services.RegistryError, match="Không thể chuyển"):
        services.change_household_status(h, actor=TEST, status=HouseholdStatus.DISSOLVED, on=date(2023, 6, 1))
    services.change_household_status(h, actor=TEST, status=HouseholdStatus.ACTIVE, on=date(2024, 2, 1))
    assert HouseholdPlacement.objects.filter(household=h).count() == 2
    assert AuditEntry.objects.filter(object_id=str(h.pk), action__startswith="registry.household.").count() == 3


def test_moving_to_another_group_records_the_move(world):
    h = world.household(world.groups[0], "Lò Văn Páo", since=date(2015, 1, 1))
    services.update_household(h, actor=TEST, group=world.groups[2], moved_on=date(2026, 3, 1))
    placements = list(HouseholdPlacement.objects.filter(household=h).order_by("valid_from"))
    assert [(p.group_id, p.valid_to) for p in placements] == [
        (world.groups[0].pk, date(2026, 3, 1)),
        (world.groups[2].pk, None),
    ]
    entry = AuditEntry.objects.get(action="registry.household.updated")
    assert entry.changes["group"] == ["Tổ dân phố số 1", "Tổ dân phố số 3"]


def test_a_split_creates_a_linked_household_and_keeps_the_original(world):
    h = world.household(world.groups[0], "Lò Văn Páo", member_count=6)
    new = services.split_household(
        h, actor=TEST, new_head_name="Lò Văn Khoa", member_count=2, moved_members=2, on=date(2021, 3, 15)
    )
    h.refresh_from_db()
    assert new.origin == h and new.group == h.group and h.member_count == 4 and h.is_active
    assert AuditEntry.objects.filter(action="registry.household.split", object_id=str(h.pk)).exists()


def test_merging_needs_the_receiving_household(world):
    a = world.household(world.groups[0], "Lò Văn Páo")
    b = world.household(world.groups[0], "Lò Thị Ơn")
    with pytest.raises(services.RegistryError, match="hộ nhận nhập"):
        services.change_household_status(a, actor=TEST, status=HouseholdStatus.MERGED, on=date(2024, 1, 1))
    services.change_household_status(a, actor=TEST, status=HouseholdStatus.MERGED, on=date(2024, 1, 1), other=b)
    a.refresh_from_db()
    assert a.origin == b and a.status == HouseholdStatus.MERGED


def test_a_household_must_live_in_a_current_group(world):
    from vanhoa.testing.world import unit
    from vanhoa.units.choices import UnitKind
    from vanhoa.units.services import merge_units

    old = unit(UnitKind.GROUP, "Tổ dân phố số 9", world.ward, type_label="Tổ dân phố")
    new = unit(UnitKind.GROUP, "Tổ dân phố số 10", world.ward, type_label="Tổ dân phố")
    merge_units([old], into=new, effective=date(2026, 1, 1), actor=TEST)
    old.refresh_from_db()
    with pytest.raises(services.RegistryError, match="đã hết hiệu lực"):
        world.household(old, "Lò Văn Páo")


def test_invalid_phone_is_rejected_with_a_vietnamese_message(world):
    with pytest.raises(services.RegistryError, match="Số điện thoại"):
        world.household(world.groups[0], "Lò Văn Páo", phone="12345")
