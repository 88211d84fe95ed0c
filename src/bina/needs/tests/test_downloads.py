from __future__ import annotations

import io
from typing import Any

import pytest
from django.test import Client
from openpyxl import load_workbook

from bina.jobs.services import jobs_run_pending
from bina.needs.models import Answer
from bina.needs.services import (
    SelfAnswer,
    round_close,
    round_create,
    round_open,
    self_assessment_submit,
)
from bina.org.services import competency_standard_set
from bina.reference.models import Competency


@pytest.fixture
def needs_round(world: Any) -> Any:
    m5 = Competency.objects.get(code="M.5")
    for e in (world.staff, world.kabid, world.kadis, world.lab):
        competency_standard_set(position=e.position, levels={m5: 3})
    r = round_create(agency=world.agency, code="akpk-2027", name="AKPK 2027", year=2027,
                     units=[world.dinkes])
    round_open(needs_round=r)
    self_assessment_submit(participant=r.participants.get(employee=world.staff),
                           answers={m5: SelfAnswer(self_level=1, importance=5, ability=1)})
    return r


def login(user: Any) -> Client:
    c = Client()
    c.force_login(user)
    return c


def test_the_planner_downloads_the_analysis_document(world: Any, needs_round: Any) -> None:
    c = login(world.planner)
    pdf = c.get("/kebutuhan/akpk-2027/unduh/pdf/")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    xlsx = c.get("/kebutuhan/akpk-2027/unduh/xlsx/")
    assert "Prioritas" in load_workbook(io.BytesIO(xlsx.content)).sheetnames
    assert c.get("/kebutuhan/akpk-2027/unduh/doc/").status_code == 404
    assert login(world.staff_user).get("/kebutuhan/akpk-2027/unduh/pdf/").status_code == 403


def test_an_employee_downloads_only_their_own_gap_profile(world: Any, needs_round: Any) -> None:
    round_close(needs_round=needs_round)
    c = login(world.staff_user)
    assert "profil-saya" in c.get("/kebutuhan/tugas/").content.decode()
    response = c.get("/kebutuhan/akpk-2027/profil-saya/")
    assert response.status_code == 200 and response.content.startswith(b"%PDF")
    assert login(world.auditor_user).get("/kebutuhan/akpk-2027/profil-saya/").status_code == 404


def test_a_unit_fills_the_excel_sheet_and_the_planner_uploads_it(
    world: Any, needs_round: Any, settings: Any, tmp_path: Any
) -> None:
    settings.MEDIA_ROOT = tmp_path
    c = login(world.planner)
    sheet = c.get(f"/kebutuhan/akpk-2027/impor/?unit={world.dinkes.code}")
    wb = load_workbook(io.BytesIO(sheet.content))
    ws = wb.worksheets[0]
    header = [cell.value for cell in ws[1]]
    row = next(r for r in ws.iter_rows(min_row=2) if r[0].value == world.kabid.nip)
    row[header.index("LEVEL DIRI (1–5)")].value = 2
    row[header.index("KEPENTINGAN (1–5)")].value = 4
    row[header.index("KEMAMPUAN (1–5)")].value = 2
    out = io.BytesIO()
    wb.save(out)
    out.name = "jawaban.xlsx"
    out.seek(0)
    response = c.post("/kebutuhan/akpk-2027/impor/", {"file": out})
    assert response.status_code == 302 and "/pekerjaan/" in response["Location"]
    assert jobs_run_pending() == 1
    answer = Answer.objects.get(participant__employee=world.kabid)
    assert (answer.self_level, answer.importance, answer.ability) == (2, 4, 2)
