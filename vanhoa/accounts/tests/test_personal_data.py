"""Personal data (Luật 91/2025, NĐ 356/2025): nothing sensitive collected, phones masked for roles that do not
need them, and everything held about a household exported on request (the export itself audited)."""

from __future__ import annotations

import json
import re
from datetime import date

import pytest
from django.apps import apps

from vanhoa.accounts import personal_data
from vanhoa.accounts.personal_data import PhoneDisclosure, mask_phone
from vanhoa.core.models import AuditEntry
from vanhoa.registry import services as registry
from vanhoa.testing.actors import TEST

FORBIDDEN = re.compile(
    r"cccd|cmnd|căn cước|chứng minh|id_?card|identity|passport|hộ chiếu|dân tộc|ethnic|"
    r"tôn giáo|religio|định danh|national_id",
    re.IGNORECASE,
)


def test_no_model_collects_id_card_numbers_ethnicity_or_religion():
    offending = []
    for model in apps.get_models():
        if not model.__module__.startswith("vanhoa."):
            continue
        for field in model._meta.get_fields():
            text = f"{field.name} {getattr(field, 'verbose_name', '')} {getattr(field, 'help_text', '')}"
            if FORBIDDEN.search(text):
                offending.append(f"{model.__name__}.{field.name}")
    assert not offending


def test_phone_numbers_are_masked_unless_the_role_needs_them(world):
    assert mask_phone("0912345678") == "091****678" and mask_phone("") == ""
    leader = PhoneDisclosure(world.users["leader_group1"])
    assert leader.show("0912345678", world.groups[0].pk) == "0912345678"
    assert leader.show("0912345678", world.groups[1].pk) == "091****678"
    assert PhoneDisclosure(world.users["system_admin"]).allows(world.groups[1].pk)
    assert not PhoneDisclosure(world.users["city_viewer"]).allows(world.groups[0].pk)
    assert not PhoneDisclosure(None).allows(world.groups[0].pk)


def _household_with_a_story(world):
    h = world.household(world.groups[0], "Lò Văn Páo", member_count=6, phone="0912345678", since=date(2015, 3, 2))
    registry.update_household(h, actor=world.users["front_officer"], group=world.groups[1], moved_on=date(2021, 1, 5))
    new = registry.split_household(
        h, actor=TEST, new_head_name="Lò Văn Khoa", member_count=2, moved_members=2, on=date(2022, 6, 1)
    )
    h.refresh_from_db()
    return h, new


def test_the_export_holds_the_record_placements_related_households_and_its_audit_trail(world, client_for):
    h, new = _household_with_a_story(world)
    world.household(world.groups[0], "Người Khác Hoàn Toàn")
    response = client_for(world.users["front_officer"]).get(f"/ho-gia-dinh/{h.pk}/du-lieu-ca-nhan.json")
    assert response.status_code == 200 and "attachment" in response["Content-Disposition"]
    data = json.loads(response.content)
    sections = data["sections"]
    assert list(sections)[:3] == ["Thông tin hộ gia đình", "Quá trình cư trú", "Hộ liên quan"]
    assert list(sections)[-1] == "Nhật ký thay đổi về hộ"
    record = sections["Thông tin hộ gia đình"][0]
    assert record["Họ và tên chủ hộ"] == "Lò Văn Páo" and record["Số điện thoại"] == "0912345678"
    assert record["Cư trú từ ngày"] == "02/03/2015" and record["Số nhân khẩu"] == 4
    assert [p["Tổ dân phố"] for p in sections["Quá trình cư trú"]] == ["Tổ dân phố số 1", "Tổ dân phố số 2"]
    assert sections["Quá trình cư trú"][0]["Đến ngày"] == "05/01/2021"
    assert sections["Hộ liên quan"] == [
        {"Quan hệ": "Hộ tách ra từ hộ này", "Mã hộ": new.code, "Chủ hộ": "Lò Văn Khoa", "Tổ dân phố": "Tổ dân phố số 2"}
    ]
    actions = [e["Mã việc"] for e in sections["Nhật ký thay đổi về hộ"]]
    assert actions == ["registry.household.created", "registry.household.updated", "registry.household.split"]
    assert "Người Khác" not in response.content.decode()


def test_the_export_is_audited_as_a_disclosure(world, client_for):
    h = world.household(world.groups[0], "Lò Văn Páo")
    client = client_for(world.users["ward_head"])
    assert client.get(f"/ho-gia-dinh/{h.pk}/du-lieu-ca-nhan/").status_code == 200
    client.get(f"/ho-gia-dinh/{h.pk}/du-lieu-ca-nhan.json")
    entries = AuditEntry.objects.filter(action="privacy.household.exported", object_id=str(h.pk)).order_by("pk")
    assert [e.changes["_"]["format"] for e in entries] == ["html", "json"]
    assert all(e.actor == world.users["ward_head"] and e.unit == world.groups[0] for e in entries)


def test_the_printable_page_reads_like_a_document(world, client_for):
    h, _ = _household_with_a_story(world)
    html = client_for(world.users["front_officer"]).get(f"/ho-gia-dinh/{h.pk}/du-lieu-ca-nhan/").content.decode()
    assert "Dữ liệu cá nhân đang lưu về hộ Lò Văn Páo" in html and "Luật Bảo vệ dữ liệu cá nhân số 91/2025/QH15" in html
    assert "Quá trình cư trú" in html and "Tách hộ" in html and "data-print" in html


@pytest.mark.parametrize(
    "persona,status",
    [("front_officer", 200), ("ward_head", 200), ("leader_group1", 403), ("union_officer", 403), ("city_viewer", 403)],
)
def test_only_the_ward_head_and_front_officer_export_personal_data(world, client_for, persona, status):
    h = world.household(world.groups[0], "Lò Văn Páo")
    client = client_for(world.users[persona])
    assert client.get(f"/ho-gia-dinh/{h.pk}/du-lieu-ca-nhan.json").status_code == status
    detail = client.get(f"/ho-gia-dinh/{h.pk}/").content.decode()
    assert (f"/ho-gia-dinh/{h.pk}/du-lieu-ca-nhan/" in detail) == (status == 200)


def test_other_apps_add_their_sections(world, client_for):
    h = world.household(world.groups[0], "Lò Văn Páo")
    personal_data.register(
        "Danh hiệu Gia đình văn hóa",
        lambda household: [{"Năm": 2020, "Kết quả": "Đạt", "Ngày": date(2020, 12, 1)}],
        order=500,
    )
    try:
        data = json.loads(
            client_for(world.users["front_officer"]).get(f"/ho-gia-dinh/{h.pk}/du-lieu-ca-nhan.json").content
        )
        assert data["sections"]["Danh hiệu Gia đình văn hóa"] == [{"Năm": 2020, "Kết quả": "Đạt", "Ngày": "01/12/2020"}]
        assert list(data["sections"])[-2:] == ["Danh hiệu Gia đình văn hóa", "Nhật ký thay đổi về hộ"]
    finally:
        personal_data._SECTIONS.pop("Danh hiệu Gia đình văn hóa")


def test_lists_and_details_mask_phones_for_a_role_that_sees_households_but_not_phones(world, client_for, monkeypatch):
    from vanhoa.accounts.permissions import ROLE_CAPABILITIES, Cap, Role

    # No role of today sees households without phones; a future one (say, a review committee) would.
    monkeypatch.setitem(ROLE_CAPABILITIES, Role.VIEWER, ROLE_CAPABILITIES[Role.VIEWER] | {Cap.HOUSEHOLDS_VIEW})
    h = world.household(world.groups[0], "Lò Văn Páo", phone="0912345678")
    client = client_for(world.users["city_viewer"])
    html = client.get("/ho-gia-dinh/").content.decode()
    assert "Lò Văn Páo" in html and "091****678" in html and "0912345678" not in html
    html = client.get(f"/ho-gia-dinh/{h.pk}/").content.decode()
    assert "091****678" in html and "0912345678" not in html
    html = client_for(world.users["front_officer"]).get("/ho-gia-dinh/").content.decode()
    assert "0912345678" in html
