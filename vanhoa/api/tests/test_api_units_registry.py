"""Units, agencies, streets and the household roll-up through the API."""

import pytest

from vanhoa.accounts.models import Membership
from vanhoa.accounts.permissions import Role
from vanhoa.core.models import AuditEntry
from vanhoa.registry import services
from vanhoa.registry.models import Agency, Street
from vanhoa.testing.actors import TEST


def test_units_are_those_the_user_may_see_in_tree_order(world, api_as):
    body = api_as("ward_head").get("/units").json()
    names = [u["name"] for u in body["items"]]
    assert names == [
        "Phường Đoàn Kết",
        "Phường Quyết Tiến",
        "Tổ dân phố số 1",
        "Tổ dân phố số 2",
        "Tổ dân phố số 3",
    ]
    ward = body["items"][0]
    assert ward["predecessor_ids"] == [world.ward_2020.pk] and ward["kind_label"] == "Xã, phường, thị trấn"
    leader = [u["name"] for u in api_as("leader_group1").get("/units").json()["items"]]
    assert leader == ["Tổ dân phố số 1"]


def test_units_filters_kind_year_current_and_accent_free_name(world, api_as):
    client = api_as("system_admin")

    def names(**params):
        return [u["name"] for u in client.get("/units", params).json()["items"]]

    assert names(kind="province") == ["Tỉnh Điện Biên", "Tỉnh Lai Châu", "Tỉnh Lai Châu"]
    assert names(kind="province", ordering="-name") == ["Tỉnh Lai Châu", "Tỉnh Lai Châu", "Tỉnh Điện Biên"]
    assert names(q="doan ket") == ["Phường Đoàn Kết"]
    assert names(kind="commune", year=2020) == ["Phường Him Lam", "Phường Quyết Tiến"]
    assert names(kind="commune", current="false") == ["Phường Quyết Tiến"]  # merged into Đoàn Kết in 2025
    assert names(kind="commune", year=2026) == ["Phường Đoàn Kết", "Phường Him Lam"]
    assert names(unit_code="2025:03388", kind="group") == ["Tổ dân phố số 1", "Tổ dân phố số 2", "Tổ dân phố số 3"]


def test_unit_detail_and_history_are_scoped(world, api_as):
    assert api_as("leader_group1").get(f"/units/{world.ward.pk}").status_code == 404
    assert api_as("ward_head").get(f"/units/{world.other_ward.pk}").status_code == 404
    assert api_as("ward_head").get(f"/units/{world.ward.pk}").json()["code"] == "03388"
    history = api_as("ward_head").get(f"/units/{world.groups[0].pk}/history").json()
    assert history["count"] >= 1


@pytest.fixture
def agency(world):
    return services.create_agency(actor=TEST, ward=world.ward, name="Trường Tiểu học Đoàn Kết", address="Tổ 1")


def test_agencies_list_search_and_scope(world, api_as, agency):
    services.create_agency(actor=TEST, ward=world.other_ward, name="Chi cục Thuế Him Lam")
    union = api_as("union_officer")
    assert [a["name"] for a in union.get("/agencies", {"q": "truong tieu hoc"}).json()["items"]] == [
        "Trường Tiểu học Đoàn Kết"
    ]
    assert union.get("/agencies").json()["count"] == 1
    assert union.get(f"/agencies/{agency.pk}").json()["kind_label"] == "Cơ quan"
    assert api_as("leader_group1").get("/agencies").status_code == 403


def test_agency_writes_follow_the_union_officers_rights(world, api_as, agency):
    union = api_as("union_officer")
    created = union.post("/agencies", {"ward": world.ward.pk, "name": "Công ty TNHH Hòa Bình", "kind": "doanh_nghiep"})
    assert created.status_code == 201, created.content
    assert AuditEntry.objects.filter(action="registry.agency.created", object_id=str(created.json()["id"])).exists()
    patched = union.patch(f"/agencies/{agency.pk}", {"staff_count": 35})
    assert patched.status_code == 200 and patched.json()["staff_count"] == 35
    assert patched.json()["name"] == "Trường Tiểu học Đoàn Kết"
    history = union.get(f"/agencies/{agency.pk}/history").json()["items"]
    assert history[0]["action"] == "registry.agency.updated"
    # the culture officer sees agencies but may not change them
    assert api_as("culture_officer").patch(f"/agencies/{agency.pk}", {"staff_count": 1}).status_code == 403
    blank = union.post("/agencies", {"ward": world.ward.pk, "name": ""})
    assert blank.status_code == 422 and blank.json()["details"][0]["field"] == "name"
    other = union.post("/agencies", {"ward": world.other_ward.pk, "name": "Công ty A"})
    assert other.status_code == 422 and other.json()["details"][0]["field"] == "ward"
    assert Agency.objects.count() == 2


def test_agency_visible_but_not_changeable_here_is_403(world, api_as, agency):
    """A city viewer who is also union officer of another ward: sees this agency, may not change it."""
    user = world.users["city_viewer"]
    Membership.objects.create(user=user, unit=world.other_ward, role=Role.UNION_OFFICER)
    agency_2020 = services.create_agency(actor=TEST, ward=world.ward_2020, name="Đội Thuế Quyết Tiến")
    client = api_as(user)
    assert client.get(f"/agencies/{agency_2020.pk}").status_code == 200
    response = client.patch(f"/agencies/{agency_2020.pk}", {"staff_count": 3})
    assert response.status_code == 403 and response.json()["message"] == (
        "Bạn chỉ được xem, không được sửa cơ quan, đơn vị này."
    )
    assert client.get(f"/agencies/{agency.pk}").status_code == 404  # Đoàn Kết is not under the old city


def test_streets_read_and_write(world, api_as):
    culture = api_as("culture_officer")
    created = culture.post(
        "/streets",
        {"ward": world.ward.pk, "name": "Đường Trần Phú", "length_m": 1200, "group_ids": [world.groups[0].pk]},
    )
    assert created.status_code == 201, created.content
    street_id = created.json()["id"]
    assert created.json()["group_ids"] == [world.groups[0].pk]
    patched = culture.patch(f"/streets/{street_id}", {"group_ids": [world.groups[1].pk, world.groups[2].pk]})
    assert patched.status_code == 200 and patched.json()["length_m"] == 1200
    assert patched.json()["group_ids"] == sorted([world.groups[1].pk, world.groups[2].pk])
    bad = culture.patch(f"/streets/{street_id}", {"group_ids": [world.other_group.pk]})
    assert bad.status_code == 422 and bad.json()["details"][0]["field"] == "groups"
    assert [s["name"] for s in api_as("city_viewer").get("/streets").json()["items"]] == []
    assert api_as("ward_head").get(f"/streets/{street_id}/history").json()["count"] == 2
    assert api_as("union_officer").post("/streets", {"ward": world.ward.pk, "name": "X"}).status_code == 403
    assert Street.objects.count() == 1


def test_household_roll_up_per_ward_and_group(world, api_as):
    for name in ("Lò Văn Páo", "Tòng Văn Sơn"):
        world.household(world.groups[0], name)
    world.household(world.groups[2], "Lường Thị Hoa")
    world.household(world.other_group, "Quàng Văn Minh")
    body = api_as("ward_head").get("/stats/households").json()
    assert body["total"] == 3
    assert body["wards"] == [
        {
            "ward_id": world.ward.pk,
            "ward_name": "Phường Đoàn Kết",
            "households": 3,
            "groups": [
                {"group_id": world.groups[0].pk, "group_name": "Tổ dân phố số 1", "households": 2},
                {"group_id": world.groups[2].pk, "group_name": "Tổ dân phố số 3", "households": 1},
            ],
        }
    ]
    admin = api_as("system_admin").get("/stats/households").json()
    assert admin["total"] == 4 and [w["ward_name"] for w in admin["wards"]] == ["Phường Đoàn Kết", "Phường Him Lam"]
    only_group = api_as("system_admin").get("/stats/households", {"unit": world.groups[2].pk}).json()
    assert only_group["total"] == 1
    # the committee above counts households without seeing any of them
    viewer = api_as("city_viewer")
    assert viewer.get("/households").status_code == 403
    assert viewer.get("/stats/households").status_code == 200
