from __future__ import annotations

from typing import Any

from django import forms

from vanhoa.core.forms import DATE_WIDGET, BootstrapMixin


class GroupForm(BootstrapMixin, forms.Form):
    type_label = forms.ChoiceField(
        label="Loại", choices=[(x, x) for x in ("Tổ dân phố", "Thôn", "Bản", "Khu phố", "Khối phố", "Tổ", "Ấp", "Khóm")]
    )
    name = forms.CharField(label="Tên đầy đủ", max_length=200, help_text="Ví dụ: Tổ dân phố số 9, Bản Nà Nọi")
    code = forms.CharField(label="Mã (nếu có)", max_length=16, required=False)
    order = forms.IntegerField(label="Thứ tự hiển thị", min_value=0, initial=0)
    valid_from = forms.DateField(label="Thành lập từ ngày", required=False, widget=DATE_WIDGET)


class RenameForm(BootstrapMixin, forms.Form):
    new_name = forms.CharField(label="Tên mới", max_length=200)
    effective = forms.DateField(label="Có hiệu lực từ ngày", widget=DATE_WIDGET)
    legal_basis = forms.CharField(label="Căn cứ (số, ngày văn bản)", max_length=255, required=False)


class CatalogSearchForm(forms.Form):
    q = forms.CharField(label="Tên xã, phường", max_length=100)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["q"].widget.attrs.update({"class": "form-control", "placeholder": "Ví dụ: quyet tien lai chau"})
