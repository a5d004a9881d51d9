"""Input forms of the title pages: validate and normalise only; the services change state."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any, cast

from django import forms
from django.utils.text import Truncator

from vanhoa.core.forms import DATE_ERRORS, DATE_FORMAT, DATE_WIDGET, BootstrapMixin, date_field
from vanhoa.core.text import nfc
from vanhoa.titles.choices import CalendarDayKind, DayCount, PassKind, Rounding, TieBreak, VotingMethod
from vanhoa.titles.models import CommendationRule, ReviewEntry, RuleSet

NUMBER_HELP = (
    "Để trống: lấy số tiếp theo trong sổ đăng ký văn bản đi. Văn bản đã ký có số: chỉ nhập số (ví dụ 125), "
    "ký hiệu do hệ thống ghi."
)
NUMBER_ERRORS = {"invalid": "Phải là một số nguyên.", "min_value": "Không được âm."}


MEETING_FACTS = ("held_on", "place", "chair", "secretary", "invited", "present", "voting_method")


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
        super().clean()
        data = self.cleaned_data
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
        cast(forms.ChoiceField, self.fields["candidacy"]).choices = [("", "— Ý kiến chung —"), *choices]


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
    number = forms.CharField(label="Số quyết định", max_length=20, required=False, help_text=NUMBER_HELP)
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
    number = forms.CharField(label="Số quyết định thu hồi", max_length=20, required=False, help_text=NUMBER_HELP)
    signer_name = forms.CharField(label="Người ký", max_length=120)
    reason = forms.CharField(label="Lý do thu hồi", widget=forms.Textarea(attrs={"rows": 2}))


class ReasonForm(BootstrapMixin, forms.Form):
    on = date_field("Ngày")
    reason = forms.CharField(label="Lý do", widget=forms.Textarea(attrs={"rows": 2}))


class RuleSetForm(BootstrapMixin, forms.ModelForm[RuleSet]):
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
            "document_number",
            "document_date",
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
        widgets = {
            "valid_from": DATE_WIDGET,
            "valid_to": DATE_WIDGET,
            "document_date": DATE_WIDGET,
            "note": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in ("valid_from", "valid_to", "document_date"):
            cast(forms.DateField, self.fields[name]).input_formats = [DATE_FORMAT]
            self.fields[name].error_messages.update(DATE_ERRORS)
        cast(forms.ChoiceField, self.fields["file_day_count"]).choices = DayCount.choices
        cast(forms.ChoiceField, self.fields["decide_day_count"]).choices = DayCount.choices
        inst = self.instance
        self.fields["unconfirmed_text"].initial = "\n".join(f"{k}: {v}" for k, v in (inst.unconfirmed or {}).items())
        self.fields["pass_marks_text"].initial = "\n".join(f"{k}: {v}" for k, v in (inst.pass_marks or {}).items())

    def clean_document_number(self) -> str:
        return nfc(self.cleaned_data["document_number"]).strip()

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


class CommendationRuleForm(BootstrapMixin, forms.ModelForm[CommendationRule]):
    class Meta:
        model = CommendationRule
        fields = ["after_consecutive_years", "cap_pct", "cap_rounding", "tie_break", "note"]
        widgets = {"note": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["cap_rounding"]).choices = Rounding.choices
        cast(forms.ChoiceField, self.fields["tie_break"]).choices = TieBreak.choices


class CarryForm(BootstrapMixin, forms.Form):
    reason = forms.CharField(label="Lý do", widget=forms.Textarea(attrs={"rows": 2}))


# --------------------------------------------------------------------------- the review meeting's lines


@dataclass(frozen=True)
class Reason:
    """One choice of a line's "Lý do không đạt" list: a standard not met, a case the rule set excludes from the
    review, or another reason written out. `value` is the option's value on the page, looked up, never parsed."""

    value: str
    label: str
    exclusion_code: str = ""
    failed_criterion: str = ""


RELOAD = "Có hộ không thuộc cuộc họp này; hãy tải lại trang."
OTHER_REASON = Reason("other", "Lý do khác (ghi rõ bên dưới)")


def reason_groups(rule_set: RuleSet) -> list[tuple[str, list[Reason]]]:
    """The reasons a line can fail under a rule set, grouped as the page shows them."""
    standards = [
        Reason(f"std:{c.code}", f"Không đạt tiêu chuẩn {c.code}: {c.title}", failed_criterion=c.code)
        for c in rule_set.criteria.filter(standard="")
    ]
    exclusions = [
        Reason(f"ex:{e.code}", f"{e.code}) {e.text}", exclusion_code=e.code) for e in rule_set.exclusions.all()
    ]
    groups = []
    if standards:
        groups.append(("Không đạt tiêu chuẩn", standards))
    if exclusions:
        groups.append((f"Trường hợp không xét tặng ({rule_set.legal_short})", exclusions))
    groups.append(("Khác", [OTHER_REASON]))
    return groups


def reason_of(entry: ReviewEntry) -> str:
    """The reason value a saved line shows as chosen."""
    if entry.exclusion_code:
        return f"ex:{entry.exclusion_code}"
    if entry.failed_criteria:
        return f"std:{entry.failed_criteria[0]}"
    return OTHER_REASON.value if entry.reason_text else ""


class HeadCountField(forms.IntegerField):
    """A number of people typed on a phone: empty means "not given"; the message repeats what was typed."""

    def __init__(self, what: str, **kwargs: Any) -> None:
        self.what = what
        widget = forms.TextInput(attrs={"class": "form-control form-control-sm", "inputmode": "numeric"})
        super().__init__(required=False, widget=widget, **kwargs)

    def to_python(self, value: Any) -> int | None:
        raw = str(value if value is not None else "").strip()
        if raw == "":
            return None
        if not (raw.isascii() and raw.isdigit()):
            raise forms.ValidationError(f"số người {self.what} phải là số (đã nhập «{raw}»).", code="invalid")
        return int(raw)


FULL_MARKS = Decimal(100)
AREA_LABELS = {
    "default": "Mức chung",
    "urban_central_city": "Quận, huyện của thành phố trực thuộc trung ương",
    "disadvantaged_or_poor": "Xã khó khăn, hộ nghèo, cận nghèo",
    "disadvantaged": "Xã đặc biệt khó khăn",
}


def area_choices(rule_set: RuleSet) -> list[tuple[str, str]]:
    """The pass marks a line can be scored against ("Mức chung – 85 điểm" …); empty where the rule set does
    not score."""
    if rule_set.pass_kind != PassKind.POINTS:
        return []
    marks = rule_set.pass_marks or {}
    keys = ["default", *[k for k in marks if k != "default"]]
    # the general mark is the empty value: a line saved without an area shows it as chosen
    return [("" if k == "default" else k, f"{AREA_LABELS.get(k, k)} – {marks[k]} điểm") for k in keys if k in marks]


class PointsField(forms.Field):
    """A score typed on a phone: "92" or "92,5" (0 to 100, one decimal at most); empty means not scored."""

    def __init__(self) -> None:
        widget = forms.TextInput(
            attrs={"class": "form-control form-control-sm points-input", "inputmode": "decimal", "placeholder": "Điểm"}
        )
        super().__init__(label="Điểm", required=False, widget=widget)

    def to_python(self, value: Any) -> Decimal | None:
        raw = str(value if value is not None else "").strip().replace(",", ".")
        if raw == "":
            return None
        try:
            points = Decimal(raw)
        except ArithmeticError:
            raise forms.ValidationError("điểm phải là số, ví dụ 92 hoặc 92,5.", code="invalid") from None
        if not points.is_finite():
            raise forms.ValidationError("điểm phải là số, ví dụ 92 hoặc 92,5.", code="invalid")
        if not (0 <= points <= FULL_MARKS):
            raise forms.ValidationError("điểm phải từ 0 đến 100.", code="range")
        if points != points.quantize(Decimal("0.1")):
            raise forms.ValidationError("điểm lấy tối đa một chữ số thập phân.", code="decimals")
        return points


class ReviewEntryForm(forms.Form):
    """One candidate's line of the minutes: met the criteria (the check box), else the reason; the votes only when
    not every attendee agreed."""

    candidacy = forms.IntegerField(widget=forms.HiddenInput, error_messages={"required": RELOAD, "invalid": RELOAD})
    passed = forms.BooleanField(
        label="Đạt tiêu chuẩn", required=False, widget=forms.CheckboxInput(attrs={"class": "form-check-input js-pass"})
    )
    reason = forms.ChoiceField(
        label="Lý do không đạt",
        required=False,
        widget=forms.Select(attrs={"class": "form-select form-select-sm"}),
        error_messages={"invalid_choice": "lý do «%(value)s» không có trong quy định áp dụng."},
    )
    reason_text = forms.CharField(
        label="Ghi rõ lý do",
        required=False,
        max_length=500,
        widget=forms.TextInput(
            attrs={"class": "form-control form-control-sm mt-1", "placeholder": "Ghi rõ lý do (nếu cần)"}
        ),
    )
    votes_for = HeadCountField("tán thành", label="Số người tán thành")
    votes_against = HeadCountField("không tán thành", label="Số người không tán thành")
    points = PointsField()
    area = forms.ChoiceField(
        label="Mức điểm đạt",
        required=False,
        widget=forms.Select(attrs={"class": "form-select form-select-sm"}),
        error_messages={"invalid_choice": "mức điểm đạt «%(value)s» không có trong quy định áp dụng."},
    )

    def __init__(
        self,
        *args: Any,
        entry: ReviewEntry | None,
        reasons: dict[str, Reason],
        choices: list[Any],
        areas: list[tuple[str, str]] | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.entry = entry
        self.reasons = reasons
        self.scores = bool(areas)
        cast(forms.ChoiceField, self.fields["reason"]).choices = choices
        cast(forms.ChoiceField, self.fields["area"]).choices = areas or []
        if not self.scores:
            del self.fields["points"], self.fields["area"]
        if entry is not None:  # the page's element ids name the candidacy, as links and tests expect
            ids = {
                "passed": "pass",
                "reason": "reason",
                "reason_text": "text",
                "votes_for": "for",
                "votes_against": "against",
                **({"points": "points", "area": "area"} if self.scores else {}),
            }
            for name, stem in ids.items():
                self.fields[name].widget.attrs["id"] = f"{stem}-{entry.candidacy_id:d}"

    @property
    def subject_name(self) -> str:
        return self.entry.candidacy.subject_name if self.entry is not None else ""

    def clean_candidacy(self) -> int:
        cid: int = self.cleaned_data["candidacy"]
        if self.entry is None or self.entry.candidacy_id != cid:
            raise forms.ValidationError(RELOAD)
        return cid

    def changes(self, all_pass: bool) -> dict[str, Any]:
        """What the line changes in the draft (ReviewEntry fields). With "Tất cả đạt" only the votes: every line
        is marked as meeting the criteria by the service."""
        data = self.cleaned_data
        out: dict[str, Any] = {"votes_for": data["votes_for"], "votes_against": data["votes_against"]}
        if all_pass:
            if self.scores and data["points"] is not None:
                out["points"] = data["points"]  # a line not scored gets full marks from the service
            return out
        if self.scores:
            out.update(points=data["points"], area=data["area"])
        text = nfc(data["reason_text"])
        if self.scores and (data["passed"] or (data["points"] is not None and not (data["reason"] or text))):
            # "đạt mọi tiêu chí" ticked (full marks unless a score is typed), or a score typed without a reason
            points = data["points"] if data["points"] is not None else FULL_MARKS
            out.update(criteria_met=True, points=points, failed_criteria=[], exclusion_code="", reason_text="")
            return out
        if data["passed"]:
            out.update(criteria_met=True, failed_criteria=[], exclusion_code="", reason_text="")
        elif data["reason"] or text:
            reason = self.reasons.get(data["reason"], OTHER_REASON)
            out.update(
                criteria_met=False,
                exclusion_code=reason.exclusion_code,
                failed_criteria=[reason.failed_criterion] if reason.failed_criterion else [],
                reason_text=text,
            )
        else:  # neither met nor a reason: back to "not assessed" unless it was assessed before
            assessed = self.entry is not None and self.entry.criteria_met is not None
            out.update(criteria_met=False if assessed else None, failed_criteria=[], exclusion_code="", reason_text="")
        return out


class BaseReviewEntryFormSet(forms.BaseFormSet[ReviewEntryForm]):
    """The lines of a draft meeting, one form per entry, in the order of the page. Each posted line names its
    candidacy, so a line is matched to its entry by id, never by position."""

    default_error_messages = {
        "missing_management_form": "Trang biên bản đã cũ hoặc thiếu dữ liệu; hãy tải lại trang.",
        "too_many_forms": "Trang biên bản có nhiều dòng hơn số hộ của cuộc họp; hãy tải lại trang.",
        "too_few_forms": "Trang biên bản thiếu dòng; hãy tải lại trang.",
    }

    def __init__(self, data: Any = None, *, entries: list[ReviewEntry], rule_set: RuleSet) -> None:
        self.entries = entries
        self.by_candidacy = {e.candidacy_id: e for e in entries}
        self.groups = reason_groups(rule_set)
        self.reasons = {r.value: r for _label, rs in self.groups for r in rs}
        self.areas = area_choices(rule_set)
        self.choices = [
            ("", "— Lý do không đạt —"),
            *[(label, [(r.value, Truncator(r.label).chars(90)) for r in rs]) for label, rs in self.groups],
        ]
        initial = [
            {
                "candidacy": e.candidacy_id,
                "passed": bool(e.criteria_met),
                "reason": reason_of(e),
                "reason_text": e.reason_text,
                "votes_for": e.votes_for,
                "votes_against": e.votes_against,
                # "đạt mọi tiêu chí" (met, full marks) shows as the ticked box with no score typed
                "points": None if (e.criteria_met and e.points == FULL_MARKS) else e.points,
                "area": e.area,
            }
            for e in entries
        ]
        super().__init__(data, initial=initial, prefix="entries")

    def _entry(self, index: int) -> ReviewEntry | None:
        if not self.is_bound:
            return self.entries[index] if index < len(self.entries) else None
        raw = str(self.data.get(f"{self.add_prefix(index)}-candidacy", "")).strip()
        return self.by_candidacy.get(int(raw)) if raw.isascii() and raw.isdigit() else None

    def get_form_kwargs(self, index: int | None) -> dict[str, Any]:
        kwargs = super().get_form_kwargs(index)
        kwargs.update(
            entry=self._entry(index) if index is not None else None,
            reasons=self.reasons,
            choices=self.choices,
            areas=self.areas,
        )
        return kwargs

    def problems(self) -> list[str]:
        """Every error, as a sentence naming the line: "Lò Văn Páo: số người tán thành phải là số (đã nhập «x»)."."""
        out = [str(e) for e in self.non_form_errors()]
        for form in self.forms:
            for errors in form.errors.values():
                out.extend(f"{form.subject_name}: {e}" if form.subject_name else str(e) for e in errors)
        return out

    def changes(self, all_pass: bool) -> dict[int, dict[str, Any]]:
        """candidacy id -> the line's changes, for services.save_review_draft."""
        return {form.cleaned_data["candidacy"]: form.changes(all_pass) for form in self.forms}


def posted_attendees(data: Any) -> list[dict[str, str]] | None:
    """The people typed in "Thành phần dự họp": parallel lists att-role / att-name / att-position (None when the
    page had no such rows)."""
    if not hasattr(data, "getlist") or "att-role" not in data:
        return None
    roles, names, positions = data.getlist("att-role"), data.getlist("att-name"), data.getlist("att-position")
    return [
        {"role": r, "name": names[i] if i < len(names) else "", "position": positions[i] if i < len(positions) else ""}
        for i, r in enumerate(roles)
    ]


ReviewEntryFormSet = cast(
    type[BaseReviewEntryFormSet],
    forms.formset_factory(
        ReviewEntryForm, formset=BaseReviewEntryFormSet, extra=0, max_num=5000, absolute_max=5000
    ),
)


class CommendationMeetingForm(BootstrapMixin, forms.Form):
    """The facts of a Giấy khen meeting (NĐ 122/2018; TTHC 1.001120)."""

    held_on = date_field("Ngày họp")
    place = forms.CharField(label="Địa điểm", max_length=255)
    chair = forms.CharField(label="Chủ trì", max_length=120)
    secretary = forms.CharField(label="Thư ký", max_length=120, required=False)
    invited = forms.IntegerField(label="Số người được mời", min_value=1, error_messages=NUMBER_ERRORS)
    present = forms.IntegerField(label="Số người dự họp", min_value=1, error_messages=NUMBER_ERRORS)
    voting_method = forms.ChoiceField(label="Hình thức biểu quyết", choices=VotingMethod.choices)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for key in ("place", "chair", "secretary"):
            if key in data:
                data[key] = nfc(data[key])
        return data


class CommendationProposalForm(BootstrapMixin, forms.Form):
    """The head's proposal (văn bản đề nghị của Trưởng khu dân cư)."""

    proposer_name = forms.CharField(label="Người đề nghị (họ và tên)", max_length=120)
    number = forms.CharField(label="Số văn bản đề nghị", max_length=40, required=False)
    on = date_field("Ngày đề nghị")


class CalendarDayForm(BootstrapMixin, forms.Form):
    """One official change of the working calendar (the year's notice on days off and days worked)."""

    day = date_field("Ngày")
    kind = forms.ChoiceField(label="Loại ngày", choices=CalendarDayKind.choices)
    name = forms.CharField(
        label="Nội dung", max_length=120, help_text="Ví dụ: Nghỉ bù Quốc khánh; Làm bù cho ngày 02/5."
    )
    source = forms.CharField(
        label="Căn cứ (số, ngày văn bản thông báo)",
        max_length=200,
        required=False,
        help_text="Ví dụ: Thông báo số 6150/TB-LĐTBXH ngày 22/11/2024.",
    )
