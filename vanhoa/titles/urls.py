from django.urls import path

from vanhoa.titles.views import (
    agencies,
    candidacy,
    commendations,
    decision,
    documents,
    home,
    meeting,
    notice,
    proposal,
    registration,
    rules,
)

urlpatterns = [
    path("", home.home, name="titles-home"),
    path("quy-dinh/", rules.rules, name="titles-rules"),
    path("quy-dinh/lich-nghi/", rules.calendar, name="titles-calendar"),
    path("quy-dinh/<int:pk>/sua/", rules.rule_edit, name="titles-rule-edit"),
    path("giay-khen/", commendations.commendations, name="titles-commendations"),
    path("hop/<int:pk>/", meeting.meeting, name="titles-meeting"),
    path("niem-yet/<int:pk>/", notice.notice, name="titles-notice"),
    path("de-nghi/<int:pk>/", proposal.proposal, name="titles-proposal"),
    path("quyet-dinh/<int:pk>/", decision.decision, name="titles-decision"),
    path("ho-so/<int:pk>/", candidacy.candidacy, name="titles-candidacy"),
    path("co-quan/<int:pk>/", agencies.agency, name="titles-agency"),
    path("ho/<int:pk>/ke-thua/", candidacy.carry_streak, name="titles-carry-streak"),
    path("tuyen-pho/<int:pk>/cam-ket/", registration.street_commitments, name="titles-street-commitments"),
    path("van-ban/<slug:kind>/", documents.document, name="titles-document"),
    path("<slug:title>/quyet-dinh/", decision.decide, name="titles-decide"),
    path("<slug:title>/<int:unit>/", home.cycle, name="titles-cycle"),
    path("<slug:title>/<int:unit>/dang-ky/", registration.register, name="titles-register"),
    path("<slug:title>/<int:unit>/hop/", meeting.meeting_start, name="titles-meeting-start"),
    path("<slug:title>/<int:unit>/niem-yet/", notice.notice_open, name="titles-notice-open"),
    path("<slug:title>/<int:unit>/de-nghi/", proposal.proposal_submit, name="titles-proposal-submit"),
    path(
        "<slug:title>/<int:unit>/giay-khen/",
        commendations.commendation_meeting,
        name="titles-commendation-meeting",
    ),
]
