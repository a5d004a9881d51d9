"""Plan pages: who sees what (404 outside, 403 without the right), forms with Vietnamese errors, downloads."""

from datetime import date

from django.core.files.uploadedfile import SimpleUploadedFile

from vanhoa.core.models import AuditEntry
from vanhoa.plans import services
from vanhoa.plans.choices import ActivityStatus
from vanhoa.plans.models import Activity, Attachment, Organisation, Plan
from vanhoa.testing.actors import TEST

from .conftest import jpeg


def html(response) -> str:
    return response.content.decode()


def test_group_leaders_see_their_wards_plans_other_wards_do_not(plan_now, plan_2020, world, client_for):
    leader = client_for(world.users["leader_group1"])
    assert leader.get(f"/ke-hoach/{plan_now.pk}/").status_code == 200
    assert leader.get(f"/ke-hoach/{plan_2020.pk}/").status_code == 200  # the group was in Quyết Tiến then
    assert leader.get(f"/ke-hoach/{plan_now.pk}/sua/").status_code == 403
    page = html(leader.get("/ke-hoach/"))
    assert "Phường Đoàn Kết" in page and "Phường Quyết Tiến" in page and "Lập kế hoạch" not in page

    city = client_for(world.users["city_viewer"])  # the old city covers Quyết Tiến, not today's Đoàn Kết
    assert city.get(f"/ke-hoach/{plan_2020.pk}/").status_code == 200
    assert city.get(f"/ke-hoach/{plan_now.pk}/").status_code == 404
    services.create_plan(actor=TEST, ward=world.other_ward, year=2026)
    other = Plan.objects.get(ward=world.other_ward)
    assert client_for(world.users["ward_head"]).get(f"/ke-hoach/{other.pk}/").status_code == 404
    assert client_for(world.users["leader_group1"]).get(f"/ke-hoach/{other.pk}/").status_code == 404
    assert client_for(None).get(f"/ke-hoach/{plan_now.pk}/").status_code == 302


def test_menu_has_the_plan_entries(plan_now, world, client_for):
    page = html(client_for(world.users["leader_group1"]).get("/"))
    assert 'href="/ke-hoach/viec-thang-nay/"' in page and 'href="/ke-hoach/"' in page
    assert page.index("Việc tháng này") < page.index("Kế hoạch</a>")


def test_this_months_work_of_a_group_leader(plan_now, world, client_for):
    page = html(client_for(world.users["leader_group1"]).get("/ke-hoach/viec-thang-nay/"))
    assert "Việc cần làm tháng 11/2026" in page
    due = page.split('id="due"')[1].split("</section>")[0]
    assert "Triển khai tổ chức các hoạt động Ngày hội Đại đoàn kết toàn dân tộc (18/11)" in due
    assert "Triển khai các hoạt động tuyên truyền" in due  # whole year, the groups coordinate
    assert "Phối hợp" in due
    upcoming = page.split('id="upcoming"')[1]
    assert "Tổ chức họp tổng kết năm" in upcoming
    # the trade union's inspection of agencies (overdue) is not the groups' work
    assert "Kiểm tra cơ quan đơn vị" not in page


def test_this_months_work_of_the_trade_union_shows_its_overdue_inspection(plan_now, world, client_for):
    page = html(client_for(world.users["union_officer"]).get("/ke-hoach/viec-thang-nay/"))
    overdue = page.split('id="overdue"')[1].split("</section>")[0]
    assert "Kiểm tra cơ quan đơn vị" in overdue and "Quá hạn" in overdue and "Chủ trì" in overdue


def test_plan_editors_can_see_every_activity_of_the_month(plan_now, world, client_for):
    client = client_for(world.users["culture_officer"])
    page = html(client.get("/ke-hoach/viec-thang-nay/?tat-ca=1"))
    assert "Tất cả của phường" in page and page.count('data-testid="todo-item"') == 4  # 3, 8 due; 6 late; 9 next


def test_editing_the_plan_with_bad_input_says_where_and_what(plan_now, world, client_for):
    client = client_for(world.users["culture_officer"])
    response = client.post(f"/ke-hoach/{plan_now.pk}/sua/", {"issuer": "BCĐ", "symbol": "KH-BCĐ", "place": "Đoàn Kết",
                                                             "title": "Kế hoạch", "number": "12a",
                                                             "issued_on": "31/02/2026"})
    page = html(response)
    assert response.status_code == 200
    assert "Số: Số chỉ gồm chữ số, ví dụ 12." in page
    assert "Ngày ban hành: Ngày phải theo dạng dd/mm/yyyy, ví dụ 05/11/2020." in page
    plan_now.refresh_from_db()
    assert plan_now.number == "03"


def test_editing_the_plan_through_the_form(plan_now, world, client_for):
    client = client_for(world.users["culture_officer"])
    data = {
        "issuer_parent": "UBND PHƯỜNG ĐOÀN KẾT", "issuer": "BAN CHỈ ĐẠO PHONG TRÀO\n“TDĐKXDĐSVH”",
        "symbol": "KH-BCĐ", "place": "Đoàn Kết", "number": "7", "issued_on": "15/01/2026",
        "title": "Triển khai phong trào năm 2026", "legal_bases": "Căn cứ A;\n\nCăn cứ B.",
        "recipients": "BCĐ tỉnh\nLưu: VT", "signature_authority": "tm. ban chỉ đạo\ntrưởng ban",
        "signer_name": "Nguyễn Văn Trưởng",
    }
    response = client.post(f"/ke-hoach/{plan_now.pk}/sua/", data)
    assert response.status_code == 302
    plan_now.refresh_from_db()
    assert plan_now.legal_bases == ["Căn cứ A;", "Căn cứ B."]
    assert plan_now.signature_authority == ["TM. BAN CHỈ ĐẠO", "TRƯỞNG BAN"]
    assert plan_now.number_text == "Số: 07/KH-BCĐ"
    assert AuditEntry.objects.filter(action="plans.plan.updated", actor=world.users["culture_officer"]).exists()


def test_only_plan_editors_change_the_plan(plan_now, world, client_for):
    activity = plan_now.ordered_activities()[0]
    for persona in ("front_officer", "union_officer", "leader_group1", "city_viewer"):
        client = client_for(world.users[persona])
        expected = 404 if persona == "city_viewer" else 403
        for url in (f"/ke-hoach/{plan_now.pk}/sua/", f"/ke-hoach/{plan_now.pk}/hoat-dong/them/",
                    f"/ke-hoach/hoat-dong/{activity.pk}/sua/", f"/ke-hoach/{plan_now.pk}/sao-chep/"):
            code = client.get(url).status_code
            assert code in (403, expected), (persona, url, code)


def test_adding_an_activity_through_the_form(plan_now, world, client_for):
    client = client_for(world.users["culture_officer"])
    front = Organisation.objects.get(ward=world.ward, kind="fatherland_front")
    url = f"/ke-hoach/{plan_now.pk}/hoat-dong/them/"
    response = client.post(url, {"content": "Tập huấn", "category": "training", "timing": "months"})
    page = html(response)
    assert "Các tháng: Hãy chọn ít nhất một tháng." in page
    assert "Đơn vị chủ trì: Hãy chọn hoặc ghi ít nhất một đơn vị chủ trì." in page
    response = client.post(url, {
        "content": "Tập huấn kỹ năng cho tổ trưởng", "category": "training", "timing": "quarters",
        "quarters": ["4"], "lead_orgs": [front.pk], "coordinating_groups": [world.groups[0].pk],
        "coordinating_other": "Trung tâm Văn hóa tỉnh",
    })
    assert response.status_code == 302
    a = Activity.objects.get(content="Tập huấn kỹ năng cho tổ trưởng")
    assert a.timing_text == "Quý IV" and a.lead_text == "Ủy ban MTTQ phường"
    assert a.coordinating_text == "Tổ dân phố số 1; Trung tâm Văn hóa tỉnh"


def test_lead_officer_reports_progress_with_a_photo(plan_now, world, client_for, media):
    festival = plan_now.ordered_activities()[7]
    client = client_for(world.users["front_officer"])
    response = client.post(f"/ke-hoach/hoat-dong/{festival.pk}/", {
        "status": "done", "on": "26/11/2026", "note": "8/8 tổ dân phố đã tổ chức", "kind": "photo",
        "files": [jpeg("ngay-hoi.jpg")],
    })
    assert response.status_code == 302
    festival.refresh_from_db()
    assert festival.status == ActivityStatus.DONE and festival.completed_on == date(2026, 11, 26)
    att = Attachment.objects.get(original_name="ngay-hoi.jpg")
    page = html(client.get(f"/ke-hoach/hoat-dong/{festival.pk}/"))
    assert "8/8 tổ dân phố đã tổ chức" in page and "Đang thực hiện → Hoàn thành" in page
    assert f"/ke-hoach/tep/{att.pk}/" in page
    download = client.get(f"/ke-hoach/tep/{att.pk}/")
    assert download.status_code == 200 and download["Content-Type"] == "image/jpeg"
    assert b"".join(download.streaming_content).startswith(b"\xff\xd8")


def test_bad_files_get_a_vietnamese_message_naming_the_file(plan_now, world, client_for, media):
    festival = plan_now.ordered_activities()[7]
    client = client_for(world.users["front_officer"])
    big = SimpleUploadedFile("anh-lon.jpg", b"\xff\xd8\xff" + b"0" * (10 * 1024 * 1024 + 10), "image/jpeg")
    response = client.post(f"/ke-hoach/hoat-dong/{festival.pk}/", {
        "status": "done", "on": "26/11/2026", "kind": "photo",
        "files": [SimpleUploadedFile("virus.exe", b"MZ", "application/octet-stream"), big],
    })
    page = html(response)
    assert "Tệp «virus.exe»: loại tệp không được nhận." in page
    assert "Tệp «anh-lon.jpg» nặng 10,0 MB, vượt quá giới hạn 10,0 MB cho mỗi tệp." in page
    festival.refresh_from_db()
    assert festival.status == ActivityStatus.IN_PROGRESS and not Attachment.objects.filter(
        original_name__in=["virus.exe", "anh-lon.jpg"]).exists()


def test_a_group_leader_adds_a_note_but_cannot_change_the_status(plan_now, world, client_for, media):
    festival, union_led = plan_now.ordered_activities()[7], plan_now.ordered_activities()[5]
    client = client_for(world.users["leader_group1"])
    page = html(client.get(f"/ke-hoach/hoat-dong/{festival.pk}/"))
    assert 'name="status"' not in page and 'name="note"' in page
    response = client.post(f"/ke-hoach/hoat-dong/{festival.pk}/",
                           {"status": "done", "on": "20/11/2026", "note": "Tổ 1 đã tổ chức", "kind": "photo"})
    assert response.status_code == 302
    festival.refresh_from_db()
    assert festival.status == ActivityStatus.IN_PROGRESS  # status ignored: not a lead unit
    assert festival.notes.filter(text="Tổ 1 đã tổ chức", author=world.users["leader_group1"]).exists()
    assert 'name="note"' not in html(client.get(f"/ke-hoach/hoat-dong/{union_led.pk}/"))
    assert client.post(f"/ke-hoach/hoat-dong/{union_led.pk}/", {"on": "20/11/2026", "note": "x"}).status_code == 403


def test_attachments_follow_the_plans_scope(plan_now, world, client_for):
    att = Attachment.objects.filter(activity__plan=plan_now).first()
    assert client_for(world.users["leader_group2"]).get(f"/ke-hoach/tep/{att.pk}/").status_code == 200
    assert client_for(world.users["city_viewer"]).get(f"/ke-hoach/tep/{att.pk}/").status_code == 404
    assert client_for(world.users["leader_group2"]).get(f"/ke-hoach/tep/{att.pk}/xoa/").status_code == 403
    client = client_for(world.users["culture_officer"])
    assert client.post(f"/ke-hoach/tep/{att.pk}/xoa/").status_code == 302
    assert not Attachment.objects.filter(pk=att.pk).exists()


def test_timeline_marks_each_month_with_the_status(plan_now, world, client_for):
    page = html(client_for(world.users["leader_group1"]).get(f"/ke-hoach/{plan_now.pk}/tien-do/"))
    rows = page.split('class="tl-row"')[1:]
    assert len(rows) == 9
    assert 'data-status="overdue"' in rows[5] and rows[5].count("tl-cell tl-overdue") == 1
    assert rows[2].count("tl-cell tl-in_progress") == 12
    assert rows[0].count("tl-cell tl-done") == 2 and "tl-now" in page
    assert "5/9 hoạt động hoàn thành" in page


def test_preview_and_downloads(plan_2020, world, client_for):
    client = client_for(world.users["leader_group1"])
    page = html(client.get(f"/ke-hoach/{plan_2020.pk}/ban-in/"))
    for text in ("UBND PHƯỜNG QUYẾT TIẾN", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Quyết Tiến, ngày", "KẾ HOẠCH",
                 "III. CHỈ TIÊU PHẤN ĐẤU", "Gia đình văn hóa đạt: 98,4%", "PHÓ CHỦ TỊCH UBND PHƯỜNG", "Hàng A Vàng",
                 "- Lưu VT."):
        assert text in page
    response = client.get(f"/ke-hoach/{plan_2020.pk}/tai-ve.docx")
    assert response.status_code == 200 and response.content.startswith(b"PK")
    assert response["Content-Disposition"] == 'attachment; filename="ke-hoach-2020-phuong-quyet-tien.docx"'


def test_pdf_download_is_cached_by_content(plan_2020, world, client_for, monkeypatch):
    from vanhoa.documents import pdf as pdf_module

    calls = []

    def fake_pdf(data, **kwargs):
        calls.append(len(data))
        return b"%PDF-1.7 fake"

    monkeypatch.setattr(pdf_module, "docx_to_pdf", fake_pdf)
    client = client_for(world.users["culture_officer"])
    for _ in range(2):
        response = client.get(f"/ke-hoach/{plan_2020.pk}/tai-ve.pdf")
        assert response.status_code == 200 and response.content == b"%PDF-1.7 fake"
    assert len(calls) == 1
    services.update_plan(plan_2020, actor=TEST, number="4")
    client.get(f"/ke-hoach/{plan_2020.pk}/tai-ve.pdf")
    assert len(calls) == 2


def test_pdf_conversion_failure_is_a_message_not_a_crash(plan_2020, world, client_for, monkeypatch):
    from vanhoa.documents import DocumentConversionError
    from vanhoa.documents import pdf as pdf_module

    def broken(data, **kwargs):
        raise DocumentConversionError("Không chuyển được văn bản sang PDF: máy chủ chưa cài LibreOffice (soffice).")

    monkeypatch.setattr(pdf_module, "docx_to_pdf", broken)
    client = client_for(world.users["culture_officer"])
    response = client.get(f"/ke-hoach/{plan_2020.pk}/tai-ve.pdf", follow=True)
    assert "máy chủ chưa cài LibreOffice" in html(response)


def test_copy_button_makes_next_years_plan(plan_now, world, client_for):
    client = client_for(world.users["culture_officer"])
    page = html(client.get(f"/ke-hoach/{plan_now.pk}/sao-chep/"))
    assert 'value="2027"' in page
    response = client.post(f"/ke-hoach/{plan_now.pk}/sao-chep/", {"year": "2027", "ward": world.ward.pk})
    new = Plan.objects.get(ward=world.ward, year=2027)
    assert response.status_code == 302 and response["Location"] == f"/ke-hoach/{new.pk}/"
    assert new.activities.count() == 9
    response = client.post(f"/ke-hoach/{plan_now.pk}/sao-chep/", {"year": "2027", "ward": world.ward.pk})
    assert "Phường Đoàn Kết đã có kế hoạch năm 2027." in html(response)


def test_targets_formset(plan_now, world, client_for):
    client = client_for(world.users["culture_officer"])
    url = f"/ke-hoach/{plan_now.pk}/chi-tieu/"
    targets = list(plan_now.targets.all())
    data = {"rows-TOTAL_FORMS": "6", "rows-INITIAL_FORMS": "4", "rows-MIN_NUM_FORMS": "0", "rows-MAX_NUM_FORMS": "1000"}
    for i, t in enumerate(targets):
        data |= {f"rows-{i}-id": t.pk, f"rows-{i}-indicator": t.indicator, f"rows-{i}-label": t.label,
                 f"rows-{i}-prefix": t.prefix, f"rows-{i}-value": str(t.value).replace(".", ","),
                 f"rows-{i}-unit": t.unit, f"rows-{i}-denominator": t.denominator or "", f"rows-{i}-suffix": t.suffix}
    data["rows-0-value"] = "99,1"
    data["rows-3-DELETE"] = "on"
    data |= {"rows-4-indicator": "other", "rows-4-label": "Hộ ký cam kết", "rows-4-value": "1.206",
             "rows-4-unit": "count"}
    data |= {"rows-5-indicator": "other", "rows-5-unit": "percent", "rows-5-label": "", "rows-5-value": ""}  # untouched
    response = client.post(url, data)
    assert response.status_code == 302, html(response)
    assert [t.text for t in plan_now.targets.all()] == [
        "Gia đình văn hóa đạt: 99,1%",
        "Tổ dân phố văn hóa đạt: 8/8 tổ dân phố duy trì danh hiệu tổ dân phố văn hóa.",
        "Cơ quan, đơn vị văn hóa đạt: 100%",
        "Hộ ký cam kết: 1.206",
    ]
    page = html(client.get(url))
    assert "Xóa dòng này" in page and 'value="99,1"' in page and 'value="8"' in page


def test_organisations_can_be_added_and_linked_to_roles(world, client_for):
    client = client_for(world.users["culture_officer"])
    response = client.post("/ke-hoach/to-chuc/them/", {"name": "Hội Phụ nữ phường", "kind": "other",
                                                       "member_roles": ["front_officer"], "active": "on"})
    assert response.status_code == 302
    org = Organisation.objects.get(name="Hội Phụ nữ phường")
    assert org.ward == world.ward and org.member_roles == ["front_officer"]
    assert "Cán bộ Ủy ban MTTQ phường" in html(client.get("/ke-hoach/to-chuc/"))
    assert client_for(world.users["front_officer"]).get("/ke-hoach/to-chuc/them/").status_code == 403


def test_creating_a_plan_for_the_work_year(world, client_for, today):
    client = client_for(world.users["culture_officer"])
    assert "Lập kế hoạch năm 2026" in html(client.get("/ke-hoach/"))
    response = client.post("/ke-hoach/lap-moi/", {"ward": world.ward.pk, "year": "2026"})
    plan = Plan.objects.get()
    assert response.status_code == 302 and plan.ward == world.ward and plan.place == "Đoàn Kết"
    response = client.post("/ke-hoach/lap-moi/", {"ward": world.ward.pk, "year": "2026"})
    assert "Năm: Phường Đoàn Kết đã có kế hoạch năm 2026." in html(response)


def test_the_pdf_cache_key_ignores_the_time_written_into_the_zip(plan_2020):
    import io
    import zipfile

    from vanhoa.documents.recipes import content_key
    from vanhoa.plans import documents

    data = documents.plan_docx(plan_2020)
    rewritten = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(rewritten, "w", zipfile.ZIP_DEFLATED) as out:
        for info in src.infolist():
            out.writestr(zipfile.ZipInfo(info.filename, date_time=(2001, 1, 1, 0, 0, 0)), src.read(info.filename))
    assert rewritten.getvalue() != data
    assert content_key(rewritten.getvalue()) == content_key(data)
