"""``bina import employees|development``: the exit-status and output contract scripts rely on."""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from bina.core.roster import Col
from bina.people.management.commands.import_employees import Command as ImportEmployees
from bina.people.models import DevelopmentRecord, Employee
from bina.people.tests.factories import (
    Roster,
    agency_create,
    employee_row,
    make_nip,
    roster_world,
    xlsx_file,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def world() -> Roster:
    return roster_world()


def write(tmp_path: Path, rows: list[dict[str, object]], name: str = "pegawai.xlsx") -> str:
    path = tmp_path / name
    path.write_bytes(xlsx_file(rows).getvalue())
    return str(path)


def run(*args: str) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command(*args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def refused(*args: str) -> tuple[CommandError, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with pytest.raises(CommandError) as caught:
        call_command(*args, stdout=out, stderr=err)
    return caught.value, out.getvalue(), err.getvalue()


def test_it_imports_and_prints_a_summary(world: Roster, tmp_path: Path) -> None:
    path = write(tmp_path, [employee_row(1), employee_row(2)])
    out, err = run("import_employees", path)
    assert out.strip() == f"{path}: 2 dibuat, 0 diperbarui, 0 tidak berubah"
    assert err == ""
    assert Employee.objects.count() == 2


def test_json_success_has_the_counts_and_the_dry_run_flag(world: Roster, tmp_path: Path) -> None:
    path = write(tmp_path, [employee_row(1)])
    out, _ = run("import_employees", path, "--format", "json", "--dry-run")
    assert json.loads(out) == {"ok": True, "created": 1, "updated": 0, "unchanged": 0,
                               "dry_run": True}
    assert Employee.objects.count() == 0


def test_refused_rows_exit_2_with_one_line_per_error(world: Roster, tmp_path: Path) -> None:
    path = write(tmp_path, [employee_row(1), employee_row(2, **{Col.GRADE: "III/z"}),
                            employee_row(3, **{Col.NIP: make_nip(1)})])
    error, out, err = refused("import_employees", path)
    assert error.returncode == 2
    assert str(error) == "2 kesalahan; tidak ada yang disimpan"
    assert err.splitlines() == [
        f"{path}:3:GOLONGAN: golongan 'III/z' tidak berlaku untuk PNS; yang diterima: I/a–IV/e",
        f"{path}:4:NIP: NIP {make_nip(1)} sudah ada di baris 2",
    ]
    assert out == "" and Employee.objects.count() == 0


def test_json_refusal_prints_exactly_ok_and_errors(world: Roster, tmp_path: Path) -> None:
    path = write(tmp_path, [employee_row(1), employee_row(2), employee_row(3),
                            employee_row(4, **{Col.NIP: 198503122010011004})])
    error, out, _ = refused("import_employees", path, "--format", "json", "--lang", "en")
    assert error.returncode == 2
    data = json.loads(out)
    assert list(data) == ["ok", "errors"]
    assert data["ok"] is False
    (only,) = data["errors"]
    assert {k: only[k] for k in ("row", "column")} == {"row": 5, "column": "NIP"}
    assert only["message"].startswith("the NIP was stored as a number")
    assert only["file"] == path


def test_english_messages_with_lang_en(world: Roster, tmp_path: Path) -> None:
    path = write(tmp_path, [employee_row(1, **{Col.UNIT: "Dinas Kesehatn"})])
    _, _, err = refused("import_employees", path, "--lang", "en")
    assert err.strip() == (f"{path}:2:UNIT KERJA: unit 'Dinas Kesehatn' not found; "
                           "did you mean 'Dinas Kesehatan'?")


@pytest.mark.parametrize(
    ("content", "name", "message"),
    [(b"%PDF-1.4\n1 0 obj", "pegawai.xlsx", "file ini PDF, bukan spreadsheet"),
     (b"", "pegawai.xlsx", "file kosong"),
     (bytes(range(256)) * 8, "pegawai.xlsx", "bukan spreadsheet .xlsx"),
     (b"NIP;NAMA\n1;2\n", "pegawai.csv", "kolom wajib tidak ada: STATUS ASN")],
)
def test_a_malformed_file_is_one_clear_line_and_exit_2(
    world: Roster, tmp_path: Path, content: bytes, name: str, message: str
) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    error, _, err = refused("import_employees", str(path))
    assert error.returncode == 2
    (line,) = err.splitlines()
    assert line.startswith(f"{path}: ") and message in line


def test_a_missing_file_exits_2(world: Roster, tmp_path: Path) -> None:
    error, _, _ = refused("import_employees", str(tmp_path / "tidak-ada.xlsx"))
    assert error.returncode == 2 and "tidak ditemukan" in str(error)


def test_the_agency_must_be_named_when_there_are_several(world: Roster, tmp_path: Path) -> None:
    agency_create("kab-lain", "Pemerintah Kabupaten Lain")
    path = write(tmp_path, [employee_row(1)])
    error, _, _ = refused("import_employees", path)
    assert error.returncode == 2 and "kab-lain, prov-uji" in str(error)
    error, _, _ = refused("import_employees", path, "--agency", "kab-entah")
    assert error.returncode == 2
    run("import_employees", path, "--agency", "prov-uji")
    assert Employee.objects.get().agency == world.agency


def test_a_refusal_through_the_command_line_exits_with_status_2(
    world: Roster, tmp_path: Path, capsys: Any
) -> None:
    path = write(tmp_path, [employee_row(1, **{Col.GRADE: "III/z"})])
    with pytest.raises(SystemExit) as caught:
        ImportEmployees().run_from_argv(["bina", "import_employees", path])
    assert caught.value.code == 2
    assert f"{path}:2:GOLONGAN:" in capsys.readouterr().err


def test_a_bad_argument_exits_with_status_2(world: Roster, capsys: Any) -> None:
    with pytest.raises(SystemExit) as caught:
        ImportEmployees().run_from_argv(["bina", "import_employees", "x.xlsx", "--format",
                                         "xml"])
    assert caught.value.code == 2


def test_it_imports_development_history(world: Roster, tmp_path: Path) -> None:
    run("import_employees", write(tmp_path, [employee_row(1)]))
    headers = ["NIP", "NAMA KEGIATAN", "JALUR", "JP", "TANGGAL MULAI", "TANGGAL SELESAI"]
    rows: list[dict[str, object]] = [
        dict(zip(headers, [make_nip(1), "Bimtek SIASN", "KL10", 8, "01-02-2025", "01-02-2025"],
                 strict=True)),
        dict(zip(headers, [make_nip(5), "Bimtek SIASN", "KL10", 8, "01-02-2025", "01-02-2025"],
                 strict=True)),
    ]
    path = tmp_path / "riwayat.xlsx"
    path.write_bytes(xlsx_file(rows, headers=headers).getvalue())
    error, out, _ = refused("import_development", str(path), "--format", "json")
    assert error.returncode == 2
    assert [(e["row"], e["column"]) for e in json.loads(out)["errors"]] == [(3, "NIP")]
    path.write_bytes(xlsx_file(rows[:1], headers=headers).getvalue())
    out, _ = run("import_development", str(path), "--format", "json")
    assert json.loads(out)["created"] == 1
    assert DevelopmentRecord.objects.count() == 1
