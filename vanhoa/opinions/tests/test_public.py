"""The public page of a notice (/cong-khai/): the proposed list with nothing but the head's name and the group,
the opinion form (honeypot, throttled per address and per household → 429), no indexing; the group leader settles
an opinion and it reaches the printed list (Mẫu 02)."""

from __future__ import annotations

import re
from datetime import date

import pytest
from django.test import Client

from vanhoa.core.models import AuditEntry
from vanhoa.core.text import format_date
from vanhoa.opinions.models import ResidentOpinion
from vanhoa.registry.models import Household
from vanhoa.testing.actors import TEST
from vanhoa.titles import documents, services
from vanhoa.titles.models import NoticeComment
from vanhoa.titles.tests.test_documents import text_of

pytestmark = pytest.mark.django_db

DURING = date(2024, 10, 18)


@pytest.fixture
def notice(world, reviewed, monkeypatch):
    """Group 1's 2024 list (2 households) on notice from 16/10 to 25/10/2024; today 18/10/2024."""
    monkeypatch.setattr("vanhoa.core.clock.today", lambda: DURING)
    cands = reviewed(2024)
    n = services.open_public_notice(
        actor=TEST, title="gdvh", year=2024, unit=world.groups[0], opened_on=date(2024, 10, 16), place="Nhà văn hóa"
    )
    return n, cands


def visible_text(html: str) -> str:
    html = re.sub(r'<input type="hidden" name="csrfmiddlewaretoken"[^>]*>', "", html)
    html = re.sub(r"<(script|style)[^>]*>.*?</\1>", "", html, flags=re.S)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def send(client, n, **data):
    payload = {"sender_name": "Lò Thị Góp", "sender_group": "Tổ 1", "candidacy": "", "content": "Ý kiến", **data}
    return client.post(f"/cong-khai/niem-yet/{n.pk}/", payload, REMOTE_ADDR=data.pop("ip", "10.0.0.1"))


def test_the_public_list_shows_only_the_heads_name_and_the_group(world, notice):
    n, cands = notice
    household = Household.objects.get(pk=cands[0].household_id)
    Household.objects.filter(pk=household.pk).update(
        address="Số 17 đường Hoa Ban",
        phone="0912345678",
        status_note="Lý do riêng tư",
        note="Ghi chú riêng tư",
        member_count=37,
        status_date=date(2019, 3, 14),
        code="HO-SECRET-01",
    )
    household.refresh_from_db()
    response = Client().get(f"/cong-khai/niem-yet/{n.pk}/")
    assert response.status_code == 200
    html = response.content.decode()
    text = visible_text(html)
    assert household.head_name in text and "Tổ dân phố số 1" in text
    shown = {"head_name", "group"}
    for field in Household._meta.concrete_fields:
        value = getattr(household, field.attname)
        if field.name in shown or value in (None, ""):
            continue
        if isinstance(value, date):
            assert format_date(value) not in html and value.isoformat() not in html, field.name
        elif isinstance(value, bool):
            continue  # nothing yes/no is printed
        elif isinstance(value, int):
            if field.is_relation or field.primary_key:
                continue  # ids: checked as data below
            assert not re.search(rf"\b{value}\b", text), field.name
        else:
            assert str(value) not in html, field.name
    assert f"/{household.pk}/" not in html  # no link to the household's record


def test_the_page_is_kept_out_of_search_engines(notice):
    n, _ = notice
    response = Client().get(f"/cong-khai/niem-yet/{n.pk}/")
    assert response["X-Robots-Tag"] == "noindex, nofollow, noarchive"
    assert '<meta name="robots" content="noindex, nofollow, noarchive">' in response.content.decode()


def test_an_opinion_is_received_and_the_leader_settles_it_into_the_printed_list(world, notice, client_for):
    n, cands = notice
    response = send(Client(), n, candidacy=str(cands[0].pk), content="Hộ này chưa giữ vệ sinh chung")
    assert response.status_code == 302 and response["Location"].endswith("?da-gui=1")
    opinion = ResidentOpinion.objects.get()
    assert (opinion.sender_name, opinion.candidacy_id, opinion.received_on) == ("Lò Thị Góp", cands[0].pk, DURING)
    assert AuditEntry.objects.filter(action="opinions.opinion.received").count() == 1
    # another group's leader cannot reach it
    other = client_for(world.users["leader_group2"])
    assert other.post(f"/cong-khai/y-kien/{opinion.pk}/xu-ly/", {"resolution": "x"}).status_code == 404
    # the group leader sees it on the notice page and settles it
    leader = client_for(world.users["leader_group1"])
    page = leader.get(f"/danh-hieu/niem-yet/{n.pk}/").content.decode()
    assert "Hộ này chưa giữ vệ sinh chung" in page
    r = leader.post(f"/cong-khai/y-kien/{opinion.pk}/xu-ly/", {"resolution": "Đã nhắc nhở, hộ cam kết khắc phục"})
    assert r.status_code == 302 and r["Location"] == f"/danh-hieu/niem-yet/{n.pk}/"
    assert "Không có ý kiến nào chờ xử lý." in leader.get(r["Location"]).content.decode()
    opinion.refresh_from_db()
    comment = NoticeComment.objects.get()
    assert opinion.comment == comment and comment.candidacy_id == cands[0].pk
    assert comment.content == "Lò Thị Góp (Tổ 1): Hộ này chưa giữ vệ sinh chung"
    assert AuditEntry.objects.filter(action="opinions.opinion.settled").count() == 1
    # the list with the result of the consultation (Mẫu 02) prints it
    services.close_public_notice(n, actor=TEST, on=date(2024, 10, 26))
    text = text_of(documents.build_proposal(ward=world.ward, year=2024, group=str(world.groups[0].pk)).to_bytes())
    assert "Lò Thị Góp (Tổ 1): Hộ này chưa giữ vệ sinh chung (Đã nhắc nhở, hộ cam kết khắc phục)" in text


def test_a_robot_filling_the_hidden_field_is_thanked_and_nothing_is_kept(notice):
    n, _ = notice
    response = send(Client(), n, website="http://spam.example")
    assert response.status_code == 302
    assert ResidentOpinion.objects.count() == 0


def test_too_many_opinions_from_one_address_or_about_one_household_answer_429(notice):
    n, cands = notice
    client = Client()
    for _ in range(5):
        assert send(client, n).status_code == 302
    response = send(client, n)
    assert response.status_code == 429
    assert "thử lại sau một giờ" in response.content.decode()
    assert ResidentOpinion.objects.count() == 5
    # about one household: 10 a day, whatever the address
    for i in range(10):
        assert send(client, n, candidacy=str(cands[1].pk), ip=f"10.0.1.{i}").status_code == 302
    assert send(client, n, candidacy=str(cands[1].pk), ip="10.0.2.1").status_code == 429


def test_a_missing_field_is_named_and_after_the_notice_the_form_is_gone(notice, monkeypatch):
    n, _ = notice
    response = send(Client(), n, sender_name="  ")
    assert response.status_code == 200
    assert "Họ và tên của ông/bà: chưa nhập." in response.content.decode()
    monkeypatch.setattr("vanhoa.core.clock.today", lambda: date(2024, 10, 26))
    html = Client().get(f"/cong-khai/niem-yet/{n.pk}/").content.decode()
    assert "Đã hết thời gian nhận ý kiến" in html and 'name="content"' not in html
    assert send(Client(), n).status_code == 200 and ResidentOpinion.objects.count() == 0


def test_the_printable_notice_carries_a_qr_code_of_the_public_page(world, notice, client_for):
    n, cands = notice
    html = client_for(world.users["leader_group1"]).get(f"/cong-khai/niem-yet/{n.pk}/ban-in/").content.decode()
    assert f"http://testserver/cong-khai/niem-yet/{n.pk}/" in html
    assert '<svg width="' in html and 'class="segno"' in html
    assert "từ ngày <strong>16/10/2024</strong> đến hết ngày <strong>25/10/2024</strong>" in html
    assert cands[0].subject_name in html
    assert client_for(world.users["leader_group2"]).get(f"/cong-khai/niem-yet/{n.pk}/ban-in/").status_code == 404


def test_after_the_decision_the_published_list_appears(world, notice, monkeypatch):
    n, cands = notice
    monkeypatch.setattr("vanhoa.core.clock.today", lambda: date(2024, 11, 6))
    services.close_public_notice(n, actor=TEST, on=date(2024, 10, 26))
    services.submit_proposal(actor=TEST, title="gdvh", year=2024, unit=world.groups[0], on=date(2024, 10, 28))
    assert 'id="decided"' not in Client().get(f"/cong-khai/niem-yet/{n.pk}/").content.decode()
    decision = services.issue_decision(
        actor=TEST,
        title="gdvh",
        year=2024,
        ward=world.ward_2020,
        number="12",
        signed_on=date(2024, 11, 5),
        signer_name="Nguyễn Văn An",
    )
    html = Client().get(f"/cong-khai/niem-yet/{n.pk}/").content.decode()
    assert f'href="/cong-khai/quyet-dinh/{decision.pk}/"' in html
    response = Client().get(f"/cong-khai/quyet-dinh/{decision.pk}/")
    assert response["X-Robots-Tag"] == "noindex, nofollow, noarchive"
    page = response.content.decode()
    assert "Quyết định số <strong>12/QĐ-UBND</strong> ngày <strong>05/11/2024</strong>" in page
    assert all(c.subject_name in page for c in cands)
    assert "Tổ dân phố số 1" in page
    household = Household.objects.get(pk=cands[0].household_id)
    assert household.code not in page and (household.address or "@@") not in page
    # a decision signed later is not shown before its date
    monkeypatch.setattr("vanhoa.core.clock.today", lambda: date(2024, 11, 4))
    assert Client().get(f"/cong-khai/quyet-dinh/{decision.pk}/").status_code == 404


def test_the_wards_public_page_lists_its_notices_and_lists(world, notice):
    n, _ = notice
    response = Client().get(f"/cong-khai/{world.ward.pk}/2024/")
    assert response["X-Robots-Tag"] == "noindex, nofollow, noarchive"
    html = response.content.decode()
    assert f'href="/cong-khai/niem-yet/{n.pk}/"' in html and "đang nhận ý kiến" in html
    assert "Chưa có quyết định công nhận." in html
    assert Client().get(f"/cong-khai/{world.groups[0].pk}/2024/").status_code == 404
