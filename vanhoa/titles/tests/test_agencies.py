"""Agencies under TT 08/2014/TT-BVHTTDL: three titles by kind, the building years before the first recognition,
the years kept ("giữ vững") with the union's yearly report, and the province's re-recognition with a Bằng công
nhận — its dossier being the union's reports, the committee's proposal and the inspection minutes."""

from __future__ import annotations

import importlib.util
import sys
from datetime import date

import pytest

from vanhoa.activities import services as activities
from vanhoa.activities.choices import FindingResult
from vanhoa.registry import services as registry
from vanhoa.testing.actors import TEST
from vanhoa.titles import agency_documents, certificates, documents, services
from vanhoa.titles.choices import AgencyReportKind, Recognition, State
from vanhoa.titles.models import Candidacy, RuleSet
from vanhoa.titles.services import TitleError
from vanhoa.titles.services import agencies as agency_services
from vanhoa.titles.tests.test_documents import CHECKER_CANDIDATES, errors, text_of

pytestmark = pytest.mark.django_db
REFORM = date(2025, 7, 1)
HEAD = "Đinh Văn Quý"
UNION = "Công đoàn Trường Tiểu học Quyết Tiến"


@pytest.fixture(scope="module")
def nd30():
    path = next((p for p in CHECKER_CANDIDATES if p.is_file()), None)
    if path is None:
        pytest.skip("check_nd30.py not found")
    spec = importlib.util.spec_from_file_location("check_nd30_agencies", path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses look their module up
    spec.loader.exec_module(module)
    return module


def _ward(world, day):
    return world.ward if day >= REFORM else world.ward_2020


def _agency(world, name="Trường Tiểu học Quyết Tiến", kind="don_vi"):
    return registry.create_agency(actor=TEST, ward=world.ward, name=name, kind=kind, group=world.groups[0])


def inspect(world, agency, day):
    """The steering committee's inspection of the agency, held that day, every criterion met."""
    i = activities.create_inspection(
        actor=TEST, ward=_ward(world, day), planned_on=day, subject_kind="agency", agency=agency,
        subject="Kiểm tra xây dựng đơn vị đạt chuẩn văn hóa", checklist="danh-hieu:cqvh",
        members=["Trần Văn Công – Chủ tịch Công đoàn phường", "Phạm Thị Hóa – Công chức Văn hóa - Xã hội"],
    )  # fmt: skip
    results = [activities.FindingInput(f, FindingResult.PASS, "") for f in i.findings.all()]
    return activities.record_findings(i, actor=TEST, held_on=day, results=results, conclusion="Đạt chuẩn.")


def review(world, year):
    """The ward's review of the year's agency candidacies (all met the criteria)."""
    ward = _ward(world, date(year, 10, 1))
    services.record_review_meeting(
        actor=TEST, title="cqvh", year=year, unit=ward, held_on=date(year, 10, 1), place="Hội trường UBND",
        chair="Nguyễn Văn An", present=9,
    )  # fmt: skip
    return ward


def recognise_through_the_cycle(world, agency, year, *, renewal=False, number="15"):
    """Register, review at the ward, report, inspect, propose and decide one year's (re-)recognition."""
    day = date(year, 3, 2)
    (c,) = services.register(actor=TEST, title="cqvh", year=year, subjects=[agency], on=day)
    assert c.recognition == (Recognition.RENEWAL if renewal else Recognition.FIRST)
    kind = AgencyReportKind.RENEWAL if renewal else AgencyReportKind.FIRST
    services.record_agency_report(
        actor=TEST, agency=agency, year=year, kind=kind, reported_on=date(year, 9, 5), union_name=UNION,
        head_name=HEAD, chair_name="Lò Thị Chung", summary="Hoàn thành tốt nhiệm vụ; 100% cán bộ hoàn thành nhiệm vụ.",
    )  # fmt: skip
    inspect(world, agency, date(year, 9, 20))
    ward = review(world, year)
    services.submit_proposal(actor=TEST, title="cqvh", year=year, unit=ward, on=date(year, 10, 5))
    return services.issue_decision(
        actor=TEST, title="cqvh", year=year, ward=world.ward, number=number, signed_on=date(year, 12, 10),
        signer_name="Trần Văn Bình",
    )  # fmt: skip


def test_three_titles_and_one_criteria_list_by_the_agencys_kind(world):
    school = _agency(world)
    office = _agency(world, "Ủy ban nhân dân phường", "co_quan")
    company = _agency(world, "Công ty TNHH Tam Đường", "doanh_nghiep")
    assert [agency_services.title_for(a) for a in (office, school, company)] == [
        "Cơ quan đạt chuẩn văn hóa",
        "Đơn vị đạt chuẩn văn hóa",
        "Doanh nghiệp đạt chuẩn văn hóa",
    ]
    rs = RuleSet.objects.get(code="tt08-2014/agency")
    standards = {a.kind: [c.code for c in rs.criteria_for(a) if c.is_standard] for a in (office, school, company)}
    assert standards == {
        "co_quan": ["1", "2", "3"],
        "don_vi": ["1", "2", "3"],
        "doanh_nghiep": ["DN.1", "DN.2", "DN.3", "DN.4"],
    }
    # Each criterion cites TT 08/2014; what the brief could not confirm is flagged.
    assert all("08/2014" in c.source for c in rs.criteria.all())
    assert rs.criteria.get(code="1.2").unconfirmed and rs.is_unconfirmed("criteria")
    assert (rs.first_after_years, rs.renewal_years) == (2, 5)


def test_registered_2019_first_2021_kept_2022_to_2025_renewed_by_the_province_in_2026(world, nd30, tmp_path):
    agency = _agency(world)
    services.enrol_agency(actor=TEST, agency=agency, registered_on=date(2019, 3, 15), union_name=UNION)
    # Building years: no recognition before 2 years.
    for year in (2019, 2020):
        with pytest.raises(TitleError, match="ít nhất 2 năm mới xét công nhận lần đầu \\(từ năm 2021\\)"):
            services.register(actor=TEST, title="cqvh", year=year, subjects=[agency], on=date(year, 3, 2))
    first = recognise_through_the_cycle(world, agency, 2021)
    assert first.issuer_name == "Ủy ban nhân dân thành phố Lai Châu" and first.issuer_level == "district"
    # Kept: the union reports each year; registering in a kept year is refused.
    for year in range(2022, 2026):
        services.record_agency_report(
            actor=TEST, agency=agency, year=year, kind=AgencyReportKind.YEARLY, reported_on=date(year, 12, 1),
            union_name=UNION, head_name=HEAD,
        )  # fmt: skip
    with pytest.raises(TitleError, match="các năm 2022–2025 giữ vững danh hiệu.*xét công nhận lại năm 2026"):
        services.register(actor=TEST, title="cqvh", year=2023, subjects=[agency], on=date(2023, 3, 2))
    statuses = [(s.year, s.status) for s in agency_services.history(agency, range(2018, 2027))]
    assert statuses == [
        (2018, "not_enrolled"), (2019, "building"), (2020, "building"), (2021, "recognised"), (2022, "kept"),
        (2023, "kept"), (2024, "kept"), (2025, "kept"), (2026, "renewal_due"),
    ]  # fmt: skip
    assert all(s.holds_title for s in agency_services.history(agency, range(2021, 2026)))
    # 2026: re-recognised by the Chủ tịch UBND tỉnh, with a Bằng công nhận.
    renewal = recognise_through_the_cycle(world, agency, 2026, renewal=True, number="2890")
    assert renewal.issuer_name == "Ủy ban nhân dân tỉnh Lai Châu" and renewal.issuer_level == "province"
    c = Candidacy.objects.get(agency=agency, year=2026)
    assert c.state == State.DECIDED and c.recognition == Recognition.RENEWAL
    report = agency.culture_reports.get(year=2026, kind=AgencyReportKind.RENEWAL)
    assert (report.from_year, report.to_year) == (2021, 2025)
    services.issue_certificates(renewal, actor=TEST, on=date(2026, 12, 12))
    cert = certificates.build_certificates(ward=world.ward, year=2026, decision=str(renewal.pk), title="cqvh")
    text = text_of(cert.to_bytes())
    assert "BẰNG CÔNG NHẬN" in text and "ĐƠN VỊ ĐẠT CHUẨN VĂN HÓA" in text and "Công nhận lại năm 2026" in text
    assert "CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH LAI CHÂU" in text
    doc = documents.build_decision(ward=world.ward, year=2026, title="cqvh", decision=str(renewal.pk)).to_bytes()
    body = text_of(doc)
    assert "Về việc công nhận lại danh hiệu “Đơn vị đạt chuẩn văn hóa” năm 2026" in body
    assert "Công nhận lần trước năm 2021" in body
    assert "Cơ quan, đơn vị, doanh nghiệp đạt chuẩn" not in body.split("DANH SÁCH")[0]
    assert "Đơn vị được công nhận lại danh hiệu “Đơn vị đạt chuẩn văn hóa” năm 2026" in body
    assert "Danh sách gồm 1 đơn vị./." in body
    # The decision is the NĐ 30 paper of the re-recognition. The Bằng công nhận itself is a certificate, a kind
    # NĐ 30/2020 Phụ lục III does not list (nor does the checker's TYPES): like the Giấy công nhận it is exempt.
    assert errors(nd30, doc, tmp_path, "renewal") == []
    # The union's report of the five years kept, printed for the dossier.
    paper = agency_documents.build_agency_report(ward=world.ward, year=2026, agency=str(agency.pk)).to_bytes()
    text = text_of(paper)
    assert "Thành tích xây dựng “Đơn vị đạt chuẩn văn hóa” các năm 2021–2025, đề nghị công nhận lại năm 2026" in text
    assert "Thực hiện nếp sống văn minh, môi trường văn hóa công sở" in text and "DN." not in text
    assert text.count("Giữ vững danh hiệu") == 4 and "Lò Thị Chung" in text
    assert errors(nd30, paper, tmp_path, "union-report") == []


def test_the_dossier_needs_the_unions_report_and_the_inspection_minutes(world):
    agency = _agency(world)
    services.enrol_agency(actor=TEST, agency=agency, registered_on=date(2019, 3, 15))
    services.register(actor=TEST, title="cqvh", year=2021, subjects=[agency], on=date(2021, 3, 2))
    review(world, 2021)
    with pytest.raises(TitleError, match="thiếu báo cáo thành tích các năm xây dựng.*chưa có biên bản kiểm tra"):
        services.submit_proposal(actor=TEST, title="cqvh", year=2021, unit=world.ward_2020, on=date(2021, 10, 5))
    with pytest.raises(TitleError, match="chưa đến hạn công nhận lại"):  # a renewal report in a first year
        services.record_agency_report(
            actor=TEST, agency=agency, year=2021, kind=AgencyReportKind.RENEWAL, reported_on=date(2021, 9, 1),
            union_name=UNION, head_name=HEAD,
        )  # fmt: skip
    report = services.record_agency_report(
        actor=TEST, agency=agency, year=2021, kind=AgencyReportKind.FIRST, reported_on=date(2021, 9, 1),
        union_name=UNION, head_name=HEAD,
    )  # fmt: skip
    assert (report.from_year, report.to_year) == (2019, 2020)
    inspect(world, agency, date(2021, 9, 20))
    proposal = services.submit_proposal(
        actor=TEST, title="cqvh", year=2021, unit=world.ward_2020, on=date(2021, 10, 5)
    )
    assert proposal.complete_on == date(2021, 10, 5)


def test_an_agency_not_enrolled_is_refused_and_the_rule_sets_numbers_are_read(world):
    agency = _agency(world)
    with pytest.raises(TitleError, match="chưa đăng ký xây dựng «Đơn vị đạt chuẩn văn hóa»"):
        services.register(actor=TEST, title="cqvh", year=2021, subjects=[agency], on=date(2021, 3, 2))
    services.enrol_agency(actor=TEST, agency=agency, registered_on=date(2019, 3, 15))
    RuleSet.objects.filter(code="tt08-2014/agency").update(first_after_years=3)
    with pytest.raises(TitleError, match="ít nhất 3 năm.*từ năm 2022"):
        services.register(actor=TEST, title="cqvh", year=2021, subjects=[agency], on=date(2021, 3, 2))
    (c,) = services.register(actor=TEST, title="cqvh", year=2022, subjects=[agency], on=date(2022, 3, 2))
    assert c.recognition == Recognition.FIRST


def test_a_first_decision_names_each_title_by_kind_and_a_paper_recognition_counts(world, nd30, tmp_path):
    school = _agency(world)
    company = _agency(world, "Công ty TNHH Xây dựng Tam Đường", "doanh_nghiep")
    office = _agency(world, "Công an phường Quyết Tiến", "co_quan")
    for a in (school, company):
        services.enrol_agency(actor=TEST, agency=a, registered_on=date(2018, 5, 1))
        services.register(actor=TEST, title="cqvh", year=2020, subjects=[a], on=date(2020, 3, 2))
        services.record_agency_report(
            actor=TEST, agency=a, year=2020, kind=AgencyReportKind.FIRST, reported_on=date(2020, 9, 1),
            union_name=UNION, head_name=HEAD,
        )  # fmt: skip
        inspect(world, a, date(2020, 9, 10))
    # The police station was recognised on paper in 2017: kept until 2021, renewed in 2022.
    services.enrol_agency(
        actor=TEST, agency=office, registered_on=date(2015, 3, 1), prior_year=2017,
        prior_recognition=Recognition.FIRST, prior_decision="Quyết định số 2105/QĐ-UBND ngày 18/12/2017",
    )  # fmt: skip
    assert agency_services.standing(office, 2020).status == "kept"
    assert agency_services.standing(office, 2022).status == "renewal_due"
    review(world, 2020)
    services.submit_proposal(actor=TEST, title="cqvh", year=2020, unit=world.ward_2020, on=date(2020, 10, 5))
    d = services.issue_decision(
        actor=TEST, title="cqvh", year=2020, ward=world.ward, number="3150", signed_on=date(2020, 12, 22),
        signer_name="Trần Văn Bình",
    )  # fmt: skip
    services.issue_certificates(d, actor=TEST, on=date(2020, 12, 24))
    doc = documents.build_decision(ward=world.ward, year=2020, title="cqvh").to_bytes()
    body = text_of(doc)
    assert "Về việc công nhận danh hiệu “Đơn vị đạt chuẩn văn hóa”, “Doanh nghiệp đạt chuẩn văn hóa” năm 2020" in body
    assert "“Đơn vị đạt chuẩn văn hóa” cho 1 đơn vị; danh hiệu “Doanh nghiệp đạt chuẩn văn hóa” cho 1 doanh" in body
    assert "Cơ quan, đơn vị, doanh nghiệp đạt chuẩn văn hóa”" not in body
    assert errors(nd30, doc, tmp_path, "first") == []
    cert = text_of(certificates.build_certificates(ward=world.ward, year=2020, title="cqvh").to_bytes())
    assert "DOANH NGHIỆP ĐẠT CHUẨN VĂN HÓA" in cert and "BẰNG CÔNG NHẬN" not in cert


def test_the_wards_page_lists_every_agency_with_its_title_and_standing(world, client_for):
    from django.urls import reverse

    school = _agency(world)
    company = _agency(world, "Công ty TNHH Tam Đường", "doanh_nghiep")
    services.enrol_agency(actor=TEST, agency=school, registered_on=date(2014, 10, 20), prior_year=2016,
                          prior_recognition=Recognition.FIRST, prior_decision="Quyết định số 2876/QĐ-UBND")  # fmt: skip
    services.enrol_agency(actor=TEST, agency=company, registered_on=date(2019, 4, 8))
    office = client_for(world.users["union_officer"])
    url = reverse("titles-cycle", kwargs={"title": "cqvh", "unit": world.ward_2020.pk}) + "?nam=2020"
    page = office.get(url).content.decode()
    assert "Doanh nghiệp đạt chuẩn văn hóa" in page and "Xây dựng năm thứ 2/2" in page
    assert "Giữ vững danh hiệu (công nhận năm 2016); chưa có báo cáo của Công đoàn" in page
    # The union officer records the school's yearly report on the agency's page.
    r = office.post(
        reverse("titles-agency", kwargs={"pk": school.pk}),
        {"action": "report", "nam": "2020", "report-year": "2020", "report-kind": "yearly",
         "report-reported_on": "05/12/2020", "report-union_name": UNION, "report-head_name": HEAD, "report-kept": "on"},
    )  # fmt: skip
    assert r.status_code == 302, r.content.decode()[:2000]
    assert "Giữ vững danh hiệu (công nhận năm 2016)</td>" in office.get(url).content.decode().replace(" · xét", "</td>")
    # A group leader does not follow agencies: the page is out of his scope.
    agency_url = reverse("titles-agency", kwargs={"pk": school.pk})
    assert client_for(world.users["leader_group1"]).post(agency_url, {"action": "report"}).status_code == 404


def test_the_unions_report_downloads_from_the_agency_page(world, client_for):
    from django.urls import reverse

    agency = _agency(world)
    services.enrol_agency(actor=TEST, agency=agency, registered_on=date(2019, 3, 15))
    services.record_agency_report(
        actor=TEST, agency=agency, year=2021, kind=AgencyReportKind.FIRST, reported_on=date(2021, 9, 1),
        union_name=UNION, head_name=HEAD, chair_name="Lò Thị Chung",
    )  # fmt: skip
    office = client_for(world.users["union_officer"])
    page = office.get(reverse("titles-agency", kwargs={"pk": agency.pk}) + "?nam=2021").content.decode()
    url = reverse("titles-document", kwargs={"kind": "agency-report"}) + f"?nam=2021&agency={agency.pk}"
    assert url in page
    r = office.get(url)
    assert r.status_code == 200 and r["Content-Type"].startswith("application/vnd.openxmlformats")
    assert "các năm 2019–2020, đề nghị công nhận năm 2021" in text_of(r.content)
    assert client_for(world.users["leader_group1"]).get(url).status_code == 404


def test_an_inspection_checks_the_standards_of_the_agencys_own_title(world):
    """One criteria list: the inspection's checklist is the rule set's standards for the agency's kind."""
    school = _agency(world)
    company = _agency(world, "Công ty TNHH Tam Đường", "doanh_nghiep")
    by_school, by_company = inspect(world, school, date(2021, 9, 20)), inspect(world, company, date(2021, 9, 21))
    assert [f.code for f in by_school.findings.order_by("order")] == ["1", "2", "3"]
    assert [f.code for f in by_company.findings.order_by("order")] == ["DN.1", "DN.2", "DN.3", "DN.4"]
    assert by_company.checklist_title == "Tiêu chuẩn danh hiệu “Doanh nghiệp đạt chuẩn văn hóa”"
    assert by_company.checklist_ref == "tt08-2014/agency"
