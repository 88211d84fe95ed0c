"""The official documents of an activity (assignment letters, attendance list), who may
download them, and the cost report against the plan's budget and budget lines."""

from __future__ import annotations

import io
import os
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from bina.delivery.costs import cost_report
from bina.delivery.models import Activity, ActivityStatus, EnrollmentStatus
from bina.delivery.resources import delivery_settings_update, resource_person_upsert, speaker_add
from bina.delivery.tests.factories import make_activity
from bina.needs.models import NeedsRound
from bina.plan.models import Plan, PlanAssignment, PlanBudgetLine, PlanEmployee, PlanStatus
from bina.testing import World

ARTIFACTS = Path(__file__).resolve().parents[4] / "artifacts" / "documents"
PDFTOTEXT = "/usr/bin/pdftotext"  # poppler-utils
PDFTOPPM = "/usr/bin/pdftoppm"
needs_pdftotext = pytest.mark.skipif(shutil.which(PDFTOTEXT) is None,
                                     reason="pdftotext (poppler-utils) is not installed")


def pdf_text(pdf: bytes, name: str) -> str:
    """The text of ``pdf``; the PDF is also kept under artifacts/documents/ to look at."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS / name
    path.write_bytes(pdf)
    out = subprocess.run([PDFTOTEXT, str(path), "-"], capture_output=True,
                         check=True, text=True)
    return " ".join(out.stdout.split())


def has(text: str, expected: str) -> bool:
    """``expected`` in ``text`` whatever the spacing (letter-spaced titles come out as
    "S U R AT T U G A S")."""
    return "".join(expected.split()) in "".join(text.split())


def make_plan(world: World) -> Plan:
    needs_round = NeedsRound.objects.create(agency=world.agency, code="akpk-2026",
                                            name="AKPK 2026", year=2026)
    return Plan.objects.create(agency=world.agency, year=2026, name="Rencana 2026",
                               needs_round=needs_round, budget=20_000_000,
                               status=PlanStatus.APPROVED)


def settings(world: World) -> None:
    delivery_settings_update(
        agency=world.agency, user=world.admin, city="Gorontalo",
        letterhead="PEMERINTAH PROVINSI GORONTALO\nBADAN KEPEGAWAIAN DAERAH\n"
                   "Jl. Sapta Marga, Botu, Kota Gorontalo 96113",
        signer_title="Kepala Badan Kepegawaian Daerah", signer_name="Dr. Rahmat Hasan, M.Si",
        signer_nip="197003151995031002")


@pytest.fixture
def activity(world: World) -> Activity:
    settings(world)
    plan = make_plan(world)
    a = make_activity(world, people=(world.staff, world.kabid, world.auditor), days=2,
                      plan=plan, name="Workshop Pelayanan Prima Angkatan 1")
    person = resource_person_upsert(agency=world.agency, user=world.planner,
                                    name="Dr. Hasan Mooduto",
                                    home_agency="Universitas Negeri Gorontalo")
    speaker_add(activity=a, person=person, role="narasumber", topic="Standar Pelayanan Publik",
                user=world.planner)
    return a


def download(user: Any, name: str, activity: Activity) -> Any:
    client = Client()
    client.force_login(user)
    return client.get(reverse(f"resources:{name}", args=[activity.pk]))


# --------------------------------------------------------------------------------------------
# PDFs


@needs_pdftotext
def test_the_participants_letter_names_every_participant_in_letter_form(
        world: World, activity: Activity) -> None:
    response = download(world.planner, "letter_participants_pdf", activity)
    assert response["Content-Type"] == "application/pdf"
    text = pdf_text(response.content, "surat-tugas-peserta.pdf")
    for expected in ("BADAN KEPEGAWAIAN DAERAH", "SURAT TUGAS", "Nomor: ……/……/BKD/2026",
                     "Dasar", "Rencana 2026", "MENUGASKAN", "Yusran Pakaya",
                     "199208172019031004", "Sri Katili", "Arifin Gobel", "III/b", "Untuk",
                     "28 November 2026", "Gorontalo", "Dr. Rahmat Hasan, M.Si",
                     "NIP 197003151995031002", "Kepala Badan Kepegawaian Daerah"):
        assert has(text, expected), expected


@needs_pdftotext
def test_the_speakers_letter_names_the_speaker_home_agency_role_and_topic(
        world: World, activity: Activity) -> None:
    text = pdf_text(download(world.admin, "letter_speakers_pdf", activity).content,
                    "surat-tugas-narasumber.pdf")
    for expected in ("SURAT TUGAS", "Dr. Hasan Mooduto", "Universitas Negeri Gorontalo",
                     "Narasumber", "Standar Pelayanan Publik", "MENUGASKAN"):
        assert has(text, expected), expected


@needs_pdftotext
def test_the_attendance_list_has_a_page_per_session_with_nip_and_names(
        world: World, activity: Activity) -> None:
    response = download(world.planner, "attendance_list_pdf", activity)
    text = pdf_text(response.content, "daftar-hadir.pdf")
    assert "".join(text.split()).count("DAFTARHADIRPESERTA") == 2  # two sessions
    assert "Sabtu, 28 November 2026" in text and "Minggu, 29 November 2026" in text
    for expected in ("199208172019031004", "Yusran Pakaya", "Inspektorat", "Tanda Tangan"):
        assert has(text, expected), expected


@needs_pdftotext
def test_the_letterhead_falls_back_to_the_agency_name(world: World) -> None:
    a = make_activity(world, people=(world.staff,))
    text = pdf_text(download(world.planner, "letter_participants_pdf", a).content,
                    "surat-tugas-tanpa-kop.pdf")
    assert "PEMERINTAH PROVINSI GORONTALO" in text  # the agency's name, upper case
    assert "Pejabat yang berwenang" in text


@needs_pdftotext
def test_an_operator_gets_only_their_units_participants(world: World,
                                                         activity: Activity) -> None:
    response = download(world.operator, "letter_participants_pdf", activity)
    assert response.status_code == 200
    text = pdf_text(response.content, "surat-tugas-operator.pdf")
    assert "Yusran Pakaya" in text and "Sri Katili" in text
    assert "Arifin Gobel" not in text  # Inspektorat, not the operator's unit
    attendance = pdf_text(download(world.operator, "attendance_list_pdf", activity).content,
                          "daftar-hadir-operator.pdf")
    assert "Arifin Gobel" not in attendance


def test_an_operator_of_another_unit_gets_404_and_employees_403(world: World,
                                                                activity: Activity) -> None:
    from bina.accounts.models import Role, User

    other_operator = User.objects.create_user(username="op.insp", password="x-123456789",
                                              role=Role.OPERATOR, agency=world.agency,
                                              unit=world.upt)
    assert download(other_operator, "letter_participants_pdf", activity).status_code == 404
    assert download(world.staff_user, "letter_participants_pdf", activity).status_code == 403
    assert download(world.staff_user, "attendance_list_pdf", activity).status_code == 403
    assert download(world.leader, "letter_participants_pdf", activity).status_code == 403
    # the speakers' letter is for planners and admin only
    assert download(world.operator, "letter_speakers_pdf", activity).status_code == 403


def test_documents_of_another_agency_are_not_found(world: World, activity: Activity) -> None:
    from bina.accounts.models import Role, User

    stranger = User.objects.create_user(username="planner.boalemo", password="x-123456789",
                                        role=Role.PLANNER, agency=world.other_agency)
    assert download(stranger, "attendance_list_pdf", activity).status_code == 404


# --------------------------------------------------------------------------------------------
# Cost report


def costed_plan(world: World) -> Plan:
    """Plan 20 M; Dinkes line 6 M, Inspektorat line 3 M. Two classes of WS (planned 5 M each):
    the first realised 4.5 M with staff, kabid (Dinkes) and the auditor (Inspektorat); the
    second cancelled. A third, TK, not realised yet."""
    plan = make_plan(world)
    PlanBudgetLine.objects.create(plan=plan, unit=world.dinkes, amount=6_000_000)
    PlanBudgetLine.objects.create(plan=plan, unit=world.inspektorat, amount=3_000_000)
    first = make_activity(world, "WS-2026-01", plan=plan,
                          people=(world.staff, world.kabid, world.auditor),
                          realised_cost=4_500_000, status=ActivityStatus.COMPLETED)
    make_activity(world, "WS-2026-02", plan=plan, people=(world.kadis,),
                  status=ActivityStatus.CANCELLED)
    make_activity(world, "TK-2026-01", plan=plan, people=(world.lab,), planned_cost=2_000_000)
    for employee, unit, code, cost in ((world.staff, world.dinkes, "WS", 1_500_000),
                                       (world.kabid, world.dinkes, "WS", 1_500_000),
                                       (world.auditor, world.inspektorat, "WS", 1_500_000),
                                       (world.lab, world.dinkes, "TK", 2_000_000)):
        person = PlanEmployee.objects.get_or_create(
            plan=plan, employee=employee,
            defaults={"unit": unit, "employment_type": employee.employment_type})[0]
        assignment = PlanAssignment.objects.create(
            plan=plan, person=person, programme=first.programme.__class__.objects.get(
                agency=world.agency, code=code), cost=cost)
        first.enrollments.filter(employee=employee).update(plan_assignment=assignment)
    assert first.enrollments.filter(status=EnrollmentStatus.ENROLLED).count() == 3
    return plan


def test_the_cost_report_compares_classes_with_the_plan_and_its_lines(world: World) -> None:
    report = cost_report(costed_plan(world))
    ws = {p.programme.code: p for p in report.programmes}
    assert ws["WS"].plan_cost == 4_500_000
    assert ws["WS"].planned == 5_000_000  # the cancelled class is not counted
    assert ws["WS"].realised == 4_500_000
    assert ws["TK"].pending == 1
    assert report.realised == 4_500_000
    assert report.remaining == 20_000_000 - 4_500_000
    lines = {line.unit.code if line.unit else None: line for line in report.lines}
    assert lines["DINKES"].realised == 3_000_000  # two of three participants
    assert lines["DINKES"].plan_cost == 5_000_000
    assert lines["DINKES"].remaining == 3_000_000
    assert lines["INSP"].realised == 1_500_000
    assert lines["INSP"].participants == 1


def test_the_cost_report_page_and_excel_for_the_planner_only(world: World) -> None:
    plan = costed_plan(world)
    client = Client()
    client.force_login(world.planner)
    url = reverse("resources:cost_report")
    page = client.get(url, {"rencana": str(plan.pk)}).content.decode()
    assert "Rp 4.500.000" in page and "Rp 15.500.000" in page and "Dinas Kesehatan" in page
    xlsx = client.get(url, {"rencana": str(plan.pk), "format": "xlsx"})
    wb = load_workbook(io.BytesIO(xlsx.content))
    assert wb.sheetnames == ["Kegiatan", "Program", "Pagu unit"]
    codes = [row[0] for row in wb["Kegiatan"].iter_rows(values_only=True)]
    assert "WS-2026-02" in codes
    operator = Client()
    operator.force_login(world.operator)
    assert operator.get(url, {"rencana": str(plan.pk)}).status_code == 403


@pytest.mark.skipif(not os.environ.get("BINA_DOCUMENT_PNGS"), reason="only to look at them")
def test_render_the_documents_to_png(world: World, activity: Activity) -> None:
    for name in ("letter_participants_pdf", "letter_speakers_pdf", "attendance_list_pdf"):
        pdf = download(world.planner, name, activity).content
        path = ARTIFACTS / f"{name}.pdf"
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        path.write_bytes(pdf)
        subprocess.run([PDFTOPPM, "-png", "-r", "60", str(path), str(path.with_suffix(""))],
                       check=True)
