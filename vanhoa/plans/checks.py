"""The rules a plan and its parts must keep, checked before anything is written: each raises PlanError with a
Vietnamese message saying where and what."""

from __future__ import annotations

from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import PermissionDenied

from vanhoa.core.text import format_date, nfc, nfc_multiline
from vanhoa.documents import register
from vanhoa.plans.choices import FundingKind, TargetIndicator, TargetUnit
from vanhoa.plans.models import FundingSource, Plan, Responsibility, Target, clean_lines
from vanhoa.units.choices import UnitKind
from vanhoa.units.models import Unit


class PlanError(Exception):
    """A plan change that breaks a rule; the message is shown to the user as is."""


class PlanPermissionError(PlanError, PermissionDenied):
    """The actor may not make this change (views answer 403 before it gets here)."""


def check_ward_year(ward: Unit, year: int) -> None:
    if ward.kind != UnitKind.COMMUNE:
        raise PlanError("Kế hoạch phải thuộc một xã, phường.")
    if not 2000 <= int(year) <= 2100:
        raise PlanError(f"Năm: {year} không hợp lệ.")
    if ward.valid_from and ward.valid_from > date(year, 12, 31):
        raise PlanError(f"Năm: {ward.name} chỉ có từ {format_date(ward.valid_from)}, chưa có trong năm {year}.")
    if ward.valid_to and ward.valid_to < date(year, 1, 1):
        raise PlanError(
            f"Năm: {ward.name} chỉ hoạt động đến {format_date(ward.valid_to)}; kế hoạch năm {year} thuộc đơn vị "
            "kế tục."
        )
    if Plan.objects.filter(ward=ward, year=year).exists():
        raise PlanError(f"Năm: {ward.name} đã có kế hoạch năm {year}.")


def clean_plan(plan: Plan) -> None:
    plan.normalise_text()
    plan.issuer = nfc_multiline(plan.issuer)
    plan.title = nfc_multiline(plan.title)
    plan.number = register.clean_number(plan.number, plan.symbol or "KH-BCĐ", PlanError)
    if not plan.issuer:
        raise PlanError("Tên cơ quan ban hành: vui lòng nhập.")
    if not plan.title:
        raise PlanError("Trích yếu: vui lòng nhập.")
    if not plan.place:
        raise PlanError("Địa danh: vui lòng nhập (ví dụ: Quyết Tiến).")
    if not plan.symbol:
        raise PlanError("Ký hiệu: vui lòng nhập (ví dụ: KH-BCĐ).")
    if plan.issued_on and plan.issued_on.year != plan.year:
        raise PlanError(f"Ngày ban hành: {format_date(plan.issued_on)} không thuộc năm {plan.year} của kế hoạch.")
    if plan.issuer_organisation_id and plan.issuer_organisation.ward_id != plan.ward_id:
        raise PlanError("Cơ quan ban hành: phải là tổ chức của chính xã, phường này.")


def decimal(value: Any, what: str) -> Decimal | None:
    if value in (None, ""):
        return None
    try:
        return Decimal(str(value).strip().replace(" ", "").replace(",", "."))
    except InvalidOperation as exc:
        raise PlanError(f"{what}: «{value}» không phải là số.") from exc


def clean_target(t: Target, where: str) -> None:
    if t.indicator not in TargetIndicator.values:
        raise PlanError(f"{where}: chỉ số không hợp lệ.")
    if t.unit not in TargetUnit.values:
        raise PlanError(f"{where}: đơn vị không hợp lệ.")
    if not t.label:
        raise PlanError(f"{where}: vui lòng nhập tên chỉ tiêu (ví dụ: Gia đình văn hóa đạt).")
    value = decimal(t.value, f"{where}, giá trị")
    if value is None:
        raise PlanError(f"{where}: vui lòng nhập giá trị.")
    if value < 0:
        raise PlanError(f"{where}: giá trị không được âm.")
    if t.unit == TargetUnit.PERCENT and value > 100:
        raise PlanError(f"{where}: tỷ lệ không quá 100%.")
    if t.unit == TargetUnit.RATIO:
        if not t.denominator:
            raise PlanError(f"{where}: tỷ số x/y cần tổng số y (ví dụ 8/8).")
        if value > t.denominator:
            raise PlanError(f"{where}: {value.normalize()} lớn hơn tổng số {t.denominator}.")
    elif t.denominator:
        t.denominator = None
    if t.unit != TargetUnit.PERCENT and value != value.to_integral_value():
        raise PlanError(f"{where}: số lượng phải là số nguyên.")
    t.value = value


def clean_funding(f: FundingSource, where: str) -> None:
    f.text = nfc_multiline(f.text)
    if not f.text:
        raise PlanError(f"{where}: vui lòng nhập nội dung.")
    if f.kind not in FundingKind.values:
        raise PlanError(f"{where}: nguồn kinh phí không hợp lệ.")
    f.amount = decimal(f.amount, f"{where}, số tiền")
    if f.amount is not None and f.amount < 0:
        raise PlanError(f"{where}: số tiền không được âm.")


def clean_responsibility(r: Responsibility, where: str) -> None:
    r.heading = nfc(r.heading)
    r.tasks = clean_lines(r.tasks)
    if not r.heading:
        raise PlanError(f"{where}: vui lòng nhập tên đơn vị.")
    if not r.tasks:
        raise PlanError(f"{where}: vui lòng ghi ít nhất một nhiệm vụ.")
    if r.organisation_id and r.organisation.ward_id != r.plan.ward_id:
        raise PlanError(f"{where}: tổ chức không thuộc {r.plan.ward.name}.")
