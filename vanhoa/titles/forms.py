"""Input forms of the title pages: validate and normalise only; the services change state."""

from __future__ import annotations

from typing import Any

from django import forms

from vanhoa.core.text import nfc
from vanhoa.registry.forms import BootstrapMixin
from vanhoa.titles.choices import DayCount, Rounding, TieBreak, VotingMethod
from vanhoa.titles.models import CommendationRule, RuleSet

DATE_INPUT = forms.DateInput(
    attrs={"placeholder": "dd/mm/yyyy", "inputmode": "numeric", "autocomplete": "off"}, format="%d/%m/%Y"
)
DATE_ERRORS = {"required": "Vui lòng nhập ngày.", "invalid": "Ngày phải theo dạng dd/mm/yyyy, ví dụ 05/11/2020."}
NUMBER_ERRORS = {"invalid": "Phải là một số nguyên.", "min_value": "Không được âm."}


def date_field(label: str, **kw: Any) -> forms.DateField:
    return forms.DateField(label=label, widget=DATE_INPUT, input_formats=["%d/%m/%Y"], error_messages=DATE_ERRORS, **kw)


class MeetingFactsForm(BootstrapMixin, forms.Form):
    held_on = date_field("Ngày họp")
    place = forms.CharField(label="Địa điểm", max_length=255, required=False)
    chair = forms.CharField(label="Chủ trì", max_length=120, required=False)
    secretary = forms.CharField(label="Thư ký", max_length=120, required=False)
    invited = forms.IntegerField(label="Số người được mời", min_value=0, required=False, error_messages=NUMBER_ERRORS)
    present = forms.IntegerField(label="Số người dự họp", min_value=0, required=False, error_messages=NUMBER_ERRORS)
    voting_method = forms.ChoiceField(
        label="Hình thức biểu quyết", choices=[("", "— Chọn —"), *VotingMethod.choices], required=False
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in ("invited", "present"):
            self.fields[name].widget.attrs.update({"inputmode": "numeric", "min": 0})

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        for key in ("place", "chair", "secretary"):
            if key in data:
                data[key] = nfc(data[key])
        return data


class RegisterForm(BootstrapMixin, forms.Form):
    on = date_field("Ngày đăng ký")


class NoticeOpenForm(BootstrapMixin, forms.Form):
    opened_on = date_field("Ngày bắt đầu niêm yết")
    place = forms.CharField(
        label="Nơi niêm yết", max_length=255, error_messages={"required": "Vui lòng nhập nơi niêm yết."}
    )


class NoticeCommentForm(BootstrapMixin, forms.Form):
    received_on = date_field("Ngày nhận ý kiến")
    candidacy = forms.TypedChoiceField(label="Về hộ", coerce=int, required=False, empty_value=None)
    content = forms.CharField(label="Nội dung ý kiến", widget=forms.Textarea(attrs={"rows": 2}))
    resolution = forms.CharField(label="Xử lý", widget=forms.Textarea(attrs={"rows": 2}), required=False)
    upheld = forms.BooleanField(label="Ý kiến đúng: không đề nghị hộ này", required=False)

    def __init__(self, *args: Any, choices: list[tuple[Any, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["candidacy"].choices = [("", "— Ý kiến chung —"), *choices]


class CloseNoticeForm(BootstrapMixin, forms.Form):
    on = date_field("Ngày kết thúc niêm yết")
    result_note = forms.CharField(label="Kết quả lấy ý kiến", widget=forms.Textarea(attrs={"rows": 2}), required=False)


class ProposalForm(BootstrapMixin, forms.Form):
    on = date_field("Ngày gửi hồ sơ")
    number = forms.CharField(label="Số văn bản đề nghị (nếu có)", max_length=40, required=False)


class ReturnForm(BootstrapMixin, forms.Form):
    on = date_field("Ngày trả lại")
    reason = forms.CharField(
        label="Lý do trả lại",
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": "Vui lòng ghi lý do."},
    )


class DecisionForm(BootstrapMixin, forms.Form):
    number = forms.CharField(label="Số quyết định", max_length=20, error_messages={"required": "Vui lòng nhập số."})
    signed_on = date_field("Ngày ký")
    signer_name = forms.CharField(label="Người ký (họ và tên)", max_length=120)
    signing_authority = forms.ChoiceField(
        label="Thẩm quyền ký",
        choices=[("", "Chủ tịch ký"), ("KT. CHỦ TỊCH", "Phó Chủ tịch ký thay (KT. CHỦ TỊCH)")],
        required=False,
    )


class CertificateForm(BootstrapMixin, forms.Form):
    on = date_field("Ngày cấp giấy công nhận")


class PublishForm(BootstrapMixin, forms.Form):
    on = date_field("Ngày công bố")
    place = forms.CharField(label="Nơi công bố", max_length=255, initial="Bảng tin và trang thông tin điện tử phường")


class RevokeForm(BootstrapMixin, forms.Form):
    on = date_field("Ngày ký quyết định thu hồi")
    number = forms.CharField(label="Số quyết định thu hồi", max_length=20)
    signer_name = forms.CharField(label="Người ký", max_length=120)
    reason = forms.CharField(label="Lý do thu hồi", widget=forms.Textarea(attrs={"rows": 2}))


class ReasonForm(BootstrapMixin, forms.Form):
    on = date_field("Ngày")
    reason = forms.CharField(label="Lý do", widget=forms.Textarea(attrs={"rows": 2}))


class RuleSetForm(BootstrapMixin, forms.ModelForm):
    unconfirmed_text = forms.CharField(
        label="Điểm chưa xác minh (mỗi dòng: tên trường: ghi chú)",
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
    )
    pass_marks_text = forms.CharField(
        label="Điểm đạt theo khu vực (mỗi dòng: khu vực: điểm)",
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )

    class Meta:
        model = RuleSet
        fields = [
            "valid_from",
            "valid_to",
            "quorum_pct",
            "approval_pct",
            "public_notice_days",
            "file_days",
            "file_day_count",
            "decide_days",
            "decide_day_count",
            "cutoff_month",
            "cutoff_day",
            "publish_days",
            "note",
        ]
        widgets = {"valid_from": DATE_INPUT, "valid_to": DATE_INPUT, "note": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in ("valid_from", "valid_to"):
            self.fields[name].input_formats = ["%d/%m/%Y"]
            self.fields[name].error_messages.update(DATE_ERRORS)
        self.fields["file_day_count"].choices = DayCount.choices
        self.fields["decide_day_count"].choices = DayCount.choices
        inst = self.instance
        self.fields["unconfirmed_text"].initial = "\n".join(f"{k}: {v}" for k, v in (inst.unconfirmed or {}).items())
        self.fields["pass_marks_text"].initial = "\n".join(f"{k}: {v}" for k, v in (inst.pass_marks or {}).items())

    def clean_unconfirmed_text(self) -> dict[str, str]:
        out = {}
        for i, line in enumerate(self.cleaned_data["unconfirmed_text"].splitlines(), start=1):
            if not line.strip():
                continue
            key, sep, note = line.partition(":")
            if not sep or not key.strip():
                raise forms.ValidationError(f"Dòng {i}: cần dạng «tên trường: ghi chú».")
            out[key.strip()] = nfc(note)
        return out

    def clean_pass_marks_text(self) -> dict[str, int]:
        out = {}
        for i, line in enumerate(self.cleaned_data["pass_marks_text"].splitlines(), start=1):
            if not line.strip():
                continue
            key, sep, value = line.partition(":")
            try:
                out[key.strip()] = int(value.strip())
            except ValueError:
                raise forms.ValidationError(f"Dòng {i}: điểm phải là số nguyên (ví dụ «default: 85»).") from None
            if not sep:
                raise forms.ValidationError(f"Dòng {i}: cần dạng «khu vực: điểm».")
        return out


class CommendationRuleForm(BootstrapMixin, forms.ModelForm):
    class Meta:
        model = CommendationRule
        fields = ["after_consecutive_years", "cap_pct", "cap_rounding", "tie_break", "note"]
        widgets = {"note": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["cap_rounding"].choices = Rounding.choices
        self.fields["tie_break"].choices = TieBreak.choices


class CarryForm(BootstrapMixin, forms.Form):
    reason = forms.CharField(label="Lý do", widget=forms.Textarea(attrs={"rows": 2}))
