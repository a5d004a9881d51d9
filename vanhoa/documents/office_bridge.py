"""One long-lived LibreOffice, driven through its own UNO listener (a named pipe, no TCP port).

Run by a Python that has LibreOffice's ``uno`` module (Debian: ``python3-uno`` for /usr/bin/python3), as a
child of the process that needs PDFs (``vanhoa.documents.pdf``); never imported by Django, standard library and
``uno`` only. It starts ``soffice`` with a fresh profile in the directory it is given, then answers one request
per line on stdin:

    {"in": "/path/vanban.docx", "out": "/path/vanban.pdf"}   →   {"ok": true}  or  {"error": "…"}

When stdin closes (the parent exited or gave up on it) it stops LibreOffice and removes the profile.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import subprocess
import sys
import time


def _connect(pipe: str, proc: subprocess.Popen, deadline: float):  # type: ignore[no-untyped-def]
    import uno  # noqa: PLC0415  (only in a Python with LibreOffice's bindings)
    from com.sun.star.connection import NoConnectException  # noqa: PLC0415

    local = uno.getComponentContext()
    resolver = local.ServiceManager.createInstanceWithContext("com.sun.star.bridge.UnoUrlResolver", local)
    while True:
        try:
            ctx = resolver.resolve(f"uno:pipe,name={pipe};urp;StarOffice.ComponentContext")
            return ctx.ServiceManager.createInstanceWithContext("com.sun.star.frame.Desktop", ctx)
        except NoConnectException:
            if proc.poll() is not None:
                raise RuntimeError(f"LibreOffice exited during start-up (code {proc.returncode})") from None
            if time.monotonic() > deadline:
                raise RuntimeError("LibreOffice did not start in time") from None
            time.sleep(0.05)


def _props(**values):  # type: ignore[no-untyped-def]
    from com.sun.star.beans import PropertyValue  # noqa: PLC0415

    return tuple(PropertyValue(Name=k, Value=v) for k, v in values.items())


def _convert(desktop, src: str, dst: str) -> None:  # type: ignore[no-untyped-def]
    import uno  # noqa: PLC0415

    doc = desktop.loadComponentFromURL(
        uno.systemPathToFileUrl(src), "_blank", 0, _props(Hidden=True, ReadOnly=True, UpdateDocMode=0)
    )
    if doc is None:
        raise RuntimeError("LibreOffice could not open the document")
    try:
        doc.storeToURL(uno.systemPathToFileUrl(dst), _props(FilterName="writer_pdf_Export", Overwrite=True))
    finally:
        doc.close(True)


def main() -> int:
    soffice, workdir = sys.argv[1], sys.argv[2]
    profile = os.path.join(workdir, "profile")
    shutil.rmtree(profile, ignore_errors=True)  # a restart always gets a fresh profile
    os.makedirs(profile)
    pipe = f"vanhoa-office-{os.getpid()}"
    proc = subprocess.Popen(
        [
            soffice,
            f"-env:UserInstallation=file://{profile}",
            "--headless",
            "--invisible",
            "--nocrashreport",
            "--nodefault",
            "--nologo",
            "--nofirststartwizard",
            "--norestore",
            f"--accept=pipe,name={pipe};urp;StarOffice.ComponentContext",
        ],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    out = sys.stdout
    try:
        desktop = _connect(pipe, proc, time.monotonic() + 60)
        out.write(json.dumps({"ready": True}) + "\n")
        out.flush()
        for line in sys.stdin:
            request = json.loads(line)
            try:
                _convert(desktop, request["in"], request["out"])
                answer = {"ok": True}
            except Exception as exc:  # noqa: BLE001  (reported to the parent, which raises)
                answer = {"error": f"{type(exc).__name__}: {exc}"[:500]}
            out.write(json.dumps(answer) + "\n")
            out.flush()
        with contextlib.suppress(Exception):  # LibreOffice may already be gone
            desktop.terminate()
    except Exception as exc:  # noqa: BLE001
        out.write(json.dumps({"error": f"{type(exc).__name__}: {exc}"[:500]}) + "\n")
        out.flush()
        return 1
    finally:
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        shutil.rmtree(profile, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
