"""The demo's follow-ups, potential assessments and discipline records."""

from __future__ import annotations

import datetime as dt
import random
import time

import pytest

from bina.demo.evaluation_talent import generate_talent
from bina.demo.generator import AGENCY_CODE, generate_demo
from bina.evaluation import talent
from bina.evaluation.models import (
    CompetencyRating,
    DisciplineRecord,
    FollowUp,
    FollowUpStatus,
    PotentialAssessment,
)
from bina.org.models import Agency

AS_OF = dt.date(2026, 11, 28)


def snapshot() -> list[tuple[int, int, str, str, str]]:
    return sorted((f.enrollment.activity_id, f.enrollment.employee_id, f.status, f.self_note,
                   f.supervisor_note)
                  for f in FollowUp.objects.select_related("enrollment"))


@pytest.mark.django_db
def test_the_demo_answers_follow_ups_and_assesses_only_structural_officials() -> None:
    generate_demo(employees=300, seed=5, as_of=AS_OF)
    agency = Agency.objects.get(code=AGENCY_CODE)
    # the demo already ran this stage: start it again from nothing to count what it makes
    CompetencyRating.objects.all().delete()
    FollowUp.objects.all().delete()
    PotentialAssessment.objects.all().delete()
    DisciplineRecord.objects.all().delete()
    started = time.perf_counter()
    summary = generate_talent(agency=agency, day=AS_OF, rng=random.Random(4))
    assert time.perf_counter() - started < 10
    follow_ups = FollowUp.objects.filter(enrollment__activity__agency=agency)
    assert summary.follow_ups == follow_ups.count() > 0
    assert all(f.enrollment.activity.end_date <= AS_OF - dt.timedelta(days=60)
               for f in follow_ups.select_related("enrollment__activity"))
    assert 0.4 < summary.self_answered / summary.follow_ups < 0.8
    assert 0.25 < summary.supervisor_answered / summary.follow_ups < 0.6
    assert follow_ups.filter(status=FollowUpStatus.EXPIRED).count() == summary.expired
    assert CompetencyRating.objects.filter(follow_up__isnull=False).count() == \
        summary.competency_ratings > 0
    # potential only for structural officials: the talent view says the rest is missing
    assessed = PotentialAssessment.objects.select_related("employee__position")
    assert assessed.count() == summary.potentials > 0
    assert {a.employee.position.position_type for a in assessed} <= talent.STRUCTURAL_TYPES
    view = talent.talent_view(agency_id=agency.pk, year=2026)
    assert view.missing_potential > view.total // 2 and view.placed > 0
    assert DisciplineRecord.objects.filter(employee__agency=agency).count() == \
        summary.discipline >= 3


@pytest.mark.django_db
def test_the_talent_demo_is_deterministic() -> None:
    generate_demo(employees=300, seed=5, as_of=AS_OF)
    agency = Agency.objects.get(code=AGENCY_CODE)
    FollowUp.objects.all().delete()
    generate_talent(agency=agency, day=AS_OF, rng=random.Random(4))
    first = snapshot()
    FollowUp.objects.all().delete()
    PotentialAssessment.objects.all().delete()
    DisciplineRecord.objects.all().delete()
    generate_talent(agency=agency, day=AS_OF, rng=random.Random(4))
    assert snapshot() == first
