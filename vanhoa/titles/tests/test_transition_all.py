"""`_transition_all` (the bulk path of the meeting, notice, proposal, decision and certificate services) writes
the same rows and the same audit entries, in the same order, as `_transition` called once per candidacy."""

from __future__ import annotations

from datetime import date

import pytest

from vanhoa.core.models import AuditEntry
from vanhoa.testing.actors import TEST
from vanhoa.titles import services
from vanhoa.titles.choices import State
from vanhoa.titles.models import Candidacy
from vanhoa.titles.services.common import CANDIDACY_FIELDS, Step, _transition, _transition_all

pytestmark = pytest.mark.django_db

SKIP = {"id", "created_at", "updated_at", "household_id", "subject_key", "subject_name", "sort_key", "unit_id",
        "review_unit_id", "subject_address", "review_entry_id"}  # fmt: skip


def _moves(cands):
    """Every kind of change: a plain move, a reason to normalise (NFD input), a foreign key set and cleared."""
    out = []
    for i, c in enumerate(cands):
        if i % 3 == 0:
            out.append((c, State.NOT_PROPOSED, "not_proposed", "Khoa\u0300ng đạt", {"resume_state": ""}))
        elif i % 3 == 1:
            out.append((c, State.RETURNED, "returned", None, {"resume_state": State.REVIEWED, "proposal": None}))
        else:
            out.append((c, State.CERTIFIED, "certified", None, {"certificate_number": f"{i:04d}",
                                                               "certified_on": date(2020, 12, 1)}))  # fmt: skip
    return out


def _rows(cands):
    fields = [f.attname for f in Candidacy._meta.concrete_fields if f.attname not in SKIP]
    return [tuple(Candidacy.objects.filter(pk=c.pk).values_list(*fields).get()) for c in cands]


def _entries(mark, cands):
    rank = {str(c.pk): i for i, c in enumerate(cands)}
    entries = AuditEntry.objects.filter(pk__gt=mark).order_by("pk")
    return [(rank[e.object_id], e.action, e.actor_name, e.changes, e.note) for e in entries]


def test_the_bulk_transition_writes_what_one_transition_per_candidacy_writes(world, reviewed):
    one_by_one, in_bulk = reviewed(2020, n=6, group=0), reviewed(2020, n=6, group=1)
    assert _rows(one_by_one) == _rows(in_bulk)
    mark = AuditEntry.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    for c, state, action, reason, changes in _moves(one_by_one):
        _transition(c, state, actor=TEST, on=date(2020, 11, 20), action=action, reason=reason, **changes)
    first = _entries(mark, one_by_one)
    mark = AuditEntry.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    steps = [Step(c, state, action, reason, changes) for c, state, action, reason, changes in _moves(in_bulk)]
    _transition_all(steps, actor=TEST, on=date(2020, 11, 20))
    assert _rows(one_by_one) == _rows(in_bulk)
    assert [(c.state, c.reason) for c in one_by_one] == [(c.state, c.reason) for c in in_bulk]
    assert _entries(mark, in_bulk) == first and len(first) == 6
    assert all(set(e[3]) <= set(CANDIDACY_FIELDS) for e in first)
    assert Candidacy.objects.get(pk=in_bulk[0].pk).reason == "Khoàng đạt"  # NFC, as save() stores it


def test_a_meeting_then_the_whole_cycle_audits_each_candidacy_once_per_step(world, reviewed):
    cands = reviewed(2024, n=4)
    group = world.groups[0]
    marks = AuditEntry.objects.filter(action="titles.candidacy.reviewed", object_id__in=[str(c.pk) for c in cands])
    assert marks.count() == 4
    notice = services.open_public_notice(actor=TEST, title="gdvh", year=2024, unit=group, opened_on=date(2024, 10, 16),
                                           place="Nhà văn hóa")  # fmt: skip
    services.close_public_notice(notice, actor=TEST, on=date(2024, 11, 1))
    services.submit_proposal(actor=TEST, title="gdvh", year=2024, unit=group, on=date(2024, 11, 2))
    decision = services.issue_decision(actor=TEST, title="gdvh", year=2024, ward=cands[0].ward, number="",
                                       signed_on=date(2024, 11, 8), signer_name="Nguyễn Văn An")  # fmt: skip
    services.issue_certificates(decision, actor=TEST, on=date(2024, 11, 12))
    for action in ("on_notice", "proposed", "decided", "certified"):
        assert AuditEntry.objects.filter(action=f"titles.candidacy.{action}").count() == 4, action
    assert set(Candidacy.objects.filter(pk__in=[c.pk for c in cands]).values_list("state", flat=True)) == {
        State.CERTIFIED
    }
