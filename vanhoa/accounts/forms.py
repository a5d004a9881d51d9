"""Forms for user management and one's own account: validate and normalise only (services do the rest)."""

from __future__ import annotations

from typing import Any, cast

from django import forms

from vanhoa.accounts.permissions import Role, role_unit_error
from vanhoa.accounts.roles import current_role_label
from vanhoa.core.forms import BootstrapMixin, date_field
from vanhoa.units.choices import UnitKind
from vanhoa.units.models import Unit

PASSWORD_MODES = [
    ("generate", "Tạo mật khẩu tạm ngẫu nhiên (hiện một lần để báo cho người dùng)"),
    ("set", "Tự đặt mật khẩu"),
]
KIND_ORDER = [UnitKind.COMMUNE, UnitKind.GROUP, UnitKind.DISTRICT, UnitKind.PROVINCE]
SYSTEM_WIDE = "system"


def unit_label(unit: Unit) -> str:
    if unit.kind == UnitKind.GROUP and unit.parent is not None:
        return f"{unit.name} – {unit.parent.name}"
    return unit.name


class RoleFields(BootstrapMixin, forms.Form):
    """Role + unit + position, the unit list limited to what the actor may grant on (grouped by level)."""

    role = forms.ChoiceField(
        label="Vai trò",
        error_messages={"required": "Vui lòng chọn vai trò.", "invalid_choice": "Bạn không được giao vai trò này."},
    )
    unit = forms.ChoiceField(
        label="Tại đơn vị",
        error_messages={
            "required": "Vui lòng chọn đơn vị.",
            "invalid_choice": "Đơn vị này nằm ngoài phạm vi quản lý của bạn.",
        },
    )
    position = forms.CharField(
        label="Chức vụ",
        max_length=120,
        required=False,
        help_text="Ghi trên văn bản, ví dụ: Phó Chủ tịch Ủy ban MTTQ, Trưởng thôn",
    )

    def __init__(self, *args: Any, roles: list[str], units: list[Unit], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.units = {str(u.pk): u for u in units}
        role_choices = [("", "— Chọn vai trò —")] + [(r, current_role_label(r)) for r in roles]
        cast(forms.ChoiceField, self.fields["role"]).choices = role_choices
        grouped: list[Any] = [("", "— Chọn đơn vị —")]
        if Role.SYSTEM_ADMIN in roles:
            grouped.append((SYSTEM_WIDE, "Toàn hệ thống (chỉ cho quản trị hệ thống)"))
        for kind in KIND_ORDER:
            of_kind = [u for u in units if u.kind == kind]
            if of_kind:
                grouped.append((UnitKind(kind).label, [(str(u.pk), unit_label(u)) for u in of_kind]))
        cast(forms.ChoiceField, self.fields["unit"]).choices = grouped

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        role, unit_key = data.get("role"), data.get("unit")
        if unit_key == SYSTEM_WIDE:
            data["unit"] = None
        elif unit_key:
            data["unit"] = self.units[unit_key]
        if role and unit_key:
            error = role_unit_error(role, data["unit"])
            if error:
                self.add_error("unit", error)
        return data


class PasswordChoiceMixin(forms.Form):
    password_mode = forms.ChoiceField(
        label="Mật khẩu", choices=PASSWORD_MODES, initial="generate", widget=forms.RadioSelect
    )
    password1 = forms.CharField(
        label="Mật khẩu mới",
        required=False,
        strip=False,
        widget=forms.PasswordInput(render_value=False, attrs={"autocomplete": "new-password"}),
        help_text="Chỉ điền khi chọn «Tự đặt mật khẩu»: ít nhất 12 ký tự, không chỉ gồm chữ số.",
    )
    password2 = forms.CharField(
        label="Nhập lại mật khẩu mới", required=False, strip=False, widget=forms.PasswordInput(render_value=False)
    )

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        if data.get("password_mode") == "set":
            p1, p2 = data.get("password1") or "", data.get("password2") or ""
            if not p1:
                self.add_error("password1", "Vui lòng nhập mật khẩu mới.")
            elif p1 != p2:
                self.add_error("password2", "Hai lần nhập mật khẩu không khớp.")
        return data

    @property
    def chosen_password(self) -> str | None:
        return self.cleaned_data["password1"] if self.cleaned_data.get("password_mode") == "set" else None


class UserCreateForm(PasswordChoiceMixin, RoleFields):
    username = forms.CharField(
        label="Tên đăng nhập",
        max_length=40,
        help_text="Chữ không dấu, chữ số, dấu chấm, gạch dưới; ví dụ: totruong3",
        error_messages={"required": "Vui lòng nhập tên đăng nhập."},
    )
    full_name = forms.CharField(
        label="Họ và tên", max_length=150, error_messages={"required": "Vui lòng nhập họ và tên."}
    )
    field_order = ["username", "full_name", "role", "unit", "position", "password_mode", "password1", "password2"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["username"].widget.attrs.update({"autocapitalize": "none", "autocomplete": "off"})
        self.fields["password_mode"].widget.attrs["class"] = "form-check-input"


class RoleAssignForm(RoleFields):
    pass


class PasswordResetForm(PasswordChoiceMixin, BootstrapMixin):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["password_mode"].widget.attrs["class"] = "form-check-input"


class DeactivateForm(BootstrapMixin, forms.Form):
    reason = forms.CharField(label="Lý do", max_length=255, required=False)


class OwnPasswordForm(BootstrapMixin, forms.Form):
    old_password = forms.CharField(
        label="Mật khẩu hiện tại",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        error_messages={"required": "Vui lòng nhập mật khẩu hiện tại."},
    )
    new_password1 = forms.CharField(
        label="Mật khẩu mới",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        error_messages={"required": "Vui lòng nhập mật khẩu mới."},
    )
    new_password2 = forms.CharField(
        label="Nhập lại mật khẩu mới",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        error_messages={"required": "Vui lòng nhập lại mật khẩu mới."},
    )

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        if data.get("new_password1") and data.get("new_password2") and data["new_password1"] != data["new_password2"]:
            self.add_error("new_password2", "Hai lần nhập mật khẩu mới không khớp.")
        return data


class NewPasswordForm(OwnPasswordForm):
    """Replacing a temporary password at the first sign-in: the two new entries only."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        del self.fields["old_password"]
        for name in ("new_password1", "new_password2"):
            self.fields[name].widget.attrs.update({"autocapitalize": "none", "autocorrect": "off"})


class AuditFilterForm(BootstrapMixin, forms.Form):
    action = forms.ChoiceField(label="Việc", required=False)
    actor = forms.ChoiceField(label="Người thực hiện", required=False)
    date_from = date_field("Từ ngày", required=False)
    date_to = date_field("Đến ngày", required=False)
    q = forms.CharField(label="Đối tượng", required=False, max_length=100)

    def __init__(self, *args: Any, actions: list[tuple[str, str]], actors: list[tuple[str, str]], **kw: Any) -> None:
        super().__init__(*args, **kw)
        cast(forms.ChoiceField, self.fields["action"]).choices = [("", "Mọi việc")] + actions
        cast(forms.ChoiceField, self.fields["actor"]).choices = [("", "Mọi người")] + actors
        self.fields["q"].widget.attrs["placeholder"] = "Tên hộ, mã hộ, tên đơn vị …"
