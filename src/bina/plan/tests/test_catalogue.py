"""The programme catalogue: the import (all-or-nothing, re-import updates), the template, the
bridge to the optimiser, and the ``bina import|template programmes`` commands."""

from __future__ import annotations

import io
import json
from collections.abc import Iterable, Mapping
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.core.management.base import CommandError
from openpyxl import Workbook, load_workbook

from bina.audit.models import AuditEvent
from bina.core.plan import Problem as PlanProblem
from bina.core.plan import problem_from_dict, problem_to_dict
from bina.people.services import ImportReport
from bina.plan.io import PROGRAMME_COLUMNS, PCol, parse_rupiah
from bina.plan.models import Programme, ProgrammeGain
from bina.plan.selectors import programme_problem_rows
from bina.plan.services import programme_upsert, programmes_import
from bina.testing import World

HEADERS = [c.name for c in PROGRAMME_COLUMNS]


def programme_row(code: str = "P01", **overrides: object) -> dict[str, object]:
    row: dict[str, object] = {
        PCol.CODE: code, PCol.NAME: f"Pelatihan {code}", PCol.PATH: "KL03",
        PCol.PROVIDER: "BPSDM Provinsi", PCol.JP: 24, PCol.COST: 2400000,
        PCol.EXTRA_COST: 600000, PCol.SEATS: 30, PCol.CLASSES: 2, PCol.MONTHS: "3,4,5",
        PCol.GAINS: "M.3:1; SK.1:2", PCol.POSITION_TYPES: "Fungsional, Pelaksana",
        PCol.MANDATORY: "T", PCol.MANDATORY_NOTE: None, PCol.PREREQUISITES: None,
    }
    row.update(overrides)
    return row


def xlsx(rows: Iterable[Mapping[str, object]]) -> io.BytesIO:
    workbook = Workbook()
    ws = workbook.active
    assert ws is not None
    ws.title = "Program"
    ws.append(HEADERS)
    for row in rows:
        ws.append([row.get(h) for h in HEADERS])
    buffer = io.BytesIO()
    workbook.save(buffer)
    buffer.seek(0)
    return buffer


def load(world: World, rows: Iterable[Mapping[str, object]], **kwargs: Any) -> ImportReport:
    return programmes_import(agency=world.agency, file=xlsx(rows), filename="katalog.xlsx",
                             actor=world.planner, **kwargs)


def errors(report: ImportReport) -> list[tuple[int | None, str | None, str]]:
    return [(e.row, e.column, e.message.render("en")) for e in report.errors]


# --------------------------------------------------------------------------------------------
# Import


def test_import_creates_programmes_with_gains_and_prerequisites(world: World) -> None:
    report = load(world, [programme_row("P01"),
                          programme_row("P02", **{PCol.PREREQUISITES: "P01",
                                                  PCol.PATH: "Coaching", PCol.CLASSES: None})])
    assert report.ok, errors(report)
    assert (report.created, report.updated, report.unchanged) == (2, 0, 0)
    p1 = Programme.objects.get(agency=world.agency, code="P01")
    assert p1.path.code == "KL03"
    assert p1.jp == Decimal("24.0")
    assert (p1.seats, p1.cost_total_per_participant) == (60, 3_000_000)
    assert p1.months == [3, 4, 5]
    assert p1.suitable_position_types == ["fungsional", "pelaksana"]
    assert {g.competency.code: g.levels for g in p1.gains.all()} == {"M.3": 1, "SK.1": 2}
    p2 = Programme.objects.get(code="P02")
    assert p2.path.code == "NKL01" and p2.classes == 1
    assert list(p2.prerequisites.values_list("code", flat=True)) == ["P01"]
    assert AuditEvent.objects.filter(object_type="programme", action="import").count() == 1


def test_reimport_updates_by_code_and_never_duplicates(world: World) -> None:
    assert load(world, [programme_row("P01"), programme_row("P02")]).ok
    report = load(world, [programme_row("P01", **{PCol.JP: "32", PCol.GAINS: "M.3:3"}),
                          programme_row("P02")])
    assert report.ok, errors(report)
    assert (report.created, report.updated, report.unchanged) == (0, 1, 1)
    assert Programme.objects.filter(agency=world.agency).count() == 2
    p1 = Programme.objects.get(code="P01")
    assert p1.jp == Decimal("32.0")
    assert list(ProgrammeGain.objects.filter(programme=p1)
                .values_list("competency__code", "levels")) == [("M.3", 3)]
    again = load(world, [programme_row("P01", **{PCol.JP: "32", PCol.GAINS: "M.3:3"}),
                         programme_row("P02")])
    assert (again.created, again.updated, again.unchanged) == (0, 0, 2)


def test_dry_run_counts_but_writes_nothing(world: World) -> None:
    report = load(world, [programme_row("P01")], dry_run=True)
    assert report.ok and report.created == 1 and report.dry_run
    assert not Programme.objects.exists()


@pytest.mark.parametrize(("cell", "expected"), [
    ("2.400.000", 2_400_000), ("Rp 2.400.000", 2_400_000), ("Rp2.400.000,00", 2_400_000),
    (2400000, 2_400_000), (2400000.0, 2_400_000), ("2400000", 2_400_000), (None, 0),
])
def test_cost_cells_accept_indonesian_number_formats(cell: object, expected: int) -> None:
    assert parse_rupiah(cell) == expected


def test_import_reads_indonesian_cost_formats(world: World) -> None:
    report = load(world, [programme_row("P01", **{PCol.COST: "Rp 2.400.000",
                                                  PCol.EXTRA_COST: "750.000",
                                                  PCol.JP: "16,5"})])
    assert report.ok, errors(report)
    programme = Programme.objects.get(code="P01")
    assert programme.cost_per_participant == 2_400_000
    assert programme.extra_cost_per_participant == 750_000
    assert programme.jp == Decimal("16.5")


@pytest.mark.parametrize(("overrides", "column", "fragment"), [
    ({PCol.PATH: "KL99"}, PCol.PATH, "unknown path"),
    ({PCol.GAINS: "X.99:1"}, PCol.GAINS, "unknown competency"),
    ({PCol.GAINS: "M.3:4"}, PCol.GAINS, "must be 1–3"),
    ({PCol.GAINS: "M.3"}, PCol.GAINS, "CODE:LEVEL"),
    ({PCol.JP: "-4"}, PCol.JP, "negative"),
    ({PCol.JP: "empat"}, PCol.JP, "not a number"),
    ({PCol.COST: "-100"}, PCol.COST, "negative"),
    ({PCol.COST: "gratis"}, PCol.COST, "not a number"),
    ({PCol.EXTRA_COST: "banyak"}, PCol.EXTRA_COST, "not a number"),
    ({PCol.SEATS: 0}, PCol.SEATS, "more than 0"),
    ({PCol.CLASSES: "0"}, PCol.CLASSES, "more than 0"),
    ({PCol.MONTHS: "3,13"}, PCol.MONTHS, "month '13'"),
    ({PCol.POSITION_TYPES: "Direktur"}, PCol.POSITION_TYPES, "unknown position type"),
    ({PCol.MANDATORY: "mungkin"}, PCol.MANDATORY, "Y or T"),
    ({PCol.ACTIVE: "mungkin"}, PCol.ACTIVE, "Ya (yes) or Tidak (no)"),
    ({PCol.PREREQUISITES: "P77"}, PCol.PREREQUISITES, "prerequisite 'P77'"),
    ({PCol.PREREQUISITES: "P02"}, PCol.PREREQUISITES, "its own prerequisite"),
    ({PCol.NAME: None}, PCol.NAME, "required"),
    ({PCol.SEATS: None}, PCol.SEATS, "required"),
])
def test_each_bad_cell_is_reported_and_nothing_is_written(
        world: World, overrides: dict[str, object], column: str, fragment: str) -> None:
    report = load(world, [programme_row("P01"), programme_row("P02", **overrides)])
    assert not report.ok
    assert [(e.row, e.column) for e in report.errors] == [(3, column)], errors(report)
    assert fragment in report.errors[0].message.render("en")
    assert report.errors[0].message.render("id")
    assert not Programme.objects.exists()
    assert not AuditEvent.objects.filter(object_type="programme").exists()


def test_a_code_twice_in_the_file_is_refused(world: World) -> None:
    report = load(world, [programme_row("P01"), programme_row("p01")])
    assert errors(report) == [(3, PCol.CODE, "code p01 is already used on row 2")]
    assert not Programme.objects.exists()


def test_a_bad_row_leaves_an_existing_catalogue_untouched(world: World) -> None:
    assert load(world, [programme_row("P01")]).ok
    report = load(world, [programme_row("P01", **{PCol.JP: 99}),
                          programme_row("P02", **{PCol.SEATS: -1})])
    assert not report.ok
    assert Programme.objects.get().jp == Decimal("24.0")


def test_a_prerequisite_already_in_the_catalogue_is_accepted(world: World) -> None:
    assert load(world, [programme_row("P01")]).ok
    report = load(world, [programme_row("P02", **{PCol.PREREQUISITES: "P01"})])
    assert report.ok, errors(report)
    assert list(Programme.objects.get(code="P02").prerequisites.values_list(
        "code", flat=True)) == ["P01"]


def test_catalogues_are_per_agency(world: World) -> None:
    assert load(world, [programme_row("P01")]).ok
    other = programmes_import(agency=world.other_agency, file=xlsx([programme_row("P01")]),
                              filename="katalog.xlsx", actor=None)
    assert other.ok and other.created == 1
    assert Programme.objects.filter(code="P01").count() == 2


def test_the_active_column_round_trips_and_defaults_to_ya(world: World) -> None:
    from bina.plan.reports import programmes_export

    report = load(world, [programme_row("P01", **{PCol.ACTIVE: "Tidak"}),
                          programme_row("P02", **{PCol.ACTIVE: None}),
                          programme_row("P03", **{PCol.ACTIVE: "y"})])
    assert report.ok, errors(report)
    active = dict(Programme.objects.values_list("code", "is_active"))
    assert active == {"P01": False, "P02": True, "P03": True}
    data = io.BytesIO()
    assert programmes_export(agency=world.agency, file=data) == 3
    sheet = load_workbook(io.BytesIO(data.getvalue()))["Program"]
    header = [cell.value for cell in sheet[1]]
    column = header.index(PCol.ACTIVE)
    assert [row[column] for row in sheet.iter_rows(min_row=2, values_only=True)] == [
        "Tidak", "Ya", "Ya"]
    data.seek(0)
    again = programmes_import(agency=world.agency, file=data, filename="katalog.xlsx",
                              actor=world.planner)
    assert again.ok and (again.created, again.updated, again.unchanged) == (0, 0, 3), again
    # switching a programme back on is an update
    report = load(world, [programme_row("P01", **{PCol.ACTIVE: "Ya"})])
    assert report.ok and report.updated == 1
    assert Programme.objects.get(code="P01").is_active


# --------------------------------------------------------------------------------------------
# Upsert


def test_upsert_creates_then_updates_and_validates(world: World) -> None:
    programme = programme_upsert(
        agency=world.agency, actor=world.admin, code="LATSAR", name="Latsar CPNS", path="KL04",
        jp=Decimal("40"), cost_per_participant=5_000_000, seats_per_class=40, classes=1,
        months=[7, 8], is_mandatory=True, mandatory_note="CPNS tahun pertama",
        gains={"M.1": 1})
    assert programme.is_mandatory and programme.seats == 40
    updated = programme_upsert(agency=world.agency, actor=world.admin, code="LATSAR",
                               classes=3, prerequisites=[])
    assert updated.pk == programme.pk and updated.seats == 120
    assert Programme.objects.count() == 1
    assert AuditEvent.objects.filter(object_type="programme",
                                     action__in=["create", "update"]).count() == 2
    with pytest.raises(ValidationError) as caught:
        programme_upsert(agency=world.agency, actor=None, code="LATSAR", months=[0, 13],
                         seats_per_class=0, gains={"M.1": 5},
                         suitable_position_types=["raja"])
    assert set(caught.value.message_dict) == {"months", "seats_per_class", "gains",
                                              "suitable_position_types"}


# --------------------------------------------------------------------------------------------
# The bridge to the optimiser


def test_selector_feeds_the_optimiser_its_programmes(world: World) -> None:
    assert load(world, [programme_row("P01", **{PCol.JP: "16,5"}),
                        programme_row("P02", **{PCol.EXTRA_COST: None, PCol.GAINS: None})]).ok
    Programme.objects.filter(code="P02").update(is_active=False)
    rows = programme_problem_rows(world.agency)
    assert [p.code for p in rows] == ["P01"]
    p1 = rows[0]
    assert (p1.jp, p1.cost, p1.seats, dict(p1.gains)) == (17, 3_000_000, 60,
                                                           {"M.3": 1, "SK.1": 2})
    data = problem_to_dict(PlanProblem(budget=10_000_000, programmes=tuple(rows),
                                       employees=(), lam=0.25))
    data["employees"] = [{"id": "E1", "gaps": {"M.3": 1}, "weights": {"M.3": 1}}]
    problem = problem_from_dict(json.loads(json.dumps(data)))
    assert problem.programmes == tuple(rows)


# --------------------------------------------------------------------------------------------
# Commands


def run(*args: str) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command(*args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_cli_imports_and_prints_a_summary(world: World, tmp_path: Path) -> None:
    path = tmp_path / "katalog.xlsx"
    path.write_bytes(xlsx([programme_row("P01")]).getvalue())
    out, _ = run("import_programmes", str(path), "--agency", world.agency.code)
    assert out.strip() == f"{path}: 1 dibuat, 0 diperbarui, 0 tidak berubah"
    out, _ = run("import_programmes", str(path), "--agency", world.agency.code,
                 "--format", "json")
    assert json.loads(out) == {"ok": True, "created": 0, "updated": 0, "unchanged": 1,
                               "dry_run": False}


def test_cli_refuses_a_bad_file_with_exit_2_and_json(world: World, tmp_path: Path) -> None:
    path = tmp_path / "katalog.xlsx"
    path.write_bytes(xlsx([programme_row("P01", **{PCol.PATH: "KL99"})]).getvalue())
    out, err = io.StringIO(), io.StringIO()
    with pytest.raises(CommandError) as caught:
        call_command("import_programmes", str(path), "--agency", world.agency.code,
                     "--format", "json", "--lang", "en", stdout=out, stderr=err)
    assert caught.value.returncode == 2
    assert str(caught.value) == "1 errors; nothing was saved"
    data = json.loads(out.getvalue())
    assert data["ok"] is False
    assert data["errors"] == [{"row": 2, "column": "JALUR", "file": str(path),
                               "message": "unknown path 'KL99'; use KL01–KL12, NKL01–NKL13 "
                                          "or PEND"}]
    assert not Programme.objects.exists()


def test_cli_text_errors_name_file_row_and_column(world: World, tmp_path: Path) -> None:
    path = tmp_path / "katalog.xlsx"
    path.write_bytes(xlsx([programme_row("P01", **{PCol.SEATS: 0})]).getvalue())
    err = io.StringIO()
    with pytest.raises(CommandError) as caught:
        call_command("import_programmes", str(path), "--agency", world.agency.code,
                     stdout=io.StringIO(), stderr=err)
    assert caught.value.returncode == 2
    assert err.getvalue().startswith(f"{path}:2:KURSI PER KELAS: ")


def test_template_round_trips_through_the_import(world: World, tmp_path: Path) -> None:
    path = tmp_path / "templat.xlsx"
    out, _ = run("template_programmes", "-o", str(path), "--agency", world.agency.code)
    assert "templat ditulis" in out
    workbook = load_workbook(path, read_only=True)
    assert workbook.sheetnames[:2] == ["Program", "Petunjuk"]
    assert {"Jalur", "Kompetensi"} <= set(workbook.sheetnames)
    with path.open("rb") as file:
        report = programmes_import(agency=world.agency, file=file, filename="templat.xlsx",
                                   actor=None)
    assert report.ok, errors(report)
    assert report.created == 1
    example = Programme.objects.get()
    assert example.cost_per_participant == 2_400_000 and example.seats == 60


# --------------------------------------------------------------------------------------------
# Pages


def test_catalogue_pages_show_costs_gains_and_prerequisites(world: World, client: Any) -> None:
    assert load(world, [programme_row("P01"),
                        programme_row("P02", **{PCol.PREREQUISITES: "P01",
                                                PCol.MANDATORY: "Y",
                                                PCol.PATH: "NKL03"})]).ok
    client.force_login(world.planner)
    page = client.get("/rencana/katalog/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "Pelatihan P01" in html and "Rp 3.000.000" in html and "Katalog program" in html
    filtered = client.get("/rencana/katalog/", {"jalur": "nonklasikal", "wajib": "1",
                                                "kompetensi": "M.3"}).content.decode()
    assert "Pelatihan P02" in filtered and "Pelatihan P01" not in filtered
    p2 = Programme.objects.get(code="P02")
    detail = client.get(f"/rencana/katalog/{p2.pk}/").content.decode()
    assert "Rp 2.400.000" in detail and "Rp 600.000" in detail
    assert "Komunikasi" in detail and "Mar, Apr, Mei" in detail
    assert "P01 Pelatihan P01" in detail


@pytest.mark.parametrize(("who", "status"), [
    ("admin", 200), ("planner", 200), ("leader", 200), ("operator", 403), ("staff_user", 403),
])
def test_catalogue_is_for_planners_admins_and_leadership(world: World, client: Any, who: str,
                                                         status: int) -> None:
    assert load(world, [programme_row("P01")]).ok
    client.force_login(getattr(world, who))
    assert client.get("/rencana/katalog/").status_code == status
    pk = Programme.objects.get().pk
    assert client.get(f"/rencana/katalog/{pk}/").status_code == status


def test_another_agencys_programme_is_not_found(world: World, client: Any) -> None:
    programmes_import(agency=world.other_agency, file=xlsx([programme_row("X01")]),
                      filename="katalog.xlsx", actor=None)
    client.force_login(world.planner)
    pk = Programme.objects.get().pk
    assert client.get(f"/rencana/katalog/{pk}/").status_code == 404
