"""``bina import scores``: the sheet is stored all or nothing, exit 2 and the JSON shape on
refused input."""

from __future__ import annotations

import io
import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook

from bina.cli import main
from bina.evaluation.models import TestScore as PrePostScore
from bina.evaluation.scores_io import TemplateRow, write_scores_template
from bina.evaluation.tests.test_reaction_services import held_class


@pytest.fixture(autouse=True)
def _keep_the_test_connection(monkeypatch: pytest.MonkeyPatch) -> None:
    """``bina`` closes every connection when a command ends; in a test that would close the
    test's transaction."""
    from django.db import connections

    monkeypatch.setattr(connections, "close_all", lambda: None)


def sheet(path: Path, world: Any, values: dict[str, tuple[int | str | None, int | None]],
          code: str = "WS-2026-01") -> Path:
    buffer = io.BytesIO()
    write_scores_template(buffer, activity_code=code, activity_name="Workshop",
                          max_score=Decimal(100),
                          rows=[TemplateRow(nip, "", None, None) for nip in values])
    buffer.seek(0)
    wb = load_workbook(buffer)
    ws = wb["Nilai"]
    for row, (pre, post) in enumerate(values.values(), start=5):
        ws.cell(row, 3).value, ws.cell(row, 4).value = pre, post
    wb.save(path)
    return path


def test_a_good_sheet_is_stored(world: Any, tmp_path: Path,
                                capsys: pytest.CaptureFixture[str]) -> None:
    held_class(world, people=(world.staff, world.lab))
    path = sheet(tmp_path / "nilai.xlsx", world, {world.staff.nip: (40, 70),
                                                   world.lab.nip: (60, None)})
    assert main(["import", "scores", str(path), "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out) == {"saved": 2, "errors": []}
    assert PrePostScore.objects.get(enrollment__employee=world.staff).post == Decimal(70)


def test_a_bad_sheet_is_refused_with_each_error_and_nothing_stored(
        world: Any, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    held_class(world, people=(world.staff,))
    path = sheet(tmp_path / "nilai.xlsx", world, {world.staff.nip: ("x", 70),
                                                   world.auditor.nip: (10, 20)})
    assert main(["import", "scores", str(path)]) == 2
    err = capsys.readouterr().err
    assert f"{path}:5:PRE-TEST" in err and "bukan angka" in err
    assert f"{path}:6:NIP" in err and "bukan peserta" in err
    assert not PrePostScore.objects.exists()
    assert main(["import", "scores", str(path), "--format", "json"]) == 2
    document = json.loads(capsys.readouterr().out)
    assert document["saved"] == 0 and len(document["errors"]) == 2


def test_an_unknown_activity_is_refused(world: Any, tmp_path: Path,
                                        capsys: pytest.CaptureFixture[str]) -> None:
    path = sheet(tmp_path / "nilai.xlsx", world, {world.staff.nip: (1, 2)}, code="NOPE-1")
    assert main(["import", "scores", str(path), "--format", "json"]) == 2
    assert json.loads(capsys.readouterr().out)["saved"] == 0
