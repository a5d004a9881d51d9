from django.urls import path

from vanhoa.activities import funding_views, views
from vanhoa.activities.choices import EventKind

urlpatterns = [
    path("", views.home, name="activities-home"),
    # inspections
    path("kiem-tra/", views.inspection_list, name="inspection-list"),
    path("kiem-tra/them/", views.inspection_create, name="inspection-create"),
    path("kiem-tra/<int:pk>/", views.inspection_detail, name="inspection-detail"),
    path("kiem-tra/<int:pk>/sua/", views.inspection_edit, name="inspection-edit"),
    path("kiem-tra/<int:pk>/ket-qua/", views.inspection_results, name="inspection-results"),
    path("kiem-tra/<int:pk>/bien-ban.docx", views.inspection_minutes_docx, name="inspection-minutes-docx"),
    path("kiem-tra/<int:pk>/bien-ban.pdf", views.inspection_minutes_pdf, name="inspection-minutes-pdf"),
    path("kiem-tra/tieu-chi/<int:pk>/khac-phuc/", views.finding_followup, name="finding-followup"),
    path("kiem-tra/tieu-chi/<int:pk>/canh-bao/", views.finding_flag, name="finding-flag"),
    path("canh-bao/<int:pk>/giai-quyet/", views.flag_resolve, name="flag-resolve"),
    path("tep/<int:pk>/", views.activity_file, name="activity-file"),
    # the 18/11 festival
    path("ngay-hoi/", views.festival_list, name="festival-list"),
    path("ngay-hoi/tong-hop.xlsx", views.festival_xlsx, name="festival-xlsx"),
    path("ngay-hoi/to/<int:group>/", views.festival_record, name="festival-record"),
    path("ngay-hoi/<int:pk>/", views.festival_detail, name="festival-detail"),
    # training and outreach
    path("tap-huan/", views.event_list, {"kind": EventKind.TRAINING}, name="training-list"),
    path("tap-huan/them/", views.event_create, {"kind": EventKind.TRAINING}, name="training-create"),
    path("tuyen-truyen/", views.event_list, {"kind": EventKind.OUTREACH}, name="outreach-list"),
    path("tuyen-truyen/them/", views.event_create, {"kind": EventKind.OUTREACH}, name="outreach-create"),
    path("buoi/<int:pk>/", views.event_detail, name="event-detail"),
    path("buoi/<int:pk>/sua/", views.event_edit, name="event-edit"),
    # money
    path("kinh-phi/", funding_views.home, name="funding-home"),
    path("kinh-phi/ngan-sach/them/", funding_views.allocation_create, name="allocation-create"),
    path("kinh-phi/ngan-sach/<int:pk>/sua/", funding_views.allocation_edit, name="allocation-edit"),
    path("kinh-phi/ung-ho/them/", funding_views.contribution_create, name="contribution-create"),
    path("kinh-phi/ung-ho/<int:pk>/sua/", funding_views.contribution_edit, name="contribution-edit"),
    path("kinh-phi/chi/them/", funding_views.expense_create, name="expense-create"),
    path("kinh-phi/chi/<int:pk>/", funding_views.expense_detail, name="expense-detail"),
    path("kinh-phi/chi/<int:pk>/sua/", funding_views.expense_edit, name="expense-edit"),
    path("kinh-phi/chung-tu/<int:pk>/", funding_views.voucher_download, name="voucher-download"),
    path("kinh-phi/cong-khai/", funding_views.public_list, name="contributions-public"),
    path("kinh-phi/cong-khai.pdf", funding_views.public_list_pdf, name="contributions-public-pdf"),
    path("kinh-phi/cong-khai.xlsx", funding_views.public_list_xlsx, name="contributions-public-xlsx"),
    path("kinh-phi/bao-cao.docx", funding_views.report_docx, name="funding-report-docx"),
    path("kinh-phi/bao-cao.pdf", funding_views.report_pdf, name="funding-report-pdf"),
]
