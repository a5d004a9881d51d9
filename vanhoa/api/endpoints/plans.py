"""Plans and their activities (read only): the plan's header, targets and progress; each activity with its
computed status ("overdue" when not done and its last planned month is over)."""

from datetime import date, datetime
from decimal import Decimal
from enum import StrEnum
from typing import Any

import ninja
from pydantic import Field

from vanhoa.accounts.permissions import Cap
from vanhoa.api.framework import Id, Page, PageParams, QueryText, Router, Year, get_scoped, paginate, units_filter
from vanhoa.plans.choices import DISPLAY_STATUS_LABELS, OVERDUE, ActivityCategory, ActivityStatus
from vanhoa.plans.models import Activity, Plan, today

router = Router(tags=["Kế hoạch, hoạt động"])


class DisplayStatus(StrEnum):
    NOT_STARTED = ActivityStatus.NOT_STARTED.value
    IN_PROGRESS = ActivityStatus.IN_PROGRESS.value
    DONE = ActivityStatus.DONE.value
    OVERDUE = OVERDUE


class TargetOut(ninja.Schema):
    indicator: str
    label: str
    value: Decimal
    unit: str = Field(description="percent | count | ratio")
    denominator: int | None
    text: str = Field(description="Như in trên kế hoạch")


class PlanOut(ninja.Schema):
    id: int
    ward_id: int
    ward_name: str
    year: int
    number: str = Field(description="Số/ký hiệu, ví dụ 05/KH-BCĐ")
    issued_on: date | None
    title: str
    signer_name: str
    signer_title: str
    targets: list[TargetOut]
    progress: dict[str, int] = Field(description="Số hoạt động theo trạng thái (có overdue) và total, tính đến hôm nay")
    updated_at: datetime


def plan_out(p: Plan) -> dict[str, Any]:
    on = today()
    counts = {s: 0 for s in (*ActivityStatus.values, OVERDUE)}
    for a in p.activities.all():
        counts[a.display_status(on)] += 1
    counts["total"] = sum(counts.values())
    return {
        "id": p.pk,
        "ward_id": p.ward_id,
        "ward_name": p.ward.name,
        "year": p.year,
        "number": p.number_text,
        "issued_on": p.issued_on,
        "title": p.title,
        "signer_name": p.signer_name,
        "signer_title": p.signer_title,
        "targets": [
            {
                "indicator": t.indicator,
                "label": t.label,
                "value": t.value,
                "unit": t.unit,
                "denominator": t.denominator,
                "text": t.text,
            }
            for t in p.targets.all()
        ],
        "progress": counts,
        "updated_at": p.updated_at,
    }


class PlanFilters(PageParams):
    unit: Id | None = Field(None, description="Xã, phường (id), gồm cả đơn vị tiền thân")
    unit_code: QueryText | None = Field(None, description="Như unit nhưng theo mã: '03388' hoặc '2025:03388'")
    year: Year | None = None


def _plans() -> Any:
    return Plan.objects.select_related("ward").prefetch_related("targets", "activities__plan")


@router.get("/plans", cap=Cap.PLANS_VIEW, response=Page[PlanOut], summary="Danh sách kế hoạch năm")
def list_plans(request: Any, filters: ninja.Query[PlanFilters]) -> dict[str, Any]:
    qs = Plan.objects.visible_to(request.user, Cap.PLANS_VIEW)
    qs = units_filter(qs, "ward", filters.unit, filters.unit_code)
    if filters.year is not None:
        qs = qs.filter(year=filters.year)
    qs = qs.select_related("ward").prefetch_related("targets", "activities__plan").order_by("-year", "pk")
    return paginate(qs, filters, plan_out)


@router.get("/plans/{plan_id}", cap=Cap.PLANS_VIEW, response=PlanOut, summary="Một kế hoạch")
def get_plan(request: Any, plan_id: Id) -> dict[str, Any]:
    return plan_out(get_scoped(_plans(), request.user, Cap.PLANS_VIEW, None, "kế hoạch", plan_id))


class ActivityOut(ninja.Schema):
    id: int
    plan_id: int
    ward_id: int
    year: int
    order: int
    content: str
    category: ActivityCategory
    timing: str = Field(description="Như in trên kế hoạch: «Tháng 2,3», «Quý I, II», «Cả năm»")
    months: list[int]
    lead: str
    coordinating: str
    status: DisplayStatus = Field(description="Trạng thái hiển thị: overdue khi chưa xong mà đã qua tháng cuối")
    status_label: str
    stored_status: ActivityStatus
    completed_on: date | None
    updated_at: datetime


def activity_out(a: Activity, on: date) -> dict[str, Any]:
    status = a.display_status(on)
    return {
        "id": a.pk,
        "plan_id": a.plan_id,
        "ward_id": a.plan.ward_id,
        "year": a.plan.year,
        "order": a.order,
        "content": a.content,
        "category": a.category,
        "timing": a.timing_text,
        "months": a.months,
        "lead": a.lead_text,
        "coordinating": a.coordinating_text,
        "status": status,
        "status_label": DISPLAY_STATUS_LABELS[status],
        "stored_status": a.status,
        "completed_on": a.completed_on,
        "updated_at": a.updated_at,
    }


class ActivityFilters(PageParams):
    unit: Id | None = Field(None, description="Xã, phường (id) của kế hoạch, gồm cả đơn vị tiền thân")
    unit_code: QueryText | None = Field(None, description="Như unit nhưng theo mã")
    year: Year | None = None
    plan: Id | None = Field(None, description="Chỉ các hoạt động của kế hoạch này")
    status: DisplayStatus | None = Field(None, description="Theo trạng thái hiển thị (có overdue: quá hạn)")
    category: ActivityCategory | None = None


def _activities() -> Any:
    return Activity.objects.select_related("plan").prefetch_related("parties")


@router.get("/activities", cap=Cap.PLANS_VIEW, response=Page[ActivityOut], summary="Các hoạt động của kế hoạch")
def list_activities(request: Any, filters: ninja.Query[ActivityFilters]) -> dict[str, Any]:
    qs = _activities().visible_to(request.user, Cap.PLANS_VIEW)
    qs = units_filter(qs, "plan__ward", filters.unit, filters.unit_code)
    if filters.year is not None:
        qs = qs.filter(plan__year=filters.year)
    if filters.plan is not None:
        qs = qs.filter(plan_id=filters.plan)
    if filters.category:
        qs = qs.filter(category=filters.category)
    qs = qs.order_by("-plan__year", "plan_id", "order", "pk")
    on = today()
    if filters.status:
        # "overdue" is computed from the months and today: filter in Python on the (small) scoped rows
        if filters.status == DisplayStatus.DONE:
            qs = qs.filter(status=ActivityStatus.DONE)
        else:
            qs = qs.exclude(status=ActivityStatus.DONE)
        rows = [a for a in qs if a.display_status(on) == filters.status]
        page = rows[filters.offset : filters.offset + filters.limit]
        return {
            "count": len(rows),
            "limit": filters.limit,
            "offset": filters.offset,
            "items": [activity_out(a, on) for a in page],
        }
    return paginate(qs, filters, lambda a: activity_out(a, on))


@router.get("/activities/{activity_id}", cap=Cap.PLANS_VIEW, response=ActivityOut, summary="Một hoạt động")
def get_activity(request: Any, activity_id: Id) -> dict[str, Any]:
    a = get_scoped(_activities(), request.user, Cap.PLANS_VIEW, None, "hoạt động", activity_id)
    return activity_out(a, today())
