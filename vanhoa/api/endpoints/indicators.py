"""Indicators of one unit for one year (aggregates only): the same figures as `manage.py indicators` and the
report pages (vanhoa.reports.indicators.Figures)."""

from datetime import date
from enum import StrEnum
from typing import Any

import ninja
from pydantic import Field

from vanhoa.accounts.permissions import Cap, has_cap
from vanhoa.api.framework import Id, QueryText, Router, Year, invalid, not_found, resolve_units
from vanhoa.reports import indicators as ind
from vanhoa.units.models import Unit

router = Router(tags=["Chỉ tiêu"])

IndicatorCode = StrEnum("IndicatorCode", {c.upper(): c for c in ind.ORDER})  # type: ignore[misc]


class IndicatorOut(ninja.Schema):
    code: str
    label: str
    kind: str = Field(description="percent | ratio | count | money")
    numerator: str | int | None = Field(description="Tử số (số thập phân dạng chuỗi)")
    denominator: int | None = Field(description="Mẫu số")
    value: str | None = Field(description="Giá trị (số thập phân dạng chuỗi); trống: chưa có dữ liệu")
    value_text: str = Field(description="98,4% · 8/8 · 12.500.000 đồng · chưa có dữ liệu")
    target: str | None = Field(description="Chỉ tiêu của kế hoạch năm (trống: không có)")
    target_kind: str
    target_text: str
    status: str | None = Field(description="met | not_met | exceeded; trống khi không có chỉ tiêu")
    status_text: str | None
    note: str
    counted: str


class UnitRef(ninja.Schema):
    id: int
    name: str
    kind: str
    code: str


class IndicatorsOut(ninja.Schema):
    unit: UnitRef
    year: int
    on: date = Field(description="Số liệu tính đến ngày")
    indicators: list[IndicatorOut]


class IndicatorParams(ninja.Schema):
    unit: Id | None = Field(None, description="Tổ, xã, phường, thành phố, tỉnh (id); cần unit hoặc unit_code")
    unit_code: QueryText | None = Field(None, description="Như unit nhưng theo mã: '03388' hoặc '2025:03388'")
    year: Year = Field(description="Năm")


def _unit(request: Any, params: IndicatorParams) -> Unit:
    ids = resolve_units(params.unit, params.unit_code)
    if not ids:
        raise invalid("unit", "Đơn vị: hãy chọn một đơn vị (unit hoặc unit_code).")
    order = {"province": 0, "district": 1, "commune": 2, "group": 3}
    units = sorted(Unit.objects.filter(pk__in=ids), key=lambda u: (u.valid_to is not None, order.get(u.kind, 9), u.pk))
    for u in units:
        if has_cap(request.user, Cap.INDICATORS_VIEW, u.pk):
            return u
    raise not_found(f"Không tìm thấy đơn vị {params.unit or params.unit_code} trong phạm vi của bạn.")


def _figures(request: Any, params: IndicatorParams) -> tuple[Unit, Any, dict[str, Any]]:
    unit = _unit(request, params)
    figures = ind.Figures(params.year, None, [unit])
    return unit, figures, figures.all(unit.pk)


def _head(unit: Unit, year: int, figures: Any) -> dict[str, Any]:
    return {
        "unit": {"id": unit.pk, "name": unit.name, "kind": unit.kind, "code": unit.code},
        "year": year,
        "on": figures.on,
    }


@router.get("/indicators", cap=Cap.INDICATORS_VIEW, response=IndicatorsOut, summary="Các chỉ tiêu của một đơn vị")
def list_indicators(request: Any, params: ninja.Query[IndicatorParams]) -> dict[str, Any]:
    unit, figures, items = _figures(request, params)
    return {**_head(unit, params.year, figures), "indicators": [i.to_json() for i in items.values()]}


class OneIndicatorOut(ninja.Schema):
    unit: UnitRef
    year: int
    on: date
    indicator: IndicatorOut


@router.get(
    "/indicators/{code}", cap=Cap.INDICATORS_VIEW, response=OneIndicatorOut, summary="Một chỉ tiêu của một đơn vị"
)
def get_indicator(request: Any, code: IndicatorCode, params: ninja.Query[IndicatorParams]) -> dict[str, Any]:
    unit, figures, items = _figures(request, params)
    return {**_head(unit, params.year, figures), "indicator": items[str(code.value)].to_json()}
