from __future__ import annotations

import io
import json
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from openpyxl import load_workbook

from bina.audit.models import AuditEvent
from bina.needs.imports import parse_predicate, parse_rating, performance_import
from bina.people.models import PerformanceRecord

HEADER = "NIP,TAHUN,PERIODE,NOMOR PERIODE,HASIL KERJA,PERILAKU KERJA,PREDIKAT"


def csv_file(*lines: str) -> io.BytesIO:
    return io.BytesIO(("\n".join([HEADER, *lines]) + "\n").encode())


def run(world: Any, data: io.BytesIO, **kwargs: Any) -> Any:
    return performance_import(agency=world.agency, file=data, filename="kinerja.csv",
                              actor=world.planner, **kwargs)


def stored(world: Any) -> dict[tuple[str, int, str, int], tuple[str, str, str]]:
    return {(r.employee.nip, r.year, r.period_kind, r.period_number):
            (r.result_rating, r.behaviour_rating, r.predicate)
            for r in PerformanceRecord.objects.select_related("employee")}


def test_the_predicate_is_computed_from_the_two_ratings(world: Any) -> None:
    report = run(world, csv_file(
        f"{world.staff.nip},2025,,,Di bawah ekspektasi,Sesuai ekspektasi,",
        f"{world.kabid.nip},2025,tahunan,1,DIATAS,di atas,Sangat Baik",
        f"{world.lab.nip},2025,Triwulan,3,,,Kurang/Misconduct",
    ))
    assert report.ok and report.created == 3
    assert stored(world) == {
        (world.staff.nip, 2025, "tahunan", 1): ("dibawah", "sesuai", "butuh_perbaikan"),
        (world.kabid.nip, 2025, "tahunan", 1): ("diatas", "diatas", "sangat_baik"),
        (world.lab.nip, 2025, "triwulan", 3): ("", "", "kurang"),
    }
    assert AuditEvent.objects.filter(object_type="performance_record", action="create"
                                     ).count() == 3


def test_a_reimport_updates_the_same_period_instead_of_duplicating(world: Any) -> None:
    assert run(world, csv_file(f"{world.staff.nip},2025,,,,,Baik")).ok
    report = run(world, csv_file(f"{world.staff.nip},2025,tahunan,1,,,Butuh Perbaikan",
                                 f"{world.staff.nip},2024,,,,,Baik"))
    assert (report.created, report.updated, report.unchanged) == (1, 1, 0)
    assert stored(world)[(world.staff.nip, 2025, "tahunan", 1)][2] == "butuh_perbaikan"
    assert AuditEvent.objects.filter(object_type="performance_record", action="update"
                                     ).count() == 1
    again = run(world, csv_file(f"{world.staff.nip},2024,,,,,Baik"))
    assert (again.created, again.updated, again.unchanged) == (0, 0, 1)


def test_every_bad_cell_is_reported_and_nothing_is_written(world: Any) -> None:
    nip = world.staff.nip
    report = run(world, csv_file(
        "199901012020011001,2025,,,,,Baik",                          # 2 unknown NIP
        f"{nip},1999,,,,,Baik",                                      # 3 year
        f"{nip},2025,semester,,,,Baik",                              # 4 period
        f"{nip},2025,triwulan,5,,,Baik",                             # 5 number
        f"{nip},2025,,,Luar biasa,Sesuai ekspektasi,",               # 6 rating
        f"{nip},2025,,,Sesuai ekspektasi,,",                         # 7 only one rating
        f"{nip},2025,,,,,Hebat",                                     # 8 predicate
        f"{nip},2025,,,Di atas ekspektasi,Di atas ekspektasi,Baik",  # 9 mismatch
        f"{nip},2025,,,,,",                                          # 10 nothing
        f"{nip},2023,,,,,Baik",                                      # 11 fine
        f"{nip},2023,tahunan,1,,,Baik",                              # 12 duplicate
        f"{world.outsider.nip},2025,,,,,Baik",                       # 13 other agency
    ))
    assert not report.ok
    assert [(e.row, e.column) for e in report.errors] == [
        (2, "NIP"), (3, "TAHUN"), (4, "PERIODE"), (5, "NOMOR PERIODE"), (6, "HASIL KERJA"),
        (7, "PERILAKU KERJA"), (8, "PREDIKAT"), (9, "PREDIKAT"), (10, "PREDIKAT"), (12, "NIP"),
        (13, "NIP")]
    mismatch = report.errors[7].message.render("en")
    assert "does not match the two ratings: the matrix gives Sangat Baik" in mismatch
    assert "already appears on row 11" in report.errors[9].message.render("en")
    assert PerformanceRecord.objects.count() == 0


def test_dry_run_writes_nothing(world: Any) -> None:
    report = run(world, csv_file(f"{world.staff.nip},2025,,,,,Baik"), dry_run=True)
    assert report.ok and report.created == 1 and PerformanceRecord.objects.count() == 0


@pytest.mark.parametrize(("text", "value"), [
    ("Di atas ekspektasi", "diatas"), ("diatas", "diatas"), ("SESUAI EKSPEKTASI", "sesuai"),
    ("di bawah", "dibawah"), ("below expectations", "dibawah")])
def test_rating_variants_are_accepted(text: str, value: str) -> None:
    assert parse_rating(text).value == value


@pytest.mark.parametrize(("text", "value"), [
    ("Sangat Baik", "sangat_baik"), ("butuh perbaikan", "butuh_perbaikan"),
    ("Misconduct", "kurang"), ("Kurang/Misconduct", "kurang"), ("SANGAT KURANG", "sangat_kurang")])
def test_predicate_variants_are_accepted(text: str, value: str) -> None:
    assert parse_predicate(text).value == value


def test_the_template_and_the_cli(world: Any, tmp_path: Any, capsys: Any) -> None:
    template = tmp_path / "kinerja.xlsx"
    call_command("template_performance", "-o", str(template))
    assert "templat ditulis" in capsys.readouterr().out
    wb = load_workbook(template)
    assert wb.sheetnames == ["Kinerja", "Petunjuk"]
    assert [c.value for c in wb["Kinerja"][1]] == [
        "NIP", "TAHUN", "PERIODE", "NOMOR PERIODE", "HASIL KERJA", "PERILAKU KERJA", "PREDIKAT"]
    path = tmp_path / "kinerja.csv"
    path.write_bytes(csv_file(f"{world.staff.nip},2025,,,,,Butuh Perbaikan").getvalue())
    call_command("import_performance", str(path), "--agency", "prov-gorontalo", "--format",
                 "json")
    assert json.loads(capsys.readouterr().out)["created"] == 1
    path.write_bytes(csv_file(f"{world.staff.nip},2025,,,,,Hebat").getvalue())
    with pytest.raises(CommandError) as caught:
        call_command("import_performance", str(path), "--agency", "prov-gorontalo")
    assert caught.value.returncode == 2
    assert "kinerja.csv:2:PREDIKAT: predikat 'Hebat' tidak dikenal" in capsys.readouterr().err


def test_an_imported_predicate_is_frozen_into_a_new_round(world: Any) -> None:
    from bina.needs.services import round_create, round_open

    assert run(world, csv_file(f"{world.staff.nip},2025,,,,,Butuh Perbaikan")).ok
    needs_round = round_open(needs_round=round_create(agency=world.agency, code="r", name="R",
                                                      year=2027))
    assert needs_round.participants.get(employee=world.staff).predicate == "butuh_perbaikan"
