"""Every state change of the title cycle, one module per stage. Each function is atomic, checks the acting user's
capability on the unit concerned and the rule set in force, and writes one audit entry per changed object.

The actor is a user or a system actor (vanhoa/core/actors.py), checked like a user against the capabilities it was
given; a string is no actor (TypeError).

The cycle of one candidacy (one subject, one title, one year):

    registered ──► self_assessed ──► reviewed ──► on_notice ──► proposed ──► decided ──► certified
        │            (NĐ 122 only)      │        (NĐ 86 only)       │            │
        └──► withdrawn                   └──► not_proposed (reason)  └──► returned  └──► revoked

Steps the rule set does not have are skipped, not faked: NĐ 122/2018 has no public notice, NĐ 86/2023 no
self-assessment, no quorum, no vote threshold and no Giấy khen.

Where each step lives:

    common.py        TitleError, the rule set / decider in force, describe() a subject, the state transition
    registration.py  register, register_group_households, record_street_commitments, self-assessment, withdraw
    review.py        the review meeting: start, save the draft, evaluate each line, submit
    notice.py        the public notice (NĐ 86/2023): open, residents' opinions, close
    proposal.py      submit, complete, return a dossier; return one candidate for re-review
    decision.py      the recognition decision, certificates, publishing the list, revocation, carrying a streak
    agencies.py      agencies (TT 08/2014): registration to build, standing by year, the union's reports, dossier
    commendation.py  Giấy khen for N consecutive years (NĐ 122/2018): eligibility, the meeting of each khu dân cư
                     (quorum, approval, the cap and ranking within it), the head's proposal, the decision
    rules.py         an administrator corrects a rule set or a commendation rule; the working calendar's days

Callers keep importing `vanhoa.titles.services` (this package re-exports every public name); code inside the
titles app may import the stage module it needs.
"""

from vanhoa.titles.services.agencies import (
    enrol_agency,
    record_agency_report,
)
from vanhoa.titles.services.commendation import (
    CommendationPlan,
    commendation_rule_for,
    eligible_by_unit,
    issue_commendation_decision,
    plan_commendations,
    propose_commendations,
    record_commendation_meeting,
)
from vanhoa.titles.services.common import (
    CANDIDACY_FIELDS,
    DECISION_FIELDS,
    MEETING_FIELDS,
    NOTICE_FIELDS,
    PROPOSAL_FIELDS,
    REVIEW_SEASON,
    Subject,
    TitleError,
    decider_for,
    describe,
    group_on,
    issuer_unit,
    province_code,
    review_season,
    rule_set_for,
    rule_set_for_year,
    rule_set_or_none,
    rule_sets_or_none,
    title_type,
    unit_title,
    ward_on,
)
from vanhoa.titles.services.decision import carry_streak, issue_certificates, issue_decision, publish_list, revoke_title
from vanhoa.titles.services.notice import close_public_notice, open_public_notice, record_notice_comment
from vanhoa.titles.services.proposal import (
    complete_proposal,
    ready_for_proposal,
    return_for_rework,
    return_proposal,
    submit_proposal,
)
from vanhoa.titles.services.registration import (
    record_self_assessment,
    record_street_commitments,
    register,
    register_group_households,
    withdraw,
)
from vanhoa.titles.services.review import (
    ENTRY_FIELDS,
    evaluate_entry,
    meeting_defaults,
    record_review_meeting,
    reviewable,
    save_review_draft,
    start_review_meeting,
    submit_review_meeting,
)
from vanhoa.titles.services.rules import (
    COMMENDATION_EDITABLE,
    RULE_SET_EDITABLE,
    may_edit_rule_set,
    remove_calendar_day,
    rule_set_unit,
    set_calendar_day,
    update_commendation_rule,
    update_rule_set,
)

__all__ = [
    "enrol_agency",
    "record_agency_report",
    "CANDIDACY_FIELDS",
    "COMMENDATION_EDITABLE",
    "DECISION_FIELDS",
    "ENTRY_FIELDS",
    "MEETING_FIELDS",
    "NOTICE_FIELDS",
    "PROPOSAL_FIELDS",
    "REVIEW_SEASON",
    "RULE_SET_EDITABLE",
    "CommendationPlan",
    "Subject",
    "TitleError",
    "carry_streak",
    "close_public_notice",
    "commendation_rule_for",
    "complete_proposal",
    "eligible_by_unit",
    "decider_for",
    "describe",
    "evaluate_entry",
    "group_on",
    "issue_certificates",
    "issue_commendation_decision",
    "issue_decision",
    "issuer_unit",
    "meeting_defaults",
    "open_public_notice",
    "plan_commendations",
    "propose_commendations",
    "province_code",
    "publish_list",
    "ready_for_proposal",
    "record_commendation_meeting",
    "record_notice_comment",
    "record_review_meeting",
    "record_self_assessment",
    "record_street_commitments",
    "register",
    "register_group_households",
    "return_for_rework",
    "return_proposal",
    "review_season",
    "reviewable",
    "revoke_title",
    "rule_set_for",
    "rule_set_for_year",
    "rule_set_or_none",
    "remove_calendar_day",
    "rule_sets_or_none",
    "save_review_draft",
    "set_calendar_day",
    "start_review_meeting",
    "submit_proposal",
    "submit_review_meeting",
    "title_type",
    "unit_title",
    "update_commendation_rule",
    "update_rule_set",
    "may_edit_rule_set",
    "rule_set_unit",
    "ward_on",
    "withdraw",
]
