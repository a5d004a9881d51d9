"""The movement's money in a ward and year: budget allocations (ngân sách), socialised contributions
(xã hội hóa) and expenses, with balances per pool and per plan activity.

Rules (also in docs/activities.md):

* Two pools per ward and year: **budget** (allocations) and **xã hội hóa** (cash contributions). Contributions
  in kind count in what was raised (at their estimated value) and in the public list, but not in the pool:
  goods cannot pay an invoice.
* Money may be **earmarked** for a plan activity (an allocation or contribution linked to the activity). It is
  kept for that activity: another activity, or an expense linked to no activity, cannot spend it. An
  activity spends its earmarked money first, then the pool's free money.
* **An expense above what its pool can still pay is refused**, with the amounts in the message, unless the
  officer ticks "chi vượt số dư" and writes why (an advance to be covered by a later allocation). Such an
  expense is kept with its reason and every page showing the balance warns about the negative balance.
* Editing an allocation or a contribution may not push a pool further below zero either.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db import transaction

from vanhoa.accounts.permissions import Cap
from vanhoa.activities.choices import ContributionForm, DonorKind, MoneySource
from vanhoa.activities.models import Allocation, Contribution, Expense, Festival, Voucher
from vanhoa.activities.services import (
    ActivityError,
    _snapshot,
    check_files,
    check_past,
    check_plan_activity,
    check_ward,
    store_files,
)
from vanhoa.core import audit
from vanhoa.core.actors import actor_name, require
from vanhoa.core.text import format_number, nfc, nfc_multiline
from vanhoa.documents import numbered
from vanhoa.plans.choices import FundingKind
from vanhoa.plans.models import Activity, FundingSource
from vanhoa.units.models import Unit

MAX_AMOUNT = 100_000_000_000  # 100 tỷ đồng: anything bigger is a typing slip
ALLOCATION_FIELDS = ["source", "funding_source", "decision_number", "decision_date", "amount", "activity", "note"]
CONTRIBUTION_FIELDS = ["donor_name", "donor_kind", "anonymous", "form", "description", "value", "received_on",
                       "receipt_number", "activity", "festival", "note"]
EXPENSE_FIELDS = ["spent_on", "description", "amount", "source", "payee", "voucher_number", "activity", "festival",
                  "overdraw_reason", "note"]


#: A money record that breaks a rule (the app's one error type under the name the funding code reads best with).
FundingError = ActivityError


def vnd(amount: int) -> str:
    return f"{format_number(amount)} đ"


# --------------------------------------------------------------------------- balances


@dataclass
class Pool:
    """One pool (budget or xã hội hóa) of a ward and year."""

    source: str
    received: int = 0
    spent: int = 0
    #: Unspent money earmarked for activities (not free for others).
    reserved: int = 0

    @property
    def label(self) -> str:
        return MoneySource(self.source).label

    @property
    def remaining(self) -> int:
        return self.received - self.spent

    @property
    def free(self) -> int:
        """What an expense linked to no activity can still take."""
        return self.remaining - self.reserved


@dataclass
class ActivityMoney:
    activity: Activity | None
    earmarked: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    spent: dict[str, int] = field(default_factory=lambda: defaultdict(int))

    @property
    def earmarked_total(self) -> int:
        return sum(self.earmarked.values())

    @property
    def spent_total(self) -> int:
        return sum(self.spent.values())

    @property
    def remaining(self) -> int:
        """Earmarked money not yet spent (negative: the activity also spent free money of the pools)."""
        return self.earmarked_total - self.spent_total


@dataclass
class Balances:
    ward: Unit
    year: int
    pools: dict[str, Pool]
    activities: list[ActivityMoney]
    in_kind: int
    overdrawn: list[Expense]

    @property
    def budget(self) -> Pool:
        return self.pools[MoneySource.BUDGET]

    @property
    def donation(self) -> Pool:
        return self.pools[MoneySource.DONATION]

    @property
    def raised(self) -> int:
        """Everything received: budget, cash and the estimated value of goods."""
        return self.budget.received + self.donation.received + self.in_kind

    @property
    def spent(self) -> int:
        return self.budget.spent + self.donation.spent

    @property
    def negative(self) -> list[Pool]:
        return [p for p in self.pools.values() if p.free < 0]

    def available(self, source: str, activity_id: int | None) -> int:
        pool = self.pools[source]
        own = 0
        for row in self.activities:
            if activity_id is not None and row.activity is not None and row.activity.pk == activity_id:
                own = max(0, row.earmarked[source] - row.spent[source])
        return pool.free + own


def balances(ward: Unit, year: int, *, exclude_expense: int | None = None) -> Balances:
    """The pools and the money of each plan activity of `ward` in `year` (a handful of aggregate queries)."""
    pools = {s: Pool(s) for s in MoneySource.values}
    by_activity: dict[int | None, ActivityMoney] = {}

    def row(activity_id: int | None) -> ActivityMoney:
        if activity_id not in by_activity:
            by_activity[activity_id] = ActivityMoney(None)
        return by_activity[activity_id]

    for activity_id, amount in Allocation.objects.filter(ward=ward, year=year).values_list("activity_id", "amount"):
        pools[MoneySource.BUDGET].received += amount
        row(activity_id).earmarked[MoneySource.BUDGET] += amount
    in_kind = 0
    for activity_id, form, value in Contribution.objects.filter(ward=ward, year=year).values_list(
        "activity_id", "form", "value"
    ):
        if form == ContributionForm.CASH:
            pools[MoneySource.DONATION].received += value
            row(activity_id).earmarked[MoneySource.DONATION] += value
        else:
            in_kind += value
    expenses = Expense.objects.filter(ward=ward, year=year)
    if exclude_expense is not None:
        expenses = expenses.exclude(pk=exclude_expense)
    for activity_id, source, amount in expenses.values_list("activity_id", "source", "amount"):
        pools[source].spent += amount
        row(activity_id).spent[source] += amount
    # Money of the "no activity" row is free by definition; the rest is reserved while unspent.
    for activity_id, money in by_activity.items():
        if activity_id is None:
            continue
        for source in MoneySource.values:
            pools[source].reserved += max(0, money.earmarked[source] - money.spent[source])
    ids = [a for a in by_activity if a is not None]
    activities = {a.pk: a for a in Activity.objects.filter(pk__in=ids).select_related("plan")}
    rows = []
    for activity_id, money in by_activity.items():
        if activity_id is None:
            continue
        money.activity = activities.get(activity_id)
        rows.append(money)
    rows.sort(key=lambda m: (m.activity.order, m.activity.pk) if m.activity else (10_000, 0))
    overdrawn = list(Expense.objects.filter(ward=ward, year=year).exclude(overdraw_reason="").order_by("spent_on"))
    return Balances(ward, year, pools, rows, in_kind, overdrawn)


def _deficit(ward: Unit, year: int) -> dict[str, int]:
    """How far below zero each pool's free money is (0 when it is not)."""
    b = balances(ward, year)
    return {s: max(0, -p.free) for s, p in b.pools.items()}


def _refuse_if_deeper(ward: Unit, year: int, before: dict[str, int], what: str) -> None:
    after = _deficit(ward, year)
    for source, amount in after.items():
        if amount > before.get(source, 0):
            raise FundingError(
                f"{what}: sau thay đổi, nguồn {MoneySource(source).label.lower()} năm {year} sẽ thiếu {vnd(amount)} "
                "so với số đã chi. Hãy sửa các khoản chi trước."
            )


# --------------------------------------------------------------------------- shared checks


def _check_amount(amount: Any, what: str) -> int:
    try:
        value = int(amount)
    except (TypeError, ValueError) as exc:
        raise FundingError(f"{what}: «{amount}» không phải là số tiền.") from exc
    if value <= 0:
        raise FundingError(f"{what}: phải lớn hơn 0.")
    if value > MAX_AMOUNT:
        raise FundingError(f"{what}: {vnd(value)} quá lớn, hãy kiểm tra lại.")
    return value


def _check_links(ward: Unit, year: int, activity: Activity | None, festival: Festival | None) -> Activity | None:
    """The plan activity and the festival must be of the same ward and year; a festival's money is earmarked
    for the festival's plan activity when no other is given."""
    if festival is not None:
        if festival.ward_id != ward.pk or festival.year != year:
            raise FundingError(
                f"Ngày hội: {festival} không thuộc {ward.name} năm {year}."
            )
        activity = activity or festival.activity
    check_plan_activity(activity, ward, year)
    return activity


# --------------------------------------------------------------------------- allocations


def _check_allocation(a: Allocation) -> None:
    a.source = nfc(a.source)
    if not a.source:
        raise FundingError("Nguồn: ghi rõ nguồn kinh phí (ví dụ: Ngân sách phường giao cho BCĐ).")
    a.amount = _check_amount(a.amount, "Số tiền")
    check_past(a.decision_date, "Ngày quyết định")
    check_ward(a.ward, a.decision_date, "Ngày quyết định")
    a.year = a.decision_date.year
    if a.funding_source_id is not None:
        fs: FundingSource = a.funding_source
        if fs.plan.ward_id != a.ward_id or fs.plan.year != a.year or fs.kind != FundingKind.BUDGET:
            raise FundingError("Mục IV của kế hoạch: hãy chọn nguồn ngân sách của kế hoạch cùng năm, cùng phường.")
    a.activity = _check_links(a.ward, a.year, a.activity, None)


@transaction.atomic
def record_allocation(
    *,
    actor: Any,
    ward: Unit,
    source: str,
    decision_date: date,
    amount: int,
    decision_number: str = "",
    funding_source: FundingSource | None = None,
    activity: Activity | None = None,
    note: str = "",
) -> Allocation:
    require(actor, Cap.FUNDING_CHANGE, ward, what="ghi kinh phí được giao")
    allocation = Allocation(ward=ward, year=decision_date.year, source=source, decision_date=decision_date,
                            amount=amount, decision_number=nfc(decision_number), funding_source=funding_source,
                            activity=activity, note=note, created_by_name=actor_name(actor))
    _check_allocation(allocation)
    allocation.save()
    numbered.enter(allocation, actor=actor, error=FundingError)
    audit.record(actor, "activities.allocation.created", allocation,
                 after=_snapshot(allocation, ALLOCATION_FIELDS), unit=ward)
    return allocation


@transaction.atomic
def update_allocation(allocation: Allocation, *, actor: Any, **fields: Any) -> Allocation:
    require(actor, Cap.FUNDING_CHANGE, allocation.ward_id, what="sửa kinh phí được giao")
    allocation = Allocation.objects.select_for_update().select_related("ward").get(pk=allocation.pk)
    years = {allocation.year}
    before_deficit = {y: _deficit(allocation.ward, y) for y in years}
    before = _snapshot(allocation, ALLOCATION_FIELDS)
    for key, value in fields.items():
        if key not in ALLOCATION_FIELDS:
            raise FundingError(f"Không sửa được trường {key}.")
        setattr(allocation, key, value)
    _check_allocation(allocation)
    allocation.save()
    numbered.enter(allocation, actor=actor, error=FundingError)
    for y in years:
        _refuse_if_deeper(allocation.ward, y, before_deficit[y], "Kinh phí ngân sách")
    after = _snapshot(allocation, ALLOCATION_FIELDS)
    if before != after:
        audit.record(actor, "activities.allocation.updated", allocation, before=before, after=after,
                     unit=allocation.ward)
    return allocation


# --------------------------------------------------------------------------- contributions


def _check_contribution(c: Contribution) -> None:
    c.donor_name = nfc(c.donor_name)
    c.description = nfc(c.description)
    if not c.donor_name:
        raise FundingError("Người, đơn vị ủng hộ: vui lòng nhập tên (có thể đánh dấu xin giấu tên khi công khai).")
    if c.donor_kind not in DonorKind.values:
        raise FundingError("Loại người ủng hộ: không hợp lệ.")
    if c.form not in ContributionForm.values:
        raise FundingError("Hình thức: chọn tiền mặt hoặc hiện vật.")
    if c.form == ContributionForm.IN_KIND and not c.description:
        raise FundingError("Nội dung ủng hộ: ủng hộ bằng hiện vật cần ghi rõ hiện vật gì (ví dụ: 50 suất quà).")
    c.value = _check_amount(c.value, "Giá trị ước tính" if c.form == ContributionForm.IN_KIND else "Số tiền")
    check_past(c.received_on, "Ngày nhận")
    check_ward(c.ward, c.received_on, "Ngày nhận")
    c.year = c.received_on.year
    c.activity = _check_links(c.ward, c.year, c.activity, c.festival)


@transaction.atomic
def record_contribution(
    *,
    actor: Any,
    ward: Unit,
    donor_name: str,
    value: int,
    received_on: date,
    donor_kind: str = DonorKind.PERSON,
    anonymous: bool = False,
    form: str = ContributionForm.CASH,
    description: str = "",
    receipt_number: str = "",
    activity: Activity | None = None,
    festival: Festival | None = None,
    note: str = "",
) -> Contribution:
    require(actor, Cap.FUNDING_CHANGE, ward, what="ghi khoản đóng góp")
    contribution = Contribution(
        ward=ward, year=received_on.year, donor_name=donor_name, donor_kind=donor_kind, anonymous=anonymous,
        form=form, description=description, value=value, received_on=received_on,
        receipt_number=nfc(receipt_number), activity=activity, festival=festival, note=note,
        created_by_name=actor_name(actor),
    )
    _check_contribution(contribution)
    contribution.save()
    audit.record(actor, "activities.contribution.created", contribution,
                 after=_snapshot(contribution, CONTRIBUTION_FIELDS), unit=ward)
    return contribution


@transaction.atomic
def update_contribution(contribution: Contribution, *, actor: Any, **fields: Any) -> Contribution:
    require(actor, Cap.FUNDING_CHANGE, contribution.ward_id, what="sửa khoản đóng góp")
    contribution = Contribution.objects.select_for_update().select_related("ward").get(pk=contribution.pk)
    year = contribution.year
    before_deficit = _deficit(contribution.ward, year)
    before = _snapshot(contribution, CONTRIBUTION_FIELDS)
    for key, value in fields.items():
        if key not in CONTRIBUTION_FIELDS:
            raise FundingError(f"Không sửa được trường {key}.")
        setattr(contribution, key, value)
    _check_contribution(contribution)
    contribution.save()
    _refuse_if_deeper(contribution.ward, year, before_deficit, "Khoản ủng hộ")
    after = _snapshot(contribution, CONTRIBUTION_FIELDS)
    if before != after:
        audit.record(actor, "activities.contribution.updated", contribution, before=before, after=after,
                     unit=contribution.ward)
    return contribution


# --------------------------------------------------------------------------- expenses


def _check_expense(e: Expense, *, allow_overdraw: bool, overdraw_reason: str) -> int:
    """Check an expense against its pool; returns the shortfall (0 unless an allowed overdraw)."""
    e.description = nfc(e.description)
    if not e.description:
        raise FundingError("Nội dung chi: vui lòng nhập (ví dụ: In 8 pano tuyên truyền).")
    if e.source not in MoneySource.values:
        raise FundingError("Chi từ nguồn: chọn ngân sách hoặc xã hội hóa.")
    e.amount = _check_amount(e.amount, "Số tiền chi")
    check_past(e.spent_on, "Ngày chi")
    check_ward(e.ward, e.spent_on, "Ngày chi")
    e.year = e.spent_on.year
    e.activity = _check_links(e.ward, e.year, e.activity, e.festival)
    available = balances(e.ward, e.year, exclude_expense=e.pk).available(e.source, e.activity_id)
    shortfall = e.amount - max(available, 0) if e.amount > available else 0
    e.overdraw_reason = ""
    if shortfall:
        pool = MoneySource(e.source).label.lower()
        if not allow_overdraw:
            raise FundingError(
                f"Số tiền chi: {vnd(e.amount)} vượt số dư nguồn {pool} năm {e.year} còn được chi "
                f"({vnd(max(available, 0))}, thiếu {vnd(shortfall)}). Hãy ghi nhận thêm kinh phí trước, hoặc chọn "
                "«Chi vượt số dư» và ghi rõ lý do."
            )
        reason = nfc_multiline(overdraw_reason)
        if not reason:
            raise FundingError("Lý do chi vượt số dư: vui lòng ghi rõ (ví dụ: tạm ứng, chờ ngân sách bổ sung).")
        e.overdraw_reason = reason
    return shortfall


@transaction.atomic
def record_expense(
    *,
    actor: Any,
    ward: Unit,
    spent_on: date,
    description: str,
    amount: int,
    source: str,
    payee: str = "",
    voucher_number: str = "",
    activity: Activity | None = None,
    festival: Festival | None = None,
    note: str = "",
    files: Sequence[Any] = (),
    allow_overdraw: bool = False,
    overdraw_reason: str = "",
) -> Expense:
    """An expense from one pool, with its vouchers (refused above the pool's balance, see the module doc)."""
    require(actor, Cap.FUNDING_CHANGE, ward, what="ghi khoản chi")
    expense = Expense(ward=ward, year=spent_on.year, spent_on=spent_on, description=description, amount=amount,
                      source=source, payee=payee, voucher_number=nfc(voucher_number), activity=activity,
                      festival=festival, note=note, created_by_name=actor_name(actor))
    checked = check_files(list(files), "Chứng từ")
    shortfall = _check_expense(expense, allow_overdraw=allow_overdraw, overdraw_reason=overdraw_reason)
    expense.save()
    audit.record(actor, "activities.expense.created", expense, after=_snapshot(expense, EXPENSE_FIELDS), unit=ward,
                 extra={"overdraw": shortfall} if shortfall else None)
    store_files(Voucher, checked, actor=actor, action="activities.voucher.added", unit=ward, ward=ward,
                year=expense.year, expense=expense)
    return expense


@transaction.atomic
def update_expense(
    expense: Expense,
    *,
    actor: Any,
    files: Sequence[Any] = (),
    allow_overdraw: bool = False,
    overdraw_reason: str = "",
    **fields: Any,
) -> Expense:
    """Correct an expense or attach more vouchers; the balance rule is checked again."""
    require(actor, Cap.FUNDING_CHANGE, expense.ward_id, what="sửa khoản chi")
    expense = Expense.objects.select_for_update().select_related("ward").get(pk=expense.pk)
    before = _snapshot(expense, EXPENSE_FIELDS)
    if expense.overdraw_reason and not overdraw_reason:
        overdraw_reason = expense.overdraw_reason  # an accepted overdraw stays accepted with its reason
        allow_overdraw = True
    for key, value in fields.items():
        if key not in EXPENSE_FIELDS or key == "overdraw_reason":
            raise FundingError(f"Không sửa được trường {key}.")
        setattr(expense, key, value)
    checked = check_files(list(files), "Chứng từ")
    shortfall = _check_expense(expense, allow_overdraw=allow_overdraw, overdraw_reason=overdraw_reason)
    expense.save()
    after = _snapshot(expense, EXPENSE_FIELDS)
    if before != after:
        audit.record(actor, "activities.expense.updated", expense, before=before, after=after, unit=expense.ward,
                     extra={"overdraw": shortfall} if shortfall else None)
    store_files(Voucher, checked, actor=actor, action="activities.voucher.added", unit=expense.ward,
                ward=expense.ward, year=expense.year, expense=expense)
    return expense


def funds_by_festival(festival_ids: Sequence[int], *, user: Any = None) -> dict[int, dict[str, int]]:
    """Money linked to each group's festival, in two grouped queries: "budget" (the ward's support: budget
    expenses paid for it), "donation_cash" / "donation_in_kind" (contributions given for it) and "spent" (every
    expense paid for it, from either pool). With `user`, only the records the user may see with funding.view
    count (pages); without, everything (documents built for a ward the caller has already checked)."""
    from vanhoa.accounts.permissions import Cap

    def scoped(model: Any) -> Any:
        qs = model.objects.filter(festival__in=list(festival_ids))
        return qs.visible_to(user, Cap.FUNDING_VIEW) if user is not None else qs

    out: dict[int, dict[str, int]] = {
        f: {"budget": 0, "donation_cash": 0, "donation_in_kind": 0, "spent": 0} for f in festival_ids
    }
    for festival_id, form, value in scoped(Contribution).values_list("festival_id", "form", "value"):
        key = "donation_cash" if form == ContributionForm.CASH else "donation_in_kind"
        out[festival_id][key] += value
    for festival_id, source, amount in scoped(Expense).values_list("festival_id", "source", "amount"):
        out[festival_id]["spent"] += amount
        if source == MoneySource.BUDGET:
            out[festival_id]["budget"] += amount
    return out


__all__ = [
    "Balances",
    "FundingError",
    "balances",
    "funds_by_festival",
    "record_allocation",
    "record_contribution",
    "record_expense",
    "update_allocation",
    "update_contribution",
    "update_expense",
]
