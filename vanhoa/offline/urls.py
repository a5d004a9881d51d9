from django.urls import path

from vanhoa.offline import views

urlpatterns = [
    path("manifest.webmanifest", views.manifest, name="offline-manifest"),
    path("sw.js", views.service_worker, name="offline-sw"),
    path("ung-dung/", views.app, name="offline-app"),
    path("ung-dung/du-lieu/", views.data, name="offline-data"),
    path("ung-dung/dong-bo/", views.sync_changes, name="offline-sync"),
    path("ung-dung/da-dang-xuat/", views.signed_out, name="offline-signed-out"),
]
