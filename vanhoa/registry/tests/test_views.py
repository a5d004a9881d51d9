from vanhoa.registry.models import Household


def test_a_group_leader_sees_only_the_households_of_their_group(world, client_for):
    mine = world.household(world.groups[0], "Lò Văn Páo", phone="0912345678")
    other = world.household(world.groups[1], "Tòng Thị Phương")
    client = client_for(world.users["leader_group1"])
    page = client.get("/ho-gia-dinh/").content.decode()
    assert "Lò Văn Páo" in page and "Tòng Thị Phương" not in page
    assert client.get(f"/ho-gia-dinh/{mine.pk}/").status_code == 200
    assert client.get(f"/ho-gia-dinh/{other.pk}/").status_code == 404
    assert client.get(f"/ho-gia-dinh/{other.pk}/sua/").status_code == 404


def test_phone_is_masked_for_roles_that_do_not_need_it(world, client_for):
    world.household(world.groups[0], "Lò Văn Páo", phone="0912345678")
    assert "0912345678" in client_for(world.users["front_officer"]).get("/ho-gia-dinh/").content.decode()
    # the union officer cannot see households at all
    assert client_for(world.users["union_officer"]).get("/ho-gia-dinh/").status_code == 403


def test_bad_input_gets_a_clear_vietnamese_message_and_nothing_is_saved(world, client_for):
    client = client_for(world.users["front_officer"])
    response = client.post(
        "/ho-gia-dinh/them/", {"head_name": "Páo", "group": world.groups[0].pk, "member_count": "0", "phone": "abc"}
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "Họ và tên chủ hộ: Vui lòng nhập đầy đủ họ và tên" in html
    assert "Số nhân khẩu: Số nhân khẩu phải từ 1 trở lên." in html
    assert Household.objects.count() == 0


def test_create_then_edit_through_the_forms(world, client_for):
    client = client_for(world.users["front_officer"])
    response = client.post(
        "/ho-gia-dinh/them/",
        {"head_name": "Lò Văn Páo", "group": world.groups[0].pk, "member_count": "5", "since": "05/01/2020"},
    )
    h = Household.objects.get()
    assert response.status_code == 302 and h.since.isoformat() == "2020-01-05"
    client.post(
        f"/ho-gia-dinh/{h.pk}/sua/",
        {"head_name": "Lò Văn Páo", "group": world.groups[0].pk, "member_count": "6", "code": h.code},
    )
    h.refresh_from_db()
    assert h.member_count == 6


def test_vietnamese_number_and_date_formats_in_pages(world, client_for):
    from django.template import Context, Template

    out = Template("{% load l10n %}{{ n }}|{{ d|date:'SHORT_DATE_FORMAT' }}|{{ d|date:'DATE_FORMAT' }}").render(
        Context({"n": 12500000, "d": __import__("datetime").date(2020, 11, 18)})
    )
    assert out == "12.500.000|18/11/2020|ngày 18 tháng 11 năm 2020"


def test_home_shows_the_ward_and_its_groups(world, client_for):
    html = client_for(world.users["ward_head"]).get("/").content.decode()
    assert "Phường Đoàn Kết" in html and "Tổ dân phố số 3" in html and "Phường Quyết Tiến" in html


def test_a_phone_written_with_the_country_code_and_spaces_is_accepted(world, client_for):
    client = client_for(world.users["front_officer"])
    client.post(
        "/ho-gia-dinh/them/",
        {"head_name": "Lò Văn Páo", "group": world.groups[0].pk, "member_count": "3", "phone": "+84 912 345 678"},
    )
    assert Household.objects.get().phone == "0912345678"
