"""``bina ipasn``: the JSON per unit, the employee rows with --unit, xlsx, exit codes."""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from openpyxl import load_workbook

from bina.evaluation.management.commands.ipasn import Command
from bina.evaluation.tests.talent_factories import staff_profile

pytestmark = pytest.mark.django_db


def run(*args: str) -> str:
    out = io.StringIO()
    call_command(Command(), "--agency", "prov-gorontalo", *args, stdout=out,
                 stderr=io.StringIO())
    return out.getvalue()


def test_the_json_has_units_dimensions_and_unverified_rules(world: Any) -> None:
    staff_profile(world)
    data = json.loads(run("--year", "2026", "--format", "json"))
    assert data["year"] == 2026
    units = {u["unit"]: u for u in data["units"]}
    assert units["DINKES"]["employees"] == 4 and units["DINKES"]["average"] == 70
    assert units["DINKES"]["category"] == "Rendah"
    assert set(units["DINKES"]["dimensions"]) == {"kualifikasi", "kompetensi", "kinerja",
                                                  "disiplin"}
    assert "kinerja.predikat" in {r["id"] for r in data["unverified_rules"]}
    assert "employees" not in data


def test_with_a_unit_the_employee_rows_are_included(world: Any) -> None:
    staff_profile(world)
    data = json.loads(run("--year", "2026", "--unit", "DINKES-P2P"))
    assert [u["unit"] for u in data["units"]] == ["DINKES-P2P"]
    rows = {r["nip"]: r for r in data["employees"]}
    assert set(rows) == {world.kabid.nip, world.staff.nip}
    assert rows[world.staff.nip]["total"] == 70


def test_xlsx_is_written_to_the_file(world: Any, tmp_path: Path) -> None:
    staff_profile(world)
    target = tmp_path / "ipasn.xlsx"
    assert run("--year", "2026", "--format", "xlsx", "-o", str(target)) == ""
    wb = load_workbook(target)
    assert wb.sheetnames == ["Unit", "Aturan"]
    assert wb["Unit"]["A3"].value in {"DINKES", "INSP"}


@pytest.mark.parametrize("args", [("--year", "20x6"), ("--unit", "TIDAK-ADA"),
                                  ("--format", "xlsx"), ("--rules", "/tidak/ada.json")])
def test_bad_input_exits_2(world: Any, args: tuple[str, ...]) -> None:
    with pytest.raises(CommandError) as caught:
        run(*args)
    assert caught.value.returncode == 2


def test_corrected_rules_from_a_file_change_the_score(world: Any, tmp_path: Path) -> None:
    from bina.core import ipasn
    staff_profile(world)
    data = json.loads(Path(ipasn.__file__).with_name("data").joinpath(
        "ipasn_rules.json").read_text(encoding="utf-8"))
    for rule in data["rules"]:
        if rule["id"] == "kinerja.predikat":
            rule["points"]["baik"] = 30
    target = tmp_path / "rules.json"
    target.write_text(json.dumps(data), encoding="utf-8")
    result = json.loads(run("--year", "2026", "--unit", "DINKES-P2P", "--rules", str(target)))
    rows = {r["nip"]: r for r in result["employees"]}
    assert rows[world.staff.nip]["total"] == 75
