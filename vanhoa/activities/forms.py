"""Input forms: validate and normalise only; saving is the services' job. Error messages say which field."""

from __future__ import annotations

from typing import Any

from django import forms

from vanhoa.activities.choices import (
    Consequence,
    ContributionForm,
    DonorKind,
    EventForm,
    FindingResult,
    FollowUp,
    MoneySource,
)
from vanhoa.core.files import MAX_FILES, MAX_SIZE, size_text
from vanhoa.core.forms import BootstrapMixin, date_field
from vanhoa.core.text import nfc
from vanhoa.plans.forms import LinesField, MultipleFileField

FILES_HELP = f"Tối đa {MAX_FILES} tệp, mỗi tệp không quá {size_text(MAX_SIZE)}: ảnh JPG, PNG, WEBP; PDF, Word, Excel."
def count_field(label: str, required: bool = False) -> forms.IntegerField:
    return forms.IntegerField(
        label=label, required=required, min_value=0, max_value=100_000,
        widget=forms.NumberInput(attrs={"inputmode": "numeric", "min": 0}),
        error_messages={"invalid": "Nhập một số nguyên.", "min_value": "Không được âm.",
                        "max_value": "Quá lớn, hãy kiểm tra lại.", "required": "Vui lòng nhập."},
    )


class MoneyField(forms.CharField):
    """An amount in đồng typed the Vietnamese way: "12.500.000", "12 500 000" or "12500000" (no decimals)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("widget", forms.TextInput(attrs={"inputmode": "numeric", "placeholder": "12.500.000"}))
        kwargs.setdefault("help_text", "Đơn vị: đồng (ví dụ 12.500.000).")
        super().__init__(*args, **kwargs)

    def prepare_value(self, value: Any) -> Any:
        if isinstance(value, int):
            from vanhoa.core.text import format_number

            return format_number(value)
        return value

    def to_python(self, value: Any) -> int | None:  # type: ignore[override]
        text = (super().to_python(value) or "").strip().replace(" ", "").replace(".", "").removesuffix("đ")
        if not text:
            return None
        if "," in text or not text.isdigit():
            raise forms.ValidationError("Số tiền chỉ gồm chữ số, nghìn ngăn cách bằng dấu chấm (ví dụ 12.500.000).")
        value = int(text)
        if value <= 0:
            raise forms.ValidationError("Số tiền phải lớn hơn 0.")
        return value


class ActivityChoiceMixin:
    """A select of plan activities (and optionally festivals), given by the view from the user's scope."""

    def set_choices(self, activities: Any = None, festivals: Any = None) -> None:
        fields = self.fields  # type: ignore[attr-defined]
        if "activity" in fields:
            fields["activity"].queryset = activities if activities is not None else fields["activity"].queryset.none()
            fields["activity"].label_from_instance = lambda a: f"{a.order}. {a}"
            fields["activity"].empty_label = "— Không gắn với hoạt động —"
        if "festival" in fields:
            fields["festival"].queryset = festivals if festivals is not None else fields["festival"].queryset.none()
            fields["festival"].label_from_instance = lambda f: f"Ngày hội – {f.group.name}"
            fields["festival"].empty_label = "— Không —"


def _activity_field() -> forms.ModelChoiceField:
    from vanhoa.plans.models import Activity

    return forms.ModelChoiceField(
        label="Thực hiện hoạt động của kế hoạch", queryset=Activity.objects.none(), required=False,
        error_messages={"invalid_choice": "Hoạt động đã chọn không có trong kế hoạch năm nay."},
    )


def _festival_field(label: str) -> forms.ModelChoiceField:
    from vanhoa.activities.models import Festival

    return forms.ModelChoiceField(label=label, queryset=Festival.objects.none(), required=False,
                                  error_messages={"invalid_choice": "Ngày hội đã chọn không có."})


# --------------------------------------------------------------------------- inspections


class InspectionForm(ActivityChoiceMixin, BootstrapMixin, forms.Form):
    planned_on = date_field("Ngày kiểm tra (dự kiến)")
    group = forms.ModelChoiceField(label="Tổ dân phố được kiểm tra", queryset=None, required=False)
    agency = forms.ModelChoiceField(label="Cơ quan, đơn vị được kiểm tra", queryset=None, required=False)
    checklist = forms.ChoiceField(label="Danh mục tiêu chí")
    subject = forms.CharField(label="Nội dung kiểm tra", widget=forms.Textarea(attrs={"rows": 2}),
                              error_messages={"required": "Vui lòng nhập nội dung kiểm tra."})
    members = LinesField(
        label="Thành viên đoàn kiểm tra", required=True, rows=3,
        help_text="Mỗi dòng một người: Họ và tên – Chức vụ. Dòng đầu là Trưởng đoàn.",
        error_messages={"required": "Ghi ít nhất một thành viên (dòng đầu là Trưởng đoàn)."},
    )
    users = forms.ModelMultipleChoiceField(
        label="Thành viên có tài khoản (gắn với dòng trùng tên)", queryset=None, required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    place = forms.CharField(label="Địa điểm", max_length=255, required=False)
    representative_name = forms.CharField(label="Đại diện đơn vị được kiểm tra", max_length=120, required=False)
    representative_position = forms.CharField(label="Chức vụ người đại diện", max_length=120, required=False)
    activity = _activity_field()

    def __init__(self, *args: Any, subject_kind: str, groups: Any, agencies: Any, checklists: list[tuple[str, str]],
                 users: Any, editing: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.subject_kind = subject_kind
        self.fields["group"].queryset = groups
        self.fields["agency"].queryset = agencies
        self.fields["checklist"].choices = checklists
        self.fields["users"].queryset = users
        self.fields["users"].label_from_instance = lambda u: u.get_full_name() or u.get_username()
        self.fields["users"].widget.attrs["class"] = "form-check-input"
        if subject_kind == "group":
            del self.fields["agency"]
            self.fields["group"].required = True
            self.fields["group"].error_messages["required"] = "Hãy chọn tổ dân phố được kiểm tra."
        else:
            del self.fields["group"]
            self.fields["agency"].required = True
            self.fields["agency"].error_messages["required"] = "Hãy chọn cơ quan, đơn vị được kiểm tra."
        if editing:
            for name in ("group", "agency", "checklist"):
                self.fields.pop(name, None)

    def member_list(self) -> list[Any]:
        """The team as services.Member, each linked to the chosen account with the same name, if any."""
        from vanhoa.activities.services import Member
        from vanhoa.core.text import fold

        accounts = {fold(u.get_full_name() or u.get_username()): u for u in self.cleaned_data.get("users") or []}
        out = []
        for line in self.cleaned_data["members"]:
            m = Member.parse(line)
            out.append(Member(m.name, m.position, accounts.pop(fold(m.name), None)))
        for user in accounts.values():  # chosen accounts not written as lines: added at the end
            out.append(Member(user.get_full_name() or user.get_username(), "", user))
        return out


class FindingForm(BootstrapMixin, forms.Form):
    """One criterion of the results form (prefix = the finding's id)."""

    result = forms.ChoiceField(label="Kết quả", choices=FindingResult.choices, widget=forms.RadioSelect,
                               error_messages={"required": "Hãy chọn Đạt, Không đạt hoặc Không áp dụng."})
    note = forms.CharField(label="Nhận xét", required=False, widget=forms.Textarea(attrs={"rows": 2}))
    correction = forms.CharField(label="Yêu cầu khắc phục", required=False, widget=forms.Textarea(attrs={"rows": 2}))
    deadline = date_field("Thời hạn khắc phục", required=False)
    files = MultipleFileField(label="Tệp minh chứng", help_text=FILES_HELP)

    def __init__(self, *args: Any, finding: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.finding = finding
        self.fields["result"].widget.attrs["class"] = "form-check-input"

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("result") == FindingResult.FAIL and not (data.get("note") or "").strip():
            self.add_error("note", "Không đạt: hãy ghi rõ vì sao.")
        if (data.get("correction") or "").strip() and not data.get("deadline"):
            self.add_error("deadline", "Yêu cầu khắc phục cần thời hạn.")
        return data


class ResultsForm(BootstrapMixin, forms.Form):
    held_on = date_field("Ngày kiểm tra")
    representative_name = forms.CharField(label="Đại diện đơn vị được kiểm tra", max_length=120, required=False)
    representative_position = forms.CharField(label="Chức vụ người đại diện", max_length=120, required=False)
    conclusion = forms.CharField(label="Kết luận", required=False, widget=forms.Textarea(attrs={"rows": 3}))


class FollowUpForm(BootstrapMixin, forms.Form):
    followup = forms.ChoiceField(label="Kết quả khắc phục", choices=FollowUp.choices, widget=forms.RadioSelect)
    on = date_field("Ngày kiểm tra lại")
    note = forms.CharField(label="Ghi chú", required=False, widget=forms.Textarea(attrs={"rows": 2}))


class FlagForm(BootstrapMixin, forms.Form):
    consequence = forms.ChoiceField(label="Hệ quả đối với danh hiệu", choices=Consequence.choices,
                                    widget=forms.RadioSelect)
    household = forms.ModelChoiceField(
        label="Hộ gia đình (nếu cảnh báo dành cho một hộ của tổ)", queryset=None, required=False,
        empty_label="— Cả tổ dân phố / cơ quan được kiểm tra —",
    )
    year = forms.IntegerField(label="Năm danh hiệu", min_value=2000, max_value=2100,
                              error_messages={"invalid": "Năm phải là số.", "required": "Vui lòng nhập năm."})
    reason = forms.CharField(label="Lý do", widget=forms.Textarea(attrs={"rows": 3}),
                             error_messages={"required": "Vui lòng ghi rõ lý do."})

    def __init__(self, *args: Any, households: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["household"].queryset = households
        if not households.exists():
            del self.fields["household"]


class ResolveFlagForm(BootstrapMixin, forms.Form):
    on = date_field("Ngày giải quyết")
    note = forms.CharField(label="Cách giải quyết", widget=forms.Textarea(attrs={"rows": 3}),
                           error_messages={"required": "Vui lòng ghi rõ cách giải quyết."})


# --------------------------------------------------------------------------- festival


class FestivalForm(BootstrapMixin, forms.Form):
    held = forms.TypedChoiceField(
        label="Tổ đã tổ chức Ngày hội chưa?", choices=[("1", "Đã tổ chức"), ("0", "Không tổ chức")],
        coerce=lambda v: v == "1", widget=forms.RadioSelect, initial="1",
    )
    held_on = date_field("Ngày tổ chức", required=False)
    place = forms.CharField(label="Địa điểm", max_length=255, required=False,
                            widget=forms.TextInput(attrs={"placeholder": "Nhà văn hóa tổ dân phố"}))
    participants = count_field("Số người tham gia")
    households_attending = count_field("Số hộ tham dự")
    programme = LinesField(label="Các hoạt động", rows=3,
                           help_text="Mỗi dòng một hoạt động: văn nghệ, thể thao, biểu dương gia đình văn hóa …")
    commendations = LinesField(
        label="Khen thưởng tại ngày hội", rows=3,
        help_text="Mỗi dòng: Hộ, người được khen – cấp khen (ví dụ: Hộ ông Lò Văn Páo – UBND phường).",
    )
    files = MultipleFileField(label="Ảnh ngày hội", help_text=FILES_HELP)
    note = forms.CharField(label="Ghi chú", required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["held"].widget.attrs["class"] = "form-check-input"
        self.fields["files"].widget.attrs["accept"] = "image/*,.jpg,.jpeg,.png,.webp"

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("held") and not data.get("held_on") and "held_on" not in self.errors:
            self.add_error("held_on", "Đã tổ chức thì vui lòng nhập ngày tổ chức.")
        return data


# --------------------------------------------------------------------------- training and outreach


class EventRecordForm(ActivityChoiceMixin, BootstrapMixin, forms.Form):
    held_on = date_field("Ngày")
    topic = forms.CharField(label="Chủ đề", max_length=300, error_messages={"required": "Vui lòng nhập chủ đề."})
    audience = forms.CharField(
        label="Đối tượng", max_length=300,
        widget=forms.TextInput(attrs={"list": "audiences", "placeholder": "Thành viên BCĐ, tổ trưởng tổ dân phố"}),
        error_messages={"required": "Ghi rõ ai tham dự (ví dụ: thành viên BCĐ, tổ trưởng tổ dân phố)."},
    )
    form = forms.ChoiceField(label="Hình thức", choices=EventForm.choices)
    place = forms.CharField(label="Địa điểm", max_length=255, required=False)
    group = forms.ModelChoiceField(label="Tại tổ dân phố (nếu có)", queryset=None, required=False,
                                   empty_label="— Toàn phường —")
    attendance = count_field("Số người tham dự")
    attendees = LinesField(label="Danh sách người dự (không bắt buộc)", rows=4,
                           help_text="Mỗi dòng một người: Họ và tên – chức vụ.")
    files = MultipleFileField(label="Tài liệu, ảnh", help_text=FILES_HELP)
    note = forms.CharField(label="Ghi chú", required=False, widget=forms.Textarea(attrs={"rows": 2}))
    activity = _activity_field()

    def __init__(self, *args: Any, kind: str, groups: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["group"].queryset = groups
        if kind != "training":
            del self.fields["attendees"]


# --------------------------------------------------------------------------- funding


class AllocationForm(ActivityChoiceMixin, BootstrapMixin, forms.Form):
    source = forms.CharField(label="Nguồn", max_length=255, initial="Ngân sách phường giao cho BCĐ phong trào",
                             error_messages={"required": "Ghi rõ nguồn kinh phí."})
    decision_number = forms.CharField(label="Số quyết định", max_length=60, required=False,
                                      widget=forms.TextInput(attrs={"placeholder": "126/QĐ-UBND"}))
    decision_date = date_field("Ngày quyết định")
    amount = MoneyField(label="Số tiền", error_messages={"required": "Vui lòng nhập số tiền."})
    activity = _activity_field()
    note = forms.CharField(label="Ghi chú", required=False, widget=forms.Textarea(attrs={"rows": 2}))


class ContributionRecordForm(ActivityChoiceMixin, BootstrapMixin, forms.Form):
    donor_name = forms.CharField(label="Người, đơn vị ủng hộ", max_length=200,
                                 error_messages={"required": "Vui lòng nhập tên người, đơn vị ủng hộ."})
    donor_kind = forms.ChoiceField(label="Là", choices=DonorKind.choices, widget=forms.RadioSelect,
                                   initial=DonorKind.PERSON)
    anonymous = forms.BooleanField(label="Xin giấu tên khi công khai (hiện là «Nhà hảo tâm (ẩn danh)»)",
                                   required=False)
    form = forms.ChoiceField(label="Hình thức", choices=ContributionForm.choices, widget=forms.RadioSelect,
                             initial=ContributionForm.CASH)
    description = forms.CharField(label="Nội dung ủng hộ", max_length=255, required=False,
                                  help_text="Hiện vật: ghi rõ (ví dụ: 50 suất quà, 1 bộ âm thanh).")
    value = MoneyField(label="Số tiền / giá trị ước tính",
                       error_messages={"required": "Vui lòng nhập số tiền (hoặc giá trị ước tính của hiện vật)."})
    received_on = date_field("Ngày nhận")
    receipt_number = forms.CharField(label="Số biên nhận", max_length=40, required=False)
    activity = _activity_field()
    festival = _festival_field("Ủng hộ Ngày hội của tổ")
    note = forms.CharField(label="Ghi chú", required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in ("donor_kind", "form"):
            self.fields[name].widget.attrs["class"] = "form-check-input"

    def clean_donor_name(self) -> str:
        return nfc(self.cleaned_data["donor_name"])


class ExpenseForm(ActivityChoiceMixin, BootstrapMixin, forms.Form):
    spent_on = date_field("Ngày chi")
    description = forms.CharField(label="Nội dung chi", max_length=300,
                                  error_messages={"required": "Vui lòng nhập nội dung chi."})
    amount = MoneyField(label="Số tiền", error_messages={"required": "Vui lòng nhập số tiền."})
    source = forms.ChoiceField(label="Chi từ nguồn", choices=MoneySource.choices, widget=forms.RadioSelect,
                               initial=MoneySource.BUDGET)
    activity = _activity_field()
    festival = _festival_field("Chi cho Ngày hội của tổ")
    payee = forms.CharField(label="Người nhận tiền", max_length=200, required=False)
    voucher_number = forms.CharField(label="Số chứng từ", max_length=40, required=False)
    files = MultipleFileField(label="Chứng từ (hóa đơn, phiếu chi, danh sách nhận tiền)", help_text=FILES_HELP)
    allow_overdraw = forms.BooleanField(
        label="Chi vượt số dư (tạm ứng, sẽ bổ sung kinh phí sau)", required=False,
        help_text="Chỉ chọn khi biết rõ nguồn không đủ; số dư sẽ âm và được cảnh báo ở trang Kinh phí.",
    )
    overdraw_reason = forms.CharField(label="Lý do chi vượt số dư", required=False,
                                      widget=forms.Textarea(attrs={"rows": 2}))
    note = forms.CharField(label="Ghi chú", required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["source"].widget.attrs["class"] = "form-check-input"
        self.fields["activity"].label = "Cho hoạt động của kế hoạch"

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("allow_overdraw") and not (data.get("overdraw_reason") or "").strip():
            self.add_error("overdraw_reason", "Chi vượt số dư: vui lòng ghi rõ lý do.")
        return data
