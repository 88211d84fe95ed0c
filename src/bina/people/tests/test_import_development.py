"""The development-history import: its rules (without a database) and the service."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal
from typing import Any

import pytest

from bina.audit.models import AuditEvent
from bina.core.roster import SheetRow
from bina.org.models import Organisation
from bina.people.io.history import (
    DEVELOPMENT_COLUMNS,
    DevCol,
    DevelopmentLookups,
    PathRef,
    StoredActivity,
    development_plan,
    validate_development,
)
from bina.people.models import DevelopmentRecord, DevelopmentSource, Employee
from bina.people.services import ImportReport, development_import, employees_import
from bina.people.tests.factories import (
    Roster,
    employee_row,
    excel_date,
    make_nip,
    roster_world,
    xlsx_file,
)

NIP = make_nip(1)
LOOKUPS = DevelopmentLookups(
    employees={NIP: 7},
    paths=[PathRef(1, "KL03", "Pelatihan Teknis"), PathRef(2, "NKL01", "Coaching")],
    organisations={"bpsdm provinsi uji": 40},
)
HEADERS = [c.name for c in DEVELOPMENT_COLUMNS]


def activity(number: int = 2, **cells: object) -> SheetRow:
    values: dict[str, object] = {
        DevCol.NIP: NIP, DevCol.TITLE: "Pelatihan Analisis Data", DevCol.PATH: "KL03",
        DevCol.JP: "24", DevCol.START: "02-09-2024", DevCol.END: "05-09-2024",
    }
    values.update({key.replace("_", " "): value for key, value in cells.items()})
    return SheetRow(number, values)


def codes(rows: list[SheetRow]) -> list[tuple[int | None, str | None, str]]:
    result = validate_development(rows, LOOKUPS)
    return [(e.row, e.column, e.message.code) for e in result.errors]


def test_it_accepts_a_valid_activity() -> None:
    (record,) = validate_development([activity(PENYELENGGARA="BPSDM Provinsi Uji")],
                                     LOOKUPS).records
    assert (record.employee_id, record.path_id, record.jp) == (7, 1, Decimal("24.0"))
    assert (record.start_date, record.end_date) == (dt.date(2024, 9, 2), dt.date(2024, 9, 5))
    assert (record.provider_id, record.provider_name) == (40, "")


def test_it_reads_a_path_by_name_and_a_decimal_comma() -> None:
    (record,) = validate_development([activity(JALUR="coaching", JP="2,5")], LOOKUPS).records
    assert (record.path_id, record.jp) == (2, Decimal("2.5"))


def test_it_keeps_an_unknown_provider_as_text() -> None:
    (record,) = validate_development([activity(PENYELENGGARA="LAN RI")], LOOKUPS).records
    assert (record.provider_id, record.provider_name) == (None, "LAN RI")


def test_it_reports_every_problem() -> None:
    assert codes([
        activity(2, NIP=make_nip(99), JALUR="KL99", JP="-3"),
        activity(3, JP="banyak", TANGGAL_MULAI="05-09-2024", TANGGAL_SELESAI="01-09-2024"),
        activity(4, NIP=198503122010011001.0, NAMA_KEGIATAN="", TANGGAL_MULAI="31-02-2024"),
    ]) == [
        (2, DevCol.NIP, "development.nip_unknown"),
        (2, DevCol.PATH, "development.path"),
        (2, DevCol.JP, "development.jp"),
        (3, DevCol.JP, "development.jp"),
        (3, DevCol.END, "development.dates"),
        (4, DevCol.NIP, "nip.scientific"),
        (4, DevCol.TITLE, "roster.required"),
        (4, DevCol.START, "roster.date_impossible"),
    ]


def test_it_rejects_the_same_activity_twice_in_a_file() -> None:
    assert codes([activity(2), activity(3, NAMA_KEGIATAN="pelatihan  analisis data")]) == [
        (3, DevCol.TITLE, "development.duplicate")]


def test_the_plan_updates_a_stored_activity_instead_of_adding_it() -> None:
    (record,) = validate_development([activity(JP="30")], LOOKUPS).records
    stored = StoredActivity(5, 1, Decimal("24.0"), None, "", "")
    plan = development_plan([record], {record.key: stored})
    assert (plan.creates, plan.unchanged) == ((), 0)
    assert plan.updates[0][1].jp == Decimal("30.0")


# --- the service ---------------------------------------------------------------------------


@pytest.fixture
def world(db: Any) -> Roster:
    world = roster_world()
    employees_import(agency=world.agency, actor=None, filename="p.xlsx",
                     file=xlsx_file([employee_row(1), employee_row(2)]))
    Organisation.objects.create(agency=world.agency, name="BPSDM Provinsi Uji",
                                kind="lembaga_pelatihan")
    return world


def run(world: Roster, rows: list[dict[str, object]], **options: Any) -> ImportReport:
    return development_import(agency=world.agency, actor=None, filename="riwayat.xlsx",
                              file=xlsx_file(rows, headers=HEADERS, sheet="Pengembangan"),
                              **options)


def row(serial: int = 1, **cells: object) -> dict[str, object]:
    values: dict[str, object] = {
        DevCol.NIP: make_nip(serial), DevCol.TITLE: "Pelatihan Analisis Data",
        DevCol.PATH: "KL03", DevCol.JP: 24, DevCol.START: excel_date(2024, 9, 2),
        DevCol.END: "05-09-2024", DevCol.PROVIDER: "bpsdm provinsi uji",
        DevCol.CERTIFICATE: "800/1",
    }
    values.update(cells)
    return values


@pytest.mark.django_db
def test_it_imports_and_reimports_without_duplicating(world: Roster) -> None:
    first = run(world, [row(1), row(2, **{DevCol.PROVIDER: "LAN RI"})])
    assert (first.ok, first.created) == (True, 2)
    record = DevelopmentRecord.objects.get(employee__nip=make_nip(1))
    assert record.provider is not None and record.provider.name == "BPSDM Provinsi Uji"
    assert (record.jp, record.source) == (Decimal("24.0"), DevelopmentSource.IMPORT)
    again = run(world, [row(1), row(2, **{DevCol.PROVIDER: "LAN RI", DevCol.JP: 32})])
    assert (again.created, again.updated, again.unchanged) == (0, 1, 1)
    assert DevelopmentRecord.objects.count() == 2
    assert DevelopmentRecord.objects.get(employee__nip=make_nip(2)).jp == Decimal("32.0")
    assert AuditEvent.objects.filter(object_type="development_record", action="update").exists()


@pytest.mark.django_db
def test_a_bad_row_or_a_dry_run_writes_nothing(world: Roster) -> None:
    before = (DevelopmentRecord.objects.count(), AuditEvent.objects.count(),
              Employee.objects.count())
    refused = run(world, [row(1), row(3)])  # NIP 3 is not an employee
    assert [(e.row, e.message.code) for e in refused.errors] == [(3, "development.nip_unknown")]
    dry = run(world, [row(1)], dry_run=True)
    assert (dry.ok, dry.created, dry.dry_run) == (True, 1, True)
    assert (DevelopmentRecord.objects.count(), AuditEvent.objects.count(),
            Employee.objects.count()) == before


@pytest.mark.django_db
def test_it_refuses_a_malformed_file(world: Roster) -> None:
    report = development_import(agency=world.agency, actor=None, filename="r.csv",
                                file=io.BytesIO(b""))
    assert [e.message.code for e in report.errors] == ["table.empty"]
