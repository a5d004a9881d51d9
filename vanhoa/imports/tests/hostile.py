"""Valid but hostile workbooks, written part by part (openpyxl would not write most of them).

Each builder returns the bytes of a file a real reader opens: far cells, sparse ranges, many or deeply nested
shared strings, many sheets, a zip bomb, an .ods whose repeated cells expand to a whole sheet.
"""

from __future__ import annotations

import io
import random
import zipfile

from vanhoa.imports.limits import column_letter

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG = "http://schemas.openxmlformats.org/package/2006/relationships"
HEADER = ["STT", "Họ và tên chủ hộ", "Tổ dân phố", "Địa chỉ"]


def cell(ref: str, text: str) -> str:
    return f'<c r="{ref}" t="inlineStr"><is><t>{text}</t></is></c>'


def header_row() -> str:
    return '<row r="1">' + "".join(cell(f"{column_letter(i)}1", t) for i, t in enumerate(HEADER, 1)) + "</row>"


def sheet_xml(rows: str, dimension: str = "A1:D2") -> str:
    return (
        f'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="{MAIN}"><dimension ref="{dimension}"/>'
        f"<sheetData>{rows}</sheetData></worksheet>"
    )


def xlsx(sheets: list[str], shared: str | None = None, extra: dict[str, bytes] | None = None, level: int = 6) -> bytes:
    """A workbook of `sheets` (sheet XML texts), with an optional sharedStrings part and extra parts."""
    overrides = "".join(
        f'<Override PartName="/xl/worksheets/sheet{i}.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
        for i in range(1, len(sheets) + 1)
    )
    if shared is not None:
        overrides += (
            '<Override PartName="/xl/sharedStrings.xml" '
            'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>'
        )
    types = (
        '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        '<Override PartName="/xl/workbook.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
        f"{overrides}</Types>"
    )
    root = (
        f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{PKG}"><Relationship Id="rId1" '
        f'Type="{REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>'
    )
    entries = "".join(f'<sheet name="Trang {i}" sheetId="{i}" r:id="rId{i}"/>' for i in range(1, len(sheets) + 1))
    workbook = (
        f'<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="{MAIN}" xmlns:r="{REL}">'
        f"<sheets>{entries}</sheets></workbook>"
    )
    rels = "".join(
        f'<Relationship Id="rId{i}" Type="{REL}/worksheet" Target="worksheets/sheet{i}.xml"/>'
        for i in range(1, len(sheets) + 1)
    )
    if shared is not None:
        rels += f'<Relationship Id="rIdS" Type="{REL}/sharedStrings" Target="sharedStrings.xml"/>'
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED, compresslevel=level) as z:
        z.writestr("[Content_Types].xml", types)
        z.writestr("_rels/.rels", root)
        z.writestr("xl/workbook.xml", workbook)
        z.writestr(
            "xl/_rels/workbook.xml.rels",
            f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{PKG}">{rels}</Relationships>',
        )
        for i, s in enumerate(sheets, 1):
            z.writestr(f"xl/worksheets/sheet{i}.xml", s)
        if shared is not None:
            z.writestr("xl/sharedStrings.xml", shared)
        for name, data in (extra or {}).items():
            z.writestr(name, data)
    return buf.getvalue()


def household_rows(n: int, start: int = 2) -> str:
    return "".join(
        f'<row r="{r}">{cell(f"A{r}", str(r - 1))}{cell(f"B{r}", f"Nguyễn Văn {r}")}{cell(f"C{r}", "Tổ 1")}</row>'
        for r in range(start, start + n)
    )


# --- the hostile ones ---------------------------------------------------------------------------------------


def far_cell(ref: str = "XFD1048576", dimension: str = "A1:XFD1048576") -> bytes:
    """The issue's 1,7 KB file: a header in A1… and one value at XFD1048576."""
    row = int("".join(ch for ch in ref if ch.isdigit()))
    return xlsx([sheet_xml(header_row() + f'<row r="{row}">{cell(ref, "x")}</row>', dimension)])


def far_cell_without_references() -> bytes:
    """The far cell again, its row and cells written without r="…" (the format allows it)."""
    far = "<row>" + "<c/>" * 16383 + '<c t="inlineStr"><is><t>x</t></is></c></row>'
    return xlsx([sheet_xml(header_row() + far)])


def sparse(rows: int = 100_000, cols: int = 200) -> bytes:
    """A few households, then one value at the corner of a rows × cols range."""
    corner = cell(f"{column_letter(cols)}{rows}", "x")
    return xlsx([sheet_xml(header_row() + household_rows(3) + f'<row r="{rows}">{corner}</row>')])


def many_sheets(n: int = 500) -> bytes:
    return xlsx([sheet_xml(header_row() + household_rows(1)) for _ in range(n)])


def many_strings(n: int = 1_200_000) -> bytes:
    # distinct: they do not pack like a bomb. One %-format over the repeated text and the fastest deflate: the
    # same part, made in half the time (the fuzz test makes several of these)
    sis = "<si><t>Hộ %d</t></si>" * n % tuple(range(n))
    shared = f'<?xml version="1.0" encoding="UTF-8"?><sst xmlns="{MAIN}" count="{n}" uniqueCount="{n}">{sis}</sst>'
    return xlsx([sheet_xml(header_row() + household_rows(2))], shared=shared, level=1)


def deep_strings(depth: int = 100_000) -> bytes:
    """One shared string whose rich text nests `depth` elements deep."""
    nested = "<r>" * depth + "<t>x</t>" + "</r>" * depth
    shared = (
        f'<?xml version="1.0" encoding="UTF-8"?><sst xmlns="{MAIN}" count="1" uniqueCount="1"><si>{nested}</si></sst>'
    )
    return xlsx([sheet_xml(header_row() + household_rows(2))], shared=shared)


def zip_bomb(megabytes: int = 60) -> bytes:
    """A sheet part of `megabytes` of blanks inside a row: a few hundred KB packed (written in pieces)."""
    plain = xlsx([sheet_xml(header_row() + '<row r="2">@</row>')], level=9)
    src = zipfile.ZipFile(io.BytesIO(plain))
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as z:
        for info in src.infolist():
            if info.filename != "xl/worksheets/sheet1.xml":
                z.writestr(info.filename, src.read(info))
                continue
            head, tail = src.read(info).split(b"@")
            with z.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as f:
                f.write(head)
                block = b" " * 2**20
                for _ in range(megabytes):
                    f.write(block)
                f.write(tail)
    return buf.getvalue()


def lying_size() -> bytes:
    """A part whose directory entry claims a tenth of its real size."""
    data = bytearray(xlsx([sheet_xml(header_row() + household_rows(2000))]))
    name = b"xl/worksheets/sheet1.xml"
    central = data.rfind(b"PK\x01\x02", 0, data.rfind(name))
    size = int.from_bytes(data[central + 24 : central + 28], "little")
    data[central + 24 : central + 28] = (size // 10).to_bytes(4, "little")
    return bytes(data)


def ods_repeated(rows: int = 1_000_000, cols: int = 1_000) -> bytes:
    """An .ods whose one cell is repeated over `cols` columns and whose row is repeated `rows` times."""
    t = "urn:oasis:names:tc:opendocument:xmlns:table:1.0"
    content = (
        '<?xml version="1.0" encoding="UTF-8"?><office:document-content '
        'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
        f'xmlns:table="{t}" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2">'
        '<office:body><office:spreadsheet><table:table table:name="Trang 1">'
        "<table:table-row>"
        + "".join(
            f'<table:table-cell office:value-type="string"><text:p>{h}</text:p></table:table-cell>' for h in HEADER
        )
        + "</table:table-row>"
        f'<table:table-row table:number-rows-repeated="{rows}"><table:table-cell office:value-type="string" '
        f'table:number-columns-repeated="{cols}"><text:p>x</text:p></table:table-cell></table:table-row>'
        "</table:table></office:spreadsheet></office:body></office:document-content>"
    )
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet", compress_type=zipfile.ZIP_STORED)
        z.writestr(
            "META-INF/manifest.xml",
            '<?xml version="1.0" encoding="UTF-8"?><manifest:manifest '
            'xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2">'
            '<manifest:file-entry manifest:full-path="/" '
            'manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>'
            '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
            "</manifest:manifest>",
        )
        z.writestr("content.xml", content, compress_type=zipfile.ZIP_DEFLATED)
    return buf.getvalue()


BUILDERS = {
    "far cell XFD1048576": far_cell,
    "far cell without references": far_cell_without_references,
    "sparse 100.000 × 200": sparse,
    "500 sheets": many_sheets,
    "1.200.000 shared strings": many_strings,
    "shared string nested 100.000 deep": deep_strings,
    "zip bomb 60 MB": zip_bomb,
    "part lying about its size": lying_size,
    ".ods repeated to 1.000.000 × 1.000": ods_repeated,
}


def random_hostile(rnd: random.Random) -> tuple[str, bytes]:
    """One random hostile workbook for the fuzz test: a kind and random sizes beyond the limits."""
    kind = rnd.choice(["far", "sparse", "sheets", "strings", "deep", "bomb", "ods", "far-norefs"])
    if kind == "far":
        row, col = rnd.randint(200_001, 1_048_576), rnd.randint(1, 16_384)
        if rnd.random() < 0.5:
            row, col = rnd.randint(1, 1_048_576), rnd.randint(1_025, 16_384)
        return kind, far_cell(f"{column_letter(col)}{row}", dimension=rnd.choice(["A1", "A1:XFD1048576", "A1:D2"]))
    if kind == "sparse":
        while True:
            rows, cols = rnd.randint(2_000, 200_000), rnd.randint(30, 1_024)
            if rows * cols > 4_000_000:
                return kind, sparse(rows, cols)
    if kind == "sheets":
        return kind, many_sheets(rnd.randint(101, 400))
    if kind == "strings":
        return kind, many_strings(rnd.randint(1_000_001, 1_300_000))
    if kind == "deep":
        return kind, deep_strings(rnd.randint(1_000, 200_000))
    if kind == "bomb":
        return kind, zip_bomb(rnd.randint(8, 120))
    if kind == "ods":
        return kind, ods_repeated(rnd.randint(300_000, 1_048_576), rnd.randint(20, 1_024))
    return kind, far_cell_without_references()
