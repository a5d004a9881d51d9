from django.urls import path

from vanhoa.backup import views

urlpatterns = [
    path("", views.backup_page, name="backup-page"),
    path("tai-ve/", views.backup_download, name="backup-download"),
]
