"""The roster import service, against the database."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

import pytest
from django.core.exceptions import ValidationError

from bina.audit.models import AuditEvent
from bina.core.roster import Col
from bina.org.models import Position, Unit
from bina.people.models import DevelopmentRecord, Employee, Placement
from bina.people.services import ImportReport, employee_update, employees_import
from bina.people.tests.factories import (
    Roster,
    agency_create,
    csv_file,
    employee_row,
    make_nip,
    roster_world,
    xlsx_file,
)

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 11, 28)  # bina.testing freezes the clock on this day


@pytest.fixture
def world() -> Roster:
    return roster_world()


def run(world: Roster, rows: list[dict[str, object]], **options: Any) -> ImportReport:
    return employees_import(agency=world.agency, file=xlsx_file(rows), filename="pegawai.xlsx",
                            actor=None, **options)


def counts() -> dict[str, int]:
    tables = (Employee, Placement, Position, Unit, AuditEvent, DevelopmentRecord)
    return {model.__name__: model.objects.count() for model in tables}


def test_it_creates_employees_with_an_open_placement_and_audit_events(world: Roster) -> None:
    report = run(world, [employee_row(1), employee_row(2, **{Col.UNIT: "diskominfo"})])
    assert (report.ok, report.created, report.updated, report.unchanged) == (True, 2, 0, 0)
    first = Employee.objects.get(nip=make_nip(1))
    assert (first.agency, first.unit, first.position) == (world.agency, world.dinkes,
                                                          world.analyst)
    assert (first.sex, first.birth_date, first.grade.code, first.education.code) == (
        "L", dt.date(1985, 3, 12), "III/b", "S1")
    placement = Placement.objects.get(employee=first)
    assert (placement.unit, placement.start_date, placement.end_date) == (
        world.dinkes, TODAY, None)
    event = AuditEvent.objects.get(object_type="employee", object_id=str(first.pk))
    assert event.action == "create"
    assert event.changes["unit"] == [None, "Dinas Kesehatan"]
    assert AuditEvent.objects.filter(action="import").count() == 1


def test_a_reimport_updates_by_nip_and_never_duplicates(world: Roster) -> None:
    run(world, [employee_row(1), employee_row(2)])
    again = run(world, [employee_row(1), employee_row(2, **{Col.EMAIL: "baru@example.go.id"}),
                        employee_row(3)])
    assert (again.created, again.updated, again.unchanged) == (1, 1, 1)
    assert Employee.objects.count() == 3
    assert Employee.objects.get(nip=make_nip(2)).email == "baru@example.go.id"
    before = counts()
    same = run(world, [employee_row(1), employee_row(2, **{Col.EMAIL: "baru@example.go.id"}),
                       employee_row(3)])
    assert (same.created, same.updated, same.unchanged) == (0, 0, 3)
    assert counts() == {**before, "AuditEvent": before["AuditEvent"] + 1}  # the import event


def test_a_file_with_one_bad_row_writes_nothing(world: Roster) -> None:
    run(world, [employee_row(1)])
    before = counts()
    rows = [employee_row(1, **{Col.UNIT: "DISKOMINFO"}), employee_row(2),
            employee_row(3, **{Col.POSITION: "Jabatan Baru", Col.POSITION_TYPE: "Pelaksana"}),
            employee_row(4, **{Col.GRADE: "III/z"})]
    report = run(world, rows)
    assert not report.ok
    assert [(e.row, e.column, e.message.code) for e in report.errors] == [
        (5, Col.GRADE, "roster.grade")]
    assert counts() == before
    assert Employee.objects.get(nip=make_nip(1)).unit == world.dinkes


def test_a_dry_run_writes_nothing_but_counts(world: Roster) -> None:
    before = counts()
    report = run(world, [employee_row(1), employee_row(2)], dry_run=True)
    assert (report.ok, report.created, report.dry_run) == (True, 2, True)
    assert counts() == before


def test_a_move_closes_the_placement_and_opens_a_new_one(world: Roster) -> None:
    run(world, [employee_row(1)])
    Placement.objects.update(start_date=dt.date(2020, 1, 1))
    report = run(world, [employee_row(1, **{Col.UNIT: "DISKOMINFO"})])
    assert report.updated == 1
    history = list(Placement.objects.order_by("start_date").values_list(
        "unit__code", "start_date", "end_date"))
    assert history == [("DINKES", dt.date(2020, 1, 1), TODAY), ("DISKOMINFO", TODAY, None)]


def test_an_update_audits_only_the_changed_fields(world: Roster) -> None:
    run(world, [employee_row(1)])
    run(world, [employee_row(1, **{Col.GRADE: "III/c", Col.UNIT: "DISKOMINFO"})])
    employee = Employee.objects.get(nip=make_nip(1))
    event = AuditEvent.objects.get(action="update", object_id=str(employee.pk))
    assert event.changes == {"grade": ["III/b", "III/c"],
                             "unit": ["Dinas Kesehatan", "Dinas Komunikasi dan Informatika"]}


def test_it_sets_supervisors_from_the_file_in_any_order_and_from_the_database(
    world: Roster,
) -> None:
    run(world, [employee_row(9)])
    report = run(world, [employee_row(1, **{Col.SUPERVISOR: make_nip(2)}),
                         employee_row(2, **{Col.SUPERVISOR: make_nip(9)})])
    assert report.created == 2
    staff, chief = (Employee.objects.get(nip=make_nip(n)) for n in (1, 2))
    assert staff.supervisor == chief
    assert chief.supervisor == Employee.objects.get(nip=make_nip(9))
    cleared = run(world, [employee_row(1, **{Col.SUPERVISOR: ""})])
    assert cleared.updated == 1
    staff.refresh_from_db()
    assert staff.supervisor is None


def test_it_refuses_a_supervisor_nobody_knows(world: Roster) -> None:
    report = run(world, [employee_row(1, **{Col.SUPERVISOR: make_nip(7)})])
    assert [e.message.code for e in report.errors] == ["roster.supervisor_unknown"]


def test_it_creates_a_missing_position_when_its_type_is_given(world: Roster) -> None:
    row = employee_row(1, **{Col.POSITION: "Pranata Komputer Ahli Muda",
                             Col.POSITION_TYPE: "Fungsional", Col.LEVEL: "Ahli Muda"})
    report = run(world, [row, employee_row(2, **{Col.POSITION: "pranata komputer ahli muda"})])
    assert (report.ok, report.positions_created) == (True, 1)
    position = Position.objects.get(name="Pranata Komputer Ahli Muda")
    assert (position.agency, position.position_type, position.functional_level) == (
        world.agency, "fungsional", "ahli_muda")
    assert Employee.objects.filter(position=position).count() == 2
    assert run(world, [row]).unchanged == 1  # matched, not created again
    assert Position.objects.filter(name="Pranata Komputer Ahli Muda").count() == 1


def test_it_refuses_a_nip_registered_with_another_agency(world: Roster) -> None:
    run(world, [employee_row(1)])
    other = roster_world("kab-lain")
    report = employees_import(agency=other.agency, file=xlsx_file([employee_row(1)]),
                              filename="x.xlsx", actor=None)
    assert [e.message.code for e in report.errors] == ["roster.nip_other_agency"]


def test_it_refuses_a_malformed_file_with_one_file_level_error(world: Roster) -> None:
    report = employees_import(agency=world.agency, file=io.BytesIO(b"%PDF-1.4 ..."),
                              filename="pegawai.xlsx", actor=None)
    assert not report.ok
    (error,) = report.errors
    assert (error.row, error.column, error.message.code) == (None, None, "table.pdf")


def test_it_imports_a_csv_with_semicolons(world: Roster) -> None:
    report = employees_import(agency=world.agency, actor=None, filename="pegawai.csv",
                              file=csv_file([employee_row(1)], delimiter=";"))
    assert report.created == 1


def test_an_absent_optional_column_keeps_the_stored_value(world: Roster) -> None:
    run(world, [employee_row(1)])
    headers = [Col.NIP, Col.NAME, Col.STATUS, Col.GRADE, Col.EDUCATION, Col.UNIT, Col.POSITION]
    report = employees_import(agency=world.agency, actor=None, filename="kecil.xlsx",
                              file=xlsx_file([employee_row(1)], headers=headers))
    assert report.unchanged == 1
    assert Employee.objects.get(nip=make_nip(1)).email == "pegawai1@example.go.id"


def test_the_number_of_queries_does_not_grow_with_the_rows(
    world: Roster, django_assert_max_num_queries: Any
) -> None:
    rows = [employee_row(n, **{Col.SUPERVISOR: make_nip(1) if n > 1 else ""})
            for n in range(1, 301)]
    with django_assert_max_num_queries(40):
        assert run(world, rows).created == 300
    changed = [{**r, Col.UNIT: "DISKOMINFO"} for r in rows]
    with django_assert_max_num_queries(40):
        assert run(world, changed).updated == 300


def test_employee_update_audits_and_records_a_move(world: Roster) -> None:
    run(world, [employee_row(1)])
    employee = Employee.objects.get(nip=make_nip(1))
    employee_update(employee=employee, actor=None, unit=world.kominfo, email="x@example.go.id")
    employee.refresh_from_db()
    assert (employee.unit, employee.email) == (world.kominfo, "x@example.go.id")
    assert Placement.objects.filter(employee=employee, end_date__isnull=True).get().unit == (
        world.kominfo)
    event = AuditEvent.objects.filter(action="update", object_id=str(employee.pk)).get()
    assert event.changes["email"] == ["pegawai1@example.go.id", "x@example.go.id"]


def test_employee_update_refuses_a_circle_of_supervisors(world: Roster) -> None:
    run(world, [employee_row(1), employee_row(2, **{Col.SUPERVISOR: make_nip(1)})])
    chief, staff = (Employee.objects.get(nip=make_nip(n)) for n in (1, 2))
    with pytest.raises(ValidationError):
        employee_update(employee=chief, actor=None, supervisor=staff)
    with pytest.raises(ValueError, match="nip"):
        employee_update(employee=chief, actor=None, nip="1")


def test_an_agency_without_units_gets_a_helpful_unit_error() -> None:
    agency = agency_create("kosong")
    report = employees_import(agency=agency, file=xlsx_file([employee_row(1)]),
                              filename="p.xlsx", actor=None)
    assert {e.message.code for e in report.errors} >= {"roster.unit_unknown"}
