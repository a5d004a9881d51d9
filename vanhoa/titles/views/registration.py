"""Registration pages: register subjects, a street's frontage commitments."""

from __future__ import annotations

from collections import Counter
from datetime import date

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render

from vanhoa.accounts.decorators import capability_required
from vanhoa.accounts.permissions import Cap
from vanhoa.accounts.scoping import get_for_user
from vanhoa.core.params import int_param, year_of
from vanhoa.core.workcontext import SignedInRequest
from vanhoa.registry.models import Street
from vanhoa.titles import clock, forms, overview, services
from vanhoa.titles.choices import SubjectKind
from vanhoa.titles.models import Candidacy, StreetCommitment
from vanhoa.titles.views.common import cycle_url, need, title_or_404, visible_unit_or_404


@capability_required(Cap.TITLES_REGISTER)
def register(request: SignedInRequest, title: str, unit: int) -> HttpResponse:
    title_type = title_or_404(title)
    unit_obj = visible_unit_or_404(request, unit)
    need(request, Cap.TITLES_REGISTER, unit_obj)
    year = year_of(request)
    existing = list(Candidacy.objects.filter(title_type=title_type, year=year, review_unit=unit_obj))
    subjects = overview.unregistered(title_type, unit_obj, year, existing)
    form = forms.RegisterForm(request.POST or None, initial={"on": clock.today()})
    commitments: Counter[int] = Counter()
    if title_type.subject_kind == SubjectKind.STREET:
        commitments = Counter(
            StreetCommitment.objects.filter(year=year, street__in=subjects).values_list("street_id", flat=True)
        )
    if request.method == "POST" and form.is_valid():
        chosen = {int_param(v) for v in request.POST.getlist("subject")} - {None}
        picked = [s for s in subjects if s.pk in chosen]
        try:
            if not picked:
                raise services.TitleError("Chưa chọn đối tượng nào để đăng ký.")
            created = services.register(
                actor=request.user, title=title_type, year=year, subjects=picked, on=form.cleaned_data["on"]
            )
        except services.TitleError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(
                request, f"Đã đăng ký {len(created)} {SubjectKind(title_type.subject_kind).label.lower()}."
            )
            return redirect(cycle_url(title_type, unit_obj, year))
    return render(
        request,
        "titles/register.html",
        {
            "title_type": title_type,
            "unit": unit_obj,
            "year": year,
            "subjects": subjects,
            "form": form,
            "commitments": commitments,
            "registered": len(existing),
        },
    )


@capability_required(Cap.TITLES_REGISTER)
def street_commitments(request: SignedInRequest, pk: int) -> HttpResponse:
    street = get_for_user(Street.objects.all(), request.user, Cap.STREETS_VIEW, pk=pk)
    year = year_of(request)
    ward = services.describe(street, year, services.review_season(year)).ward
    need(request, Cap.TITLES_REGISTER, ward)
    error = ""
    if request.method == "POST":
        rows = []
        for i, line in enumerate(request.POST.get("lines", "").splitlines(), start=1):
            if not line.strip():
                continue
            parts = [p.strip() for p in line.split(";")]
            try:
                signed = date(*reversed([int(x) for x in parts[2].split("/")])) if len(parts) > 2 else None
            except (ValueError, TypeError):
                signed = None
            if len(parts) < 3 or signed is None:
                error = f"Dòng {i}: cần dạng «Họ tên người ký; số nhà hoặc tên cơ sở; dd/mm/yyyy»."
                break
            rows.append(
                {
                    "signer_name": parts[0],
                    "frontage": parts[1],
                    "signed_on": signed,
                    "kind": "business" if request.POST.get(f"business-{i}") else "household",
                }
            )
        if not error:
            try:
                services.record_street_commitments(actor=request.user, street=street, year=year, commitments=rows)
            except services.TitleError as exc:
                error = str(exc)
            else:
                messages.success(request, f"Đã ghi nhận {len(rows)} bản cam kết.")
                return redirect(request.path + f"?nam={year}")
    return render(
        request,
        "titles/street_commitments.html",
        {
            "street": street,
            "year": year,
            "error": error,
            "lines": request.POST.get("lines", ""),
            "items": StreetCommitment.objects.filter(street=street, year=year),
            "ward": ward,
        },
    )
