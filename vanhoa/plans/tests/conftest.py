"""Fixtures for the plans tests: a frozen clock, the seed 2020 plan, this year's plan of Đoàn Kết, and a way to
make small valid uploads."""

from __future__ import annotations

import io
from datetime import date
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from vanhoa.testing.actors import TEST

TODAY = date(2026, 11, 27)  # the brief's "today": late November 2026


@pytest.fixture
def freeze(monkeypatch):
    """freeze(date): today() (django.utils.timezone.localdate) answers that date from now on."""
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


def demo_context(world):
    from vanhoa.demo.context import DemoContext

    return DemoContext(
        households=0,
        stdout=io.StringIO(),
        ward_2020=world.ward_2020,
        ward=world.ward,
        groups=world.groups,
        actor=TEST,
    )


@pytest.fixture
def plan_2020(world, media):
    """The seed plan (demo data) for Phường Quyết Tiến, 2020."""
    from vanhoa.plans import demo

    return demo.load_2020(demo_context(world))


@pytest.fixture
def plan_now(world, plan_2020, today):
    """The 2026 plan of Phường Đoàn Kết, copied from 2020, with the demo's progress as of 27/11/2026."""
    from vanhoa.plans import demo

    return demo.load_current(demo_context(world), plan_2020)


def jpeg(name: str = "anh.jpg", size: tuple[int, int] = (40, 30)) -> SimpleUploadedFile:
    from PIL import Image

    buf = io.BytesIO()
    Image.new("RGB", size, (200, 220, 200)).save(buf, "JPEG")
    return SimpleUploadedFile(name, buf.getvalue(), content_type="image/jpeg")


def jpeg_bytes() -> bytes:
    return jpeg().read()
