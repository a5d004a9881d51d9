"""Input forms: validate and normalise only; saving is the services' job."""

from __future__ import annotations

from typing import Any

from django import forms

from vanhoa.core.forms import DATE_WIDGET, BootstrapMixin, date_field
from vanhoa.core.text import nfc
from vanhoa.registry.choices import HouseholdStatus
from vanhoa.registry.limits import MAX_MEMBERS
from vanhoa.registry.models import Agency, Household, Street, phone_validator
from vanhoa.units.models import Unit
from vanhoa.units.words import localise_text


class HouseholdForm(BootstrapMixin, forms.ModelForm):
    class Meta:
        model = Household
        fields = ["head_name", "group", "code", "address", "member_count", "phone", "since", "note"]
        widgets = {"since": DATE_WIDGET, "note": forms.Textarea(attrs={"rows": 2})}
        help_texts = {"code": "Để trống để hệ thống tự đánh mã (HGĐ-00001 …)."}
        error_messages = {
            "head_name": {"required": "Vui lòng nhập họ và tên chủ hộ."},
            "member_count": {"required": "Vui lòng nhập số nhân khẩu.", "invalid": "Số nhân khẩu phải là số."},
        }

    def __init__(self, *args: Any, groups: list[Unit], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["group"].queryset = Unit.objects.filter(pk__in=[g.pk for g in groups])
        self.fields["group"].empty_label = localise_text("— Chọn tổ dân phố —")
        self.fields["code"].required = False
        self.fields["member_count"].widget.attrs.update({"min": 1, "inputmode": "numeric"})
        # Accept "+84 912 345 678" and spaced numbers; clean_phone normalises them to 10–11 digits.
        self.fields["phone"].max_length = 20
        self.fields["phone"].validators = []
        self.fields["phone"].widget.attrs.update({"inputmode": "tel", "maxlength": 20})

    def clean_head_name(self) -> str:
        name = nfc(self.cleaned_data["head_name"])
        if len(name.split()) < 2:
            raise forms.ValidationError("Vui lòng nhập đầy đủ họ và tên (ít nhất hai chữ).")
        return name

    def clean_phone(self) -> str:
        phone = "".join(ch for ch in self.cleaned_data.get("phone", "") if ch.isdigit() or ch == "+")
        if phone.startswith("+84"):
            phone = "0" + phone[3:]
        if phone:
            phone_validator(phone)
        return phone

    def clean_member_count(self) -> int:
        value = self.cleaned_data["member_count"]
        if value is None or value < 1:
            raise forms.ValidationError("Số nhân khẩu phải từ 1 trở lên.")
        if value > MAX_MEMBERS:
            raise forms.ValidationError(f"Số nhân khẩu quá lớn (trên {MAX_MEMBERS}); vui lòng kiểm tra lại.")
        return value

    def validate_unique(self) -> None:
        """Uniqueness of the code within the ward is checked by the service, with a clear message."""


class HouseholdStatusForm(BootstrapMixin, forms.Form):
    status = forms.ChoiceField(label="Tình trạng mới", choices=HouseholdStatus.choices)
    on = date_field("Từ ngày")
    reason = forms.CharField(label="Lý do", max_length=255, required=False)
    other_code = forms.CharField(label="Mã hộ nhận nhập (khi nhập hộ)", max_length=32, required=False)

    def __init__(self, *args: Any, user: Any, household: Household, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user, self.household = user, household

    def clean(self) -> dict[str, Any]:
        """Resolve the receiving household (for a merger) within the user's scope and the same ward."""
        data = super().clean() or {}
        data["other"] = None
        code = (data.get("other_code") or "").strip()
        if code:
            from vanhoa.accounts.permissions import Cap

            data["other"] = (
                Household.objects.visible_to(self.user, Cap.HOUSEHOLDS_CHANGE)
                .filter(ward=self.household.ward, code=code)
                .first()
            )
            if data["other"] is None:
                self.add_error("other_code", f"Không tìm thấy hộ có mã {code} trong phạm vi của bạn.")
        return data


class HouseholdSplitForm(BootstrapMixin, forms.Form):
    new_head_name = forms.CharField(label="Họ và tên chủ hộ mới", max_length=120)
    member_count = forms.IntegerField(label="Số nhân khẩu của hộ mới", min_value=1, max_value=MAX_MEMBERS)
    moved_members = forms.IntegerField(
        label="Số nhân khẩu chuyển khỏi hộ cũ", min_value=0, max_value=MAX_MEMBERS, initial=0
    )
    on = forms.DateField(label="Ngày tách hộ", widget=DATE_WIDGET)
    address = forms.CharField(label="Địa chỉ hộ mới (để trống nếu cùng địa chỉ)", max_length=255, required=False)


class AgencyForm(BootstrapMixin, forms.ModelForm):
    class Meta:
        model = Agency
        fields = ["name", "kind", "lead_union", "address", "head_name", "staff_count", "active"]
        error_messages = {"name": {"required": "Vui lòng nhập tên cơ quan, đơn vị."}}


class StreetForm(BootstrapMixin, forms.ModelForm):
    class Meta:
        model = Street
        fields = ["name", "stretch", "length_m", "groups", "active"]
        widgets = {"groups": forms.CheckboxSelectMultiple}
        error_messages = {"name": {"required": "Vui lòng nhập tên tuyến phố."}}

    def __init__(self, *args: Any, groups: list[Unit], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["groups"].queryset = Unit.objects.filter(pk__in=[g.pk for g in groups])
        self.fields["groups"].widget.attrs["class"] = "form-check-input"
