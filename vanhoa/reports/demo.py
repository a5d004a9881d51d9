"""Demo reports: phường Quyết Tiến's 2020 semi-annual and annual reports, sent to the city and received; phường
Đoàn Kết's 2026 semi-annual report, returned once by the province and received the second time; its 2026 annual
report being drafted. Running it twice changes nothing."""

from __future__ import annotations

from datetime import date

from vanhoa.demo.context import DemoContext
from vanhoa.reports import services
from vanhoa.reports.choices import ReportKind
from vanhoa.reports.models import Report

# After every app whose records the reports count (titles 50, activities 60): a report sent in the demo freezes
# the figures of the records as they are once the demo is loaded (at 60 it ran before the activities and sent
# "Lớp tập huấn: 0" next to a training held).
ORDER = 90


def _user(ctx: DemoContext, name: str) -> object:
    return ctx.users.get(name) or ctx.actor


def load(ctx: DemoContext) -> None:
    if ctx.ward_2020 is None or ctx.ward is None:
        return
    if Report.objects.filter(ward__in=[ctx.ward_2020, ctx.ward]).exists():
        return
    head, city, province = _user(ctx, "truongban"), _user(ctx, "thanhpho"), _user(ctx, "tinh")
    qt, dk = ctx.ward_2020, ctx.ward

    semi = services.create_report(actor=head, ward=qt, kind=ReportKind.SEMIANNUAL, year=2020)
    services.update_report(semi, actor=head, number="12", issued_on=date(2020, 7, 2))
    services.submit_report(semi, actor=head, on=date(2020, 7, 2))
    services.receive_report(semi, actor=city, on=date(2020, 7, 6))

    annual = services.create_report(actor=head, ward=qt, kind=ReportKind.ANNUAL, year=2020)
    services.update_report(
        annual,
        actor=head,
        as_of=date(2020, 12, 29),
        number="25",
        issued_on=date(2020, 12, 30),
        funding_note="Ngân sách phường bảo đảm kinh phí các hoạt động của Ban Chỉ đạo; các tổ dân phố huy động thêm "
        "nguồn xã hội hóa cho Ngày hội Đại đoàn kết toàn dân tộc.",
    )
    services.submit_report(annual, actor=head, on=date(2020, 12, 30))
    services.receive_report(annual, actor=city, on=date(2021, 1, 5))

    now = services.create_report(actor=head, ward=dk, kind=ReportKind.SEMIANNUAL, year=2026)
    services.update_report(now, actor=head, number="41", issued_on=date(2026, 7, 3))
    services.submit_report(now, actor=head, on=date(2026, 7, 3))
    services.return_report(
        now,
        actor=province,
        on=date(2026, 7, 8),
        reason="Đề nghị bổ sung kết quả đăng ký danh hiệu của 8 tổ dân phố và đánh giá cụ thể các hoạt động chưa "
        "hoàn thành.",
    )
    services.update_report(
        now,
        actor=head,
        activities_note="Các tổ dân phố đang tổng hợp bản đăng ký danh hiệu năm 2026; Ban Chỉ đạo sẽ báo cáo bổ sung "
        "trong tháng 7.",
    )
    services.submit_report(now, actor=head, on=date(2026, 7, 10))
    services.receive_report(now, actor=province, on=date(2026, 7, 13))

    services.create_report(actor=head, ward=dk, kind=ReportKind.ANNUAL, year=2026)
    ctx.say(
        "Báo cáo: Quyết Tiến 2020 (sơ kết, tổng kết) đã gửi thành phố; Đoàn Kết 2026 sơ kết gửi tỉnh (trả lại 1 lần),"
        " tổng kết 2026 đang soạn."
    )
