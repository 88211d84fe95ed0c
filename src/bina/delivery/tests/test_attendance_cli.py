"""``bina template attendance`` and ``bina import attendance``: the template round-trips, the
import is all or nothing, exit 2 and the JSON shape on refused input."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from openpyxl import load_workbook

from bina.cli import main
from bina.delivery.models import Attendance
from bina.delivery.tests.factories import TODAY, make_activity
from bina.testing import World


@pytest.fixture(autouse=True)
def _keep_the_test_connection(monkeypatch: pytest.MonkeyPatch) -> None:
    """``bina`` runs commands through ``run_from_argv``, which closes every database connection
    when it ends; inside a test that would close the test's transaction (PostgreSQL then
    refuses the next query). The commands' own behaviour is unchanged."""
    from django.db import connections

    monkeypatch.setattr(connections, "close_all", lambda: None)


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def fill(path: Path, statuses: dict[int, str], *, code: str | None = None) -> None:
    """Write STATUS into the template's data rows (row number → status)."""
    wb = load_workbook(path)
    ws = wb["Presensi"]
    for row, status in statuses.items():
        ws.cell(row, 4).value = status
    if code is not None:
        ws["B2"] = code
    wb.save(path)


@pytest.fixture
def template(world: World, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    make_activity(world, people=(world.staff, world.kabid))
    path = tmp_path / "presensi.xlsx"
    code, out, _err = run(capsys, "template", "attendance", "--activity", "WS-2026-01",
                          "-o", str(path), "--format", "json")
    assert code == 0 and json.loads(out)["rows"] == 4
    return path


def test_the_template_lists_every_participant_and_session_date(template: Path,
                                                              world: World) -> None:
    ws = load_workbook(template)["Presensi"]
    assert ws["B2"].value == "WS-2026-01"
    assert [c.value for c in ws[3]] == ["NIP", "NAMA", "TANGGAL", "STATUS"]
    rows = [(r[0].value, r[2].value) for r in ws.iter_rows(min_row=4)]
    day = dt.datetime.combine(TODAY, dt.time())  # openpyxl reads dates back as datetimes
    day2 = day + dt.timedelta(days=1)
    assert rows == [(world.kabid.nip, day), (world.kabid.nip, day2),
                    (world.staff.nip, day), (world.staff.nip, day2)]


def test_a_filled_template_imports(template: Path, capsys: pytest.CaptureFixture[str]) -> None:
    fill(template, {4: "hadir", 5: "T", 6: "izin"})
    code, out, _err = run(capsys, "import", "attendance", str(template), "--format", "json")
    assert code == 0
    assert json.loads(out) == {"imported": 3, "errors": []}
    assert Attendance.objects.count() == 3


def test_a_bad_row_refuses_the_whole_file_with_exit_2(
        template: Path, capsys: pytest.CaptureFixture[str]) -> None:
    fill(template, {4: "hadir", 5: "datang"})
    code, out, _err = run(capsys, "import", "attendance", str(template), "--format", "json")
    assert code == 2
    assert json.loads(out)["imported"] == 0
    assert [(e["row"], e["column"]) for e in json.loads(out)["errors"]] == [(5, "STATUS")]
    assert not Attendance.objects.exists()


def test_text_errors_name_file_row_and_column(template: Path,
                                              capsys: pytest.CaptureFixture[str]) -> None:
    fill(template, {4: "hadir", 5: "datang"})
    code, _out, err = run(capsys, "import", "attendance", str(template))
    assert code == 2
    assert f"{template}:5:STATUS: Status 'datang' tidak dikenal" in err


def test_an_unknown_activity_is_refused(template: Path,
                                       capsys: pytest.CaptureFixture[str]) -> None:
    fill(template, {4: "hadir"})
    code, out, _err = run(capsys, "import", "attendance", str(template), "--activity", "NOPE",
                          "--format", "json")
    assert code == 2 and "NOPE" in json.loads(out)["errors"][0]["message"]
    code, _out, err = run(capsys, "template", "attendance", "--activity", "NOPE", "-o",
                          str(template))
    assert code == 2 and "NOPE" in err


def test_a_file_without_an_activity_code_needs_the_option(
        template: Path, capsys: pytest.CaptureFixture[str]) -> None:
    fill(template, {4: "hadir"}, code="")
    code, _out, err = run(capsys, "import", "attendance", str(template))
    assert code == 2 and "--activity" in err
    code, _out, _err = run(capsys, "import", "attendance", str(template), "--activity",
                           "WS-2026-01")
    assert code == 0 and Attendance.objects.count() == 1


def test_a_file_that_is_not_excel_is_refused(world: World, tmp_path: Path,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "x.xlsx"
    path.write_text("bukan excel")
    code, _out, err = run(capsys, "import", "attendance", str(path))
    assert code == 2 and "bukan berkas Excel" in err


def test_help_has_an_example(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _err = run(capsys, "import", "attendance", "--help")
    assert code == 0 and "bina import attendance presensi.xlsx" in out
