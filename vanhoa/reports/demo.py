"""Demo reports: phường Quyết Tiến's 2020 semi-annual and annual reports, sent to the city and received; phường
Đoàn Kết's semi-annual report of the current year (the year of today's date), returned once by the province and
received the second time, as far as today's date allows; its annual report being drafted. Running it twice changes
nothing."""

from __future__ import annotations

from datetime import date
from typing import Any

from vanhoa.core import clock
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

    _current_year(dk, head, province)
    ctx.say(
        f"Báo cáo: Quyết Tiến 2020 (sơ kết, tổng kết) đã gửi thành phố; Đoàn Kết {clock.today().year}: sơ kết và "
        "tổng kết theo ngày hôm nay."
    )


def _current_year(dk: Any, head: Any, province: Any) -> None:
    """Đoàn Kết's reports of the year of today's date, as far as a real ward would be by today: the semi-annual
    report sent on 03/07, returned on 08/07, sent again on 10/07 and received on 13/07 (each step once its day has
    come; a draft before July); the annual report being drafted."""
    today = clock.today()
    year = today.year
    if dk.valid_from is not None and dk.valid_from > date(year, 12, 31):
        return
    semi = services.create_report(actor=head, ward=dk, kind=ReportKind.SEMIANNUAL, year=year)
    steps = [
        (date(year, 7, 3), lambda on: services.update_report(semi, actor=head, number="41", issued_on=on)),
        (date(year, 7, 3), lambda on: services.submit_report(semi, actor=head, on=on)),
        (
            date(year, 7, 8),
            lambda on: services.return_report(
                semi,
                actor=province,
                on=on,
                reason="Đề nghị bổ sung kết quả đăng ký danh hiệu của 8 tổ dân phố và đánh giá cụ thể các hoạt động "
                "chưa hoàn thành.",
            ),
        ),
        (
            date(year, 7, 10),
            lambda on: services.update_report(
                semi,
                actor=head,
                activities_note=f"Các tổ dân phố đang tổng hợp bản đăng ký danh hiệu năm {year}; Ban Chỉ đạo sẽ báo "
                "cáo bổ sung trong tháng 7.",
            ),
        ),
        (date(year, 7, 10), lambda on: services.submit_report(semi, actor=head, on=on)),
        (date(year, 7, 13), lambda on: services.receive_report(semi, actor=province, on=on)),
    ]
    for day, step in steps:
        if day > today:
            break
        step(day)
    services.create_report(actor=head, ward=dk, kind=ReportKind.ANNUAL, year=year)
