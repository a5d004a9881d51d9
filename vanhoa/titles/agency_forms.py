"""Forms of an agency's page (TT 08/2014): its registration to build the title, its union's reports."""

from __future__ import annotations

from django import forms

from vanhoa.core.forms import BootstrapMixin, date_field
from vanhoa.titles.choices import AgencyReportKind

YEAR_ERRORS = {
    "invalid": "Năm phải là số, ví dụ 2021.",
    "min_value": "Năm không hợp lệ.",
    "max_value": "Năm không hợp lệ.",
}


class EnrolForm(BootstrapMixin, forms.Form):
    registered_on = date_field("Ngày đăng ký xây dựng")
    union_name = forms.CharField(label="Công đoàn cơ sở", max_length=200, required=False)
    prior_year = forms.IntegerField(
        label="Năm được công nhận gần nhất (nếu có, trước khi dùng hệ thống)", required=False, min_value=2000,
        max_value=2100, error_messages=YEAR_ERRORS,
    )  # fmt: skip
    prior_decision = forms.CharField(label="Quyết định công nhận đó (số, ngày)", max_length=255, required=False)


class ReportForm(BootstrapMixin, forms.Form):
    year = forms.IntegerField(label="Năm", min_value=2000, max_value=2100, error_messages=YEAR_ERRORS)
    kind = forms.ChoiceField(label="Loại báo cáo", choices=AgencyReportKind.choices)
    reported_on = date_field("Ngày báo cáo")
    union_name = forms.CharField(label="Công đoàn lập báo cáo", max_length=200)
    head_name = forms.CharField(label="Thủ trưởng xác nhận (họ và tên)", max_length=120)
    chair_name = forms.CharField(label="Chủ tịch Công đoàn ký báo cáo (họ và tên)", max_length=120, required=False)
    kept = forms.BooleanField(label="Giữ vững danh hiệu (báo cáo hằng năm)", required=False, initial=True)
    summary = forms.CharField(label="Tóm tắt kết quả", required=False, widget=forms.Textarea(attrs={"rows": 2}))
