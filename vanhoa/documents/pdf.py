"""DOCX → PDF with LibreOffice, and PDF → PNG pages with pdftoppm.

A process keeps one LibreOffice running (``vanhoa.documents.office``) and sends it every conversion, so only
the first pays LibreOffice's start-up. Without a Python that has the ``uno`` module, each conversion runs its
own ``soffice --convert-to pdf`` with a throw-away profile (two soffice processes sharing a profile make the
second one exit 0 without writing anything; soffice also prints "failed to launch javaldx", harmless).
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import signal
import subprocess
from pathlib import Path

from vanhoa.documents import office
from vanhoa.documents.scratch import scratch_dir

__all__ = [
    "DocumentConversionError",
    "docx_to_pdf",
    "pdf_to_png_pages",
    "soffice_available",
]

SOFFICE_CANDIDATES = ("soffice", "libreoffice")
CONVERT_TIMEOUT = 120.0


class DocumentConversionError(RuntimeError):
    """The document could not be converted; the message is in Vietnamese, for the user."""


def _soffice_path() -> str | None:
    for name in SOFFICE_CANDIDATES:
        found = shutil.which(name)
        if found:
            return found
    return None


def soffice_available() -> bool:
    """True when LibreOffice (``soffice``) is on the PATH."""
    return _soffice_path() is not None


def _run(cmd: list[str], timeout: float) -> subprocess.CompletedProcess[bytes]:
    """Run in its own process group so a timeout kills soffice.bin too, not only the wrapper."""
    proc = subprocess.Popen(
        cmd,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        start_new_session=True,
    )
    try:
        out, err = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGKILL)
        proc.communicate()
        raise
    return subprocess.CompletedProcess(cmd, proc.returncode, out, err)


def _tail(data: bytes, limit: int = 300) -> str:
    lines = [
        line
        for line in data.decode("utf-8", "replace").splitlines()
        if line.strip() and "javaldx" not in line
    ]
    return " ".join(lines)[-limit:]


def _read_docx(docx: bytes | Path | str) -> bytes:
    if isinstance(docx, bytes):
        return docx
    path = Path(docx)
    if not path.is_file():
        raise DocumentConversionError(f"Không chuyển được văn bản sang PDF: không tìm thấy tệp {path.name}.")
    return path.read_bytes()


def docx_to_pdf(docx: bytes | Path | str, *, timeout: float = CONVERT_TIMEOUT) -> bytes:
    """Convert a DOCX (bytes or a path) to PDF bytes with LibreOffice.

    The conversion goes to this process's long-lived LibreOffice (``office.OFFICE``) when a Python with the
    ``uno`` module is installed, else to a one-shot ``soffice --convert-to pdf``. Raises
    :class:`DocumentConversionError` when LibreOffice is missing, fails, times out or writes no PDF. The files
    live in this process's own temporary directory (``scratch.scratch_dir``) and are always removed.
    """
    soffice = _soffice_path()
    if soffice is None:
        raise DocumentConversionError(
            "Không chuyển được văn bản sang PDF: máy chủ chưa cài LibreOffice (soffice)."
        )
    data = _read_docx(docx)
    with scratch_dir("pdf") as work:
        src, out = work / "vanban.docx", work / "vanban.pdf"
        src.write_bytes(data)
        if office.OFFICE.usable(soffice):
            try:
                office.OFFICE.convert(soffice, src, out, timeout)
            except office.OfficeTimeout as exc:
                raise DocumentConversionError(
                    f"Không chuyển được văn bản sang PDF: LibreOffice chạy quá {timeout:g} giây."
                ) from exc
            except office.OfficeError as exc:
                raise DocumentConversionError(f"Không chuyển được văn bản sang PDF: {exc}.") from exc
            pdf = out.read_bytes() if out.is_file() else b""
            if not pdf.startswith(b"%PDF"):
                raise DocumentConversionError("Không chuyển được văn bản sang PDF: LibreOffice không tạo ra tệp PDF.")
            return pdf
        return _convert_once(soffice, work, src, timeout)


def _convert_once(soffice: str, work: Path, src: Path, timeout: float) -> bytes:
    """One soffice process for one file, with a throw-away profile (no Python with ``uno`` on this machine)."""
    out_dir, profile = work / "out", work / "profile"
    out_dir.mkdir()
    profile.mkdir()
    cmd = [
        soffice,
        f"-env:UserInstallation={profile.as_uri()}",
        "--headless",
        "--norestore",
        "--nologo",
        "--convert-to",
        "pdf",
        "--outdir",
        str(out_dir),
        str(src),
    ]
    try:
        result = _run(cmd, timeout)
    except subprocess.TimeoutExpired as exc:
        raise DocumentConversionError(
            f"Không chuyển được văn bản sang PDF: LibreOffice chạy quá {timeout:g} giây."
        ) from exc
    except OSError as exc:
        raise DocumentConversionError(
            f"Không chuyển được văn bản sang PDF: không chạy được LibreOffice ({exc})."
        ) from exc
    pdf = out_dir / "vanban.pdf"
    data = pdf.read_bytes() if pdf.is_file() else b""
    if result.returncode != 0 or not data.startswith(b"%PDF"):
        detail = _tail(result.stderr) or _tail(result.stdout) or "LibreOffice không tạo ra tệp PDF"
        raise DocumentConversionError(
            f"Không chuyển được văn bản sang PDF: {detail} (mã lỗi {result.returncode})."
        )
    return data


def pdf_to_png_pages(pdf: bytes, dpi: int = 60, *, timeout: float = 60.0) -> list[bytes]:
    """Render every page of a PDF to PNG bytes with ``pdftoppm`` (poppler-utils), in page order."""
    pdftoppm = shutil.which("pdftoppm")
    if pdftoppm is None:
        raise DocumentConversionError("Không tạo được ảnh xem trước: máy chủ chưa cài pdftoppm.")
    with scratch_dir("png") as work:
        src = work / "vanban.pdf"
        src.write_bytes(pdf)
        try:
            result = _run([pdftoppm, "-png", "-r", str(int(dpi)), str(src), str(work / "trang")], timeout)
        except subprocess.TimeoutExpired as exc:
            raise DocumentConversionError("Không tạo được ảnh xem trước: pdftoppm chạy quá lâu.") from exc
        pages = sorted(work.glob("trang-*.png"), key=lambda p: int(re.findall(r"\d+", p.stem)[-1]))
        if result.returncode != 0 or not pages:
            raise DocumentConversionError(
                f"Không tạo được ảnh xem trước: {_tail(result.stderr) or 'pdftoppm không tạo ra ảnh'}."
            )
        return [p.read_bytes() for p in pages]
