"""(e) The recognition decision with its annex for a ward of ~5,000 households, as DOCX.

Builds the demo at 5,000 households on a throw-away PostgreSQL database (its 2020 cycle recognises about 98% of
them), then times the real builder (vanhoa.titles.documents.build_decision → DOCX bytes) against a floor measured
in the same run: one raw SQL SELECT of the same annex rows plus a bare python-docx document with a plain table of
those rows. Prints the ratio; PDF conversion (LibreOffice) is timed separately, for context.
"""

from __future__ import annotations

import io
import time

from benchlib import bench_database, say


def main() -> None:
    with bench_database("vanhoa_bench_annex"):
        from django.core.management import call_command
        from django.db import connection
        from docx import Document

        from vanhoa.titles.documents import build_decision
        from vanhoa.units.models import Unit

        t0 = time.perf_counter()
        call_command("load_demo", households=5000, stdout=io.StringIO())
        say(f"demo with 5,000 households built in {time.perf_counter() - t0:.1f} s")
        ward = Unit.objects.get(code_scheme="pre2025", code="03388")

        def ours() -> bytes:
            return build_decision(ward=ward, year=2020).to_bytes()

        def floor() -> bytes:
            with connection.cursor() as cur:
                cur.execute(
                    """SELECT c.subject_name, u.name FROM titles_candidacy c
                       JOIN titles_decision d ON d.id = c.decision_id JOIN units_unit u ON u.id = c.review_unit_id
                       WHERE d.year = 2020 AND d.kind = 'recognition' AND c.household_id IS NOT NULL
                       ORDER BY u."order", c.sort_key, c.id"""
                )
                rows = cur.fetchall()
            doc = Document()
            table = doc.add_table(rows=0, cols=4)
            for i, (name, group) in enumerate(rows, 1):
                cells = table.add_row().cells
                cells[0].text, cells[1].text, cells[2].text = str(i), name, group
            out = io.BytesIO()
            doc.save(out)
            return out.getvalue()

        def best(fn, n: int = 3) -> tuple[float, bytes]:
            times, data = [], b""
            for _ in range(n):
                t = time.perf_counter()
                data = fn()
                times.append(time.perf_counter() - t)
            return min(times), data

        t_floor, _ = best(floor)
        t_ours, docx = best(ours)
        say(f"decision + annex DOCX: {t_ours:.2f} s ({len(docx) // 1024} KB); floor (raw SELECT + bare python-docx "
            f"table) {t_floor:.2f} s; ratio {t_ours / t_floor:.2f}x")
        from vanhoa.documents import docx_to_pdf, soffice_available

        if soffice_available():
            t = time.perf_counter()
            pdf = docx_to_pdf(docx)
            say(f"PDF conversion (LibreOffice, for context): {time.perf_counter() - t:.1f} s, {len(pdf) // 1024} KB")


if __name__ == "__main__":
    main()
