"""Commendations (Giấy khen) for N consecutive years, within the cap: plan, propose, decide."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db import transaction

from vanhoa.accounts.permissions import Cap
from vanhoa.core import audit
from vanhoa.titles import facts
from vanhoa.titles.choices import RECOGNISED, CommendationStatus, DecisionKind, SubjectKind, TieBreak
from vanhoa.titles.models import Candidacy, Commendation, CommendationRule, Decision, TitleType
from vanhoa.titles.services.common import DECISION_FIELDS, TitleError, _record, _require, rule_set_for_year, title_type
from vanhoa.titles.services.decision import _decision
from vanhoa.units.models import Unit


@dataclass
class CommendationPlan:
    """The ranking behind a commendation proposal, for the officer to see before deciding."""

    rule: CommendationRule
    year: int
    eligible: int
    cap: int
    rows: list[facts.Ranked[Candidacy]]
    not_eligible: list[tuple[Candidacy, int]]

    @property
    def ties(self) -> list[facts.Ranked[Candidacy]]:
        return [r for r in self.rows if r.tie]


def _tie_key(rule: CommendationRule):  # type: ignore[no-untyped-def]
    if rule.tie_break == TieBreak.NAME:
        return lambda c: (c.sort_key, c.pk)
    return lambda c: (c.registered_on, c.pk)


def commendation_rule_for(tt: TitleType, ward: Unit, year: int) -> CommendationRule:
    rs = rule_set_for_year(tt, ward, year)
    rule = rs.commendation
    if rule is None:
        raise TitleError(
            f"Năm {year} áp dụng {rs.legal_short}: không có quy định tặng Giấy khen nhiều năm cho danh hiệu "
            f"«{tt.name}»."
        )
    return rule


def plan_commendations(
    *,
    title: TitleType | str,
    ward: Unit,
    year: int,
    votes: Mapping[int, int] | None = None,
    proposed: Iterable[int] | None = None,
) -> CommendationPlan:
    """Who is eligible (N consecutive years up to `year`), the cap (15% of the eligible, rounded as set), and
    the ranking of the proposed ones by votes for (default: the year's review votes), ties shown."""
    tt = title_type(title)
    rule = commendation_rule_for(tt, ward, year)
    scope = facts.lineage_ids(ward.pk)
    base = Candidacy.objects.filter(title_type=tt, year=year, ward__in=scope, state__in=RECOGNISED).select_related(
        "review_entry__meeting"
    )
    cands = list(base)
    if tt.subject_kind == SubjectKind.HOUSEHOLD:
        household_ids = [c.household_id for c in cands if c.household_id is not None]
        streaks = facts.streaks_for_households(household_ids, year)
        streak_of = {c.pk: streaks[c.household_id] for c in cands if c.household_id is not None}
    else:
        streak_of = {c.pk: facts.streak(c.subject, year) for c in cands}
    eligible = [c for c in cands if streak_of[c.pk] >= rule.after_consecutive_years]
    cap = facts.cap_count(len(eligible), rule.cap_pct, rule.cap_rounding)
    chosen = set(proposed) if proposed is not None else {c.pk for c in eligible}
    pool = [c for c in eligible if c.pk in chosen]

    def vote_of(c: Candidacy) -> int:
        if votes is not None and c.pk in votes:
            return int(votes[c.pk])
        e = c.review_entry
        return (e.effective_votes_for() or 0) if e is not None else 0

    rows = facts.rank_for_cap(pool, cap, votes=vote_of, tie_key=_tie_key(rule))
    eligible_ids = {c.pk for c in eligible}
    not_eligible = [(c, streak_of[c.pk]) for c in cands if c.pk in chosen and c.pk not in eligible_ids]
    return CommendationPlan(rule, year, len(eligible), cap, rows, not_eligible)


@transaction.atomic
def propose_commendations(
    *,
    actor: Any,
    title: TitleType | str,
    ward: Unit,
    year: int,
    votes: Mapping[int, int] | None = None,
    proposed: Iterable[int] | None = None,
) -> CommendationPlan:
    """Store the ranking as the year's commendation proposal (replacing an undecided earlier one)."""
    _require(actor, Cap.TITLES_REVIEW, ward, "đề nghị khen thưởng")
    plan = plan_commendations(title=title, ward=ward, year=year, votes=votes, proposed=proposed)
    old = Commendation.objects.filter(rule=plan.rule, year=year, ward__in=facts.lineage_ids(ward.pk))
    if old.filter(decision__isnull=False).exists():
        raise TitleError(f"Đã có quyết định tặng {plan.rule.name} năm {year}; không đề nghị lại được.")
    old.delete()
    n = plan.rule.after_consecutive_years
    rows = [
        Commendation(
            rule=plan.rule,
            year=year,
            candidacy=r.item,
            unit=r.item.unit,
            ward=r.item.ward,
            streak=n,
            window_from=year - n + 1,
            window_to=year,
            votes_for=r.votes,
            rank=r.rank,
            tie=r.tie,
            status=CommendationStatus.WITHIN_CAP if r.within_cap else CommendationStatus.OVER_CAP,
        )
        for r in plan.rows
    ]
    Commendation.objects.bulk_create(rows)
    audit.record(
        actor,
        "titles.commendation.proposed",
        ward,
        unit=ward,
        extra={
            "rule": plan.rule.code,
            "year": year,
            "eligible": plan.eligible,
            "cap": plan.cap,
            "proposed": len(rows),
            "within_cap": sum(r.within_cap for r in plan.rows),
            "ties": len(plan.ties),
        },
    )
    return plan


@transaction.atomic
def issue_commendation_decision(
    *,
    actor: Any,
    title: TitleType | str,
    ward: Unit,
    year: int,
    number: str,
    signed_on: date,
    signer_name: str,
    symbol: str = "QĐ-UBND",
) -> Decision:
    """The decision giving the Giấy khen to those within the cap; their streak restarts afterwards."""
    tt = title_type(title)
    _require(actor, Cap.TITLES_DECIDE, ward, "quyết định khen thưởng")
    rule = commendation_rule_for(tt, ward, year)
    rows = list(
        Commendation.objects.select_for_update()
        .filter(
            rule=rule,
            year=year,
            ward__in=facts.lineage_ids(ward.pk),
            status=CommendationStatus.WITHIN_CAP,
            decision__isnull=True,
        )
        .select_related("candidacy")
    )
    if not rows:
        raise TitleError(f"Chưa có danh sách đề nghị tặng {rule.name} năm {year}.")
    decision = _decision(
        kind=DecisionKind.COMMENDATION,
        tt=tt,
        rs=rule.rule_set,
        year=year,
        ward=rows[0].ward,
        number=number,
        symbol=symbol,
        signed_on=signed_on,
        signer_name=signer_name,
        signing_authority="",
        proposer="Ban Chỉ đạo phong trào “Toàn dân đoàn kết xây dựng đời sống văn hóa” phường",
        level=rule.decider_level,
        position=rule.decider_position,
        actor=actor,
    )
    _record(
        actor,
        "titles.decision.issued",
        decision,
        None,
        DECISION_FIELDS,
        decision.ward,
        extra={"commendations": len(rows)},
    )
    for row in rows:
        before = {"status": row.status, "decision": None}
        row.status = CommendationStatus.AWARDED
        row.decision = decision
        row.save()
        audit.record(
            actor,
            "titles.commendation.awarded",
            row,
            before=before,
            after={"status": row.status, "decision": str(decision)},
            unit=row.unit,
        )
    return decision
