"""Learning (level 2): scores entered and imported (all or nothing, errors naming row, column
and rule), the built-in multiple-choice test, and the class's gains."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal
from typing import Any

import pytest
from openpyxl import load_workbook

from bina.delivery.models import Enrollment, EnrollmentStatus
from bina.delivery.tests.factories import TODAY, enrollment, make_activity
from bina.evaluation import selectors as sel
from bina.evaluation.models import QuizAttempt, ScoreSource
from bina.evaluation.models import TestScore as PrePostScore
from bina.evaluation.scores_io import (
    ScoresFileError,
    TemplateRow,
    read_scores,
    write_scores_template,
)
from bina.evaluation.services import (
    EvaluationError,
    ScoreInput,
    quiz_question_add,
    quiz_question_delete,
    quiz_submit,
    quiz_upsert,
    scores_save,
)
from bina.evaluation.tests.test_reaction_services import attend, held_class

HUNDRED = Decimal(100)


def rows(*items: tuple[str, object, object]) -> list[ScoreInput]:
    return [ScoreInput(row=i, nip=nip, pre=pre, post=post)
            for i, (nip, pre, post) in enumerate(items, start=5)]


def test_scores_are_saved_with_decimal_commas_and_blank_cells_left_alone(world: Any) -> None:
    activity = held_class(world)
    result = scores_save(activity=activity, max_score=HUNDRED, user=world.planner, rows=rows(
        (world.staff.nip, "40", "72,5"), (world.lab.nip, 55, None)))
    assert result.ok and result.saved == 2
    staff = PrePostScore.objects.get(enrollment__employee=world.staff)
    assert (staff.pre, staff.post) == (Decimal("40.00"), Decimal("72.50"))
    # a later file with only the post-test keeps the pre-test
    scores_save(activity=activity, max_score=HUNDRED, user=world.planner,
                rows=rows((world.lab.nip, "", 80)), source=ScoreSource.IMPORT)
    lab = PrePostScore.objects.get(enrollment__employee=world.lab)
    assert (lab.pre, lab.post, lab.source) == (Decimal("55.00"), Decimal("80.00"), "impor")


def test_an_import_with_any_bad_row_stores_nothing_and_names_each_problem(world: Any) -> None:
    activity = held_class(world, people=(world.staff, world.lab))
    result = scores_save(activity=activity, max_score=HUNDRED, user=world.planner, rows=rows(
        (world.staff.nip, 40, 70),  # fine
        ("199999999999999999", 10, 20),  # unknown
        (world.auditor.nip, 10, 20),  # not enrolled
        (world.lab.nip, "tujuh", 101),  # non-numeric and out of range
        (world.staff.nip, 41, 71),  # repeated
    ))
    assert not result.ok and not PrePostScore.objects.exists()
    problems = {(e.row, e.column): e.message for e in result.errors}
    assert "tidak dikenal" in problems[(6, "NIP")]
    assert "bukan peserta" in problems[(7, "NIP")]
    assert "bukan angka" in problems[(8, "PRE-TEST")]
    assert "di luar rentang 0–100" in problems[(8, "POST-TEST")]
    assert "Baris ganda" in problems[(9, "NIP")]
    assert len(result.errors) == 5


def test_a_score_above_the_class_maximum_is_refused(world: Any) -> None:
    activity = held_class(world)
    result = scores_save(activity=activity, max_score=Decimal(50), user=world.planner,
                         rows=rows((world.staff.nip, 20, "50.5")))
    assert [str(e) for e in result.errors] == [
        "baris 5, POST-TEST: Nilai 50.5 di luar rentang 0–50."]


def test_the_template_round_trips_through_the_reader(world: Any) -> None:
    buffer = io.BytesIO()
    write_scores_template(buffer, activity_code="WS-2026-01", activity_name="Workshop",
                          max_score=Decimal(80), rows=[
                              TemplateRow(world.staff.nip, "Yusran Pakaya", Decimal(30), None),
                              TemplateRow(world.lab.nip, "Nurhayati Daud", None, None)])
    buffer.seek(0)
    wb = load_workbook(buffer)
    ws = wb["Nilai"]
    ws["D5"] = 66
    ws["C6"] = "abc"
    out = io.BytesIO()
    wb.save(out)
    out.seek(0)
    sheet = read_scores(out)
    assert sheet.activity_code == "WS-2026-01" and sheet.max_score == Decimal(80)
    assert [(r.row, r.nip, r.pre, r.post) for r in sheet.rows] == [
        (5, world.staff.nip, 30, 66), (6, world.lab.nip, "abc", None)]


def test_a_file_that_is_not_a_score_sheet_is_refused() -> None:
    with pytest.raises(ScoresFileError, match="bukan berkas Excel"):
        read_scores(io.BytesIO(b"not a workbook"))


def test_the_class_gain_and_the_mean_individual_gain_differ_and_pre_at_max_is_undefined(
        world: Any) -> None:
    activity = held_class(world)
    scores_save(activity=activity, max_score=HUNDRED, user=world.planner, rows=rows(
        (world.staff.nip, 20, 60), (world.lab.nip, 80, 90), (world.kabid.nip, 100, 100)))
    result = sel.class_learning(activity, Enrollment.objects.filter(activity=activity))
    assert result.result is not None
    # g: staff 0.5, lab 0.5, kabid undefined; ⟨g⟩ from the means (66.67 → 83.33) = 0.5
    assert result.result.mean_individual_gain == pytest.approx(0.5)
    assert result.result.class_average_gain == pytest.approx(0.5)
    assert result.bands == {"low": 0, "medium": 2, "high": 0, "undefined": 1}
    kabid = next(r for r in result.rows if r.enrollment.employee == world.kabid)
    assert kabid.undefined and kabid.gain is None
    scores_save(activity=activity, max_score=HUNDRED, user=world.planner,
                rows=rows((world.lab.nip, 90, 92)))
    result = sel.class_learning(activity, Enrollment.objects.filter(activity=activity))
    assert result.result is not None
    assert result.result.class_average_gain != pytest.approx(
        result.result.mean_individual_gain)  # (0.5 + 0.2)/2 vs from the class means


# --------------------------------------------------------------------------------------------
# The built-in test


def make_quiz(world: Any, activity: Any) -> Any:
    quiz = quiz_upsert(programme=activity.programme, title="Tes pelayanan prima",
                       user=world.planner)
    quiz_question_add(quiz=quiz, text="Standar pelayanan diatur dalam?",
                      options=["PermenPANRB 15/2014", "UU 5/2014", "PP 11/2017"], correct=0,
                      user=world.planner)
    quiz_question_add(quiz=quiz, text="IKM dihitung dari berapa unsur?",
                      options=["5", "9", "14"], correct=1, user=world.planner)
    return quiz


def test_the_pre_test_is_open_until_the_class_starts_and_scores_into_the_class(
        world: Any) -> None:
    activity = make_activity(world, start=TODAY + dt.timedelta(days=3), people=(world.staff,))
    make_quiz(world, activity)
    e = enrollment(activity, world.staff)
    attempt = quiz_submit(enrollment=e, kind="pre", answers={1: 0, 2: 0},
                          user=world.staff_user)
    assert attempt.score == Decimal("50.00")
    score = PrePostScore.objects.get(enrollment=e)
    assert (score.pre, score.post, score.source) == (Decimal("50.00"), None, "kuis")
    with pytest.raises(EvaluationError, match="sudah mengerjakan"):
        quiz_submit(enrollment=e, kind="pre", answers={1: 0, 2: 1}, user=world.staff_user)
    with pytest.raises(EvaluationError, match="belum atau tidak"):
        quiz_submit(enrollment=e, kind="post", answers={1: 0, 2: 1}, user=world.staff_user)


def test_the_post_test_after_the_class_completes_the_pair(world: Any) -> None:
    activity = held_class(world, people=(world.staff,))
    make_quiz(world, activity)
    e = enrollment(activity, world.staff)
    assert sel.quiz_state(e, "pre", TODAY, has_quiz=True) == sel.CLOSED
    with pytest.raises(EvaluationError, match="Jawab semua soal"):
        quiz_submit(enrollment=e, kind="post", answers={1: 0}, user=world.staff_user)
    quiz_submit(enrollment=e, kind="post", answers={1: 0, 2: 1}, user=world.staff_user)
    assert PrePostScore.objects.get(enrollment=e).post == HUNDRED
    with pytest.raises(EvaluationError, match="peserta sendiri"):
        quiz_submit(enrollment=e, kind="post", answers={1: 0, 2: 1}, user=world.planner)


def test_questions_are_checked_and_frozen_once_answered(world: Any) -> None:
    activity = held_class(world, people=(world.staff,))
    quiz = make_quiz(world, activity)
    with pytest.raises(EvaluationError, match="2–6 pilihan"):
        quiz_question_add(quiz=quiz, text="?", options=["a"], correct=0, user=world.planner)
    with pytest.raises(EvaluationError, match="salah satu pilihan"):
        quiz_question_add(quiz=quiz, text="?", options=["a", "b"], correct=2,
                          user=world.planner)
    quiz_question_delete(question=quiz.questions.get(number=1), user=world.planner)
    assert list(quiz.questions.values_list("number", "text")) == [
        (1, "IKM dihitung dari berapa unsur?")]
    quiz_submit(enrollment=enrollment(activity, world.staff), kind="post", answers={1: 1},
                user=world.staff_user)
    with pytest.raises(EvaluationError, match="sudah dijawab"):
        quiz_question_add(quiz=quiz, text="Lagi?", options=["a", "b"], correct=0,
                          user=world.planner)
    assert QuizAttempt.objects.get().score == HUNDRED


def test_a_withdrawn_participant_gets_no_test(world: Any) -> None:
    activity = held_class(world, people=(world.staff,))
    make_quiz(world, activity)
    Enrollment.objects.filter(activity=activity).update(status=EnrollmentStatus.WITHDRAWN)
    attend(activity)  # nobody else
    e = enrollment(activity, world.staff)
    assert sel.quiz_state(e, "post", TODAY, has_quiz=True) == sel.CLOSED
