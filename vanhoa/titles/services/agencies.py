"""Agencies under TT 08/2014/TT-BVHTTDL Điều 7: "Cơ quan / Đơn vị / Doanh nghiệp đạt chuẩn văn hóa".

An agency registers to build the title (enrol_agency). After the building years (`first_after_years` of the rule
set, 2) it may be recognised for the first time (the district chairman; after 01/07/2025 a setting). The years
after a recognition it keeps the title ("giữ vững"), which its trade union reports each year
(record_agency_report). `renewal_years` (5) after a recognition it is re-recognised by the Chủ tịch UBND tỉnh, who
issues a Bằng công nhận. Each dossier holds the union's achievement report of those years, the steering committee's
proposal (the Proposal) and the committee's inspection minutes (an activities Inspection held that year).

The numbers come from the rule set in force for the year; nothing here hard-codes 2 or 5.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db import transaction

from vanhoa.accounts.permissions import Cap
from vanhoa.core.text import format_date, nfc
from vanhoa.registry.models import Agency
from vanhoa.titles.choices import RECOGNISED, AgencyReportKind, Recognition, State, SubjectKind
from vanhoa.titles.models import AgencyEnrolment, AgencyReport, Candidacy, Proposal, RuleSet, TitleType
from vanhoa.titles.services.common import TitleError, _record, _require, _snap, rule_set_for_year, title_type

TITLE = "cqvh"
ENROLMENT_FIELDS = ["registered_on", "union_name", "prior_year", "prior_recognition", "prior_decision", "note"]
REPORT_FIELDS = [
    "kind", "year", "from_year", "to_year", "reported_on", "union_name", "head_name", "chair_name", "kept", "summary",
]  # fmt: skip

NOT_ENROLLED, BUILDING, FIRST_DUE, IN_REVIEW, RECOGNISED_YEAR, KEPT, RENEWAL_DUE = (
    "not_enrolled", "building", "first_due", "in_review", "recognised", "kept", "renewal_due",
)  # fmt: skip


@dataclass(frozen=True)
class Standing:
    """Where an agency stands in one year."""

    year: int
    status: str
    label: str
    last: int | None = None  # the year of its latest recognition before (or in) this year
    due: int | None = None  # the year it may next be (re-)recognised
    recognition: str = ""  # first / renewal: the recognition this year is (or would be) for
    report: AgencyReport | None = None  # the union's yearly report, in a year kept
    candidacy: Candidacy | None = None

    @property
    def holds_title(self) -> bool:
        return self.status in (RECOGNISED_YEAR, KEPT) or (self.status in (IN_REVIEW, RENEWAL_DUE) and bool(self.last))


def title_for(agency: Agency) -> str:
    """The title an agency of this kind is given: "Cơ quan / Đơn vị / Doanh nghiệp đạt chuẩn văn hóa"."""
    return f"{agency.get_kind_display()} đạt chuẩn văn hóa"


def _rules(agency: Agency, year: int) -> RuleSet:
    tt = title_type(TITLE)
    try:
        return rule_set_for_year(tt, agency.ward, year)
    except TitleError:  # a year before the Thông tư: the first set it has
        rs = RuleSet.objects.filter(title_type=tt).order_by("valid_from").first()
        if rs is None:
            raise
        return rs


def periods(rs: RuleSet) -> tuple[int, int | None]:
    """(building years before the first recognition, years between recognitions) of a rule set."""
    return rs.first_after_years or 0, rs.renewal_years


def standing(agency: Agency, year: int) -> Standing:
    """Where the agency stands in `year`: building, due for its first recognition, recognised, keeping the title,
    or due for re-recognition (TT 08/2014 Điều 7, numbers from the rule set of the year)."""
    return history(agency, [year])[0]


def history(agency: Agency, years: Sequence[int]) -> list[Standing]:
    """The agency's standing in each of these years (for its page)."""
    return [standings([agency], y)[agency.pk] for y in years]


def standings(agencies: Sequence[Agency], year: int) -> dict[int, Standing]:
    """{agency id: its standing in `year`} for many agencies with a fixed number of queries (the ward's page)."""
    if not agencies:
        return {}
    ids = [a.pk for a in agencies]
    enrolments = {e.agency_id: e for e in AgencyEnrolment.objects.filter(agency_id__in=ids)}
    held: dict[int, dict[int, str]] = {}
    for e in enrolments.values():
        if e.prior_year:
            held.setdefault(e.agency_id, {})[e.prior_year] = e.prior_recognition or Recognition.FIRST
    for aid, y, kind in Candidacy.objects.filter(
        title_type__code=TITLE, agency_id__in=ids, state__in=RECOGNISED
    ).values_list("agency_id", "year", "recognition"):
        held.setdefault(aid, {})[y] = kind or Recognition.FIRST
    running = {
        c.agency_id: c
        for c in Candidacy.objects.filter(title_type__code=TITLE, agency_id__in=ids, year=year).exclude(
            state__in=[State.WITHDRAWN, State.NOT_PROPOSED, State.REVOKED]
        )
    }
    reports = {
        r.agency_id: r
        for r in AgencyReport.objects.filter(agency_id__in=ids, year=year, kind=AgencyReportKind.YEARLY)
    }
    numbers = periods(_rules(agencies[0], year))
    return {
        a.pk: _standing(year, enrolments.get(a.pk), held.get(a.pk, {}), numbers, running.get(a.pk), reports.get(a.pk))
        for a in agencies
    }


def _standing(
    year: int,
    enrolment: AgencyEnrolment | None,
    held: dict[int, str],
    numbers: tuple[int, int | None],
    candidacy: Candidacy | None,
    report: AgencyReport | None,
) -> Standing:
    first_after, renewal = numbers
    before = [y for y in held if y < year]
    last = max(before) if before else None
    if year in held:
        kind = held[year]
        label = "Được công nhận lại" if kind == Recognition.RENEWAL else "Được công nhận lần đầu"
        return Standing(year, RECOGNISED_YEAR, label, year, year + renewal if renewal else None, kind, None, candidacy)
    if enrolment is None or (year < enrolment.registered_on.year and last is None):
        return Standing(year, NOT_ENROLLED, "Chưa đăng ký xây dựng", candidacy=candidacy)
    if last is None:
        due = enrolment.registered_on.year + first_after
        if year < due:
            n = year - enrolment.registered_on.year + 1
            return Standing(year, BUILDING, f"Xây dựng năm thứ {n}/{first_after}", None, due, Recognition.FIRST)
        return _due(year, FIRST_DUE, "Đủ thời gian xây dựng: xét công nhận lần đầu", None, due, Recognition.FIRST,
                    candidacy)  # fmt: skip
    if renewal is None:  # a rule set that recognises every year
        return _due(year, RENEWAL_DUE, "Xét công nhận hằng năm", last, year, Recognition.NONE, candidacy)
    due = last + renewal
    if year < due:
        if report is None:
            label = f"Giữ vững danh hiệu (công nhận năm {last}); chưa có báo cáo của Công đoàn"
        elif report.kept:
            label = f"Giữ vững danh hiệu (công nhận năm {last})"
        else:
            label = f"Công đoàn báo cáo không giữ vững danh hiệu (công nhận năm {last})"
        return Standing(year, KEPT, label, last, due, Recognition.RENEWAL, report)
    return _due(year, RENEWAL_DUE, f"Đến hạn công nhận lại (công nhận năm {last})", last, due, Recognition.RENEWAL,
                candidacy)  # fmt: skip


def _due(year: int, status: str, label: str, last: int | None, due: int, kind: str, c: Candidacy | None) -> Standing:
    if c is not None:
        what = "công nhận lại" if kind == Recognition.RENEWAL else "công nhận lần đầu"
        return Standing(year, IN_REVIEW, f"Đang xét {what} ({c.get_state_display().lower()})", last, due, kind,
                        None, c)  # fmt: skip
    return Standing(year, status, label, last, due, kind)


def recognition_for_registration(agency: Agency, year: int) -> str:
    """The recognition a candidacy of `year` is for (first / renewal); a refusal says why and when it can be."""
    s = standing(agency, year)
    rs = _rules(agency, year)
    first_after, renewal = periods(rs)
    if s.status == NOT_ENROLLED:
        raise TitleError(
            f"{agency.name} chưa đăng ký xây dựng «{title_for(agency)}»: ghi nhận ngày đăng ký xây dựng trước."
        )
    if s.status == BUILDING:
        enrolled = AgencyEnrolment.objects.get(agency=agency).registered_on
        raise TitleError(
            f"{agency.name} đăng ký xây dựng ngày {format_date(enrolled)}: theo {rs.legal_short} phải xây dựng ít "
            f"nhất {first_after} năm mới xét công nhận lần đầu (từ năm {s.due})."
        )
    if s.status == KEPT:
        assert s.last is not None and s.due is not None  # a year kept lies between two recognitions
        raise TitleError(
            f"{agency.name} được công nhận năm {s.last}: các năm {s.last + 1}–{s.due - 1} giữ vững danh hiệu "
            f"(Công đoàn cơ sở báo cáo hằng năm); xét công nhận lại năm {s.due} ({renewal} năm, {rs.legal_short})."
        )
    return s.recognition


@transaction.atomic
def enrol_agency(
    *,
    actor: Any,
    agency: Agency,
    registered_on: date,
    union_name: str = "",
    prior_year: int | None = None,
    prior_recognition: str = "",
    prior_decision: str = "",
    note: str = "",
) -> AgencyEnrolment:
    """Record the agency's registration to build the title (and a recognition it held on paper before)."""
    _require(actor, Cap.TITLES_REVIEW, agency.ward, "ghi nhận đăng ký xây dựng")
    if prior_year and not nfc(prior_decision):
        raise TitleError("Lần công nhận trước: ghi số, ngày của quyết định công nhận.")
    if prior_year and prior_year < registered_on.year:
        raise TitleError("Năm được công nhận không thể trước năm đăng ký xây dựng.")
    enrolment = AgencyEnrolment.objects.select_for_update().filter(agency=agency).first()
    before = _snap(enrolment, ENROLMENT_FIELDS) if enrolment else None
    enrolment = enrolment or AgencyEnrolment(agency=agency, ward=agency.ward)
    enrolment.registered_on = registered_on
    enrolment.union_name = nfc(union_name) or agency.lead_union
    enrolment.prior_year = prior_year
    enrolment.prior_recognition = prior_recognition if prior_year else ""
    enrolment.prior_decision = nfc(prior_decision) if prior_year else ""
    enrolment.note = nfc(note)
    enrolment.save()
    _record(actor, "titles.agency.enrolled", enrolment, before, ENROLMENT_FIELDS, agency.ward)
    return enrolment


@transaction.atomic
def record_agency_report(
    *,
    actor: Any,
    agency: Agency,
    year: int,
    kind: str,
    reported_on: date,
    union_name: str,
    head_name: str,
    kept: bool = True,
    summary: str = "",
    chair_name: str = "",
) -> AgencyReport:
    """The trade union's report: yearly in a year the agency keeps the title, or the achievement report of the
    building years (first) / of the years kept (renewal) for that year's dossier."""
    _require(actor, Cap.TITLES_REVIEW, agency.ward, "ghi nhận báo cáo của Công đoàn")
    if not nfc(union_name) or len(nfc(head_name).split()) < 2:
        raise TitleError("Báo cáo: ghi tên Công đoàn lập báo cáo và họ tên thủ trưởng xác nhận.")
    if reported_on.year < year and kind == AgencyReportKind.YEARLY:
        raise TitleError(f"Báo cáo năm {year} không thể lập trước năm {year}.")
    s = standing(agency, year)
    span = _span(agency, s, kind)
    if AgencyReport.objects.filter(agency=agency, year=year, kind=kind).exists():
        raise TitleError(f"{agency.name} đã có {AgencyReportKind(kind).label.lower()} năm {year}.")
    report = AgencyReport.objects.create(
        agency=agency,
        ward=agency.ward,
        kind=kind,
        year=year,
        from_year=span[0],
        to_year=span[1],
        reported_on=reported_on,
        union_name=nfc(union_name),
        head_name=nfc(head_name),
        chair_name=nfc(chair_name),
        kept=kept if kind == AgencyReportKind.YEARLY else True,
        summary=nfc(summary),
    )
    _record(actor, "titles.agency.reported", report, None, REPORT_FIELDS, agency.ward)
    return report


def _span(agency: Agency, s: Standing, kind: str) -> tuple[int, int]:
    """The years a report covers; a report the standing does not call for is refused."""
    if kind == AgencyReportKind.YEARLY:
        if s.status not in (KEPT, BUILDING):
            raise TitleError(f"Năm {s.year} {agency.name} không ở giai đoạn xây dựng hay giữ vững ({s.label}).")
        return s.year, s.year
    if kind == AgencyReportKind.FIRST:
        if s.status not in (FIRST_DUE, IN_REVIEW) or s.recognition != Recognition.FIRST:
            raise TitleError(f"Năm {s.year} {agency.name} chưa đến lượt xét công nhận lần đầu ({s.label}).")
        enrolled = AgencyEnrolment.objects.get(agency=agency).registered_on.year
        return enrolled, s.year - 1
    if s.status not in (RENEWAL_DUE, IN_REVIEW) or s.recognition != Recognition.RENEWAL or s.last is None:
        raise TitleError(f"Năm {s.year} {agency.name} chưa đến hạn công nhận lại ({s.label}).")
    return s.last, s.year - 1


def check_dossier(candidacies: Sequence[Candidacy], year: int, on: date) -> None:
    """TT 08/2014 Điều 7: each agency's dossier holds its union's achievement report (building years / years
    kept) and the steering committee's inspection minutes of the year; one dossier goes to one decider."""
    from vanhoa.activities.choices import InspectionStatus
    from vanhoa.activities.models import Inspection

    kinds = {c.recognition for c in candidacies}
    if len(kinds) > 1:
        raise TitleError(
            "Hồ sơ công nhận lần đầu và hồ sơ công nhận lại trình hai cấp khác nhau: gửi thành hai hồ sơ riêng."
        )
    missing = []
    for c in candidacies:
        kind = AgencyReportKind.RENEWAL if c.recognition == Recognition.RENEWAL else AgencyReportKind.FIRST
        if not AgencyReport.objects.filter(agency=c.agency, year=year, kind=kind).exists():
            missing.append(f"{c.subject_name}: thiếu {AgencyReportKind(kind).label.lower()}")
        held = Inspection.objects.filter(
            agency=c.agency, status=InspectionStatus.DONE, held_on__year=year, held_on__lte=on
        )
        if not held.exists():
            missing.append(f"{c.subject_name}: chưa có biên bản kiểm tra của Ban Chỉ đạo năm {year}")
    if missing:
        raise TitleError("Hồ sơ chưa đủ (TT 08/2014 Điều 7): " + "; ".join(missing) + ".")


def decision_scope(tt: TitleType, proposals: Sequence[Proposal], renewal: bool | None) -> tuple[list[Proposal], bool]:
    """The dossiers one agency decision covers and whether it re-recognises (the Chủ tịch UBND tỉnh) or recognises
    for the first time: first and renewal dossiers go to different deciders and never share a decision."""
    if tt.subject_kind != SubjectKind.AGENCY:
        return list(proposals), bool(renewal)
    kinds = {
        p.pk: set(p.candidacies.filter(state=State.PROPOSED).values_list("recognition", flat=True)) for p in proposals
    }
    if renewal is None:
        found = set().union(*kinds.values()) if kinds else set()
        if len(found) > 1:
            raise TitleError("Có cả hồ sơ công nhận lần đầu và công nhận lại: chọn loại quyết định.")
        renewal = Recognition.RENEWAL in found
    wanted = Recognition.RENEWAL if renewal else Recognition.FIRST
    chosen = [p for p in proposals if kinds[p.pk] and kinds[p.pk] <= {wanted}]
    if not chosen:
        what = "công nhận lại" if renewal else "công nhận lần đầu"
        raise TitleError(f"Không có hồ sơ {what} nào chờ quyết định.")
    return chosen, renewal


def is_renewal(candidacy: Candidacy) -> bool:
    return candidacy.recognition == Recognition.RENEWAL
