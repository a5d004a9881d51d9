"""Report forms: validate and normalise only (the services decide)."""

from __future__ import annotations

from datetime import date
from typing import Any

from django import forms

from vanhoa.core.forms import BootstrapMixin
from vanhoa.reports.choices import ReportKind

DATE_INPUT = {"placeholder": "dd/mm/yyyy", "inputmode": "numeric", "autocomplete": "off"}
TEXT = {"rows": 4}


def parse_date(value: str) -> date | None:
    """dd/mm/yyyy (or yyyy-mm-dd) → date; None when empty or wrong."""
    value = (value or "").strip()
    for fmt in ("%d/%m/%Y", "%Y-%m-%d"):
        try:
            from datetime import datetime

            return datetime.strptime(value, fmt).date()  # noqa: DTZ007 (a calendar date)
        except ValueError:
            continue
    return None


class ReportCreateForm(BootstrapMixin, forms.Form):
    kind = forms.ChoiceField(label="Loại báo cáo", choices=ReportKind.choices)
    year = forms.IntegerField(
        label="Năm",
        min_value=2000,
        max_value=2100,
        error_messages={
            "min_value": "Năm phải từ 2000 trở đi.",
            "max_value": "Năm không quá 2100.",
            "invalid": "Năm phải là một số, ví dụ 2020.",
            "required": "Hãy chọn năm báo cáo.",
        },
    )


class ReportForm(BootstrapMixin, forms.Form):
    """Header and narrative of a draft. Lists (recipients, signing authority) are one item per line."""

    as_of = forms.DateField(
        label="Số liệu tính đến ngày",
        input_formats=["%d/%m/%Y", "%Y-%m-%d"],
        widget=forms.TextInput(attrs=DATE_INPUT),
        error_messages={
            "invalid": "Ngày tính số liệu: ghi theo dạng ngày/tháng/năm, ví dụ 31/12/2020.",
            "required": "Hãy ghi ngày tính số liệu.",
        },
    )
    number = forms.CharField(label="Số", required=False, max_length=20, help_text="Để trống khi chưa vào sổ văn thư.")
    symbol = forms.CharField(label="Ký hiệu", max_length=40)
    issued_on = forms.DateField(
        label="Ngày ban hành",
        required=False,
        input_formats=["%d/%m/%Y", "%Y-%m-%d"],
        widget=forms.TextInput(attrs=DATE_INPUT),
        help_text="Để trống khi chưa ký.",
        error_messages={"invalid": "Ngày ban hành: ghi theo dạng ngày/tháng/năm, ví dụ 15/12/2020."},
    )
    place = forms.CharField(label="Địa danh", max_length=120)
    issuer_parent = forms.CharField(label="Cơ quan chủ quản", required=False, max_length=200)
    issuer = forms.CharField(
        label="Cơ quan ban hành", widget=forms.Textarea(attrs={"rows": 2}), help_text="Mỗi dòng in một dòng."
    )
    direction = forms.CharField(
        label="1. Công tác chỉ đạo, điều hành", required=False, widget=forms.Textarea(attrs=TEXT)
    )
    outreach = forms.CharField(label="2. Công tác tuyên truyền", required=False, widget=forms.Textarea(attrs=TEXT))
    activities_note = forms.CharField(
        label="4. Nhận xét thêm về các hoạt động",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Bảng kết quả các hoạt động được lấy từ kế hoạch năm; ghi thêm ở đây nếu cần.",
    )
    funding_note = forms.CharField(label="5. Kinh phí", required=False, widget=forms.Textarea(attrs={"rows": 3}))
    strengths = forms.CharField(label="II.1. Ưu điểm", required=False, widget=forms.Textarea(attrs=TEXT))
    weaknesses = forms.CharField(label="II.2. Tồn tại, hạn chế", required=False, widget=forms.Textarea(attrs=TEXT))
    tasks = forms.CharField(label="III. Phương hướng, nhiệm vụ", required=False, widget=forms.Textarea(attrs=TEXT))
    proposals = forms.CharField(
        label="IV. Kiến nghị, đề xuất", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    recipients = forms.CharField(
        label="Nơi nhận",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Mỗi nơi nhận một dòng; dòng cuối «Lưu: VT».",
    )
    signature_authority = forms.CharField(
        label="Thẩm quyền ký",
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Ví dụ: TM. BAN CHỈ ĐẠO / KT. TRƯỞNG BAN / PHÓ TRƯỞNG BAN",
    )
    signer_title = forms.CharField(label="Chức vụ in dưới chữ ký", required=False, max_length=200)
    signer_name = forms.CharField(label="Người ký", required=False, max_length=120)

    @staticmethod
    def initial_from(report: Any) -> dict[str, Any]:
        data = {name: getattr(report, name) for name in ReportForm.base_fields}
        data["recipients"] = "\n".join(report.recipients or [])
        data["signature_authority"] = "\n".join(report.signature_authority or [])
        for key in ("as_of", "issued_on"):
            if data[key]:
                data[key] = data[key].strftime("%d/%m/%Y")
        return data


class ReturnForm(BootstrapMixin, forms.Form):
    reason = forms.CharField(
        label="Lý do trả lại",
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": "Hãy ghi lý do trả lại báo cáo (cần sửa, bổ sung gì)."},
    )


class DueDateForm(BootstrapMixin, forms.Form):
    """A sending date for the wards under one of the user's receiving units."""

    unit = forms.TypedChoiceField(label="Cấp đặt hạn", coerce=int, error_messages={"required": "Hãy chọn đơn vị."})
    kind = forms.ChoiceField(label="Loại báo cáo", choices=ReportKind.choices)
    year = forms.IntegerField(
        label="Năm báo cáo",
        min_value=2000,
        max_value=2100,
        error_messages={
            "min_value": "Năm báo cáo phải từ 2000 trở đi.",
            "max_value": "Năm báo cáo không quá 2100.",
            "invalid": "Năm báo cáo phải là một số, ví dụ 2024.",
            "required": "Hãy ghi năm báo cáo.",
        },
    )
    due = forms.DateField(
        label="Hạn gửi",
        input_formats=["%d/%m/%Y", "%Y-%m-%d"],
        widget=forms.TextInput(attrs=DATE_INPUT),
        error_messages={
            "invalid": "Hạn gửi: ghi theo dạng ngày/tháng/năm, ví dụ 15/12/2024.",
            "required": "Hãy ghi hạn gửi.",
        },
    )
    note = forms.CharField(
        label="Căn cứ, ghi chú", required=False, max_length=300, help_text="Ví dụ: Công văn số 125/UBND-VHXH."
    )

    def __init__(self, *args: Any, units: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].choices = [(u.pk, u.name) for u in units]
