from __future__ import annotations

from typing import Any

from django import forms


class OpinionForm(forms.Form):
    """What a resident sends: their name and group, which household (or the list in general), the text. The
    `website` field is hidden from people; a robot that fills it is thanked and nothing is kept."""

    sender_name = forms.CharField(label="Họ và tên của ông/bà", max_length=120)
    sender_group = forms.CharField(label="Ông/bà ở tổ dân phố nào", max_length=120)
    candidacy = forms.TypedChoiceField(label="Ý kiến về hộ", coerce=int, required=False, empty_value=None)
    content = forms.CharField(label="Nội dung ý kiến", max_length=2000, widget=forms.Textarea(attrs={"rows": 4}))
    website = forms.CharField(label="Để trống ô này", required=False)

    def __init__(self, *args: Any, choices: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["candidacy"].choices = [("", "— Về cả danh sách —"), *choices]
        for name, field in self.fields.items():
            if name != "website":
                field.widget.attrs["class"] = "form-select" if name == "candidacy" else "form-control form-control-lg"
                field.error_messages["required"] = f"{field.label}: chưa nhập."


class SettleForm(forms.Form):
    resolution = forms.CharField(label="Cách xử lý", widget=forms.Textarea(attrs={"rows": 2, "class": "form-control"}))
    upheld = forms.BooleanField(label="Ý kiến đúng: không đề nghị hộ này", required=False)
