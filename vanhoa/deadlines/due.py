"""What is due, for one person: every dated duty their roles own, in one list ("Việc cần làm").

* Review before the cut-off (NĐ 86/2023: before 25/11) for each group (Gia đình văn hóa) and each commune
  (ward-level titles) of the current year without submitted minutes: owned by who may review there
  (Cap.TITLES_REVIEW); "Đăng ký và họp bình xét" when nobody has registered yet.
* Sending the dossier after the meeting (NĐ 122/2018: 3 working days), for reviewed candidacies not yet sent.
* The end of each open public notice (it is closed the day after its last day).
* The decision on each complete dossier waiting for one (NĐ 122/2018: 5 working days; NĐ 86/2023: 10 days),
  owned by who decides (Cap.TITLES_DECIDE on the ward); publishing the recognised list within 15 days of the
  decision (NĐ 86/2023).
* Plan activities of this month and those overdue: of the plans the user changes (Cap.PLANS_CHANGE) or leads.
* Corrections required by an inspection, with their deadline, not yet done (Cap.ACTIVITIES_CHANGE).
* Reports due by the date the unit above set (vanhoa.reports.models.ReportDueDate), not sent yet: sending them
  (Cap.REPORTS_CHANGE on the ward), and for the unit above (Cap.REPORTS_RECEIVE) the wards that have not sent.

Every date comes from vanhoa.titles.facts (working days: one vanhoa.titles.workdays.Calendar read once), today
from the one clock (vanhoa.core.clock). Reads are in bulk: the number of queries does not grow with the number of
groups, notices, dossiers, activities or findings.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.db.models import Max, Prefetch, Q
from django.urls import reverse

from vanhoa.accounts.permissions import Cap, scope_unit_ids
from vanhoa.core import clock
from vanhoa.core.text import format_date
from vanhoa.titles import facts, workdays
from vanhoa.titles.choices import DecisionKind, MeetingStatus, ProposalStatus, State, SubjectKind
from vanhoa.titles.models import Candidacy, Decision, Proposal, PublicNotice, ReviewMeeting, RuleSet, TitleType
from vanhoa.titles.services import review_season, rule_sets_or_none
from vanhoa.units.choices import UnitKind
from vanhoa.units.models import Unit
from vanhoa.units.tree import get_graph

# Kinds of item (stable codes: the digest and the calendar feed use them as identifiers).
REVIEW = "review"
FILING = "filing"
NOTICE = "notice"
DECISION = "decision"
PUBLISH = "publish"
ACTIVITY = "activity"
CORRECTION = "correction"
REPORT = "report"
REPORT_WAIT = "report-wait"


@dataclass(frozen=True)
class DueItem:
    """One dated duty: what, where, by when, where it is done and on what legal basis."""

    kind: str
    label: str
    place: str
    due: date
    url: str
    source: str = ""
    before: bool = False  # printed "trước ngày <due + 1>"
    key: str = ""  # stable identifier (calendar feed UID)
    year: int | None = None  # the cycle's or plan's year
    unit_id: int | None = None  # where it is done (group, commune)

    def days_left(self, today: date) -> int:
        return (self.due - today).days

    def is_overdue(self, today: date) -> bool:
        return today > self.due

    def status_text(self, today: date) -> str:
        """ "quá hạn 12 ngày", "đến hạn hôm nay", "còn 3 ngày"."""
        left = self.days_left(today)
        if left < 0:
            return f"quá hạn {-left} ngày"
        if left == 0:
            return "đến hạn hôm nay"
        return f"còn {left} ngày"

    @property
    def due_text(self) -> str:
        if self.before:
            return f"trước ngày {format_date(self.due + timedelta(days=1))}"
        return f"hạn {format_date(self.due)}"


def _in(ids: frozenset[int] | None, unit_id: int | None) -> bool:
    return ids is None or unit_id in ids


def _cycle_url(title: TitleType | str, unit_id: int, year: int) -> str:
    code = title if isinstance(title, str) else title.code
    return reverse("titles-cycle", kwargs={"title": code, "unit": unit_id}) + f"?nam={year}"


class _Reader:
    """The user's scopes and the shared lookups of one computation."""

    def __init__(self, user: Any, today: date, year: int | None = None) -> None:
        self.user = user
        self.today = today
        self.year = year or today.year  # the year whose review before the cut-off is due
        self.review = scope_unit_ids(user, Cap.TITLES_REVIEW)
        self.decide = scope_unit_ids(user, Cap.TITLES_DECIDE)
        self.graph = get_graph()
        self.titles = {t.pk: t for t in TitleType.objects.all()}
        self._calendar: workdays.Calendar | None = None

    def calendar(self) -> workdays.Calendar:
        if self._calendar is None:  # one read of the day swaps, from 2018 (the first rules) to next year
            self._calendar = workdays.Calendar(2018, self.today.year + 1)
        return self._calendar

    def name(self, unit_id: int, on: date) -> str:
        return self.graph.name_on(unit_id, on)


# --------------------------------------------------------------------------- review before the cut-off


def _review_units(r: _Reader, season: date) -> tuple[list[Unit], list[Unit]]:
    """The groups and communes existing in the review season that the user may review in."""
    if r.review is not None and not r.review:
        return [], []
    qs = Unit.objects.filter(kind__in=[UnitKind.GROUP, UnitKind.COMMUNE])
    qs = qs.filter(
        Q(valid_from__isnull=True) | Q(valid_from__lte=season), Q(valid_to__isnull=True) | Q(valid_to__gte=season)
    )
    if r.review is not None:
        qs = qs.filter(pk__in=r.review)
    units = list(qs.order_by("order", "sort_key"))
    return [u for u in units if u.kind == UnitKind.GROUP], [u for u in units if u.kind == UnitKind.COMMUNE]


def review_items(r: _Reader) -> list[DueItem]:
    """The year's meetings still to hold before the cut-off, per (title, review unit)."""
    year = r.year
    season = review_season(year)
    groups, communes = _review_units(r, season)
    if not groups and not communes:
        return []
    pairs: list[tuple[TitleType, Unit, RuleSet]] = []
    for tt in sorted(r.titles.values(), key=lambda t: t.order):
        if not tt.active:
            continue
        units = groups if tt.subject_kind == SubjectKind.HOUSEHOLD else communes
        if tt.subject_kind != SubjectKind.HOUSEHOLD:
            units = [c for c in communes if r.graph.has_children(c.pk, UnitKind.GROUP)]
        for unit_id, rs in rule_sets_or_none(tt, units, season).items():
            if rs is not None and rs.cutoff(year) is not None:
                pairs.append((tt, next(u for u in units if u.pk == unit_id), rs))
    if not pairs:
        return []
    unit_ids = {u.pk for _, u, _ in pairs}
    registered = set(
        Candidacy.objects.filter(year=year, review_unit__in=unit_ids)
        .exclude(state=State.WITHDRAWN)
        .values_list("title_type_id", "review_unit_id")
        .distinct()
    )
    held = set(
        ReviewMeeting.objects.filter(year=year, unit__in=unit_ids, status=MeetingStatus.SUBMITTED).values_list(
            "title_type_id", "unit_id"
        )
    )
    out = []
    for tt, unit, rs in pairs:
        if (tt.pk, unit.pk) in held:
            continue
        deadline = facts.cutoff_deadline(rs, year)
        if deadline is None or deadline.due is None:
            continue
        what = "Họp bình xét" if (tt.pk, unit.pk) in registered else "Đăng ký và họp bình xét"
        out.append(
            DueItem(
                REVIEW,
                f"{what} {tt.name} năm {year}",
                r.name(unit.pk, season),
                deadline.due,
                _cycle_url(tt, unit.pk, year),
                rs.cutoff_source,
                before=True,
                key=f"{REVIEW}-{tt.code}-{unit.pk}-{year}",
                year=year,
                unit_id=unit.pk,
            )
        )
    return out


# --------------------------------------------------------------------------- filing after the meeting


def filing_items(r: _Reader) -> list[DueItem]:
    """Reviewed candidacies (rules with a filing period) whose dossier has not been sent yet."""
    if r.review is not None and not r.review:
        return []
    qs = Candidacy.objects.filter(state=State.REVIEWED, rule_set__file_days__isnull=False)
    if r.review is not None:
        qs = qs.filter(review_unit__in=r.review)
    waiting = set(qs.values_list("title_type_id", "review_unit_id", "year", "rule_set_id").distinct())
    if not waiting:
        return []
    rule_sets = RuleSet.objects.in_bulk({w[3] for w in waiting})
    held = {
        (t, u, y): d
        for t, u, y, d in ReviewMeeting.objects.filter(
            status=MeetingStatus.SUBMITTED, unit__in={w[1] for w in waiting}, held_on__isnull=False
        )
        .values("title_type_id", "unit_id", "year")
        .annotate(last=Max("held_on"))
        .values_list("title_type_id", "unit_id", "year", "last")
    }
    out = []
    for title_id, unit_id, year, rs_id in sorted(waiting):
        met = held.get((title_id, unit_id, year))
        deadline = facts.filing_deadline(rule_sets[rs_id], met, None, r.calendar())
        if deadline is None or deadline.due is None:
            continue
        tt = r.titles[title_id]
        out.append(
            DueItem(
                FILING,
                f"Gửi hồ sơ đề nghị công nhận {tt.name} năm {year}",
                r.name(unit_id, met),
                deadline.due,
                _cycle_url(tt, unit_id, year),
                rule_sets[rs_id].deadline_source,
                key=f"{FILING}-{tt.code}-{unit_id}-{year}",
                year=year,
                unit_id=unit_id,
            )
        )
    return out


# --------------------------------------------------------------------------- notices, decisions, publication


def notice_items(r: _Reader) -> list[DueItem]:
    """Open public notices: closed (and their opinions settled) the day after their last day."""
    if r.review is not None and not r.review:
        return []
    qs = PublicNotice.objects.filter(closed_on__isnull=True)
    if r.review is not None:
        qs = qs.filter(unit__in=r.review)
    out = []
    for n in qs:
        deadline = facts.notice_deadline(n)
        tt = r.titles[n.title_type_id]
        out.append(
            DueItem(
                NOTICE,
                f"Kết thúc niêm yết, tổng hợp ý kiến ({tt.name} năm {n.year}; "
                f"niêm yết đến hết {format_date(n.ends_on)})",
                r.name(n.unit_id, n.opened_on),
                deadline.due,  # type: ignore[arg-type]
                reverse("titles-notice", kwargs={"pk": n.pk}),
                "",
                key=f"{NOTICE}-{n.pk}",
                year=n.year,
                unit_id=n.unit_id,
            )
        )
    return out


def decision_items(r: _Reader) -> list[DueItem]:
    """Complete dossiers waiting for a decision, owned by who decides on their ward."""
    if r.decide is not None and not r.decide:
        return []
    qs = Proposal.objects.filter(status=ProposalStatus.SUBMITTED, complete_on__isnull=False)
    if r.decide is not None:
        qs = qs.filter(ward__in=r.decide)
    proposals = list(qs)
    if not proposals:
        return []
    rs_of = dict(Candidacy.objects.filter(proposal__in=proposals).values_list("proposal_id", "rule_set_id").distinct())
    rule_sets = RuleSet.objects.in_bulk(set(rs_of.values()))
    out = []
    for p in proposals:
        rs = rule_sets.get(rs_of.get(p.pk))  # type: ignore[arg-type]
        deadline = facts.decision_deadline(rs, p.complete_on, None, r.calendar()) if rs else None
        if deadline is None or deadline.due is None:
            continue
        tt = r.titles[p.title_type_id]
        out.append(
            DueItem(
                DECISION,
                f"Ra quyết định công nhận {tt.name} năm {p.year} (hồ sơ đủ ngày {format_date(p.complete_on)})",  # type: ignore[arg-type]
                r.name(p.unit_id, p.submitted_on),
                deadline.due,
                reverse("titles-proposal", kwargs={"pk": p.pk}),
                rs.deadline_source,  # type: ignore[union-attr]
                key=f"{DECISION}-{p.pk}",
                year=p.year,
                unit_id=p.unit_id,
            )
        )
    return out


def publish_items(r: _Reader) -> list[DueItem]:
    """Recognition decisions whose list is not published yet, under rules with a publication period."""
    if r.decide is not None and not r.decide:
        return []
    qs = Decision.objects.filter(
        kind=DecisionKind.RECOGNITION, published_on__isnull=True, rule_set__publish_days__isnull=False
    ).select_related("rule_set")
    if r.decide is not None:
        qs = qs.filter(ward__in=r.decide)
    out = []
    for d in qs:
        deadline = facts.publish_deadline(d.rule_set, d.signed_on)
        if deadline is None or deadline.due is None:
            continue
        out.append(
            DueItem(
                PUBLISH,
                f"Công bố danh sách được công nhận theo Quyết định số {d.number_text}",
                r.name(d.ward_id, d.signed_on),
                deadline.due,
                reverse("titles-decision", kwargs={"pk": d.pk}),
                d.rule_set.publish_source,  # type: ignore[union-attr]
                key=f"{PUBLISH}-{d.pk}",
                year=d.year,
                unit_id=d.ward_id,
            )
        )
    return out


# --------------------------------------------------------------------------- plans and inspections


def activity_items(r: _Reader) -> list[DueItem]:
    """Activities of this year's plans due this month or overdue, not done: of the plans the user may change, or
    led by one of the user's units (vanhoa.plans.access)."""
    from vanhoa.plans import access
    from vanhoa.plans.choices import ActivityStatus, PartyRole
    from vanhoa.plans.models import Activity, ActivityParty, Plan

    plans = Plan.objects.visible_to(r.user, Cap.PLANS_VIEW).filter(year=r.today.year)
    change = scope_unit_ids(r.user, Cap.PLANS_CHANGE)
    activities = (
        Activity.objects.filter(plan__in=plans)
        .exclude(status=ActivityStatus.DONE)
        .select_related("plan")
        .prefetch_related(Prefetch("parties", queryset=ActivityParty.objects.select_related("organisation")))
        .order_by("plan__ward_id", "order", "pk")
    )
    out = []
    month = r.today.month
    for a in activities:
        if not (_in(change, a.plan.ward_id) or PartyRole.LEAD in access.involvement(r.user, a)):
            continue
        end = a.window_end()
        if month not in a.months and not a.is_overdue(r.today):
            continue
        out.append(
            DueItem(
                ACTIVITY,
                f"Hoạt động kế hoạch: {a} ({a.timing_text})",
                r.name(a.plan.ward_id, r.today),
                end,
                reverse("activity-detail", kwargs={"pk": a.pk}),
                "",
                key=f"{ACTIVITY}-{a.pk}",
                year=a.plan.year,
                unit_id=a.plan.ward_id,
            )
        )
    return out


def correction_items(r: _Reader) -> list[DueItem]:
    """Failed criteria of an inspection with a correction and a deadline, not put right yet."""
    from vanhoa.activities.choices import FindingResult, FollowUp
    from vanhoa.activities.models import Finding

    qs = (
        Finding.objects.visible_to(r.user, Cap.ACTIVITIES_CHANGE)
        .filter(result=FindingResult.FAIL, deadline__isnull=False)
        .exclude(correction="")
        .exclude(followup=FollowUp.DONE)
        .select_related("inspection")
    )
    out = []
    for f in qs:
        text = f.correction if len(f.correction) <= 80 else f.correction[:77] + "…"
        out.append(
            DueItem(
                CORRECTION,
                f"Khắc phục sau kiểm tra: {text}",
                r.name(f.inspection.unit_id, f.deadline),  # type: ignore[arg-type]
                f.deadline,  # type: ignore[arg-type]
                reverse("inspection-detail", kwargs={"pk": f.inspection_id}),
                str(f.inspection),
                key=f"{CORRECTION}-{f.pk}",
                year=f.inspection.year,
                unit_id=f.inspection.unit_id,
            )
        )
    return out


# --------------------------------------------------------------------------- reports due to the unit above


def _report_dues(r: _Reader) -> list[tuple[Any, int]]:
    """(due date, ward) pairs the user owns: as the ward (earliest date per report) or as the receiving unit."""
    from vanhoa.reports.content import period_of
    from vanhoa.reports.models import ReportDueDate

    change = scope_unit_ids(r.user, Cap.REPORTS_CHANGE)
    receive = scope_unit_ids(r.user, Cap.REPORTS_RECEIVE)
    if not change and change is not None and not receive and receive is not None:
        return []
    out = []
    for dd in ReportDueDate.objects.filter(year__gte=r.today.year - 2).select_related("unit"):
        start, end = period_of(dd.kind, dd.year)
        for ward_id in r.graph.covered(dd.unit_id):
            node = r.graph.nodes[ward_id]
            if node.kind == UnitKind.COMMUNE and node.active_between(start, end):
                out.append((dd, ward_id))
    return out


def report_items(r: _Reader) -> list[DueItem]:
    """Reports not sent yet (draft, returned or not started) whose sending date the unit above has set."""
    from vanhoa.reports.choices import ReportStatus
    from vanhoa.reports.content import period_of
    from vanhoa.reports.models import Report

    pairs = _report_dues(r)
    if not pairs:
        return []
    change = scope_unit_ids(r.user, Cap.REPORTS_CHANGE)
    receive = scope_unit_ids(r.user, Cap.REPORTS_RECEIVE)
    reports = {
        (w, k, y): (pk, status)
        for w, k, y, pk, status in Report.objects.filter(
            ward__in={w for _, w in pairs}, year__in={dd.year for dd, _ in pairs}
        ).values_list("ward_id", "kind", "year", "pk", "status")
    }
    sent = {ReportStatus.SUBMITTED, ReportStatus.RECEIVED}
    own: dict[tuple[int, str, int], Any] = {}
    out = []
    for dd, ward_id in pairs:
        pk, status = reports.get((ward_id, dd.kind, dd.year), (None, None))
        if status in sent:
            continue
        end = period_of(dd.kind, dd.year)[1]
        place = r.name(ward_id, min(end, r.today))
        if _in(receive, dd.unit_id):
            out.append(
                DueItem(
                    REPORT_WAIT,
                    f"Xã, phường chưa gửi {dd.action_label} ({r.name(dd.unit_id, end)} đặt hạn)",
                    place,
                    dd.due,
                    reverse("report-due-dates"),
                    dd.note,
                    key=f"{REPORT_WAIT}-{dd.pk}-{ward_id}",
                    year=dd.year,
                    unit_id=ward_id,
                )
            )
        if _in(change, ward_id) and (
            (ward_id, dd.kind, dd.year) not in own or dd.due < own[(ward_id, dd.kind, dd.year)][0].due
        ):
            url = reverse("report-detail", kwargs={"pk": pk}) if pk else reverse("report-list")
            own[(ward_id, dd.kind, dd.year)] = (dd, place, url)
    for (ward_id, kind, year), (dd, place, url) in own.items():
        out.append(
            DueItem(
                REPORT,
                f"Gửi {dd.action_label}",
                place,
                dd.due,
                url,
                dd.note or f"Hạn do {dd.unit.name} đặt",
                key=f"{REPORT}-{kind}-{ward_id}-{year}",
                year=year,
                unit_id=ward_id,
            )
        )
    return out


SOURCES = (
    review_items,
    filing_items,
    notice_items,
    decision_items,
    publish_items,
    activity_items,
    correction_items,
    report_items,
)
TITLE_SOURCES = (review_items, filing_items, notice_items, decision_items, publish_items)
TITLE_KINDS = (REVIEW, FILING, NOTICE, DECISION, PUBLISH)


def due_for(
    user: Any, today: date | None = None, *, year: int | None = None, titles_only: bool = False
) -> list[DueItem]:
    """Everything due for `user`, by date (the most overdue first). `year`: whose review before the cut-off
    (default: today's year); `titles_only`: the title cycle's duties only."""
    if user is None or not getattr(user, "is_authenticated", False):
        return []
    r = _Reader(user, today or clock.today(), year)
    items: list[DueItem] = []
    for source in TITLE_SOURCES if titles_only else SOURCES:
        items.extend(source(r))
    return sorted(items, key=lambda i: (i.due, i.place, i.label))


def split(items: Iterable[DueItem], today: date, days: int = 7) -> dict[str, list[DueItem]]:
    """{"overdue": …, "soon": due within `days` days (today included), "later": …}."""
    out: dict[str, list[DueItem]] = defaultdict(list)
    for item in items:
        left = item.days_left(today)
        out["overdue" if left < 0 else ("soon" if left <= days else "later")].append(item)
    return {k: out[k] for k in ("overdue", "soon", "later")}


@dataclass(frozen=True)
class Row:
    """A line of the list on a day: one duty with its date, for one place or several (each place linked to
    where it is done there), its status text and how loud it is."""

    item: DueItem
    status: str
    level: str  # "danger" overdue, "warning" within 7 days, "secondary" later
    others: tuple[DueItem, ...] = ()

    @property
    def items(self) -> tuple[DueItem, ...]:
        return (self.item, *self.others)


def rows(items: Iterable[DueItem], today: date, soon_days: int = 7) -> list[Row]:
    """The list as shown: the same duty due the same day in several places is one line."""
    grouped: dict[tuple[str, str, date], list[DueItem]] = {}
    for item in items:
        grouped.setdefault((item.kind, item.label, item.due), []).append(item)
    out = []
    for same in grouped.values():
        first = same[0]
        left = first.days_left(today)
        level = "danger" if left < 0 else ("warning" if left <= soon_days else "secondary")
        out.append(Row(first, first.status_text(today), level, tuple(same[1:])))
    return out


@dataclass(frozen=True)
class Warning:
    """A plain sentence about a legal deadline passed or near, where the work is done."""

    level: str  # "danger": passed; "warning": within the next days
    text: str
    places: tuple[str, ...] = ()


def _when(due_text: str, left: int) -> str:
    return (
        f"{due_text}, quá hạn {-left} ngày"
        if left < 0
        else f"{due_text}, còn {left} ngày"
        if left
        else (f"{due_text}, đến hạn hôm nay")
    )


def item_warnings(items: Iterable[DueItem], today: date, near_days: int = 7) -> list[Warning]:
    """Overdue and near items, those of the same duty and date said once with their places."""
    grouped: dict[tuple[str, date, str], list[str]] = defaultdict(list)
    texts: dict[tuple[str, date, str], str] = {}
    for item in items:
        left = item.days_left(today)
        if left > near_days:
            continue
        k = (item.kind, item.due, item.label)
        grouped[k].append(item.place)
        texts[k] = f"{'Đã quá hạn' if left < 0 else 'Sắp đến hạn'}: {item.label} – {_when(item.due_text, left)}"
    out = [
        Warning("danger" if today > k[1] else "warning", texts[k], tuple(dict.fromkeys(places)))
        for k, places in grouped.items()
    ]
    return sorted(out, key=lambda w: (w.level != "danger", w.text))


def deadline_warnings(deadlines: Iterable[facts.Deadline], today: date, near_days: int = 7) -> list[Warning]:
    """A cycle's legal deadlines (vanhoa.titles.overview.cycle_deadlines) not met yet, passed or near."""
    out = []
    for d in deadlines:
        if d.due is None or d.done_on is not None:
            continue
        left = (d.due - today).days
        if left > near_days:
            continue
        text = f"{'Đã quá hạn' if left < 0 else 'Sắp đến hạn'}: {d.label} – {_when(d.due_text, left)}"
        if d.source:
            text += f" ({d.source})"
        out.append(Warning("danger" if left < 0 else "warning", text))
    return out
