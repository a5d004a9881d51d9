from django.urls import path

from vanhoa.accounts import views

urlpatterns = [
    path("dang-nhap/", views.login, name="login"),
    path("dang-xuat/", views.logout, name="logout"),
    path("tai-khoan/", views.my_account, name="my-account"),
    path("doi-mat-khau-tam/", views.password_change_required, name="password-change-required"),
    path("nguoi-dung/", views.user_list, name="user-list"),
    path("nguoi-dung/them/", views.user_create, name="user-create"),
    path("nguoi-dung/<int:pk>/", views.user_detail, name="user-detail"),
    path("nguoi-dung/<int:pk>/giao-vai-tro/", views.user_role_assign, name="user-role-assign"),
    path(
        "nguoi-dung/<int:pk>/vai-tro/<int:membership_pk>/thu-hoi/",
        views.user_role_withdraw,
        name="user-role-withdraw",
    ),
    path("nguoi-dung/<int:pk>/khoa/", views.user_deactivate, name="user-deactivate"),
    path("nguoi-dung/<int:pk>/mo-khoa/", views.user_reactivate, name="user-reactivate"),
    path("nguoi-dung/<int:pk>/dat-lai-mat-khau/", views.user_password_reset, name="user-password-reset"),
    path("nhat-ky/", views.audit_log, name="audit-log"),
    path("ho-gia-dinh/<int:pk>/du-lieu-ca-nhan/", views.household_personal_data, name="household-personal-data"),
    path(
        "ho-gia-dinh/<int:pk>/du-lieu-ca-nhan.json",
        views.household_personal_data_json,
        name="household-personal-data-json",
    ),
]
