"""Input forms: validate and normalise only; saving is the services' job."""

from __future__ import annotations

from typing import Any

from django import forms

from vanhoa.accounts.permissions import Role
from vanhoa.core.files import ACCEPT, MAX_FILES, MAX_SIZE, UploadError, check_upload, size_text
from vanhoa.core.forms import DATE_ERRORS, DATE_WIDGET, BootstrapMixin
from vanhoa.core.text import nfc
from vanhoa.plans.choices import (
    ActivityCategory,
    ActivityStatus,
    AttachmentKind,
    FundingKind,
    OrganisationKind,
    TargetIndicator,
    TargetUnit,
    Timing,
)
from vanhoa.plans.models import Organisation, clean_lines
from vanhoa.units.models import Unit

ROMAN = ["I", "II", "III", "IV"]


class LinesField(forms.CharField):
    """A textarea holding a list: one item per line."""

    def __init__(self, *args: Any, rows: int = 4, **kwargs: Any) -> None:
        kwargs.setdefault("required", False)
        kwargs.setdefault("widget", forms.Textarea(attrs={"rows": rows}))
        kwargs.setdefault("help_text", "Mỗi dòng một mục.")
        super().__init__(*args, **kwargs)

    def prepare_value(self, value: Any) -> Any:
        if isinstance(value, list | tuple):
            return "\n".join(value)
        return value

    def to_python(self, value: Any) -> list[str]:  # type: ignore[override]
        return clean_lines(super().to_python(value))


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one input; each is checked for type, size and content."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": ACCEPT, "multiple": True}))
        kwargs.setdefault("required", False)
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> list[Any]:  # type: ignore[override]
        files = data if isinstance(data, list | tuple) else ([data] if data else [])
        files = [f for f in files if f]
        if len(files) > MAX_FILES:
            raise forms.ValidationError(f"Mỗi lần gửi tối đa {MAX_FILES} tệp (đã chọn {len(files)}).")
        errors = []
        for f in files:
            try:
                check_upload(f)
            except UploadError as exc:
                errors.append(str(exc))
        if errors:
            raise forms.ValidationError(errors)
        return files


# --------------------------------------------------------------------------- plan


class PlanCreateForm(BootstrapMixin, forms.Form):
    ward = forms.ModelChoiceField(
        label="Xã, phường",
        queryset=Unit.objects.none(),
        empty_label=None,
        error_messages={"required": "Vui lòng chọn xã, phường.", "invalid_choice": "Xã, phường không hợp lệ."},
    )
    year = forms.IntegerField(
        label="Năm",
        min_value=2000,
        max_value=2100,
        error_messages={"required": "Vui lòng nhập năm.", "invalid": "Năm phải là số, ví dụ 2026."},
    )

    def __init__(self, *args: Any, wards: list[Unit], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["ward"].queryset = Unit.objects.filter(pk__in=[w.pk for w in wards])


class PlanForm(BootstrapMixin, forms.Form):
    issuer_parent = forms.CharField(label="Cơ quan chủ quản", max_length=200, required=False,
                                    help_text="Ví dụ: UBND XÃ CỐC PÀNG")
    issuer = forms.CharField(
        label="Cơ quan ban hành", widget=forms.Textarea(attrs={"rows": 2}),
        help_text="In chữ in hoa; mỗi dòng in một dòng.",
        error_messages={"required": "Vui lòng nhập tên cơ quan ban hành."},
    )
    issuer_organisation = forms.ModelChoiceField(
        label="Tổ chức ban hành", queryset=Organisation.objects.none(), required=False, empty_label="— Không chọn —"
    )
    number = forms.CharField(label="Số", max_length=20, required=False, help_text="Để trống khi chưa vào sổ văn thư.")
    symbol = forms.CharField(label="Ký hiệu", max_length=40, error_messages={"required": "Vui lòng nhập ký hiệu."})
    place = forms.CharField(label="Địa danh", max_length=120, error_messages={"required": "Vui lòng nhập địa danh."})
    issued_on = forms.DateField(label="Ngày ban hành", required=False, widget=DATE_WIDGET,
                                error_messages=DATE_ERRORS, help_text="Để trống khi chưa ký (dd/mm/yyyy).")
    title = forms.CharField(label="Trích yếu", widget=forms.Textarea(attrs={"rows": 2}),
                            error_messages={"required": "Vui lòng nhập trích yếu."})
    legal_bases = LinesField(label="Căn cứ", rows=4, help_text="Mỗi căn cứ một dòng, bắt đầu bằng «Căn cứ …».")
    intro = forms.CharField(label="Đoạn mở đầu", required=False, widget=forms.Textarea(attrs={"rows": 3}))
    purposes = LinesField(label="Mục đích", rows=3)
    requirements = LinesField(label="Yêu cầu", rows=3)
    closing = forms.CharField(label="Đoạn kết", required=False, widget=forms.Textarea(attrs={"rows": 3}))
    recipients = LinesField(label="Nơi nhận", rows=5, help_text="Mỗi nơi nhận một dòng; dòng cuối «Lưu: VT».")
    signature_authority = LinesField(
        label="Thẩm quyền ký", rows=3, help_text="Ví dụ, ba dòng: TM. BAN CHỈ ĐẠO / KT. TRƯỞNG BAN / PHÓ TRƯỞNG BAN"
    )
    signer_title = forms.CharField(label="Chức vụ in dưới chữ ký", max_length=200, required=False,
                                   help_text="Ví dụ: PHÓ CHỦ TỊCH UBND XÃ")
    signer_name = forms.CharField(label="Người ký", max_length=120, required=False)

    def __init__(self, *args: Any, organisations: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["issuer_organisation"].queryset = organisations

    def clean_number(self) -> str:
        value = nfc(self.cleaned_data["number"])
        if value and not value.isdigit():
            raise forms.ValidationError("Số chỉ gồm chữ số, ví dụ 12.")
        return value

    def clean_signature_authority(self) -> list[str]:
        return [line.upper() for line in self.cleaned_data["signature_authority"]]


class CopyPlanForm(BootstrapMixin, forms.Form):
    year = forms.IntegerField(
        label="Sang năm", min_value=2000, max_value=2100,
        error_messages={"required": "Vui lòng nhập năm.", "invalid": "Năm phải là số."},
    )
    ward = forms.ModelChoiceField(
        label="Xã, phường", queryset=Unit.objects.none(), empty_label=None,
        error_messages={"required": "Vui lòng chọn xã, phường.", "invalid_choice": "Xã, phường không hợp lệ."},
    )

    def __init__(self, *args: Any, wards: list[Unit], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["ward"].queryset = Unit.objects.filter(pk__in=[w.pk for w in wards])


# --------------------------------------------------------------------------- activities


class ActivityForm(BootstrapMixin, forms.Form):
    content = forms.CharField(label="Nội dung", widget=forms.Textarea(attrs={"rows": 3}),
                              error_messages={"required": "Vui lòng nhập nội dung hoạt động."})
    category = forms.ChoiceField(label="Loại hoạt động", choices=ActivityCategory.choices,
                                 initial=ActivityCategory.OTHER)
    timing = forms.ChoiceField(label="Thời gian", choices=Timing.choices, initial=Timing.MONTHS,
                               widget=forms.RadioSelect)
    months = forms.TypedMultipleChoiceField(
        label="Các tháng", coerce=int, required=False, widget=forms.CheckboxSelectMultiple,
        choices=[(m, f"Tháng {m}") for m in range(1, 13)],
    )
    quarters = forms.TypedMultipleChoiceField(
        label="Các quý", coerce=int, required=False, widget=forms.CheckboxSelectMultiple,
        choices=[(q, f"Quý {ROMAN[q - 1]}") for q in range(1, 5)],
    )
    lead_orgs = forms.ModelMultipleChoiceField(
        label="Đơn vị chủ trì", queryset=Organisation.objects.none(), required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    lead_groups = forms.ModelMultipleChoiceField(
        label="Tổ dân phố chủ trì", queryset=Unit.objects.none(), required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    lead_other = LinesField(label="Đơn vị chủ trì khác (ghi tên)", rows=2,
                            help_text="Đơn vị không có trong danh sách: mỗi đơn vị một dòng.")
    coordinating_orgs = forms.ModelMultipleChoiceField(
        label="Đơn vị phối hợp", queryset=Organisation.objects.none(), required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    coordinating_groups = forms.ModelMultipleChoiceField(
        label="Tổ dân phố phối hợp", queryset=Unit.objects.none(), required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    coordinating_other = LinesField(label="Đơn vị phối hợp khác (ghi tên)", rows=2,
                                    help_text="Ví dụ: Các thành viên BCĐ cấp Thành phố. Mỗi đơn vị một dòng.")

    def __init__(self, *args: Any, organisations: Any, groups: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in ("lead_orgs", "coordinating_orgs"):
            self.fields[name].queryset = organisations
        for name in ("lead_groups", "coordinating_groups"):
            self.fields[name].queryset = groups
        if not groups.exists():
            del self.fields["lead_groups"]
            del self.fields["coordinating_groups"]

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        timing = data.get("timing")
        if timing == Timing.MONTHS and not data.get("months"):
            self.add_error("months", "Hãy chọn ít nhất một tháng.")
        if timing == Timing.QUARTERS and not data.get("quarters"):
            self.add_error("quarters", "Hãy chọn ít nhất một quý.")
        if not (data.get("lead_orgs") or data.get("lead_groups") or data.get("lead_other")):
            self.add_error("lead_orgs", "Hãy chọn hoặc ghi ít nhất một đơn vị chủ trì.")
        return data

    def periods(self) -> list[int]:
        timing = self.cleaned_data["timing"]
        if timing == Timing.MONTHS:
            return self.cleaned_data["months"]
        if timing == Timing.QUARTERS:
            return self.cleaned_data["quarters"]
        return []

    def parties(self, prefix: str) -> list[Any]:
        data = self.cleaned_data
        return [*data.get(f"{prefix}_orgs", []), *data.get(f"{prefix}_groups", []), *data.get(f"{prefix}_other", [])]


class ProgressForm(BootstrapMixin, forms.Form):
    status = forms.ChoiceField(label="Trạng thái", choices=ActivityStatus.choices)
    on = forms.DateField(label="Ngày", widget=DATE_WIDGET,
                         error_messages=DATE_ERRORS)
    note = forms.CharField(label="Ghi nhận tiến độ", required=False, widget=forms.Textarea(attrs={"rows": 3}),
                           help_text="Đã làm gì, bao nhiêu người tham gia, còn vướng mắc gì.")
    files = MultipleFileField(
        label="Ảnh, biên bản đính kèm",
        help_text=f"Tối đa {MAX_FILES} tệp, mỗi tệp không quá {size_text(MAX_SIZE)}: ảnh JPG, PNG, WEBP; PDF, "
        "Word, Excel.",
    )
    kind = forms.ChoiceField(label="Loại tệp", choices=AttachmentKind.choices, initial=AttachmentKind.PHOTO)

    def __init__(self, *args: Any, can_set_status: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not can_set_status:
            del self.fields["status"]


# --------------------------------------------------------------------------- sections III–V


class PartRowForm(BootstrapMixin, forms.Form):
    id = forms.IntegerField(required=False, widget=forms.HiddenInput)


class TargetRowForm(PartRowForm):
    indicator = forms.ChoiceField(label="Chỉ số", choices=TargetIndicator.choices, initial=TargetIndicator.OTHER)
    label = forms.CharField(label="Chỉ tiêu", max_length=200, help_text="Ví dụ: Gia đình văn hóa đạt")
    prefix = forms.CharField(label="Chữ trước số", max_length=60, required=False)
    value = forms.DecimalField(label="Giá trị", max_digits=10, decimal_places=2, localize=True,
                               error_messages={"invalid": "Giá trị phải là số, ví dụ 98,4."})
    unit = forms.ChoiceField(label="Đơn vị", choices=TargetUnit.choices, initial=TargetUnit.PERCENT)
    denominator = forms.IntegerField(label="Trên tổng số", required=False, min_value=1,
                                     error_messages={"invalid": "Tổng số phải là số nguyên."})
    suffix = forms.CharField(label="Chữ sau số", max_length=300, required=False)


class FundingRowForm(PartRowForm):
    kind = forms.ChoiceField(label="Nguồn", choices=FundingKind.choices, initial=FundingKind.BUDGET)
    text = forms.CharField(label="Nội dung", widget=forms.Textarea(attrs={"rows": 2}))
    amount = forms.DecimalField(label="Số tiền dự kiến (đồng)", max_digits=15, decimal_places=0, required=False,
                                localize=True, error_messages={"invalid": "Số tiền phải là số, ví dụ 12.500.000."})


class ResponsibilityRowForm(PartRowForm):
    heading = forms.CharField(label="Đơn vị", max_length=300, help_text="Ví dụ: Ủy ban MTTQ Phường")
    organisation = forms.ModelChoiceField(label="Tổ chức", queryset=Organisation.objects.none(), required=False,
                                          empty_label="— Không chọn —")
    tasks = LinesField(label="Nhiệm vụ", rows=4, help_text="Mỗi nhiệm vụ một dòng.")

    def __init__(self, *args: Any, organisations: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if organisations is not None:
            self.fields["organisation"].queryset = organisations


class BasePartFormSet(forms.BaseFormSet):
    def add_fields(self, form: forms.Form, index: int | None) -> None:
        super().add_fields(form, index)
        if "DELETE" in form.fields:
            form.fields["DELETE"].label = "Xóa dòng này"

    def rows(self) -> list[dict[str, Any]]:
        """Rows for services.save_parts, skipping blank extra forms."""
        out = []
        for form in self.forms:
            data = form.cleaned_data
            if not data:
                continue
            if data.get("DELETE"):
                if data.get("id"):
                    out.append({"id": data["id"], "delete": True})
                continue
            out.append({k: v for k, v in data.items() if k != "DELETE" and not (k == "id" and not v)})
        return out


def part_formset(form: type[forms.Form], extra: int = 2) -> Any:
    return forms.formset_factory(form, formset=BasePartFormSet, extra=extra, can_delete=True)


# --------------------------------------------------------------------------- organisations


class OrganisationForm(BootstrapMixin, forms.Form):
    name = forms.CharField(label="Tên", max_length=200, error_messages={"required": "Vui lòng nhập tên tổ chức."})
    kind = forms.ChoiceField(label="Loại", choices=OrganisationKind.choices, initial=OrganisationKind.OTHER)
    member_roles = forms.MultipleChoiceField(
        label="Cán bộ thuộc tổ chức", choices=Role.choices, required=False, widget=forms.CheckboxSelectMultiple,
        help_text="Người giữ các vai trò này thấy việc của tổ chức trong «Việc cần làm tháng này» và ghi được "
        "tiến độ. Để trống để dùng mặc định theo loại.",
    )
    order = forms.IntegerField(label="Thứ tự", min_value=0, required=False)
    active = forms.BooleanField(label="Đang hoạt động", required=False, initial=True)
