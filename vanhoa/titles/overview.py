"""What the title pages read: the groups and communes of a year, counts by state, the next step, the legal
deadlines of a cycle, who has not registered yet. Changes nothing.

Reads are in bulk: one query for the counts of every group (or every title × commune), the rule sets in force
for all groups at once, names and dates of units from the unit graph (vanhoa.units.tree), so a page costs the
same for 3 groups as for 30.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db.models import Q, QuerySet

from vanhoa.accounts.permissions import Cap, has_cap, scope_unit_ids
from vanhoa.registry.models import Agency, Street
from vanhoa.titles import facts, figures
from vanhoa.titles.choices import RECOGNISED, MeetingStatus, ProposalStatus, State, SubjectKind
from vanhoa.titles.models import (
    Candidacy,
    CommendationRule,
    Decision,
    Proposal,
    PublicNotice,
    ReviewMeeting,
    RuleSet,
    TitleType,
)
from vanhoa.titles.services import describe, ready_for_proposal, review_season, reviewable, rule_sets_or_none
from vanhoa.units.choices import UnitKind
from vanhoa.units.models import Unit
from vanhoa.units.tree import get_graph

# --------------------------------------------------------------------------- units of a year


def _visible(user: Any, ids: Iterable[int]) -> list[int]:
    visible = scope_unit_ids(user, Cap.TITLES_VIEW)
    return [i for i in ids if visible is None or i in visible]


def groups_for_year(user: Any, ward: Unit | None, year: int) -> list[Unit]:
    """The ward's residential groups (its own and its predecessors') that existed at some time in the year and
    that the user may see, in the ward's order."""
    if ward is None:
        return []
    ids = _visible(user, get_graph().covered_active_in(ward.pk, year, UnitKind.GROUP))
    return list(Unit.objects.filter(pk__in=ids).order_by("order", "sort_key"))


def wards_for_year(user: Any, ward: Unit | None, year: int) -> list[Unit]:
    """The commune(s) of the time running the year's ward-level reviews: those existing in the review season
    (1 November), within the work ward's lineage and the user's scope."""
    if ward is None:
        return []
    ids = _visible(user, get_graph().covered_active_on(ward.pk, review_season(year), UnitKind.COMMUNE))
    return list(Unit.objects.filter(pk__in=ids).order_by("sort_key"))


# --------------------------------------------------------------------------- counts and the next step


def next_step(counts: Counter[str], rule_set: RuleSet | None) -> str:
    """What a review unit's cycle waits for, from its candidacies' states (earliest pending step first)."""
    if not counts:
        return "Chưa đăng ký"
    if counts[State.REGISTERED] or counts[State.SELF_ASSESSED]:
        return "Chờ họp bình xét"
    if counts[State.RETURNED]:
        return "Có hồ sơ bị trả lại"
    if counts[State.REVIEWED]:
        return "Chờ niêm yết" if rule_set is not None and rule_set.has_public_notice else "Chờ gửi hồ sơ đề nghị"
    if counts[State.ON_NOTICE]:
        return "Đang niêm yết / chờ gửi hồ sơ"
    if counts[State.PROPOSED]:
        return "Chờ quyết định công nhận"
    if counts[State.DECIDED]:
        return "Chờ cấp giấy công nhận"
    return "Hoàn thành"


def state_counts(titles: Sequence[TitleType], year: int, units: Sequence[Unit]) -> dict[tuple[int, int], Counter[str]]:
    """(title type id, review unit id) -> Counter of candidacy states, in one query. Missing pairs count nothing."""
    out: dict[tuple[int, int], Counter[str]] = defaultdict(Counter)
    rows = Candidacy.objects.filter(title_type__in=titles, year=year, review_unit__in=units).values_list(
        "title_type_id", "review_unit_id", "state"
    )
    for title_id, unit_id, state in rows:
        out[(title_id, unit_id)][state] += 1
    return out


@dataclass
class GroupRow:
    """One group's line on the titles home page ("Gia đình văn hóa")."""

    group: Unit
    name: str
    counts: Counter[str]
    rate: figures.HouseholdCount
    next: str


def group_rows(title_type: TitleType, groups: Sequence[Unit], year: int) -> list[GroupRow]:
    """Each group's counts of candidacies (by its review unit), its households on the as-of date (vanhoa.titles
    .figures: the one definition) and the next step for a household title (names of the review season)."""
    season = review_season(year)
    graph = get_graph()
    counts = state_counts([title_type], year, groups)
    rates = figures.Records(year, None, groups).group_lines(g.pk for g in groups)
    rule_sets = rule_sets_or_none(title_type, groups, season)
    rows = []
    for g in groups:
        c = counts[(title_type.pk, g.pk)]
        rows.append(GroupRow(g, graph.name_on(g.pk, season), c, rates[g.pk], next_step(c, rule_sets[g.pk])))
    return rows


def total_rate(rows: Sequence[GroupRow]) -> figures.HouseholdCount:
    """The ward's line: the groups' households added up."""
    return sum((r.rate for r in rows), figures.HouseholdCount())


@dataclass
class WardRow:
    """One (title, commune) line of the ward-level titles: groups, agencies, streets."""

    title: TitleType
    ward: Unit
    counts: Counter[str]
    total: int
    recognised: int
    next: str


def ward_rows(wards: Sequence[Unit], year: int) -> list[WardRow]:
    """Every active ward-level title at every commune of the year; a predecessor commune without groups and
    without candidacies (the system holds no data for it) is left out."""
    titles = list(TitleType.objects.filter(active=True).exclude(subject_kind=SubjectKind.HOUSEHOLD))
    graph = get_graph()
    season = review_season(year)
    counts = state_counts(titles, year, wards)
    with_groups = {w.pk for w in wards if graph.has_children(w.pk, UnitKind.GROUP)}
    records = figures.Records(year, None, wards)  # recognised: the one definition (as of 31/12, or today)
    rows = []
    for tt in titles:
        rule_sets = rule_sets_or_none(tt, wards, season)
        for w in wards:
            c = counts[(tt.pk, w.pk)]
            if not c and w.pk not in with_groups:
                continue
            held = records.recognised_of(tt.code, w.pk)
            recognised = held[0] if held is not None else c[State.DECIDED] + c[State.CERTIFIED]
            rows.append(WardRow(tt, w, c, sum(c.values()), recognised, next_step(c, rule_sets[w.pk])))
    return rows


@dataclass
class HomeOverview:
    """Everything the titles home page shows for a user, a work ward and a year."""

    year: int
    household_title: TitleType
    groups: list[GroupRow]
    total: figures.HouseholdCount
    ward_rows: list[WardRow]
    decisions: QuerySet[Decision]
    pending: list[Proposal]
    pending_titles: list[TitleType]
    can_decide: bool
    commendation: CommendationRule | None
    ward_view: bool
    on: date | None = None  # the as-of date of the households figures
    definitions: list[tuple[str, str]] = field(default_factory=list)  # what each figure counts


def home(user: Any, ward: Unit | None, year: int, gdvh: TitleType) -> HomeOverview:
    """The household title's groups, the ward-level titles, the year's decisions and the dossiers waiting for one,
    as `user` may see them for the work ward."""
    rows = group_rows(gdvh, groups_for_year(user, ward, year), year)
    wards = wards_for_year(user, ward, year)
    scope = facts.lineage_ids(ward.pk) if ward else frozenset()
    decisions = Decision.objects.visible_to(user, Cap.TITLES_VIEW).filter(year=year, ward__in=scope)
    pending = list(
        Proposal.objects.visible_to(user, Cap.TITLES_VIEW)
        .filter(year=year, ward__in=scope, status=ProposalStatus.SUBMITTED)
        .select_related("unit", "title_type")
    )
    commendation = None
    if ward is not None and wards:
        rule_set = rule_sets_or_none(gdvh, wards[:1], review_season(year))[wards[0].pk]
        commendation = rule_set.commendation if rule_set else None
    return HomeOverview(
        year=year,
        household_title=gdvh,
        groups=rows,
        total=total_rate(rows),
        on=figures.as_of(year),
        definitions=figures.definitions(
            figures.HOUSEHOLD_KEYS, year, figures.as_of(year), decisions.filter(title_type=gdvh)
        ),
        ward_rows=ward_rows(wards, year),
        decisions=decisions,
        pending=pending,
        pending_titles=sorted({p.title_type.code: p.title_type for p in pending}.values(), key=lambda t: t.order),
        can_decide=ward is not None and any(has_cap(user, Cap.TITLES_DECIDE, w) for w in [ward, *wards]),
        commendation=commendation,
        ward_view=ward is not None and has_cap(user, Cap.TITLES_VIEW, ward),
    )


# --------------------------------------------------------------------------- one cycle


def last_year_results(title_type: TitleType, year: int, keys: Iterable[str]) -> dict[str, str]:
    """subject key -> "Đạt" / "Không đạt" / "Rút" for the year before (what the meeting weighs)."""
    out = {}
    for key, state in Candidacy.objects.filter(
        title_type=title_type, year=year - 1, subject_key__in=list(keys)
    ).values_list("subject_key", "state"):
        out[key] = "Đạt" if state in RECOGNISED else ("Không đạt" if state != State.WITHDRAWN else "Rút")
    return out


def eligible_subjects(title_type: TitleType, unit: Unit, year: int) -> list[Any]:
    """Who can register for a title at a review unit in a year: the group's resident households, the commune's
    groups of the time, or the agencies / streets reviewed there."""
    season = review_season(year)
    if title_type.subject_kind == SubjectKind.HOUSEHOLD:
        return list(facts.residents([unit.pk], season).order_by("head_sort_key", "pk"))
    graph = get_graph()
    if title_type.subject_kind == SubjectKind.GROUP:
        ids = graph.covered_active_in(unit.pk, year, UnitKind.GROUP)
        groups = Unit.objects.filter(pk__in=ids).order_by("order", "sort_key")
        return [g for g in groups if graph.nodes[g.pk].active_on(season)]
    near = set(graph.covered(unit.pk)) | graph.current(unit.pk)
    group_ids = [uid for uid in near if graph.nodes[uid].kind == UnitKind.GROUP]
    if title_type.subject_kind == SubjectKind.AGENCY:
        qs: Any = Agency.objects.filter(Q(ward__in=near) | Q(group__in=group_ids), active=True).distinct()
    elif title_type.subject_kind == SubjectKind.STREET:
        qs = Street.objects.filter(Q(ward__in=near) | Q(groups__in=group_ids), active=True).distinct()
    else:
        return []
    return [obj for obj in qs if describe(obj, year, season).review_unit == unit]


def unregistered(title_type: TitleType, unit: Unit, year: int, candidacies: Iterable[Candidacy]) -> list[Any]:
    """The eligible subjects without a candidacy for the title that year."""
    done = {c.subject_key for c in candidacies}
    subjects = eligible_subjects(title_type, unit, year)
    if title_type.subject_kind == SubjectKind.HOUSEHOLD:
        return [h for h in subjects if f"household:{h.pk}" not in done]
    season = review_season(year)
    return [s for s in subjects if describe(s, year, season).key not in done]


def cycle_deadlines(
    rule_set: RuleSet,
    year: int,
    meetings: Sequence[ReviewMeeting],
    notices: Sequence[PublicNotice],
    proposals: Sequence[Proposal],
) -> list[facts.Deadline]:
    """The legal deadlines of a cycle, in order: review cut-off, filing after the meeting, each notice's end,
    each dossier's decision (returned dossiers have none)."""
    out = []
    held = [m.held_on for m in meetings if m.status == MeetingStatus.SUBMITTED and m.held_on]
    cutoff = facts.cutoff_deadline(rule_set, year, held[0] if held else None)
    if cutoff:
        out.append(cutoff)
    if held:
        first_sent = min((p.submitted_on for p in proposals), default=None)
        filing = facts.filing_deadline(rule_set, held[-1], first_sent)
        if filing:
            out.append(filing)
    out.extend(facts.notice_deadline(n) for n in notices)
    for p in proposals:
        d = facts.decision_deadline(rule_set, p.complete_on, p.decision.signed_on if p.decision is not None else None)
        if d and p.status != ProposalStatus.RETURNED:
            out.append(d)
    return out


@dataclass
class CandidacyRow:
    candidacy: Candidacy
    last: str
    streak: int | None


@dataclass
class CycleOverview:
    """One title's cycle at one review unit in one year: what the cycle page shows."""

    title_type: TitleType
    unit: Unit
    year: int
    unit_name: str
    rule_set: RuleSet | None
    rows: list[CandidacyRow]
    counts: Counter[str]
    meetings: list[ReviewMeeting]
    notices: list[PublicNotice]
    proposals: list[Proposal]
    waiting: int
    unregistered: list[Any]
    ready: int
    deadlines: list[facts.Deadline] = field(default_factory=list)
    rate: figures.HouseholdCount | None = None
    definitions: list[tuple[str, str]] = field(default_factory=list)

    @property
    def total(self) -> int:
        return len(self.rows)

    @property
    def draft(self) -> ReviewMeeting | None:
        return next((m for m in self.meetings if m.status == MeetingStatus.DRAFT), None)

    @property
    def open_notice(self) -> PublicNotice | None:
        return next((n for n in self.notices if n.closed_on is None), None)

    @property
    def next(self) -> str:
        return next_step(self.counts, self.rule_set)


def cycle(title_type: TitleType, unit: Unit, year: int) -> CycleOverview:
    """The candidacies (with last year's result and the streak so far), meetings, notices, dossiers, deadlines."""
    season = review_season(year)
    cands = list(
        Candidacy.objects.filter(title_type=title_type, year=year, review_unit=unit)
        .select_related("review_entry", "decision", "household", "rule_set")
        .order_by("sort_key", "pk")
    )
    rule_set = cands[0].rule_set if cands else rule_sets_or_none(title_type, [unit], season)[unit.pk]
    households = title_type.subject_kind == SubjectKind.HOUSEHOLD
    last = last_year_results(title_type, year, [c.subject_key for c in cands])
    # consecutive years up to the year before: what the meeting weighs
    household_ids = [c.household_id for c in cands if c.household_id is not None]
    streaks = facts.streaks_for_households(household_ids, year - 1) if households else {}
    meetings = list(ReviewMeeting.objects.filter(title_type=title_type, year=year, unit=unit).order_by("held_on", "pk"))
    notices = list(PublicNotice.objects.filter(title_type=title_type, year=year, unit=unit))
    proposals = list(Proposal.objects.filter(title_type=title_type, year=year, unit=unit).select_related("decision"))
    return CycleOverview(
        title_type=title_type,
        unit=unit,
        year=year,
        unit_name=get_graph().name_on(unit.pk, season),
        rule_set=rule_set,
        rows=[CandidacyRow(c, last.get(c.subject_key, "–"), streaks.get(c.household_id or 0)) for c in cands],
        counts=Counter(c.state for c in cands),
        meetings=meetings,
        notices=notices,
        proposals=proposals,
        waiting=reviewable(title_type, year, unit).count(),
        unregistered=unregistered(title_type, unit, year, cands),
        ready=len(ready_for_proposal(title_type, year, unit)),
        deadlines=cycle_deadlines(rule_set, year, meetings, notices, proposals) if rule_set else [],
        rate=figures.household_figures(unit, year) if households else None,
        definitions=figures.definitions(
            figures.HOUSEHOLD_KEYS, year, figures.as_of(year), [p.decision for p in proposals if p.decision_id]
        )
        if households
        else [],
    )
