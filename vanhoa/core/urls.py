from django.urls import path

from vanhoa.core import views

urlpatterns = [
    path("", views.home, name="home"),
    path("nam-lam-viec/", views.set_year, name="set-year"),
    path("phuong-lam-viec/", views.set_ward, name="set-ward"),
    path("health/", views.health, name="health"),
]
