from django.urls import path

from vanhoa.opinions import views

urlpatterns = [
    path("<int:ward>/<int:year>/", views.ward_index, name="public-ward"),
    path("niem-yet/<int:pk>/", views.notice_page, name="public-notice"),
    path("niem-yet/<int:pk>/ban-in/", views.printable, name="public-notice-print"),
    path("quyet-dinh/<int:pk>/", views.decision_page, name="public-decision"),
    path("y-kien/<int:pk>/xu-ly/", views.settle, name="opinion-settle"),
]
