"""Who may import: front officer, ward head, system admin, on their own ward; a group leader may not."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied

from vanhoa.imports import services
from vanhoa.imports.models import ImportJob
from vanhoa.imports.tests.samples import samples
from vanhoa.testing.actors import TEST

ROWS = [[1, None, "Lò Văn Páo", "Tổ 1", "", 3, None, None]]


@pytest.mark.parametrize("persona", ["front_officer", "ward_head", "system_admin"])
def test_ward_officers_can_open_the_import_page_and_upload(world, persona, client_for, upload, make_xlsx):
    assert client_for(world.users[persona]).get("/excel/").status_code == 200
    response, job = upload(world.users[persona], make_xlsx(ROWS))
    assert response.status_code == 302 and job.ward == world.ward and job.created == 1


@pytest.mark.parametrize("persona", ["leader_group1", "union_officer", "culture_officer", "city_viewer"])
def test_others_cannot_import(world, persona, client_for, upload, make_xlsx):
    client = client_for(world.users[persona])
    assert client.get("/excel/").status_code == 403
    assert client.get("/excel/mau/households/").status_code == 403
    response, job = upload(world.users[persona], make_xlsx(ROWS))
    assert response.status_code == 403 and job is None


def test_a_group_leader_cannot_see_or_run_a_job_of_their_ward(world, client_for, upload, make_xlsx):
    _, job = upload(world.users["front_officer"], make_xlsx(ROWS))
    client = client_for(world.users["leader_group1"])
    for url in [f"/excel/{job.pk}/", f"/excel/{job.pk}/tep-goc/", f"/excel/{job.pk}/tien-do/"]:
        assert client.get(url).status_code == 403, url
    assert client.post(f"/excel/{job.pk}/ghi/").status_code == 403
    job.refresh_from_db()
    assert job.status == "previewed"


def test_a_job_of_another_ward_is_not_found(world, client_for):
    other = ImportJob.objects.create(ward=world.other_ward, kind="households", filename="x.xlsx")
    client = client_for(world.users["front_officer"])
    for url in [f"/excel/{other.pk}/", f"/excel/{other.pk}/tep-goc/", f"/excel/{other.pk}/dong-loi/"]:
        assert client.get(url).status_code == 404, url
    assert client.post(f"/excel/{other.pk}/ghi/").status_code == 404
    assert "x.xlsx" not in client.get("/excel/").content.decode()
    assert client_for(world.users["system_admin"]).get(f"/excel/{other.pk}/").status_code == 200


def test_an_anonymous_visitor_is_sent_to_the_login_page(world, client):
    response = client.get("/excel/")
    assert response.status_code == 302 and "/dang-nhap/" in response["Location"]


def test_the_service_refuses_a_user_without_the_capability_and_an_old_ward(world):
    with pytest.raises(PermissionDenied, match="không có quyền nhập"):  # the service's own check (core/actors.py)
        services.create_job(actor=world.users["leader_group1"], user=world.users["leader_group1"], ward=world.ward,
                            kind="households", data=b"x", filename="x.xlsx")  # fmt: skip
    with pytest.raises(services.ImportError_, match="đã hết hiệu lực"):
        services.create_job(actor=TEST, ward=world.ward_2020, kind="households", data=b"x", filename="x.xlsx")
    assert ImportJob.objects.count() == 0


def test_samples_give_a_job_of_the_ward_for_the_url_walk(world, client_for):
    from django.urls import reverse

    found = samples(world)
    assert set(found) >= {"import-detail", "import-progress", "import-sheet", "import-commit", "import-file",
                          "import-rejected", "import-template"}  # fmt: skip
    for name, (kwargs, unit) in found.items():
        assert unit == world.ward
        url = reverse(name, kwargs=kwargs)
        assert client_for(world.users["front_officer"]).get(url).status_code == 200, url
        assert client_for(world.users["leader_group1"]).get(url).status_code == 403, url
