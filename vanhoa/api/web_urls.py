from django.urls import path

from vanhoa.api import views

urlpatterns = [
    path("tai-khoan/khoa-api/", views.tokens, name="api-tokens"),
]
