from django.urls import path

from vanhoa.opinions import views

urlpatterns = [
    path("niem-yet/<int:pk>/", views.notice_page, name="public-notice"),
    path("niem-yet/<int:pk>/ban-in/", views.printable, name="public-notice-print"),
    path("y-kien/<int:pk>/xu-ly/", views.settle, name="opinion-settle"),
]
