"""DOCX → PDF with LibreOffice headless, and PDF → PNG pages with pdftoppm.

Each conversion gets its own LibreOffice profile directory (``-env:UserInstallation``): two soffice
processes sharing a profile make the second one exit 0 without writing anything. soffice also prints
"failed to launch javaldx" on stderr, which is harmless.
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import signal
import subprocess
import tempfile
from pathlib import Path

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


def docx_to_pdf(docx: bytes | Path | str, *, timeout: float = CONVERT_TIMEOUT) -> bytes:
    """Convert a DOCX (bytes or a path) to PDF bytes with ``soffice --headless --convert-to pdf``.

    Raises :class:`DocumentConversionError` when LibreOffice is missing, fails, times out or writes
    no PDF. Temporary files and the throw-away profile are always removed.
    """
    soffice = _soffice_path()
    if soffice is None:
        raise DocumentConversionError(
            "Không chuyển được văn bản sang PDF: máy chủ chưa cài LibreOffice (soffice)."
        )
    with tempfile.TemporaryDirectory(prefix="vanhoa-pdf-") as tmp:
        work = Path(tmp)
        src = work / "in" / "vanban.docx"
        out_dir = work / "out"
        profile = work / "profile"
        for d in (src.parent, out_dir, profile):
            d.mkdir()
        if isinstance(docx, bytes):
            src.write_bytes(docx)
        else:
            path = Path(docx)
            if not path.is_file():
                raise DocumentConversionError(
                    f"Không chuyển được văn bản sang PDF: không tìm thấy tệp {path.name}."
                )
            shutil.copyfile(path, src)
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
    with tempfile.TemporaryDirectory(prefix="vanhoa-png-") as tmp:
        work = Path(tmp)
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
