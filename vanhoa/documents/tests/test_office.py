"""One long-lived LibreOffice per process, and temporary files that never outlive their conversion."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from vanhoa.documents import DocumentConversionError, docx_to_pdf, scratch, soffice_available
from vanhoa.documents.office import OFFICE, Office, uno_python
from vanhoa.documents.tests.test_nd30 import build_decision, build_plan

needs_office = pytest.mark.skipif(
    not soffice_available() or uno_python() is None, reason="LibreOffice or python3-uno not installed"
)


@pytest.fixture
def own_tmp(tmp_path, monkeypatch):
    monkeypatch.setenv("VANHOA_TMPDIR", str(tmp_path))
    monkeypatch.setattr(scratch, "_mine", None)
    yield tmp_path
    OFFICE.stop()


@needs_office
def test_conversions_share_one_libreoffice_and_leave_no_files(own_tmp):
    office = Office()
    started = office.starts
    for data in (build_plan().to_bytes(), build_decision().to_bytes(), build_plan().to_bytes()):
        src = scratch.process_dir() / "vanban.docx"
        src.write_bytes(data)
        office.convert("soffice", src, src.with_suffix(".pdf"), 60)
        assert src.with_suffix(".pdf").read_bytes().startswith(b"%PDF")
    assert office.starts == started + 1
    office.stop()
    assert not list(scratch.process_dir().glob("office-*"))  # the profile went with LibreOffice


@needs_office
def test_a_killed_libreoffice_is_replaced_with_a_fresh_profile(own_tmp):
    assert docx_to_pdf(build_plan().to_bytes()).startswith(b"%PDF")
    bridge = OFFICE._bridge
    assert bridge is not None
    os.killpg(bridge.proc.pid, signal.SIGKILL)
    bridge.proc.wait()
    assert docx_to_pdf(build_decision().to_bytes()).startswith(b"%PDF")
    assert OFFICE._bridge is not bridge and OFFICE._bridge.workdir != bridge.workdir
    assert not bridge.workdir.exists()


@needs_office
def test_a_conversion_past_its_time_limit_is_killed_and_the_next_one_works(own_tmp):
    with pytest.raises(DocumentConversionError, match="quá 0.01 giây"):
        docx_to_pdf(build_decision().to_bytes(), timeout=0.01)
    assert docx_to_pdf(build_plan().to_bytes()).startswith(b"%PDF")
    assert not [p for p in scratch.process_dir().iterdir() if p.name.startswith("pdf-")]


def test_the_files_of_a_killed_export_are_swept_by_the_next_process(own_tmp):
    code = (
        "import os, signal\n"
        "from vanhoa.documents.scratch import scratch_dir\n"
        "with scratch_dir('pdf') as d:\n"
        "    (d / 'vanban.docx').write_bytes(b'PK')\n"
        "    print(d, flush=True)\n"
        "    os.kill(os.getpid(), signal.SIGKILL)\n"
    )
    env = {**os.environ, "VANHOA_TMPDIR": str(own_tmp)}
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, check=False)
    left = Path(out.stdout.strip())
    assert out.returncode == -signal.SIGKILL and (left / "vanban.docx").exists()  # killed: nothing cleaned
    with scratch.scratch_dir("pdf") as mine:
        assert mine.exists()
    assert not left.parent.exists()  # the dead process's directory went with the next use
    assert scratch.process_dir().exists()


def test_a_process_removes_its_directory_when_it_exits(own_tmp):
    code = "from vanhoa.documents.scratch import process_dir\nprint(process_dir())\n"
    env = {**os.environ, "VANHOA_TMPDIR": str(own_tmp)}
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True)
    assert not Path(out.stdout.strip()).exists()
