"""The API's side of "no silent lost update" (issue 21, F4): ETag on reading, If-Match on writing, 409."""

from __future__ import annotations

import json

import pytest

from vanhoa.registry import services
from vanhoa.registry.models import Household
from vanhoa.testing.actors import TEST

pytestmark = pytest.mark.django_db


@pytest.fixture
def household(world):
    return world.household(world.groups[0], "Lò Văn Páo", member_count=4, address="Số 1 đường Trần Phú")


def patch(api, pk, data, version=None):
    headers = {**api.headers, **({"If-Match": f'"{version}"'} if version else {})}
    return api.client.patch(
        f"/api/v1/households/{pk}", json.dumps(data), content_type="application/json", headers=headers
    )


def test_reading_a_household_gives_its_version_as_etag_and_in_the_body(world, household, api_as):
    response = api_as("front_officer").get(f"/households/{household.pk}")
    assert response.status_code == 200
    assert response.headers["ETag"] == f'"{response.json()["version"]}"'


def test_a_write_over_a_newer_version_answers_409_and_writes_nothing(world, household, api_as):
    api = api_as("front_officer")
    version = api.get(f"/households/{household.pk}").json()["version"]
    # someone changes the address on the page after the client read the household
    services.update_household(household, actor=world.users["ward_head"], address="Số 9 đường Lê Lợi")
    response = patch(api, household.pk, {"member_count": 6}, version)
    assert response.status_code == 409
    body = response.json()
    assert body["code"] == "version_conflict" and "chưa được lưu" in body["message"]
    details = body["details"]
    assert details["current_version"] != version and details["current"]["address"] == "Số 9 đường Lê Lợi"
    assert details["current"]["version"] == details["current_version"]
    # a PATCH sends only some fields: those it sent that differ from the current version are listed
    assert details["fields"] == [{"field": "member_count", "label": "Số nhân khẩu", "yours": "6", "current": "4"}]
    assert Household.objects.get(pk=household.pk).member_count == 4
    # sent again with the current version, the change is applied and the new version returned
    again = patch(api, household.pk, {"member_count": 6}, details["current_version"])
    assert again.status_code == 200 and again.json()["member_count"] == 6
    assert again.headers["ETag"] == f'"{again.json()["version"]}"'
    saved = Household.objects.get(pk=household.pk)
    assert (saved.address, saved.member_count) == ("Số 9 đường Lê Lợi", 6)


def test_without_if_match_a_patch_applies_as_before(world, household, api_as):
    assert patch(api_as("front_officer"), household.pk, {"member_count": 5}).status_code == 200
    assert Household.objects.get(pk=household.pk).member_count == 5


def test_agencies_and_streets_answer_409_over_a_newer_version_too(world, api_as):
    from vanhoa.registry.models import Agency, Street

    agency = services.create_agency(actor=TEST, ward=world.ward, name="Trường Tiểu học Đoàn Kết", staff_count=30)
    street = services.create_street(actor=TEST, ward=world.ward, name="Đường Trần Phú", groups=[world.groups[0]])
    api = api_as("ward_head")
    agency_v = api.get(f"/agencies/{agency.pk}").json()["version"]
    street_v = api.get(f"/streets/{street.pk}").json()["version"]
    services.update_agency(agency, actor=TEST, staff_count=31)
    services.update_street(street, actor=TEST, stretch="Từ ngã ba đến cầu")
    for path, data, version in ((f"/agencies/{agency.pk}", {"staff_count": 40}, agency_v),
                                (f"/streets/{street.pk}", {"stretch": "Cả tuyến"}, street_v)):  # fmt: skip
        response = api.client.patch(
            "/api/v1" + path, json.dumps(data), content_type="application/json",
            headers={**api.headers, "If-Match": f'"{version}"'},
        )  # fmt: skip
        assert response.status_code == 409 and response.json()["code"] == "version_conflict"
    assert Agency.objects.get(pk=agency.pk).staff_count == 31
    assert Street.objects.get(pk=street.pk).stretch == "Từ ngã ba đến cầu"
