from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "vanhoa.accounts"
    label = "accounts"
    verbose_name = "Tài khoản và phân quyền"
