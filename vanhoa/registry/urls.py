from django.urls import path

from vanhoa.registry import views

urlpatterns = [
    path("ho-gia-dinh/", views.household_list, name="household-list"),
    path("ho-gia-dinh/them/", views.household_create, name="household-create"),
    path("ho-gia-dinh/<int:pk>/", views.household_detail, name="household-detail"),
    path("ho-gia-dinh/<int:pk>/sua/", views.household_edit, name="household-edit"),
    path("ho-gia-dinh/<int:pk>/tinh-trang/", views.household_status, name="household-status"),
    path("ho-gia-dinh/<int:pk>/tach-ho/", views.household_split, name="household-split"),
    path("co-quan/", views.agency_list, name="agency-list"),
    path("co-quan/them/", views.agency_create, name="agency-create"),
    path("co-quan/<int:pk>/", views.agency_detail, name="agency-detail"),
    path("co-quan/<int:pk>/sua/", views.agency_edit, name="agency-edit"),
    path("tuyen-pho/", views.street_list, name="street-list"),
    path("tuyen-pho/them/", views.street_create, name="street-create"),
    path("tuyen-pho/<int:pk>/", views.street_detail, name="street-detail"),
    path("tuyen-pho/<int:pk>/sua/", views.street_edit, name="street-edit"),
]
