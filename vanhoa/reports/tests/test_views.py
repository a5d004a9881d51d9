"""Pages: each persona lands on its own dashboard; the ward dashboard issues the same number of queries for a small
and a large ward; the report pages draft, send, return, answer and download, with Vietnamese errors."""

from __future__ import annotations

import io
from datetime import date

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook

from vanhoa.reports.choices import ReportKind, ReportStatus
from vanhoa.reports.models import Report
from vanhoa.reports.tests.conftest import decision, results
from vanhoa.reports.tests.test_indicators import _grow, _plan_2020

pytestmark = pytest.mark.django_db


def signed_in(user):
    """A client of its own (the `client_for` fixture shares one client between personas)."""
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def town(world):
    g1, g2, _ = world.groups
    made = [world.household(g, f"Lò Văn Hộ{i}", since=date(2015, 1, 1)) for i, g in enumerate([g1, g1, g2, g2, g2])]
    results(made[:4], 2020, signed=decision(world.ward_2020, 2020, "gdvh", date(2020, 11, 13)))
    _plan_2020(world)
    return world


def test_each_persona_lands_on_its_own_dashboard(town, client_for):
    page = client_for(town.users["ward_head"]).get("/bao-cao/chi-tieu/?nam=2020")
    html = page.content.decode()
    assert page.status_code == 200 and "Phường Đoàn Kết · năm 2020" in html
    assert 'data-indicator="cultural_family_rate"' in html and "4/5 hộ" in html and "Chỉ tiêu: <strong>72,7%" in html
    assert ">Vượt<" in html  # 80,0% against 72,7%
    assert "chưa có kết quả bình xét năm 2020" in html  # no group holds its title yet: no status
    assert "<svg" in html and "Tỷ lệ hộ gia đình văn hóa theo tổ dân phố" in html
    city = client_for(town.users["city_viewer"]).get("/bao-cao/chi-tieu/?nam=2020").content.decode()
    assert "Thành phố Lai Châu · năm 2020" in city and 'id="ranking"' in city and 'data-ward="' in city
    assert "Phường Quyết Tiến" in city
    leader = client_for(town.users["leader_group1"])
    assert "Tổ dân phố số 1 · năm 2020" in leader.get("/bao-cao/chi-tieu/?nam=2020").content.decode()
    assert leader.get(f"/bao-cao/chi-tieu/{town.ward.pk}/").status_code == 404
    assert leader.get(f"/bao-cao/chi-tieu/{town.groups[1].pk}/").status_code == 404
    bad = client_for(town.users["ward_head"]).get("/bao-cao/chi-tieu/?nam=2020&ngay=31/02/2020").content.decode()
    assert "Ngày tính số liệu: ghi theo dạng ngày/tháng/năm" in bad
    ended = client_for(town.users["city_viewer"]).get("/bao-cao/chi-tieu/?nam=2026").content.decode()
    assert "Thành phố Lai Châu hoạt động đến 30/06/2025" in ended


def _dashboard_queries(client, ward):
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(f"/bao-cao/chi-tieu/{ward.pk}/?nam=2020").status_code == 200
    return len(ctx.captured_queries)


def test_the_ward_dashboard_issues_the_same_number_of_queries_whatever_the_size_of_the_ward(town, client_for):
    client = client_for(town.users["ward_head"])
    _dashboard_queries(client, town.ward)
    small = _dashboard_queries(client, town.ward)
    _grow(town, groups=8, households=80)
    _dashboard_queries(client, town.ward)  # the unit graph changed: read once more
    large = _dashboard_queries(client, town.ward)
    assert small == large, (small, large)
    # 5 for the request (session, user, memberships, graph version, the work ward: read by the top bar, and the
    # page's unit when it is that ward; the words of the commune come from the unit graph) and 10 for the figures
    # (title types, households, plans, targets, titled groups, agencies with their rule set, streets, plan
    # activities, the activities provider, funding sources): 15 (18 in session 6, 32 before)
    assert large == 15, large
    assert "85 hộ" in client.get(f"/bao-cao/chi-tieu/{town.ward.pk}/?nam=2020").content.decode()


def test_an_officer_drafts_and_sends_the_city_returns_and_the_ward_sends_again(town):
    head = signed_in(town.users["ward_head"])
    session = head.session
    session["work_ward_id"] = town.ward_2020.pk  # Quyết Tiến, which reported to the city
    session.save()
    response = head.post("/bao-cao/lap-moi/", {"kind": ReportKind.ANNUAL, "year": "2020"})
    report = Report.objects.get(ward=town.ward_2020, kind=ReportKind.ANNUAL, year=2020)
    assert response.status_code == 302 and response["Location"] == f"/bao-cao/{report.pk}/"
    assert "Gửi đến: Thành phố Lai Châu" in head.get(f"/bao-cao/{report.pk}/").content.decode()
    form = head.get(f"/bao-cao/{report.pk}/sua/").context["form"]
    data = {k: v for k, v in form.initial.items() if v is not None}
    bad = head.post(f"/bao-cao/{report.pk}/sua/", {**data, "as_of": "32/12/2020"})
    assert "Ngày tính số liệu: ghi theo dạng ngày/tháng/năm" in bad.content.decode()
    outside = head.post(f"/bao-cao/{report.pk}/sua/", {**data, "as_of": "15/01/2021"})
    assert "Ngày tính số liệu phải trong kỳ báo cáo (01/01/2020 – 31/12/2020)." in outside.content.decode()
    assert head.post(f"/bao-cao/{report.pk}/sua/", {**data, "proposals": "Đề nghị hỗ trợ loa."}).status_code == 302
    city = signed_in(town.users["city_viewer"])
    assert city.get(f"/bao-cao/{report.pk}/").status_code == 403  # a draft is not shown above the ward
    assert f'data-report="{report.pk}"' not in city.get("/bao-cao/").content.decode()
    assert head.post(f"/bao-cao/{report.pk}/gui/").status_code == 302
    listing = city.get("/bao-cao/").content.decode()
    assert 'id="waiting"' in listing and f"/bao-cao/{report.pk}/" in listing
    empty = city.post(f"/bao-cao/{report.pk}/tra-lai/", {"reason": ""})
    assert "Hãy ghi lý do trả lại báo cáo" in empty.content.decode()
    assert city.post(f"/bao-cao/{report.pk}/tra-lai/", {"reason": "Bổ sung kinh phí xã hội hóa."}).status_code == 302
    detail = head.get(f"/bao-cao/{report.pk}/").content.decode()
    assert "Cấp trên trả lại lần gửi 1" in detail and "Bổ sung kinh phí xã hội hóa." in detail
    assert (
        head.post(f"/bao-cao/{report.pk}/sua/", {**data, "funding_note": "Xã hội hóa 5.000.000 đồng."}).status_code
        == 302
    )
    assert head.post(f"/bao-cao/{report.pk}/gui/").status_code == 302
    diff = city.get(f"/bao-cao/{report.pk}/lan/2/").content.decode()
    assert "Thay đổi so với lần gửi 1" in diff and "<ins>Xã hội hóa 5.000.000 đồng.</ins>" in diff
    assert city.post(f"/bao-cao/{report.pk}/tiep-nhan/").status_code == 302
    report.refresh_from_db()
    assert report.status == ReportStatus.RECEIVED
    assert "không thực hiện được việc này" in city.get(f"/bao-cao/{report.pk}/tra-lai/").content.decode()
    docx = city.get(f"/bao-cao/{report.pk}/lan/1/docx/")
    assert docx["Content-Type"].startswith("application/vnd.openxmlformats-officedocument.wordprocessingml")
    assert 'filename="bao-cao-tong-ket-2020-phuong-quyet-tien-lan-1.docx"' in docx["Content-Disposition"]
    xlsx = head.get(f"/bao-cao/{report.pk}/tai/xlsx/")
    book = load_workbook(io.BytesIO(xlsx.content))
    sheet = book["Theo tổ dân phố"]
    assert sheet["C4"].value == "Số hộ cư trú" and sheet.freeze_panes == "C5"
    # counts read 1.206 hộ in a Vietnamese Excel, the totals too; the indicators' numerators and denominators
    assert sheet["C5"].number_format == "#,##0" and sheet.cell(sheet.max_row, 3).number_format == "#,##0"
    assert book["Chỉ tiêu"]["C2"].number_format == "#,##0" and book["Chỉ tiêu"]["D2"].number_format == "#,##0"
    assert head.get(f"/bao-cao/{report.pk}/tai/exe/").status_code == 404
    assert head.get(f"/bao-cao/{report.pk}/lan/9/").status_code == 404


def test_the_dashboard_page_loads_its_trend_over_the_years_after_itself(town, client_for):
    """The page costs its year's figures only: the trend (one aggregate per year since 2018) is a fragment the
    page asks for once shown (HTMX); without script the link opens the whole dashboard with the trend."""
    client = client_for(town.users["ward_head"])
    page = client.get(f"/bao-cao/chi-tieu/{town.ward.pk}/?nam=2020").content.decode()
    url = f"/bao-cao/chi-tieu/{town.ward.pk}/qua-cac-nam/?nam=2020"
    assert 'id="trend"' not in page and f'hx-get="{url}"' in page and 'hx-trigger="load"' in page
    assert "Đang tính tỷ lệ hộ gia đình văn hóa qua các năm" in page
    fragment = client.get(url, HTTP_HX_REQUEST="true").content.decode()
    assert fragment.lstrip().startswith('<section class="mb-4" id="trend">') and "<svg" in fragment
    assert "<html" not in fragment and ">2018<" in fragment and ">2020<" in fragment
    whole = client.get(url).content.decode()  # no script
    assert 'id="trend"' in whole and "Phường Đoàn Kết · năm 2020" in whole and "trend-slot" not in whole
    leader = client_for(town.users["leader_group1"])
    assert leader.get(f"/bao-cao/chi-tieu/{town.ward.pk}/qua-cac-nam/", HTTP_HX_REQUEST="true").status_code == 404


def test_the_trend_fragment_issues_the_same_number_of_queries_whatever_the_size_of_the_ward(town, client_for):
    client = client_for(town.users["ward_head"])
    url = f"/bao-cao/chi-tieu/{town.ward.pk}/qua-cac-nam/?nam=2020"

    def queries() -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url, HTTP_HX_REQUEST="true").status_code == 200
        return len(ctx.captured_queries)

    queries()
    small = queries()
    _grow(town, groups=8, households=80)
    queries()
    assert queries() == small
