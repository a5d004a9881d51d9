from __future__ import annotations

from typing import Any

from django import forms

from vanhoa.core.forms import BootstrapMixin
from vanhoa.setup.services import GROUP_TYPES
from vanhoa.units import catalog


class FirstAdminForm(BootstrapMixin, forms.Form):
    full_name = forms.CharField(label="Họ và tên", max_length=150)
    username = forms.CharField(
        label="Tên đăng nhập", max_length=40, help_text="Chữ không dấu, chữ số, dấu chấm; ví dụ: quantri"
    )
    password = forms.CharField(
        label="Mật khẩu",
        widget=forms.PasswordInput,
        help_text="Ít nhất 12 ký tự, ví dụ ba bốn từ nối bằng dấu gạch: hoa-ban-no-tren-doi",
    )
    password2 = forms.CharField(label="Nhập lại mật khẩu", widget=forms.PasswordInput)

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("password") and data.get("password2") and data["password"] != data["password2"]:
            self.add_error("password2", "Nhập lại mật khẩu: hai lần nhập không giống nhau.")
        return data


class CommuneSearchForm(forms.Form):
    q = forms.CharField(label="Tên đơn vị cấp xã (có thể kèm tên tỉnh)", max_length=100)
    scheme = forms.ChoiceField(
        label="Danh mục",
        choices=[(catalog.CURRENT, "Hiện nay (từ 01/07/2025)"), (catalog.PRE2025, "Trước 01/07/2025")],
        initial=catalog.CURRENT,
        required=False,
        widget=forms.RadioSelect,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["q"].widget.attrs.update({"class": "form-control", "placeholder": "Ví dụ: Cốc Pàng Cao Bằng"})


class GroupsForm(BootstrapMixin, forms.Form):
    default_type = forms.ChoiceField(label="Loại (cho dòng chỉ ghi tên)", choices=[(t, t) for t in GROUP_TYPES])
    names = forms.CharField(
        label="Tên các thôn, bản, tổ dân phố (mỗi dòng một tên)",
        widget=forms.Textarea(attrs={"rows": 8, "placeholder": "Thôn Nà Nọi\nBản Khau Pàn\nThôn Cốc Pàng"}),
        help_text="Dán từ Excel hay Word cũng được. Dòng bắt đầu bằng «Thôn», «Bản», «Tổ dân phố» … giữ loại đó.",
    )


class AccountsForm(BootstrapMixin, forms.Form):
    """One name field for the steering committee head and one per group leader (added by the view)."""

    ward_head = forms.CharField(label="Trưởng ban Chỉ đạo (họ và tên)", max_length=150, required=False)
    front_officer = forms.CharField(label="Cán bộ Ủy ban MTTQ (họ và tên)", max_length=150, required=False)

    def __init__(self, *args: Any, groups: list[Any], words: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["ward_head"].label = f"Trưởng ban Chỉ đạo {words.commune} (họ và tên)"
        self.fields["front_officer"].label = f"Cán bộ Ủy ban MTTQ {words.commune} (họ và tên)"
        from vanhoa.accounts.roles import role_label

        for group in groups:
            field = forms.CharField(label=group.name, max_length=150, required=False)
            field.help_text = role_label("group_leader", group).split(" / ")[0]
            field.widget.attrs["class"] = "form-control"
            self.fields[f"leader_{group.pk}"] = field
