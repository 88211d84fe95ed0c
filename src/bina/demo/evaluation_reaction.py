"""The demo's reaction (level 1) and learning (level 2) evaluation of the completed classes.

Everything here is a model, not data (ASSUMPTIONS):

* About 70% of the participants who completed a class give feedback, within a week of its
  end. Each answer is a base of 4 on the 1–5 scale moved by the provider (some organise
  better than others), the resource person (for the speaker item and the speaker's own
  rating), the class, the person's own leniency and noise, rounded and kept within 1–5. Some
  write what they will apply; fewer leave a suggestion, more often when they were unhappy.
* Most completed classes (about 85%) have pre-/post-test scores (0–100) for the people who
  completed them: pre-test around 55 (a few near or at 100), the class's normalised gain
  between about 0.2 and 0.65 (better for better providers), each person's gain around it;
  a few post-tests are missing (people who left before the test).
* One programme has the built-in multiple-choice test, with its five questions, answered as
  pre- and post-test by a few participants of one completed class (source ``kuis``).

Deterministic: every draw comes from the ``rng`` passed in, in a fixed order. Written with
``bulk_create``: a few seconds at the demo's size (about 6,500 completed enrollments).
"""

from __future__ import annotations

import datetime as dt
import random
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.utils import timezone

from bina.delivery.models import (
    Activity,
    ActivitySpeaker,
    ActivityStatus,
    Enrollment,
    EnrollmentStatus,
    Outcome,
)
from bina.evaluation.models import (
    Feedback,
    Quiz,
    QuizAttempt,
    QuizQuestion,
    ScoreSource,
    SpeakerRating,
    TestKind,
    TestScore,
)
from bina.org.models import Agency

RESPONSE_SHARE = 0.70
SCORED_CLASS_SHARE = 0.85
MISSING_POST_SHARE = 0.03
QUIZ_ATTEMPTS = 8

WILL_APPLY = [
    "Menyusun ulang alur layanan di unit kami agar lebih singkat.",
    "Membuat SOP tertulis untuk tugas yang selama ini dikerjakan tanpa pedoman.",
    "Memakai format laporan yang diajarkan untuk laporan bulanan.",
    "Membagikan materi kepada rekan satu bidang dalam rapat mingguan.",
    "Menerapkan cara menyusun indikator kinerja untuk SKP tahun depan.",
    "Menggunakan aplikasi yang diperkenalkan untuk arsip digital.",
    "Memperbaiki cara melayani pengaduan masyarakat di loket.",
    "Menyusun rencana aksi perbaikan bersama atasan langsung.",
]
SUGGESTIONS_GOOD = [
    "Materi sangat relevan, mohon ada kelas lanjutan.",
    "Narasumber menguasai materi; waktu praktik bisa ditambah.",
    "Sebaiknya bahan tayang dibagikan sebelum kelas dimulai.",
]
SUGGESTIONS_POOR = [
    "Ruangan terlalu panas dan pengeras suara kurang jelas.",
    "Jadwal terlalu padat, banyak materi tidak sempat dibahas.",
    "Contoh kasus kurang sesuai dengan pekerjaan di daerah.",
    "Konsumsi terlambat dan sesi sering molor.",
    "Bahan ajar tidak dibagikan kepada peserta.",
]
QUESTIONS = [
    ("Nilai dasar ASN BerAKHLAK yang berarti mengutamakan kepuasan masyarakat adalah…",
     ["Berorientasi Pelayanan", "Akuntabel", "Loyal", "Adaptif"], 0),
    ("Standar pelayanan publik memuat komponen-komponen yang diatur dalam…",
     ["PermenPANRB 15/2014", "UU 20/2023", "PP 30/2019", "Perpres 81/2010"], 0),
    ("Survei Kepuasan Masyarakat (PermenPANRB 14/2017) terdiri atas berapa unsur?",
     ["5", "7", "9", "12"], 2),
    ("Satu jam pelajaran (JP) pengembangan kompetensi setara dengan…",
     ["30 menit", "45 menit", "60 menit", "90 menit"], 1),
    ("Langkah pertama menyusun rencana aksi perbaikan layanan adalah…",
     ["Membeli peralatan baru", "Memetakan masalah dari data pengaduan dan survei",
      "Mengganti pegawai loket", "Menambah jam layanan"], 1),
]


@dataclass(frozen=True)
class ReactionDemoSummary:
    feedback: int
    speaker_ratings: int
    completed_enrollments: int
    scored_classes: int
    scores: int
    quiz_programme: str
    quiz_attempts: int

    def describe(self) -> str:
        quiz = (f"; tes pilihan ganda {self.quiz_programme} ({self.quiz_attempts} jawaban)"
                if self.quiz_programme else "")
        return (f"{self.feedback} umpan balik dari {self.completed_enrollments} peserta lulus, "
                f"{self.speaker_ratings} nilai narasumber, pre/post-test {self.scores} peserta "
                f"di {self.scored_classes} kelas{quiz}")


def _clip(value: float, low: int = 1, high: int = 5) -> int:
    return max(low, min(high, round(value)))


def generate_reaction(*, agency: Agency, day: dt.date, rng: random.Random
                      ) -> ReactionDemoSummary:
    """Feedback, pre-/post-test scores and one built-in test for the completed classes of
    ``agency`` that ended before ``day``."""
    activities = list(Activity.objects.filter(agency=agency, status=ActivityStatus.COMPLETED,
                                              end_date__lt=day)
                      .select_related("programme").order_by("start_date", "code"))
    speakers: dict[int, list[int]] = defaultdict(list)
    for activity_id, person_id in (ActivitySpeaker.objects.filter(activity__in=activities)
                                   .order_by("activity_id", "person_id")
                                   .values_list("activity_id", "person_id")):
        speakers[activity_id].append(person_id)
    enrollments: dict[int, list[Enrollment]] = defaultdict(list)
    for e in (Enrollment.objects.filter(activity__in=activities,
                                        status=EnrollmentStatus.ENROLLED,
                                        outcome=Outcome.COMPLETED,
                                        feedback__isnull=True, test_score__isnull=True)
              .order_by("activity_id", "employee__nip")):
        enrollments[e.activity_id].append(e)
    provider_effect: dict[str, float] = {}
    speaker_effect: dict[int, float] = {}
    leniency: dict[int, float] = {}
    feedback: list[Feedback] = []
    ratings: list[tuple[int, int, int]] = []  # (index in feedback, person, score)
    scores: list[TestScore] = []
    scored_classes = 0
    for activity in activities:
        provider = str(activity.provider_id or activity.provider_name or "-")
        p_eff = provider_effect.setdefault(provider, rng.gauss(0, 0.35))
        s_eff = {pid: speaker_effect.setdefault(pid, rng.gauss(0, 0.45))
                 for pid in speakers[activity.pk]}
        a_eff = rng.gauss(0, 0.2)
        mean_speaker = sum(s_eff.values()) / len(s_eff) if s_eff else 0.0
        # reaction
        for e in enrollments[activity.pk]:
            if rng.random() >= RESPONSE_SHARE:
                continue
            own = leniency.setdefault(e.employee_id, rng.gauss(0, 0.4))
            base = 4.0 + a_eff + own

            def answer(extra: float, base: float = base) -> int:
                return _clip(base + extra + rng.gauss(0, 0.55))

            relevance = answer(0.1 + 0.3 * p_eff)
            speaker_item = answer(mean_speaker)
            organisation = answer(p_eff)
            materials = answer(-0.15 + 0.5 * p_eff)
            overall = _clip((relevance + speaker_item + organisation + materials) / 4
                            + rng.gauss(0, 0.35))
            moment = dt.datetime.combine(
                min(activity.end_date + dt.timedelta(days=rng.randint(0, 6)),
                    day - dt.timedelta(days=1)),
                dt.time(rng.randint(8, 20), rng.randint(0, 59)))
            comment = ""
            if overall <= 3 and rng.random() < 0.6:
                comment = rng.choice(SUGGESTIONS_POOR)
            elif rng.random() < 0.15:
                comment = rng.choice(SUGGESTIONS_GOOD)
            feedback.append(Feedback(
                enrollment=e, relevance=relevance, speakers=speaker_item,
                organisation=organisation, materials=materials, overall=overall,
                will_apply=rng.choice(WILL_APPLY) if rng.random() < 0.4 else "",
                comment=comment, submitted_at=timezone.make_aware(moment)))
            for pid in speakers[activity.pk]:
                ratings.append((len(feedback) - 1, pid,
                                _clip(base + s_eff[pid] + rng.gauss(0, 0.5))))
        # learning
        if not enrollments[activity.pk] or rng.random() >= SCORED_CLASS_SHARE:
            continue
        scored_classes += 1
        class_g = min(0.75, max(0.1, rng.uniform(0.2, 0.6) + 0.15 * p_eff))
        class_pre = rng.uniform(45, 65)
        source = ScoreSource.IMPORT if rng.random() < 0.5 else ScoreSource.MANUAL
        for e in enrollments[activity.pk]:
            if rng.random() < 0.04:
                pre = float(rng.choice((95, 100, 100)))
            else:
                pre = min(100.0, max(5.0, rng.gauss(class_pre, 14)))
            g = rng.gauss(class_g, 0.15)
            post = None if rng.random() < MISSING_POST_SHARE else \
                min(100.0, max(0.0, pre + g * (100 - pre)))
            scores.append(TestScore(
                enrollment=e, pre=Decimal(round(pre)), source=source,
                post=None if post is None else Decimal(round(post)), max_score=Decimal(100)))
    Feedback.objects.bulk_create(feedback, batch_size=2000)
    SpeakerRating.objects.bulk_create(
        [SpeakerRating(feedback=feedback[i], speaker_id=pid, score=s) for i, pid, s in ratings],
        batch_size=2000)
    TestScore.objects.bulk_create(scores, batch_size=2000)
    quiz_programme, attempts = _quiz(activities, enrollments, rng)
    return ReactionDemoSummary(
        feedback=len(feedback), speaker_ratings=len(ratings),
        completed_enrollments=sum(len(v) for v in enrollments.values()),
        scored_classes=scored_classes, scores=len(scores), quiz_programme=quiz_programme,
        quiz_attempts=attempts)


def _quiz(activities: list[Activity], enrollments: dict[int, list[Enrollment]],
          rng: random.Random) -> tuple[str, int]:
    """The built-in test of one programme (one with a completed class, preferring public
    service), answered before and after that class by a few of its participants."""
    with_people = [a for a in activities if len(enrollments[a.pk]) >= 3]
    if not with_people:
        return "", 0
    preferred = [a for a in with_people if "layanan" in a.programme.name.lower()]
    activity = (preferred or with_people)[0]
    programme = activity.programme
    quiz, _created = Quiz.objects.get_or_create(
        programme=programme, defaults={"title": f"Tes {programme.name}"})
    if quiz.attempts.exists():
        return programme.code, 0
    quiz.questions.all().delete()
    QuizQuestion.objects.bulk_create(
        QuizQuestion(quiz=quiz, number=i, text=text, options=options, correct=correct)
        for i, (text, options, correct) in enumerate(QUESTIONS, start=1))
    people = enrollments[activity.pk][:QUIZ_ATTEMPTS]
    attempts: list[QuizAttempt] = []
    for e in people:
        skill = rng.uniform(0.25, 0.65)
        for kind, chance, when in ((TestKind.PRE, skill, activity.start_date),
                                   (TestKind.POST, min(0.95, skill + 0.3), activity.end_date)):
            answers = {str(i): (correct if rng.random() < chance
                                else rng.choice([k for k in range(len(options))
                                                 if k != correct]))
                       for i, (_t, options, correct) in enumerate(QUESTIONS, start=1)}
            right = sum(1 for i, (_t, _o, correct) in enumerate(QUESTIONS, start=1)
                        if answers[str(i)] == correct)
            attempts.append(QuizAttempt(
                enrollment=e, quiz=quiz, kind=kind, answers=answers,
                score=Decimal(100 * right) / len(QUESTIONS),
                submitted_at=timezone.make_aware(dt.datetime.combine(when, dt.time(8, 5)))))
    QuizAttempt.objects.bulk_create(attempts)
    by_enrollment: dict[int, dict[str, Decimal]] = defaultdict(dict)
    for a in attempts:
        by_enrollment[a.enrollment_id][a.kind] = a.score
    existing = {s.enrollment_id: s for s in TestScore.objects.filter(
        enrollment__in=[e.pk for e in people])}
    for e in people:
        s = existing.get(e.pk) or TestScore(enrollment=e)
        s.pre, s.post = by_enrollment[e.pk][TestKind.PRE], by_enrollment[e.pk][TestKind.POST]
        s.max_score, s.source = Decimal(100), ScoreSource.QUIZ
        s.save()
    return programme.code, len(attempts)
