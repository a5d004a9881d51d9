"""Title registrations with their review results, and the decisions that recognise them (read only).
Households appear by the head's name and group only (no address, no phone)."""

from datetime import date
from decimal import Decimal
from typing import Any

import ninja
from django.db.models import Count, Q
from pydantic import Field

from vanhoa.accounts.permissions import Cap
from vanhoa.api.endpoints.common import labels
from vanhoa.api.framework import Id, Page, PageParams, QueryText, Router, Year, get_scoped, paginate, units_filter
from vanhoa.titles.choices import DecisionKind, Outcome, State, SubjectKind
from vanhoa.titles.models import Candidacy, Decision

router = Router(tags=["Danh hiệu"])
state_label = labels(State)
outcome_label = labels(Outcome)
kind_label = labels(SubjectKind)
RECOGNISED = (State.DECIDED, State.CERTIFIED)

TitleCode = QueryText


class ReviewOut(ninja.Schema):
    meeting_id: int
    held_on: date | None
    criteria_met: bool | None = Field(description="Trống: chưa đánh giá")
    points: Decimal | None
    votes_for: int | None
    votes_against: int | None
    outcome: str = Field(description="passed | failed | '' (chưa chốt)")
    outcome_label: str
    outcome_reason: str


class RegistrationOut(ninja.Schema):
    id: int
    title_type: str = Field(description="Mã danh hiệu: gdvh, tdpvh …")
    title_name: str
    year: int
    subject_kind: SubjectKind
    subject_kind_label: str
    subject_name: str = Field(description="Với hộ gia đình: họ tên chủ hộ")
    group_id: int | None = Field(description="Tổ dân phố của hộ (hoặc tổ được xét)")
    group_name: str
    unit_id: int
    ward_id: int
    state: State
    state_label: str
    state_on: date | None
    registered_on: date
    review: ReviewOut | None = Field(description="Kết quả bình xét (khi đã có)")
    decision_id: int | None
    decision_number: str = Field(description="Số quyết định công nhận, ví dụ 05/QĐ-UBND")
    decision_date: date | None
    certificate_number: str


def registration_out(c: Candidacy) -> dict[str, Any]:
    group = c.unit if c.subject_kind == SubjectKind.HOUSEHOLD else c.group
    e = c.review_entry
    review = None
    if e is not None:
        review = {
            "meeting_id": e.meeting_id,
            "held_on": e.meeting.held_on,
            "criteria_met": e.criteria_met,
            "points": e.points,
            "votes_for": e.votes_for,
            "votes_against": e.votes_against,
            "outcome": e.outcome,
            "outcome_label": outcome_label(e.outcome),
            "outcome_reason": e.outcome_reason,
        }
    d = c.decision
    return {
        "id": c.pk,
        "title_type": c.title_type.code,
        "title_name": c.title_type.name,
        "year": c.year,
        "subject_kind": c.subject_kind,
        "subject_kind_label": kind_label(c.subject_kind),
        "subject_name": c.subject_name,
        "group_id": group.pk if group is not None else None,
        "group_name": group.name if group is not None else "",
        "unit_id": c.unit_id,
        "ward_id": c.ward_id,
        "state": c.state,
        "state_label": state_label(c.state),
        "state_on": c.state_on,
        "registered_on": c.registered_on,
        "review": review,
        "decision_id": d.pk if d else None,
        "decision_number": d.number_text if d else "",
        "decision_date": d.signed_on if d else None,
        "certificate_number": c.certificate_number,
    }


class RegistrationFilters(PageParams):
    unit: Id | None = Field(None, description="Đơn vị (id): tổ dân phố, xã, phường … gồm cả đơn vị tiền thân")
    unit_code: QueryText | None = Field(None, description="Như unit nhưng theo mã")
    year: Year | None = None
    title_type: TitleCode | None = Field(None, description="Mã danh hiệu, ví dụ gdvh")
    subject_kind: SubjectKind | None = None
    state: State | None = None


def _registrations() -> Any:
    return Candidacy.objects.select_related(
        "title_type", "unit", "group", "decision", "review_entry", "review_entry__meeting"
    )


@router.get(
    "/titles/registrations",
    cap=Cap.TITLES_VIEW,
    response=Page[RegistrationOut],
    summary="Đăng ký danh hiệu và kết quả bình xét",
)
def list_registrations(request: Any, filters: ninja.Query[RegistrationFilters]) -> dict[str, Any]:
    qs = _registrations().visible_to(request.user, Cap.TITLES_VIEW)
    qs = units_filter(qs, "unit", filters.unit, filters.unit_code)
    if filters.year is not None:
        qs = qs.filter(year=filters.year)
    if filters.title_type:
        qs = qs.filter(title_type__code=filters.title_type.strip())
    if filters.subject_kind:
        qs = qs.filter(subject_kind=filters.subject_kind)
    if filters.state:
        qs = qs.filter(state=filters.state)
    return paginate(qs.order_by("-year", "title_type__order", "sort_key", "pk"), filters, registration_out)


@router.get(
    "/titles/registrations/{registration_id}",
    cap=Cap.TITLES_VIEW,
    response=RegistrationOut,
    summary="Một hồ sơ đăng ký danh hiệu",
)
def get_registration(request: Any, registration_id: Id) -> dict[str, Any]:
    c = get_scoped(_registrations(), request.user, Cap.TITLES_VIEW, None, "hồ sơ đăng ký danh hiệu", registration_id)
    return registration_out(c)


class DecisionOut(ninja.Schema):
    id: int
    kind: DecisionKind
    number: str = Field(description="Số/ký hiệu, ví dụ 05/QĐ-UBND")
    signed_on: date
    signer_name: str
    signer_position: str
    signing_authority: str
    issuer_name: str
    title_type: str
    title_name: str
    year: int
    ward_id: int
    ward_name: str
    recognised_count: int = Field(description="Số đối tượng được công nhận theo quyết định")


def decision_out(d: Decision) -> dict[str, Any]:
    return {
        "id": d.pk,
        "kind": d.kind,
        "number": d.number_text,
        "signed_on": d.signed_on,
        "signer_name": d.signer_name,
        "signer_position": d.signer_position,
        "signing_authority": d.signing_authority,
        "issuer_name": d.issuer_name,
        "title_type": d.title_type.code,
        "title_name": d.title_type.name,
        "year": d.year,
        "ward_id": d.ward_id,
        "ward_name": d.ward.name,
        "recognised_count": d.recognised_count,
    }


class DecisionFilters(PageParams):
    unit: Id | None = Field(None, description="Xã, phường (id), gồm cả đơn vị tiền thân")
    unit_code: QueryText | None = Field(None, description="Như unit nhưng theo mã")
    year: Year | None = None
    title_type: TitleCode | None = Field(None, description="Mã danh hiệu, ví dụ gdvh")
    kind: DecisionKind | None = None


def _decisions() -> Any:
    return Decision.objects.select_related("title_type", "ward").annotate(
        recognised_count=Count("candidacies", filter=Q(candidacies__state__in=RECOGNISED), distinct=True)
    )


@router.get("/titles/decisions", cap=Cap.TITLES_VIEW, response=Page[DecisionOut], summary="Quyết định công nhận")
def list_decisions(request: Any, filters: ninja.Query[DecisionFilters]) -> dict[str, Any]:
    qs = _decisions().visible_to(request.user, Cap.TITLES_VIEW)
    qs = units_filter(qs, "ward", filters.unit, filters.unit_code)
    if filters.year is not None:
        qs = qs.filter(year=filters.year)
    if filters.title_type:
        qs = qs.filter(title_type__code=filters.title_type.strip())
    if filters.kind:
        qs = qs.filter(kind=filters.kind)
    return paginate(qs.order_by("-signed_on", "pk"), filters, decision_out)


@router.get("/titles/decisions/{decision_id}", cap=Cap.TITLES_VIEW, response=DecisionOut, summary="Một quyết định")
def get_decision(request: Any, decision_id: Id) -> dict[str, Any]:
    return decision_out(get_scoped(_decisions(), request.user, Cap.TITLES_VIEW, None, "quyết định", decision_id))
