"""The command-line contract: JSON summary and exit codes 0 (written), 1 (rejected rows), 2 (unusable file)."""

from __future__ import annotations

import json

import pytest
from django.core.management import call_command, execute_from_command_line
from django.core.management.base import CommandError

from vanhoa.core.models import AuditEntry
from vanhoa.imports.models import ImportJob
from vanhoa.registry.models import Household

GOOD = [
    [1, "QT-001", "Lò Văn Páo", "Tổ 1", "Số 3", 4, "0912345678", "15/03/2019"],
    [2, None, "Đỗ Thị Dung", "TDP số 2", "Số 8", 3, None, None],
]
BAD = [
    *GOOD,
    [3, None, "Vàng A Sáng", "Tổ 9", "", 3, None, None],
    [4, None, "Lê Văn Tám", "Tổ 1", "", "ba", None, None],
]


@pytest.fixture
def run(monkeypatch, capsys):
    """run(*argv) -> (exit status, stdout, stderr), through manage.py's own entry point."""
    monkeypatch.setattr("django.db.connections.close_all", lambda: None)  # keep the test's transaction

    def do(*argv):
        status = 0
        try:
            execute_from_command_line(["manage.py", "import_households", *argv])
        except SystemExit as exc:
            status = exc.code
        out = capsys.readouterr()
        return status, out.out, out.err

    return do


def test_a_clean_file_is_written_and_summarised_in_json_with_exit_0(world, tmp_path, make_xlsx, run):
    path = tmp_path / "ds.xlsx"
    path.write_bytes(make_xlsx(GOOD))
    status, out, err = run(str(path), "--ward", "Đoàn Kết", "--json")
    assert status == 0 and err == ""
    assert json.loads(out) == {"created": 2, "updated": 0, "unchanged": 0, "rejected": []}
    assert Household.objects.count() == 2
    job = ImportJob.objects.get()  # the file is kept with the record, as from the web
    assert job.status == "committed" and job.read_file() == path.read_bytes() and job.created_by_name.startswith("dòng")
    # written as the command's system actor, by name (vanhoa/core/actors.py), never as a bare string
    committed = AuditEntry.objects.get(action="imports.household.committed")
    assert committed.actor is None and committed.actor_name == "dòng lệnh import_households"
    # the same file again: everything unchanged
    status, out, _ = run(str(path), "--ward", "03388", "--json")
    assert status == 0 and json.loads(out) == {"created": 0, "updated": 0, "unchanged": 2, "rejected": []}


def test_rejected_rows_give_exit_1_and_nothing_is_written(world, tmp_path, make_xlsx, run):
    path = tmp_path / "ds.xlsx"
    path.write_bytes(make_xlsx(BAD))
    audit_before = AuditEntry.objects.count()
    status, out, err = run(str(path), "--ward", "phuong doan ket", "--json")
    assert status == 1
    summary = json.loads(out)
    assert (summary["created"], summary["updated"], summary["unchanged"]) == (2, 0, 0)
    assert summary["rejected"] == [
        {"row": 6, "column": "Tổ dân phố", "message": "Không tìm thấy tổ dân phố «Tổ 9»"},
        {"row": 7, "column": "Số nhân khẩu", "message": "Số nhân khẩu phải là số nguyên dương (đang ghi «ba»)"},
    ]
    assert "Có 2 dòng bị từ chối: chưa ghi gì" in err
    assert Household.objects.count() == 0 and ImportJob.objects.count() == 0
    assert AuditEntry.objects.count() == audit_before


def test_an_unusable_file_gives_exit_2_with_a_vietnamese_message(world, tmp_path, run):
    path = tmp_path / "ds.xlsx"
    path.write_bytes(b"%PDF-1.4 not a spreadsheet")
    status, out, err = run(str(path), "--ward", "Đoàn Kết", "--json")
    assert status == 2 and out == ""
    assert "Tệp không phải bảng tính Excel" in err and "PDF" in err
    status, _, err = run(str(tmp_path / "khong-co.xlsx"), "--ward", "Đoàn Kết")
    assert status == 2 and "Không đọc được tệp" in err
    status, _, err = run(str(path), "--ward", "Phường Không Có")
    assert status == 2 and "Không tìm thấy xã, phường «Phường Không Có»" in err
    assert Household.objects.count() == 0


def test_an_old_ward_cannot_be_imported_into(world, tmp_path, make_xlsx, run):
    path = tmp_path / "ds.xlsx"
    path.write_bytes(make_xlsx(GOOD))
    status, _, err = run(str(path), "--ward", "Quyết Tiến")
    assert status == 2 and "đã hết hiệu lực" in err


def test_dry_run_reports_without_writing(world, tmp_path, make_xlsx, run):
    path = tmp_path / "ds.xlsx"
    path.write_bytes(make_xlsx(GOOD))
    status, out, _ = run(str(path), "--ward", "Đoàn Kết", "--dry-run")
    assert status == 0
    assert "Sẽ ghi (chạy thử, chưa ghi gì): thêm 2, cập nhật 0, không đổi 0" in out
    assert Household.objects.count() == 0 and ImportJob.objects.count() == 0


def test_sheet_option_reads_the_named_sheet(world, tmp_path, make_xlsx):
    path = tmp_path / "ds.xlsx"
    path.write_bytes(make_xlsx(GOOD, sheets={"Tổ 3": [[1, None, "Vàng A Sáng", "Tổ 3", "", 5, None, None]]}))
    call_command("import_households", str(path), "--ward", "Đoàn Kết", "--sheet", "Tổ 3", "--json")
    assert list(Household.objects.values_list("head_name", flat=True)) == ["Vàng A Sáng"]
    with pytest.raises(CommandError) as info:
        call_command("import_households", str(path), "--ward", "Đoàn Kết", "--sheet", "Tổ 9")
    assert info.value.returncode == 2 and "Không tìm thấy trang tính «Tổ 9»" in str(info.value)
