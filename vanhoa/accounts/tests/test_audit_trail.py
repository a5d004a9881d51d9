"""The audit trail: one page lists the entries of one's scope; nobody edits or deletes an entry, anywhere."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.utils import timezone

from vanhoa.core import audit
from vanhoa.core.models import AuditEntry
from vanhoa.registry import services as registry
from vanhoa.testing.actors import TEST


def test_entries_cannot_be_changed_or_deleted_one_by_one_or_in_bulk(world):
    h = world.household(world.groups[0], "Lò Văn Páo")
    entry = audit.history(h).get()
    entry.note = "sửa lén"
    with pytest.raises(PermissionError, match="không được sửa"):
        entry.save()
    with pytest.raises(PermissionError, match="không được xóa"):
        entry.delete()
    with pytest.raises(PermissionError, match="không được sửa"):
        AuditEntry.objects.filter(pk=entry.pk).update(note="sửa lén")
    with pytest.raises(PermissionError, match="không được xóa"):
        AuditEntry.objects.all().delete()
    assert AuditEntry.objects.get(pk=entry.pk).note == ""


def test_the_django_admin_shows_entries_read_only(world, client_for):
    h = world.household(world.groups[0], "Lò Văn Páo")
    entry = audit.history(h).get()
    client = client_for(world.users["system_admin"])
    base = "/quan-tri-he-thong/core/auditentry/"
    assert client.get(base).status_code == 200
    page = client.get(f"{base}{entry.pk}/change/")
    assert page.status_code == 200 and 'name="_save"' not in page.content.decode()
    assert client.post(f"{base}{entry.pk}/change/", {"note": "sửa lén"}).status_code == 403
    assert client.get(f"{base}{entry.pk}/delete/").status_code == 403
    assert client.post(f"{base}{entry.pk}/delete/", {"post": "yes"}).status_code == 403
    assert client.get(f"{base}add/").status_code == 403
    assert client.post(base, {"action": "delete_selected", "_selected_action": [entry.pk]}).status_code in (200, 302)
    assert AuditEntry.objects.filter(pk=entry.pk, note="").exists()


def test_the_log_page_lists_only_entries_of_ones_scope(world, client_for):
    world.household(world.groups[0], "Lò Văn Páo")
    world.household(world.other_group, "Quàng Văn Xa")
    registry.create_agency(actor=TEST, ward=world.ward, name="Trường Mầm non Hoa Ban")
    html = client_for(world.users["ward_head"]).get("/nhat-ky/").content.decode()
    assert "Lò Văn Páo" in html and "Trường Mầm non Hoa Ban" in html and "Quàng Văn Xa" not in html
    assert "Thêm hộ gia đình" in html  # the Vietnamese name of the action
    html = client_for(world.users["system_admin"]).get("/nhat-ky/").content.decode()
    assert "Quàng Văn Xa" in html
    assert client_for(world.users["leader_group1"]).get("/nhat-ky/").status_code == 403
    assert client_for(world.users["city_viewer"]).get("/nhat-ky/").status_code == 403


def test_the_log_page_filters_by_action_person_and_date_and_pages(world, client_for):
    head = world.users["ward_head"]
    h = world.household(world.groups[0], "Lò Văn Páo")
    registry.update_household(h, actor=head, member_count=6)
    client = client_for(head)

    def count(**params):
        html = client.get("/nhat-ky/", params).content.decode()
        return int(html.split('id="entry-count">')[1].split(" ")[0])

    everything = count()
    assert count(action="registry.household.updated") == 1
    assert count(actor=head.get_full_name() or head.username) == 1
    today = timezone.localdate()
    assert count(date_from=today.strftime("%d/%m/%Y")) == everything
    assert count(date_to=(today - timedelta(days=1)).strftime("%d/%m/%Y")) == 0
    assert count(q="Páo") == 2
    html = client.get("/nhat-ky/", {"date_from": "31/02/2020"}).content.decode()
    assert "Từ ngày: Ngày phải theo dạng dd/mm/yyyy, ví dụ 05/11/2020." in html
    for i in range(55):
        registry.create_agency(actor=TEST, ward=world.ward, name=f"Cơ quan {i}")
    html = client.get("/nhat-ky/", {"action": "registry.agency.created"}).content.decode()
    assert "Trang 1/2" in html and html.count("<tr>") == 51


def test_agencies_streets_and_units_show_their_history_to_whoever_may_see_them(world, client_for):
    agency = registry.create_agency(actor=TEST, ward=world.ward, name="Trường Tiểu học")
    registry.update_agency(agency, actor=world.users["union_officer"], staff_count=30)
    street = registry.create_street(actor=TEST, ward=world.ward, name="Đường Trần Phú")
    for persona in ("union_officer", "culture_officer", "front_officer"):
        client = client_for(world.users[persona])
        html = client.get(f"/co-quan/{agency.pk}/").content.decode()
        assert "Sửa cơ quan, đơn vị" in html and "staff_count: ∅ → 30" in html
        assert "Thêm tuyến phố" in client.get(f"/tuyen-pho/{street.pk}/").content.decode()
    html = client_for(world.users["front_officer"]).get(f"/don-vi/{world.ward_2020.pk}/").content.decode()
    assert "Sáp nhập đơn vị" in html


def test_an_entry_records_who_when_what_and_the_changed_fields_only(world):
    head = world.users["ward_head"]
    h = world.household(world.groups[0], "Lò Văn Páo", phone="0912345678")
    registry.update_household(h, actor=head, member_count=5, phone="0987654321", since=date(2019, 5, 1))
    e = audit.history(h).first()
    assert e.actor == head and e.action == "registry.household.updated" and e.unit == world.groups[0]
    assert e.changes == {"member_count": [4, 5], "phone": ["***", "***"], "since": [None, "2019-05-01"]}


def test_a_user_is_never_deleted_so_their_roles_and_entries_keep_their_author(world):
    from django.contrib.auth import get_user_model
    from django.db import transaction
    from django.db.models import ProtectedError

    from vanhoa.accounts import services as accounts
    from vanhoa.accounts.models import Membership

    user, _ = accounts.create_user(
        actor=TEST, username="tamthoi", full_name="Người Tạm Thời", role="group_leader", unit=world.groups[0]
    )
    h = world.household(world.groups[0], "Lò Văn Páo")
    registry.update_household(h, actor=user, member_count=9)
    with pytest.raises(ProtectedError, match="hãy khóa tài khoản"), transaction.atomic():
        get_user_model().objects.filter(pk=user.pk).delete()
    entry = audit.history(h).first()
    assert entry.actor == user and entry.actor_name == "Người Tạm Thời" and entry.changes == {"member_count": [4, 9]}
    assert Membership.objects.filter(user=user).exists()
