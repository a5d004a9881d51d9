"""Issue 21 F2/F13: no spreadsheet brings the server down, and refused or macro files are not kept.

The hostile workbooks are built in `hostile.py`. Each is refused with a Vietnamese message before the reader
expands anything (limits.py); what the limits cannot see is read in a child process with a memory and CPU limit
(sandbox.py), so even a reader that aborts only ends that child.
"""

from __future__ import annotations

import io
import logging
import random
import resource
import time
import zipfile
from pathlib import Path

import pytest
from openpyxl import load_workbook

from vanhoa.imports import limits, originals, parsing, sandbox
from vanhoa.imports.choices import ImportStatus
from vanhoa.imports.tests import hostile
from vanhoa.imports.tests.sheets import xlsx

ROW = [1, "QT-001", "Lò Văn Páo", "Tổ 1", "Số 3", 4, "0912345678", "15/03/2019"]


def _maxrss_mb(who: int = resource.RUSAGE_SELF) -> int:
    return resource.getrusage(who).ru_maxrss // 1024


def _private_files(settings) -> list[Path]:
    return [p for p in Path(settings.PRIVATE_MEDIA_ROOT).rglob("*") if p.is_file() and "progress" not in p.parts]


# --- the issue's file and its relatives, in the process ------------------------------------------------------


def test_the_issue_file_with_one_value_at_XFD1048576_is_refused_before_the_reader_expands_it():
    # given the 1,7 KB workbook of the report: dimension A1:XFD1048576, one value at XFD1048576
    data = hostile.far_cell()
    assert len(data) < 2_000
    # when it is read in this very process (a reader expanding it would abort the process here)
    before = _maxrss_mb()
    with pytest.raises(parsing.ImportFileError) as exc:
        parsing.list_sheets(data, "ds.xlsx")
    # then it is refused, saying where and what, and nothing was allocated
    assert "Trang tính «Trang 1» có dữ liệu ở ô XFD1048576, quá xa" in exc.value.message
    assert "hãy xoá nó trong Excel" in exc.value.message
    with pytest.raises(parsing.ImportFileError):
        parsing.parse_households(data, "ds.xlsx", groups={"1": "Tổ 1"})
    assert _maxrss_mb() - before < 50


@pytest.mark.parametrize("name", list(hostile.BUILDERS))
def test_every_kind_of_hostile_workbook_is_refused_quickly_with_a_vietnamese_message(name):
    data = hostile.BUILDERS[name]()
    started = time.monotonic()
    with pytest.raises(parsing.ImportFileError) as exc:
        parsing.list_sheets(data, "ds.ods" if name.startswith(".ods") else "ds.xlsx")
    assert time.monotonic() - started < 5
    message = exc.value.message
    assert any(w in message for w in ("quá xa", "quá rộng", "quá nhiều", "bất thường", "hỏng", "quá lớn")), message


def test_a_bomb_in_a_part_read_to_recognise_the_file_is_refused_from_the_zip_directory():
    # an .ods whose manifest (read to tell a spreadsheet from a text document) unpacks to 60 MB
    src = zipfile.ZipFile(io.BytesIO(hostile.ods_repeated(2, 2)))
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as z:
        for info in src.infolist():
            if info.filename != "META-INF/manifest.xml":
                z.writestr(info, src.read(info))
        with z.open("META-INF/manifest.xml", "w", force_zip64=True) as f:
            for _ in range(60):
                f.write(b" " * 2**20)
    before = _maxrss_mb()
    with pytest.raises(parsing.ImportFileError, match="META-INF/manifest.xml.*bị nén quá mức"):
        parsing.list_sheets(buf.getvalue(), "ds.ods")
    assert _maxrss_mb() - before < 30


def test_a_sparse_range_of_100000_by_200_is_refused_naming_its_corners():
    with pytest.raises(parsing.ImportFileError) as exc:
        parsing.list_sheets(hostile.sparse(100_000, 200), "ds.xlsx")
    assert "từ ô A1 đến ô GR100000 (100.000 dòng × 200 cột)" in exc.value.message


def test_empty_formatted_cells_far_away_do_not_count_but_unusually_written_values_do():
    # an empty cell with a style at XFD1048576 (a reader ignores it): the list is read
    far_empty = '<row r="1048576"><c r="XFD1048576" s="1"/></row>'
    data = hostile.xlsx([hostile.sheet_xml(hostile.header_row() + hostile.household_rows(2) + far_empty)])
    assert parsing.list_sheets(data, "ds.xlsx")[0].rows == 3
    # a value there, written with a namespace prefix or with its reference after another attribute: refused
    for far in (
        '<x:row r="1048576"><x:c r="XFD1048576" t="inlineStr"><x:is><x:t>x</x:t></x:is></x:c></x:row>',
        '<row r="1048576"><c t="inlineStr" r="XFD1048576"><is><t>x</t></is></c></row>',
    ):
        data = hostile.xlsx([hostile.sheet_xml(hostile.header_row() + hostile.household_rows(2) + far)])
        with pytest.raises(parsing.ImportFileError, match="XFD1048576"):
            parsing.list_sheets(data, "ds.xlsx")


def test_the_number_of_shared_strings_and_sheets_is_limited():
    small = limits.Limits(max_strings=10, max_sheets=2)
    sis = "".join(f"<si><t>Tên {i}</t></si>" for i in range(11))
    shared = f'<?xml version="1.0" encoding="UTF-8"?><sst xmlns="{hostile.MAIN}">{sis}</sst>'
    data = hostile.xlsx([hostile.sheet_xml(hostile.header_row())], shared=shared)
    with pytest.raises(limits.WorkbookTooBig, match="quá nhiều đoạn chữ"):
        limits.check_workbook(data, "xlsx", limits=small)
    with pytest.raises(limits.WorkbookTooBig, match="Tệp có 3 trang tính"):
        limits.check_workbook(hostile.many_sheets(3), "xlsx", limits=small)
    limits.check_workbook(hostile.many_sheets(2), "xlsx", limits=small)


def test_empty_rows_and_columns_are_never_expanded():
    # given a list of three households and a note far down column A (within the limits)
    data = hostile.xlsx([hostile.sheet_xml(hostile.header_row() + hostile.household_rows(3) + '<row r="150000">'
                                           + hostile.cell("A150000", "Ghi chú") + "</row>")])  # fmt: skip
    book = parsing._Book(data, "ds.xlsx")
    grid, _ = book.grid("Trang 1")
    # then every row stops at its last value and the empty rows between are empty lists
    assert len(grid) == 150_000 and max(len(r) for r in grid) == 4
    assert sum(1 for r in grid if r) == 5 and grid[149_999] == ["Ghi chú"]
    result = parsing.parse_households(data, "ds.xlsx", groups={"1": "Tổ 1"})
    assert [r.head_name for r in result.rows] == ["Nguyễn Văn 2", "Nguyễn Văn 3", "Nguyễn Văn 4"]


def test_a_workbook_within_the_limits_that_still_needs_too_much_memory_only_stops_the_child():
    # given a file the limits let through (3.990.000 cells) and a child allowed 100 MB
    data = hostile.sparse(3_990, 1_000)
    with pytest.raises(parsing.ImportFileError) as exc:
        sandbox.call("list_sheets", data, "ds.xlsx", limits=sandbox.Config(memory_mb=100))
    # then the reader died in the child (it aborts on a failed allocation) and the message says so
    assert "cần quá nhiều bộ nhớ (hơn 100 MB)" in exc.value.message and "Chưa ghi gì vào sổ" in exc.value.message
    # and with the default limits the same file is read
    assert sandbox.call("list_sheets", data, "ds.xlsx", limits=sandbox.Config())[0].rows == 5


def test_the_child_answers_with_the_same_result_as_the_process_would():
    data = xlsx([ROW])
    here = parsing.parse_households(data, "ds.xlsx", groups={"1": "Tổ 1"})
    there = sandbox.call("parse_households", data, "ds.xlsx", groups={"1": "Tổ 1"}, limits=sandbox.Config())
    assert there == here and there.rows[0].moved_in.year == 2019


def test_a_child_that_runs_too_long_is_stopped(monkeypatch):
    data = xlsx([ROW] * 3000)
    with pytest.raises(parsing.ImportFileError) as exc:
        sandbox.call("list_sheets", data, "ds.xlsx", limits=sandbox.Config(timeout_seconds=0))
    assert "quá lâu" in exc.value.message


# --- through the upload page --------------------------------------------------------------------------------


def test_a_refused_file_leaves_a_failed_job_with_the_reason_and_is_not_kept(world, upload, client_for, settings):
    officer = world.users["front_officer"]
    response, job = upload(officer, hostile.far_cell(), follow=True)
    assert job.status == ImportStatus.FAILED and "ô XFD1048576" in job.error
    assert "ô XFD1048576" in response.content.decode() and 'id="no-original"' in response.content.decode()
    assert not job.file and _private_files(settings) == []
    assert client_for(officer).get(f"/excel/{job.pk}/tep-goc/").status_code == 404


def test_fuzz_hostile_workbooks_are_refused_within_budget_and_the_server_keeps_answering(
    world, upload, client_for, settings, caplog
):
    caplog.set_level(logging.INFO, logger="vanhoa.imports.sandbox")
    officer = world.users["front_officer"]
    rnd = random.Random(21)
    self_before = _maxrss_mb()
    kinds = []
    for _ in range(10):
        kind, data = hostile.random_hostile(rnd)
        kinds.append(kind)
        started = time.monotonic()
        response, job = upload(officer, data, name=f"{kind}.{'ods' if kind == 'ods' else 'xlsx'}")
        elapsed = time.monotonic() - started
        # a clear refusal, quickly, and no job left waiting
        assert response.status_code == 302, kind
        assert job.status == ImportStatus.FAILED and job.error and not job.file, (kind, job.status, job.error)
        assert elapsed < 10, (kind, elapsed)
    assert len(set(kinds)) >= 5
    # memory: this process (the web process) stayed small; the readers' own peaks are checked below
    assert _maxrss_mb() - self_before < 300
    assert _private_files(settings) == []
    # and the server still answers and imports a good file
    assert client_for(officer).get("/excel/").status_code == 200
    _, job = upload(officer, xlsx([ROW]))
    assert job.status == ImportStatus.PREVIEWED and job.created == 1
    # the readers' own peaks as each reported it (RUSAGE_CHILDREN would also count every LibreOffice this test
    # process started before; a reader killed by its limit reports nothing, and RLIMIT_AS held it under 1 GB)
    peaks = [_peak_mb(r.getMessage()) for r in caplog.records if "peak memory" in r.getMessage()]
    assert peaks and max(peaks) < 600, peaks


def _peak_mb(message: str) -> int:
    return int(message.rsplit("peak memory ", 1)[1].split()[0])


def test_the_import_command_refuses_the_issue_file_instead_of_dying(world, tmp_path, capsys):
    from django.core.management import execute_from_command_line

    path = tmp_path / "ds.xlsx"
    path.write_bytes(hostile.far_cell())
    with pytest.raises(SystemExit) as exc:
        execute_from_command_line(["manage.py", "import_households", str(path), "--ward", "Đoàn Kết"])
    assert exc.value.code == 2 and "ô XFD1048576" in capsys.readouterr().err


# --- macro workbooks (F13) ------------------------------------------------------------------------------------


def xlsm(rows) -> bytes:
    """An .xlsm: a workbook with a VBA project part, its relationship and content types."""
    src = zipfile.ZipFile(io.BytesIO(xlsx(rows)))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for info in src.infolist():
            part = src.read(info)
            if info.filename == "[Content_Types].xml":
                part = part.replace(
                    b"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
                    b"application/vnd.ms-excel.sheet.macroEnabled.main+xml",
                ).replace(
                    b"</Types>",
                    b'<Override PartName="/xl/vbaProject.bin" ContentType="application/vnd.ms-office.vbaProject"/>'
                    b"</Types>",
                )
            if info.filename == "xl/_rels/workbook.xml.rels":
                part = part.replace(
                    b"</Relationships>",
                    b'<Relationship Id="rIdVBA" Type="http://schemas.microsoft.com/office/2006/relationships/'
                    b'vbaProject" Target="vbaProject.bin"/></Relationships>',
                )
            z.writestr(info.filename, part)
        z.writestr("xl/vbaProject.bin", b"\xd0\xcf\x11\xe0 Sub AutoOpen() Shell(...) End Sub")
    return out.getvalue()


def test_a_macro_workbook_is_imported_but_only_kept_without_its_macros(world, upload, client_for):
    officer = world.users["front_officer"]
    data = xlsm([ROW])
    assert originals.has_macros(data)
    _, job = upload(officer, data, name="Danh sách.xlsm")
    assert job.status == ImportStatus.PREVIEWED and job.created == 1
    kept = job.read_file()
    assert job.filename == "Danh sách.xlsx" and not originals.has_macros(kept) and b"AutoOpen" not in kept
    names = zipfile.ZipFile(io.BytesIO(kept)).namelist()
    assert "xl/vbaProject.bin" not in names
    served = client_for(officer).get(f"/excel/{job.pk}/tep-goc/")
    assert served.status_code == 200 and served.content == kept and b"vbaProject" not in served.content
    assert load_workbook(io.BytesIO(kept)).active["C4"].value == "Lò Văn Páo"  # Excel opens what is kept


def fake_xls(streams: list[str]) -> bytes:
    """The start of an OLE2 file whose directory names `streams` (what the sniffing reads)."""
    entries = b""
    for name in ["Root Entry", *streams]:
        raw = (name + "\0").encode("utf-16-le")
        entry = bytearray(128)
        entry[: len(raw)] = raw
        entry[64:66] = len(raw).to_bytes(2, "little")
        entry[66] = 5 if name == "Root Entry" else 2
        entries += bytes(entry)
    return b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504) + entries


def test_an_old_xls_with_macros_is_refused_and_not_kept(world, upload, settings):
    officer = world.users["front_officer"]
    _, job = upload(officer, fake_xls(["Workbook", "_VBA_PROJECT_CUR", "VBA"]), name="ds.xls")
    assert job.status == ImportStatus.FAILED and "có chứa macro" in job.error and not job.file
    assert _private_files(settings) == []


def test_the_application_reads_workbooks_only_through_the_sandbox():
    # outside the parsing package and the sandbox, nothing opens a workbook itself
    root = Path(__file__).resolve().parents[2]
    offenders = []
    for path in root.rglob("*.py"):
        rel = path.relative_to(root).as_posix()
        allowed = rel.startswith("imports/parsing/") or rel in ("imports/sandbox.py", "imports/grid.py")
        if "/tests/" in f"/{rel}" or allowed:
            continue
        text = path.read_text(encoding="utf-8")
        for call in ("parse_households(", "list_sheets(", "CalamineWorkbook", "_Book(", "load_workbook("):
            if call in text:
                offenders.append(f"{rel}: {call}")
    assert offenders == []
