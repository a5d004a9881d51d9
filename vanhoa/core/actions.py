"""What the audit trail's action codes mean, in Vietnamese: apps add theirs with `register_labels` (in
`AppConfig.ready()` or at import), histories and the audit log page read them with `action_label`.
Re-exported by vanhoa.core.audit, where services find them."""

from __future__ import annotations

_LABELS: dict[str, str] = {
    "registry.household.created": "Thêm hộ gia đình",
    "registry.household.updated": "Sửa thông tin hộ",
    "registry.household.moved_out": "Hộ chuyển đi",
    "registry.household.merged": "Nhập hộ",
    "registry.household.split": "Tách hộ",
    "registry.household.dissolved": "Hộ không còn",
    "registry.household.active": "Hộ cư trú trở lại",
    "registry.agency.created": "Thêm cơ quan, đơn vị",
    "registry.agency.updated": "Sửa cơ quan, đơn vị",
    "registry.street.created": "Thêm tuyến phố",
    "registry.street.updated": "Sửa tuyến phố",
    "units.unit.created": "Thêm đơn vị",
    "units.unit.updated": "Sửa đơn vị",
    "units.unit.renamed": "Đổi tên đơn vị",
    "units.unit.transferred": "Chuyển đơn vị về cấp trên khác",
    "units.unit.merged": "Sáp nhập đơn vị",
    "units.unit.split": "Chia tách đơn vị",
    "accounts.user.created": "Tạo tài khoản",
    "accounts.user.updated": "Sửa tài khoản",
    "accounts.user.deactivated": "Khóa tài khoản",
    "accounts.user.reactivated": "Mở khóa tài khoản",
    "accounts.user.password_reset": "Đặt lại mật khẩu",
    "accounts.user.password_changed": "Tự đổi mật khẩu",
    "accounts.membership.granted": "Giao vai trò",
    "accounts.membership.withdrawn": "Thu hồi vai trò",
    "privacy.household.exported": "Xuất dữ liệu cá nhân của hộ",
}


def register_labels(labels: dict[str, str]) -> None:
    """Vietnamese names for an app's action codes, shown in histories and the audit log page."""
    _LABELS.update(labels)


def action_label(action: str) -> str:
    return _LABELS.get(action, action)


def known_actions() -> dict[str, str]:
    return dict(_LABELS)
