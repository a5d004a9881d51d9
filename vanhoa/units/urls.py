from django.urls import path

from vanhoa.units import views

urlpatterns = [
    path("", views.unit_list, name="unit-list"),
    path("<int:pk>/", views.unit_detail, name="unit-detail"),
    path("<int:pk>/doi-ten/", views.unit_rename, name="unit-rename"),
    path("them-to/", views.group_create, name="unit-group-create"),
    path("danh-muc/", views.catalog_search, name="unit-catalog"),
    path("danh-muc/thiet-lap/", views.catalog_setup, name="unit-catalog-setup"),
]
