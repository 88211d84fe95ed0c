"""The demo's feedback, pre-/post-test scores and built-in test for the completed classes."""

from __future__ import annotations

import datetime as dt
import random
import time

import pytest

from bina.delivery.models import Enrollment, Outcome
from bina.demo.evaluation_reaction import generate_reaction
from bina.demo.generator import AGENCY_CODE, generate_demo
from bina.evaluation import selectors as sel
from bina.evaluation.models import Feedback, QuizAttempt, SpeakerRating
from bina.evaluation.models import TestScore as PrePostScore
from bina.org.models import Agency

AS_OF = dt.date(2026, 11, 28)


@pytest.mark.django_db
def test_the_demo_gives_feedback_and_scores_to_completed_classes() -> None:
    generate_demo(employees=300, seed=11, as_of=AS_OF)
    agency = Agency.objects.get(code=AGENCY_CODE)
    Feedback.objects.all().delete()  # the lead may wire it into the generator
    PrePostScore.objects.all().delete()
    QuizAttempt.objects.all().delete()
    started = time.perf_counter()
    summary = generate_reaction(agency=agency, day=AS_OF, rng=random.Random(5))
    assert time.perf_counter() - started < 10
    completed = Enrollment.objects.filter(activity__agency=agency, outcome=Outcome.COMPLETED)
    assert summary.completed_enrollments == completed.count() > 20
    share = Feedback.objects.count() / completed.count()
    assert 0.55 < share < 0.85
    assert not Feedback.objects.exclude(enrollment__outcome=Outcome.COMPLETED).exists()
    assert all(1 <= v <= 5 for v in Feedback.objects.values_list("overall", flat=True))
    assert len(set(Feedback.objects.values_list("overall", flat=True))) >= 3  # it varies
    assert SpeakerRating.objects.count() == summary.speaker_ratings
    assert not Feedback.objects.filter(submitted_at__date__gte=AS_OF).exists()
    assert PrePostScore.objects.count() == summary.scores > 0
    # the gains are realistic: a class ⟨g⟩ between 0.1 and 0.8 in classes of 5 or more
    activity_ids = set(PrePostScore.objects.values_list("enrollment__activity_id", flat=True))
    checked = 0
    for activity in agency.activities.filter(pk__in=activity_ids):
        result = sel.class_learning(activity, activity.enrollments.none()).result
        assert result is not None
        if result.n >= 5:
            assert result.class_average_gain is not None
            assert 0.1 < result.class_average_gain < 0.8
            checked += 1
    assert checked >= 1
    assert summary.quiz_programme and summary.quiz_attempts > 0
    assert PrePostScore.objects.filter(source="kuis").count() * 2 == summary.quiz_attempts
    # deterministic
    first = list(Feedback.objects.order_by("enrollment_id").values_list("enrollment_id",
                                                                         "overall"))
    Feedback.objects.all().delete()
    PrePostScore.objects.all().delete()
    QuizAttempt.objects.all().delete()
    generate_reaction(agency=agency, day=AS_OF, rng=random.Random(5))
    assert list(Feedback.objects.order_by("enrollment_id").values_list(
        "enrollment_id", "overall")) == first
