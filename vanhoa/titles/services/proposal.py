"""The proposal: send the dossier up for decision, complete it, return it (whole or one candidate)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from django.db import transaction

from vanhoa.accounts.permissions import Cap
from vanhoa.core.text import format_date, nfc
from vanhoa.titles.choices import ProposalStatus, State, SubjectKind
from vanhoa.titles.models import Candidacy, Proposal, TitleType
from vanhoa.titles.services.common import (
    PROPOSAL_FIELDS,
    Step,
    TitleError,
    _previous_step,
    _record,
    _require,
    _snap,
    _transition,
    _transition_all,
    title_type,
)
from vanhoa.units.models import Unit


def ready_for_proposal(tt: TitleType, year: int, unit: Unit) -> list[Candidacy]:
    """The candidacies a dossier sent now would carry: reviewed (when the rule set has no public notice) or through
    a closed public notice, including those returned to one of these steps. Changes nothing."""
    qs = Candidacy.objects.filter(title_type=tt, year=year, review_unit=unit).select_related(
        "rule_set", "notice", "unit", "title_type", "review_entry"
    )
    out = []
    for c in qs.filter(state__in=[State.REVIEWED, State.ON_NOTICE, State.RETURNED]):
        step = c.resume_state if c.state == State.RETURNED else c.state
        if (
            step == State.REVIEWED
            and not c.rule_set.has_public_notice
            or step == State.ON_NOTICE
            and c.notice is not None
            and not c.notice.is_open
        ):
            out.append(c)
    return out


def refuse_below_pass_mark(candidacies: Sequence[Candidacy]) -> None:
    """Where the rule set scores, a household whose review score is under its pass mark cannot be proposed."""
    from vanhoa.core.text import format_number
    from vanhoa.titles.choices import PassKind

    for c in candidacies:
        rs, e = c.rule_set, c.review_entry
        if rs.pass_kind != PassKind.POINTS or e is None or e.points is None:
            continue
        mark = rs.pass_mark(e.area or "default")
        if mark is not None and e.points < mark:
            raise TitleError(
                f"{c.subject_name} đạt {e.points_text} điểm, dưới mức đạt {format_number(mark, 0)} điểm "
                f"({rs.legal_short}): không đề nghị công nhận được."
            )


@transaction.atomic
def submit_proposal(
    *,
    actor: Any,
    title: TitleType | str,
    year: int,
    unit: Unit,
    on: date,
    number: str = "",
    documents: Sequence[str] | None = None,
    recognition: str | None = None,
) -> Proposal:
    """Send the dossier up for decision. Under NĐ 86/2023 the public notice must be over first. Agencies
    (TT 08/2014): `recognition` picks the first or the renewal dossiers, which go to different deciders."""
    _require(actor, Cap.TITLES_REVIEW, unit, "gửi hồ sơ đề nghị")
    tt = title_type(title)
    ready = ready_for_proposal(tt, year, unit)
    if recognition is not None:
        ready = [c for c in ready if c.recognition == recognition]
    if ready and tt.subject_kind == SubjectKind.AGENCY:
        from vanhoa.titles.services.agencies import check_dossier

        check_dossier(ready, year, on)
    if not ready:
        pending = Candidacy.objects.filter(
            title_type=tt, year=year, review_unit=unit, state__in=[State.REVIEWED, State.ON_NOTICE]
        ).select_related("rule_set", "notice")
        first = pending.first()
        if first is not None and first.rule_set.has_public_notice:
            if first.state == State.REVIEWED:
                raise TitleError(
                    f"Năm {year} áp dụng {first.rule_set.legal_short}: phải niêm yết công khai "
                    f"{first.rule_set.public_notice_days} ngày trước khi gửi hồ sơ."
                )
            ends_on = first.notice.ends_on if first.notice is not None else None
            raise TitleError(f"Đợt niêm yết đến hết ngày {format_date(ends_on)} chưa kết thúc.")
        raise TitleError(f"{unit.name}: chưa có hồ sơ nào sẵn sàng để đề nghị công nhận.")
    rs = ready[0].rule_set
    refuse_below_pass_mark(ready)
    needed = list(rs.dossier_items.values_list("code", flat=True))
    provided = list(documents) if documents is not None else needed
    unknown = [d for d in provided if d not in needed]
    if unknown:
        raise TitleError(f"Thành phần hồ sơ không có trong quy định: {', '.join(unknown)}.")
    complete = all(d in provided for d in needed)
    proposal = Proposal.objects.create(
        title_type=tt,
        year=year,
        unit=unit,
        ward=ready[0].ward,
        number=nfc(number),
        submitted_on=on,
        complete_on=on if complete else None,
        documents=provided,
    )
    _record(actor, "titles.proposal.submitted", proposal, None, PROPOSAL_FIELDS, unit, extra={"candidates": len(ready)})
    changes = {"proposal": proposal, "resume_state": ""}
    _transition_all([Step(c, State.PROPOSED, "proposed", changes=dict(changes)) for c in ready], actor=actor, on=on)
    return proposal


@transaction.atomic
def complete_proposal(proposal: Proposal, *, actor: Any, on: date, documents: Sequence[str]) -> Proposal:
    """Record the missing documents of a dossier; the decision deadline starts when it is complete."""
    _require(actor, Cap.TITLES_REVIEW, proposal.unit, "bổ sung hồ sơ")
    proposal = Proposal.objects.select_for_update().get(pk=proposal.pk)
    before = _snap(proposal, PROPOSAL_FIELDS)
    first = proposal.candidacies.select_related("rule_set").first()
    needed = list(first.rule_set.dossier_items.values_list("code", flat=True)) if first else []
    proposal.documents = sorted(set(proposal.documents) | set(documents))
    if all(d in proposal.documents for d in needed) and proposal.complete_on is None:
        proposal.complete_on = on
    proposal.save()
    _record(actor, "titles.proposal.completed", proposal, before, PROPOSAL_FIELDS, proposal.unit)
    return proposal


@transaction.atomic
def return_proposal(proposal: Proposal, *, actor: Any, on: date, reason: str) -> Proposal:
    """The decider sends a dossier back with a reason; its candidates go back to the step before the proposal
    and can be proposed again once the dossier is fixed."""
    _require(actor, Cap.TITLES_DECIDE, proposal.ward, "trả lại hồ sơ đề nghị")
    proposal = Proposal.objects.select_for_update().get(pk=proposal.pk)
    if proposal.status != ProposalStatus.SUBMITTED:
        raise TitleError("Chỉ trả lại được hồ sơ đang chờ quyết định.")
    if not nfc(reason):
        raise TitleError("Lý do trả lại: chưa nhập.")
    before = _snap(proposal, PROPOSAL_FIELDS)
    proposal.status = ProposalStatus.RETURNED
    proposal.returned_on = on
    proposal.return_reason = nfc(reason)
    proposal.save()
    _record(actor, "titles.proposal.returned", proposal, before, PROPOSAL_FIELDS, proposal.unit)
    returned = (
        proposal.candidacies.select_for_update(of=("self",))
        .select_related("unit", "title_type")
        .filter(state=State.PROPOSED)
    )
    text = f"Hồ sơ bị trả lại: {nfc(reason)}"
    steps = [Step(c, State.RETURNED, "returned", text, {"resume_state": _previous_step(c)}) for c in returned]
    _transition_all(steps, actor=actor, on=on)
    return proposal


@transaction.atomic
def return_for_rework(candidacy: Candidacy, *, actor: Any, on: date, reason: str) -> Candidacy:
    """The ward returns one candidate's result to its group for re-review, without reopening the group: the
    candidate leaves its proposal and waits for a (supplementary) review meeting."""
    _require(actor, Cap.TITLES_REVIEW, candidacy.ward, "trả lại kết quả bình xét")
    c = Candidacy.objects.select_for_update().get(pk=candidacy.pk)
    if c.state not in (State.REVIEWED, State.ON_NOTICE, State.PROPOSED, State.NOT_PROPOSED):
        raise TitleError(f"{c.subject_name}: không trả lại được khi đang «{c.get_state_display()}».")
    if not nfc(reason):
        raise TitleError("Lý do trả lại: chưa nhập.")
    return _transition(
        c,
        State.RETURNED,
        actor=actor,
        on=on,
        action="returned_for_rework",
        reason=f"Trả lại để bình xét lại: {nfc(reason)}",
        resume_state=State.REGISTERED,
        proposal=None,
        notice=None,
    )
