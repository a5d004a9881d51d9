from django.urls import path

from vanhoa.imports import views

urlpatterns = [
    path("", views.import_list, name="import-list"),
    path("mau/<slug:kind>/", views.import_template, name="import-template"),
    path("<int:pk>/", views.import_detail, name="import-detail"),
    path("<int:pk>/tien-do/", views.import_progress, name="import-progress"),
    path("<int:pk>/chon-trang/", views.import_sheet, name="import-sheet"),
    path("<int:pk>/ghi/", views.import_commit, name="import-commit"),
    path("<int:pk>/tep-goc/", views.import_file, name="import-file"),
    path("<int:pk>/dong-loi/", views.import_rejected, name="import-rejected"),
    path("xuat/ho-gia-dinh/", views.export_households, name="export-households"),
    path("xuat/co-quan/", views.export_agencies, name="export-agencies"),
    path("xuat/tuyen-pho/", views.export_streets, name="export-streets"),
]
