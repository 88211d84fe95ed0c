"""Writes of reaction (Kirkpatrick level 1) and learning (level 2).

- :func:`feedback_submit`: a participant who attended a class that is over gives feedback once
  (the five Likert items, a 1–5 rating per resource person of the class, what they will apply
  and suggestions). Organisers see it without the participant's name.
- :func:`scores_save`: pre-/post-test scores of a class, entered in the table or imported from
  the Excel template; all or nothing, each error naming the row, the column and the rule.
- :func:`quiz_upsert`, :func:`quiz_question_add`, :func:`quiz_question_delete`: the simple
  built-in multiple-choice test of a programme; :func:`quiz_submit` scores a participant's
  answers (0–100) and writes them into the class's :class:`TestScore` with the source ``kuis``.

Which enrollment may do what, and when, is decided in :mod:`bina.evaluation.selectors`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from bina.accounts.models import User
from bina.audit.services import audit_record
from bina.delivery.models import Activity, Enrollment, EnrollmentStatus
from bina.evaluation import selectors as sel
from bina.evaluation.models import (
    LIKERT_MAX,
    Feedback,
    Quiz,
    QuizAttempt,
    QuizQuestion,
    ScoreSource,
    SpeakerRating,
    TestKind,
    TestScore,
)
from bina.people.models import Employee
from bina.plan.models import Programme

LIKERT_ITEMS = ("relevance", "speakers", "organisation", "materials", "overall")
MIN_OPTIONS, MAX_OPTIONS = 2, 6
HUNDRED = Decimal(100)
CENT = Decimal("0.01")


class EvaluationError(ValueError):
    """A write that cannot be done; the message names what and why."""


# --------------------------------------------------------------------------------------------
# Reaction


def _likert_value(name: str, value: object) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= LIKERT_MAX:
        raise EvaluationError(_("%(item)s: pilih nilai 1–%(max)s.")
                              % {"item": name, "max": LIKERT_MAX})
    return value


@transaction.atomic
def feedback_submit(*, enrollment: Enrollment, user: User, answers: Mapping[str, int],
                    speaker_scores: Mapping[int, int], will_apply: str = "",
                    comment: str = "", today: dt.date | None = None) -> Feedback:
    """Record one participant's feedback on a class, once. ``answers`` has the five Likert items
    (:data:`LIKERT_ITEMS`), ``speaker_scores`` a 1–5 score per resource person (their
    ``ResourcePerson`` id) of every speaker of the class."""
    locked = (Enrollment.objects.select_for_update(of=("self",))
              .select_related("activity", "employee").get(pk=enrollment.pk))
    if user.employee_id is None or user.employee_id != locked.employee_id:
        raise EvaluationError(_("Umpan balik hanya dapat diisi oleh peserta sendiri."))
    state = sel.feedback_state(locked, today or timezone.localdate())
    if state == sel.DONE:
        raise EvaluationError(_("Anda sudah mengisi umpan balik untuk kegiatan ini."))
    if state != sel.OPEN:
        raise EvaluationError(_("Umpan balik untuk kegiatan ini belum atau tidak dapat diisi."))
    values = {item: _likert_value(item, answers.get(item)) for item in LIKERT_ITEMS}
    speakers = set(locked.activity.speakers.values_list("person_id", flat=True))
    unknown = set(speaker_scores) - speakers
    if unknown:
        raise EvaluationError(_("Narasumber yang dinilai bukan narasumber kegiatan ini."))
    missing = speakers - set(speaker_scores)
    if missing:
        raise EvaluationError(_("Beri nilai untuk setiap narasumber."))
    scores = {pid: _likert_value(_("nilai narasumber"), s) for pid, s in speaker_scores.items()}
    feedback = Feedback.objects.create(
        enrollment=locked, will_apply=will_apply.strip()[:2000], comment=comment.strip()[:2000],
        submitted_at=timezone.now(), **values)
    SpeakerRating.objects.bulk_create(
        SpeakerRating(feedback=feedback, speaker_id=pid, score=s)
        for pid, s in sorted(scores.items()))
    # The audit names who responded (the response rate is not secret), never the answers.
    audit_record(actor=user, agency=locked.activity.agency, action="evaluation.feedback",
                 object_type="activity", object_id=locked.activity_id,
                 object_label=locked.activity.code, changes={})
    return feedback


# --------------------------------------------------------------------------------------------
# Learning: scores entered or imported


@dataclass(frozen=True)
class ScoreInput:
    """One row of scores as given: the row (table or spreadsheet row), the NIP and the raw
    pre-/post-test values (text, a number or None for an empty cell)."""

    row: int
    nip: str
    pre: object
    post: object


@dataclass(frozen=True)
class ScoreProblem:
    row: int | None
    column: str
    message: str

    def __str__(self) -> str:
        where = _("baris %(row)s") % {"row": self.row} if self.row is not None else ""
        return ", ".join(p for p in (where, self.column) if p) + f": {self.message}"


@dataclass(frozen=True)
class ScoresResult:
    """The outcome of a save or an import; when there are errors nothing was written."""

    saved: int = 0
    errors: tuple[ScoreProblem, ...] = field(default=())

    @property
    def ok(self) -> bool:
        return not self.errors

    def as_dict(self) -> dict[str, object]:
        return {"saved": self.saved,
                "errors": [{"row": e.row, "column": e.column, "message": e.message}
                           for e in self.errors]}


COL_NIP, COL_PRE, COL_POST = "NIP", "PRE-TEST", "POST-TEST"
def parse_score(value: object) -> Decimal | None:
    """A score cell: a number, or text like ``72``, ``72.5`` or ``72,5``; None for an empty
    cell. Raises ValueError for anything else."""
    if value is None:
        return None
    if isinstance(value, bool):
        raise ValueError(value)
    text = (str(value) if isinstance(value, int | float | Decimal)
            else str(value).strip().replace(" ", ""))
    if not text:
        return None
    if text.count(",") == 1 and "." not in text:
        text = text.replace(",", ".")
    try:
        number = Decimal(text)
    except InvalidOperation:
        raise ValueError(value) from None
    if not number.is_finite():
        raise ValueError(value)
    return number


def _text(value: object) -> str:
    return "" if value is None else str(value).strip()


@transaction.atomic
def scores_save(*, activity: Activity, rows: Sequence[ScoreInput], max_score: Decimal,
                user: User | None, source: str = ScoreSource.MANUAL,
                blank_clears: bool = False,
                allowed: set[int] | None = None) -> ScoresResult:
    """Write the pre-/post-test scores of a class, all or nothing. Each error names the row,
    the column and the rule: an empty or unknown NIP, a person who is not a participant of the
    class (or, with ``allowed``, not one of the enrollment ids the user may change), a value
    that is not a number, a score outside 0–``max_score``, a NIP repeated. An empty cell leaves
    the stored value as it is, unless ``blank_clears`` (the table, whose cells show the stored
    values). ``max_score`` applies to every row written."""
    errors: list[ScoreProblem] = []

    def refuse(row: int | None, column: str, message: str) -> None:
        errors.append(ScoreProblem(row, column, message))

    if not (Decimal(0) < max_score <= Decimal(1000)):
        return ScoresResult(errors=(ScoreProblem(None, _("nilai maksimum"), _(
            "Nilai maksimum harus lebih dari 0 dan paling besar 1000.")),))
    enrollments = {e.employee.nip: e for e in activity.enrollments.select_related("employee")}
    known = set(Employee.objects.filter(agency_id=activity.agency_id,
                                        nip__in=[r.nip for r in rows])
                .values_list("nip", flat=True))
    seen: dict[str, int] = {}
    valid: list[tuple[Enrollment, Decimal | None, Decimal | None, bool, bool]] = []
    for r in rows:
        ok = True
        enrollment = enrollments.get(r.nip)
        if not r.nip:
            refuse(r.row, COL_NIP, _("NIP kosong."))
            ok = False
        elif r.nip not in known:
            refuse(r.row, COL_NIP, _("NIP %(nip)s tidak dikenal di instansi ini.")
                   % {"nip": r.nip})
            ok = False
        elif enrollment is None or enrollment.status != EnrollmentStatus.ENROLLED:
            refuse(r.row, COL_NIP, _("NIP %(nip)s bukan peserta kegiatan %(code)s.")
                   % {"nip": r.nip, "code": activity.code})
            ok = False
        elif allowed is not None and enrollment.pk not in allowed:
            refuse(r.row, COL_NIP, _("Nilai NIP %(nip)s tidak dapat Anda ubah (bukan pegawai "
                                     "unit Anda).") % {"nip": r.nip})
            ok = False
        elif r.nip in seen:
            refuse(r.row, COL_NIP, _("Baris ganda: NIP %(nip)s sudah ada di baris %(first)s.")
                   % {"nip": r.nip, "first": seen[r.nip]})
            ok = False
        else:
            seen[r.nip] = r.row
        parsed: list[Decimal | None] = []
        for column, raw in ((COL_PRE, r.pre), (COL_POST, r.post)):
            try:
                value = parse_score(raw)
            except ValueError:
                refuse(r.row, column, _("%(value)r bukan angka.") % {"value": _text(raw)})
                ok = False
                parsed.append(None)
                continue
            if value is not None and not Decimal(0) <= value <= max_score:
                refuse(r.row, column, _("Nilai %(value)s di luar rentang 0–%(max)s.")
                       % {"value": _fmt(value), "max": _fmt(max_score)})
                ok = False
                parsed.append(None)
            else:
                parsed.append(value)
        if ok and enrollment is not None:
            pre, post = parsed
            valid.append((enrollment, pre, post, pre is None and _text(r.pre) == "",
                          post is None and _text(r.post) == ""))
    if errors:
        return ScoresResult(errors=tuple(errors))
    existing = {s.enrollment_id: s for s in
                TestScore.objects.filter(enrollment__activity=activity)}
    saved = 0
    for enrollment, pre, post, pre_blank, post_blank in valid:
        score = existing.get(enrollment.pk)
        if score is None:
            if pre is None and post is None:
                continue
            score = TestScore(enrollment=enrollment)
        if pre is not None or (pre_blank and blank_clears):
            score.pre = _q(pre)
        if post is not None or (post_blank and blank_clears):
            score.post = _q(post)
        score.max_score = max_score
        score.source = source
        score.save()
        saved += 1
    audit_record(actor=user, agency=activity.agency, action="evaluation.scores",
                 object_type="activity", object_id=activity.pk, object_label=activity.code,
                 changes={"rows": saved, "source": source, "max": str(max_score)})
    return ScoresResult(saved=saved)


def _q(value: Decimal | None) -> Decimal | None:
    return None if value is None else value.quantize(CENT, rounding=ROUND_HALF_UP)


def _fmt(value: Decimal) -> str:
    text = f"{value.normalize():f}"
    return text


# --------------------------------------------------------------------------------------------
# The built-in multiple-choice test


@transaction.atomic
def quiz_upsert(*, programme: Programme, title: str, user: User | None) -> Quiz:
    title = title.strip()
    if not title:
        raise EvaluationError(_("Judul tes wajib diisi."))
    quiz, created = Quiz.objects.update_or_create(programme=programme,
                                                  defaults={"title": title[:200]})
    audit_record(actor=user, agency=programme.agency, action="evaluation.quiz",
                 object_type="quiz", object_id=quiz.pk, object_label=title[:200],
                 changes={"created": created})
    return quiz


@transaction.atomic
def quiz_question_add(*, quiz: Quiz, text: str, options: Sequence[str], correct: int,
                      user: User | None) -> QuizQuestion:
    """Add a question: 2–6 non-empty options, ``correct`` the 0-based index of the right one.
    Not once participants have answered the test (their scores would no longer compare)."""
    if quiz.attempts.exists():
        raise EvaluationError(_("Tes sudah dijawab peserta: soal tidak dapat diubah lagi."))
    text = text.strip()
    cleaned = [o.strip() for o in options if o.strip()]
    if not text:
        raise EvaluationError(_("Pertanyaan wajib diisi."))
    if not MIN_OPTIONS <= len(cleaned) <= MAX_OPTIONS:
        raise EvaluationError(_("Isi %(lo)s–%(hi)s pilihan jawaban.")
                              % {"lo": MIN_OPTIONS, "hi": MAX_OPTIONS})
    if len(set(cleaned)) != len(cleaned):
        raise EvaluationError(_("Pilihan jawaban tidak boleh sama."))
    if not 0 <= correct < len(cleaned):
        raise EvaluationError(_("Jawaban benar harus salah satu pilihan yang diisi."))
    last = quiz.questions.order_by("-number").values_list("number", flat=True).first() or 0
    question = QuizQuestion.objects.create(quiz=quiz, number=last + 1, text=text[:2000],
                                           options=cleaned, correct=correct)
    audit_record(actor=user, agency=quiz.programme.agency, action="evaluation.quiz_question",
                 object_type="quiz", object_id=quiz.pk, object_label=quiz.title,
                 changes={"number": question.number})
    return question


@transaction.atomic
def quiz_question_delete(*, question: QuizQuestion, user: User | None) -> None:
    quiz = question.quiz
    if quiz.attempts.exists():
        raise EvaluationError(_("Tes sudah dijawab peserta: soal tidak dapat diubah lagi."))
    number = question.number
    question.delete()
    for later in quiz.questions.filter(number__gt=number).order_by("number"):
        later.number -= 1
        later.save(update_fields=["number"])
    audit_record(actor=user, agency=quiz.programme.agency, action="evaluation.quiz_question",
                 object_type="quiz", object_id=quiz.pk, object_label=quiz.title,
                 changes={"deleted": number})


def quiz_score(questions: Sequence[QuizQuestion], answers: Mapping[int, int]) -> Decimal:
    """The share of right answers, 0–100, to 2 decimals."""
    if not questions:
        raise EvaluationError(_("Tes belum memiliki soal."))
    right = sum(1 for q in questions if answers.get(q.number) == q.correct)
    return (HUNDRED * right / len(questions)).quantize(CENT, rounding=ROUND_HALF_UP)


@transaction.atomic
def quiz_submit(*, enrollment: Enrollment, kind: str, answers: Mapping[int, int],
                user: User, today: dt.date | None = None) -> QuizAttempt:
    """Score a participant's answers to the programme's test and write the score into the
    class's :class:`TestScore` (pre or post, source ``kuis``). Every question must be
    answered. When the class's scores use another maximum, the score is scaled to it."""
    locked = (Enrollment.objects.select_for_update(of=("self",))
              .select_related("activity__programme", "activity__agency")
              .get(pk=enrollment.pk))
    if user.employee_id is None or user.employee_id != locked.employee_id:
        raise EvaluationError(_("Tes hanya dapat dikerjakan oleh peserta sendiri."))
    if kind not in TestKind.values:
        raise EvaluationError(_("Jenis tes tidak dikenal."))
    quiz = Quiz.objects.filter(programme=locked.activity.programme).first()
    if quiz is None:
        raise EvaluationError(_("Program ini tidak memiliki tes pilihan ganda."))
    state = sel.quiz_state(locked, kind, today or timezone.localdate(), has_quiz=True)
    if state == sel.DONE:
        raise EvaluationError(_("Anda sudah mengerjakan tes ini."))
    if state != sel.OPEN:
        raise EvaluationError(_("Tes ini belum atau tidak lagi dapat dikerjakan."))
    questions = list(quiz.questions.order_by("number"))
    missing = [q.number for q in questions if q.number not in answers]
    if missing:
        raise EvaluationError(_("Jawab semua soal (belum: %(numbers)s).")
                              % {"numbers": ", ".join(str(n) for n in missing)})
    for q in questions:
        if not 0 <= answers[q.number] < len(q.options):
            raise EvaluationError(_("Jawaban soal %(n)s tidak dikenal.") % {"n": q.number})
    score = quiz_score(questions, answers)
    attempt = QuizAttempt.objects.create(
        enrollment=locked, quiz=quiz, kind=kind, score=score, submitted_at=timezone.now(),
        answers={str(q.number): answers[q.number] for q in questions})
    test, _created = TestScore.objects.get_or_create(enrollment=locked)
    value = (score * test.max_score / HUNDRED).quantize(CENT, rounding=ROUND_HALF_UP)
    if kind == TestKind.PRE:
        test.pre = value
    else:
        test.post = value
    test.source = ScoreSource.QUIZ
    test.save()
    audit_record(actor=user, agency=locked.activity.agency, action="evaluation.quiz_attempt",
                 object_type="activity", object_id=locked.activity_id,
                 object_label=locked.activity.code, changes={"kind": kind})
    return attempt
