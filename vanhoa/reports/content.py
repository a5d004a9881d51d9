"""What a report says, as one JSON-able dict (the "snapshot"): its header, the figures computed from the records
as of a date, the plan's activities, the providers' figures and the ward's narrative.

A draft's snapshot is computed when it is shown; the snapshot sent up is stored with the report version and
never recomputed, so the DOCX, the XLSX annex, the charts and the diff between versions all come from it.
"""

from __future__ import annotations

from dataclasses import asdict
from datetime import date
from typing import Any

from vanhoa.core.text import format_date, format_number, format_percent, percent
from vanhoa.reports import indicators as ind
from vanhoa.reports.choices import ReportKind, Status
from vanhoa.reports.models import NARRATIVE_FIELDS
from vanhoa.units.choices import UnitKind
from vanhoa.units.models import Unit
from vanhoa.units.words import commune_word, words_for

SNAPSHOT_VERSION = 1
MOVEMENT = "“Toàn dân đoàn kết xây dựng đời sống văn hóa”"
MOVEMENT_SHORT = "“TDĐKXDĐSVH”"
TREND_FROM = 2018


def period_of(kind: str, year: int) -> tuple[date, date]:
    if kind == ReportKind.SEMIANNUAL:
        return date(year, 1, 1), date(year, 6, 30)
    return date(year, 1, 1), date(year, 12, 31)


def default_as_of(kind: str, year: int) -> date:
    """The end of the period, or today while the period runs."""
    return min(period_of(kind, year)[1], ind.today())


def recipient_for(ward: Unit) -> Unit | None:
    """Where the ward sends its reports: its parent on the last day it existed (or today). Phường Quyết Tiến
    (until 30/06/2025) → Thành phố Lai Châu; phường Đoàn Kết (from 01/07/2025) → Tỉnh Lai Châu."""
    day = ind.today()
    if ward.valid_to is not None and ward.valid_to < day:
        day = ward.valid_to
    return ward.parent_on(day)


def unit_phrase(unit: Unit | None, day: date) -> str:
    """ "phường Quyết Tiến", "thành phố Lai Châu" (the name of the time)."""
    if unit is None:
        return ""
    return f"{unit.type_label.lower()} {unit.short_name_on(day)}".strip()


def _plan_of(ward: Unit, year: int) -> Any:
    from vanhoa.plans.models import Plan
    from vanhoa.units.tree import get_graph

    plans = list(Plan.objects.filter(year=year, ward__in=get_graph().covered(ward.pk)).select_related("ward"))
    exact = [p for p in plans if p.ward_id == ward.pk]
    return (exact or plans or [None])[0]


def default_header(ward: Unit, kind: str, year: int) -> dict[str, Any]:
    """Header and closing as the year's plan prints them (same issuing body and signer), else sensible defaults."""
    plan = _plan_of(ward, year)
    day = period_of(kind, year)[1]
    recipient = recipient_for(ward)
    place = plan.place if plan else ward.short_name_on(day)
    up = unit_phrase(recipient, day)
    recipients = [f"Ban Chỉ đạo phong trào {MOVEMENT_SHORT} {up} (b/c)" if up else "Ban Chỉ đạo cấp trên (b/c)"]
    commune = commune_word(ward)  # a xã's report goes to the xã's bodies, not a phường's
    recipients += [
        f"Thường trực Đảng ủy, HĐND, UBND {commune}",
        f"Thành viên Ban Chỉ đạo phong trào {MOVEMENT_SHORT} {commune}",
    ]
    recipients.append("Lưu: VT")
    return {
        "issuer_parent": plan.issuer_parent if plan else f"UBND {ward.name_on(day).upper()}",
        "issuer": plan.issuer if plan else f"BAN CHỈ ĐẠO PHONG TRÀO\n{MOVEMENT_SHORT}",
        "number": "",
        "symbol": "BC-BCĐ",
        "place": place,
        "issued_on": None,
        "as_of": default_as_of(kind, year),
        "recipients": recipients,
        "signature_authority": list(plan.signature_authority)
        if plan and plan.signature_authority
        else ["TM. BAN CHỈ ĐẠO", "TRƯỞNG BAN"],
        "signer_title": plan.signer_title if plan else "",
        "signer_name": plan.signer_name if plan else "",
    }


# --------------------------------------------------------------------------- figures


def _activity_notes(activity_ids: list[int]) -> dict[int, str]:
    """The latest progress note of each activity (one query)."""
    from vanhoa.plans.models import ActivityNote

    out: dict[int, str] = {}
    for aid, text in (
        ActivityNote.objects.filter(activity__in=activity_ids)
        .exclude(text="")
        .order_by("-on", "-pk")
        .values_list("activity_id", "text")
    ):
        out.setdefault(aid, text)
    return out


def figures(ward: Unit, kind: str, year: int, as_of: date) -> dict[str, Any]:
    """The computed part of a snapshot: indicators, groups, trend, activities and the providers' figures."""
    from vanhoa.plans.choices import DISPLAY_STATUS_LABELS, OVERDUE, ActivityStatus

    f = ind.Figures(year, as_of, [ward.pk])
    f.provided(ward.pk)  # every provided figure, read first: the money indicators then take theirs from it
    indicators = f.all(ward.pk)
    rows = f.activity_rows(ward.pk)
    notes = _activity_notes([r["id"] for r in rows])
    activities = []
    for r in rows:
        status = OVERDUE if r["overdue"] else r["status"]
        if r["status"] == ActivityStatus.DONE and not r["done"]:  # done only after the as-of date
            status = ActivityStatus.IN_PROGRESS
        activities.append(
            {
                "content": r["content"],
                "category": r["category"],
                "timing_text": r["timing_text"],
                "due": r["due"].isoformat(),
                "status": status,
                "status_text": DISPLAY_STATUS_LABELS.get(status, status),
                "completed_on": r["completed_on"].isoformat() if r["done"] and r["completed_on"] else None,
                "on_time": r["on_time"],
                "note": notes.get(r["id"], ""),
            }
        )
    years = range(min(TREND_FROM, year), year + 1) if kind == ReportKind.ANNUAL else range(year - 3, year)
    trend = [
        {
            "year": y,
            "numerator": i.numerator,
            "denominator": i.denominator,
            "value": str(i.value) if i.value is not None else None,
            "target": str(i.target) if i.target is not None else None,
        }
        for y, i in ind.household_trend(ward, years)
    ]
    provided = {
        key: [{"key": it.key, "label": it.label, "value": _plain(it.value), "unit": it.unit} for it in items]
        for key, items in f.provided(ward.pk).items()
    }
    groups = []
    for g in f.group_rows(ward.pk):
        row = asdict(g)
        row["rate"] = _plain(g.rate)
        row["registration_rate"] = _plain(g.registration_rate)
        groups.append(row)
    return {
        "indicators": [i.to_json() for i in indicators.values()],
        "groups": groups,
        "trend": trend,
        "activities": activities,
        "provided": provided,
    }


def _plain(value: Any) -> Any:
    from decimal import Decimal

    return str(value) if isinstance(value, Decimal) else value


def build_snapshot(
    ward: Unit,
    kind: str,
    year: int,
    *,
    header: dict[str, Any] | None = None,
    narrative: dict[str, str] | None = None,
    recipient: Unit | None = None,
) -> dict[str, Any]:
    """Everything the report says. Missing header fields and narrative parts get their defaults."""
    head = {**default_header(ward, kind, year), **(header or {})}
    as_of = head["as_of"]
    if isinstance(as_of, str):
        as_of = date.fromisoformat(as_of)
    recipient = recipient or recipient_for(ward)
    start, end = period_of(kind, year)
    plan = _plan_of(ward, year)
    snap: dict[str, Any] = {
        "version": SNAPSHOT_VERSION,
        "kind": kind,
        "year": year,
        "as_of": as_of.isoformat(),
        "period": [start.isoformat(), end.isoformat()],
        "unit": {
            "id": ward.pk,
            "name": ward.name_on(end),
            "short_name": ward.short_name_on(end),
            "phrase": unit_phrase(ward, min(end, ward.valid_to or end)),
        },
        "recipient": {"id": recipient.pk, "name": recipient.name, "phrase": unit_phrase(recipient, end)}
        if recipient
        else None,
        "plan": {
            "number_text": plan.number_text.replace("Số:", "").strip(),
            "issued_on": plan.issued_on.isoformat() if plan.issued_on else None,
            "title": plan.title,
        }
        if plan
        else None,
        "header": {
            **{k: v for k, v in head.items() if k not in ("as_of", "issued_on")},
            "issued_on": head["issued_on"].isoformat() if head.get("issued_on") else None,
        },
        **figures(ward, kind, year, as_of),
    }
    local = words_for(ward, as_of).localise  # the generic "tổ dân phố", "phường" in the commune's own words
    defaults = {k: local(v) for k, v in default_narrative(snap).items()}
    given = narrative or {}
    snap["narrative"] = {k: (given.get(k) if given.get(k) is not None else defaults[k]) for k in NARRATIVE_FIELDS}
    return snap


# --------------------------------------------------------------------------- default narrative


def indicator_sentence(i: ind.Indicator, snap: dict[str, Any]) -> str:
    """ "Hộ gia đình văn hóa: 1.187/1.206 hộ, đạt 98,4% (chỉ tiêu 98,4%: đạt)."""
    if not i.has_data:
        residents = ""
        if i.code == ind.CULTURAL_FAMILY_RATE and i.denominator:
            residents = f"{format_number(i.denominator)} hộ cư trú, "
        return f"{i.label}: {residents}{i.note or ind.NO_DATA}."
    text = f"{i.label}: {i.fraction_text}" if i.fraction_text else f"{i.label}: {i.value_text}"
    if i.code != ind.CULTURAL_GROUP_COUNT and i.fraction_text and i.kind == "percent":
        text += f" ({i.value_text})"
    if i.target_text:
        text += f"; chỉ tiêu {i.target_text}: {i.status_label.lower() or 'chưa đánh giá'}"
    return text + "."


def on_time_sentence(snap: dict[str, Any]) -> str:
    """What sits above the table of activities, counted from that same table (snap["activities"]): "Hoạt động kế
    hoạch hoàn thành đúng hạn: 7/7 hoạt động đã đến hạn (100,0%); kế hoạch có 9 hoạt động, 2 hoạt động chưa đến hạn
    (tính đến ngày 29/12/2020)." Never a fraction that disagrees with the rows below it."""
    rows = snap.get("activities") or []
    if not rows:
        return ""
    as_of = date.fromisoformat(snap["as_of"])
    due = [r for r in rows if date.fromisoformat(r["due"]) <= as_of]
    on_time = sum(1 for r in due if r["on_time"])
    label = ind.DEFINITIONS[ind.PLAN_ON_TIME][0]
    if due:
        text = f"{label}: {format_number(on_time)}/{format_number(len(due))} hoạt động đã đến hạn"
        text += f" ({format_percent(percent(on_time, len(due)))})"
    else:
        text = f"{label}: chưa có hoạt động đến hạn"
    text += f"; kế hoạch có {format_number(len(rows))} hoạt động"
    if len(rows) > len(due):
        text += f", {format_number(len(rows) - len(due))} hoạt động chưa đến hạn"
    return text + f" (tính đến ngày {format_date(as_of)})."


def plan_reference(snap: dict[str, Any]) -> str:
    """ "Kế hoạch số 05/KH-BCĐ ngày 05/01/2020" (number and date when the plan has them; dd/mm/yyyy so that no
    body sentence looks like the document's place-date line)."""
    plan = snap.get("plan")
    if not plan:
        return "Kế hoạch"
    number = plan["number_text"]
    ref = f"Kế hoạch số {number}" if number and not number.startswith("/") else "Kế hoạch"
    if plan["issued_on"]:
        ref += f" ngày {format_date(date.fromisoformat(plan['issued_on']))}"
    return ref


def default_narrative(snap: dict[str, Any]) -> dict[str, str]:
    year, kind = snap["year"], snap["kind"]
    ward = snap["unit"]["phrase"]
    plan = snap.get("plan")
    inds = [ind.Indicator.from_json(d) for d in snap["indicators"]]
    plan_ref = plan_reference(snap)
    direction = (
        f"Ban Chỉ đạo phong trào {MOVEMENT} {ward} ban hành {plan_ref} triển khai thực hiện phong trào năm {year}; "
        "phân công nhiệm vụ cụ thể cho các thành viên Ban Chỉ đạo, hướng dẫn Ban công tác Mặt trận và các tổ dân "
        "phố đăng ký, tổ chức thực hiện các danh hiệu văn hóa."
        if plan
        else f"Ban Chỉ đạo phong trào {MOVEMENT} {ward} triển khai thực hiện phong trào năm {year}."
    )
    outreach_items = [a for a in snap["activities"] if a["category"] in ("outreach", "training")]
    outreach = "\n".join(f"- {a['content'].rstrip('.')} ({a['status_text'].lower()})." for a in outreach_items) or (
        "Tuyên truyền về phong trào trên hệ thống loa truyền thanh, tại các buổi sinh hoạt tổ dân phố."
    )
    good = [i for i in inds if i.status in (Status.MET, Status.EXCEEDED)]
    bad = [i for i in inds if i.status == Status.NOT_MET]
    strengths = [f"- {indicator_sentence(i, snap)}" for i in good]
    strengths.insert(0, "- Các tổ dân phố, cơ quan, đơn vị tích cực hưởng ứng, đăng ký và thực hiện phong trào.")
    weaknesses = [f"- {indicator_sentence(i, snap)}" for i in bad]
    late = [a for a in snap["activities"] if a["status"] == "overdue"]
    weaknesses += [
        f"- Hoạt động chưa hoàn thành đúng thời gian: {a['content'].rstrip('.')} ({a['timing_text']})." for a in late
    ]
    if not weaknesses:
        weaknesses = [
            "- Kinh phí cho các hoạt động của phong trào còn hạn hẹp; việc huy động nguồn lực xã hội hóa chưa nhiều."
        ]
    if kind == ReportKind.SEMIANNUAL:
        end = date(year, 6, 30)
        rest = [a for a in snap["activities"] if date.fromisoformat(a["due"]) > end]
        tasks = [f"- {a['content'].rstrip('.')} ({a['timing_text']})." for a in rest] or [
            f"- Tiếp tục triển khai các nội dung của kế hoạch năm {year}."
        ]
    else:
        tasks = [
            f"- Xây dựng kế hoạch triển khai thực hiện phong trào năm {year + 1}; duy trì và nâng cao chất lượng các "
            "danh hiệu văn hóa.",
            "- Đẩy mạnh tuyên truyền, vận động Nhân dân đăng ký và thực hiện các tiêu chuẩn danh hiệu văn hóa.",
            "- Tăng cường kiểm tra, giám sát việc thực hiện phong trào tại các tổ dân phố, cơ quan, đơn vị.",
        ]
    up = (snap.get("recipient") or {}).get("phrase", "")
    proposals = (
        f"Đề nghị Ban Chỉ đạo phong trào {up} tiếp tục quan tâm hỗ trợ kinh phí, tổ chức tập huấn nghiệp vụ cho cán "
        "bộ làm công tác văn hóa ở cơ sở."
        if up
        else ""
    )
    return {
        "direction": direction,
        "outreach": outreach,
        "activities_note": "",
        "funding_note": "",
        "strengths": "\n".join(strengths),
        "weaknesses": "\n".join(weaknesses),
        "tasks": "\n".join(tasks),
        "proposals": proposals,
    }


# --------------------------------------------------------------------------- reading a snapshot back


def indicators_of(snap: dict[str, Any]) -> list[ind.Indicator]:
    return [ind.Indicator.from_json(d) for d in snap["indicators"]]


def indicator(snap: dict[str, Any], code: str) -> ind.Indicator | None:
    return next((i for i in indicators_of(snap) if i.code == code), None)


def as_of(snap: dict[str, Any]) -> date:
    return date.fromisoformat(snap["as_of"])


def trend_points(snap: dict[str, Any]) -> list[tuple[int, Any, Any]]:
    from decimal import Decimal

    return [
        (t["year"], Decimal(t["value"]) if t["value"] else None, Decimal(t["target"]) if t["target"] else None)
        for t in snap["trend"]
    ]


def rate_text(value: Any) -> str:
    from decimal import Decimal

    return format_percent(Decimal(value)) if value not in (None, "") else "–"


def is_commune(unit: Unit) -> bool:
    return unit.kind == UnitKind.COMMUNE
