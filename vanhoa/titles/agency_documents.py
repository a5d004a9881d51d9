"""The words of an agency decision (TT 08/2014/TT-BVHTTDL): three titles chosen by each agency's kind — “Cơ quan
đạt chuẩn văn hóa”, “Đơn vị đạt chuẩn văn hóa”, “Doanh nghiệp đạt chuẩn văn hóa” — never the merged name of the
title type, and "công nhận lại" for the province's re-recognition (with the year of the previous recognition).
"""

from __future__ import annotations

from collections.abc import Sequence

from vanhoa.core.text import format_number
from vanhoa.registry.choices import AgencyKind
from vanhoa.titles.choices import Recognition
from vanhoa.titles.models import AgencyEnrolment, Candidacy, Decision

KIND_ORDER = [AgencyKind.AGENCY, AgencyKind.UNIT, AgencyKind.ENTERPRISE]


def is_renewal(cands: Sequence[Candidacy]) -> bool:
    return any(c.recognition == Recognition.RENEWAL for c in cands)


def _kind(c: Candidacy) -> str:
    return c.agency.kind if c.agency_id else AgencyKind.AGENCY


def _by_kind(cands: Sequence[Candidacy]) -> list[tuple[str, int]]:
    counts = {k: sum(1 for c in cands if _kind(c) == k) for k in KIND_ORDER}
    return [(k, n) for k, n in counts.items() if n]


def title_of(kind: str) -> str:
    return f"{AgencyKind(kind).label} đạt chuẩn văn hóa"


def quoted_titles(cands: Sequence[Candidacy]) -> str:
    """“Cơ quan đạt chuẩn văn hóa”, “Đơn vị đạt chuẩn văn hóa” — the titles this decision gives."""
    return ", ".join(f"“{title_of(k)}”" for k, _n in _by_kind(cands)) or "“Cơ quan đạt chuẩn văn hóa”"


def summary(cands: Sequence[Candidacy], year: int) -> str:
    verb = "công nhận lại" if is_renewal(cands) else "công nhận"
    return f"Về việc {verb} danh hiệu {quoted_titles(cands)} năm {year}"


def article_one(cands: Sequence[Candidacy], year: int) -> str:
    parts = [
        f"danh hiệu “{title_of(k)}” cho {format_number(n)} {AgencyKind(k).label.lower()}" for k, n in _by_kind(cands)
    ]
    if is_renewal(cands):
        return (
            f"Công nhận lại năm {year} {'; '.join(parts)} đã giữ vững danh hiệu kể từ lần công nhận trước "
            "(Có danh sách kèm theo)."
        )
    return f"Công nhận năm {year} {'; '.join(parts)} (Có danh sách kèm theo)."


def who(cands: Sequence[Candidacy]) -> str:
    """"đơn vị", "cơ quan, doanh nghiệp" …: the kinds of agency the decision names."""
    return ", ".join(AgencyKind(k).label.lower() for k, _n in _by_kind(cands)) or "cơ quan, đơn vị, doanh nghiệp"


def annex_title(cands: Sequence[Candidacy], year: int) -> str:
    verb = "công nhận lại" if is_renewal(cands) else "công nhận"
    return f"{who(cands).capitalize()} được {verb} danh hiệu {quoted_titles(cands)} năm {year}"


def previous_recognition(c: Candidacy) -> int | None:
    """The year of the recognition a renewal follows (in the system, else the one recorded on paper)."""
    before = (
        Candidacy.objects.filter(title_type_id=c.title_type_id, agency_id=c.agency_id, year__lt=c.year)
        .filter(state__in=["decided", "certified"])
        .order_by("-year")
        .values_list("year", flat=True)
        .first()
    )
    if before is not None:
        return before
    enrolment = AgencyEnrolment.objects.filter(agency_id=c.agency_id).first()
    return enrolment.prior_year if enrolment is not None else None


def note(c: Candidacy, d: Decision) -> str:
    if c.state == "revoked":
        return "Đã thu hồi"
    if c.recognition == Recognition.RENEWAL:
        last = previous_recognition(c)
        return f"Công nhận lần trước năm {last}" if last else ""
    return ""
