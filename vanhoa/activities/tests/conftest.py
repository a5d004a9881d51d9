"""Fixtures for the activities tests: a frozen clock, files, the checklist templates, the seed 2020 plan, and
small builders for inspections and money (all through the services)."""

from __future__ import annotations

import io
from datetime import date
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from vanhoa.testing.actors import TEST

TODAY = date(2026, 11, 27)


@pytest.fixture
def freeze(monkeypatch):
    from django.utils import timezone

    def do(day: date) -> date:
        monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: day)
        return day

    return do


@pytest.fixture
def today(freeze):
    return freeze(TODAY)


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return Path(settings.MEDIA_ROOT)


@pytest.fixture(autouse=True)
def checklist_templates(request):
    """The seeded checklist templates in every test that uses the database (a transactional test's flush removes
    what migration 0002 wrote, for the tests that run after it on the same database)."""
    names = set(request.fixturenames)
    if names & {"live_world", "transactional_db"}:
        request.getfixturevalue("transactional_db")
    elif names & {"world", "db"}:
        request.getfixturevalue("db")
    else:
        return
    from vanhoa.activities.seed import ensure_templates
    from vanhoa.titles.rules_data import load_rules

    ensure_templates()
    load_rules()  # the rule sets feed the checklists (vanhoa.titles.checklists)


def demo_context(world):
    from vanhoa.demo.context import DemoContext

    return DemoContext(households=0, stdout=io.StringIO(), ward_2020=world.ward_2020, ward=world.ward,
                       groups=world.groups, actor=TEST)


@pytest.fixture
def plan_2020(world, media):
    from vanhoa.plans import demo

    return demo.load_2020(demo_context(world))


def jpeg(name: str = "anh.jpg", size: tuple[int, int] = (40, 30)) -> SimpleUploadedFile:
    from PIL import Image

    buf = io.BytesIO()
    Image.new("RGB", size, (200, 220, 200)).save(buf, "JPEG")
    return SimpleUploadedFile(name, buf.getvalue(), content_type="image/jpeg")


def jpeg_bytes() -> bytes:
    return jpeg().read()


def pdf(name: str = "hoa-don.pdf") -> SimpleUploadedFile:
    data = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
    return SimpleUploadedFile(name, data, content_type="application/pdf")


def group_inspection(world, group=None, planned_on=date(2020, 7, 15), activity=None, **kw):
    from vanhoa.activities import services

    return services.create_inspection(
        actor=kw.pop("actor", TEST),
        ward=world.ward_2020 if planned_on < date(2025, 7, 1) else world.ward,
        planned_on=planned_on,
        subject_kind="group",
        group=group or world.groups[0],
        subject="Kiểm tra việc thực hiện phong trào tại tổ dân phố.",
        checklist=kw.pop("checklist", "danh-hieu:tdpvh"),
        members=kw.pop("members", ["Nguyễn Thị Hoa – Chủ tịch Ủy ban MTTQ phường",
                                   "Lò Văn Minh – Công chức Văn hóa - Xã hội"]),
        activity=activity,
        **kw,
    )


def agency_inspection(world, agency=None, planned_on=date(2025, 9, 15), **kw):
    from vanhoa.activities import services
    from vanhoa.registry import services as registry

    agency = agency or registry.create_agency(actor=TEST, ward=world.ward, name="Trường Tiểu học Đoàn Kết")
    return services.create_inspection(
        actor=kw.pop("actor", TEST),
        ward=world.ward if planned_on >= date(2025, 7, 1) else world.ward_2020,
        planned_on=planned_on,
        subject_kind="agency",
        agency=agency,
        subject="Kiểm tra việc thực hiện các tiêu chuẩn cơ quan đạt chuẩn văn hóa.",
        checklist="danh-hieu:cqvh",
        members=["Hà Văn Công – Chủ tịch Công đoàn phường"],
        **kw,
    )


def hold(inspection, *, failed: set[str] = frozenset(), held_on=None, actor=TEST, correction=True, **kw):
    """Record every criterion as passed except the codes in `failed` (with a note and a correction)."""
    from datetime import timedelta

    from vanhoa.activities import services

    held_on = held_on or inspection.planned_on
    rows = []
    for f in inspection.findings.all():
        if f.code in failed:
            rows.append(services.FindingInput(
                f, "fail", note="Nhà văn hóa xuống cấp, chưa có điểm đọc sách.",
                correction="Sửa chữa nhà văn hóa, lập tủ sách" if correction else "",
                deadline=held_on + timedelta(days=30) if correction else None,
            ))
        else:
            rows.append(services.FindingInput(f, "pass"))
    return services.record_findings(inspection, actor=actor, held_on=held_on, results=rows,
                                    conclusion=kw.pop("conclusion", "Tổ dân phố thực hiện tốt phong trào."), **kw)


@pytest.fixture(autouse=True)
def keep_title_hooks():
    """Tests add (and clear) hook subscribers: give every test back the app's own subscribers (the titles app
    subscribes at start-up), whatever the test did to the lists."""
    from vanhoa.activities import hooks

    saved = list(hooks.on_title_flag), list(hooks.on_title_flag_resolved)
    yield
    hooks.on_title_flag[:], hooks.on_title_flag_resolved[:] = saved
