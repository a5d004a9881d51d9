"""The household endpoints: same scoping, capabilities, rules and audit trail as the web pages."""

from datetime import date

import pytest

from vanhoa.accounts.models import Membership
from vanhoa.accounts.permissions import ROLE_CAPABILITIES, Cap, Role
from vanhoa.core.models import AuditEntry
from vanhoa.registry.models import Household
from vanhoa.testing.actors import TEST


@pytest.fixture
def homes(world):
    return {
        "duc": world.household(world.groups[0], "Nguyễn Văn Đức", phone="0912345678", address="Số 5 đường Trần Phú"),
        "anh": world.household(world.groups[0], "Lê Thị Ánh"),
        "an": world.household(world.groups[1], "Hoàng Văn An"),
        "him_lam": world.household(world.other_group, "Lò Văn Páo"),
    }


def test_anonymous_gets_401_with_a_vietnamese_json_error(world, api_as):
    response = api_as("anonymous").get("/households")
    assert response.status_code == 401
    body = response.json()
    assert body["code"] == "unauthorized" and "khóa truy cập" in body["message"]
    assert response["WWW-Authenticate"].startswith("Bearer")


def test_a_wrong_or_revoked_token_gets_401(world, api_as):
    from vanhoa.api import services
    from vanhoa.api.models import ApiToken
    from vanhoa.api.tests.conftest import ApiClient

    assert ApiClient("vh_not-a-token").get("/households").status_code == 401
    client = api_as("ward_head")
    assert client.get("/households").status_code == 200
    services.revoke_token(ApiToken.objects.get(owner=world.users["ward_head"]), actor=TEST)
    assert client.get("/households").status_code == 401


def test_a_token_of_a_deactivated_user_stops_working(world, api_as):
    client = api_as("ward_head")
    user = world.users["ward_head"]
    user.is_active = False
    user.save()
    assert client.get("/me").status_code == 401


def test_list_is_scoped_exactly_like_the_web_page(world, api_as, homes):
    names = lambda persona: [h["head_name"] for h in api_as(persona).get("/households").json()["items"]]  # noqa: E731
    # Vietnamese order by given name: An < Ánh < Đức
    assert names("ward_head") == ["Hoàng Văn An", "Lê Thị Ánh", "Nguyễn Văn Đức"]
    assert names("leader_group1") == ["Lê Thị Ánh", "Nguyễn Văn Đức"]
    assert names("system_admin") == ["Hoàng Văn An", "Lê Thị Ánh", "Nguyễn Văn Đức", "Lò Văn Páo"]
    # no households.view at all: 403, as on /ho-gia-dinh/
    for persona in ("union_officer", "culture_officer", "city_viewer"):
        response = api_as(persona).get("/households")
        assert response.status_code == 403 and response.json()["code"] == "forbidden"


def test_detail_out_of_scope_is_404_and_never_leaks(world, api_as, homes):
    leader = api_as("leader_group1")
    assert leader.get(f"/households/{homes['duc'].pk}").status_code == 200
    other = leader.get(f"/households/{homes['an'].pk}")
    missing = leader.get("/households/999999")
    assert other.status_code == missing.status_code == 404
    assert other.json()["code"] == "not_found"
    assert other.json()["message"] == f"Không tìm thấy hộ gia đình số {homes['an'].pk} trong phạm vi của bạn."
    assert api_as("ward_head").get(f"/households/{homes['him_lam'].pk}").status_code == 404


def test_pagination_gives_the_total_and_stable_pages(world, api_as):
    for i in range(7):
        world.household(world.groups[2], f"Trần Văn Số{i}")
    client = api_as("ward_head")
    first = client.get("/households", {"limit": 3}).json()
    third = client.get("/households", {"limit": 3, "offset": 6}).json()
    assert first["count"] == 7 and len(first["items"]) == 3 and len(third["items"]) == 1
    assert {h["id"] for h in first["items"]}.isdisjoint(h["id"] for h in third["items"])
    beyond = client.get("/households", {"limit": 3, "offset": 100}).json()
    assert beyond["count"] == 7 and beyond["items"] == []


def test_filters_by_unit_id_or_code_status_year_and_accent_free_search(world, api_as, homes):
    from vanhoa.registry import services

    services.change_household_status(
        homes["anh"], actor=TEST, status="moved_out", on=date(2024, 3, 1), reason="Chuyển vào Nam"
    )
    client = api_as("ward_head")

    def ids(**params):
        response = client.get("/households", params)
        assert response.status_code == 200, response.content
        return {h["id"] for h in response.json()["items"]}

    assert ids(unit=world.groups[1].pk) == {homes["an"].pk}
    # the old ward's code (pre-2025 scheme) covers the groups that moved to Đoàn Kết
    assert ids(unit_code="pre2025:03388") == {homes["duc"].pk, homes["anh"].pk, homes["an"].pk}
    assert ids(status="moved_out") == {homes["anh"].pk}
    assert ids(status="active") == {homes["duc"].pk, homes["an"].pk}
    assert ids(year=2025) == {homes["duc"].pk, homes["an"].pk}
    assert ids(year=2023) == {homes["duc"].pk, homes["anh"].pk, homes["an"].pk}
    assert ids(q="nguyen van duc") == {homes["duc"].pk}
    assert ids(q="TRAN PHU") == {homes["duc"].pk}
    assert ids(q="đức") == {homes["duc"].pk}
    assert client.get("/households", {"unit": 999999}).json()["code"] == "not_found"


def test_ordering_options(world, api_as, homes):
    client = api_as("ward_head")
    names = lambda o: [h["head_name"] for h in client.get("/households", {"ordering": o}).json()["items"]]  # noqa: E731
    assert names("-name") == ["Nguyễn Văn Đức", "Lê Thị Ánh", "Hoàng Văn An"]
    assert names("code")[0] == "Nguyễn Văn Đức"  # HGĐ-00001
    bad = client.get("/households", {"ordering": "head_name"})
    assert bad.status_code == 422
    assert bad.json()["details"][0]["field"] == "ordering"
    assert bad.json()["details"][0]["message"].startswith("Sắp xếp: giá trị không hợp lệ")


def test_validation_errors_say_which_field_in_vietnamese(world, api_as):
    client = api_as("ward_head")
    response = client.get("/households", {"limit": 0, "year": "abc"})
    assert response.status_code == 422
    body = response.json()
    assert body["code"] == "validation_error"
    fields = {d["field"]: d["message"] for d in body["details"]}
    assert fields["limit"] == "Số bản ghi mỗi trang: phải từ 1 trở lên."
    assert fields["year"] == "Năm: phải là số nguyên."


def test_phone_is_masked_without_the_phone_capability(world, api_as, homes, monkeypatch):
    assert api_as("front_officer").get(f"/households/{homes['duc'].pk}").json()["phone"] == "0912345678"
    monkeypatch.setitem(ROLE_CAPABILITIES, Role.WARD_HEAD, ROLE_CAPABILITIES[Role.WARD_HEAD] - {Cap.HOUSEHOLDS_PHONE})
    body = api_as("ward_head").get(f"/households/{homes['duc'].pk}").json()
    assert body["phone"] == "091****678" and body["phone_masked"] is True
    listed = api_as("ward_head").get("/households", {"q": "duc"}).json()["items"][0]
    assert listed["phone"] == "091****678"


def test_create_goes_through_the_audited_service_with_the_forms_rules(world, api_as):
    client = api_as("front_officer")
    response = client.post(
        "/households",
        {"group": world.groups[0].pk, "head_name": "  Nguyễn  Văn Đức ", "member_count": 4, "phone": "0912345678"},
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["head_name"] == "Nguyễn Văn Đức" and body["phone"] == "0912345678" and body["code"] == "HGĐ-00001"
    household = Household.objects.get(pk=body["id"])
    entry = AuditEntry.objects.get(action="registry.household.created", object_id=str(household.pk))
    assert entry.actor == world.users["front_officer"]


def test_create_with_bad_input_names_every_field_and_writes_nothing(world, api_as):
    client = api_as("front_officer")
    response = client.post(
        "/households", {"group": world.groups[0].pk, "head_name": "Páo", "member_count": 3, "phone": "12345"}
    )
    assert response.status_code == 422
    fields = {d["field"]: d["message"] for d in response.json()["details"]}
    assert fields["head_name"] == "Họ và tên chủ hộ: Vui lòng nhập đầy đủ họ và tên (ít nhất hai chữ)."
    assert fields["phone"].startswith("Số điện thoại: Số điện thoại gồm 10 hoặc 11 chữ số")
    missing = client.post("/households", {"group": world.groups[0].pk})
    assert {d["field"] for d in missing.json()["details"]} == {"head_name", "member_count"}
    assert missing.json()["details"][0]["message"].endswith("bắt buộc phải có.")
    assert Household.objects.count() == 0 and not AuditEntry.objects.filter(action__startswith="registry").exists()


def test_create_in_a_group_out_of_scope_is_refused_without_saying_it_exists(world, api_as):
    leader = api_as("leader_group1")
    for group_id in (world.groups[1].pk, 999999):
        response = leader.post("/households", {"group": group_id, "head_name": "Lò Văn Páo", "member_count": 3})
        assert response.status_code == 422
        assert response.json()["details"] == [
            {"field": "group", "message": f"Tổ dân phố: không tìm thấy tổ dân phố số {group_id} trong phạm vi của bạn."}
        ]
    assert api_as("city_viewer").post("/households", {}).status_code == 403
    assert Household.objects.count() == 0


def test_a_rule_broken_in_the_service_is_a_422_rule_violation(world, api_as, homes):
    response = api_as("ward_head").post(
        "/households", {"group": world.groups[1].pk, "head_name": "Lò Văn Páo", "member_count": 2, "code": "HGĐ-00001"}
    )
    assert response.status_code == 422
    assert response.json()["code"] == "rule_violation"
    assert "Mã hộ HGĐ-00001 đã có trong phường" in response.json()["message"]


def test_patch_changes_only_the_fields_sent_and_records_the_move(world, api_as, homes):
    client = api_as("ward_head")
    response = client.patch(
        f"/households/{homes['duc'].pk}", {"member_count": 6, "group": world.groups[2].pk, "moved_on": "2025-09-01"}
    )
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["member_count"] == 6 and body["group_id"] == world.groups[2].pk
    assert body["phone"] == "0912345678" and body["address"] == "Số 5 đường Trần Phú"
    history = client.get(f"/households/{homes['duc'].pk}/history").json()
    assert history["count"] == 2
    latest = history["items"][0]
    assert latest["action"] == "registry.household.updated" and latest["changes"]["member_count"] == [4, 6]
    assert homes["duc"].placements.filter(valid_from=date(2025, 9, 1), group=world.groups[2]).exists()


def test_patch_out_of_scope_is_404_and_a_leader_cannot_move_a_household_to_another_group(world, api_as, homes):
    leader = api_as("leader_group1")
    assert leader.patch(f"/households/{homes['an'].pk}", {"member_count": 2}).status_code == 404
    moved = leader.patch(f"/households/{homes['duc'].pk}", {"group": world.groups[1].pk})
    assert moved.status_code == 422 and moved.json()["details"][0]["field"] == "group"
    bad = leader.patch(f"/households/{homes['duc'].pk}", {"member_count": 0})
    assert bad.status_code == 422 and bad.json()["details"][0]["field"] == "member_count"


def test_in_scope_without_the_change_capability_is_403(world, api_as, homes, monkeypatch):
    """A household viewer who may change households elsewhere only: 403 on this one, as in the UI."""
    monkeypatch.setitem(ROLE_CAPABILITIES, Role.VIEWER, ROLE_CAPABILITIES[Role.VIEWER] | {Cap.HOUSEHOLDS_VIEW})
    user = world.users["city_viewer"]
    Membership.objects.create(user=user, unit=world.other_group, role=Role.GROUP_LEADER)
    client = api_as(user)
    assert client.get(f"/households/{homes['duc'].pk}").status_code == 200
    response = client.patch(f"/households/{homes['duc'].pk}", {"member_count": 2})
    assert response.status_code == 403 and response.json()["code"] == "forbidden"
    status = client.post(f"/households/{homes['duc'].pk}/status", {"status": "moved_out", "on": "2025-10-01"})
    assert status.status_code == 403
    assert client.patch(f"/households/{homes['him_lam'].pk}", {"member_count": 2}).status_code == 200


def test_status_change_through_the_service_with_merge_target_by_code(world, api_as, homes):
    client = api_as("front_officer")
    response = client.post(
        f"/households/{homes['anh'].pk}/status",
        {"status": "merged", "on": "2025-10-01", "reason": "Nhập hộ", "other_code": homes["duc"].code},
    )
    assert response.status_code == 200, response.content
    assert response.json()["status"] == "merged" and response.json()["origin_id"] == homes["duc"].pk
    assert AuditEntry.objects.filter(action="registry.household.merged", object_id=str(homes["anh"].pk)).exists()
    again = client.post(f"/households/{homes['anh'].pk}/status", {"status": "moved_out", "on": "2025-10-02"})
    assert again.status_code == 422 and again.json()["code"] == "rule_violation"
    assert again.json()["message"] == "Không thể chuyển từ «Đã nhập vào hộ khác» sang «Đã chuyển đi»."
    unknown = client.post(
        f"/households/{homes['an'].pk}/status", {"status": "merged", "on": "2025-10-01", "other_code": "HGĐ-99999"}
    )
    assert unknown.status_code == 422 and unknown.json()["details"][0]["field"] == "other_code"
    bad_date = client.post(f"/households/{homes['an'].pk}/status", {"status": "moved_out", "on": "18/11/2025"})
    assert bad_date.status_code == 422 and bad_date.json()["details"][0]["field"] == "on"
