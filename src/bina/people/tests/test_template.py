"""The import templates: what the user downloads before filling in a roster or a history."""

from __future__ import annotations

import io

import pytest
from openpyxl import load_workbook

from bina.core.roster import (
    EMPLOYEE_COLUMNS,
    FUNCTIONAL_LEVELS,
    PNS_GRADES,
    POSITION_TYPES,
    PPPK_GRADES,
    Col,
)
from bina.org.models import FunctionalLevel, PositionType
from bina.people.io.history import DEVELOPMENT_COLUMNS, PathRef, write_development_template
from bina.people.io.roster_xlsx import write_employee_template
from bina.people.models import Employee
from bina.people.services import employees_import
from bina.people.tests.factories import roster_world
from bina.reference.models import Grade


def template(unit_name: str | None = None) -> io.BytesIO:
    buffer = io.BytesIO()
    write_employee_template(buffer, unit_name=unit_name)
    buffer.seek(0)
    return buffer


def test_the_template_has_the_documented_columns_and_one_example_row() -> None:
    sheet = load_workbook(template())["Pegawai"]
    rows = list(sheet.iter_rows(values_only=True))
    assert list(rows[0]) == [c.name for c in EMPLOYEE_COLUMNS]
    assert len(rows) == 2
    example = dict(zip(rows[0], rows[1], strict=True))
    assert (example[Col.NIP], example[Col.STATUS], example[Col.GRADE]) == (
        "198503122010011004", "PNS", "III/b")


def test_the_nip_columns_are_formatted_as_text() -> None:
    sheet = load_workbook(template())["Pegawai"]
    nip_letter, supervisor_letter = "A", "P"
    assert sheet.column_dimensions[nip_letter].number_format == "@"
    assert sheet.column_dimensions[supervisor_letter].number_format == "@"
    assert sheet["A1"].value == Col.NIP and sheet["P1"].value == Col.SUPERVISOR
    assert sheet["A2"].number_format == "@"


def test_the_guide_explains_every_column_and_the_accepted_values() -> None:
    guide = load_workbook(template())["Petunjuk"]
    rows = [r for r in guide.iter_rows(values_only=True) if r and r[0]]
    described = {r[0]: r for r in rows[1:len(EMPLOYEE_COLUMNS) + 1]}
    assert set(described) == {c.name for c in EMPLOYEE_COLUMNS}
    assert described[Col.NIP][1] == "Ya" and described[Col.EMAIL][1] == "Tidak"
    grades = str(described[Col.GRADE][4])
    assert all(code in grades for code in (*PNS_GRADES, *PPPK_GRADES))
    text = " ".join(str(cell) for row in rows for cell in row if cell)
    assert "JENIS JABATAN" in text and "kode unit" in text and "Ahli Madya" in text


@pytest.mark.django_db
def test_the_example_row_imports_into_an_agency_that_has_its_unit() -> None:
    world = roster_world()
    report = employees_import(agency=world.agency, file=template(unit_name="Dinas Kesehatan"),
                              filename="templat.xlsx", actor=None)
    assert (report.ok, report.created, report.positions_created) == (True, 1, 1)
    assert Employee.objects.get().unit == world.dinkes


@pytest.mark.django_db
def test_the_core_codes_match_the_models_and_the_reference_data() -> None:
    assert set(POSITION_TYPES) == set(PositionType.values)
    assert set(FUNCTIONAL_LEVELS) == set(FunctionalLevel.values)
    assert set(PNS_GRADES) == set(Grade.objects.filter(scheme="PNS").values_list("code",
                                                                                  flat=True))
    assert set(PPPK_GRADES) == set(Grade.objects.filter(scheme="PPPK").values_list("code",
                                                                                    flat=True))


def test_the_development_template_lists_the_paths() -> None:
    buffer = io.BytesIO()
    write_development_template(buffer, paths=[PathRef(1, "KL01", "Pelatihan Struktural")])
    workbook = load_workbook(io.BytesIO(buffer.getvalue()))
    assert workbook.sheetnames == ["Pengembangan", "Petunjuk", "Jalur"]
    header = next(workbook["Pengembangan"].iter_rows(values_only=True))
    assert list(header) == [c.name for c in DEVELOPMENT_COLUMNS]
    assert list(workbook["Jalur"].iter_rows(min_row=2, values_only=True)) == [
        ("KL01", "Pelatihan Struktural")]
