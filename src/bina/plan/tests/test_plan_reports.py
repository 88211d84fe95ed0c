"""The plan document (Excel and PDF, PP 11/2017 Pasal 207(3) a–g), the individual plan PDF,
their downloads, and the catalogue export that round-trips through the import."""

from __future__ import annotations

import io
import json
import shutil
import subprocess
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse
from openpyxl import load_workbook

from bina.plan.models import Plan, PlanEmployee, Programme, ProgrammeGain
from bina.plan.reports import (
    employee_plan_pdf,
    plan_report_pdf,
    plan_report_xlsx,
    programmes_export,
)
from bina.plan.services import programmes_import
from bina.plan.tests.test_plan_views import client_for, make_plan, make_programme
from bina.testing import World


@pytest.fixture
def plan(world: World) -> Plan:
    return make_plan(world)


def pdf_text(content: bytes) -> str:
    """The PDF's text in reading order, runs of white space as one space."""
    tool = shutil.which("pdftotext")
    assert tool is not None, "needs poppler's pdftotext"
    done = subprocess.run([tool, "-", "-"], input=content, capture_output=True, check=True)
    return " ".join(done.stdout.decode().split())


def sheet_rows(wb: object, name: str) -> list[list[object]]:
    ws = wb[name]  # type: ignore[index]
    return [[c.value for c in row] for row in ws.iter_rows()]


def test_the_workbook_covers_pasal_207_a_to_g(world: World, plan: Plan) -> None:
    data = io.BytesIO()
    plan_report_xlsx(plan, data)
    wb = load_workbook(io.BytesIO(data.getvalue()))
    assert wb.sheetnames == ["Ringkasan", "a. Kompetensi", "b. Sasaran per Unit",
                             "c-g. Program", "g. Anggaran", "Peserta", "Kurva Anggaran"]
    summary = sheet_rows(wb, "Ringkasan")
    assert summary[0][0] == "Rencana pengembangan kompetensi — Rencana 2027 v1"
    assert summary[3] == ["Anggaran", 50_000_000, "lima puluh juta rupiah"]
    assert any(r[0] == "PNS mencapai 20 JP" and r[1] == "2 dari 3" for r in summary)
    assert any(r[0] == "Anggaran tidak cukup" and r[1] == 1 for r in summary)
    competencies = sheet_rows(wb, "a. Kompetensi")
    assert competencies[2][:3] == ["PERINGKAT", "KODE", "KOMPETENSI"]
    assert competencies[3][:6] == [1, "M.5", "Pelayanan Publik", 2, 3, 1]  # staff + auditor
    programmes = {r[0]: r for r in sheet_rows(wb, "c-g. Program")[3:]}
    assert programmes["PKA"][2] == "Klasikal" and programmes["PKA"][3] == "KL01"
    assert str(programmes["PKA"][7]).startswith("Kurikulum standar")
    assert programmes["YAN"][5] == "BPSDM Provinsi" and programmes["YAN"][6] == "Mar, Apr"
    assert programmes["YAN"][7] == "Disusun instansi" and programmes["YAN"][13] == 1_000_000
    budget = sheet_rows(wb, "g. Anggaran")
    assert budget[3][:4] == ["DINKES", "Dinas Kesehatan", 31_100_000, 40_000_000]
    people = sheet_rows(wb, "Peserta")
    assert people[0][:2] == ["NIP", "NAMA"]
    staff_rows = [r for r in people if r[0] == world.staff.nip]
    assert {r[5] for r in staff_rows} == {"YAN", "EL"}
    assert any(r[0] == world.auditor.nip and r[17] == "Anggaran tidak cukup" for r in people)


def test_the_workbook_of_one_unit_and_without_names(world: World, plan: Plan) -> None:
    data = io.BytesIO()
    plan_report_xlsx(plan, data, unit=world.inspektorat, with_people=False)
    wb = load_workbook(io.BytesIO(data.getvalue()))
    assert "Peserta" not in wb.sheetnames
    units = sheet_rows(wb, "b. Sasaran per Unit")[3:]
    assert [r[0] for r in units] == ["INSP"]
    assert sheet_rows(wb, "c-g. Program")[3:] == []  # nobody in Inspektorat has a programme


def test_the_pdf_is_a_readable_document(world: World, plan: Plan) -> None:
    content = plan_report_pdf(plan)
    assert content.startswith(b"%PDF")
    text = pdf_text(content)
    assert "Rencana 2027" in text and "Pemerintah Provinsi Gorontalo" in text
    for heading in ("a. Kompetensi yang akan dikembangkan", "b. Sasaran ASN",
                    "c–f. Program", "g. Anggaran", "Kurva anggaran"):
        assert heading in text, heading
    assert "Rp 50.000.000" in text and "Kurikulum standar" in text
    assert "Disusun instansi" in text
    unit = pdf_text(plan_report_pdf(plan, unit=world.dinkes))
    assert "Dinas Kesehatan" in unit and "Inspektorat" not in unit.split("a. Kompetensi")[1]


def test_the_individual_plan_pdf(world: World, plan: Plan) -> None:
    person = PlanEmployee.objects.select_related("employee", "unit").get(
        plan=plan, employee=world.kabid)
    text = pdf_text(employee_plan_pdf(plan, person))
    assert "Sri Katili" in text and world.kabid.nip in text
    assert "Pelatihan Kepemimpinan Administrator" in text
    assert "paling lambat 30 Juni 2027" in text
    assert "draf" in text


def test_downloads(world: World, plan: Plan) -> None:
    c = client_for(world.planner)
    r = c.get(reverse("plan:download", args=[plan.pk, "xlsx"]))
    assert r.status_code == 200 and "rencana-2027-v1.xlsx" in r["Content-Disposition"]
    assert "Peserta" in load_workbook(io.BytesIO(r.content)).sheetnames
    r = c.get(reverse("plan:download", args=[plan.pk, "pdf"]) + "?unit=DINKES")
    assert r.status_code == 200 and r.content.startswith(b"%PDF")
    assert "Rencana 2027" in pdf_text(r.content)
    assert c.get(reverse("plan:download", args=[plan.pk, "pdf"]) + "?unit=XX").status_code == 404
    assert c.get(reverse("plan:download", args=[plan.pk, "doc"])).status_code == 404
    # leadership gets the workbook without the named list
    r = client_for(world.leader).get(reverse("plan:download", args=[plan.pk, "xlsx"]))
    assert "Peserta" not in load_workbook(io.BytesIO(r.content)).sheetnames


# --------------------------------------------------------------------------------------------
# The catalogue export


def catalogue(world: World) -> None:
    yan = make_programme(world, "YAN", jp=16, cost=1_000_000, gains={"M.5": 2, "M.1": 1},
                         months=[3, 4], provider_name="BPSDM Provinsi",
                         extra_cost_per_participant=750_000, classes=2,
                         suitable_position_types=["fungsional", "pelaksana"])
    yan.jp = Decimal("16.5")
    yan.save()
    pka = make_programme(world, "PKA", jp=300, cost=30_000_000, gains={"M.8": 1}, path="KL01",
                         is_mandatory=True, mandatory_for="administrator",
                         mandatory_within_months=24, mandatory_note="PermenLAN 2019",
                         suitable_position_types=["administrator"])
    pka.prerequisites.add(yan)


def state() -> list[tuple[object, ...]]:
    rows: list[tuple[object, ...]] = []
    for p in Programme.objects.order_by("code").prefetch_related("prerequisites"):
        gains = sorted(ProgrammeGain.objects.filter(programme=p)
                       .values_list("competency__code", "levels"))
        rows.append((p.code, p.name, p.path_id, p.provider_label, p.jp, p.cost_per_participant,
                     p.extra_cost_per_participant, p.seats_per_class, p.classes, p.months,
                     p.suitable_position_types, p.is_mandatory, p.mandatory_for,
                     p.mandatory_within_months, p.mandatory_note, gains,
                     sorted(q.code for q in p.prerequisites.all())))
    return rows


def test_the_catalogue_export_round_trips(world: World) -> None:
    catalogue(world)
    before = state()
    data = io.BytesIO()
    assert programmes_export(agency=world.agency, file=data) == 2
    wb = load_workbook(io.BytesIO(data.getvalue()))
    assert wb.sheetnames[:2] == ["Program", "Petunjuk"]
    data.seek(0)
    report = programmes_import(agency=world.agency, file=data, filename="katalog.xlsx",
                               actor=world.planner)
    assert not report.errors, report.errors
    assert report.created == 0 and report.updated == 0, report
    assert state() == before
    # and into an empty catalogue: the same programmes again
    Programme.objects.all().delete()
    data.seek(0)
    report = programmes_import(agency=world.agency, file=data, filename="katalog.xlsx",
                               actor=world.planner)
    assert report.created == 2 and state() == before


def test_the_export_command(world: World, tmp_path: Path,
                            capsys: pytest.CaptureFixture[str]) -> None:
    catalogue(world)
    out = tmp_path / "katalog.xlsx"
    call_command("export_programmes", "-o", str(out), "--agency", "prov-gorontalo",
                 "--format", "json")
    doc = json.loads(capsys.readouterr().out)
    assert doc == {"ok": True, "file": str(out), "rows": 2}
    assert load_workbook(out)["Program"]["A2"].value == "PKA"
    call_command("export_programmes", "-o", str(out), "--agency", "prov-gorontalo")
    assert "2" in capsys.readouterr().out
    with pytest.raises((CommandError, SystemExit)):
        call_command("export_programmes", "-o", str(out), "--agency", "tidak-ada")


def test_the_catalogue_page_links_the_download(world: World) -> None:
    catalogue(world)
    c = client_for(world.planner)
    page = c.get(reverse("plan:programmes")).content.decode()
    assert reverse("plan:catalogue_download") in page
    r = c.get(reverse("plan:catalogue_download"))
    assert r.status_code == 200 and "katalog-program-prov-gorontalo.xlsx" in r[
        "Content-Disposition"]
    assert load_workbook(io.BytesIO(r.content))["Program"]["A2"].value == "PKA"
    assert client_for(world.staff_user).get(reverse("plan:catalogue_download")
                                            ).status_code == 403
