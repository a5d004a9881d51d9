"""The decision: recognition with its annex list, certificates, publishing the list, revocation; and carrying a
split household's streak.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any

from django.db import transaction

from vanhoa.accounts.permissions import Cap
from vanhoa.core import audit
from vanhoa.core.text import format_date, nfc
from vanhoa.documents import register
from vanhoa.registry.models import Household
from vanhoa.titles import facts
from vanhoa.titles.choices import RECOGNISED, AdminLevel, DecisionKind, ProposalStatus, Recognition, State
from vanhoa.titles.models import Candidacy, Decision, Proposal, RuleSet, StreakCarry, TitleType
from vanhoa.titles.services.common import (
    DECISION_FIELDS,
    PROPOSAL_FIELDS,
    Step,
    TitleError,
    _previous_step,
    _record,
    _require,
    _snap,
    _transition,
    _transition_all,
    decider_for,
    issuer_unit,
    title_type,
    unit_title,
)
from vanhoa.units.models import Unit


def _decision(
    *,
    kind: str,
    tt: TitleType,
    rs: RuleSet | None,
    year: int,
    ward: Unit,
    number: str,
    symbol: str,
    signed_on: date,
    signer_name: str,
    signing_authority: str,
    proposer: str,
    level: str,
    position: str,
    actor: Any,
) -> Decision:
    """Create the decision and give it its number from the issuer's register (the typed number, when the paper
    was numbered by hand, must be free there)."""
    signer_name = nfc(signer_name)
    if not signer_name or len(signer_name.split()) < 2:
        raise TitleError("Người ký: nhập đủ họ và tên.")
    issuer = issuer_unit(ward, level, signed_on)
    doc_type, _, series = symbol.partition("-")
    typed = nfc(str(number or "")).strip()
    try:
        given = register.parse_number(typed, symbol, "Số quyết định") if typed else None
    except register.RegisterError as exc:
        raise TitleError(str(exc)) from None
    decision = Decision.objects.create(
        kind=kind,
        title_type=tt,
        rule_set=rs,
        year=year,
        ward=ward,
        issuer_level=level,
        issuer_name=f"Ủy ban nhân dân {unit_title(issuer, signed_on)}",
        signer_position=f"{position.split(' Ủy ban')[0]} Ủy ban nhân dân {unit_title(issuer, signed_on)}",
        number="",
        symbol=symbol,
        signed_on=signed_on,
        signer_name=signer_name,
        signing_authority=nfc(signing_authority),
        proposer=nfc(proposer),
    )
    what_of: dict[str, str] = {
        DecisionKind.RECOGNITION: "công nhận",
        DecisionKind.REVOCATION: "thu hồi",
        DecisionKind.COMMENDATION: "tặng Giấy khen",
    }
    what = what_of.get(kind, "")
    summary = f"Quyết định {what} danh hiệu «{tt.name}» năm {year}"
    kw = {
        "issued_on": signed_on,
        "summary": summary,
        "actor": actor,
        "series": series or register.UBND,
        "signer": signer_name,
        "source": decision,
    }
    try:
        if given is None:
            entry = register.take_number(issuer, signed_on.year, doc_type, **kw)
        else:
            entry = register.record_number(issuer, signed_on.year, doc_type, given, **kw)
    except register.RegisterError as exc:
        raise TitleError(str(exc)) from None
    decision.number = str(entry.number)
    decision.save(update_fields=["number"])
    return decision


@transaction.atomic
def issue_decision(
    *,
    actor: Any,
    title: TitleType | str,
    year: int,
    ward: Unit,
    number: str,
    signed_on: date,
    signer_name: str,
    proposals: Sequence[Proposal] | None = None,
    excluded: Mapping[int, str] | None = None,
    symbol: str = "QĐ-UBND",
    signing_authority: str = "",
    proposer: str = "",
    renewal: bool | None = None,
) -> Decision:
    """Record the decision recognising the proposed candidates (the annex list); `excluded` maps candidacy ids
    the decider left out to a reason (they go back to the step before the proposal). Agencies: a decision either
    recognises for the first time or re-recognises (`renewal`, default: what the dossiers are for), each by its
    own decider (TT 08/2014 Điều 7)."""
    from vanhoa.titles.services.agencies import decision_scope

    _require(actor, Cap.TITLES_DECIDE, ward, "ra quyết định công nhận")
    tt = title_type(title)
    proposals = _proposals_to_decide(tt, year, ward, proposals, signed_on)
    proposals, renewal = decision_scope(tt, proposals, renewal)
    candidacies = list(
        Candidacy.objects.select_for_update(of=("self",))
        .select_related("unit", "title_type", "rule_set")
        .filter(proposal__in=proposals, state=State.PROPOSED)
    )
    excluded = {int(k): nfc(v) for k, v in (excluded or {}).items()}
    if any(not v for v in excluded.values()):
        raise TitleError("Hồ sơ không được công nhận cần ghi lý do.")
    _refuse_blocked_by_inspections([c for c in candidacies if c.pk not in excluded])
    decider = decider_for(tt, signed_on, renewal=renewal)
    if decider is None:
        raise TitleError(f"Chưa có quy định ai quyết định danh hiệu «{tt.name}» vào ngày {format_date(signed_on)}.")
    decision = _decision(
        kind=DecisionKind.RECOGNITION,
        tt=tt,
        rs=candidacies[0].rule_set if candidacies else None,
        year=year,
        ward=proposals[0].ward,
        number=number,
        symbol=symbol,
        signed_on=signed_on,
        signer_name=signer_name,
        signing_authority=signing_authority,
        proposer=proposer or _default_proposer(tt, proposals, signed_on, renewal),
        level=decider.level,
        position=decider.position,
        actor=actor,
    )
    _record(
        actor,
        "titles.decision.issued",
        decision,
        None,
        DECISION_FIELDS,
        decision.ward,
        extra={"recognised": len(candidacies) - len(excluded), "excluded": len(excluded)},
    )
    _apply_decision(decision, candidacies, proposals, excluded, actor=actor)
    return decision


def _proposals_to_decide(
    tt: TitleType, year: int, ward: Unit, proposals: Sequence[Proposal] | None, signed_on: date
) -> list[Proposal]:
    """The dossiers the decision covers (default: every one waiting in the ward's lineage), each checked to be still
    waiting for this title and year and sent on or before the signing date."""
    scope = facts.lineage_ids(ward.pk)
    if proposals is None:
        proposals = list(
            Proposal.objects.filter(title_type=tt, year=year, ward__in=scope, status=ProposalStatus.SUBMITTED)
        )
    if not proposals:
        raise TitleError(f"Chưa có hồ sơ đề nghị nào chờ quyết định công nhận «{tt.name}» năm {year}.")
    for p in proposals:
        if p.status != ProposalStatus.SUBMITTED or p.title_type_id != tt.pk or p.year != year or p.ward_id not in scope:
            raise TitleError(f"{p} không còn chờ quyết định.")
        if signed_on < p.submitted_on:
            raise TitleError(
                f"Ngày ký ({format_date(signed_on)}) trước ngày gửi hồ sơ của {p.unit.name} "
                f"({format_date(p.submitted_on)})."
            )
    return list(proposals)


def _refuse_blocked_by_inspections(candidacies: Sequence[Candidacy]) -> None:
    """An open inspection finding on a candidate blocks its recognition (vanhoa.titles.inspections)."""
    from vanhoa.titles.inspections import blocking_flags

    blocked = blocking_flags(candidacies)
    if blocked:
        names = "; ".join(
            f"{c.subject_name} (kiểm tra {format_date(flags[0].inspection.date)}: {flags[0].reason})"
            for c in candidacies
            if (flags := blocked.get(c.pk))
        )
        raise TitleError(
            f"Kết quả kiểm tra đang chặn công nhận: {names}. Hãy xử lý xong kiến nghị kiểm tra, "
            "hoặc để các hồ sơ này ra ngoài quyết định và ghi lý do."
        )


def _apply_decision(
    decision: Decision,
    candidacies: Sequence[Candidacy],
    proposals: Sequence[Proposal],
    excluded: Mapping[int, str],
    *,
    actor: Any,
) -> None:
    """Each candidate becomes decided, or (left out) goes back to the step before the proposal; each dossier is
    decided."""
    steps = [
        Step(
            c,
            State.RETURNED,
            "not_recognised",
            f"Không được công nhận: {excluded[c.pk]}",
            {"resume_state": _previous_step(c), "proposal": None},
        )
        if c.pk in excluded
        else Step(c, State.DECIDED, "decided", changes={"decision": decision})
        for c in candidacies
    ]
    _transition_all(steps, actor=actor, on=decision.signed_on)
    for p in proposals:
        before = _snap(p, PROPOSAL_FIELDS)
        p.status = ProposalStatus.DECIDED
        p.decision = decision
        p.save()
        _record(actor, "titles.proposal.decided", p, before, PROPOSAL_FIELDS, p.unit)


def _default_proposer(tt: TitleType, proposals: Sequence[Proposal], on: date, renewal: bool = False) -> str:
    from vanhoa.titles import wording

    decider = decider_for(tt, on, renewal=renewal)
    level = decider.level if decider else AdminLevel.COMMUNE
    return wording.proposer(tt.subject_kind, level, proposals[0].ward, on)


@transaction.atomic
def issue_certificates(decision: Decision, *, actor: Any, on: date) -> list[Candidacy]:
    """Number and date the certificates (Giấy công nhận) of a decision's list: decided → certified."""
    _require(actor, Cap.TITLES_DECIDE, decision.ward, "cấp giấy công nhận")
    decision = Decision.objects.select_for_update().get(pk=decision.pk)
    if on < decision.signed_on:
        raise TitleError("Ngày cấp giấy công nhận không được trước ngày ký quyết định.")
    todo = list(
        decision.candidacies.select_for_update(of=("self",))
        .select_related("unit", "title_type", "household", "group", "agency", "street", "commune")
        .filter(state=State.DECIDED)
        .order_by("review_unit__order", "sort_key", "pk")
    )
    if not todo:
        raise TitleError("Mọi hộ trong quyết định đã được cấp giấy công nhận.")
    issuer = issuer_unit(decision.ward, decision.issuer_level, decision.signed_on)
    renewal = any(c.recognition == Recognition.RENEWAL for c in todo)  # TT 08/2014: the province's Bằng công nhận
    paper = "Bằng công nhận" if renewal else "Giấy công nhận"
    entries = register.take_numbers(
        issuer,
        on.year,
        "BCN" if renewal else "GCN",
        [f"{paper} «{c.title_name}» năm {c.year}: {c.subject_name}" for c in todo],
        issued_on=on,
        actor=actor,
        signer=decision.signer_name,
        source=decision,
    )
    steps = [
        Step(c, State.CERTIFIED, "certified", changes={"certificate_number": entry.number_text, "certified_on": on})
        for c, entry in zip(todo, entries, strict=True)
    ]
    return _transition_all(steps, actor=actor, on=on)


@transaction.atomic
def publish_list(decision: Decision, *, actor: Any, on: date, place: str) -> Decision:
    """Publish the list of recognised subjects (NĐ 86/2023: within 15 days of the decision)."""
    _require(actor, Cap.TITLES_DECIDE, decision.ward, "công bố danh sách")
    decision = Decision.objects.select_for_update().get(pk=decision.pk)
    if on < decision.signed_on:
        raise TitleError("Ngày công bố không được trước ngày ký quyết định.")
    if not nfc(place):
        raise TitleError("Nơi công bố: chưa nhập (bảng tin, trang thông tin điện tử …).")
    before = _snap(decision, DECISION_FIELDS)
    decision.published_on = on
    decision.publish_place = nfc(place)
    decision.save()
    _record(actor, "titles.decision.published", decision, before, DECISION_FIELDS, decision.ward)
    return decision


@transaction.atomic
def revoke_title(
    candidacy: Candidacy, *, actor: Any, on: date, reason: str, number: str, signer_name: str, symbol: str = "QĐ-UBND"
) -> Candidacy:
    """Withdraw a granted title by a decision (number, date, signer), with the reason."""
    _require(actor, Cap.TITLES_DECIDE, candidacy.ward, "thu hồi danh hiệu")
    c = Candidacy.objects.select_for_update().get(pk=candidacy.pk)
    if c.state not in RECOGNISED:
        raise TitleError(f"{c.subject_name}: chỉ thu hồi được danh hiệu đã công nhận.")
    if not nfc(reason):
        raise TitleError("Lý do thu hồi: chưa nhập.")
    if c.decision and on < c.decision.signed_on:
        raise TitleError("Ngày thu hồi không được trước ngày quyết định công nhận.")
    decider = decider_for(c.title_type, on) or decider_for(c.title_type, c.decision.signed_on if c.decision else on)
    if decider is None:
        raise TitleError("Chưa có quy định thẩm quyền quyết định.")
    decision = _decision(
        kind=DecisionKind.REVOCATION,
        tt=c.title_type,
        rs=c.rule_set,
        year=c.year,
        ward=c.ward,
        number=number,
        symbol=symbol,
        signed_on=on,
        signer_name=signer_name,
        signing_authority="",
        proposer="",
        level=decider.level,
        position=decider.position,
        actor=actor,
    )
    decision.note = nfc(reason)
    decision.save()
    _record(actor, "titles.decision.issued", decision, None, DECISION_FIELDS, c.ward, extra={"revokes": str(c)})
    return _transition(
        c, State.REVOKED, actor=actor, on=on, action="revoked", reason=reason, revoked_on=on, revoke_decision=decision
    )


@transaction.atomic
def carry_streak(household: Household, *, actor: Any, reason: str, on: date) -> StreakCarry:
    """Let a household formed by a split keep its origin's consecutive years (by default it starts at 0)."""
    _require(actor, Cap.TITLES_REVIEW, household.group, "tính kế thừa số năm liên tục")
    source = household.origin
    if source is None or not household.is_active:
        raise TitleError(f"Hộ {household.head_name} không phải hộ được tách ra từ một hộ khác.")
    if not nfc(reason):
        raise TitleError("Lý do: chưa nhập.")
    if StreakCarry.objects.filter(household=household).exists():
        raise TitleError(f"Hộ {household.head_name} đã được tính kế thừa số năm liên tục.")
    split_year = (household.since or on).year
    carry = StreakCarry.objects.create(
        household=household,
        source=source,
        up_to_year=split_year - 1,
        reason=nfc(reason),
        decided_on=on,
        unit=household.group,
    )
    audit.record(
        actor,
        "titles.streak.carried",
        carry,
        after={"source": str(source), "up_to_year": split_year - 1},
        unit=household.group,
        note=nfc(reason),
    )
    return carry
