"""The learning pages: the score table, the Excel template and upload, the class's gains on
the results page, the planner's test questions and the participant taking the test."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from bina.delivery.tests.factories import TODAY, enrollment, make_activity
from bina.evaluation.models import Quiz, QuizAttempt
from bina.evaluation.models import TestScore as PrePostScore
from bina.evaluation.services import ScoreInput, scores_save
from bina.evaluation.tests.test_reaction_services import held_class
from bina.evaluation.tests.test_scores_services import make_quiz

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def client_for(user: Any) -> Client:
    c = Client()
    c.force_login(user)
    return c


def test_the_planner_enters_scores_in_the_table(world: Any) -> None:
    activity = held_class(world, people=(world.staff, world.lab))
    url = reverse("evaluation:scores", args=[activity.pk])
    s, lab = enrollment(activity, world.staff), enrollment(activity, world.lab)
    c = client_for(world.planner)
    assert world.staff.nip in c.get(url).content.decode()
    response = c.post(url, {"max_score": "100", f"pre-{s.pk}": "40", f"post-{s.pk}": "70",
                            f"pre-{lab.pk}": "", f"post-{lab.pk}": ""})
    assert response.status_code == 302
    assert PrePostScore.objects.get(enrollment=s).post == Decimal(70)
    assert not PrePostScore.objects.filter(enrollment=lab).exists()


def test_a_bad_cell_in_the_table_saves_nothing_and_keeps_what_was_typed(world: Any) -> None:
    activity = held_class(world, people=(world.staff, world.lab))
    s, lab = enrollment(activity, world.staff), enrollment(activity, world.lab)
    response = client_for(world.planner).post(
        reverse("evaluation:scores", args=[activity.pk]),
        {"max_score": "100", f"pre-{s.pk}": "40", f"post-{s.pk}": "120",
         f"pre-{lab.pk}": "abc", f"post-{lab.pk}": ""}, follow=True)
    page = response.content.decode()
    assert "ditolak" in page and "di luar rentang 0–100" in page and "bukan angka" in page
    assert 'value="120"' in page
    assert not PrePostScore.objects.exists()


def test_an_operator_enters_only_their_units_participants(world: Any) -> None:
    activity = held_class(world, people=(world.staff, world.auditor))
    url = reverse("evaluation:scores", args=[activity.pk])
    c = client_for(world.operator)
    page = c.get(url).content.decode()
    assert world.staff.nip in page and world.auditor.nip not in page
    auditor = enrollment(activity, world.auditor)
    c.post(url, {"max_score": "100", f"pre-{auditor.pk}": "50", f"post-{auditor.pk}": "60"})
    assert not PrePostScore.objects.filter(enrollment=auditor).exists()
    # the upload is for planners and admin only
    assert c.post(reverse("evaluation:scores_upload", args=[activity.pk])).status_code == 403


def test_leadership_and_employees_cannot_enter_scores(world: Any) -> None:
    activity = held_class(world)
    url = reverse("evaluation:scores", args=[activity.pk])
    for user in (world.leader, world.staff_user):
        assert client_for(user).get(url).status_code == 403
        assert client_for(user).get(reverse("evaluation:scores_template",
                                            args=[activity.pk])).status_code == 403


def template_for(c: Client, activity: Any) -> Any:
    response = c.get(reverse("evaluation:scores_template", args=[activity.pk]))
    assert response["Content-Type"] == XLSX
    return load_workbook(io.BytesIO(response.content))


def upload(c: Client, activity: Any, wb: Any, name: str = "nilai.xlsx") -> str:
    out = io.BytesIO()
    wb.save(out)
    response = c.post(reverse("evaluation:scores_upload", args=[activity.pk]),
                      {"file": SimpleUploadedFile(name, out.getvalue(), content_type=XLSX)},
                      follow=True)
    return response.content.decode()


def test_the_template_downloaded_filled_and_uploaded_stores_the_scores(world: Any) -> None:
    activity = held_class(world, people=(world.staff, world.lab))
    c = client_for(world.planner)
    wb = template_for(c, activity)
    ws = wb["Nilai"]
    by_nip = {ws.cell(r, 1).value: r for r in range(5, ws.max_row + 1)}
    ws.cell(by_nip[world.staff.nip], 3).value = 30
    ws.cell(by_nip[world.staff.nip], 4).value = 65
    ws.cell(by_nip[world.lab.nip], 3).value = 100
    ws.cell(by_nip[world.lab.nip], 4).value = 100
    page = upload(c, activity, wb)
    assert "2 nilai peserta disimpan" in page
    assert PrePostScore.objects.get(enrollment__employee=world.staff).source == "impor"
    # the results page: per-person gains, the undefined one shown as — with the note
    results = c.get(reverse("evaluation:reaction_activity", args=[activity.pk])).content.decode()
    assert 'id="undefined-note"' in results and "tidak terdefinisi" in results
    assert "dihitung sekali dari rata-rata nilai" in results  # ⟨g⟩ vs mean of g_i, in words
    assert world.staff.nip in results


def test_an_upload_with_an_error_names_the_file_row_and_column(world: Any) -> None:
    activity = held_class(world, people=(world.staff,))
    c = client_for(world.planner)
    wb = template_for(c, activity)
    ws = wb["Nilai"]
    ws.cell(5, 3).value = "tujuh puluh"
    ws.append(["199999999999999999", "Tidak Dikenal", 10, 20])
    page = upload(c, activity, wb, "kelas-a.xlsx")
    assert "kelas-a.xlsx" in page and "tidak ada yang disimpan" in page
    assert "baris 5, PRE-TEST" in page and "baris 6, NIP" in page
    assert not PrePostScore.objects.exists()


def test_an_upload_for_another_class_is_refused(world: Any) -> None:
    a = held_class(world, "WS-2026-01", people=(world.staff,))
    b = held_class(world, "WS-2026-02", people=(world.staff,))
    c = client_for(world.planner)
    wb = template_for(c, a)
    wb["Nilai"].cell(5, 3).value = 50
    assert "bukan WS-2026-02" in upload(c, b, wb)
    assert not PrePostScore.objects.exists()


def test_leadership_sees_the_class_gains_without_names(world: Any) -> None:
    activity = held_class(world, people=(world.staff, world.lab))
    scores_save(activity=activity, max_score=Decimal(100), user=world.planner, rows=[
        ScoreInput(1, world.staff.nip, 20, 60), ScoreInput(2, world.lab.nip, 50, 75)])
    page = client_for(world.leader).get(
        reverse("evaluation:reaction_activity", args=[activity.pk])).content.decode()
    assert 'id="class-gain">0,50<' in page or 'id="class-gain">0.50<' in page
    assert world.staff.name not in page and world.staff.nip not in page


def test_the_planner_writes_the_test_and_the_participant_takes_it(world: Any) -> None:
    activity = make_activity(world, start=TODAY + dt.timedelta(days=2), people=(world.staff,))
    url = reverse("evaluation:quiz_edit", args=[activity.programme_id])
    c = client_for(world.planner)
    c.post(url, {"action": "title", "title": "Tes pelayanan prima"})
    c.post(url, {"action": "add", "text": "Berapa unsur SKM?", "options": "5\n9\n14",
                 "correct": "2"})
    quiz = Quiz.objects.get(programme=activity.programme)
    assert quiz.questions.get().correct == 1
    assert client_for(world.operator).get(url).status_code == 403
    me = client_for(world.staff_user)
    e = enrollment(activity, world.staff)
    take = reverse("evaluation:quiz_take", args=[e.pk, "pre"])
    assert take in me.get(reverse("evaluation:my")).content.decode()
    response = me.post(take, {"q_1": "1"})
    assert response.status_code == 302
    assert QuizAttempt.objects.get().score == Decimal(100)
    assert PrePostScore.objects.get(enrollment=e).pre == Decimal(100)
    # someone else's test: not found
    assert client_for(world.kabid_user).get(take).status_code == 404


def test_a_test_with_no_questions_is_not_offered(world: Any) -> None:
    activity = held_class(world, people=(world.staff,))
    make_quiz(world, activity).questions.all().delete()
    e = enrollment(activity, world.staff)
    me = client_for(world.staff_user)
    assert me.get(reverse("evaluation:quiz_take", args=[e.pk, "post"])).status_code == 404
    assert "Kerjakan" not in me.get(reverse("evaluation:my")).content.decode()
