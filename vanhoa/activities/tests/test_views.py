"""The pages and forms: records created from a plan activity carry the link and show on the activity's page;
bad input gets a Vietnamese message naming the field, and nothing is written."""

from __future__ import annotations

from datetime import date

from django.core.files.uploadedfile import SimpleUploadedFile

from vanhoa.activities import funding
from vanhoa.activities.forms import MoneyField
from vanhoa.activities.models import Event, Expense, Finding, Inspection, TitleFlag

from .conftest import group_inspection, hold


def test_an_inspection_created_from_the_plan_activity_is_linked_and_listed_there(world, today, plan_2020,
                                                                                 client_for):
    activity = plan_2020.ordered_activities()[4]  # "Kiểm tra, giám sát … tại các tổ dân phố."
    client = client_for(world.users["front_officer"])
    page = client.get(f"/ke-hoach/hoat-dong/{activity.pk}/").content.decode()
    create = f"/hoat-dong/kiem-tra/them/?hoat-dong={activity.pk}&amp;nam=2020"
    assert create in page
    form = client.get(create.replace("&amp;", "&")).content.decode()
    assert f'<option value="{activity.pk}" selected>' in form and "Tiêu chuẩn danh hiệu “Tổ dân phố văn hóa”" in form
    response = client.post(create.replace("&amp;", "&"), {
        "planned_on": "21/07/2020", "group": world.groups[1].pk, "checklist": "danh-hieu:tdpvh",
        "subject": activity.content, "members": "Lê Thị Hoa – Chủ tịch Ủy ban MTTQ phường\nLò Văn Minh – Công chức",
        "activity": activity.pk,
    })
    inspection = Inspection.objects.get()
    assert response.status_code == 302 and inspection.activity == activity and inspection.ward == world.ward_2020
    page = client.get(f"/ke-hoach/hoat-dong/{activity.pk}/").content.decode()
    assert "Kiểm tra Tổ dân phố số 2 ngày 21/07/2020" in page


def test_recording_results_with_a_failed_criterion_explains_what_is_missing(world, today, client_for):
    inspection = group_inspection(world)
    findings = list(inspection.findings.all())
    client = client_for(world.users["front_officer"])
    data = {"kq-held_on": "15/07/2020", "kq-conclusion": "Cơ bản tốt"}
    for f in findings:
        data[f"tc{f.pk}-result"] = "pass"
    data[f"tc{findings[1].pk}-result"] = "fail"
    data[f"tc{findings[1].pk}-correction"] = "Sửa nhà văn hóa"
    html = client.post(f"/hoat-dong/kiem-tra/{inspection.pk}/ket-qua/", data).content.decode()
    assert "Nhận xét: Không đạt: hãy ghi rõ vì sao." in html
    assert "Thời hạn khắc phục: Yêu cầu khắc phục cần thời hạn." in html
    assert not Finding.objects.exclude(result="").exists()
    data[f"tc{findings[1].pk}-note"] = "Nhà văn hóa xuống cấp"
    data[f"tc{findings[1].pk}-deadline"] = "14/08/2020"
    assert client.post(f"/hoat-dong/kiem-tra/{inspection.pk}/ket-qua/", data).status_code == 302
    failed = Finding.objects.get(result="fail")
    response = client.post(f"/hoat-dong/kiem-tra/tieu-chi/{failed.pk}/canh-bao/", {
        "consequence": "block", "year": "2020", "reason": "Tiêu chuẩn II chưa đạt",
    })
    assert response.status_code == 302
    flag = TitleFlag.objects.get()
    page = client.get(f"/hoat-dong/kiem-tra/{inspection.pk}/").content.decode()
    assert "Không xét danh hiệu năm nay" in page and "Tiêu chuẩn II chưa đạt" in page
    client.post(f"/hoat-dong/canh-bao/{flag.pk}/giai-quyet/", {"on": "20/08/2020", "note": "Đã khắc phục"})
    flag.refresh_from_db()
    assert flag.resolved and flag.resolution_note == "Đã khắc phục"


def test_money_typed_the_vietnamese_way_and_an_expense_above_the_balance(world, today, client_for, media):
    field = MoneyField()
    assert [field.clean(v) for v in ("12.500.000", "12 500 000", "12500000đ")] == [12_500_000] * 3
    client = client_for(world.users["culture_officer"])
    bad = client.post("/hoat-dong/kinh-phi/ngan-sach/them/?nam=2020", {
        "source": "Ngân sách phường", "decision_date": "15/01/2020", "amount": "12,5",
    }).content.decode()
    assert "Số tiền: Số tiền chỉ gồm chữ số, nghìn ngăn cách bằng dấu chấm" in bad
    client.post("/hoat-dong/kinh-phi/ngan-sach/them/?nam=2020", {
        "source": "Ngân sách phường", "decision_date": "15/01/2020", "amount": "2.500.000",
        "decision_number": "05/QĐ-UBND",
    })
    assert funding.balances(world.ward_2020, 2020).budget.received == 2_500_000
    expense = {"spent_on": "14/05/2020", "description": "Tài liệu tập huấn", "amount": "3.000.000", "source": "budget"}
    html = client.post("/hoat-dong/kinh-phi/chi/them/?nam=2020", expense).content.decode()
    assert "vượt số dư nguồn ngân sách năm 2020 còn được chi (2.500.000 đ, thiếu 500.000 đ)" in html
    html = client.post("/hoat-dong/kinh-phi/chi/them/?nam=2020", {**expense, "allow_overdraw": "on"}).content.decode()
    assert "Lý do chi vượt số dư: Chi vượt số dư: vui lòng ghi rõ lý do." in html
    exe = SimpleUploadedFile("chung-tu.exe", b"MZ", content_type="application/octet-stream")
    html = client.post("/hoat-dong/kinh-phi/chi/them/?nam=2020", {**expense, "amount": "1.000.000", "files": exe})
    assert "loại tệp không được nhận" in html.content.decode()
    assert not Expense.objects.exists()
    response = client.post("/hoat-dong/kinh-phi/chi/them/?nam=2020", {
        **expense, "allow_overdraw": "on", "overdraw_reason": "Tạm ứng, chờ ngân sách bổ sung",
    })
    assert response.status_code == 302
    page = client.get("/hoat-dong/kinh-phi/?nam=2020").content.decode()
    assert "Số dư nguồn ngân sách đang âm 500.000 đ do chi vượt số dư" in page
    assert 'data-testid="remaining-budget">-500.000 đ' in page


def test_a_training_with_its_attendees_and_the_overview(world, today, plan_2020, client_for):
    client = client_for(world.users["ward_head"])
    training = plan_2020.ordered_activities()[1]
    response = client.post(f"/hoat-dong/tap-huan/them/?hoat-dong={training.pk}&nam=2020", {
        "held_on": "14/05/2020", "topic": "Tập huấn nghiệp vụ", "audience": "Thành viên BCĐ, tổ trưởng",
        "form": "conference", "attendees": "Nguyễn Văn A – tổ trưởng tổ 1\nLò Thị B – tổ trưởng tổ 2",
        "activity": training.pk,
    })
    event = Event.objects.get()
    assert response.status_code == 302 and event.attendance == 2 and event.activity == training
    bad = client.post("/hoat-dong/tuyen-truyen/them/?nam=2020", {"held_on": "32/13/2020", "form": "loudspeaker"})
    html = bad.content.decode()
    assert "Ngày: Ngày phải theo dạng dd/mm/yyyy, ví dụ 05/11/2020." in html and "Chủ đề: Vui lòng nhập chủ đề." in html
    hold(group_inspection(world))
    overview = client.get("/hoat-dong/?").content.decode()
    assert "Hoạt động năm 2026" in overview
    assert client.get("/hoat-dong/tap-huan/?nam=2020").content.decode().count("Tập huấn nghiệp vụ") == 1
    assert "1 buổi · 2 lượt người tham dự" in client.get("/hoat-dong/tap-huan/?nam=2020").content.decode()
    assert date(2020, 5, 14) == event.held_on
