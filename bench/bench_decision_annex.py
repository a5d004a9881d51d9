"""(e) The recognition decision with its annex, and the certificates, for a ward of ~5,000 households.

Builds the demo at 5,000 households on a throw-away PostgreSQL database (its 2020 cycle recognises about 98% of
them), then times the real builders against floors measured in the same run:

* DOCX: vanhoa.titles.documents.build_decision → DOCX bytes, against one raw SQL SELECT of the same annex rows
  plus a bare python-docx document with a plain table of those rows (goal ≤ 0.35x and ≤ 1 s);
* PDF of the decision (vanhoa.documents.convert.document_pdf, this process's long-lived LibreOffice already
  started), against the least such a PDF needs: the raw SELECT, LibreOffice converting the decision's first pages
  and the rows written as bare text on A4 pages (goal ≤ 10 s);
* PDF of the certificates of the whole ward (one page each), against a bare ReportLab document writing the same
  text on as many pages with no layout, border or template (goal ≤ 15 s for 5,000).
"""

from __future__ import annotations

import io
import time

from benchlib import bench_database, say


def best(fn, n: int = 3) -> tuple[float, object]:
    times, data = [], None
    for _ in range(n):
        t = time.perf_counter()
        data = fn()
        times.append(time.perf_counter() - t)
    return min(times), data


def main() -> None:
    with bench_database("vanhoa_bench_annex"):
        from django.core.management import call_command
        from django.db import connection
        from docx import Document

        from vanhoa.documents import docx_to_pdf, soffice_available
        from vanhoa.documents.annex_pdf import FONT, page_count, register_fonts
        from vanhoa.documents.convert import document_pdf
        from vanhoa.documents.office import OFFICE
        from vanhoa.titles.certificates import build_certificates
        from vanhoa.titles.documents import build_decision
        from vanhoa.units.models import Unit

        t0 = time.perf_counter()
        call_command("load_demo", households=5000, stdout=io.StringIO())
        say(f"demo with 5,000 households built in {time.perf_counter() - t0:.1f} s")
        ward = Unit.objects.get(code_scheme="pre2025", code="03388")

        def ours() -> bytes:
            return build_decision(ward=ward, year=2020).to_bytes()

        def rows() -> list[tuple]:
            with connection.cursor() as cur:
                cur.execute(
                    """SELECT c.subject_name, u.name FROM titles_candidacy c
                       JOIN titles_decision d ON d.id = c.decision_id JOIN units_unit u ON u.id = c.review_unit_id
                       WHERE d.year = 2020 AND d.kind = 'recognition' AND c.household_id IS NOT NULL
                       ORDER BY u."order", c.sort_key, c.id"""
                )
                return cur.fetchall()

        def floor() -> bytes:
            doc = Document()
            table = doc.add_table(rows=0, cols=4)
            for i, (name, group) in enumerate(rows(), 1):
                cells = table.add_row().cells
                cells[0].text, cells[1].text, cells[2].text = str(i), name, group
            out = io.BytesIO()
            doc.save(out)
            return out.getvalue()

        t_floor, _ = best(floor)
        t_ours, docx = best(ours)
        n = len(rows())
        say(f"decision + annex DOCX ({n:,} rows): {t_ours / t_floor:.2f}x the floor (goal ≤ 0.35x)   "
            f"({t_ours:.2f} s, {len(docx) // 1024} KB; floor: raw SELECT + bare python-docx table {t_floor:.2f} s)")
        if not soffice_available():
            say("PDF: LibreOffice not installed, skipped")
            return
        decision = build_decision(ward=ward, year=2020)
        body, _ = decision.pdf_parts()
        started = time.perf_counter()
        docx_to_pdf(body)  # starts this process's LibreOffice
        say(f"LibreOffice started and converted the decision's first pages in {time.perf_counter() - started:.1f} s"
            f" (once per worker; starts so far: {OFFICE.starts})")
        register_fonts()

        def bare_rows() -> bytes:
            """The least a PDF of these rows needs: read them, convert the decision's first pages, write every
            row's text on A4 pages (no table, no layout)."""
            from reportlab.lib.pagesizes import A4
            from reportlab.pdfgen.canvas import Canvas

            data = rows()
            docx_to_pdf(body)
            out = io.BytesIO()
            c = Canvas(out, pagesize=A4)
            for start in range(0, len(data), 33):
                c.setFont(FONT["regular"], 12)
                for k, (name, group) in enumerate(data[start : start + 33]):
                    c.drawString(90, 780 - 22 * k, f"{start + k + 1}  {name}  {group}")
                c.showPage()
            c.save()
            return out.getvalue()

        t_bare_pdf, _ = best(bare_rows, n=2)
        t_pdf, pdf = best(lambda: document_pdf(build_decision(ward=ward, year=2020)), n=2)
        say(f"decision + annex PDF ({page_count(pdf)} pages): {t_pdf / t_bare_pdf:.2f}x the floor   ({t_pdf:.2f} s, "
            f"goal ≤ 10 s, {len(pdf) // 1024} KB; floor: raw SELECT + LibreOffice on the decision's first pages + "
            f"the rows as bare text on A4 pages {t_bare_pdf:.2f} s)")

        def bare_pages(pages: list[dict]) -> bytes:
            from reportlab.lib.pagesizes import A4, landscape
            from reportlab.pdfgen.canvas import Canvas

            out = io.BytesIO()
            c = Canvas(out, pagesize=landscape(A4))
            for p in pages:
                c.setFont(FONT["regular"], 14)
                y = 550
                for value in p.values():
                    c.drawString(60, y, str(value))
                    y -= 30
                c.showPage()
            c.save()
            return out.getvalue()

        certificates = build_certificates(ward=ward, year=2020)
        t_bare, _ = best(lambda: bare_pages(certificates.pages_data), n=2)
        t_cert, cert_pdf = best(lambda: document_pdf(build_certificates(ward=ward, year=2020)), n=2)
        say(f"certificates PDF ({page_count(cert_pdf):,} pages): {t_cert / t_bare:.2f}x the floor   ({t_cert:.2f} s, "
            f"goal ≤ 15 s for 5,000, {len(cert_pdf) // 1024} KB; floor: the same text on as many bare pages "
            f"{t_bare:.2f} s)")
        OFFICE.stop()


if __name__ == "__main__":
    main()
