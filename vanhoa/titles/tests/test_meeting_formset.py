"""The meeting page's lines as a formset (forms.ReviewEntryFormSet): what each line changes in the draft, the
reasons a rule set offers, and Vietnamese messages that name the household."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from vanhoa.testing.actors import TEST
from vanhoa.titles import forms, services
from vanhoa.titles.models import ReviewEntry, RuleSet

pytestmark = pytest.mark.django_db


@pytest.fixture
def draft(world, make_households):
    """A 2020 draft meeting (NĐ 122/2018) of group 1 with three households, in the page's order."""
    group = world.groups[0]
    make_households(group, 3)
    services.register_group_households(actor=TEST, group=group, year=2020, on=date(2020, 2, 10))
    meeting = services.start_review_meeting(actor=TEST, title="gdvh", year=2020, unit=group, on=date(2020, 11, 5))
    entries = list(meeting.entries.select_related("candidacy").order_by("candidacy__sort_key", "pk"))
    return meeting, entries


def post(entries, lines=None, total=None):
    data = {
        "entries-TOTAL_FORMS": str(len(entries) if total is None else total),
        "entries-INITIAL_FORMS": str(len(entries)),
        "entries-MIN_NUM_FORMS": "0",
        "entries-MAX_NUM_FORMS": "5000",
    }
    for i, e in enumerate(entries):
        data[f"entries-{i}-candidacy"] = str(e.candidacy_id)
        for key, value in (lines or {}).get(i, {}).items():
            data[f"entries-{i}-{key}"] = value
    return data


def bound(meeting, entries, lines=None, **kw):
    return forms.ReviewEntryFormSet(post(entries, lines, **kw), entries=entries, rule_set=meeting.rule_set)


# --------------------------------------------------------------------------- reasons


def test_the_reasons_are_the_rule_sets_standards_and_exclusions_then_other():
    rule_set = RuleSet.objects.get(code="nd122-2018/household")
    groups = forms.reason_groups(rule_set)
    assert [label for label, _ in groups] == [
        "Không đạt tiêu chuẩn",
        "Trường hợp không xét tặng (NĐ 122/2018/NĐ-CP)",
        "Khác",
    ]
    standards, exclusions, other = (reasons for _, reasons in groups)
    assert [r.failed_criterion for r in standards] == list(
        rule_set.criteria.filter(standard="").values_list("code", flat=True)
    )
    assert all(r.exclusion_code == "" for r in standards)
    six = next(r for r in exclusions if r.exclusion_code == "6")
    assert six.value == "ex:6" and "tệ nạn xã hội" in six.label and six.failed_criterion == ""
    assert other == [forms.OTHER_REASON]


def test_a_saved_line_shows_its_reason_as_chosen():
    assert forms.reason_of(ReviewEntry(exclusion_code="6", failed_criteria=["2"])) == "ex:6"
    assert forms.reason_of(ReviewEntry(failed_criteria=["2", "3"])) == "std:2"
    assert forms.reason_of(ReviewEntry(reason_text="Chưa đóng góp quỹ")) == "other"
    assert forms.reason_of(ReviewEntry(criteria_met=True)) == ""


# --------------------------------------------------------------------------- unbound: the page as it opens


def test_the_page_opens_with_one_line_per_entry_carrying_what_was_saved(draft):
    meeting, entries = draft
    entries[1].criteria_met, entries[1].exclusion_code = False, "6"
    entries[1].votes_for = 12
    formset = forms.ReviewEntryFormSet(entries=entries, rule_set=meeting.rule_set)
    assert [f.entry for f in formset] == entries
    assert [f.initial["candidacy"] for f in formset] == [e.candidacy_id for e in entries]
    assert formset[1].initial["reason"] == "ex:6" and formset[1].initial["votes_for"] == 12
    html = str(formset[1]["reason"])
    assert '<option value="ex:6" selected>' in html and "<optgroup" in html
    assert 'class="form-check-input js-pass"' in str(formset[0]["passed"])
    cid = entries[0].candidacy_id  # element ids name the candidacy, as before the formset
    ids = [formset[0][name].id_for_label for name in ("passed", "reason", "reason_text", "votes_for", "votes_against")]
    assert ids == [f"pass-{cid}", f"reason-{cid}", f"text-{cid}", f"for-{cid}", f"against-{cid}"]
    assert formset[0].subject_name == entries[0].candidacy.subject_name


def test_long_reasons_are_cut_to_90_characters_in_the_list(draft):
    meeting, entries = draft
    formset = forms.ReviewEntryFormSet(entries=entries, rule_set=meeting.rule_set)
    labels = [label for _group, options in formset.choices[1:] for _value, label in options]
    assert labels and all(len(label) <= 90 for label in labels)
    assert any(label.endswith("…") for label in labels)


# --------------------------------------------------------------------------- bound: what each line changes


def test_a_checked_line_meets_the_criteria_and_drops_any_reason(draft):
    """2020 scores (NĐ 122/2018, 100-point sheets): a ticked line not scored means "đạt mọi tiêu chí", 100 points."""
    meeting, entries = draft
    formset = bound(meeting, entries, {0: {"passed": "on", "reason": "ex:6", "reason_text": "x"}})
    assert formset.is_valid(), formset.problems()
    assert formset.changes(all_pass=False)[entries[0].candidacy_id] == {
        "votes_for": None,
        "votes_against": None,
        "points": Decimal(100),
        "area": "",
        "criteria_met": True,
        "failed_criteria": [],
        "exclusion_code": "",
        "reason_text": "",
    }


def test_an_unchecked_line_with_a_reason_fails_for_that_reason(draft):
    meeting, entries = draft
    lines = {
        0: {"reason": "ex:6"},
        1: {"reason": "std:2", "reason_text": "  Chưa   tham gia  "},
        2: {"reason_text": "Chưa đóng góp quỹ"},
    }
    formset = bound(meeting, entries, lines)
    assert formset.is_valid(), formset.problems()
    changes = formset.changes(all_pass=False)
    first, second, third = (changes[e.candidacy_id] for e in entries)
    assert (first["criteria_met"], first["exclusion_code"], first["failed_criteria"]) == (False, "6", [])
    assert (second["failed_criteria"], second["reason_text"]) == (["2"], "Chưa tham gia")  # normalised
    assert (third["criteria_met"], third["exclusion_code"], third["failed_criteria"]) == (False, "", [])
    assert third["reason_text"] == "Chưa đóng góp quỹ"


def test_a_line_neither_checked_nor_explained_is_unassessed_unless_it_was_assessed(draft):
    meeting, entries = draft
    entries[1].criteria_met = True  # assessed earlier: unchecking it now means "does not meet"
    formset = bound(meeting, entries)
    assert formset.is_valid()
    changes = formset.changes(all_pass=False)
    assert changes[entries[0].candidacy_id]["criteria_met"] is None
    assert changes[entries[1].candidacy_id]["criteria_met"] is False


def test_all_pass_changes_only_the_votes(draft):
    meeting, entries = draft
    formset = bound(meeting, entries, {0: {"reason": "ex:6", "votes_for": " 14 ", "votes_against": "11"}})
    assert formset.is_valid()
    assert formset.changes(all_pass=True)[entries[0].candidacy_id] == {"votes_for": 14, "votes_against": 11}


def test_the_lines_saved_through_the_service_reach_the_draft(draft):
    meeting, entries = draft
    formset = bound(meeting, entries, {0: {"passed": "on"}, 1: {"reason": "ex:6"}, 2: {"passed": "on"}})
    assert formset.is_valid()
    services.save_review_draft(meeting, actor=TEST, entries=formset.changes(all_pass=False))
    saved = {e.candidacy_id: e for e in meeting.entries.all()}
    assert saved[entries[0].candidacy_id].criteria_met is True
    assert saved[entries[1].candidacy_id].exclusion_code == "6"


# --------------------------------------------------------------------------- bad input


@pytest.mark.parametrize(
    ("field", "typed", "message"),
    [
        ("votes_for", "mười", "số người tán thành phải là số (đã nhập «mười»)."),
        ("votes_against", "-2", "số người không tán thành phải là số (đã nhập «-2»)."),
        ("votes_for", "3,5", "số người tán thành phải là số (đã nhập «3,5»)."),
    ],
)
def test_a_vote_that_is_not_a_whole_number_is_refused_naming_the_household(draft, field, typed, message):
    meeting, entries = draft
    formset = bound(meeting, entries, {1: {field: typed}})
    assert not formset.is_valid()
    assert formset.problems() == [f"{entries[1].candidacy.subject_name}: {message}"]


def test_a_reason_the_rule_set_does_not_have_is_refused(draft):
    meeting, entries = draft
    formset = bound(meeting, entries, {0: {"reason": "ex:zzz"}})
    assert not formset.is_valid()
    (problem,) = formset.problems()
    assert problem == f"{entries[0].candidacy.subject_name}: lý do «ex:zzz» không có trong quy định áp dụng."


def test_a_line_of_another_meeting_asks_to_reload(draft, world, make_households):
    meeting, entries = draft
    data = post(entries)
    data["entries-2-candidacy"] = "999999"
    formset = forms.ReviewEntryFormSet(data, entries=entries, rule_set=meeting.rule_set)
    assert not formset.is_valid()
    assert formset.problems() == ["Có hộ không thuộc cuộc họp này; hãy tải lại trang."]
    assert formset.forms[2].entry is None


def test_lines_are_matched_by_candidacy_not_by_position(draft):
    meeting, entries = draft
    reordered = [entries[2], entries[0], entries[1]]  # the list changed order since the page was opened
    data = post(reordered, {0: {"reason": "ex:6"}})
    formset = forms.ReviewEntryFormSet(data, entries=entries, rule_set=meeting.rule_set)
    assert formset.is_valid()
    assert formset.forms[0].entry == entries[2]
    assert formset.changes(all_pass=False)[entries[2].candidacy_id]["exclusion_code"] == "6"


def test_a_page_without_its_management_data_gets_a_vietnamese_message(draft):
    meeting, entries = draft
    data = {k: v for k, v in post(entries).items() if not k.startswith("entries-TOTAL")}
    formset = forms.ReviewEntryFormSet(data, entries=entries, rule_set=meeting.rule_set)
    assert not formset.is_valid()
    assert formset.problems() == ["Trang biên bản đã cũ hoặc thiếu dữ liệu; hãy tải lại trang."]
