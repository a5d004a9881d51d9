"""No silent lost update on the household page (issue 21, F4): a save from a page loaded before someone else's
save is not applied; the page shows both versions field by field and saves what the editor chooses."""

from __future__ import annotations

import re
import threading

import pytest
from django.db import connection
from django.test import Client

from vanhoa.core import versioning
from vanhoa.core.models import AuditEntry
from vanhoa.registry.models import Household
from vanhoa.testing.actors import TEST
from vanhoa.units.models import Unit

VERSION = re.compile(r'name="_version" value="([0-9a-f]*)"')


def load(client, pk):
    """The edit page as a person opens it: the form's values and the version they were loaded from."""
    html = client.get(f"/ho-gia-dinh/{pk}/sua/").content.decode()
    return VERSION.search(html).group(1)


def form(h, version, **changes):
    data = {
        "head_name": h.head_name,
        "group": h.group_id,
        "code": h.code,
        "address": h.address,
        "member_count": str(h.member_count),
        "phone": h.phone,
        "since": "",
        "note": h.note,
        "_version": version,
    }
    data.update(changes)
    return data


@pytest.fixture
def household(world):
    return world.household(world.groups[0], "Lò Văn Páo", member_count=4, address="Số 1 đường Trần Phú")


def signed_in(user):
    client = Client()
    client.force_login(user)
    return client


def second_officer(world):
    from vanhoa.accounts.permissions import Role
    from vanhoa.accounts.services import create_user

    other, _ = create_user(
        actor=TEST,
        username="canbo2",
        full_name="Tòng Thị Hai",
        role=Role.FRONT_OFFICER,
        unit=world.ward,
        password="mat-khau-thu-nghiem-2026",
    )
    return other


@pytest.fixture
def two_officers(world):
    """Two people's browsers: the ward's front officer and a second officer of the ward."""
    return signed_in(world.users["front_officer"]), signed_in(second_officer(world))


def test_the_version_is_a_hash_of_what_the_page_edits(world, household):
    before = versioning.token(household)
    Household.objects.filter(pk=household.pk).update(status_note="không đổi trên trang sửa")
    assert versioning.token(Household.objects.get(pk=household.pk)) == before
    Unit.objects.filter(pk=household.group_id).update(name="Tổ dân phố Mới")  # a related record: by its id
    assert versioning.token(Household.objects.get(pk=household.pk)) == before
    Household.objects.filter(pk=household.pk).update(member_count=5)  # a bulk path, updated_at untouched
    assert versioning.token(Household.objects.get(pk=household.pk)) != before


@pytest.mark.django_db
def test_a_save_from_a_stale_page_is_not_applied_and_both_versions_are_shown(world, household, two_officers):
    first, second = two_officers
    # given two officers who opened the same household's page
    v1, v2 = load(first, household.pk), load(second, household.pk)
    assert v1 == v2
    # when the second saves a new address, then the first saves 6 members from the page opened before
    assert second.post(f"/ho-gia-dinh/{household.pk}/sua/", form(household, v2, address="Số 9")).status_code == 302
    response = first.post(f"/ho-gia-dinh/{household.pk}/sua/", form(household, v1, member_count="6"))
    # then the first's save is not applied, and the page says who saved and shows both, field by field
    html = response.content.decode()
    assert response.status_code == 200 and 'id="version-conflict"' in html
    assert "Bản của bạn chưa được lưu" in html and "Tòng Thị Hai" in html
    rows = re.findall(r'<tr data-field="(\w+)">', html)
    assert rows == ["address", "member_count"]
    assert "Số 1 đường Trần Phú" in html and "Số 9" in html
    h = Household.objects.get(pk=household.pk)
    assert (h.address, h.member_count) == ("Số 9", 4)
    assert AuditEntry.objects.filter(action="registry.household.updated").count() == 1
    # when the first keeps the other's address and their own member count
    resolved = dict(form(household, VERSION.search(html).group(1), member_count="6"))
    resolved.update({"keep:address": "current", "keep:member_count": "mine"})
    assert first.post(f"/ho-gia-dinh/{household.pk}/sua/", resolved).status_code == 302
    # then both changes are kept: nothing is lost
    h.refresh_from_db()
    assert (h.address, h.member_count) == ("Số 9", 6)


@pytest.mark.django_db
def test_the_conflict_page_preselects_the_editors_changes_and_the_others_changes(world, household, two_officers):
    first, second = two_officers
    html = first.get(f"/ho-gia-dinh/{household.pk}/sua/").content.decode()
    version = VERSION.search(html).group(1)
    loaded = re.search(r'name="_loaded" value="([^"]*)"', html).group(1).replace("&quot;", '"')
    second.post(f"/ho-gia-dinh/{household.pk}/sua/", form(household, version, address="Số 9"))
    stale = {**form(household, version, member_count="6"), "_loaded": loaded}
    page = first.post(f"/ho-gia-dinh/{household.pk}/sua/", stale).content.decode()
    checked = re.findall(r'name="keep:(\w+)" value="(\w+)" id="[\w-]+" required checked', page)
    assert sorted(checked) == [("address", "current"), ("member_count", "mine")]
    # "Giữ toàn bộ bản của tôi" keeps every posted value, the untouched ones too
    answer = {**stale, "_version": VERSION.search(page).group(1), "keep:address": "current", "keep_all": "mine"}
    assert first.post(f"/ho-gia-dinh/{household.pk}/sua/", answer).status_code == 302
    h = Household.objects.get(pk=household.pk)
    assert (h.address, h.member_count) == ("Số 1 đường Trần Phú", 6)


@pytest.mark.django_db
def test_an_answer_given_over_an_even_newer_version_is_asked_again(world, household, two_officers):
    first, second = two_officers
    v = load(first, household.pk)
    second.post(f"/ho-gia-dinh/{household.pk}/sua/", form(household, v, address="Số 9"))
    html = first.post(f"/ho-gia-dinh/{household.pk}/sua/", form(household, v, member_count="6")).content.decode()
    seen = VERSION.search(html).group(1)
    second.post(f"/ho-gia-dinh/{household.pk}/sua/", form(household, seen, address="Số 10"))
    again = first.post(
        f"/ho-gia-dinh/{household.pk}/sua/", {**form(household, seen, member_count="6"), "keep:member_count": "mine"}
    )
    assert 'id="version-conflict"' in again.content.decode()
    assert Household.objects.get(pk=household.pk).member_count == 4


@pytest.mark.django_db
def test_a_page_with_errors_keeps_the_version_it_was_loaded_from(world, household, two_officers):
    first, second = two_officers
    v = load(first, household.pk)
    second.post(f"/ho-gia-dinh/{household.pk}/sua/", form(household, v, address="Số 9"))
    html = first.post(f"/ho-gia-dinh/{household.pk}/sua/", form(household, v, member_count="0")).content.decode()
    assert "Số nhân khẩu phải từ 1 trở lên" in html and VERSION.search(html).group(1) == v


@pytest.mark.django_db(transaction=True)
def test_two_simultaneous_saves_from_stale_pages_one_wins_the_other_is_told(world, household):
    """Given two officers with the same page open, when both save at the same moment (PostgreSQL, two
    connections), then one save is applied and the other is shown the conflict: nothing is lost silently."""
    if connection.vendor != "postgresql":
        pytest.skip("two connections writing at once: PostgreSQL")
    clients = [signed_in(world.users["front_officer"]), signed_in(second_officer(world))]
    version = load(clients[0], household.pk)
    posts = [form(household, version, address="Số 9"), form(household, version, member_count="6")]
    start = threading.Barrier(2, timeout=10)
    results: dict[int, int | str] = {}

    def save(i):
        try:
            start.wait()
            response = clients[i].post(f"/ho-gia-dinh/{household.pk}/sua/", posts[i])
            results[i] = "conflict" if 'id="version-conflict"' in response.content.decode() else response.status_code
        finally:
            connection.close()

    threads = [threading.Thread(target=save, args=(i,)) for i in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert sorted(map(str, results.values())) == ["302", "conflict"]
    winner = next(i for i, r in results.items() if r == 302)
    h = Household.objects.get(pk=household.pk)
    assert (h.address, h.member_count) == (("Số 9", 4) if winner == 0 else ("Số 1 đường Trần Phú", 6))
    assert AuditEntry.objects.filter(action="registry.household.updated").count() == 1


@pytest.mark.django_db
def test_agency_and_street_pages_refuse_a_stale_save_too(world):
    from vanhoa.registry import services
    from vanhoa.registry.models import Agency, Street

    agency = services.create_agency(actor=TEST, ward=world.ward, name="Trường Tiểu học Đoàn Kết", staff_count=30)
    street = services.create_street(actor=TEST, ward=world.ward, name="Đường Trần Phú", groups=[world.groups[0]])
    officer = signed_in(world.users["ward_head"])
    agency_v = VERSION.search(officer.get(f"/co-quan/{agency.pk}/sua/").content.decode()).group(1)
    street_v = VERSION.search(officer.get(f"/tuyen-pho/{street.pk}/sua/").content.decode()).group(1)
    services.update_agency(agency, actor=TEST, staff_count=31)
    services.update_street(street, actor=TEST, groups=[world.groups[0], world.groups[1]])
    stale_agency = {"name": agency.name, "kind": agency.kind, "lead_union": agency.lead_union, "address": "",
                    "head_name": "", "staff_count": "40", "active": "on", "_version": agency_v}  # fmt: skip
    html = officer.post(f"/co-quan/{agency.pk}/sua/", stale_agency).content.decode()
    assert re.findall(r'<tr data-field="(\w+)">', html) == ["staff_count"]
    assert Agency.objects.get(pk=agency.pk).staff_count == 31
    stale_street = {"name": "Đường Trần Phú", "stretch": "", "length_m": "", "groups": [world.groups[0].pk],
                    "active": "on", "_version": street_v}  # fmt: skip
    html = officer.post(f"/tuyen-pho/{street.pk}/sua/", stale_street).content.decode()
    assert re.findall(r'<tr data-field="(\w+)">', html) == ["groups"]
    assert "Tổ dân phố số 1, Tổ dân phố số 2" in html
    assert Street.objects.get(pk=street.pk).groups.count() == 2
