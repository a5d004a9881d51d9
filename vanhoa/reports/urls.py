from django.urls import path

from vanhoa.reports import views

urlpatterns = [
    path("chi-tieu/", views.dashboard_home, name="reports-dashboard"),
    path("chi-tieu/<int:unit>/", views.dashboard_unit, name="reports-dashboard-unit"),
    path("chi-tieu/<int:unit>/qua-cac-nam/", views.dashboard_trend, name="reports-dashboard-trend"),
    path("", views.report_list, name="report-list"),
    path("han-gui/", views.due_dates, name="report-due-dates"),
    path("lap-moi/", views.report_create, name="report-create"),
    path("<int:pk>/", views.report_detail, name="report-detail"),
    path("<int:pk>/sua/", views.report_edit, name="report-edit"),
    path("<int:pk>/gui/", views.report_submit, name="report-submit"),
    path("<int:pk>/tiep-nhan/", views.report_receive, name="report-receive"),
    path("<int:pk>/tra-lai/", views.report_return, name="report-return"),
    path("<int:pk>/bo-sung/", views.report_supplement, name="report-supplement"),
    path("<int:pk>/tai/<str:fmt>/", views.report_download, name="report-download"),
    path("<int:pk>/lan/<int:number>/", views.version_detail, name="report-version"),
    path("<int:pk>/lan/<int:number>/<str:fmt>/", views.version_download, name="report-version-download"),
]
