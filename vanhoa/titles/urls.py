from django.urls import path

from vanhoa.titles import views

urlpatterns = [
    path("", views.home, name="titles-home"),
    path("quy-dinh/", views.rules, name="titles-rules"),
    path("quy-dinh/<int:pk>/sua/", views.rule_edit, name="titles-rule-edit"),
    path("giay-khen/", views.commendations, name="titles-commendations"),
    path("hop/<int:pk>/", views.meeting, name="titles-meeting"),
    path("niem-yet/<int:pk>/", views.notice, name="titles-notice"),
    path("de-nghi/<int:pk>/", views.proposal, name="titles-proposal"),
    path("quyet-dinh/<int:pk>/", views.decision, name="titles-decision"),
    path("ho-so/<int:pk>/", views.candidacy, name="titles-candidacy"),
    path("ho/<int:pk>/ke-thua/", views.carry_streak, name="titles-carry-streak"),
    path("tuyen-pho/<int:pk>/cam-ket/", views.street_commitments, name="titles-street-commitments"),
    path("van-ban/<slug:kind>/", views.document, name="titles-document"),
    path("<slug:title>/quyet-dinh/", views.decide, name="titles-decide"),
    path("<slug:title>/<int:unit>/", views.cycle, name="titles-cycle"),
    path("<slug:title>/<int:unit>/dang-ky/", views.register, name="titles-register"),
    path("<slug:title>/<int:unit>/hop/", views.meeting_start, name="titles-meeting-start"),
    path("<slug:title>/<int:unit>/niem-yet/", views.notice_open, name="titles-notice-open"),
    path("<slug:title>/<int:unit>/de-nghi/", views.proposal_submit, name="titles-proposal-submit"),
]
