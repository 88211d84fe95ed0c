"""The needs-analysis pages: planner, results, employee and supervisor questionnaires."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client

from bina.audit.models import AuditEvent
from bina.needs.models import Answer, Interview, NeedsRound, RoundStatus
from bina.needs.services import SelfAnswer, round_create, round_open, self_assessment_submit
from bina.org.services import competency_standard_set
from bina.reference.models import Competency


def client_for(user: Any) -> Client:
    c = Client()
    c.force_login(user)
    return c


@pytest.fixture
def comps(db: Any) -> dict[str, Any]:
    return {code: Competency.objects.get(code=code) for code in ("M.1", "M.5")}


@pytest.fixture
def opened(world: Any, comps: dict[str, Any]) -> NeedsRound:
    m1, m5 = comps["M.1"], comps["M.5"]
    for employee in (world.staff, world.kabid, world.kadis, world.lab):
        competency_standard_set(position=employee.position, levels={m5: 3, m1: 3})
    needs_round = round_create(agency=world.agency, code="akpk-2027", name="AKPK 2027",
                               year=2027, units=[world.dinkes], actor=world.planner,
                               due_date=dt.date(2026, 12, 15))
    return round_open(needs_round=needs_round, actor=world.planner)


def self_answers(comps: dict[str, Any], level: int, importance: int, ability: int,
                 **extra: Any) -> dict[str, Any]:
    data: dict[str, Any] = {"struggles": extra.get("struggles", "")}
    for c in comps.values():
        data |= {f"level_{c.pk}": level, f"importance_{c.pk}": importance,
                 f"ability_{c.pk}": ability}
    return data


# Planner -------------------------------------------------------------------------------------


def test_a_planner_creates_a_round_from_the_list(world: Any) -> None:
    c = client_for(world.planner)
    page = c.get("/kebutuhan/")
    assert page.status_code == 200 and "Putaran baru" in page.content.decode()
    response = c.post("/kebutuhan/", {
        "code": "akpk-2028", "name": "AKPK 2028", "year": 2028, "units": [world.dinkes.pk],
        "use_self_assessment": "on", "use_borich": "on", "due_date": "2027-01-31"})
    assert response.status_code == 302 and response["Location"] == "/kebutuhan/akpk-2028/"
    created = NeedsRound.objects.get(code="akpk-2028")
    assert created.status == RoundStatus.DRAFT and not created.use_supervisor_rating
    assert list(created.units.all()) == [world.dinkes]
    assert "AKPK 2028" in c.get("/kebutuhan/").content.decode()


def test_a_round_needs_an_instrument_and_a_fresh_code(world: Any, opened: Any) -> None:
    c = client_for(world.planner)
    page = c.post("/kebutuhan/", {"code": "akpk-2027", "name": "X", "year": 2027})
    text = page.content.decode()
    assert page.status_code == 200
    assert "Kode ini sudah dipakai putaran lain." in text
    assert "Pilih sekurang-kurangnya satu instrumen." in text


def test_sending_and_closing_ask_for_confirmation(world: Any, comps: Any) -> None:
    competency_standard_set(position=world.staff.position, levels={comps["M.5"]: 3})
    round_create(agency=world.agency, code="r1", name="R1", year=2027, actor=world.planner)
    c = client_for(world.planner)
    assert "Kirim putaran?" in c.get("/kebutuhan/r1/kirim/").content.decode()
    assert NeedsRound.objects.get(code="r1").status == RoundStatus.DRAFT
    assert c.post("/kebutuhan/r1/kirim/").status_code == 302
    assert NeedsRound.objects.get(code="r1").status == RoundStatus.OPEN
    assert "Tutup putaran?" in c.get("/kebutuhan/r1/tutup/").content.decode()
    c.post("/kebutuhan/r1/tutup/")
    closed = NeedsRound.objects.get(code="r1")
    assert closed.status == RoundStatus.CLOSED and closed.result["round"] == "r1"
    again = c.post("/kebutuhan/r1/tutup/", follow=True)
    assert "Status putaran tidak mengizinkan tindakan ini." in again.content.decode()


def test_tracking_shows_coverage_and_who_has_not_answered(world: Any, opened: Any,
                                                          comps: Any) -> None:
    staff = opened.participants.get(employee=world.staff)
    self_assessment_submit(participant=staff, answers={
        comps["M.5"]: SelfAnswer(2, 5, 2)})
    c = client_for(world.planner)
    page = c.get("/kebutuhan/akpk-2027/").content.decode()
    assert "Dinas Kesehatan" in page and "1 / 4 (25%)" in page
    assert "Sri Katili" in page and "Yusran Pakaya" not in page.split('id="pending"')[1]
    insp = c.get(f"/kebutuhan/akpk-2027/?unit={world.inspektorat.pk}").content.decode()
    assert "Sri Katili" in insp  # an unknown filter shows everyone


def test_a_reminder_stamps_the_non_responders_of_a_unit_and_is_audited(
        world: Any, opened: Any, comps: Any) -> None:
    staff = opened.participants.get(employee=world.staff)
    self_assessment_submit(participant=staff, answers={comps["M.5"]: SelfAnswer(2, 5, 2)})
    c = client_for(world.planner)
    response = c.post("/kebutuhan/akpk-2027/pengingat/", {"unit": world.dinkes.pk}, follow=True)
    assert "Pengingat dicatat untuk 3 pegawai" in response.content.decode()
    reminded = set(opened.participants.filter(reminded_at__isnull=False)
                   .values_list("employee_id", flat=True))
    assert reminded == {world.kadis.pk, world.kabid.pk, world.lab.pk}
    event = AuditEvent.objects.get(object_type="needs_round", action="remind")
    assert event.actor == world.planner and event.changes["reminded"] == [None, 3]


def test_an_interview_is_recorded_with_its_tags(world: Any, opened: Any, comps: Any) -> None:
    c = client_for(world.planner)
    assert c.get("/kebutuhan/akpk-2027/wawancara/baru/").status_code == 200
    response = c.post("/kebutuhan/akpk-2027/wawancara/baru/", {
        "unit": world.bidang.pk, "group": "Bidang P2P", "held_on": "2026-11-20",
        "interviewer": "Tim BKD", "problems": "Aplikasi layanan daring sering gagal",
        "tag1_competency": comps["M.5"].pk, "tag1_theme": "layanan digital",
        "tag1_note": "antrian daring", "tag2_theme": "tanpa kompetensi"})
    assert response.status_code == 200  # tag 2 has a theme but no competency
    assert "Pilih kompetensi untuk tema atau catatan ini." in response.content.decode()
    response = c.post("/kebutuhan/akpk-2027/wawancara/baru/", {
        "unit": world.bidang.pk, "group": "Bidang P2P", "held_on": "2026-11-20",
        "interviewer": "Tim BKD", "problems": "Aplikasi layanan daring sering gagal",
        "tag1_competency": comps["M.5"].pk, "tag1_theme": "layanan digital",
        "tag1_note": "antrian daring"})
    assert response.status_code == 302
    interview = Interview.objects.get()
    assert [(t.competency.code, t.theme) for t in interview.tags.all()] == [
        ("M.5", "layanan digital")]
    assert "antrian daring" in c.get("/kebutuhan/akpk-2027/").content.decode()
    assert "antrian daring" in c.get("/kebutuhan/akpk-2027/hasil/").content.decode()


# Results -------------------------------------------------------------------------------------


def test_results_rank_the_needs_and_explain_them(world: Any, opened: Any, comps: Any) -> None:
    staff = opened.participants.get(employee=world.staff)
    self_assessment_submit(participant=staff, answers={
        comps["M.5"]: SelfAnswer(1, 5, 1), comps["M.1"]: SelfAnswer(3, 3, 3)})
    c = client_for(world.planner)
    page = c.get("/kebutuhan/akpk-2027/hasil/").content.decode()
    table = page.split('id="priorities"')[1].split("</table>")[0]
    assert table.index('data-code="M.5"') < table.index('data-code="M.1"')
    assert "di bawah standar" in table
    assert "Tingkat kompetensi = (penilaian diri + 2 × penilaian atasan)" in page
    assert "<svg" in page and "Prioritas utama" in page and "Berlebihan" in page
    assert 'id="heatmap"' in page and "100%" in page
    unit = c.get("/kebutuhan/akpk-2027/hasil/?unit=DINKES").content.decode()
    assert "Prioritas kebutuhan: Dinas Kesehatan" in unit


def test_results_speak_english_when_asked(world: Any, opened: Any, comps: Any) -> None:
    staff = opened.participants.get(employee=world.staff)
    self_assessment_submit(participant=staff, answers={comps["M.5"]: SelfAnswer(1, 5, 1)})
    c = client_for(world.planner)
    c.post("/i18n/setlang/", {"language": "en", "next": "/"})
    page = c.get("/kebutuhan/akpk-2027/hasil/").content.decode()
    assert "below standard" in page and "Assessed level = (self-rating" in page


def test_a_closed_round_shows_its_frozen_result(world: Any, opened: Any, comps: Any) -> None:
    from bina.needs.services import round_close

    round_close(needs_round=opened, actor=world.planner)
    opened.result["competencies"][0]["reason"] = {"id": "alasan beku", "en": "frozen reason"}
    opened.save(update_fields=["result"])
    page = client_for(world.leader).get("/kebutuhan/akpk-2027/hasil/").content.decode()
    assert "alasan beku" in page and "Hasil beku saat putaran ditutup" in page


def test_disagreements_are_counted_and_listed(world: Any, opened: Any, comps: Any) -> None:
    from bina.needs.services import supervisor_rating_submit

    staff = opened.participants.get(employee=world.staff)
    self_assessment_submit(participant=staff, answers={comps["M.5"]: SelfAnswer(5, 4, 4)})
    supervisor_rating_submit(participant=staff, supervisor=world.kabid,
                             levels={comps["M.5"]: 2})
    c = client_for(world.planner)
    page = c.get("/kebutuhan/akpk-2027/hasil/").content.decode()
    assert '<div class="value" id="disagreement-count">1</div>' in page
    listing = c.get("/kebutuhan/akpk-2027/hasil/perbedaan/").content.decode()
    assert "Yusran Pakaya" in listing and "M.5" in listing


def test_the_api_gives_the_analysis_to_agency_wide_roles(world: Any, opened: Any,
                                                         comps: Any) -> None:
    staff = opened.participants.get(employee=world.staff)
    self_assessment_submit(participant=staff, answers={comps["M.5"]: SelfAnswer(1, 5, 1)})
    data = client_for(world.leader).get("/api/needs/rounds/akpk-2027").json()
    assert data["round"] == "akpk-2027" and data["competencies"][0]["code"] == "M.5"
    assert set(data["competencies"][0]) == {"code", "name", "staff_assessed",
                                            "staff_below_standard", "mean_gap", "mwds",
                                            "quadrant", "rank"}
    assert data["units"][0]["code"] == "DINKES" and data["units"][0]["coverage"] == 0.25
    detail = client_for(world.planner).get("/api/needs/rounds/akpk-2027?detail=true").json()
    assert "combination_rule" in detail
    assert client_for(world.staff_user).get("/api/needs/rounds/akpk-2027").status_code == 403
    assert client_for(world.planner).get("/api/needs/rounds/nope").status_code == 404


# Employees and supervisors -------------------------------------------------------------------


def test_an_employee_sees_their_tasks_and_fills_the_self_assessment(
        world: Any, opened: Any, comps: Any) -> None:
    c = client_for(world.staff_user)
    home = c.get("/").content.decode()
    assert 'id="open-tasks"' in home and "Tugas saya" in home
    tasks = c.get("/kebutuhan/tugas/").content.decode()
    assert "AKPK 2027" in tasks and "Belum diisi" in tasks
    form = c.get("/kebutuhan/akpk-2027/diri/").content.decode()
    assert "Sangat tidak penting" in form and "Sangat tinggi" in form
    assert "Tugas yang sulit Anda kerjakan" in form and "standar" in form
    incomplete = c.post("/kebutuhan/akpk-2027/diri/", {"struggles": "x"})
    assert incomplete.status_code == 400
    assert "Masih ada pertanyaan yang belum dijawab." in incomplete.content.decode()
    response = c.post("/kebutuhan/akpk-2027/diri/",
                      self_answers(comps, 2, 5, 2, struggles="Membuat laporan daring"),
                      follow=True)
    assert "penilaian diri Anda terkirim" in response.content.decode()
    staff = opened.participants.get(employee=world.staff)
    assert staff.self_submitted_at is not None and staff.struggles == "Membuat laporan daring"
    assert Answer.objects.get(participant=staff, competency=comps["M.5"]).importance == 5
    # resubmission while open
    c.post("/kebutuhan/akpk-2027/diri/", self_answers(comps, 3, 4, 3))
    assert Answer.objects.get(participant=staff, competency=comps["M.5"]).self_level == 3
    assert "Terkirim" in c.get("/kebutuhan/tugas/").content.decode()


def test_the_self_assessment_shows_the_dictionary_level_descriptions(
        world: Any, opened: Any, comps: Any) -> None:
    from bina.reference.models import CompetencyLevel

    level = CompetencyLevel.objects.filter(competency=comps["M.5"], level=3).first()
    if level is None:
        level = CompetencyLevel.objects.create(competency=comps["M.5"], level=3,
                                               description="Menyusun layanan")
    page = client_for(world.staff_user).get("/kebutuhan/akpk-2027/diri/").content.decode()
    from django.utils.html import escape

    assert escape(level.description) in page


def test_a_closed_round_refuses_submissions_with_a_clear_message(
        world: Any, opened: Any, comps: Any) -> None:
    from bina.needs.services import round_close

    round_close(needs_round=opened, actor=world.planner)
    c = client_for(world.staff_user)
    response = c.post("/kebutuhan/akpk-2027/diri/", self_answers(comps, 2, 5, 2))
    assert response.status_code == 409
    assert "Putaran ini sudah ditutup" in response.content.decode()
    assert not Answer.objects.exists()
    k = client_for(world.kabid_user)
    staff = opened.participants.get(employee=world.staff)
    rated = k.post(f"/kebutuhan/akpk-2027/atasan/{staff.pk}/",
                   {f"level_{c_.pk}": 2 for c_ in comps.values()})
    assert rated.status_code == 409 and not Answer.objects.exists()


def test_the_supervisor_rates_a_subordinate(world: Any, opened: Any, comps: Any) -> None:
    staff = opened.participants.get(employee=world.staff)
    k = client_for(world.kabid_user)
    tasks = k.get("/kebutuhan/tugas/").content.decode()
    assert "Yusran Pakaya" in tasks and f"/kebutuhan/akpk-2027/atasan/{staff.pk}/" in tasks
    assert k.get(f"/kebutuhan/akpk-2027/atasan/{staff.pk}/").status_code == 200
    response = k.post(f"/kebutuhan/akpk-2027/atasan/{staff.pk}/",
                      {f"level_{c.pk}": 2 for c in comps.values()})
    assert response.status_code == 302 and response["Location"] == "/kebutuhan/tugas/"
    staff.refresh_from_db()
    assert staff.supervisor_submitted_at is not None
    assert Answer.objects.get(participant=staff, competency=comps["M.1"]).supervisor_level == 2
