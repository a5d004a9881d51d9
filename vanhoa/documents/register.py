"""The register of outgoing documents (sổ đăng ký văn bản đi): one per issuing body and year, the only place a
numbered paper gets its number.

* `take_number(...)` gives the next number (race-safe: the book row is locked, and a unique constraint on
  (book, number) is the last guard). Every numbered paper the system issues calls it: decisions of every kind,
  plans, reports, numbered minutes, budget allocations; certificates take theirs from the UBND's book of
  certificates (`series="GCN"`, `take_numbers`).
* `record_number(...)` enters a paper numbered outside the system (a decision signed on paper, typed in
  afterwards): the number must be free in that book, or the message names the paper that holds it.
* `explain_gap(...)` records why a number was not used (cancelled draft, number given by hand); the book shows
  every unexplained gap.
* `parse_number(text, symbol)` reads the number field: the number alone ("125"); "125/QĐ-UBND" typed by habit is
  accepted when its symbol is the paper's own, anything else is refused, so a symbol is never printed twice.

Series (the body whose numbers these are): "UBND" (the People's Committee of the issuing unit), "BCĐ" (its
Ban Chỉ đạo of the movement, which issues under its own name and keeps its own series, NĐ 30/2020 Phụ lục I
mục II), "GCN" (the UBND's book of certificates). The symbol is "<type>-<series>" (NĐ 30/2020 Phụ lục III).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db import IntegrityError, models, transaction

from vanhoa.accounts.permissions import Cap
from vanhoa.core import audit
from vanhoa.core.actors import actor_name, require
from vanhoa.core.text import format_date, nfc
from vanhoa.documents.models import RegisterBook, RegisterEntry

UBND, BCD, GCN = "UBND", "BCĐ", "GCN"
ENTRY_FIELDS = ["number", "doc_type", "symbol", "issued_on", "summary", "signer", "void_reason"]


class RegisterError(ValueError):
    """A number that cannot be given (a Vietnamese message saying which paper holds it)."""


def symbol_for(doc_type: str, series: str) -> str:
    return "" if series == GCN else f"{doc_type}-{series}"


def book_title(issuer: Any, series: str) -> str:
    """ "sổ đăng ký văn bản đi của Ủy ban nhân dân phường Quyết Tiến" (the issuer's name as held on the unit)."""
    name = issuer.name[:1].lower() + issuer.name[1:]
    if series == GCN:
        return f"sổ cấp giấy công nhận của Ủy ban nhân dân {name}"
    body = "Ban Chỉ đạo phong trào" if series == BCD else "Ủy ban nhân dân"
    return f"sổ đăng ký văn bản đi của {body} {name}"


def parse_number(text: Any, symbol: str, field: str = "Số") -> int:
    """The number alone: "125" → 125; "125/QĐ-UBND" → 125 when the paper's symbol is QĐ-UBND."""
    raw = nfc(str(text or "")).strip()
    m = re.fullmatch(r"0*(\d{1,6})(?:\s*/\s*(\S+))?", raw)
    if not m or int(m.group(1)) == 0:
        raise RegisterError(f"{field}: chỉ nhập số thứ tự (ví dụ 125); ký hiệu {symbol} do hệ thống ghi.")
    if m.group(2) and m.group(2).casefold() != symbol.casefold():
        raise RegisterError(
            f"{field}: «{raw}» có ký hiệu {m.group(2)}, khác ký hiệu {symbol} của văn bản này; chỉ nhập số thứ tự."
        )
    return int(m.group(1))


def _book(issuer: Any, series: str, year: int) -> RegisterBook:
    """The book, created if missing, locked for the rest of the transaction."""
    try:
        with transaction.atomic():
            RegisterBook.objects.get_or_create(issuer_id=issuer.pk, series=series, year=year)
    except IntegrityError:  # created by a concurrent transaction in between
        pass
    return RegisterBook.objects.select_for_update().get(issuer_id=issuer.pk, series=series, year=year)


def _source(source: models.Model | None) -> dict[str, Any]:
    if source is None:
        return {"source_type": "", "source_id": None}
    return {"source_type": source._meta.label_lower, "source_id": source.pk}


def _check_year(year: int, issued_on: date | None) -> None:
    if issued_on is not None and issued_on.year != year:
        raise RegisterError(f"Ngày văn bản {format_date(issued_on)} không thuộc năm {year} của sổ.")


def _paper_entry(
    book: RegisterBook, number: int, doc_type: str, series: str, *, issued_on: date, summary: str, actor: Any,
    signer: str = "", recipients: str = "", source: models.Model | None = None,
) -> RegisterEntry:
    """One line of the book for a numbered paper (not saved): the symbol from its type and the book's series."""
    return RegisterEntry(
        book=book,
        number=number,
        doc_type=doc_type,
        symbol=symbol_for(doc_type, series),
        issued_on=issued_on,
        summary=nfc(summary),
        signer=nfc(signer),
        recipients=nfc(recipients),
        recorded_by=actor_name(actor),
        **_source(source),
    )


@transaction.atomic
def take_number(
    issuer: Any,
    year: int,
    doc_type: str,
    *,
    issued_on: date,
    summary: str,
    actor: Any,
    series: str = UBND,
    signer: str = "",
    recipients: str = "",
    source: models.Model | None = None,
) -> RegisterEntry:
    """The next number of the issuer's book for `year` (one series for every type of paper of that body)."""
    _check_year(year, issued_on)
    book = _book(issuer, series, year)
    book.last_number += 1
    book.save(update_fields=["last_number"])
    entry = _paper_entry(
        book, book.last_number, doc_type, series, issued_on=issued_on, summary=summary, actor=actor,
        signer=signer, recipients=recipients, source=source,
    )
    entry.save()
    audit.record(actor, "documents.register.numbered", entry, after=audit.snapshot(entry, ENTRY_FIELDS), unit=issuer)
    return entry


@transaction.atomic
def record_number(
    issuer: Any,
    year: int,
    doc_type: str,
    number: int,
    *,
    issued_on: date,
    summary: str,
    actor: Any,
    series: str = UBND,
    signer: str = "",
    recipients: str = "",
    source: models.Model | None = None,
) -> RegisterEntry:
    """Enter a paper numbered outside the system; its number must be free in the book."""
    _check_year(year, issued_on)
    book = _book(issuer, series, year)
    clash = book.entries.filter(number=number).first()
    if clash is not None:
        held = "đã ghi là số không dùng" if clash.is_void else f"đã cấp cho {clash.summary}"
        raise RegisterError(
            f"Số {number:02d} năm {year} trong {book_title(issuer, series)} {held} "
            f"({clash.number_text}{_dated(clash.issued_on)}). Lấy số tiếp theo hoặc kiểm tra lại số."
        )
    entry = _paper_entry(
        book, number, doc_type, series, issued_on=issued_on, summary=summary, actor=actor,
        signer=signer, recipients=recipients, source=source,
    )
    entry.save()
    if number > book.last_number:
        book.last_number = number
        book.save(update_fields=["last_number"])
    audit.record(actor, "documents.register.recorded", entry, after=audit.snapshot(entry, ENTRY_FIELDS), unit=issuer)
    return entry


@transaction.atomic
def take_numbers(
    issuer: Any,
    year: int,
    doc_type: str,
    summaries: Iterable[str],
    *,
    issued_on: date,
    actor: Any,
    series: str = GCN,
    signer: str = "",
    source: models.Model | None = None,
) -> list[RegisterEntry]:
    """A run of consecutive numbers (the certificates of one decision), one summary audit entry."""
    _check_year(year, issued_on)
    book = _book(issuer, series, year)
    first = book.last_number + 1
    entries = [
        _paper_entry(
            book, first + i, doc_type, series, issued_on=issued_on, summary=s, actor=actor, signer=signer,
            source=source,
        )
        for i, s in enumerate(summaries)
    ]
    if not entries:
        return []
    for e in entries:
        e.normalise_text()
    RegisterEntry.objects.bulk_create(entries)
    book.last_number = first + len(entries) - 1
    book.save(update_fields=["last_number"])
    audit.record(
        actor,
        "documents.register.numbered_many",
        book,
        unit=issuer,
        extra={"from": first, "to": book.last_number, "count": len(entries), "type": doc_type},
    )
    return entries


@transaction.atomic
def explain_gap(book: RegisterBook, number: int, *, reason: str, on: date, actor: Any) -> RegisterEntry:
    """Record why `number` of the book was not used (a gap explained)."""
    require(actor, Cap.REPORTS_CHANGE, book.issuer_id, what="ghi lý do số bỏ trống")
    book = RegisterBook.objects.select_for_update().get(pk=book.pk)
    reason = nfc(reason or "").strip()
    if not reason:
        raise RegisterError("Lý do: ghi rõ vì sao số này không dùng (ví dụ: dự thảo bị hủy).")
    if not 1 <= number <= book.last_number:
        raise RegisterError(f"Số {number:02d} chưa cấp trong sổ (số cuối: {book.last_number:02d}).")
    if book.entries.filter(number=number).exists():
        raise RegisterError(f"Số {number:02d} đã có trong sổ.")
    entry = RegisterEntry.objects.create(
        book=book,
        number=number,
        doc_type="",
        symbol="",
        issued_on=on,
        summary="Số không sử dụng",
        void_reason=reason,
        recorded_by=actor_name(actor),
    )
    audit.record(
        actor, "documents.register.gap_explained", entry, after=audit.snapshot(entry, ENTRY_FIELDS), unit=book.issuer
    )
    return entry


@dataclass(frozen=True)
class Line:
    """One line of the printed book: a paper, an explained gap, or an unexplained gap."""

    number: int
    entry: RegisterEntry | None

    @property
    def gap(self) -> bool:
        return self.entry is None or self.entry.is_void


def lines(book: RegisterBook) -> list[Line]:
    """Every number from 01 to the last one, in order; a number with no entry is an unexplained gap."""
    entries = {e.number: e for e in book.entries.all()}
    return [Line(n, entries.get(n)) for n in range(1, book.last_number + 1)]


def unexplained_gaps(book: RegisterBook) -> list[int]:
    taken = set(book.entries.values_list("number", flat=True))
    return [n for n in range(1, book.last_number + 1) if n not in taken]


def next_number(issuer: Any, series: str, year: int) -> int:
    """The number `take_number` would give next (shown to the văn thư; not reserved)."""
    last = RegisterBook.objects.filter(issuer_id=issuer.pk, series=series, year=year).values_list(
        "last_number", flat=True
    )
    return (last.first() or 0) + 1


def entry_for(source: models.Model) -> RegisterEntry | None:
    """The register entry a paper holds (a number it gave up is kept as a gap, not returned here)."""
    return (
        RegisterEntry.objects.filter(source_type=source._meta.label_lower, source_id=source.pk, void_reason="")
        .select_related("book")
        .first()
    )


def clean_number(text: Any, symbol: str, error: type[Exception], field: str = "Số") -> str:
    """The number field of a paper (plan, report, minutes, allocation): "" (not yet in the book) or the number
    alone, two digits at least ("5" → "05"; "05/KH-BCĐ" → "05"). `error` is the calling app's exception."""
    if not str(text or "").strip():
        return ""
    try:
        return f"{parse_number(text, symbol, field):02d}"
    except RegisterError as exc:
        raise error(str(exc)) from None


@transaction.atomic
def enter_paper(
    source: models.Model,
    *,
    issuer: Any,
    symbol: str,
    number: str,
    year: int,
    issued_on: date | None,
    summary: str,
    actor: Any,
    error: type[Exception],
    signer: str = "",
) -> None:
    """Keep the register in step with a paper whose number is typed on its own page: a new number is entered
    (refused when another paper of the same body and year holds it); a changed or cleared number leaves the
    old one in the book as a gap with its reason. A paper numbered before it is dated goes into its year's book
    without a date, which it gets when it is signed."""
    current = entry_for(source)
    wanted = int(number) if number else None
    year = issued_on.year if issued_on else year
    if current is not None and (current.number, current.symbol, current.book.year) == (wanted, symbol, year):
        if current.issued_on != issued_on:
            current.issued_on = issued_on
            current.save(update_fields=["issued_on", "updated_at"])
        return
    if current is not None:
        _give_up(current, f"Văn bản đổi số (nay: {number or 'chưa có số'})", actor)
    if wanted is None:
        return
    doc_type, _, series = symbol.partition("-")
    series = series or UBND
    shared = RegisterEntry.objects.filter(
        book__issuer_id=issuer.pk,
        book__series=series,
        book__year=year,
        number=wanted,
        source_type=source._meta.label_lower,
        issued_on=issued_on,
        void_reason="",
    ).exists()
    if shared:  # one paper entered on several lines (a decision allocating money to two activities)
        return
    try:
        record_number(
            issuer,
            year,
            doc_type,
            wanted,
            issued_on=issued_on,
            summary=summary,
            actor=actor,
            series=series,
            signer=signer,
            source=source,
        )
    except RegisterError as exc:
        raise error(str(exc)) from None


def _give_up(entry: RegisterEntry, reason: str, actor: Any) -> None:
    before = audit.snapshot(entry, ENTRY_FIELDS)
    entry.void_reason = reason
    entry.save(update_fields=["void_reason", "updated_at"])
    after = audit.snapshot(entry, ENTRY_FIELDS)
    audit.record(actor, "documents.register.gap_explained", entry, before=before, after=after, unit=entry.book.issuer)


def _dated(d: date | None) -> str:
    return f", ngày {format_date(d)}" if d else ", chưa ghi ngày"


