"""Downloads of the cycle's documents (DOCX, PDF, XLSX) for the work ward and year."""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import reverse

from vanhoa.accounts.decorators import capability_required
from vanhoa.accounts.permissions import Cap, has_cap
from vanhoa.accounts.scoping import get_for_user
from vanhoa.core.params import int_param, year_of
from vanhoa.core.workcontext import SignedInRequest
from vanhoa.titles import forms_print, services
from vanhoa.titles.models import Decision, ReviewMeeting
from vanhoa.titles.views.common import visible_unit_or_404
from vanhoa.units.choices import UnitKind

DOCUMENT_KINDS = {
    "title-registration": "Báo cáo kết quả đăng ký",
    "title-minutes": "Biên bản họp bình xét",
    "title-proposal": "Danh sách đề nghị",
    "title-decision": "Quyết định công nhận",
    "title-certificates": "Giấy công nhận",
    "commendation-decision": "Quyết định tặng Giấy khen",
    "commendation-minutes": "Biên bản họp xét tặng Giấy khen",
    "commendation-certificates": "Giấy khen",
    "title-dossier": "Hồ sơ đề nghị",
    **{key: label.split(" – ")[1] for key, (label, *_rest) in forms_print.KINDS.items()},
    "agency-report": "Báo cáo thành tích của Công đoàn cơ sở",
}


#: Documents of the whole ward whose paper version cannot be cut to one group (a decision with its annex);
#: their list (XLSX) can.
WARD_PAPERS = {"title-decision", "commendation-decision", *forms_print.WARD_FORMS, "agency-report"}


def _limit_to_group(kind: str, fmt: str, options: dict[str, Any]) -> None:
    """Someone who sees only their group (a group leader) gets their group's part of a document, in every
    format, or 404: never the ward's whole list (#21 F5)."""
    if "group" not in options or (kind in WARD_PAPERS and fmt != "xlsx"):
        raise Http404("Không tìm thấy.")
    options["only_group"] = options["group"]


@capability_required(Cap.TITLES_VIEW)
def document(request: SignedInRequest, kind: str) -> HttpResponse:
    """Download a document of the cycle for the work ward and year (DOCX, PDF, or XLSX for lists)."""
    from vanhoa.documents import exports
    from vanhoa.documents.pdf import DocumentConversionError
    from vanhoa.documents.responses import download, pdf_response
    from vanhoa.titles import document_lists

    if kind not in DOCUMENT_KINDS:
        raise Http404("Không có văn bản này.")
    year = year_of(request)
    ward = request.work.ward
    if ward is None:
        raise Http404("Chưa chọn xã, phường.")
    fmt = request.GET.get("format", "docx")
    options: dict[str, Any] = {"title": request.GET.get("danh_hieu", "gdvh")}
    group_id = int_param(request.GET.get("group"))
    if group_id is not None:
        group = visible_unit_or_404(request, group_id)
        options["group"] = str(group.pk)
    for key in ("decision", "meeting", "agency"):
        if int_param(request.GET.get(key)) is not None:
            options[key] = str(int_param(request.GET.get(key)))
    if "decision" in options:
        d = get_for_user(Decision.objects.all(), request.user, Cap.TITLES_VIEW, pk=int(options["decision"]))
        year, ward = d.year, d.ward
    elif "agency" in options:  # an agency's union report (TT 08/2014): the agency's ward
        from vanhoa.registry.models import Agency

        ward = get_for_user(Agency.objects.all(), request.user, Cap.TITLES_VIEW, pk=int(options["agency"])).ward
    elif "meeting" in options:
        m = get_for_user(ReviewMeeting.objects.all(), request.user, Cap.TITLES_VIEW, pk=int(options["meeting"]))
        year = m.year
        if m.unit.kind == UnitKind.GROUP:
            options.setdefault("group", str(m.unit_id))
    if not has_cap(request.user, Cap.TITLES_VIEW, ward):
        _limit_to_group(kind, fmt, options)
    name = f"{kind}-{year}.{fmt}"
    try:
        if fmt == "xlsx":
            title, headers, rows = document_lists.list_rows(kind, ward=ward, year=year, **options)
            return download(document_lists.xlsx(title, headers, rows), name)
        if fmt not in ("docx", "pdf"):
            raise exports.DocumentNotAvailable("Định dạng không hỗ trợ.")
        doc = exports.kinds()[kind].build(ward=ward, year=year, **options)
        if fmt == "pdf":  # made once per content by the worker; a long one shows its progress
            return pdf_response(request, doc, filename=name, title=f"{DOCUMENT_KINDS[kind]} năm {year}")
        return download(doc.to_bytes(), name)
    except (exports.DocumentNotAvailable, DocumentConversionError, services.TitleError) as exc:
        return render(
            request,
            "titles/confirm.html",
            {
                "title": DOCUMENT_KINDS[kind],
                "text": str(exc),
                "link": getattr(exc, "url", ""),  # where the missing number and date are entered
                "back": reverse("titles-home") + f"?nam={year}",
                "year": year,
            },
        )
