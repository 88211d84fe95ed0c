from __future__ import annotations

import datetime as dt
import io
import shutil
import subprocess
from typing import Any

import pytest
from openpyxl import load_workbook

from bina.needs.models import NeedsRound
from bina.needs.reports import employee_gap_pdf, needs_report_pdf, needs_report_xlsx
from bina.needs.selectors import round_analysis
from bina.needs.services import (
    SelfAnswer,
    interview_record,
    round_create,
    round_open,
    self_assessment_submit,
    supervisor_rating_submit,
)
from bina.org.services import competency_standard_set
from bina.reference.models import Competency


@pytest.fixture
def answered(world: Any) -> NeedsRound:
    return answered_round(world)


def answered_round(world: Any) -> NeedsRound:
    """An open round over the whole agency: three people answered, one interview."""
    m5 = Competency.objects.get(code="M.5")
    m1 = Competency.objects.get(code="M.1")
    competency_standard_set(position=world.staff.position, levels={m5: 3, m1: 2})
    competency_standard_set(position=world.kabid.position, levels={m5: 3, m1: 3})
    competency_standard_set(position=world.auditor.position, levels={m5: 4, m1: 2})
    needs_round = round_create(agency=world.agency, code="akpk-2027", name="AKPK 2027",
                               year=2027, actor=world.planner)
    round_open(needs_round=needs_round, actor=world.planner)
    staff = needs_round.participants.get(employee=world.staff)
    kabid = needs_round.participants.get(employee=world.kabid)
    auditor = needs_round.participants.get(employee=world.auditor)
    self_assessment_submit(participant=staff, answers={
        m5: SelfAnswer(self_level=3, importance=5, ability=2),
        m1: SelfAnswer(self_level=2, importance=3, ability=3)}, struggles="Aplikasi daring")
    supervisor_rating_submit(participant=staff, supervisor=world.kabid, levels={m5: 1, m1: 2})
    self_assessment_submit(participant=kabid, answers={
        m5: SelfAnswer(self_level=2, importance=4, ability=2),
        m1: SelfAnswer(self_level=3, importance=2, ability=4)})
    self_assessment_submit(participant=auditor, answers={
        m5: SelfAnswer(self_level=4, importance=4, ability=4),
        m1: SelfAnswer(self_level=2, importance=3, ability=4)})
    interview_record(needs_round=needs_round, group="Bidang P2P", held_on=dt.date(2026, 11, 2),
                     interviewer="Perencana", problems="Layanan daring lambat",
                     tags=[(m5, "layanan digital", "antrean daring menumpuk")], unit=world.bidang)
    return needs_round


def test_the_workbook_has_the_four_sheets_with_priorities_first(answered: Any) -> None:
    analysis = round_analysis(answered)
    data = io.BytesIO()
    needs_report_xlsx(analysis, answered, data)
    data.seek(0)
    wb = load_workbook(data)
    assert wb.sheetnames == ["Prioritas", "Unit × Kompetensi", "Inventaris Kompetensi",
                             "Profil Pegawai"]
    priority = [[c.value for c in row] for row in wb["Prioritas"].iter_rows(min_row=4)]
    assert priority[0][:3] == [1, "M.5", "Pelayanan Publik"]
    assert "di bawah standar" in str(priority[0][18])
    heat = wb["Unit × Kompetensi"]
    assert heat.conditional_formatting  # the colour scale
    rows = [[c.value for c in row] for row in heat.iter_rows(min_row=5)]
    assert [r[0] for r in rows] == ["DINKES", "INSP"]
    inventory = [[c.value for c in row] for row in wb["Inventaris Kompetensi"].iter_rows(
        min_row=4)]
    m5 = [r for r in inventory if r[1] == "M.5"]
    assert {r[3] for r in m5} == {"Administrator", "Fungsional"}
    functional = next(r for r in m5 if r[3] == "Fungsional")
    assert functional[4:7] == [2, 2, 1]  # staff and auditor required/assessed; staff below
    assert "Dinas Kesehatan (1)" in str(functional[9])
    profile = [[c.value for c in row] for row in wb["Profil Pegawai"].iter_rows(min_row=2)]
    staff_m5 = next(r for r in profile if r[0] == "199208172019031004" and r[5] == "M.5")
    assert staff_m5[7:13] == [3, 3, 1, 1, "diri + atasan", 2]
    assert staff_m5[15] == "Ya"  # 3 vs 1: flagged


def test_the_workbook_for_one_unit_keeps_only_its_staff(answered: Any) -> None:
    data = io.BytesIO()
    needs_report_xlsx(round_analysis(answered), answered, data, unit="INSP")
    data.seek(0)
    wb = load_workbook(data)
    profile = [[c.value for c in row] for row in wb["Profil Pegawai"].iter_rows(min_row=2)]
    assert {r[0] for r in profile} == {"198807072010011006"}


def _text(pdf: bytes, tmp_path: Any) -> str:
    path = tmp_path / "doc.pdf"
    path.write_bytes(pdf)
    tool = shutil.which("pdftotext")
    assert tool is not None
    out = subprocess.run([tool, "-layout", str(path), "-"], capture_output=True, check=True,
                         text=True)
    return out.stdout


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="needs poppler's pdftotext")
def test_the_pdf_is_an_indonesian_document_with_chart_heatmap_and_rule(
        answered: Any, tmp_path: Any) -> None:
    pdf = needs_report_pdf(round_analysis(answered), answered)
    assert pdf.startswith(b"%PDF")
    text = _text(pdf, tmp_path)
    for expected in ("AKPK 2027", "Pemerintah Provinsi Gorontalo", "Ringkasan",
                     "Prioritas kebutuhan", "Pelayanan Publik", "Prioritas utama",
                     "Pertahankan", "Prioritas rendah", "Berlebihan", "Peta panas",
                     "Aturan penggabungan", "penilaian atasan"):
        assert expected in text, expected


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="needs poppler's pdftotext")
def test_an_employee_gets_their_own_gap_profile(world: Any, answered: Any,
                                                tmp_path: Any) -> None:
    participant = answered.participants.get(employee=world.staff)
    text = _text(employee_gap_pdf(round_analysis(answered), participant), tmp_path)
    assert "Yusran Pakaya" in text and "199208172019031004" in text
    assert "Pelayanan Publik" in text and "+2" in text
    assert "Penilaian diri dan atasan berbeda" in text and "Aplikasi daring" in text
    assert "Arifin" not in text
