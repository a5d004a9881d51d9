"""The system administrators' backup page: what was backed up when, and a button that downloads a backup."""

from __future__ import annotations

import io
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_POST

from vanhoa.accounts.decorators import capability_required
from vanhoa.accounts.permissions import Cap, scope_unit_ids
from vanhoa.backup import installation
from vanhoa.core.models import AuditEntry
from vanhoa.documents.responses import download

ACTIONS = ("backup.installation.created", "backup.installation.restored")


def _require_whole_installation(request: Any) -> None:
    """A backup holds every ward's data: only the administrator of the whole installation takes one."""
    if scope_unit_ids(request.user, Cap.SYSTEM_SETUP) is not None:
        raise PermissionDenied("Chỉ quản trị toàn hệ thống được sao lưu dữ liệu.")


@capability_required(Cap.SYSTEM_SETUP)
def backup_page(request: Any) -> HttpResponse:
    _require_whole_installation(request)
    history = AuditEntry.objects.filter(action__in=ACTIONS).order_by("-at", "-id")[:10]
    return render(request, "backup/page.html", {"history": history})


@capability_required(Cap.SYSTEM_SETUP)
@require_POST
def backup_download(request: Any) -> HttpResponse:
    _require_whole_installation(request)
    buffer = io.BytesIO()
    installation.backup(buffer, actor=request.user)
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    return download(buffer.getvalue(), f"vanhoa-sao-luu-{stamp}.zip")
