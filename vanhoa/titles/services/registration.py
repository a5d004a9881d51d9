"""Registration: subjects register for a title (one candidacy each), street commitments, self-assessment,
withdrawal.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from decimal import Decimal
from typing import Any

from django.db import transaction

from vanhoa.accounts.permissions import Cap
from vanhoa.core import audit
from vanhoa.core.text import format_date, nfc
from vanhoa.registry.models import Street
from vanhoa.titles import facts
from vanhoa.titles.choices import State, SubjectKind
from vanhoa.titles.models import Candidacy, StreetCommitment, TitleType
from vanhoa.titles.services.common import (
    CANDIDACY_FIELDS,
    TitleError,
    _record,
    _require,
    _transition,
    describe,
    review_season,
    rule_set_for_year,
    title_type,
)
from vanhoa.units.models import Unit


@transaction.atomic
def register(
    *, actor: Any, title: TitleType | str, year: int, subjects: Iterable[Any], on: date, note: str = ""
) -> list[Candidacy]:
    """Register subjects for a title in a year (one candidacy each). A subject already registered that year is
    an error naming it; a street needs its frontages' signed commitments when the rule set asks for them."""
    tt = title_type(title)
    out = []
    memo: dict[Any, Any] = {}
    for obj in subjects:
        s = describe(obj, year, on, memo)
        if s.kind != tt.subject_kind:
            raise TitleError(f"Danh hiệu «{tt.name}» không xét cho {SubjectKind(s.kind).label.lower()} «{s.name}».")
        _require(actor, Cap.TITLES_REGISTER, s.unit, "đăng ký danh hiệu")
        if s.kind == SubjectKind.HOUSEHOLD and not obj.is_active and obj.status_date and obj.status_date <= on:
            raise TitleError(f"Hộ {obj.head_name} không còn cư trú ({obj.get_status_display().lower()}).")
        if Candidacy.objects.filter(title_type=tt, year=year, subject_key=s.key).exists():
            raise TitleError(f"{s.name} đã đăng ký danh hiệu «{tt.name_for(obj)}» năm {year}.")
        if ("rules", s.unit.pk) not in memo:
            memo[("rules", s.unit.pk)] = rule_set_for_year(tt, s.unit, year, on)
        rs = memo[("rules", s.unit.pk)]
        needs_commitments = rs.requires_commitments and s.kind == SubjectKind.STREET
        if needs_commitments and not StreetCommitment.objects.filter(street=obj, year=year).exists():
            raise TitleError(
                f"Tuyến phố {s.name} chưa có bản cam kết nào của các hộ mặt tiền năm {year}; "
                "hãy ghi nhận cam kết trước."
            )
        recognition = ""
        if s.kind == SubjectKind.AGENCY:  # TT 08/2014: building years first, then kept years between recognitions
            from vanhoa.titles.services.agencies import recognition_for_registration

            recognition = recognition_for_registration(obj, year)
        c = Candidacy(
            title_type=tt,
            rule_set=rs,
            recognition=recognition,
            year=year,
            subject_kind=s.kind,
            subject_key=s.key,
            subject_name=s.name,
            subject_address=s.address,
            unit=s.unit,
            review_unit=s.review_unit,
            ward=s.ward,
            state=State.REGISTERED,
            state_on=on,
            registered_on=on,
            note=note,
            **s.fields,
        )
        c.save()
        _record(actor, "titles.candidacy.registered", c, None, CANDIDACY_FIELDS, c.unit)
        out.append(c)
    return out


@transaction.atomic
def register_group_households(
    *, actor: Any, group: Unit, year: int, on: date, exclude: Iterable[int] = (), title: str = "gdvh"
) -> tuple[list[Candidacy], int]:
    """ "All active households of group 3 register", except those listed. Households already registered that
    year are skipped. Returns (new candidacies, number skipped)."""
    _require(actor, Cap.TITLES_REGISTER, group, "đăng ký danh hiệu")
    tt = title_type(title)
    excluded = set(exclude)
    done = set(
        Candidacy.objects.filter(title_type=tt, year=year, household__isnull=False).values_list(
            "household_id", flat=True
        )
    )
    wanted = [
        h
        for h in facts.residents([group.pk], on).order_by("head_sort_key", "pk")
        if h.pk not in excluded and h.pk not in done
    ]
    if not wanted and not done:
        raise TitleError(f"{group.name} không có hộ nào đang cư trú vào ngày {format_date(on)} để đăng ký.")
    created = register(actor=actor, title=tt, year=year, subjects=wanted, on=on)
    return created, len(done & set(facts.residents([group.pk], on).values_list("pk", flat=True)) - excluded)


@transaction.atomic
def record_street_commitments(
    *, actor: Any, street: Street, year: int, commitments: Sequence[Mapping[str, Any]]
) -> list[StreetCommitment]:
    """Signed commitments of a street's frontage households and businesses (ký cam kết)."""
    _require(actor, Cap.TITLES_REGISTER, street.ward, "ghi nhận cam kết tuyến phố")  # the street's ward of now
    s = describe(street, year, review_season(year))
    _require(actor, Cap.TITLES_REGISTER, s.ward, "ghi nhận cam kết tuyến phố")
    out = []
    for i, row in enumerate(commitments, start=1):
        signer = nfc(row.get("signer_name", ""))
        frontage = nfc(row.get("frontage", ""))
        signed_on = row.get("signed_on")
        if not signer or not frontage or signed_on is None:
            raise TitleError(f"Cam kết dòng {i}: cần đủ người ký, số nhà (tên cơ sở) và ngày ký.")
        item = StreetCommitment.objects.create(
            street=street,
            year=year,
            ward=s.ward,
            kind=row.get("kind", "household"),
            signer_name=signer,
            frontage=frontage,
            household=row.get("household"),
            signed_on=signed_on,
            text_version=row.get("text_version", "v1"),
        )
        audit.record(actor, "titles.street_commitment.created", item, after={"frontage": frontage}, unit=s.ward)
        out.append(item)
    return out


@transaction.atomic
def record_self_assessment(
    candidacy: Candidacy, *, actor: Any, on: date, points: Decimal | int | None = None, note: str = ""
) -> Candidacy:
    """The subject's own assessment (NĐ 122/2018 Mẫu số 03). Rule sets without that step refuse it."""
    _require(actor, Cap.TITLES_REGISTER, candidacy.unit, "ghi nhận tự đánh giá")
    c = Candidacy.objects.select_for_update().get(pk=candidacy.pk)
    if not c.rule_set.has_self_assessment:
        raise TitleError(f"Năm {c.year} áp dụng {c.rule_set.legal_short}: không có bước tự đánh giá.")
    if c.state != State.REGISTERED:
        raise TitleError(f"{c.subject_name}: chỉ tự đánh giá được khi đang ở bước «Đã đăng ký».")
    return _transition(
        c,
        State.SELF_ASSESSED,
        actor=actor,
        on=on,
        action="self_assessed",
        self_assessed_on=on,
        self_points=Decimal(str(points)) if points is not None else None,
        note=nfc(note) or c.note,
    )


@transaction.atomic
def withdraw(candidacy: Candidacy, *, actor: Any, on: date, reason: str) -> Candidacy:
    _require(actor, Cap.TITLES_REGISTER, candidacy.unit, "rút đăng ký")
    c = Candidacy.objects.select_for_update().get(pk=candidacy.pk)
    if c.state not in (State.REGISTERED, State.SELF_ASSESSED, State.REVIEWED, State.ON_NOTICE, State.RETURNED):
        raise TitleError(f"{c.subject_name}: không rút đăng ký được khi đang «{c.get_state_display()}».")
    if not nfc(reason):
        raise TitleError("Vui lòng ghi lý do rút đăng ký.")
    return _transition(c, State.WITHDRAWN, actor=actor, on=on, action="withdrawn", reason=reason, resume_state="")
