"""Every change to a report, audited: draft, edit, send up (a frozen version), receive, return with a reason.

The ward (Cap.REPORTS_CHANGE on the ward) drafts and sends; the committee above (Cap.REPORTS_RECEIVE on the unit
the report was sent to) receives it or returns it with a reason; the ward edits and sends again. Every version
sent is kept as it was (ReportVersion: figures, narrative, DOCX, XLSX).
"""

from __future__ import annotations

import difflib
import hashlib
from datetime import date
from html import escape
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from vanhoa.accounts.permissions import Cap
from vanhoa.core import audit
from vanhoa.core.actors import actor_name, may
from vanhoa.core.text import format_date, format_number, nfc, nfc_multiline
from vanhoa.documents import numbered, register
from vanhoa.reports import content, documents
from vanhoa.reports import indicators as ind
from vanhoa.reports.choices import EDITABLE, ReportKind, ReportStatus
from vanhoa.reports.models import HEADER_FIELDS, NARRATIVE_FIELDS, Report, ReportDueDate, ReportVersion
from vanhoa.units.choices import UnitKind
from vanhoa.units.models import Unit

AUDIT_FIELDS = ("status", "as_of", "number", "issued_on", "signer_name", *NARRATIVE_FIELDS)
LIST_FIELDS = ("recipients", "signature_authority")


class ReportError(Exception):
    """A report change that breaks a rule; the message is shown to the user as is."""


class ReportRefused(ReportError, PermissionDenied):
    """The actor lacks the capability (views check first; this is the backstop)."""


def _require(actor: Any, cap: Cap, unit: Any, message: str) -> None:
    """Services refuse an actor without the capability: a user, or a system actor not given it (core/actors.py)."""
    if not may(actor, cap, unit):
        raise ReportRefused(message)


def _clean_lines(value: Any) -> list[str]:
    if isinstance(value, str):
        value = value.splitlines()
    return [t for t in (nfc(str(v)) for v in value or []) if t]


def live_snapshot(report: Report) -> dict[str, Any]:
    """The report as it reads now: figures computed from the records as of `report.as_of`, with its narrative."""
    header = {f: getattr(report, f) for f in HEADER_FIELDS}
    narrative = {f: getattr(report, f) for f in NARRATIVE_FIELDS}
    return content.build_snapshot(
        report.ward, report.kind, report.year, header=header, narrative=narrative, recipient=report.recipient
    )


def _check_period(ward: Unit, kind: str, year: int) -> None:
    start, end = content.period_of(kind, year)
    if ward.kind != UnitKind.COMMUNE:
        raise ReportError("Báo cáo phong trào do xã, phường lập; hãy chọn một xã, phường.")
    if ward.valid_to is not None and ward.valid_to < start:
        raise ReportError(
            f"{ward.name} chỉ hoạt động đến {format_date(ward.valid_to)}; không lập báo cáo năm {year} cho đơn vị này."
        )
    if ward.valid_from is not None and ward.valid_from > end:
        raise ReportError(
            f"{ward.name} hoạt động từ {format_date(ward.valid_from)}; báo cáo năm {year} là của đơn vị tiền thân."
        )
    if start > ind.today():
        raise ReportError(f"Kỳ báo cáo năm {year} chưa bắt đầu.")


@transaction.atomic
def create_report(*, actor: Any, ward: Unit, kind: str, year: int) -> Report:
    """A new draft with its header taken from the year's plan and a narrative suggested from the figures."""
    _require(actor, Cap.REPORTS_CHANGE, ward, f"Bạn không có quyền lập báo cáo của {ward.name}.")
    if kind not in ReportKind.values:
        raise ReportError("Loại báo cáo không hợp lệ (sơ kết 6 tháng hoặc tổng kết năm).")
    _check_period(ward, kind, year)
    existing = Report.objects.filter(ward=ward, kind=kind, year=year).first()
    if existing is not None:
        raise ReportError(f"{existing.title} của {ward.name} đã có; hãy mở báo cáo đó để sửa.")
    header = content.default_header(ward, kind, year)
    snap = content.build_snapshot(ward, kind, year, header=header)
    report = Report(ward=ward, kind=kind, year=year, status=ReportStatus.DRAFT, **header, **snap["narrative"])
    report.save()
    audit.record(actor, "reports.report.created", report, after=audit.snapshot(report, AUDIT_FIELDS), unit=ward)
    return report


@transaction.atomic
def update_report(report: Report, *, actor: Any, **data: Any) -> Report:
    """Change the header or the narrative of a draft (or of a returned report)."""
    _require(actor, Cap.REPORTS_CHANGE, report.ward_id, "Bạn không có quyền sửa báo cáo này.")
    report = Report.objects.select_for_update().get(pk=report.pk)
    if report.status not in EDITABLE:
        raise ReportError(f"Báo cáo đang ở trạng thái «{report.get_status_display()}»: không sửa được.")
    before = audit.snapshot(report, AUDIT_FIELDS)
    start, end = report.period
    for key, value in data.items():
        if key not in HEADER_FIELDS and key not in NARRATIVE_FIELDS:
            raise ReportError(f"Không sửa được trường {key}.")
        if key in LIST_FIELDS:
            value = _clean_lines(value)
        elif key in NARRATIVE_FIELDS or key == "issuer":
            value = nfc_multiline(value or "")
        setattr(report, key, value)
    if not (start <= report.as_of <= end):
        raise ReportError(f"Ngày tính số liệu phải trong kỳ báo cáo ({format_date(start)} – {format_date(end)}).")
    if report.as_of > ind.today():
        raise ReportError("Ngày tính số liệu không được sau hôm nay.")
    if report.issued_on is not None and report.issued_on < report.as_of:
        raise ReportError("Ngày ban hành báo cáo không được trước ngày tính số liệu.")
    if not report.issuer.strip() or not report.place.strip():
        raise ReportError("Cần ghi cơ quan ban hành và địa danh của báo cáo.")
    report.number = register.clean_number(report.number, report.symbol or "BC-BCĐ", ReportError)
    report.save()
    numbered.enter(report, actor=actor, error=ReportError)
    after = audit.snapshot(report, AUDIT_FIELDS)
    if before != after:
        audit.record(actor, "reports.report.updated", report, before=before, after=after, unit=report.ward)
    return report


@transaction.atomic
def submit_report(report: Report, *, actor: Any, on: date | None = None) -> ReportVersion:
    """Send the report up: freeze its figures and narrative in a new version, with the DOCX and the XLSX annex."""
    _require(actor, Cap.REPORTS_CHANGE, report.ward_id, "Bạn không có quyền gửi báo cáo này.")
    report = Report.objects.select_for_update().select_related("ward").get(pk=report.pk)
    if report.status not in EDITABLE:
        raise ReportError(f"Báo cáo đang ở trạng thái «{report.get_status_display()}»: không gửi lại được.")
    recipient = content.recipient_for(report.ward)
    if recipient is None:
        raise ReportError(f"{report.ward.name} không có đơn vị cấp trên để gửi báo cáo.")
    on = on or ind.today()
    before = audit.snapshot(report, AUDIT_FIELDS)
    report.recipient = recipient
    snap = live_snapshot(report)
    snap["submitted_on"] = on.isoformat()
    if is_supplement(report):
        snap["supplement"] = True
    docx = documents.docx_bytes(snap)
    number = (report.versions.order_by("-number").values_list("number", flat=True).first() or 0) + 1
    user = actor if getattr(actor, "pk", None) else None
    version = ReportVersion.objects.create(
        report=report,
        number=number,
        recipient=recipient,
        submitted_on=on,
        submitted_by=user,
        submitted_by_name=actor_name(actor),
        snapshot=snap,
        docx=docx,
        docx_sha256=hashlib.sha256(docx).hexdigest(),
        xlsx=documents.xlsx_bytes(snap),
    )
    report.status = ReportStatus.SUBMITTED
    report.save(update_fields=["status", "recipient", "updated_at"])
    family = content.indicator(snap, ind.CULTURAL_FAMILY_RATE)
    audit.record(
        actor,
        "reports.report.submitted",
        report,
        before=before,
        after=audit.snapshot(report, AUDIT_FIELDS),
        unit=report.ward,
        extra={
            "version": number,
            "recipient": recipient.name,
            "as_of": snap["as_of"],
            "cultural_family_rate": family.value_text if family else "",
        },
    )
    return version


def _answer(report: Report, actor: Any, status: str, on: date | None, reason: str = "") -> ReportVersion:
    report = Report.objects.select_for_update().get(pk=report.pk)
    if report.recipient_id is not None:
        _require(actor, Cap.REPORTS_RECEIVE, report.recipient_id, "Bạn không phải nơi nhận báo cáo này.")
    if report.status != ReportStatus.SUBMITTED:
        raise ReportError(f"Báo cáo đang ở trạng thái «{report.get_status_display()}», không chờ tiếp nhận.")
    version = report.latest_version()
    assert version is not None
    before = audit.snapshot(report, AUDIT_FIELDS)
    version.status = status
    version.answered_on = on or ind.today()
    version.answered_at = timezone.now()
    version.answered_by = actor if getattr(actor, "pk", None) else None
    version.answered_by_name = actor_name(actor)
    version.reason = reason
    version.save(update_fields=["status", "answered_on", "answered_at", "answered_by", "answered_by_name", "reason"])
    report.status = status
    report.save(update_fields=["status", "updated_at"])
    action = "received" if status == ReportStatus.RECEIVED else "returned"
    audit.record(
        actor,
        f"reports.report.{action}",
        report,
        before=before,
        after=audit.snapshot(report, AUDIT_FIELDS),
        unit=report.ward,
        note=reason,
        extra={"version": version.number},
    )
    return version


@transaction.atomic
def receive_report(report: Report, *, actor: Any, on: date | None = None) -> ReportVersion:
    """The committee above takes the report in: the version sent becomes final."""
    _require(actor, Cap.REPORTS_RECEIVE, report.recipient_id, "Bạn không phải nơi nhận báo cáo này.")
    return _answer(report, actor, ReportStatus.RECEIVED, on)


@transaction.atomic
def return_report(report: Report, *, actor: Any, reason: str, on: date | None = None) -> ReportVersion:
    """The committee above sends the report back with a reason; the ward edits it and sends it again."""
    _require(actor, Cap.REPORTS_RECEIVE, report.recipient_id, "Bạn không phải nơi nhận báo cáo này.")
    reason = nfc_multiline(reason or "")
    if len(reason) < 5:
        raise ReportError("Lý do trả lại: hãy ghi rõ cần sửa, bổ sung gì (ít nhất 5 ký tự).")
    return _answer(report, actor, ReportStatus.RETURNED, on, reason)


# --------------------------------------------------------------------------- records changed since sending


def _group_differences(old: dict[str, Any], new: dict[str, Any]) -> list[dict[str, str]]:
    """The lines of the table by group whose households changed: [{label, old, new}]."""

    def line(g: dict[str, Any]) -> str:
        rec, res, reg = (format_number(g[k]) for k in ("recognised", "residents", "registered"))
        return f"{rec}/{res} hộ ({content.rate_text(g['rate'])}), đăng ký {reg}"

    before = {g["id"]: g for g in old.get("groups", [])}
    out = []
    for g in new.get("groups", []):
        o = before.pop(g["id"], None)
        if o is None or line(o) != line(g):
            out.append({"label": g["name"], "old": line(o) if o else "–", "new": line(g)})
    out += [{"label": o["name"], "old": line(o), "new": "–"} for o in before.values()]
    return out


def stale_figures(report: Report) -> list[dict[str, str]]:
    """The figures of the version last sent that the records no longer give, for the same as-of date:
    [{label, old, new}] (indicators, then lines of the table by group, then the activities and the providers'
    figures). Empty for a draft, a returned report, or when nothing changed."""
    version = report.latest_version()
    if version is None or report.status in EDITABLE:
        return []
    sent = version.snapshot
    fresh = live_snapshot(report)
    out = diff_snapshots(sent, fresh)["figures"]
    out += _group_differences(sent, fresh)
    if content.on_time_sentence(sent) != content.on_time_sentence(fresh):
        out.append({"label": "Hoạt động theo kế hoạch", "old": content.on_time_sentence(sent),
                    "new": content.on_time_sentence(fresh)})  # fmt: skip
    old_lines, new_lines = (
        " ".join(line.lstrip("- ") for line in documents.provided_lines(snap)) or "–" for snap in (sent, fresh)
    )
    if old_lines != new_lines:
        out.append({"label": "Kiểm tra, tập huấn, Ngày hội", "old": old_lines, "new": new_lines})
    return out


@transaction.atomic
def start_supplement(report: Report, *, actor: Any) -> Report:
    """The records changed after the report was received: open it again as a draft so that the ward sends a
    corrected version (gửi bổ sung) through the same send, return and resubmit path; the versions already sent
    stay as they were."""
    _require(actor, Cap.REPORTS_CHANGE, report.ward_id, "Bạn không có quyền lập báo cáo bổ sung.")
    report = Report.objects.select_for_update().select_related("ward").get(pk=report.pk)
    if report.status != ReportStatus.RECEIVED:
        raise ReportError(
            f"Báo cáo đang ở trạng thái «{report.get_status_display()}»: chỉ lập báo cáo bổ sung cho báo cáo cấp trên "
            "đã tiếp nhận."
        )
    if not stale_figures(report):
        raise ReportError("Số liệu của báo cáo đã gửi vẫn khớp với dữ liệu hiện nay: không cần báo cáo bổ sung.")
    before = audit.snapshot(report, AUDIT_FIELDS)
    report.status = ReportStatus.DRAFT
    report.save(update_fields=["status", "updated_at"])
    audit.record(
        actor,
        "reports.report.supplement_started",
        report,
        before=before,
        after=audit.snapshot(report, AUDIT_FIELDS),
        unit=report.ward,
        extra={"after_version": report.latest_version().number},
    )
    return report


def is_supplement(report: Report) -> bool:
    """A version sent now corrects one the committee above already received."""
    return report.versions.filter(status=ReportStatus.RECEIVED).exists()


# --------------------------------------------------------------------------- what changed between two versions


def _words_diff(old: str, new: str) -> str:
    """HTML of `new` with the words removed from `old` in <del> and the added ones in <ins> (escaped)."""
    a, b = old.split(), new.split()
    out = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(a=a, b=b, autojunk=False).get_opcodes():
        if op == "equal":
            out.append(escape(" ".join(a[i1:i2])))
        if op in ("delete", "replace"):
            out.append(f"<del>{escape(' '.join(a[i1:i2]))}</del>")
        if op in ("insert", "replace"):
            out.append(f"<ins>{escape(' '.join(b[j1:j2]))}</ins>")
    return " ".join(out)


NARRATIVE_LABELS = {
    "direction": "Công tác chỉ đạo, điều hành",
    "outreach": "Công tác tuyên truyền",
    "activities_note": "Nhận xét về các hoạt động",
    "funding_note": "Kinh phí",
    "strengths": "Ưu điểm",
    "weaknesses": "Tồn tại, hạn chế",
    "tasks": "Phương hướng, nhiệm vụ",
    "proposals": "Kiến nghị, đề xuất",
}


def diff_snapshots(old: dict[str, Any], new: dict[str, Any]) -> dict[str, list[dict[str, Any]]]:
    """{"figures": [{label, old, new}], "text": [{label, html}], "header": [{label, old, new}]} of what changed."""
    figures = []
    old_inds = {i.code: i for i in content.indicators_of(old)}
    for i in content.indicators_of(new):
        o = old_inds.get(i.code)
        before = f"{o.fraction_text} {o.value_text}".strip() if o else ""
        after = f"{i.fraction_text} {i.value_text}".strip()
        if before != after or (o and o.status != i.status):
            figures.append({"label": i.label, "old": before, "new": after})
    if old.get("as_of") != new.get("as_of"):
        figures.insert(
            0,
            {
                "label": "Số liệu tính đến ngày",
                "old": format_date(date.fromisoformat(old["as_of"])),
                "new": format_date(date.fromisoformat(new["as_of"])),
            },
        )
    text = []
    for key in NARRATIVE_FIELDS:
        a, b = old["narrative"].get(key, ""), new["narrative"].get(key, "")
        if a != b:
            text.append({"label": NARRATIVE_LABELS[key], "html": _words_diff(a, b)})
    header = []
    labels = {
        "number": "Số",
        "issued_on": "Ngày ban hành",
        "signer_name": "Người ký",
        "recipients": "Nơi nhận",
        "place": "Địa danh",
        "signature_authority": "Thẩm quyền ký",
        "signer_title": "Chức vụ người ký",
    }
    for key, label in labels.items():
        a, b = old["header"].get(key), new["header"].get(key)
        if a != b:
            fmt = (lambda v: "; ".join(v or [])) if key in LIST_FIELDS else (lambda v: v or "–")
            header.append({"label": label, "old": fmt(a), "new": fmt(b)})
    return {"figures": figures, "text": text, "header": header}


DUE_FIELDS = ("kind", "year", "due", "note")


@transaction.atomic
def set_report_due_date(*, actor: Any, unit: Unit, kind: str, year: int, due: date, note: str = "") -> ReportDueDate:
    """The receiving unit (Cap.REPORTS_RECEIVE on it) sets, or moves, the date by which the wards under it send
    the report of `kind` for `year`."""
    _require(actor, Cap.REPORTS_RECEIVE, unit, f"Bạn không có quyền đặt hạn gửi báo cáo cho {unit.name}.")
    if unit.kind not in (UnitKind.PROVINCE, UnitKind.DISTRICT):
        raise ReportError("Hạn gửi báo cáo do cấp tỉnh hoặc cấp huyện (thành phố) đặt; hãy chọn đơn vị cấp trên.")
    if kind not in ReportKind.values:
        raise ReportError("Loại báo cáo: chọn sơ kết 6 tháng hoặc tổng kết năm.")
    if not isinstance(year, int) or not 2000 <= year <= 2100:
        raise ReportError("Năm báo cáo không hợp lệ.")
    start, _end = content.period_of(kind, year)
    if due is None or due < start:
        raise ReportError(f"Hạn gửi: phải là một ngày từ {format_date(start)} trở đi (kỳ báo cáo năm {year}).")
    if due.year > year + 1:
        raise ReportError(f"Hạn gửi: {format_date(due)} quá xa so với kỳ báo cáo năm {year}.")
    if unit.valid_to is not None and unit.valid_to < start:
        raise ReportError(
            f"{unit.name} chỉ hoạt động đến {format_date(unit.valid_to)}; không đặt hạn báo cáo năm {year}."
        )
    note = nfc(note or "").strip()[:300]
    row = ReportDueDate.objects.select_for_update().filter(unit=unit, kind=kind, year=year).first()
    before = audit.snapshot(row, DUE_FIELDS) if row else None
    if row is None:
        row = ReportDueDate(unit=unit, kind=kind, year=year)
    row.due, row.note = due, note
    row.save()
    action = "reports.due_date.updated" if before else "reports.due_date.set"
    audit.record(actor, action, row, before=before, after=audit.snapshot(row, DUE_FIELDS), unit=unit)
    return row
