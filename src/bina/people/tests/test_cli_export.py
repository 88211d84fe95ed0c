"""``bina export employees`` and ``bina template employees|development``, and the help of every
people command."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from django.core.management import call_command, load_command_class
from django.core.management.base import CommandError
from openpyxl import load_workbook

from bina.people.tests.factories import (
    Roster,
    agency_create,
    employee_row,
    roster_world,
    xlsx_file,
)

pytestmark = pytest.mark.django_db
COMMANDS = ("import_employees", "export_employees", "template_employees", "import_development",
            "template_development")


def run(*args: str) -> str:
    out = io.StringIO()
    call_command(*args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


@pytest.fixture
def world(tmp_path: Path) -> Roster:
    world = roster_world()
    source = tmp_path / "sumber.xlsx"
    source.write_bytes(xlsx_file([employee_row(1), employee_row(2)]).getvalue())
    run("import_employees", str(source))
    return world


def test_export_then_import_changes_nothing(world: Roster, tmp_path: Path) -> None:
    target = tmp_path / "ekspor.xlsx"
    assert run("export_employees", "-o", str(target)).strip() == f"{target}: 2 baris ditulis"
    assert load_workbook(target).sheetnames == ["Pegawai", "Petunjuk", "Unit Kerja"]
    out = run("import_employees", str(target), "--format", "json")
    assert json.loads(out) == {"ok": True, "created": 0, "updated": 0, "unchanged": 2,
                               "dry_run": False}


def test_export_refuses_a_missing_folder_with_status_2(world: Roster, tmp_path: Path) -> None:
    with pytest.raises(CommandError) as caught:
        run("export_employees", "-o", str(tmp_path / "tidak" / "ada.xlsx"))
    assert caught.value.returncode == 2


def test_the_employee_template_uses_the_only_agencys_units(world: Roster, tmp_path: Path) -> None:
    target = tmp_path / "templat.xlsx"
    out = run("template_employees", "-o", str(target), "--format", "json")
    assert json.loads(out) == {"ok": True, "file": str(target)}
    workbook = load_workbook(target)
    assert workbook.sheetnames == ["Pegawai", "Petunjuk", "Unit Kerja"]
    assert workbook["Pegawai"]["L2"].value == "Dinas Kesehatan"


def test_the_template_needs_no_agency(tmp_path: Path) -> None:
    agency_create("a")
    agency_create("b")
    target = tmp_path / "templat.xlsx"
    run("template_employees", "-o", str(target))
    assert load_workbook(target).sheetnames == ["Pegawai", "Petunjuk"]


def test_the_development_template_lists_the_reference_paths(tmp_path: Path) -> None:
    target = tmp_path / "riwayat.xlsx"
    run("template_development", "-o", str(target), "--lang", "en")
    paths = [r[0] for r in load_workbook(target)["Jalur"].iter_rows(min_row=2, values_only=True)]
    assert "KL01" in paths and "NKL13" in paths and "PEND" in paths


@pytest.mark.parametrize("name", COMMANDS)
def test_every_command_has_help_with_an_example(name: str) -> None:
    command = load_command_class("bina.people", name)
    text = command.create_parser("bina", name).format_help()
    assert "Contoh" in text and "bina " in command.help


@pytest.mark.parametrize("name", ["import_employees", "import_development", "export_employees"])
def test_data_commands_offer_agency_format_and_lang(name: str) -> None:
    command = load_command_class("bina.people", name)
    text = command.create_parser("bina", name).format_help()
    assert all(option in text for option in ("--agency", "--format", "--lang"))
