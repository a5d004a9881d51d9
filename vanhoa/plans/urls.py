from django.urls import path

from vanhoa.plans import views

urlpatterns = [
    path("", views.plan_list, name="plan-list"),
    path("viec-thang-nay/", views.todo, name="plan-todo"),
    path("lap-moi/", views.plan_create, name="plan-create"),
    path("<int:pk>/", views.plan_detail, name="plan-detail"),
    path("<int:pk>/sua/", views.plan_edit, name="plan-edit"),
    path("<int:pk>/tien-do/", views.plan_timeline, name="plan-timeline"),
    path("<int:pk>/ban-in/", views.plan_preview, name="plan-preview"),
    path("<int:pk>/tai-ve.docx", views.plan_docx, name="plan-docx"),
    path("<int:pk>/tai-ve.pdf", views.plan_pdf, name="plan-pdf"),
    path("<int:pk>/sao-chep/", views.plan_copy, name="plan-copy"),
    path("<int:pk>/chi-tieu/", views.plan_targets, name="plan-targets"),
    path("<int:pk>/kinh-phi/", views.plan_funding, name="plan-funding"),
    path("<int:pk>/to-chuc-thuc-hien/", views.plan_responsibilities, name="plan-responsibilities"),
    path("<int:pk>/hoat-dong/them/", views.activity_create, name="activity-create"),
    path("hoat-dong/<int:pk>/", views.activity_detail, name="activity-detail"),
    path("hoat-dong/<int:pk>/sua/", views.activity_edit, name="activity-edit"),
    path("hoat-dong/<int:pk>/xoa/", views.activity_delete, name="activity-delete"),
    path("tep/<int:pk>/", views.attachment_download, name="attachment-download"),
    path("tep/<int:pk>/xoa/", views.attachment_delete, name="attachment-delete"),
    path("to-chuc/", views.organisation_list, name="organisation-list"),
    path("to-chuc/them/", views.organisation_create, name="organisation-create"),
    path("to-chuc/<int:pk>/sua/", views.organisation_edit, name="organisation-edit"),
]
