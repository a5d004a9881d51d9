from django.urls import path

from vanhoa.setup import views

urlpatterns = [
    path("bat-dau/", views.first_admin, name="setup-first-admin"),
    path("", views.wizard, name="setup-wizard"),
    path("xa-phuong/", views.step_commune, name="setup-commune"),
    path("thon-to/", views.step_groups, name="setup-groups"),
    path("ho-gia-dinh/", views.step_households, name="setup-households"),
    path("tai-khoan/", views.step_accounts, name="setup-accounts"),
]
