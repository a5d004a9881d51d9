from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "vanhoa.accounts"
    label = "accounts"
    verbose_name = "Tài khoản và phân quyền"

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in

        from vanhoa.accounts import permissions
        from vanhoa.accounts.middleware import remember_temporary_password
        from vanhoa.core import menu, scoping

        scoping.install(permissions)  # who sees which units: the source of every visible_to()
        user_logged_in.connect(remember_temporary_password, dispatch_uid="vanhoa-temporary-password")

        # order >= 900: the user dropdown in the top bar
        menu.register("Người dùng", "user-list", "people-fill", "users.manage", 900)
        menu.register("Nhật ký thay đổi", "audit-log", "journal-text", "audit.view", 910)
        menu.register("Tài khoản của tôi", "my-account", "person-gear", "login", 990)
