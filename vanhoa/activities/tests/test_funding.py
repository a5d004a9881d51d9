"""Money: balances per pool (budget, xã hội hóa) and per plan activity, the refusal of an expense above the
balance (and the explicit, reasoned overdraw), vouchers, the public list with its masking rule, and amounts in
words."""

from __future__ import annotations

import io
from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import load_workbook

from vanhoa.activities import funding
from vanhoa.activities.choices import ContributionForm, DonorKind, MoneySource
from vanhoa.activities.documents import in_words
from vanhoa.activities.funding import FundingError
from vanhoa.activities.models import ANONYMOUS_DONOR, Expense, Voucher
from vanhoa.core.models import AuditEntry
from vanhoa.core.numwords import amount_in_words, number_in_words
from vanhoa.testing.actors import TEST

from .conftest import pdf


def budget(world, amount, activity=None, on=date(2020, 3, 10), **kw):
    kw.setdefault("source", "Ngân sách phường giao cho BCĐ")
    kw.setdefault("decision_number", f"{126 + (on - date(2020, 3, 10)).days}/QĐ-UBND")  # one number per paper
    return funding.record_allocation(actor=TEST, ward=world.ward_2020, decision_date=on, amount=amount,
                                     activity=activity, **kw)


def gift(world, value, name="Công ty TNHH Minh Phát", on=date(2020, 11, 2), **kw):
    return funding.record_contribution(actor=TEST, ward=world.ward_2020, donor_name=name, value=value,
                                       received_on=on, **kw)


def spend(world, amount, source=MoneySource.BUDGET, activity=None, on=date(2020, 11, 18), **kw):
    kw.setdefault("description", "Mua quà biểu dương gia đình văn hóa")
    return funding.record_expense(actor=TEST, ward=world.ward_2020, spent_on=on, amount=amount, source=source,
                                  activity=activity, **kw)


def test_amounts_in_words_are_the_formal_accounting_style():
    assert amount_in_words(1_005_000) == "Một triệu không trăm linh năm nghìn đồng"
    assert number_in_words(1_005_000) + " đồng" == "một triệu không trăm linh năm nghìn đồng"
    assert amount_in_words(12_500_000) == "Mười hai triệu năm trăm nghìn đồng"
    assert in_words(12_500_000) == "Bằng chữ: Mười hai triệu năm trăm nghìn đồng."
    assert funding.vnd(12_500_000) == "12.500.000 đ"


def test_balances_per_pool_count_cash_and_leave_goods_out(world, today):
    budget(world, 10_000_000)
    gift(world, 3_000_000)
    gift(world, 1_500_000, name="Bà Lường Thị Xuân", form=ContributionForm.IN_KIND, description="30 suất quà")
    spend(world, 4_000_000)
    spend(world, 1_000_000, source=MoneySource.DONATION, description="Thuê âm thanh")
    b = funding.balances(world.ward_2020, 2020)
    assert (b.budget.received, b.budget.spent, b.budget.remaining) == (10_000_000, 4_000_000, 6_000_000)
    assert (b.donation.received, b.donation.spent, b.donation.remaining) == (3_000_000, 1_000_000, 2_000_000)
    assert b.in_kind == 1_500_000 and b.raised == 14_500_000 and b.spent == 5_000_000
    assert funding.balances(world.ward_2020, 2021).budget.received == 0  # another year, another pool


def test_an_expense_above_the_balance_is_refused_with_the_amounts(world, today):
    budget(world, 2_500_000)
    with pytest.raises(FundingError) as exc:
        spend(world, 3_000_000)
    assert str(exc.value) == (
        "Số tiền chi: 3.000.000 đ vượt số dư nguồn ngân sách năm 2020 còn được chi (2.500.000 đ, thiếu 500.000 đ). "
        "Hãy ghi nhận thêm kinh phí trước, hoặc chọn «Chi vượt số dư» và ghi rõ lý do."
    )
    assert not Expense.objects.exists()
    with pytest.raises(FundingError, match="vượt số dư nguồn xã hội hóa"):
        spend(world, 1, source=MoneySource.DONATION)


def test_an_overdraw_needs_a_reason_and_then_shows_as_a_negative_balance(world, today):
    budget(world, 2_500_000)
    with pytest.raises(FundingError, match="Lý do chi vượt số dư: vui lòng ghi rõ"):
        spend(world, 3_000_000, allow_overdraw=True)
    expense = spend(world, 3_000_000, allow_overdraw=True, overdraw_reason="Tạm ứng, chờ ngân sách bổ sung")
    b = funding.balances(world.ward_2020, 2020)
    assert b.budget.remaining == -500_000 and b.negative == [b.budget] and b.overdrawn == [expense]
    assert AuditEntry.objects.get(action="activities.expense.created").extra == {"overdraw": 500_000}
    # a later allocation covers it; lowering that allocation again is refused
    top_up = budget(world, 1_000_000, on=date(2020, 11, 20))
    assert not funding.balances(world.ward_2020, 2020).negative
    with pytest.raises(FundingError, match="sẽ thiếu 400.000 đ so với số đã chi"):
        funding.update_allocation(top_up, actor=TEST, amount=100_000)
    funding.update_allocation(top_up, actor=TEST, amount=600_000)
    assert funding.balances(world.ward_2020, 2020).budget.remaining == 100_000


def test_money_earmarked_for_an_activity_is_kept_for_it(world, plan_2020, today):
    training, festival = plan_2020.ordered_activities()[1], plan_2020.ordered_activities()[7]
    budget(world, 4_000_000)  # free
    budget(world, 6_000_000, activity=festival, source="Hỗ trợ tổ chức Ngày hội 18/11")
    b = funding.balances(world.ward_2020, 2020)
    assert b.budget.reserved == 6_000_000 and b.budget.free == 4_000_000
    assert b.available(MoneySource.BUDGET, training.pk) == 4_000_000
    assert b.available(MoneySource.BUDGET, festival.pk) == 10_000_000
    with pytest.raises(FundingError, match="còn được chi \\(4.000.000 đ, thiếu 1.000.000 đ\\)"):
        spend(world, 5_000_000, activity=training)
    spend(world, 7_000_000, activity=festival)  # its 6 million, then 1 million of the free money
    b = funding.balances(world.ward_2020, 2020)
    assert b.budget.free == 3_000_000 and b.budget.reserved == 0
    row = next(m for m in b.activities if m.activity == festival)
    assert (row.earmarked_total, row.spent_total, row.remaining) == (6_000_000, 7_000_000, -1_000_000)


def test_editing_an_expense_checks_the_balance_again_without_counting_itself(world, today):
    budget(world, 5_000_000)
    expense = spend(world, 4_000_000)
    funding.update_expense(expense, actor=TEST, amount=5_000_000)
    with pytest.raises(FundingError, match="còn được chi \\(5.000.000 đ, thiếu 1.000.000 đ\\)"):
        funding.update_expense(expense, actor=TEST, amount=6_000_000)
    entry = AuditEntry.objects.get(action="activities.expense.updated")
    assert entry.changes["amount"] == ["4000000", "5000000"] or entry.changes["amount"] == [4000000, 5000000]


def test_bad_money_input_is_refused_in_vietnamese(world, plan_2020, today):
    with pytest.raises(FundingError, match="Số tiền: phải lớn hơn 0"):
        budget(world, 0)
    with pytest.raises(FundingError, match="Nội dung ủng hộ: ủng hộ bằng hiện vật cần ghi rõ"):
        gift(world, 100_000, form=ContributionForm.IN_KIND)
    with pytest.raises(FundingError, match="Ngày nhận: 01/01/2027 là ngày trong tương lai"):
        gift(world, 100_000, on=date(2027, 1, 1))
    with pytest.raises(FundingError, match="Ngày nhận: 02/11/2025 – Phường Quyết Tiến chỉ hoạt động đến 30/06/2025"):
        gift(world, 100_000, on=date(2025, 11, 2))
    from vanhoa.plans import services as plans

    plan_2026 = plans.create_plan(actor=TEST, ward=world.ward, year=2026)
    other = plans.create_activity(plan_2026, actor=TEST, content="Tập huấn", lead=["BCĐ"], periods=[5])
    with pytest.raises(FundingError, match="hoạt động này thuộc kế hoạch năm 2026 của Phường Đoàn Kết"):
        budget(world, 1_000_000, activity=other)


def test_vouchers_are_checked_for_type_and_size_and_kept_with_the_expense(world, today, media):
    budget(world, 5_000_000)
    fake = SimpleUploadedFile("hoa-don.pdf", b"not a pdf at all", content_type="application/pdf")
    with pytest.raises(FundingError, match="Chứng từ: Tệp «hoa-don.pdf»: nội dung không đúng định dạng PDF"):
        spend(world, 1_000_000, files=[fake])
    big = SimpleUploadedFile("phieu-chi.jpg", b"\xff\xd8\xff" + b"0" * (10 * 1024 * 1024 + 1), "image/jpeg")
    with pytest.raises(FundingError, match="nặng 10,0 MB, vượt quá giới hạn 10,0 MB"):
        spend(world, 1_000_000, files=[big])
    assert not Expense.objects.exists() and not Voucher.objects.exists()
    expense = spend(world, 1_000_000, files=[pdf()])
    voucher = expense.vouchers.get()
    assert voucher.original_name == "hoa-don.pdf" and voucher.ward == world.ward_2020
    assert AuditEntry.objects.filter(action="activities.voucher.added", object_id=str(voucher.pk)).count() == 1


def test_the_public_list_masks_donors_who_asked(world, client_for, today):
    gift(world, 2_000_000, name="Nguyễn Văn An")
    gift(world, 500_000, name="Trần Thị Bình", anonymous=True)
    gift(world, 1_500_000, name="Công ty TNHH Minh Phát", donor_kind=DonorKind.ORGANISATION,
         form=ContributionForm.IN_KIND, description="30 suất quà")
    client = client_for(world.users["front_officer"])
    html = client.get("/hoat-dong/kinh-phi/cong-khai/?nam=2020").content.decode()
    assert ANONYMOUS_DONOR in html and "Trần Thị Bình" not in html
    assert "Nguyễn Văn An" in html and "30 suất quà (hiện vật)" in html and "4.000.000" in html
    wb = load_workbook(io.BytesIO(client.get("/hoat-dong/kinh-phi/cong-khai.xlsx?nam=2020").content))
    names = [row[1] for row in wb.active.iter_rows(min_row=5, values_only=True)]  # row 4: headings
    assert names == ["Nguyễn Văn An", "Công ty TNHH Minh Phát", ANONYMOUS_DONOR, "Cộng"]
    response = client.get("/hoat-dong/kinh-phi/cong-khai.pdf?nam=2020")
    assert response.status_code == 200 and response.content.startswith(b"%PDF")
    # one face throughout, the page number too (a margin box does not inherit the body's font: it was DejaVu Serif)
    import pikepdf

    with pikepdf.open(io.BytesIO(response.content)) as pdf:
        fonts = {str(f.get("/BaseFont")) for page in pdf.pages for f in page.Resources.Font.values()}
    assert fonts and all("Liberation-Serif" in f or "TimesNewRoman" in f.replace(" ", "") for f in fonts), fonts
    # officers still see the real name on the internal list
    assert "Trần Thị Bình" in client.get("/hoat-dong/kinh-phi/?nam=2020").content.decode()
