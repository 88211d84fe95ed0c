"""Exporting employees in the template's format, and the round trip export → import."""

from __future__ import annotations

import io

import pytest
from django.db.models import QuerySet
from openpyxl import load_workbook

from bina.core.roster import EMPLOYEE_COLUMNS, Col
from bina.org.models import Agency
from bina.people.models import Employee
from bina.people.services import employees_export, employees_import, unit_labels
from bina.people.tests.factories import (
    Roster,
    employee_row,
    excel_date,
    make_nip,
    roster_world,
    xlsx_file,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def world() -> Roster:
    world = roster_world()
    rows = [
        employee_row(1, **{Col.UNIT: "DINKES-SEK", Col.POSITION: "Kepala Dinas Kesehatan",
                           Col.FRONT_TITLE: "dr.", Col.GRADE: "IV/b", Col.TEACHER: "Y"}),
        employee_row(2, **{Col.SUPERVISOR: make_nip(1), Col.PHONE: ""}),
        employee_row(3, **{Col.NIP: make_nip(3, pppk=True, tmt="2022", female=True),
                           Col.STATUS: "PPPK", Col.PART_TIME: "Y", Col.GRADE: "9",
                           Col.POSITION: "Perawat Terampil", Col.POSITION_TYPE: "Fungsional",
                           Col.LEVEL: "Terampil", Col.SUPERVISOR: make_nip(1)}),
    ]
    report = employees_import(agency=world.agency, file=xlsx_file(rows), filename="p.xlsx",
                              actor=None)
    assert report.ok, report.errors
    return world


def export(target: Agency | QuerySet[Employee]) -> io.BytesIO:
    buffer = io.BytesIO()
    employees_export(queryset_or_agency=target, file=buffer)
    buffer.seek(0)
    return buffer


def test_an_export_reimports_with_zero_changes(world: Roster) -> None:
    report = employees_import(agency=world.agency, file=export(world.agency), filename="e.xlsx",
                              actor=None)
    assert (report.ok, report.created, report.updated, report.unchanged) == (True, 0, 0, 3)


def test_the_export_has_the_templates_sheets_columns_and_formats(world: Roster) -> None:
    workbook = load_workbook(export(world.agency))
    assert workbook.sheetnames[:2] == ["Pegawai", "Petunjuk"]
    sheet = workbook["Pegawai"]
    header = [c.value for c in sheet[1]]
    assert header == [c.name for c in EMPLOYEE_COLUMNS]
    by_nip = {row[0].value: row for row in sheet.iter_rows(min_row=2)}
    pppk = by_nip[make_nip(3, pppk=True, tmt="2022", female=True)]
    values = dict(zip(header, (c.value for c in pppk), strict=True))
    assert (values[Col.STATUS], values[Col.PART_TIME], values[Col.GRADE]) == ("PPPK", "Y", "IX")
    assert (values[Col.POSITION_TYPE], values[Col.LEVEL]) == ("Fungsional", "Terampil")
    assert values[Col.SUPERVISOR] == make_nip(1)
    assert values[Col.BIRTH_DATE] == excel_date(1985, 3, 12)
    assert pppk[0].number_format == "@" and isinstance(pppk[0].value, str)


def test_an_ambiguous_unit_name_is_exported_as_its_code(world: Roster) -> None:
    labels = unit_labels([world.agency.pk])
    assert labels[world.sekretariat_dinkes.pk] == "DINKES-SEK"
    assert labels[world.dinkes.pk] == "Dinas Kesehatan"


def test_it_exports_a_queryset(world: Roster) -> None:
    sheet = load_workbook(export(Employee.objects.filter(nip=make_nip(2))))["Pegawai"]
    assert [row[0] for row in sheet.iter_rows(min_row=2, values_only=True)] == [make_nip(2)]
